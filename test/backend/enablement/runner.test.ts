// The job runner's contract with the queue: abandoned items are released at start, a stop leaves the
// item in flight unfinished (to resume later), an unexpected error fails the item and the job goes on.
import { mockServices } from '@backstage/backend-test-utils';
import { createJobRunner } from '../../../src/backend/enablement/runner';
import type { ItemDeps } from '../../../src/backend/enablement/applyItem';
import type { JobSettings } from '../../../src/backend/config';
import { eventually } from '../helpers/harness';

const ARN = 'arn:aws:lambda:us-east-1:111111111111:function:payments-api';
const JOBS: JobSettings = { concurrency: 1, pollIntervalMs: 5, maxRevisionRetries: 3, updateTimeoutMs: 60_000, staleAfterMs: 0 };

function fakes(getFunction: () => Promise<object>) {
  const item = { jobId: 'job-1', functionArn: ARN, action: 'enable' as const, solution: 'xray' as const, createdBy: 'user:default/alice', state: 'running' as const, message: null, updatedAt: '' };
  let claimed = false;
  const stores = {
    jobs: {
      releaseStale: vi.fn(async () => 1),
      claimNext: vi.fn(async () => (claimed ? undefined : ((claimed = true), item))),
      finishItem: vi.fn(async () => {}),
    },
    audit: { append: vi.fn(async () => ({})) },
    inventory: { get: vi.fn(async () => undefined), upsert: vi.fn() },
    checkpoints: { latest: vi.fn(async () => undefined), rollbackable: vi.fn(async () => new Set()) },
  };
  const gateway = { getFunction: vi.fn(getFunction), getPolicyInvokers: vi.fn(async () => []) };
  const deps = { stores, gateway, records: {}, datadog: {}, jobs: JOBS } as unknown as ItemDeps;
  const runner = createJobRunner({ deps, logger: mockServices.logger.mock(), auditor: mockServices.auditor.mock(), settings: JOBS });
  return { runner, stores, gateway };
}

it('releases items abandoned by a stopped backend when it starts', async () => {
  const { runner, stores } = fakes(async () => ({ FunctionArn: ARN, LastUpdateStatus: 'InProgress' }));
  await runner.start();
  await runner.stop();
  expect(stores.jobs.releaseStale).toHaveBeenCalledWith(JOBS.staleAfterMs);
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
  expect(stores.jobs.finishItem).toHaveBeenCalledWith('job-1', ARN, { state: 'failed', message: expect.stringContaining('Run the job again') });
  expect(stores.audit.append).toHaveBeenCalledWith(expect.objectContaining({ functionArn: ARN, outcome: 'failed', actor: 'user:default/alice' }));
});
