// One job item when the world is unkind: its update's answer is lost, AWS fails transiently, someone
// deploys right after our update, a later job on the same function exists, or the claim passed to
// another worker. Each time the fresh read decides, nothing is sent twice and nothing superseded is sent.
import { ConfigReader } from '@backstage/config';
import { ClaimLostError, applyItem, type ItemDeps } from '../../../src/backend/enablement/pipeline';
import { readServerlessTracingSettings } from '../../../src/backend/config';
import { RetryPolicy } from '../../../src/backend/retryPolicy';
import { openSqliteFile, type OpenDatabase } from '../store/openDatabase';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { AwsCallError, type LambdaGateway } from '../../../src/backend/aws/types';
import type { FunctionConfig, FunctionUpdate } from '../../../src/common/model';
import { applyUpdate } from '../../../src/common/update';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:payments-api';
const RETRY = new RetryPolicy({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2, maxRevisionRetries: 3, itemTimeoutMs: 30_000, pollIntervalMs: 1 });
const ORIGINAL: FunctionConfig = {
  FunctionArn: ARN,
  FunctionName: 'payments-api',
  Runtime: 'python3.12',
  Handler: 'app.handler',
  Role: 'arn:aws:iam::111111111111:role/payments-api-role',
  PackageType: 'Zip',
  Architectures: ['x86_64'],
  RevisionId: 'rev-0',
  LastUpdateStatus: 'Successful',
  TracingConfig: { Mode: 'PassThrough' },
  Environment: { Variables: { TABLE: 'orders' } },
};

let database: OpenDatabase;
let stores: Stores;

beforeEach(async () => {
  database = await openSqliteFile('unknown');
  stores = await createStores(database.knex);
});

afterEach(async () => {
  await database.close();
});

type Fault = 'lost-answer' | 'server-error' | 'deploy-after';

/** A function in memory; the next updates meet the given faults, in order. */
function lambda(faults: Fault[] = []) {
  let config = structuredClone(ORIGINAL);
  let revision = 0;
  const applied: FunctionUpdate[] = [];
  const gateway: LambdaGateway = {
    targets: () => [],
    discoverTargets: async () => ({ targets: [], errors: [] }),
    listFunctions: async () => [],
    listTags: async () => new Map(),
    listEventSourceInvokers: async () => new Map(),
    discoverInvokers: async () => ({ invokers: new Map(), read: [], failed: [] }),
    getFunction: async () => structuredClone(config),
    getPolicyInvokers: async () => [],
    simulateRole: async (_role, questions) => questions.map(question => ({ ...question, allowed: true, decision: 'allowed' })),
    latestTraces: async () => ({ latest: new Map(), unread: [], requests: 0 }),
    putRolePolicy: async () => {
      throw new Error('No role policy is attached in this test.');
    },
    async updateFunctionConfiguration(_arn, update, revisionId) {
      const fault = faults.shift();
      if (fault === 'server-error') throw new AwsCallError('unavailable', 'No answer from AWS updating function payments-api: ServiceException.');
      if (revisionId !== config.RevisionId) throw new AwsCallError('revision-mismatch', 'Conflict');
      config = { ...applyUpdate(config, update), RevisionId: `rev-${++revision}` };
      applied.push(update);
      const answer = structuredClone(config);
      if (fault === 'deploy-after') {
        config = { ...config, Environment: { Variables: { ...config.Environment!.Variables, RACE_1: 'deploy' } }, RevisionId: `rev-${++revision}` };
      }
      if (fault === 'lost-answer') throw new AwsCallError('unavailable', 'No answer from AWS updating function payments-api: socket hang up.');
      return answer;
    },
  };
  return { gateway, applied, faults, current: () => config };
}

function deps(gateway: LambdaGateway): ItemDeps {
  const records = { recordOf: vi.fn(async () => ({}) as never), save: vi.fn(async () => {}), isDrifted: vi.fn(async () => false) };
  return { gateway, stores, records, datadog: readServerlessTracingSettings(new ConfigReader({ serverlessTracing: { datadog: { apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd' } } })).datadog, retry: RETRY };
}

async function item(action: 'enable' | 'rollback') {
  const job = await stores.jobs.create({ action, solution: action === 'enable' ? 'dd-trace' : null, functionArns: [ARN], createdBy: 'user:default/ada' });
  const itemId = (await database.knex('job_items').where({ job_id: job.id }).first()).id as number;
  return { itemId, functionArn: ARN, action, solution: action === 'enable' ? ('dd-trace' as const) : null };
}

const run = (d: ItemDeps, request: Awaited<ReturnType<typeof item>>, holds?: () => Promise<boolean>) =>
  applyItem(d, request, new AbortController().signal, holds);

it('retries an update whose answer was lost by reading the function: applied once, recorded as written', async () => {
  const fn = lambda(['lost-answer']);
  const outcome = await run(deps(fn.gateway), await item('enable'));

  expect(outcome).toMatchObject({ state: 'succeeded', message: 'Already as planned; nothing needed changing.' });
  expect(fn.applied).toHaveLength(1);
  expect((await stores.checkpoints.latest(ARN))?.revisionIdWritten).toBe(fn.current().RevisionId);
});

it('retries an update that failed with a server error, sending it again once the read shows it did not land', async () => {
  const fn = lambda(['server-error']);
  const outcome = await run(deps(fn.gateway), await item('enable'));

  expect(outcome).toMatchObject({ state: 'succeeded', message: null });
  expect(fn.applied).toHaveLength(1);
  // The first checkpoint described an update that never landed: closed, so it can never refuse a rollback.
  expect(await database.knex('checkpoints').whereNull('rolled_back_at').count({ n: '*' })).toEqual([{ n: 1 }]);
});

it('rolls back after an enable whose answer was lost, with no false refusal', async () => {
  const fn = lambda(['lost-answer']);
  const d = deps(fn.gateway);
  await run(d, await item('enable'));
  const outcome = await run(d, await item('rollback'));

  expect(outcome.state).toBe('succeeded');
  expect(fn.current().Environment).toEqual(ORIGINAL.Environment);
  expect(await stores.checkpoints.latest(ARN)).toBeUndefined();
});

it('says "already as planned" for a rollback whose own answer was lost, and closes the checkpoint', async () => {
  const fn = lambda();
  const d = deps(fn.gateway);
  await run(d, await item('enable'));
  fn.faults.push('lost-answer');
  const outcome = await run(d, await item('rollback'));

  expect(outcome).toMatchObject({ state: 'succeeded', message: 'Already as planned; nothing needed changing.' });
  expect(fn.applied).toHaveLength(2);
  expect(await stores.checkpoints.latest(ARN)).toBeUndefined();
});

it('succeeds when a deploy lands right after our update, keeping what the deploy set', async () => {
  const fn = lambda(['deploy-after']);
  const outcome = await run(deps(fn.gateway), await item('enable'));

  expect(outcome).toMatchObject({ state: 'succeeded', message: null });
  expect(fn.current().Environment!.Variables!.RACE_1).toBe('deploy');
});

it('never applies an item a later job on the same function supersedes', async () => {
  const fn = lambda();
  const stale = await item('enable');
  await item('rollback');
  const outcome = await run(deps(fn.gateway), stale);

  expect(outcome).toMatchObject({ state: 'failed', refused: true, message: expect.stringContaining('Not applied: a later job') });
  expect(fn.applied).toEqual([]);
});

it('writes nothing once its claim has passed to another worker', async () => {
  const fn = lambda();
  await expect(run(deps(fn.gateway), await item('enable'), async () => false)).rejects.toBeInstanceOf(ClaimLostError);
  expect(fn.applied).toEqual([]);
  expect(await stores.checkpoints.latest(ARN)).toBeUndefined();
});
