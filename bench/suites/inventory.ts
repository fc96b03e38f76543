// Suite: scan a 10,000-function organisation into one database, then query it (benchmarks 1 and 2).
// Argument: sqlite | postgres.
import { createStores } from '../../src/backend/store';
import { startPlugin } from '../../test/backend/helpers/harness';
import { benchmarkHttpQueries, benchmarkStoreQueries } from '../queries';
import { benchmarkScan } from '../scan';
import { asSandbox, domainEntities } from '../lib/catalog';
import { openPostgres, openSqlite, type BenchDatabase } from '../lib/databases';
import { startRemoteSandbox } from '../lib/remoteSandbox';
import { suite } from '../lib/suite';

export const SCAN_FUNCTIONS = 10_000;
/** Lambda's default control-plane quota, and a few milliseconds of network per request. */
export const SCAN_SANDBOX = { quotaPerSecond: 15, latencyMs: 5 };

suite(async recorder => {
  const which = process.argv[2] === 'postgres' ? 'postgres' : 'sqlite';
  const opened = which === 'postgres' ? await openPostgres() : await openSqlite();
  if ('unavailable' in opened) {
    recorder.skip('scan + inventory queries (PostgreSQL)', opened.unavailable);
    return;
  }
  const db: BenchDatabase = opened;
  console.log(`\n▶ Scan and inventory queries on ${db.name} (${SCAN_FUNCTIONS} functions)`);
  const sandbox = await startRemoteSandbox({ seed: { functionCount: SCAN_FUNCTIONS }, ...SCAN_SANDBOX });
  try {
    const stores = await createStores(db.knex);
    try {
      recorder.record(await benchmarkScan({ sandbox, stores, label: db.name, sandboxQuotaPerSecond: SCAN_SANDBOX.quotaPerSecond }));
    } catch (error) {
      recorder.fail(`scan (${db.name})`, error);
      return;
    }
    try {
      recorder.record(await benchmarkStoreQueries(stores, db.name));
    } catch (error) {
      recorder.fail(`inventory queries (${db.name})`, error);
    }
    try {
      const plugin = await startPlugin({
        sandbox: asSandbox(sandbox),
        knex: db.knex,
        entities: domainEntities(),
        // The production poll interval, so idle job workers do not load the database meanwhile.
        config: { serverlessTracing: { jobs: { pollIntervalMs: 1000 } } },
      });
      try {
        recorder.record(await benchmarkHttpQueries(plugin.api, db.name));
      } finally {
        await plugin.stop();
      }
    } catch (error) {
      recorder.fail(`inventory over HTTP (${db.name})`, error);
    }
  } finally {
    await sandbox.close();
    await db.close();
  }
});
