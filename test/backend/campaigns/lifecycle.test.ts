// A campaign's life beyond the happy path: starting one needs the enable permission on every function
// it would upgrade; a person cancels one waiting between stages (later stages never start); and one
// paused between stages when its backend stops is finished by the next backend on the same database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Campaign, UpgradeCandidates } from '../../../src/common/campaigns';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { unownedFunctionEnablePermission } from '../../../src/common/permissions';
import { startSandbox } from '../../../dev/sandbox/server';
import { eventually, scanned, startPlugin, type Api, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
const FAST = { serverlessTracing: { campaigns: { checkIntervalMs: 50 } } };

let sandbox: Sandbox;
let directory: string;
let knex: Knex;
const harnesses: PluginHarness[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  directory = mkdtempSync(join(tmpdir(), 'serverless-tracing-campaigns-'));
  knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(directory, 'plugin.sqlite') }, useNullAsDefault: true });
});

afterAll(async () => {
  for (const harness of harnesses) await harness.stop();
  await knex?.destroy();
  await sandbox?.close();
  rmSync(directory, { recursive: true, force: true });
});

async function started(options: Parameters<typeof startPlugin>[0]): Promise<PluginHarness> {
  const harness = await startPlugin(options);
  harnesses.push(harness);
  return harness;
}

const candidates = async (api: Api) => (await api.get(`${BASE}/campaigns/candidates`).expect(200)).body as UpgradeCandidates;
async function until(api: Api, id: string, states: Array<Campaign['state']>): Promise<Campaign> {
  return eventually(async () => {
    const { body } = await api.get(`${BASE}/campaigns/${id}`).expect(200);
    return states.includes(body.state) ? (body as Campaign) : undefined;
  });
}
const onTarget = (arn: string) =>
  (sandbox.state.getFunctionByArn(arn)!.config.Layers ?? [])
    .filter(layer => /:layer:Datadog-/.test(layer.Arn ?? ''))
    .every(layer => Object.values(DEFAULT_LAYER_VERSIONS).includes(Number(layer.Arn!.split(':').pop())));

it('refuses with 403 a campaign over functions the user may not enable, naming them, and starts nothing', async () => {
  // The seed's owners are tag values, not catalog entities: unowned functions, guarded by their own permission.
  const permissions = mockServices.permissions.mock({
    authorize: vi.fn(async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({ result: r.permission.name === unownedFunctionEnablePermission.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW })),
    ) as any,
    authorizeConditional: vi.fn(async () => [{ result: AuthorizeResult.ALLOW }]) as any,
  });
  const guarded = await started({ sandbox, config: FAST, services: [permissions.factory] });
  await scanned(guarded.api);
  const { upgradable, items } = await candidates(guarded.api);
  expect(upgradable).toBeGreaterThan(0);

  const { body } = await guarded.api.post(`${BASE}/campaigns`).send({ staging: { by: 'account' } }).expect(403);
  expect(body.error.message).toContain(`it upgrades ${upgradable} function(s) you may not enable tracing on`);
  expect(items.some(item => body.error.message.includes(item.arn))).toBe(true);
  expect((await guarded.api.get(`${BASE}/campaigns`).expect(200)).body).toEqual([]);
});

it('cancels a campaign waiting between stages: the later stages never start', async () => {
  const first = await started({ sandbox, knex, config: FAST });
  await scanned(first.api);
  const { body: created } = await first.api.post(`${BASE}/campaigns`).send({ staging: { by: 'account' }, pauseSeconds: 0, requireApproval: true }).expect(201);
  const waiting = await until(first.api, created.id, ['waiting-for-approval', 'stopped']);
  expect(waiting.state).toBe('waiting-for-approval');

  const { body: cancelled } = await first.api.post(`${BASE}/campaigns/${created.id}/cancel`).expect(200);
  expect(cancelled).toMatchObject({ state: 'cancelled' });
  expect(cancelled.reason).toMatch(/^Cancelled by user:default\/mock during stage 1 of \d+; later stages were not started\.$/);
  // Past a few of the advancer's looks, nothing has started.
  await new Promise(resolve => setTimeout(resolve, 300));
  const after = (await first.api.get(`${BASE}/campaigns/${created.id}`).expect(200)).body as Campaign;
  expect(after.stages.slice(1).every(stage => stage.jobId === null)).toBe(true);
  await first.api.post(`${BASE}/campaigns/${created.id}/continue`).expect(409);
  await first.api.post(`${BASE}/campaigns/no-such-campaign/cancel`).expect(404);
}, 60_000);

it('finishes a campaign paused between stages after its backend restarts', async () => {
  const [first] = harnesses.slice(-1);
  const before = await candidates(first.api);
  expect(before.upgradable).toBeGreaterThanOrEqual(2);
  const { body: created } = await first.api.post(`${BASE}/campaigns`).send({ staging: { by: 'percentage', firstPercent: 20 }, pauseSeconds: 2 }).expect(201);
  const pausing = await until(first.api, created.id, ['pausing', 'stopped', 'completed']);
  expect(pausing.stages[0].finishedAt).not.toBeNull();
  expect(pausing.state).toBe('pausing');
  await first.stop();
  harnesses.splice(harnesses.indexOf(first), 1);

  const second = await started({ sandbox, knex, config: FAST });
  const done = await until(second.api, created.id, ['completed', 'stopped']);
  expect(done).toMatchObject({ state: 'completed', reason: null });
  expect(done.stages.map(stage => stage.jobId === null)).toEqual([false, false]);
  expect(Date.parse(done.stages[1].startedAt!) - Date.parse(done.stages[0].finishedAt!)).toBeGreaterThanOrEqual(2000);
  expect(done.stages.flatMap(stage => stage.functionArns).every(onTarget)).toBe(true);
  expect((await candidates(second.api)).upgradable).toBe(0);
}, 60_000);
