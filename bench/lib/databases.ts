// The databases a benchmark runs on, as the plugin would get them from Backstage's database
// service: SQLite in a file of a temporary directory (not :memory:, so the disk is in the
// measurement), and PostgreSQL at 127.0.0.1:5432 (database `test`, user postgres) in a schema of
// its own that is dropped afterwards. Mirrors test/backend/store/databases.ts, which cannot be
// imported from a script (it probes PostgreSQL with a top-level await).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';

export interface BenchDatabase {
  name: 'SQLite' | 'PostgreSQL';
  knex: Knex;
  close(): Promise<void>;
}

const PG_CONNECTION = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export async function openSqlite(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'serverless-tracing-bench-'));
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(dir, 'bench.sqlite') }, useNullAsDefault: true });
  return {
    name: 'SQLite',
    knex,
    async close() {
      await knex.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL in a fresh schema, or the reason it cannot be used. */
export async function openPostgres(): Promise<BenchDatabase | { unavailable: string }> {
  const admin = knexFactory({ client: 'pg', connection: { ...PG_CONNECTION, connectionTimeoutMillis: 2_000 }, pool: { min: 0, max: 1 } });
  const schema = `st_bench_${randomBytes(6).toString('hex')}`;
  try {
    await admin.raw('create schema ??', [schema]);
  } catch (error) {
    await admin.destroy();
    return { unavailable: `PostgreSQL is not reachable at 127.0.0.1:5432 (database "test", user postgres): ${(error as Error).message}` };
  }
  // Knex's default pool ceiling: facet counts run in parallel, as they would in production.
  const knex = knexFactory({ client: 'pg', connection: PG_CONNECTION, searchPath: [schema], pool: { min: 0, max: 10 } });
  return {
    name: 'PostgreSQL',
    knex,
    async close() {
      await knex.destroy();
      await admin.raw('drop schema ?? cascade', [schema]);
      await admin.destroy();
    },
  };
}
