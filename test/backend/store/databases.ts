// The databases the store's tests run on: SQLite always; PostgreSQL at 127.0.0.1:5432 (database
// `test`, user postgres) when reachable, and required when CI is set. Each test gets a database of
// its own (a temporary SQLite file, or a fresh PostgreSQL schema) so reruns and parallel files never
// see each other's rows. Every database can open a second, independent connection pool: a second
// replica for concurrency tests.
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { openPostgresSchema, openSqliteFile, postgresReachable, type OpenDatabase } from './openDatabase';

export type { OpenDatabase };

export interface TestDatabase {
  name: string;
  available: boolean;
  open(): Promise<OpenDatabase>;
}

const sqlite: TestDatabase = { name: 'SQLite', available: true, open: () => openSqliteFile('store') };
const postgres = (available: boolean): TestDatabase => ({ name: 'PostgreSQL', available, open: () => openPostgresSchema('test') });

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
