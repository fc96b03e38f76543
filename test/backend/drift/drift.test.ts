// Issue 11.1's acceptance on the sandbox org: enable some functions → another deployer reverts them
// (UpdateFunctionConfiguration through the SDK) → the next scan shows them drifted, with what changed
// → a bulk re-apply through the normal job path → traced again. Alongside, the auto-repair policy
// repairs the drifted functions of its account by itself, and leaves an IaC-managed one alone.
import type { AuditEvent, FunctionDetails, FunctionsPage, FunctionSummary } from '../../../src/common/api';
import { startSandbox } from '../../../dev/sandbox/server';
import { simulateDeploy } from '../../../dev/sandbox/deploy';
import { eventually, finished, fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
const MANUAL = '111111111111';
const REPAIRED = '222222222222';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  harness = await startPlugin({ sandbox, config: { serverlessTracing: { drift: { autoRepair: { accounts: [REPAIRED] } } } } });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

/** Untraced functions of the account that dd-trace enables in one click, IaC-managed by a stack or not. */
async function candidates(accountId: string, count: number, stack = false): Promise<FunctionSummary[]> {
  const query = `status=untraced&account=${accountId}&runtime=python,node&applicability=one-click&limit=500`;
  const { body } = await harness.api.get(`${BASE}/functions?${query}`).expect(200);
  const managed = (fn: FunctionSummary) => ['cloudformation', 'sam', 'serverless-framework'].includes(fn.iac ?? '');
  const rows = (body as FunctionsPage).items.filter(fn => (stack ? managed(fn) : fn.iac === null) && fn.solution === 'dd-trace');
  expect(rows.length).toBeGreaterThanOrEqual(count);
  return rows.slice(0, count);
}

async function runJob(body: object) {
  const { body: job } = await harness.api.post(`${BASE}/jobs`).send(body).expect(202);
  return finished(harness.api, job.id);
}

const details = async (arn: string) => (await harness.api.get(fnPath(arn)).expect(200)).body as FunctionDetails;
const configOf = (arn: string) => sandbox.state.getFunctionByArn(arn)!.config;
const hasDatadog = (arn: string) => (configOf(arn).Layers ?? []).some(layer => /:layer:Datadog-Extension/.test(layer.Arn ?? ''));

it('flags reverted functions drifted with what changed, re-applies them in bulk, and repairs the policy account by itself', async () => {
  const [full, oneVariable, handlerOnly] = await candidates(MANUAL, 3);
  const [repairable] = await candidates(REPAIRED, 1);
  const [managed] = await candidates(REPAIRED, 1, true);
  const stack = sandbox.state.getFunctionByArn(managed.arn)!.tags['aws:cloudformation:stack-name'];
  const all = [full, oneVariable, handlerOnly, repairable, managed];

  const enabled = await runJob({ action: 'enable', functionArns: all.map(fn => fn.arn), solution: 'dd-trace' });
  expect(enabled.counts.succeeded).toBe(all.length);
  const siteValue = configOf(oneVariable.arn).Environment!.Variables!.DD_SITE;

  // Another deployer: a template without tracing, one that drops a variable, one that resets the handler.
  await simulateDeploy(sandbox.url, full.arn);
  await simulateDeploy(sandbox.url, oneVariable.arn, current => {
    const { DD_SITE: _dropped, ...rest } = current.Environment!.Variables!;
    return { Environment: { Variables: rest } };
  });
  await simulateDeploy(sandbox.url, handlerOnly.arn, current => ({ Handler: current.Environment!.Variables!.DD_LAMBDA_HANDLER }));
  await simulateDeploy(sandbox.url, repairable.arn);
  await simulateDeploy(sandbox.url, managed.arn);
  expect(all.filter(fn => hasDatadog(fn.arn)).map(fn => fn.name)).toEqual([oneVariable.name, handlerOnly.name]);

  await scanned(harness.api);

  // The policy's account: repaired by a job the plugin's own principal started, audited.
  await eventually(async () => (hasDatadog(repairable.arn) ? true : undefined));
  // The audit entry follows the write (after the update settles and the item is recorded): wait for it.
  const trail = await eventually(async () => {
    const events = (await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(repairable.arn)}`).expect(200)).body as AuditEvent[];
    return events.length > 1 ? events : undefined;
  });
  expect(trail[0]).toMatchObject({ actor: 'plugin:serverless-tracing', action: 'enable', outcome: 'succeeded' });

  // The IaC-managed one is left alone and says where the fix belongs.
  const iac = await details(managed.arn);
  expect(iac).toMatchObject({ status: 'drifted', iac: managed.iac });
  expect(iac.drift.find(f => f.code === 'drift-iac-managed')?.message).toContain(`stack ${stack}`);
  expect(iac.recommendation.iacSteps?.length).toBeGreaterThan(0);
  expect(hasDatadog(managed.arn)).toBe(false);

  // The manual account: drifted, filterable, with reasons naming variables and never their values.
  const { body: page } = await harness.api.get(`${BASE}/functions?status=drifted&account=${MANUAL}&limit=500`).expect(200);
  const drifted = (page as FunctionsPage).items;
  expect(drifted.map(fn => fn.arn).sort()).toEqual([full.arn, oneVariable.arn, handlerOnly.arn].sort());
  expect((page as FunctionsPage).facets.status.find(f => f.value === 'drifted')?.count).toBe(3);
  const reasons = Object.fromEntries(drifted.map(fn => [fn.arn, fn.drift.map(f => f.code)]));
  expect(reasons[full.arn]).toEqual(expect.arrayContaining(['drift-layer-removed', 'drift-variable-removed', 'drift-handler-reset']));
  expect(reasons[oneVariable.arn]).toEqual(['drift-variable-removed']);
  expect(reasons[handlerOnly.arn]).toEqual(['drift-handler-reset']);
  const variableFinding = drifted.find(fn => fn.arn === oneVariable.arn)!.drift[0].message;
  expect(variableFinding).toContain('DD_SITE');
  expect(variableFinding).not.toContain(siteValue);
  expect(drifted.every(fn => fn.applicability === 'one-click' && fn.solution === 'dd-trace')).toBe(true);
  const { body: summary } = await harness.api.get(`${BASE}/summary`).expect(200);
  expect(summary.byStatus.drifted).toBeGreaterThanOrEqual(4);

  // Bulk re-apply through the normal job path: each function's recommendation is what was applied.
  const reapplied = await runJob({ action: 'enable', functionArns: drifted.map(fn => fn.arn) });
  expect(reapplied.items.map(item => item.message)).toEqual([null, null, null]);
  expect(reapplied.items.every(item => item.appliedSolution === 'dd-trace')).toBe(true);

  await scanned(harness.api);
  for (const fn of [full, oneVariable, handlerOnly, repairable]) {
    const now = await details(fn.arn);
    expect({ name: fn.name, status: now.status, drift: now.drift }).toEqual({ name: fn.name, status: 'datadog', drift: [] });
  }
  expect((await details(managed.arn)).status).toBe('drifted');

  // Rolling back a re-apply restores what the other deployer left. Where that was untraced, the first
  // enablement is undone too and closed with it; where part of it is still there, it stays to roll back.
  const rolledBack = await runJob({ action: 'rollback', functionArns: [full.arn, oneVariable.arn] });
  expect(rolledBack.items.map(item => [item.state, item.message])).toEqual([['succeeded', null], ['succeeded', null]]);
  const plain = await details(full.arn);
  expect({ status: plain.status, drift: plain.drift, canRollback: plain.canRollback, traced: hasDatadog(full.arn) }).toEqual({ status: 'untraced', drift: [], canRollback: false, traced: false });
  const partial = await details(oneVariable.arn);
  expect({ status: partial.status, drift: partial.drift.map(f => f.code), canRollback: partial.canRollback }).toEqual({ status: 'drifted', drift: ['drift-variable-removed'], canRollback: true });
}, 120_000);
