// A function as the plugin knows it after a fresh read: configuration, who invokes it, who owns it,
// and what detection and recommendation make of that — the same record the scanner writes.
import { toInventoryRecord } from './record';
import type { CallOptions, LambdaGateway } from '../aws/types';
import type { InventoryRecord, Stores } from '../store/types';
import type { FunctionConfig, Invoker } from '../../common/model';
import type { ServerlessTracingSettings } from '../config';
import type { Ownership } from '../ownership';

export interface Records {
  /** A record for a configuration just read from AWS; `known` is what the inventory had. */
  recordOf(config: FunctionConfig, known: InventoryRecord | undefined, extraInvokers?: Invoker[]): Promise<InventoryRecord>;
  /** Store a fresh record, keeping whether a rollback is possible. */
  save(record: InventoryRecord): Promise<void>;
}

export function createRecords(options: {
  stores: Stores;
  ownership: Ownership;
  settings: ServerlessTracingSettings;
}): Records {
  const { stores, ownership, settings } = options;
  const recordSettings = { datadog: settings.datadog, hybridEstate: settings.hybridEstate };

  return {
    async recordOf(config, known, extraInvokers = []) {
      // Event-source invokers come from the scan's bulk listing; a fresh read adds the resource policy's.
      const invokers = [...new Set([...(known?.invokers ?? []), ...extraInvokers])];
      const owner = await ownership.ownerOf(config);
      return toInventoryRecord(config, invokers, owner, recordSettings, new Date().toISOString());
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

/** The invokers a resource policy names; [] when the policy cannot be read (it only refines advice). */
export async function policyInvokers(gateway: LambdaGateway, functionArn: string, options?: CallOptions): Promise<Invoker[]> {
  try {
    return await gateway.getPolicyInvokers(functionArn, options);
  } catch {
    return [];
  }
}
