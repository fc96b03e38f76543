// Issue 11.6's acceptance on the sandbox org: configuration is not observation. Functions enabled
// through a job are checked with their tracing backend a moment later — Datadog's span aggregation for
// dd-trace, X-Ray's trace summaries for xray — and show traces seen only when the emulated backend
// received some (invoked, correctly configured); coverage splits traced functions the same way.
import type { CoverageSummary, FunctionsPage, FunctionSummary } from '../../../src/common/api';
import { startSandbox } from '../../../dev/sandbox/server';
import { SANDBOX_DATADOG_API_KEY, SANDBOX_DATADOG_APPLICATION_KEY } from '../../../dev/sandbox/traces';
import { eventually, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
const ACCOUNT = '111111111111';

let sandbox: Sandbox;

beforeAll(async () => {
  // Traces are found as soon as an invocation happened: the tests wait for the check, not for ingestion.
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20, traceIngestDelayMs: 0 });
});

afterAll(async () => {
  await sandbox?.close();
});

function evidenceConfig(keys: { applicationKey?: string } = { applicationKey: SANDBOX_DATADOG_APPLICATION_KEY }) {
  return {
    serverlessTracing: {
      datadog: { apiKey: SANDBOX_DATADOG_API_KEY, ...keys, apiEndpoint: sandbox.url },
      traceEvidence: {
        delayAfterEnableSeconds: 0.05,
        schedule: { frequency: { hours: 24 }, timeout: { minutes: 10 }, initialDelay: { hours: 24 } },
      },
    },
  };
}

async function withPlugin<T>(config: object, body: (harness: PluginHarness) => Promise<T>): Promise<T> {
  const harness = await startPlugin({ sandbox, config: config as Record<string, unknown> });
  try {
    await scanned(harness.api);
    return await body(harness);
  } finally {
    await harness.stop();
  }
}

/** Untraced functions of the account that this solution enables in one click, not yet used by another test. */
const used = new Set<string>();
async function candidates(harness: PluginHarness, count: number, options: { solution: 'dd-trace' | 'xray'; invoked: boolean }): Promise<FunctionSummary[]> {
  const query = `status=untraced&account=${ACCOUNT}&runtime=python,node&applicability=one-click&limit=500`;
  const { body } = await harness.api.get(`${BASE}/functions?${query}`).expect(200);
  const rows = (body as FunctionsPage).items.filter(fn => {
    const stored = sandbox.state.getFunctionByArn(fn.arn)!;
    return fn.solution === 'dd-trace' && !used.has(fn.arn) && sandbox.state.traces.isInvoked(stored) === options.invoked;
  });
  expect(rows.length).toBeGreaterThanOrEqual(count);
  const chosen = rows.slice(0, count);
  chosen.forEach(fn => used.add(fn.arn));
  return chosen;
}

async function enable(harness: PluginHarness, functions: FunctionSummary[], solution: 'dd-trace' | 'xray') {
  const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: functions.map(fn => fn.arn), solution }).expect(202);
  const done = await finished(harness.api, job.id);
  expect(done.counts.succeeded).toBe(functions.length);
}

/** Waits for the check after the scan: every traced function asked, only other vendors' left unknown. */
async function settled(harness: PluginHarness): Promise<CoverageSummary> {
  return eventually(async () => {
    const { body } = await harness.api.get(`${BASE}/summary`).expect(200);
    const coverage = body as CoverageSummary;
    return coverage.traceEvidence.unknown === (coverage.byStatus.other ?? 0) ? coverage : undefined;
  });
}

/** Waits until each function's evidence has been checked since `since`, and returns them. */
async function checked(harness: PluginHarness, functions: FunctionSummary[], since: string): Promise<FunctionSummary[]> {
  return eventually(async () => {
    const { body } = await harness.api.get(`${BASE}/functions?account=${ACCOUNT}&limit=500`).expect(200);
    const rows = (body as FunctionsPage).items.filter(fn => functions.some(wanted => wanted.arn === fn.arn));
    return rows.length === functions.length && rows.every(fn => fn.traceEvidence?.checkedAt && fn.traceEvidence.checkedAt >= since) ? rows : undefined;
  });
}

it('shows traces seen a moment after enabling an invoked function, and none yet for one nobody invokes', async () => {
  await withPlugin(evidenceConfig(), async harness => {
    const [busy] = await candidates(harness, 1, { solution: 'dd-trace', invoked: true });
    const [idle] = await candidates(harness, 1, { solution: 'dd-trace', invoked: false });
    const since = new Date().toISOString();
    await enable(harness, [busy, idle], 'dd-trace');
    const rows = await checked(harness, [busy, idle], since);
    const evidence = Object.fromEntries(rows.map(fn => [fn.arn, fn.traceEvidence]));
    expect(evidence[busy.arn]).toMatchObject({ state: 'seen', source: 'datadog', reason: null, windowHours: 6 });
    expect(Date.parse(evidence[busy.arn]!.seenAt!)).toBeGreaterThan(Date.parse(since) - 5 * 60_000);
    expect(evidence[idle.arn]).toMatchObject({ state: 'none-yet', source: 'datadog', seenAt: null });
  });
});

it('says it could not check, and why, when no Datadog application key is configured', async () => {
  await withPlugin(evidenceConfig({}), async harness => {
    const [fn] = await candidates(harness, 1, { solution: 'dd-trace', invoked: true });
    const before = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
    const since = new Date().toISOString();
    await enable(harness, [fn], 'dd-trace');
    const [row] = await checked(harness, [fn], since);
    expect(row.traceEvidence).toMatchObject({ state: 'unknown', source: 'datadog' });
    expect(row.traceEvidence!.reason).toContain('serverlessTracing.datadog.applicationKey');
    // Nothing was asked without the key: the unknown is the plugin's, not Datadog's "no spans".
    expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' })).toBe(before);
  });
});

it('finds traces of an X-Ray-enabled function through GetTraceSummaries', async () => {
  await withPlugin(evidenceConfig(), async harness => {
    await settled(harness);
    const [fn] = await candidates(harness, 1, { solution: 'xray', invoked: true });
    const since = new Date().toISOString();
    const before = sandbox.requestCount({ operation: 'xray:GetTraceSummaries', accountId: fn.accountId, region: fn.region });
    await enable(harness, [fn], 'xray');
    const [row] = await checked(harness, [fn], since);
    expect(row.status).toBe('xray');
    expect(row.traceEvidence).toMatchObject({ state: 'seen', source: 'xray' });
    expect(sandbox.requestCount({ operation: 'xray:GetTraceSummaries', accountId: fn.accountId, region: fn.region }) - before).toBe(1);
  });
});

it('splits the seed org\'s traced functions in coverage, asking the backends in bulk', async () => {
  await withPlugin(evidenceConfig(), async harness => {
    const datadogBefore = sandbox.requestCount({ operation: 'datadog:AggregateSpans' });
    const xrayBefore = sandbox.requestCount({ operation: 'xray:GetTraceSummaries' });
    // The check after the scan asks about every traced function never checked: all of them, here.
    const summary = await settled(harness);
    const { seen, noneYet, unknown } = summary.traceEvidence;
    expect(seen + noneYet + unknown).toBe(summary.traced);
    expect(seen).toBeGreaterThan(0);
    expect(noneYet).toBeGreaterThan(0);

    const { body } = await harness.api.get(`${BASE}/functions?status=datadog,datadog-xray,xray&limit=500`).expect(200);
    const traced = (body as FunctionsPage).items;
    const xrayRegions = new Set(traced.filter(fn => fn.status === 'xray').map(fn => `${fn.accountId}/${fn.region}`));
    const xrayPerRegion = Math.max(...[...xrayRegions].map(key => traced.filter(fn => fn.status === 'xray' && `${fn.accountId}/${fn.region}` === key).length));
    // Bulk: a Datadog query covers 100 services; an X-Ray filter 25 functions of an account-region,
    // asked over three time slices (newest first, each only about those not found yet).
    const datadogTraced = traced.filter(fn => fn.status !== 'xray').length;
    expect(sandbox.requestCount({ operation: 'datadog:AggregateSpans' }) - datadogBefore).toBeLessThanOrEqual(Math.ceil(datadogTraced / 100));
    expect(sandbox.requestCount({ operation: 'xray:GetTraceSummaries' }) - xrayBefore).toBeLessThanOrEqual(xrayRegions.size * Math.ceil(xrayPerRegion / 25) * 3);
    expect(datadogTraced + xrayRegions.size).toBeGreaterThan(0);
  });
});
