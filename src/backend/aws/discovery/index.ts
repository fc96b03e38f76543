// Bulk invoker discovery for one account-region: every source read on its own, so one the backend may
// not read (say states:ListStateMachines is denied) leaves a named gap instead of failing the scan.
import { SFNClient } from '@aws-sdk/client-sfn';
import { AppSyncClient } from '@aws-sdk/client-appsync';
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SNSClient } from '@aws-sdk/client-sns';
import { partitionOfRegion } from '../../../common/arn';
import type { Invoker, InvokerGap, InvokerSource } from '../../../common/model';
import type { AwsClients } from '../clients';
import type { Operation } from '../errors';
import { addInvoker } from '../invokers';
import type { AccountRegion } from '../types';
import { appSync, eventBridge, httpApis, restApis, snsSubscriptions, stepFunctions, type InvokerSourceReader } from './sources';

export interface InvokerDiscovery {
  /** Invokers found, by unqualified function ARN. */
  invokers: Map<string, Invoker[]>;
  /** Sources read completely. */
  read: InvokerSource[];
  /** Sources that could not be read, with the reason (already a sentence saying what to do). */
  failed: InvokerGap[];
}

type Call = <T>(quota: string, operation: Operation, send: (signal: AbortSignal) => Promise<T>) => Promise<T>;

const CLIENTS: Record<InvokerSourceReader<unknown>['service'], (config: object) => { destroy(): void }> = {
  states: (config: object) => new SFNClient(config),
  appsync: (config: object) => new AppSyncClient(config),
  apigateway: (config: object) => new APIGatewayClient(config),
  apigatewayv2: (config: object) => new ApiGatewayV2Client(config),
  events: (config: object) => new EventBridgeClient(config),
  sns: (config: object) => new SNSClient(config),
};

const READERS: ReadonlyArray<InvokerSourceReader<any>> = [stepFunctions, appSync, restApis, httpApis, eventBridge, snsSubscriptions];

/** The invoker sources bulk discovery reads, in order (event source mappings are read with the functions). */
export const BULK_INVOKER_SOURCES: readonly InvokerSource[] = READERS.map(reader => reader.source);

export async function discoverInvokers(target: AccountRegion, clients: AwsClients, call: Call): Promise<InvokerDiscovery> {
  const discovery: InvokerDiscovery = { invokers: new Map(), read: [], failed: [] };
  const located = { ...target, partition: partitionOfRegion(target.region) };
  await Promise.all(
    READERS.map(async reader => {
      try {
        const client = await clients.service<{ destroy(): void }>(reader.service, target, CLIENTS[reader.service]);
        const found = await reader.read({ target: located, client, call: (operation, send) => call(reader.quota, operation, send) });
        for (const [arn, invoker] of found) addInvoker(discovery.invokers, arn, invoker);
        discovery.read.push(reader.source);
      } catch (error) {
        discovery.failed.push({ source: reader.source, reason: (error as Error).message });
      }
    }),
  );
  discovery.read.sort((a, b) => BULK_INVOKER_SOURCES.indexOf(a) - BULK_INVOKER_SOURCES.indexOf(b));
  discovery.failed.sort((a, b) => BULK_INVOKER_SOURCES.indexOf(a.source) - BULK_INVOKER_SOURCES.indexOf(b.source));
  return discovery;
}
