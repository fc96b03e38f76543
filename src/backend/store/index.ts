// The plugin's database: migrations plus one repository per concern.
import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { KnexAuditStore } from './audit';
import { KnexCheckpointStore } from './checkpoints';
import { KnexInventoryStore } from './inventory';
import { KnexJobStore } from './jobs';
import { migrate } from './migrations';
import { KnexScanStore } from './scans';
import { KnexExclusionStore } from './exclusions';
import { KnexCampaignStore } from './campaigns';
import { KnexTraceEvidenceStore } from './traceEvidence';
import { ensurePostgresSearchIndex } from './search';
import type { Stores } from './types';

/**
 * Runs the migrations, then returns the repositories over that database. A missing search index
 * (PostgreSQL without pg_trgm) is created if it now can be, else logged: searches still work, slower.
 */
export async function createStores(knex: Knex, options: { logger?: LoggerService } = {}): Promise<Stores> {
  await migrate(knex);
  const withoutSearchIndex = await ensurePostgresSearchIndex(knex);
  if (withoutSearchIndex !== undefined) {
    options.logger?.warn(
      `Searching functions reads every row: the pg_trgm index could not be created (${withoutSearchIndex}). ` +
        'A database administrator can run "CREATE EXTENSION pg_trgm" in this database; the plugin creates its index at its next start.',
    );
  }
  return {
    inventory: new KnexInventoryStore(knex),
    scans: new KnexScanStore(knex),
    jobs: new KnexJobStore(knex),
    checkpoints: new KnexCheckpointStore(knex),
    audit: new KnexAuditStore(knex),
    exclusions: new KnexExclusionStore(knex),
    campaigns: new KnexCampaignStore(knex),
    traceEvidence: new KnexTraceEvidenceStore(knex),
  };
}

export { migrate } from './migrations';
export { KnexAuditStore } from './audit';
export { KnexCheckpointStore } from './checkpoints';
export { KnexInventoryStore, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './inventory';
export { KnexJobStore } from './jobs';
export { KnexScanStore } from './scans';
export { KnexExclusionStore } from './exclusions';
export { KnexCampaignStore } from './campaigns';
export { UNOWNED_KEY } from './coverage';
export type * from './types';
