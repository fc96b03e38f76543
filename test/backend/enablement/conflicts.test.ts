// Enabling while the world moves: someone else edits the function between our read and our write, an
// update is still in progress, AWS throttles hard.
import { startSandbox } from '../../../dev/sandbox/server';
import { updateFunctionConfiguration } from '../../../dev/sandbox/update';
import { finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';
import { isUpdateOf, startProxy, type SandboxProxy } from '../helpers/proxy';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let proxy: SandboxProxy;
let harness: PluginHarness;
let candidates: string[];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 100 });
  proxy = await startProxy(sandbox.url);
  harness = await startPlugin({ sandbox, config: { serverlessTracing: { endpoint: proxy.url } } });
  await scanned(harness.api);
  const { body } = await harness.api.get(`${BASE}/functions?status=untraced&runtime=python,node&applicability=one-click&limit=100&sort=name`);
  // Plain untraced functions: no limit close, nothing else in the way of enabling.
  candidates = body.items.map((i: { arn: string }) => i.arn).filter((arn: string) => sandbox.state.getFunctionByArn(arn)!.scenario === 'untraced');
});

afterEach(() => {
  proxy.before = () => {};
});

afterAll(async () => {
  await harness?.stop();
  await proxy?.close();
  await sandbox?.close();
});

const updatesOf = (arn: string) => proxy.seen.filter(req => isUpdateOf(req, arn)).length;

async function enable(arns: string[]) {
  const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns, solution: 'dd-trace' }).expect(202);
  return finished(harness.api, body.id);
}

it('keeps an unrelated variable someone set between our read and our write, and applies ours on top', async () => {
  const arn = candidates[0];
  const fn = sandbox.state.getFunctionByArn(arn)!;
  const original = { ...(fn.config.Environment?.Variables ?? {}) };
  let edited = false;
  proxy.before = req => {
    if (!edited && isUpdateOf(req, arn)) {
      edited = true;
      // Someone else's update lands first: new RevisionId, and it is still settling when ours arrives.
      updateFunctionConfiguration(sandbox.state, fn, {
        Environment: { Variables: { ...(fn.config.Environment?.Variables ?? {}), FEATURE_FLAG: 'on' } },
      });
    }
  };

  const job = await enable([arn]);

  expect(job.items[0].state).toBe('succeeded');
  const variables = fn.config.Environment!.Variables!;
  expect(variables).toMatchObject({ ...original, FEATURE_FLAG: 'on', DD_SITE: 'datadoghq.com' });
  expect(fn.config.Layers?.some(l => /Datadog-Extension/.test(l.Arn ?? ''))).toBe(true);
  expect(updatesOf(arn)).toBeGreaterThanOrEqual(2);
});

it('gives up after the configured number of re-plans when the function keeps changing, losing nothing', async () => {
  const arn = candidates[1];
  const fn = sandbox.state.getFunctionByArn(arn)!;
  const original = { handler: fn.config.Handler, layers: fn.config.Layers, variables: { ...(fn.config.Environment?.Variables ?? {}) } };
  let edits = 0;
  proxy.before = req => {
    if (isUpdateOf(req, arn)) {
      fn.config.Environment = { Variables: { ...(fn.config.Environment?.Variables ?? {}), EDIT_COUNT: String(++edits) } };
      fn.config.RevisionId = `someone-else-${edits}`;
    }
  };

  const job = await enable([arn]);

  expect(job.items[0].state).toBe('failed');
  expect(job.items[0].message).toMatch(/kept changing/);
  expect(edits).toBe(4); // the first attempt and maxRevisionRetries (3) re-plans
  expect(fn.config.Handler).toBe(original.handler);
  expect(fn.config.Layers).toEqual(original.layers);
  expect(fn.config.Environment!.Variables).toEqual({ ...original.variables, EDIT_COUNT: '4' });
});

it('waits for an update in progress to finish instead of failing', async () => {
  const arn = candidates[2];
  const fn = sandbox.state.getFunctionByArn(arn)!;
  let busy = false;
  proxy.before = req => {
    if (!busy && isUpdateOf(req, arn)) {
      busy = true;
      // Same revision, but an update is settling: AWS answers ResourceConflictException.
      fn.updateSettlesAt = Date.now() + 300;
    }
  };

  const job = await enable([arn]);

  expect(job.items[0].state).toBe('succeeded');
  expect(updatesOf(arn)).toBe(2);
});

it('completes a bulk job through a throttling storm', async () => {
  const arns = candidates.slice(3, 15);
  sandbox.state.settings.quotaPerSecond = 2;
  sandbox.state.settings.getFunctionQuotaPerSecond = 4;
  const seenBefore = proxy.seen.length;
  try {
    const job = await enable(arns);
    expect(proxy.seen.slice(seenBefore).filter(req => req.status === 429).length).toBeGreaterThan(0);
    expect(job.counts).toMatchObject({ total: arns.length, succeeded: arns.length, failed: 0 });
    expect(sandbox.requestCount({ operation: 'UpdateFunctionConfiguration' })).toBeGreaterThanOrEqual(arns.length);
  } finally {
    sandbox.state.settings.quotaPerSecond = 15;
    sandbox.state.settings.getFunctionQuotaPerSecond = 100;
  }
}, 120_000);
