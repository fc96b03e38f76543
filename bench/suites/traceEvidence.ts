// Suite: proof that traces arrive for a 10,000-function organisation (benchmark 6 in bench/README.md).
// The inventory is scanned first; then one full check asks the sandbox's Datadog (span aggregation)
// and X-Ray (GetTraceSummaries) about every traced function, through the real gateway and store.
import { createStores } from '../../src/backend/store';
import { createLambdaGateway } from '../../src/backend/aws';
import { createDatadogSpans } from '../../src/backend/evidence/datadogSpans';
import { createTraceEvidence } from '../../src/backend/evidence/traceEvidence';
import { SANDBOX_DATADOG_API_KEY, SANDBOX_DATADOG_APPLICATION_KEY } from '../../dev/sandbox/traces';
import { sandboxConfig } from '../../test/backend/aws/sandboxGateway';
import { benchmarkScan } from '../scan';
import { asSandbox } from '../lib/catalog';
import { openSqlite } from '../lib/databases';
import { quietLogger } from '../lib/quietLogger';
import { countsBetween, sumOf, startRemoteSandbox } from '../lib/remoteSandbox';
import { timed } from '../lib/stats';
import { suite } from '../lib/suite';

const FUNCTIONS = 10_000;
const TARGETS = {
  /** Well inside the 10-minute task timeout, and short next to the 30-minute schedule. */
  checkSeconds: 30,
  /** Datadog allows 300 span queries an hour: a check every 30 minutes must leave most of them to people. */
  datadogQueries: 60,
  /** 25 functions a filter, at most three time slices each; one call per function would be 1. */
  xrayRequestsPerFunction: 0.25,
};

suite(async recorder => {
  const benchmark = `trace evidence (${FUNCTIONS} fns)`;
  console.log(`\n▶ Trace evidence: one full check of a ${FUNCTIONS}-function organisation`);
  const sandbox = await startRemoteSandbox({ seed: { functionCount: FUNCTIONS }, quotaPerSecond: 15, latencyMs: 5 });
  const db = await openSqlite();
  const logger = quietLogger();
  const gateway = createLambdaGateway({ config: sandboxConfig(asSandbox(sandbox)), logger });
  try {
    const stores = await createStores(db.knex);
    // The inventory the check reads: a scan, measured by its own benchmark, not here.
    await benchmarkScan({ sandbox, stores, label: 'for trace evidence', sandboxQuotaPerSecond: 15 });
    const evidence = createTraceEvidence({
      stores,
      gateway,
      datadog: createDatadogSpans({ endpoint: sandbox.url, apiKey: SANDBOX_DATADOG_API_KEY, applicationKey: SANDBOX_DATADOG_APPLICATION_KEY }),
      settings: { windowHours: 6, delayAfterEnableMs: 120_000 },
      logger,
    });
    const before = await sandbox.counts();
    const { result: outcome, ms } = await timed(() => evidence.check());
    const requests = countsBetween(before, await sandbox.counts());
    const xrayFunctions = (await stores.traceEvidence.candidates()).filter(c => c.source === 'xray').length;
    const xrayRequests = sumOf(requests, ['xray:GetTraceSummaries']);
    if (logger.problems.length > 0) throw new Error(`The check logged problems: ${logger.problems.join('; ')}`);
    recorder.record([
      { benchmark, metric: 'time to check every traced function', value: ms / 1000, unit: 's', target: TARGETS.checkSeconds },
      { benchmark, metric: 'traced functions checked', value: outcome.seen + outcome.noneYet + outcome.unknown, unit: 'fn', note: `${outcome.seen} seen, ${outcome.noneYet} none yet, ${outcome.unknown} could not be checked` },
      { benchmark, metric: 'Datadog span queries', value: sumOf(requests, ['datadog:AggregateSpans']), unit: 'req', target: TARGETS.datadogQueries },
      { benchmark, metric: 'X-Ray requests per X-Ray function', value: xrayFunctions ? xrayRequests / xrayFunctions : 0, unit: 'req', target: TARGETS.xrayRequestsPerFunction, note: `${xrayRequests} GetTraceSummaries for ${xrayFunctions} functions` },
    ]);
  } catch (error) {
    recorder.fail(benchmark, error);
  } finally {
    gateway.destroy();
    await sandbox.close();
    await db.close();
  }
});
