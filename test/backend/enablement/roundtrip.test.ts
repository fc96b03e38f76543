// Enable, then roll back, one function of every runtime family, checked in the sandbox's own state.
import { startSandbox } from '../../../dev/sandbox/server';
import type { RuntimeFamily } from '../../../src/common/model';
import { runtimeFamily } from '../../../src/common/runtimes';
import { finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
const FAMILIES: RuntimeFamily[] = ['python', 'node', 'java', 'dotnet', 'ruby', 'provided'];

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 50 });
  harness = await startPlugin({ sandbox });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

/** An untraced zip function of the family in the commercial partition, with user layers when there are some. */
function untraced(family: RuntimeFamily) {
  const candidates = sandbox.state
    .allFunctions()
    .filter(fn => fn.scenario === 'untraced' && fn.config.FunctionArn!.startsWith('arn:aws:') && runtimeFamily(fn.config.Runtime) === family)
    .sort((a, b) => (b.config.Layers?.length ?? 0) - (a.config.Layers?.length ?? 0));
  return candidates[0];
}

function snapshot(arn: string) {
  const { config } = sandbox.state.getFunctionByArn(arn)!;
  return {
    Handler: config.Handler,
    Variables: { ...(config.Environment?.Variables ?? {}) },
    Layers: (config.Layers ?? []).map(l => l.Arn),
    TracingMode: config.TracingConfig?.Mode ?? 'PassThrough',
  };
}

async function runJob(body: object) {
  const { body: job } = await harness.api.post(`${BASE}/jobs`).send(body).expect(202);
  return finished(harness.api, job.id);
}

describe.each(FAMILIES)('%s', family => {
  it('enables Datadog keeping every existing variable and layer, then rolls back to the exact original', async () => {
    const fn = untraced(family);
    const arn = fn.config.FunctionArn!;
    const original = snapshot(arn);

    const enabled = await runJob({ action: 'enable', functionArns: [arn], solution: 'dd-trace' });
    expect(enabled.items[0]).toMatchObject({ state: 'succeeded' });
    const after = snapshot(arn);
    expect(after.Variables).toMatchObject(original.Variables);
    expect(after.Variables.DD_SITE).toBe('datadoghq.com');
    expect(after.Layers.slice(0, original.Layers.length)).toEqual(original.Layers);
    expect(after.Layers.some(layer => /:layer:Datadog-Extension/.test(layer!))).toBe(true);

    const rolledBack = await runJob({ action: 'rollback', functionArns: [arn] });
    expect(rolledBack.items[0]).toMatchObject({ state: 'succeeded' });
    expect(snapshot(arn)).toEqual(original);
  });
});

it('enables X-Ray by switching the tracing mode only, and rolls it back', async () => {
  const arn = untraced('python').config.FunctionArn!;
  const original = snapshot(arn);
  await runJob({ action: 'enable', functionArns: [arn], solution: 'xray' });
  expect(snapshot(arn)).toEqual({ ...original, TracingMode: 'Active' });
  await runJob({ action: 'rollback', functionArns: [arn] });
  expect(snapshot(arn)).toEqual(original);
});

it('records who enabled what in the audit trail and the function history', async () => {
  const arn = untraced('node').config.FunctionArn!;
  await runJob({ action: 'enable', functionArns: [arn] });
  const { body: trail } = await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(arn)}`).expect(200);
  expect(trail[0]).toMatchObject({ actor: 'user:default/mock', functionArn: arn, action: 'enable', outcome: 'succeeded' });
  expect(trail[0].summary).not.toBe('');
  const { body: details } = await harness.api.get(`${BASE}/functions/${encodeURIComponent(arn)}`).expect(200);
  expect(details.history[0].id).toBe(trail[0].id);
  expect(details.canRollback).toBe(true);
  expect(details.rollbackPlan.changes.length).toBeGreaterThan(0);
});

it('marks an already enabled function succeeded without sending an update', async () => {
  const arn = untraced('dotnet').config.FunctionArn!;
  const [account, region] = [arn.split(':')[4], arn.split(':')[3]];
  await runJob({ action: 'enable', functionArns: [arn], solution: 'dd-trace' });
  const updates = sandbox.requestCount({ operation: 'UpdateFunctionConfiguration', accountId: account, region });
  const again = await runJob({ action: 'enable', functionArns: [arn], solution: 'dd-trace' });
  expect(again.items[0].state).toBe('succeeded');
  expect(sandbox.requestCount({ operation: 'UpdateFunctionConfiguration', accountId: account, region })).toBe(updates);
});
