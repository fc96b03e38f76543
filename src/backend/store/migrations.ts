// The plugin's schema as Knex migrations defined in code (a custom migration source), so they run
// the same from src (tsx, vitest) and from a built dist, with no migrations folder to locate.
import type { Knex } from 'knex';
import { createSqliteSearchIndex, dropSqliteSearchIndex, ensurePostgresSearchIndex, POSTGRES_SEARCH_INDEX, rebuildSqliteSearchIndex, searchTextOf } from './search';

interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

const FACET_INDEX = 'inventory_facets';
const FACET_INDEX_COLUMNS = ['account_id', 'region', 'runtime_family', 'status', 'solution', 'applicability', 'owner'];
const BACKFILL_CHUNK = 500;

/** Computes the search text of rows stored before the column existed, a chunk per statement. */
async function backfillSearchText(knex: Knex): Promise<void> {
  const rows: Array<{ arn: string; name: string; runtime: string | null; owner: string | null }> = await knex('inventory').select('arn', 'name', 'runtime', 'owner');
  for (let i = 0; i < rows.length; i += BACKFILL_CHUNK) {
    const chunk = rows.slice(i, i + BACKFILL_CHUNK);
    await knex.raw(
      `with computed(arn, text) as (values ${chunk.map(() => '(?, ?)').join(', ')})
       update inventory set search_text = (select text from computed where computed.arn = inventory.arn)
       where arn in (select arn from computed)`,
      chunk.flatMap(row => [row.arn, searchTextOf(row)]),
    );
  }
}

const MIGRATIONS: Migration[] = [
  {
    name: '20260601000000_init',
    async up(knex) {
      await knex.schema.createTable('inventory', t => {
        t.string('arn', 512).primary();
        t.string('account_id', 32).notNullable();
        t.string('region', 32).notNullable();
        t.string('name', 256).notNullable();
        t.string('runtime', 64).nullable();
        t.string('runtime_family', 32).notNullable();
        t.string('architecture', 16).notNullable();
        t.string('package_type', 16).notNullable();
        t.string('status', 32).notNullable();
        t.string('solution', 32).notNullable();
        t.string('applicability', 32).notNullable();
        t.string('owner', 512).nullable();
        t.string('iac', 32).nullable();
        t.string('last_modified', 64).nullable();
        t.text('summary').notNullable();
        t.text('config').notNullable();
        t.text('state').notNullable();
        t.text('recommendation').notNullable();
        t.text('invokers').notNullable();
        t.string('scanned_at', 32).notNullable();
        t.index(['account_id', 'region']);
        for (const column of ['region', 'name', 'runtime_family', 'status', 'solution', 'applicability', 'owner', 'last_modified']) {
          t.index([column]);
        }
      });
      await knex.schema.createTable('scans', t => {
        t.increments('id');
        t.string('state', 16).notNullable();
        t.string('started_at', 32).notNullable();
        t.string('finished_at', 32).nullable();
        t.integer('function_count').notNullable().defaultTo(0);
        t.text('errors').notNullable();
      });
      await knex.schema.createTable('jobs', t => {
        t.string('id', 64).primary();
        t.string('action', 16).notNullable();
        t.string('solution', 32).nullable();
        t.string('created_by', 512).notNullable();
        t.string('created_at', 32).notNullable();
      });
      await knex.schema.createTable('job_items', t => {
        t.increments('id');
        t.string('job_id', 64).notNullable().references('id').inTable('jobs').onDelete('CASCADE');
        t.string('function_arn', 512).notNullable();
        t.string('state', 16).notNullable();
        t.text('message').nullable();
        t.string('worker', 256).nullable();
        t.string('claimed_at', 32).nullable();
        t.string('updated_at', 32).notNullable();
        t.unique(['job_id', 'function_arn']);
        t.index(['state', 'id']);
      });
      await knex.schema.createTable('checkpoints', t => {
        t.increments('id');
        t.string('function_arn', 512).notNullable();
        t.string('created_at', 32).notNullable();
        t.text('data').notNullable();
        t.string('revision_id_written', 128).nullable();
        t.string('rolled_back_at', 32).nullable();
        t.index(['function_arn', 'rolled_back_at']);
      });
      await knex.schema.createTable('audit_events', t => {
        t.increments('seq');
        t.string('id', 64).notNullable().unique();
        t.string('at', 32).notNullable();
        t.string('actor', 512).notNullable();
        t.string('function_arn', 512).notNullable();
        t.string('action', 16).notNullable();
        t.string('job_id', 64).nullable();
        t.string('outcome', 16).notNullable();
        t.text('summary').notNullable();
        t.text('message').nullable();
        t.index(['function_arn']);
      });
    },
    async down(knex) {
      for (const table of ['audit_events', 'checkpoints', 'job_items', 'jobs', 'scans', 'inventory']) {
        await knex.schema.dropTableIfExists(table);
      }
    },
  },
  {
    // Claims held by heartbeats, one running item per function (a unique column that is null unless
    // running), so no two workers ever change the same function at once and a dead backend's items
    // are found within seconds.
    name: '20261201000000_item_heartbeats',
    async up(knex) {
      await knex.schema.alterTable('job_items', t => {
        t.string('heartbeat_at', 32).nullable();
        t.string('running_function', 512).nullable().unique();
        t.index(['function_arn', 'id']);
      });
    },
    async down(knex) {
      await knex.schema.alterTable('job_items', t => {
        t.dropIndex(['function_arn', 'id']);
        t.dropUnique(['running_function']);
        t.dropColumn('running_function');
        t.dropColumn('heartbeat_at');
      });
    },
  },
  {
    // Functions whose invokers are not all known yet: the background policy pass finds them by index.
    name: '20261201000100_invoker_context',
    async up(knex) {
      await knex.schema.alterTable('inventory', t => {
        t.boolean('context_complete').notNullable().defaultTo(true);
        t.index(['account_id', 'region', 'context_complete']);
      });
    },
    async down(knex) {
      await knex.schema.alterTable('inventory', t => {
        t.dropIndex(['account_id', 'region', 'context_complete']);
        t.dropColumn('context_complete');
      });
    },
  },
  {
    // Every item says which solution it planned from complete context and applied (or refused).
    name: '20261201000200_job_item_solution',
    async up(knex) {
      await knex.schema.alterTable('job_items', t => {
        t.string('applied_solution', 32).nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable('job_items', t => {
        t.dropColumn('applied_solution');
      });
    },
  },
  {
    // Search and facets at 10,000+ functions: one lowercased search column with a trigram index
    // (search.ts), and one index holding every facet column so all facet counts come from a single
    // grouped scan of it instead of seven scans of the rows.
    name: '20261201000300_search_text',
    async up(knex) {
      await knex.schema.alterTable('inventory', t => {
        t.text('search_text').notNullable().defaultTo('');
        t.index(FACET_INDEX_COLUMNS, FACET_INDEX);
      });
      if (knex.client.dialect === 'sqlite3') await createSqliteSearchIndex(knex);
      await backfillSearchText(knex);
      // Never fails the migration: without pg_trgm, searches scan (the plugin logs why at start).
      await ensurePostgresSearchIndex(knex);
    },
    async down(knex) {
      if (knex.client.dialect === 'sqlite3') await dropSqliteSearchIndex(knex);
      await knex.raw('drop index if exists ??', [POSTGRES_SEARCH_INDEX]);
      await knex.schema.alterTable('inventory', t => {
        t.dropIndex(FACET_INDEX_COLUMNS, FACET_INDEX);
        t.dropColumn('search_text');
      });
    },
  },
  {
    // Exclusions made on the page (by ARN or name pattern, with who and when), and the reason a
    // function's own exclusion tag gives, so coverage leaves both out in SQL.
    name: '20261201000400_exclusions',
    async up(knex) {
      await knex.schema.createTable('exclusions', t => {
        t.increments('id');
        t.string('function_arn', 512).nullable().unique();
        t.string('pattern', 128).nullable();
        // The pattern as a lower-case LIKE pattern (sql.ts globPattern): unique, so "Load-*" and "load-*" are one.
        t.string('like_pattern', 256).nullable().unique();
        t.text('reason').notNullable();
        t.string('created_by', 512).notNullable();
        t.string('created_at', 32).notNullable();
      });
      await knex.schema.alterTable('inventory', t => {
        t.text('excluded_reason').nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable('inventory', t => {
        t.dropColumn('excluded_reason');
      });
      if (knex.client.dialect === 'sqlite3') await rebuildSqliteSearchIndex(knex);
      await knex.schema.dropTableIfExists('exclusions');
    },
  },
  {
    // Layer upgrade campaigns: the target versions, the stages with their functions and jobs, and the
    // state the advancer moves on (any replica; `version` makes each move a compare-and-set).
    name: '20261202000100_campaigns',
    async up(knex) {
      await knex.schema.createTable('campaigns', t => {
        t.string('id', 64).primary();
        t.string('state', 32).notNullable().index();
        t.text('target_versions').notNullable();
        t.text('staging').notNullable();
        t.integer('pause_seconds').notNullable();
        t.boolean('require_approval').notNullable();
        t.text('stages').notNullable();
        t.integer('current_stage').notNullable();
        t.string('next_stage_at', 32).nullable();
        t.text('reason').nullable();
        t.string('created_by', 512).notNullable();
        t.string('created_at', 32).notNullable();
        t.string('updated_at', 32).notNullable();
        t.integer('version').notNullable();
        // UNDER_WAY while the campaign is unfinished, null after: the database itself keeps to one
        // campaign under way at a time (nulls never collide), even for two creates at the same instant.
        t.string('under_way', 8).nullable().unique();
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists('campaigns');
    },
  },
  {
    // What Datadog and X-Ray last said about each traced function: apart from the inventory rows, which
    // scans replace, so a rescan keeps the newest trace seen. One row per function and source.
    name: '20261202000200_trace_evidence',
    async up(knex) {
      await knex.schema.createTable('trace_evidence', t => {
        t.string('function_arn', 512).notNullable();
        t.string('source', 16).notNullable();
        t.string('state', 16).notNullable();
        t.string('seen_at', 32).nullable();
        t.string('checked_at', 32).notNullable();
        t.integer('window_hours').notNullable();
        t.text('reason').nullable();
        t.primary(['function_arn', 'source']);
      });
    },
    async down(knex) {
      await knex.schema.dropTableIfExists('trace_evidence');
    },
  },
];

const migrationSource: Knex.MigrationSource<Migration> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: migration => migration.name,
  getMigration: async migration => migration,
};

/** Where the plugin's migrations come from and are recorded (also what a test needs to step them down and up). */
export const MIGRATION_CONFIG: Knex.MigratorConfig = { migrationSource, tableName: 'serverless_tracing_migrations' };

/** Brings the schema up to date; safe to call on every start and from several replicas. */
export async function migrate(knex: Knex): Promise<void> {
  await knex.migrate.latest(MIGRATION_CONFIG);
}
