// GET /functions, GET /functions/:arn and POST /functions/:arn/plan over a scanned seed organisation.
import { startSandbox } from '../../../dev/sandbox/server';
import type { FunctionDetails, FunctionsPage } from '../../../src/common/api';
import { entity, fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startPlugin({
    sandbox,
    entities: [entity('payments', { 'serverless-tracing.io/lambda-functions': 'payments-*' })],
  });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

const page = async (query: string): Promise<FunctionsPage> => (await harness.api.get(`${BASE}/functions${query}`).expect(200)).body;

describe('GET /functions', () => {
  it('lists every function of the seed organisation after a scan', async () => {
    const { total, lastScan } = await page('');
    expect(total).toBe(sandbox.org.functionCount);
    expect(lastScan?.functionCount).toBe(sandbox.org.functionCount);
  });

  it('pages with offset and limit', async () => {
    const first = await page('?limit=10&sort=name');
    const second = await page('?limit=10&offset=10&sort=name');
    expect(first.items).toHaveLength(10);
    expect(second.items).toHaveLength(10);
    expect(second.offset).toBe(10);
    const firstArns = new Set(first.items.map(i => i.arn));
    expect(second.items.some(i => firstArns.has(i.arn))).toBe(false);
  });

  it('accepts a multi-value filter as repeated parameters or as a comma list', async () => {
    const repeated = await page('?runtime=python&runtime=node&limit=500');
    const listed = await page('?runtime=python,node&limit=500');
    expect(repeated.total).toBeGreaterThan(0);
    expect(listed.total).toBe(repeated.total);
    expect(repeated.items.every(i => i.runtimeFamily === 'python' || i.runtimeFamily === 'node')).toBe(true);
  });

  it('filters by account and status together', async () => {
    const { items, total } = await page('?account=111111111111&status=untraced&limit=500');
    expect(total).toBeGreaterThan(0);
    expect(items.every(i => i.accountId === '111111111111' && i.status === 'untraced')).toBe(true);
  });

  it('counts facets that add up to the total', async () => {
    const { total, facets } = await page('');
    for (const facet of ['account', 'runtime', 'status'] as const) {
      expect(facets[facet].reduce((sum, f) => sum + f.count, 0)).toBe(total);
    }
  });

  it('searches by name', async () => {
    const wanted = sandbox.state.allFunctions()[7].config.FunctionName!;
    const { items, total } = await page(`?q=${encodeURIComponent(wanted)}&limit=500`);
    expect(items.map(i => i.name)).toContain(wanted);
    expect(total).toBeLessThan(sandbox.org.functionCount);
  });

  it('sorts descending with a leading minus', async () => {
    const { items } = await page('?sort=-name&limit=20');
    const names = items.map(i => i.name);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a)));
  });

  it('restricts to the functions a catalog entity claims, with that entity as their owner', async () => {
    const { items, total } = await page(`?entityRef=${encodeURIComponent('component:default/payments')}&limit=500`);
    expect(total).toBeGreaterThan(0);
    expect(items.every(i => i.name.startsWith('payments-') && i.owner === 'component:default/payments')).toBe(true);
  });

  it('takes owners from the team tag when no entity claims a function', async () => {
    const { facets } = await page('');
    expect(facets.owner.some(f => f.value !== 'component:default/payments')).toBe(true);
  });

  it('answers 400 naming the parameter for an unknown filter value', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?runtime=cobol`).expect(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toContain('runtime');
  });

  it('answers 400 naming evidence for a proof-of-traces state that does not exist', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?evidence=maybe`).expect(400);
    expect(body.error.message).toContain('evidence');
  });

  it('answers 400 for a page size beyond the maximum', async () => {
    await harness.api.get(`${BASE}/functions?limit=100000`).expect(400);
  });

  it('answers 404 for an entity the catalog does not have', async () => {
    const { body } = await harness.api.get(`${BASE}/functions?entityRef=component:default/ghost`).expect(404);
    expect(body.error.name).toBe('NotFoundError');
  });
});

describe('GET /functions/:arn', () => {
  const someFunction = async (query: string) => (await page(`${query}&limit=1`)).items[0];

  it('gives findings, recommendation, plan preview, owner and variable names from a fresh read', async () => {
    const summary = await someFunction('?status=untraced&runtime=python&applicability=one-click');
    const { body } = await harness.api.get(fnPath(summary.arn)).expect(200);
    const details = body as FunctionDetails;
    const stored = sandbox.state.getFunctionByArn(summary.arn)!;
    expect(details.handler).toBe(stored.config.Handler);
    expect(details.environmentVariableNames).toEqual(Object.keys(stored.config.Environment?.Variables ?? {}).sort());
    expect(details.recommendation.solution).toMatch(/dd-trace/);
    expect(details.plan?.changes.length).toBeGreaterThan(0);
    expect(details.rollbackPlan).toBeNull();
    expect(details.history).toEqual([]);
  });

  it('answers 400 for something that is not a function ARN', async () => {
    const { body } = await harness.api.get(fnPath('not-an-arn')).expect(400);
    expect(body).toEqual({ error: { name: 'InputError', message: expect.stringContaining('ARN') } });
  });

  it('answers 404 for a function nobody has', async () => {
    const { body } = await harness.api.get(fnPath('arn:aws:lambda:us-east-1:999999999999:function:ghost')).expect(404);
    expect(body.error.name).toBe('NotFoundError');
  });

  it('answers 404 for a function deleted from a configured account', async () => {
    await harness.api.get(fnPath('arn:aws:lambda:us-east-1:111111111111:function:never-existed')).expect(404);
  });
});

describe('POST /functions/:arn/plan', () => {
  it('plans the chosen solution without changing the function', async () => {
    const [summary] = (await page('?status=untraced&runtime=node&applicability=one-click&limit=1')).items;
    const before = structuredClone(sandbox.state.getFunctionByArn(summary.arn)!.config);
    const { body } = await harness.api.post(`${fnPath(summary.arn)}/plan`).send({ solution: 'xray' }).expect(200);
    expect(body.solution).toBe('xray');
    expect(body.changes).toContainEqual(expect.objectContaining({ kind: 'tracing-mode-changed', after: 'Active' }));
    expect(sandbox.state.getFunctionByArn(summary.arn)!.config).toEqual(before);
  });

  it('returns a plan with its blockers instead of refusing', async () => {
    const [image] = (await page('?applicability=needs-image-rebuild&limit=1')).items;
    const { body } = await harness.api.post(`${fnPath(image.arn)}/plan`).send({ solution: 'dd-trace' }).expect(200);
    expect(body.blockers.length).toBeGreaterThan(0);
  });

  it('answers 400 for an unknown solution', async () => {
    const [summary] = (await page('?limit=1')).items;
    const { body } = await harness.api.post(`${fnPath(summary.arn)}/plan`).send({ solution: 'magic' }).expect(400);
    expect(body.error.message).toContain('solution');
  });
});
