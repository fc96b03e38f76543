// Opening a fresh, empty database of each kind the plugin runs on: a temporary SQLite file, or a new
// PostgreSQL schema at 127.0.0.1:5432 (database `test`, user postgres). Shared by the store's tests
// and the benchmarks; free of top-level await so scripts can import it too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';

export interface OpenDatabase {
  knex: Knex;
  /** Another connection pool to the same database, as a second backend replica would have. */
  replica(): Knex;
  close(): Promise<void>;
}

const PG_CONNECTION = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

export async function postgresReachable(): Promise<boolean> {
  const probe = knexFactory({ client: 'pg', connection: { ...PG_CONNECTION, connectionTimeoutMillis: 2_000 }, pool: { min: 0, max: 1 } });
  try {
    await probe.raw('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await probe.destroy();
  }
}

/** A SQLite file in a temporary directory (a file, not :memory:, so replicas share it). */
export async function openSqliteFile(prefix: string): Promise<OpenDatabase> {
  const dir = mkdtempSync(join(tmpdir(), `serverless-tracing-${prefix}-`));
  const filename = join(dir, `${prefix}.sqlite`);
  const pools: Knex[] = [];
  const connect = () => {
    const pool = knexFactory({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
    pools.push(pool);
    return pool;
  };
  return {
    knex: connect(),
    replica: connect,
    async close() {
      await Promise.all(pools.map(pool => pool.destroy()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL schema of its own, dropped on close; rejects when PostgreSQL is unreachable. */
export async function openPostgresSchema(prefix: string, poolMax = 5): Promise<OpenDatabase> {
  const schema = `st_${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: { ...PG_CONNECTION, connectionTimeoutMillis: 2_000 }, pool: { min: 0, max: 1 } });
  try {
    await admin.raw('create schema ??', [schema]);
  } catch (error) {
    await admin.destroy();
    throw error;
  }
  const pools: Knex[] = [];
  const connect = () => {
    const pool = knexFactory({ client: 'pg', connection: PG_CONNECTION, searchPath: [schema], pool: { min: 0, max: poolMax } });
    pools.push(pool);
    return pool;
  };
  return {
    knex: connect(),
    replica: connect,
    async close() {
      await Promise.all(pools.map(pool => pool.destroy()));
      await admin.raw('drop schema ?? cascade', [schema]);
      await admin.destroy();
    },
  };
}
