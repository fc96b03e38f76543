// The LambdaGateway over the AWS SDK: every call is rate-limited per account-region, retried with
// backoff when AWS throttles or fails transiently, bounded in time, and turned into an AwsCallError.
import {
  GetFunctionCommand,
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
  UpdateFunctionConfigurationCommand,
} from '@aws-sdk/client-lambda';
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { DefaultAwsCredentialsManager, type AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { FunctionConfig, FunctionUpdate, Invoker } from '../../common/model';
import { AwsClients } from './clients';
import { classifyAwsError, isTransient, toAwsCallError, type Operation } from './errors';
import { addInvoker, invokerFromEventSourceArn, invokersFromPolicy } from './invokers';
import { discoverInvokers, type InvokerDiscovery } from './discovery';
import { parseFunctionArn, unqualifiedFunctionArn } from '../../common/arn';
import { RateLimiters, systemClock, type Clock } from './rateLimit';
import { RetriesExhausted, withRetry } from './retry';
import { readGatewaySettings, type GatewaySettings } from './targets';
import { AwsCallError, type AccountRegion, type LambdaGateway } from './types';

export interface LambdaGatewayOptions {
  /** The root config: `aws:` for accounts and credentials, `serverlessTracing:` for the rest. */
  config: Config;
  logger: LoggerService;
  credentialsManager?: AwsCredentialsManager;
  /** For tests: a fake clock makes rate limiting and backoff instantaneous. */
  clock?: Clock;
}

/**
 * Which quota a call counts against: Lambda's control plane, GetFunction's own, GetPolicy's own, the
 * Tagging API's, or an invoker service's (discovery:<service>).
 */
type Bucket = 'control' | 'read' | 'policy' | 'tagging' | `discovery:${string}`;

const PAGE_SIZE = 50;

/** arn:partition:lambda:region:account:function:name → the account-region it lives in. */
function targetOf(functionArn: string): AccountRegion & { functionName: string } {
  const parsed = parseFunctionArn(functionArn);
  if (!parsed) {
    throw new AwsCallError('invalid', `"${functionArn}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>).`);
  }
  return { region: parsed.region, accountId: parsed.accountId, functionName: parsed.functionName };
}

class SdkLambdaGateway implements LambdaGateway {
  private readonly limiters: RateLimiters;

  constructor(
    private readonly settings: GatewaySettings,
    private readonly clients: AwsClients,
    private readonly logger: LoggerService,
    private readonly clock: Clock,
  ) {
    this.limiters = new RateLimiters(clock);
  }

  /** Closes the SDK clients' connections. */
  destroy(): void {
    this.clients.destroy();
  }

  targets(): AccountRegion[] {
    return this.settings.targets.map(t => ({ ...t }));
  }

  async listFunctions(target: AccountRegion): Promise<FunctionConfig[]> {
    const client = await this.clients.lambda(target);
    const operation = { description: 'listing functions', iamAction: 'lambda:ListFunctions' };
    const functions: FunctionConfig[] = [];
    let marker: string | undefined;
    do {
      const page = await this.call(target, 'control', operation, signal =>
        client.send(new ListFunctionsCommand({ Marker: marker, MaxItems: PAGE_SIZE }), { abortSignal: signal }),
      );
      functions.push(...((page.Functions ?? []) as FunctionConfig[]));
      marker = page.NextMarker;
    } while (marker);
    return functions;
  }

  async listTags(target: AccountRegion): Promise<Map<string, Record<string, string>>> {
    const client = await this.clients.tagging(target);
    const operation = { description: 'reading function tags', iamAction: 'tag:GetResources' };
    const tags = new Map<string, Record<string, string>>();
    let token: string | undefined;
    do {
      const page = await this.call(target, 'tagging', operation, signal =>
        client.send(
          new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'], PaginationToken: token, ResourcesPerPage: 100 }),
          { abortSignal: signal },
        ),
      );
      for (const mapping of page.ResourceTagMappingList ?? []) {
        if (!mapping.ResourceARN) continue;
        const record: Record<string, string> = {};
        for (const tag of mapping.Tags ?? []) {
          if (tag.Key !== undefined) record[tag.Key] = tag.Value ?? '';
        }
        tags.set(unqualifiedFunctionArn(mapping.ResourceARN), record);
      }
      token = page.PaginationToken || undefined;
    } while (token);
    return tags;
  }

  async listEventSourceInvokers(target: AccountRegion): Promise<Map<string, Invoker[]>> {
    const client = await this.clients.lambda(target);
    const operation = { description: 'listing event source mappings', iamAction: 'lambda:ListEventSourceMappings' };
    const invokers = new Map<string, Invoker[]>();
    let marker: string | undefined;
    do {
      const page = await this.call(target, 'control', operation, signal =>
        client.send(new ListEventSourceMappingsCommand({ Marker: marker, MaxItems: 100 }), { abortSignal: signal }),
      );
      for (const mapping of page.EventSourceMappings ?? []) {
        if (mapping.FunctionArn) {
          addInvoker(invokers, unqualifiedFunctionArn(mapping.FunctionArn), invokerFromEventSourceArn(mapping.EventSourceArn));
        }
      }
      marker = page.NextMarker;
    } while (marker);
    return invokers;
  }

  discoverInvokers(target: AccountRegion): Promise<InvokerDiscovery> {
    return discoverInvokers(target, this.clients, (service, operation, send) => this.call(target, `discovery:${service}`, operation, send));
  }

  async getFunction(functionArn: string): Promise<FunctionConfig> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `reading function ${target.functionName}`, iamAction: 'lambda:GetFunction' };
    const answer = await this.call(target, 'read', operation, signal =>
      client.send(new GetFunctionCommand({ FunctionName: functionArn }), { abortSignal: signal }),
    );
    return { ...(answer.Configuration as FunctionConfig), Tags: { ...(answer.Tags ?? {}) } };
  }

  async getPolicyInvokers(functionArn: string): Promise<Invoker[]> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `reading the resource policy of ${target.functionName}`, iamAction: 'lambda:GetPolicy' };
    try {
      const answer = await this.call(target, 'policy', operation, signal =>
        client.send(new GetPolicyCommand({ FunctionName: functionArn }), { abortSignal: signal }),
      );
      return invokersFromPolicy(answer.Policy);
    } catch (error) {
      // A function without a resource policy answers ResourceNotFound: nobody is allowed to push to it.
      if (error instanceof AwsCallError && error.kind === 'not-found') return [];
      throw error;
    }
  }

  async updateFunctionConfiguration(functionArn: string, update: FunctionUpdate, revisionId: string): Promise<FunctionConfig> {
    const target = targetOf(functionArn);
    const client = await this.clients.lambda(target);
    const operation = { description: `updating function ${target.functionName}`, iamAction: 'lambda:UpdateFunctionConfiguration' };
    const command = new UpdateFunctionConfigurationCommand({
      FunctionName: functionArn,
      ...(update.Handler !== undefined ? { Handler: update.Handler } : {}),
      Layers: update.Layers,
      Environment: update.Environment,
      TracingConfig: update.TracingConfig,
      RevisionId: revisionId,
    });
    // Only throttling is retried here: after a timeout the update may have been applied, and the
    // runner (which re-reads and compares) is the one able to tell.
    const answer = await this.call(target, 'control', operation, signal => client.send(command, { abortSignal: signal }), 'throttled-only');
    return answer as FunctionConfig;
  }

  private async call<T>(
    target: AccountRegion,
    bucket: Bucket,
    operation: Operation,
    send: (signal: AbortSignal) => Promise<T>,
    retryOn: 'transient' | 'throttled-only' = 'transient',
  ): Promise<T> {
    const { rateLimit } = this.settings;
    const rate = bucket === 'read' ? rateLimit.getFunctionPerSecond : bucket === 'policy' ? rateLimit.getPolicyPerSecond : rateLimit.requestsPerSecond;
    const key = `${target.accountId}/${target.region}/${bucket}`;
    const shouldRetry = (error: unknown) => {
      const kind = classifyAwsError(error);
      return retryOn === 'transient' ? isTransient(kind) : kind === 'throttled';
    };
    try {
      return await withRetry(
        async () => {
          await this.limiters.acquire(key, rate);
          return send(AbortSignal.timeout(this.settings.requestTimeoutMs));
        },
        shouldRetry,
        this.settings.retry,
        {
          clock: this.clock,
          onRetry: (error, attempt, delayMs) =>
            this.logger.debug(
              `Retrying ${operation.description} in ${target.accountId}/${target.region} after ${(error as Error)?.name} (attempt ${attempt}, waiting ${delayMs} ms)`,
            ),
        },
      );
    } catch (error) {
      if (error instanceof RetriesExhausted) throw toAwsCallError(error.lastError, operation, target, error.attempts);
      throw toAwsCallError(error, operation, target);
    }
  }
}

/** The gateway for the configured accounts and regions (see targets.ts for the config keys). */
export function createLambdaGateway(options: LambdaGatewayOptions): LambdaGateway & { destroy(): void } {
  const settings = readGatewaySettings(options.config);
  const clients = new AwsClients({
    credentialsManager: options.credentialsManager ?? DefaultAwsCredentialsManager.fromConfig(options.config),
    endpoint: settings.endpoint,
    requestTimeoutMs: settings.requestTimeoutMs,
  });
  return new SdkLambdaGateway(settings, clients, options.logger, options.clock ?? systemClock);
}
