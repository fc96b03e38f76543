// A backend stops with a job half done; the next one on the same database finishes it, sending each
// function's update exactly once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { startSandbox } from '../../../dev/sandbox/server';
import { eventually, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
// staleAfterMs 0: the second backend treats every running item as abandoned, as after a real restart.
const ONE_WORKER = { serverlessTracing: { jobs: { concurrency: 1, staleAfterMs: 0 } } };

let sandbox: Sandbox;
let directory: string;
let knex: Knex;
let first: PluginHarness | undefined;
let second: PluginHarness | undefined;

beforeAll(async () => {
  // Updates stay InProgress long enough for the backend to stop while it waits on one.
  sandbox = await startSandbox({ port: 0, updateDelayMs: 1500 });
  directory = mkdtempSync(join(tmpdir(), 'serverless-tracing-restart-'));
  knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(directory, 'plugin.sqlite') }, useNullAsDefault: true });
});

afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await knex?.destroy();
  await sandbox?.close();
  rmSync(directory, { recursive: true, force: true });
});

it('resumes a claimed and a pending item after a restart without applying either twice', async () => {
  first = await startPlugin({ sandbox, knex, config: ONE_WORKER });
  await scanned(first.api);
  const { body: page } = await first.api.get(`${BASE}/functions?status=untraced&runtime=python&applicability=one-click&limit=50&sort=name`);
  const arns: string[] = page.items
    .map((i: { arn: string }) => i.arn)
    .filter((arn: string) => sandbox.state.getFunctionByArn(arn)!.scenario === 'untraced')
    .slice(0, 2);
  const updates = () => sandbox.requestCount({ operation: 'UpdateFunctionConfiguration' });
  const before = updates();

  const { body: job } = await first.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns }).expect(202);
  // The first item's update has been sent and is settling; the second item is still pending.
  await eventually(async () => (updates() === before + 1 ? true : undefined));
  await first.stop();
  first = undefined;
  expect(updates()).toBe(before + 1);

  second = await startPlugin({ sandbox, knex, config: ONE_WORKER });
  const done = await finished(second.api, job.id);

  expect(done.counts).toMatchObject({ total: 2, succeeded: 2, failed: 0 });
  expect(updates()).toBe(before + 2);
  for (const arn of arns) {
    expect(sandbox.state.getFunctionByArn(arn)!.config.Environment?.Variables?.DD_SITE).toBe('datadoghq.com');
  }
});
