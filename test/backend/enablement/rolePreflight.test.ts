// The function role pre-flight against the sandbox's IAM policy simulator, through the real plugin:
// the plan endpoint, the single-function job pre-flight and the worker all see the same findings.
import { startSandbox } from '../../../dev/sandbox/server';
import { setGlobalFailure } from '../../../dev/sandbox/organizations-api';
import type { FunctionDetails, PlanView } from '../../../src/common/api';
import type { EnablementPlan, FunctionConfig } from '../../../src/common/model';
import { placementFindings, permissionsNeeded } from '../../../src/backend/enablement/rolePreflight';
import { API_KEY_SECRET_ARN, finished, fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
const SIMULATE = 'iam:SimulatePrincipalPolicy';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  harness = await startPlugin({ sandbox });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

const fns = () => sandbox.state.allFunctions();
/** Untraced zip Python functions of the commercial partition, in account-region order. */
const untracedPython = (accountId = '111111111111', region = 'us-east-1') =>
  fns().filter(fn => fn.scenario === 'untraced' && fn.accountId === accountId && fn.region === region && fn.config.Runtime?.startsWith('python'));
const lackingSecret = () => fns().find(fn => fn.scenario === 'misconfigured-extension-without-api-key' && fn.config.FunctionArn!.startsWith('arn:aws:'))!;
const plan = async (arn: string, solution = 'dd-trace') => (await harness.api.post(`${fnPath(arn)}/plan`).send({ solution }).expect(200)).body as PlanView;
const codes = (notes: Array<{ code: string }>) => notes.map(note => note.code);

describe('a role without secretsmanager:GetSecretValue on the API key secret', () => {
  it('is a blocker of the plan that names the role and the action', async () => {
    const fn = lackingSecret();
    expect(sandbox.state.roles.allows(fn.config.Role!, 'secretsmanager:GetSecretValue')).toBe(false);
    const view = await plan(fn.config.FunctionArn!);
    const blocker = view.blockers.find(note => note.code === 'role-permission-missing');
    expect(blocker?.message).toContain(fn.config.Role!);
    expect(blocker?.message).toContain('secretsmanager:GetSecretValue');
    expect(blocker?.message).toContain(API_KEY_SECRET_ARN);
    // The details' preview (what the drawer's enable dialog shows) says the same.
    const details = (await harness.api.get(fnPath(fn.config.FunctionArn!)).expect(200)).body as FunctionDetails;
    expect(codes(details.plan?.blockers ?? [])).toContain('role-permission-missing');
  });

  it('refuses the single-function job with 422 and the bulk job item, writing nothing', async () => {
    const fn = lackingSecret();
    const arn = fn.config.FunctionArn!;
    const revision = fn.config.RevisionId;
    const single = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn], solution: 'dd-trace' }).expect(422);
    expect(single.body.error.message).toContain('secretsmanager:GetSecretValue');

    const other = untracedPython()[0].config.FunctionArn!;
    const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn, other], solution: 'dd-trace' }).expect(202);
    const done = await finished(harness.api, job.id);
    const refused = done.items.find(item => item.functionArn === arn)!;
    expect(refused.state).toBe('failed');
    expect(refused.message).toMatch(/^Refused: .*secretsmanager:GetSecretValue/);
    expect(done.items.find(item => item.functionArn === other)!.state).toBe('succeeded');
    expect(sandbox.state.getFunctionByArn(arn)!.config.RevisionId).toBe(revision);
  });
});

it('blocks X-Ray when the role may not send segments', async () => {
  const fn = untracedPython()[1];
  sandbox.state.roles.deny(fn.config.Role!, 'xray:PutTraceSegments');
  try {
    const view = await plan(fn.config.FunctionArn!, 'xray');
    expect(view.blockers.map(note => note.message).join(' ')).toContain('xray:PutTraceSegments');
    expect(view.blockers.map(note => note.message).join(' ')).not.toContain('xray:PutTelemetryRecords');
  } finally {
    sandbox.state.roles.allow(fn.config.Role!, 'xray:PutTraceSegments');
  }
});

describe('a simulation that cannot be made', () => {
  it('is a warning naming iam:SimulatePrincipalPolicy when the plugin may not simulate, and the job goes ahead saying so', async () => {
    const fn = untracedPython()[2];
    setGlobalFailure(sandbox.state, fn.accountId, 'iam', 'AccessDeniedException');
    try {
      const view = await plan(fn.config.FunctionArn!);
      expect(codes(view.blockers)).toEqual([]);
      const warning = view.warnings.find(note => note.code === 'role-not-checked');
      expect(warning?.message).toContain(SIMULATE);
      expect(warning?.message).toContain('secretsmanager:GetSecretValue');

      const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [fn.config.FunctionArn], solution: 'dd-trace' }).expect(202);
      const done = await finished(harness.api, job.id);
      expect(done.items[0].state).toBe('succeeded');
      expect(done.items[0].message).toContain(SIMULATE);
    } finally {
      setGlobalFailure(sandbox.state, fn.accountId, 'iam', undefined);
    }
  });

  it('is a warning in the plan when IAM keeps throttling, never a silent pass', async () => {
    const fn = untracedPython()[3];
    setGlobalFailure(sandbox.state, fn.accountId, 'iam', 'TooManyRequestsException');
    try {
      const view = await plan(fn.config.FunctionArn!);
      expect(view.warnings.find(note => note.code === 'role-not-checked')?.message).toMatch(/throttled/i);
    } finally {
      setGlobalFailure(sandbox.state, fn.accountId, 'iam', undefined);
    }
  });
});

describe('simulations of a job', () => {
  const enableJob = async (arns: string[]) => {
    const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns, solution: 'dd-trace' }).expect(202);
    return finished(harness.api, job.id);
  };

  it('simulates a role shared by the functions of one job once', async () => {
    const [first, second] = untracedPython().slice(4, 6);
    second.config.Role = first.config.Role;
    // The inventory learns the shared role from a fresh read, as a scan would.
    await harness.api.get(fnPath(second.config.FunctionArn!)).expect(200);
    const before = sandbox.requestCount({ operation: SIMULATE });
    const done = await enableJob([first.config.FunctionArn!, second.config.FunctionArn!]);
    expect(done.counts).toMatchObject({ succeeded: 2 });
    expect(sandbox.requestCount({ operation: SIMULATE }) - before).toBe(1);
  });

  it('asks IAM once per distinct role of a bulk job, whatever each function needs', async () => {
    // Python functions get no X-Ray here, Node.js ones may: one question set answers both.
    const chosen = fns().filter(fn => fn.scenario === 'untraced' && fn.accountId === '111111111111' && fn.region === 'eu-west-1' && fn.config.PackageType === 'Zip').slice(0, 8);
    expect(chosen.length).toBeGreaterThan(3);
    const roles = new Set(chosen.map(fn => fn.config.Role));
    const before = sandbox.requestCount({ operation: SIMULATE });
    const done = await enableJob(chosen.map(fn => fn.config.FunctionArn!));
    expect(done.items.every(item => item.state === 'succeeded' || item.message?.startsWith('Refused'))).toBe(true);
    expect(sandbox.requestCount({ operation: SIMULATE }) - before).toBe(roles.size);
  });

  it('waits out IAM throttling the job met up front, and never enables on an unchecked role', async () => {
    const chosen = fns()
      .filter(fn => fn.scenario === 'untraced' && fn.accountId === '111111111111' && fn.region === 'us-east-1' && fn.config.PackageType === 'Zip' && /^nodejs(22|24)/.test(fn.config.Runtime ?? ''))
      .slice(0, 3);
    expect(chosen).toHaveLength(3);
    setGlobalFailure(sandbox.state, '111111111111', 'iam', 'TooManyRequestsException');
    const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: chosen.map(fn => fn.config.FunctionArn), solution: 'dd-trace' }).expect(202);
    // The items cannot go on while IAM throttles: nothing is written meanwhile.
    await new Promise(resolve => setTimeout(resolve, 400));
    const revisions = chosen.map(fn => sandbox.state.getFunctionByArn(fn.config.FunctionArn!)!.config.RevisionId);
    expect(revisions).toEqual(chosen.map(fn => fn.config.RevisionId));
    setGlobalFailure(sandbox.state, '111111111111', 'iam', undefined);
    const done = await finished(harness.api, body.id);
    expect(done.items.map(item => [item.state, item.message])).toEqual(chosen.map(() => ['succeeded', null]));
  });

  it('lets an item whose fresh read shows another role than the inventory ask for that role itself', async () => {
    const [fn] = untracedPython().slice(6, 7);
    const listed = fn.config.Role!;
    const other = untracedPython()[7].config.Role!;
    fn.config.Role = other;
    const before = sandbox.requestCount({ operation: SIMULATE });
    sandbox.state.roles.deny(other, 'secretsmanager:GetSecretValue');
    try {
      const neighbour = untracedPython()[8];
      const job = await enableJob([fn.config.FunctionArn!, neighbour.config.FunctionArn!]);
      const item = job.items.find(i => i.functionArn === fn.config.FunctionArn)!;
      expect(item.message).toMatch(/^Refused: /);
      expect(item.message).toContain(other);
      expect(item.message).not.toContain(listed);
      // The two roles the inventory lists, ahead of the items, and the one the fresh read showed.
      expect(sandbox.requestCount({ operation: SIMULATE }) - before).toBe(3);
    } finally {
      sandbox.state.roles.allow(other, 'secretsmanager:GetSecretValue');
    }
  });
});

describe('where the plan points the function', () => {
  it('blocks a GovCloud function from a commercial-partition secret and warns about a commercial site', async () => {
    const gov = fns().find(fn => fn.config.FunctionArn!.startsWith('arn:aws-us-gov:') && fn.scenario === 'untraced')
      ?? fns().find(fn => fn.config.FunctionArn!.startsWith('arn:aws-us-gov:') && fn.config.PackageType === 'Zip')!;
    const view = await plan(gov.config.FunctionArn!);
    expect(view.blockers.find(note => note.code === 'secret-partition')?.message).toContain('aws-us-gov');
    expect(view.warnings.find(note => note.code === 'site-outside-govcloud')?.message).toContain('ddog-gov.com');
  });

  it('warns that a secret in another account needs a resource policy', async () => {
    const elsewhere = fns().find(fn => fn.accountId === '222222222222' && fn.scenario === 'untraced' && fn.config.PackageType === 'Zip')!;
    const view = await plan(elsewhere.config.FunctionArn!);
    expect(view.warnings.find(note => note.code === 'secret-cross-account')?.message).toContain('resource policy');
  });
});

describe('placement and needs, from the plan alone', () => {
  const planFor = (functionArn: string, variables: Record<string, string>, changes: EnablementPlan['changes'] = []): EnablementPlan => ({
    functionArn,
    action: 'enable',
    solution: 'dd-trace',
    changes,
    blockers: [],
    warnings: [],
    after: { Layers: [], Environment: { Variables: variables }, TracingConfig: { Mode: changes.length ? 'Active' : 'PassThrough' } },
  });
  const govArn = 'arn:aws-us-gov:lambda:us-gov-west-1:444444444444:function:ledger';

  it('finds nothing wrong with a GovCloud secret of the same account and region and the GovCloud site', () => {
    const secret = 'arn:aws-us-gov:secretsmanager:us-gov-west-1:444444444444:secret:dd-AbCdEf';
    const findings = placementFindings({ FunctionArn: govArn } as FunctionConfig, planFor(govArn, { DD_API_KEY_SECRET_ARN: secret, DD_SITE: 'ddog-gov.com' }));
    expect(findings).toEqual({ blockers: [], warnings: [] });
  });

  it('flags a commercial function pointed at a GovCloud secret, and a secret in another region', () => {
    const arn = 'arn:aws:lambda:eu-west-1:111111111111:function:api';
    const gov = placementFindings({ FunctionArn: arn } as FunctionConfig, planFor(arn, { DD_API_KEY_SECRET_ARN: 'arn:aws-us-gov:secretsmanager:us-gov-west-1:444444444444:secret:dd' }));
    expect(codes(gov.blockers)).toEqual(['secret-partition']);
    const regional = placementFindings({ FunctionArn: arn } as FunctionConfig, planFor(arn, { DD_API_KEY_SECRET_ARN: API_KEY_SECRET_ARN }));
    expect(codes(regional.warnings)).toEqual(['secret-cross-region']);
  });

  it('asks for X-Ray only when the plan turns it on, and for KMS only as a warning', () => {
    const arn = 'arn:aws:lambda:us-east-1:111111111111:function:api';
    const xray = permissionsNeeded(planFor(arn, {}, [{ kind: 'tracing-mode-changed', before: 'PassThrough', after: 'Active' }]));
    expect(xray.map(need => [need.action, need.required])).toEqual([['xray:PutTraceSegments', true], ['xray:PutTelemetryRecords', true]]);
    const kms = permissionsNeeded(planFor(arn, { DD_KMS_API_KEY: 'AQICAH…' }));
    expect(kms.map(need => [need.action, need.resource, need.required])).toEqual([['kms:Decrypt', '*', false]]);
  });
});

describe('serverlessTracing.rolePreflight: false', () => {
  it('asks IAM nothing and says in the plan, and on the job item, that the role was not checked', async () => {
    const off = await startPlugin({ sandbox, config: { serverlessTracing: { rolePreflight: false } } });
    try {
      await scanned(off.api);
      const fn = untracedPython()[9];
      const before = sandbox.requestCount({ operation: SIMULATE });
      const view = (await off.api.post(`${fnPath(fn.config.FunctionArn!)}/plan`).send({ solution: 'dd-trace' }).expect(200)).body as PlanView;
      expect(view.warnings.find(note => note.code === 'role-not-checked')?.message).toContain('switched off (serverlessTracing.rolePreflight: false)');
      const { body } = await off.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [fn.config.FunctionArn], solution: 'dd-trace' }).expect(202);
      const done = await finished(off.api, body.id);
      expect(done.items[0].state).toBe('succeeded');
      expect(done.items[0].message).toContain('rolePreflight: false');
      expect(sandbox.requestCount({ operation: SIMULATE }) - before).toBe(0);
    } finally {
      await off.stop();
    }
  });
});
