// Suite: bulk enable through the real job runner (benchmark 3), with AWS's default quota and with
// a quota below the plugin's own rate limit (AWS throttles; the job must wait it out).
import { BULK_TARGETS, benchmarkBulkEnable } from '../bulkEnable';
import { openSqlite } from '../lib/databases';
import { startRemoteSandbox, type RemoteSandboxOptions } from '../lib/remoteSandbox';
import { suite, type Recorder } from '../lib/suite';

/** Enough seed functions for 200 untraced ones that can be enabled with one click. */
const SEED_FUNCTIONS = 2_000;
const SANDBOX: RemoteSandboxOptions = { seed: { functionCount: SEED_FUNCTIONS }, updateDelayMs: 100, latencyMs: 5, quotaPerSecond: 15 };

const VARIANTS: Array<{ variant: string; sandbox: RemoteSandboxOptions; targetSeconds: number }> = [
  { variant: 'AWS quota 15/s', sandbox: SANDBOX, targetSeconds: BULK_TARGETS.seconds },
  // Other tools use two thirds of the account-region's quota: the plugin's 10 req/s meets 429s.
  { variant: 'throttled, AWS quota 5/s', sandbox: { ...SANDBOX, quotaPerSecond: 5 }, targetSeconds: BULK_TARGETS.throttledSeconds },
];

async function runVariant(recorder: Recorder, variant: (typeof VARIANTS)[number]): Promise<void> {
  console.log(`\n▶ Bulk enable (${variant.variant}, sandbox update delay ${variant.sandbox.updateDelayMs} ms)`);
  const sandbox = await startRemoteSandbox(variant.sandbox);
  const db = await openSqlite();
  try {
    recorder.record(
      await benchmarkBulkEnable({ sandbox, db, variant: variant.variant, targetSeconds: variant.targetSeconds, awsQuotaPerSecond: variant.sandbox.quotaPerSecond ?? 15 }),
    );
  } catch (error) {
    recorder.fail(`bulk enable (${variant.variant})`, error);
  } finally {
    await sandbox.close();
    await db.close();
  }
}

suite(async recorder => {
  for (const variant of VARIANTS) await runVariant(recorder, variant);
});
