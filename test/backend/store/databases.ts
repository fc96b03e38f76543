// The databases the store's tests run on: SQLite always; PostgreSQL at 127.0.0.1:5432 (database
// `test`, user postgres) when reachable, and required when CI is set. Each test gets a database of
// its own (a temporary SQLite file, or a fresh PostgreSQL schema) so reruns and parallel files never
// see each other's rows. Every database can open a second, independent connection pool: a second
// replica for concurrency tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory, { type Knex } from 'knex';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';

export interface OpenDatabase {
  knex: Knex;
  /** Another connection pool to the same database, as a second backend replica would have. */
  replica(): Knex;
  close(): Promise<void>;
}

export interface TestDatabase {
  name: string;
  available: boolean;
  open(): Promise<OpenDatabase>;
}

const PG_CONNECTION = { host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' };

async function postgresReachable(): Promise<boolean> {
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

const sqlite: TestDatabase = {
  name: 'SQLite',
  available: true,
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'serverless-tracing-store-'));
    const filename = join(dir, 'test.sqlite');
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
  },
};

function postgres(available: boolean): TestDatabase {
  return {
    name: 'PostgreSQL',
    available,
    async open() {
      const schema = `st_test_${randomBytes(6).toString('hex')}`;
      const admin = knexFactory({ client: 'pg', connection: PG_CONNECTION, pool: { min: 0, max: 1 } });
      await admin.raw('create schema ??', [schema]);
      const pools: Knex[] = [];
      const connect = () => {
        const pool = knexFactory({ client: 'pg', connection: PG_CONNECTION, searchPath: [schema], pool: { min: 0, max: 5 } });
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
    },
  };
}

const pgUp = await postgresReachable();
if (process.env.CI && !pgUp) {
  throw new Error(
    'CI is set but PostgreSQL is not reachable at 127.0.0.1:5432 (database "test", user postgres): the store tests must run on PostgreSQL in CI.',
  );
}

export const DATABASES: TestDatabase[] = [sqlite, postgres(pgUp)];

/** Declares the same suite once per database; each test starts on a freshly migrated, empty one. */
export function describeOnEachDatabase(
  title: string,
  body: (context: { stores: () => Stores; database: () => OpenDatabase }) => void,
): void {
  for (const db of DATABASES) {
    describe.skipIf(!db.available)(`${title} on ${db.name}`, () => {
      let database: OpenDatabase;
      let stores: Stores;
      beforeEach(async () => {
        database = await db.open();
        stores = await createStores(database.knex);
      });
      afterEach(async () => {
        await database.close();
      });
      body({ stores: () => stores, database: () => database });
    });
  }
}
