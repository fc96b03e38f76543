// Suite: a fleet-scale scan — 100,000 functions over 200 account-regions (50 accounts × 4 regions)
// discovered from AWS Organizations, with bulk invoker discovery, through the real gateway against
// the sandbox in its own process, into SQLite (benchmark 5 in bench/README.md).
import { ConfigReader } from '@backstage/config';
import { createStores } from '../../src/backend/store';
import { benchmarkScan, type ScanTargets } from '../scan';
import { openSqlite } from '../lib/databases';
import { startRemoteSandbox } from '../lib/remoteSandbox';
import { suite } from '../lib/suite';

export const FLEET = { functions: 100_000, accounts: 50, regions: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1'] };
/** Lambda's default control-plane quota, and a few milliseconds of network per request. */
const FLEET_SANDBOX = { quotaPerSecond: 15, latencyMs: 5 };
/** Account-regions scanned at the same time: an estate of 200 account-regions raises the default 4. */
const SCAN_CONCURRENCY = 16;

const FLEET_TARGETS: ScanTargets = {
  /** Inside the 10-minute task timeout with room to spare, on a 2-core machine. */
  scanSeconds: 150,
  /**
   * Pages (50 functions per ListFunctions page, 100 per Tagging page) plus one read per invoking
   * resource (state machine, GraphQL API, REST/HTTP API, rule), which the seed has about one per five
   * functions; a single call per function anywhere would take it past 1.
   */
  requestsPerFunction: 0.5,
  perFunctionCalls: 0,
  /** The records are built and stored per account-region, so memory follows the largest one, not the fleet. */
  peakRssGrowthMb: 400,
  peakHeapGrowthMb: 300,
  /** What stays is the SDK clients the gateway keeps for the next scan: one per service and account-region (≈ 1,600 here). */
  retainedHeapMb: 50,
};

suite(async recorder => {
  const benchmark = `fleet scan (${FLEET.functions} fns, ${FLEET.accounts * FLEET.regions.length} account-regions)`;
  console.log(`\n▶ Fleet scan: ${FLEET.functions} functions, ${FLEET.accounts} accounts × ${FLEET.regions.length} regions from AWS Organizations`);
  const sandbox = await startRemoteSandbox({ seed: { functionCount: FLEET.functions, fleet: { accounts: FLEET.accounts, regions: FLEET.regions } }, ...FLEET_SANDBOX });
  const db = await openSqlite();
  // Backstage's credentials manager assumes the member roles; its STS client takes the SDK's endpoint variable.
  process.env.AWS_ENDPOINT_URL_STS = sandbox.url;
  try {
    // Only the management account has credentials: every other account is entered through the member role.
    const management = sandbox.org.accounts[0];
    const config = new ConfigReader({
      aws: { accounts: [{ accountId: management.accountId, accessKeyId: management.accessKeyId, secretAccessKey: management.secretAccessKey }] },
      serverlessTracing: { endpoint: sandbox.url, organization: { accountId: management.accountId, roleName: 'ServerlessTracingReader' } },
    });
    const stores = await createStores(db.knex);
    recorder.record(await benchmarkScan({
      sandbox, stores, label: 'SQLite, AWS Organizations', config, concurrency: SCAN_CONCURRENCY,
      sandboxQuotaPerSecond: FLEET_SANDBOX.quotaPerSecond, targets: FLEET_TARGETS,
    }));
  } catch (error) {
    recorder.fail(benchmark, error);
  } finally {
    await sandbox.close();
    await db.close();
  }
});
