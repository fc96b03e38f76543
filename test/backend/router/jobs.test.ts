// POST /jobs and GET /jobs/:id: who may start what, and what is refused before anything is written.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startSandbox } from '../../../dev/sandbox/server';
import { entity, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  harness = await startPlugin({ sandbox });
  await scanned(harness.api);
  for (const family of ['python', 'node', 'java', 'dotnet', 'ruby']) {
    const applicability = family === 'ruby' ? 'needs-code-change' : 'one-click';
    const { body } = await harness.api.get(`${BASE}/functions?status=untraced&runtime=${family}&applicability=${applicability}&limit=10&sort=name`);
    oneClick.set(family, body.items.map((i: { arn: string }) => i.arn));
  }
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

/** Untraced functions of a family that can be enabled with one click (supported runtime, zip). */
const oneClick = new Map<string, string[]>();
const untraced = (family: string, index = 0) => oneClick.get(family)![index];
const image = () => sandbox.state.allFunctions().find(fn => fn.scenario === 'container-image')!.config.FunctionArn!;

describe('POST /jobs', () => {
  it('answers 202 with the job at once, and the job finishes in the background', async () => {
    const arns = [untraced('python', 1), untraced('node', 1)];
    const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns }).expect(202);
    expect(job).toMatchObject({ action: 'enable', createdBy: 'user:default/mock', counts: { total: 2 } });
    const done = await finished(harness.api, job.id);
    expect(done.state).toBe('succeeded');
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 0 });
  });

  it('answers 422 with the blockers for a single function whose plan is blocked, creating nothing', async () => {
    const arn = image();
    const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn], solution: 'dd-trace' }).expect(422);
    expect(body.error.name).toBe('PlanBlockedError');
    expect(body.error.message.length).toBeGreaterThan(20);
    const { body: trail } = await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(arn)}`).expect(200);
    expect(trail).toEqual([]);
  });

  it('refuses a blocked function inside a bulk job as a failed item, and does the rest', async () => {
    const arns = [image(), untraced('java', 1)];
    const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns, solution: 'dd-trace' }).expect(202);
    const done = await finished(harness.api, job.id);
    expect(done.state).toBe('partial');
    const blocked = done.items.find(i => i.functionArn === arns[0])!;
    expect(blocked.state).toBe('failed');
    expect(blocked.message).toMatch(/^Refused/);
    const { body: trail } = await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(arns[0])}`).expect(200);
    expect(trail[0].outcome).toBe('refused');
  });

  it('answers 409 when there is nothing to roll back', async () => {
    const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'rollback', functionArns: [untraced('ruby', 1)] }).expect(409);
    expect(body.error).toEqual({ name: 'ConflictError', message: expect.stringContaining('nothing to roll back') });
  });

  it('answers 409 while an update of the function is in progress', async () => {
    const arn = untraced('dotnet', 1);
    sandbox.state.getFunctionByArn(arn)!.updateSettlesAt = Date.now() + 60_000;
    try {
      const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn] }).expect(409);
      expect(body.error.message).toContain('in progress');
    } finally {
      sandbox.state.getFunctionByArn(arn)!.updateSettlesAt = 0;
    }
  });

  it('answers 404 naming functions that are not in the inventory', async () => {
    const ghost = 'arn:aws:lambda:us-east-1:111111111111:function:ghost';
    const { body } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [ghost] }).expect(404);
    expect(body.error.message).toContain(ghost);
  });

  it.each([
    [{ action: 'enable', functionArns: [] }, 'functionArns'],
    [{ action: 'enable', functionArns: ['nope'] }, 'functionArns'],
    [{ action: 'delete', functionArns: ['arn:aws:lambda:us-east-1:111111111111:function:a'] }, 'action'],
    [{ action: 'rollback', functionArns: ['arn:aws:lambda:us-east-1:111111111111:function:a'], solution: 'xray' }, 'solution'],
    [{ action: 'enable', functionArns: Array.from({ length: 1001 }, (_, i) => `arn:aws:lambda:us-east-1:111111111111:function:f${i}`) }, 'functionArns'],
  ])('answers 400 for an invalid request (%#)', async (request, field) => {
    const { body } = await harness.api.post(`${BASE}/jobs`).send(request).expect(400);
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toContain(field);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const { body } = await harness.api.post(`${BASE}/jobs`).set('content-type', 'application/json').send('{"action":').expect(400);
    expect(Object.keys(body)).toEqual(['error']);
  });

  it('answers 401 without credentials', async () => {
    await harness.api.post(`${BASE}/jobs`).set('authorization', mockCredentials.none.header()).send({ action: 'enable', functionArns: [untraced('python')] }).expect(401);
  });

  it('answers 403 to a service: only people enable or roll back', async () => {
    const { body } = await harness.api
      .post(`${BASE}/jobs`)
      .set('authorization', mockCredentials.service.header())
      .send({ action: 'enable', functionArns: [untraced('python')] })
      .expect(403);
    expect(body.error.name).toBe('NotAllowedError');
  });
});

describe('GET /jobs/:id', () => {
  it('answers 404 for an unknown job', async () => {
    const { body } = await harness.api.get(`${BASE}/jobs/does-not-exist`).expect(404);
    expect(body.error.name).toBe('NotFoundError');
  });
});

describe('enable permission', () => {
  let guarded: PluginHarness;
  const owned = () => untraced('python', 2);

  beforeAll(async () => {
    const name = sandbox.state.getFunctionByArn(owned())!.config.FunctionName!;
    const permissions = mockServices.permissions.mock({
      authorize: vi.fn(async (requests: Array<{ resourceRef?: string }>) =>
        requests.map(r => ({ result: r.resourceRef === 'component:default/guarded' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
      ) as any,
      authorizeConditional: vi.fn(async () => [{ result: AuthorizeResult.ALLOW }]) as any,
    });
    guarded = await startPlugin({
      sandbox,
      entities: [entity('guarded', { 'serverless-tracing.io/lambda-functions': name })],
      services: [permissions.factory],
    });
    await scanned(guarded.api);
  });

  afterAll(() => guarded?.stop());

  it('answers 403 when the policy denies it for the owning entity, and starts nothing', async () => {
    const { body } = await guarded.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [owned(), untraced('node', 2)] }).expect(403);
    expect(body.error.message).toContain(owned());
    expect(body.error.message).not.toContain(untraced('node', 2));
  });

  it('lets through functions whose owner the policy allows', async () => {
    await guarded.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [untraced('node', 2)] }).expect(202);
  });
});
