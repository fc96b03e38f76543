// The plugin's database: migrations plus one repository per concern.
import type { Knex } from 'knex';
import { KnexAuditStore } from './audit';
import { KnexCheckpointStore } from './checkpoints';
import { KnexInventoryStore } from './inventory';
import { KnexJobStore } from './jobs';
import { migrate } from './migrations';
import { KnexScanStore } from './scans';
import { KnexExclusionStore } from './exclusions';
import type { Stores } from './types';

/** Runs the migrations, then returns the repositories over that database. */
export async function createStores(knex: Knex): Promise<Stores> {
  await migrate(knex);
  return {
    inventory: new KnexInventoryStore(knex),
    scans: new KnexScanStore(knex),
    jobs: new KnexJobStore(knex),
    checkpoints: new KnexCheckpointStore(knex),
    audit: new KnexAuditStore(knex),
    exclusions: new KnexExclusionStore(knex),
  };
}

export { migrate } from './migrations';
export { KnexAuditStore } from './audit';
export { KnexCheckpointStore } from './checkpoints';
export { KnexInventoryStore, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './inventory';
export { KnexJobStore } from './jobs';
export { KnexScanStore } from './scans';
export { KnexExclusionStore } from './exclusions';
export { UNOWNED_KEY } from './coverage';
export type * from './types';
