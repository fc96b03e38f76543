// The databases a benchmark runs on, as the plugin would get them from Backstage's database service:
// SQLite in a file of a temporary directory (not :memory:, so the disk is in the measurement), and
// PostgreSQL at 127.0.0.1:5432 in a schema of its own that is dropped afterwards. The same openers
// as the store's tests (test/backend/store/openDatabase.ts).
import type { Knex } from 'knex';
import { openPostgresSchema, openSqliteFile } from '../../test/backend/store/openDatabase';

export interface BenchDatabase {
  name: 'SQLite' | 'PostgreSQL';
  knex: Knex;
  close(): Promise<void>;
}

export async function openSqlite(): Promise<BenchDatabase> {
  return { name: 'SQLite', ...(await openSqliteFile('bench')) };
}

/** PostgreSQL in a fresh schema, or the reason it cannot be used. */
export async function openPostgres(): Promise<BenchDatabase | { unavailable: string }> {
  try {
    // Knex's default pool ceiling: facet counts run in parallel, as they would in production.
    return { name: 'PostgreSQL', ...(await openPostgresSchema('bench', 10)) };
  } catch (error) {
    return { unavailable: `PostgreSQL is not reachable at 127.0.0.1:5432 (database "test", user postgres): ${(error as Error).message}` };
  }
}
