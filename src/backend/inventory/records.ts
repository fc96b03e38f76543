// A function as the plugin knows it after a fresh read: configuration, who invokes it, who owns it,
// and what detection and recommendation make of that — the same record the scanner writes.
import { driftFrom, toInventoryRecord } from './record';
import type { CallOptions, LambdaGateway } from '../aws/types';
import type { InventoryRecord, Stores } from '../store/types';
import type { FunctionConfig, Invoker, InvokerGap } from '../../common/model';
import { AwsCallError } from '../aws/types';
import { isTransient } from '../retryPolicy';
import type { ServerlessTracingSettings } from '../config';
import type { Ownership } from '../ownership';

export interface Records {
  /**
   * A record for a configuration just read from AWS; `known` is what the inventory had. With `fresh`
   * (freshContext), the invoker context is the inventory's completed by the resource policy just read.
   */
  recordOf(config: FunctionConfig, known: InventoryRecord | undefined, fresh?: FreshContext): Promise<InventoryRecord>;
  /** Store a fresh record, keeping whether a rollback is possible. */
  save(record: InventoryRecord): Promise<void>;
  /** Whether a configuration just read lacks part of what the plugin applied (an enable then re-applies). */
  isDrifted(config: FunctionConfig): Promise<boolean>;
}

export function createRecords(options: {
  stores: Stores;
  ownership: Ownership;
  settings: ServerlessTracingSettings;
}): Records {
  const { stores, ownership, settings } = options;
  const recordSettings = { datadog: settings.datadog, hybridEstate: settings.hybridEstate };
  const appliedTo = async (config: FunctionConfig) => (await stores.checkpoints.applied([config.FunctionArn ?? ''])).get(config.FunctionArn ?? '') ?? [];

  return {
    async recordOf(config, known, fresh) {
      // Bulk invokers come from the scan; a fresh read adds the resource policy's (or says why it could not).
      const invokedBy = [...new Set([...(known?.invokers ?? []), ...(fresh?.policyInvokers ?? [])])];
      const scanned = known?.summary.invokerGaps ?? [];
      const missing = fresh ? [...scanned.filter(gap => gap.source !== 'resource-policy'), ...(fresh.policyGap ? [fresh.policyGap] : [])] : scanned;
      const owner = await ownership.ownerOf(config);
      const drift = driftFrom(config, await appliedTo(config));
      return toInventoryRecord(config, { invokedBy, missing }, owner, recordSettings, new Date().toISOString(), drift);
    },
    async isDrifted(config) {
      return driftFrom(config, await appliedTo(config)) !== undefined;
    },
    async save(record) {
      const rollbackable = await stores.checkpoints.rollbackable([record.summary.arn]);
      await stores.inventory.upsert({
        ...record,
        summary: { ...record.summary, canRollback: rollbackable.has(record.summary.arn) },
      });
    },
  };
}

/** The resource policy's invokers, or why they could not be read. */
export interface FreshContext {
  policyInvokers: Invoker[];
  policyGap?: InvokerGap;
}

/**
 * Reads the function's resource policy. Throttling and timeouts are thrown (the caller waits and tries
 * again); any other failure (say lambda:GetPolicy denied) is a named gap, so nothing decides as if
 * the policy had been read.
 */
export async function freshContext(gateway: LambdaGateway, functionArn: string, options?: CallOptions): Promise<FreshContext> {
  try {
    return { policyInvokers: await gateway.getPolicyInvokers(functionArn, options) };
  } catch (error) {
    if (error instanceof AwsCallError && isTransient(error.kind)) throw error;
    return { policyInvokers: [], policyGap: { source: 'resource-policy', reason: (error as Error).message } };
  }
}

/** Why a job or preflight may not pick the recommended solution yet, or undefined when it may. */
export function undecidedRefusal(record: InventoryRecord): string | undefined {
  const gaps = record.recommendation.undecided;
  if (!gaps?.length) return undefined;
  return `Who invokes this function is not fully known, and it decides between ${record.recommendation.solution} and a solution merged with X-Ray: ${gaps
    .map(gap => `${gap.source}: ${gap.reason}`)
    .join(' ')} Nothing was changed. Fix the access and scan again, or choose the solution explicitly.`;
}
