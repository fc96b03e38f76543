// The job runner's contract with the queue: abandoned items are released at start and at every
// heartbeat, never a live worker's (its heartbeat keeps it); a stop leaves the item in flight
// unfinished (to resume later); an unexpected error fails the item and the job goes on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createJobRunner } from '../../../src/backend/enablement/runner';
import type { ItemDeps } from '../../../src/backend/enablement/pipeline';
import { readServerlessTracingSettings, type JobSettings } from '../../../src/backend/config';
import { RetryPolicy } from '../../../src/backend/retryPolicy';
import { createStores } from '../../../src/backend/store';
import { eventually } from '../helpers/harness';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:payments-api';
const JOBS: JobSettings = { concurrency: 1, pollIntervalMs: 5, heartbeatIntervalMs: 50, staleAfterMs: 0 };
const RETRY = new RetryPolicy({ maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5, maxRevisionRetries: 3, itemTimeoutMs: 60_000, pollIntervalMs: 5 });

function fakes(getFunction: () => Promise<object>) {
  const item = { itemId: 1, jobId: 'job-1', functionArn: ARN, action: 'enable' as const, solution: 'xray' as const, createdBy: 'user:default/alice', state: 'running' as const, message: null, appliedSolution: null, updatedAt: '' };
  let claimed = false;
  const stores = {
    jobs: {
      releaseStale: vi.fn(async () => 1),
      claimNext: vi.fn(async () => (claimed ? undefined : ((claimed = true), item))),
      finishItem: vi.fn(async () => true),
      supersededBy: vi.fn(async () => undefined),
      holds: vi.fn(async () => true),
      heartbeat: vi.fn(async () => 1),
    },
    audit: { append: vi.fn(async () => ({})) },
    inventory: { get: vi.fn(async () => undefined), upsert: vi.fn() },
    checkpoints: { latest: vi.fn(async () => undefined), rollbackable: vi.fn(async () => new Set()) },
  };
  const gateway = { getFunction: vi.fn(getFunction), getPolicyInvokers: vi.fn(async () => []) };
  const deps = { stores, gateway, records: {}, datadog: {}, retry: RETRY } as unknown as ItemDeps;
  const runner = createJobRunner({ deps, logger: mockServices.logger.mock(), auditor: mockServices.auditor.mock(), settings: JOBS });
  return { runner, stores, gateway };
}

it('does not release an item a live worker holds when a second runner starts on the same database', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'serverless-tracing-runner-'));
  const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: join(directory, 'db.sqlite') }, useNullAsDefault: true });
  const stores = await createStores(knex);
  // Heartbeats every 20 ms, stale after 100 ms: the first runner's item stays busy far longer than that.
  const { jobs: settings, retry } = readServerlessTracingSettings(
    new ConfigReader({ serverlessTracing: { jobs: { concurrency: 1, pollIntervalMs: 5, heartbeatIntervalMs: 20, staleAfterMs: 100 } } }),
  );
  const gateway = { getFunction: vi.fn(async () => ({ FunctionArn: ARN, LastUpdateStatus: 'InProgress' })) };
  const deps = { stores, gateway, records: {}, datadog: {}, retry } as unknown as ItemDeps;
  const runner = () => createJobRunner({ deps, logger: mockServices.logger.mock(), auditor: mockServices.auditor.mock(), settings });
  const first = runner();
  const second = runner();
  try {
    const job = await stores.jobs.create({ action: 'enable', solution: 'xray', functionArns: [ARN], createdBy: 'user:default/alice' });
    await first.start();
    await eventually(async () => (gateway.getFunction.mock.calls.length > 0 ? true : undefined));
    const holder = (await knex('job_items').where({ job_id: job.id }).first()).worker;

    await second.start();
    // Several staleness thresholds pass while the first runner keeps beating.
    await new Promise(resolve => setTimeout(resolve, 400));

    expect(await knex('job_items').where({ job_id: job.id }).first()).toMatchObject({ state: 'running', worker: holder });
  } finally {
    await first.stop();
    await second.stop();
    await knex.destroy();
    rmSync(directory, { recursive: true, force: true });
  }
});

it('beats a heartbeat for its items and releases abandoned ones at every beat, not only when it starts', async () => {
  const every = vi.spyOn(globalThis, 'setInterval');
  try {
    const { runner, stores } = fakes(async () => ({ FunctionArn: ARN, LastUpdateStatus: 'InProgress' }));
    await runner.start();
    const periodic = every.mock.calls.find(([, ms]) => ms === JOBS.heartbeatIntervalMs);
    await (periodic![0] as () => Promise<void>)();
    await runner.stop();
    expect(stores.jobs.heartbeat).toHaveBeenCalledWith(expect.any(String));
    expect(stores.jobs.releaseStale).toHaveBeenCalledTimes(2);
    expect(stores.jobs.releaseStale).toHaveBeenLastCalledWith(JOBS.staleAfterMs);
  } finally {
    every.mockRestore();
  }
});

it('finds the items of a backend that died within seconds, by its missing heartbeat', async () => {
  const { jobs } = readServerlessTracingSettings(new ConfigReader({}));
  expect(jobs.staleAfterMs).toBeLessThanOrEqual(15_000);
  expect(jobs.staleAfterMs).toBeGreaterThanOrEqual(3 * jobs.heartbeatIntervalMs);
});

it('leaves the item in flight unfinished when stopped, and makes no call after stop returns', async () => {
  const { runner, stores, gateway } = fakes(async () => ({ FunctionArn: ARN, LastUpdateStatus: 'InProgress' }));
  await runner.start();
  await eventually(async () => (gateway.getFunction.mock.calls.length > 0 ? true : undefined));
  await runner.stop();
  const calls = gateway.getFunction.mock.calls.length;
  await new Promise(resolve => setTimeout(resolve, JOBS.pollIntervalMs * 4));
  expect(gateway.getFunction.mock.calls.length).toBe(calls);
  expect(stores.jobs.finishItem).not.toHaveBeenCalled();
});

it('fails the item with a readable message on an unexpected error, and records it', async () => {
  const { runner, stores } = fakes(async () => Promise.reject(new TypeError('boom')));
  await runner.start();
  await eventually(async () => (stores.jobs.finishItem.mock.calls.length > 0 ? true : undefined));
  await runner.stop();
  expect(stores.jobs.finishItem).toHaveBeenCalledWith('job-1', ARN, { state: 'failed', message: expect.stringContaining('Run the job again'), appliedSolution: null }, expect.any(String));
  expect(stores.audit.append).toHaveBeenCalledWith(expect.objectContaining({ functionArn: ARN, outcome: 'failed', actor: 'user:default/alice' }));
});
