// Issue 11.5: a running job is cancelled: its items not started are cancelled (their functions left
// as they were), the one in flight finishes and is verified; the jobs list shows it.
import type { FunctionsPage, Job, JobSummary } from '../../../src/common/api';
import { startSandbox } from '../../../dev/sandbox/server';
import { eventually, finished, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  // One worker and slow updates: the job is still running when it is cancelled.
  sandbox = await startSandbox({ port: 0, updateDelayMs: 300 });
  harness = await startPlugin({ sandbox, config: { serverlessTracing: { jobs: { concurrency: 1 } } } });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

it('cancels what has not started, lets the item in flight finish, and lists the job', async () => {
  const { body } = await harness.api.get(`${BASE}/functions?status=untraced&runtime=python&applicability=one-click&limit=6`).expect(200);
  const arns = (body as FunctionsPage).items.map(fn => fn.arn);
  expect(arns).toHaveLength(6);
  const before = new Map(arns.map(arn => [arn, sandbox.state.getFunctionByArn(arn)!.config.RevisionId]));

  const { body: started } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns, solution: 'dd-trace' }).expect(202);
  await eventually(async () => {
    const { body: job } = await harness.api.get(`${BASE}/jobs/${started.id}`).expect(200);
    return (job as Job).counts.running > 0 ? true : undefined;
  }, 5);
  const { body: cancelled } = await harness.api.post(`${BASE}/jobs/${started.id}/cancel`).expect(200);
  expect((cancelled as Job).counts.cancelled).toBeGreaterThan(0);

  const job = await finished(harness.api, started.id);
  expect(job.state).toBe('cancelled');
  expect(job.counts.succeeded + job.counts.cancelled).toBe(6);
  expect(job.counts.succeeded).toBeGreaterThanOrEqual(1);
  for (const item of job.items.filter(i => i.state === 'cancelled')) {
    expect(item.message).toMatch(/^Cancelled by user:default\/mock before it started; nothing was changed/);
    expect(sandbox.state.getFunctionByArn(item.functionArn)!.config.RevisionId).toBe(before.get(item.functionArn));
  }
  for (const item of job.items.filter(i => i.state === 'succeeded')) {
    expect(sandbox.state.getFunctionByArn(item.functionArn)!.config.RevisionId).not.toBe(before.get(item.functionArn));
  }

  const { body: again } = await harness.api.post(`${BASE}/jobs/${started.id}/cancel`).expect(409);
  expect(again.error.message).toMatch(/already finished \(cancelled\)/);
  await harness.api.post(`${BASE}/jobs/no-such-job/cancel`).expect(404);

  const { body: list } = await harness.api.get(`${BASE}/jobs?limit=5`).expect(200);
  expect((list as JobSummary[])[0]).toMatchObject({ id: started.id, state: 'cancelled', createdBy: 'user:default/mock', counts: job.counts });
  expect((list as JobSummary[])[0]).not.toHaveProperty('items');
  await harness.api.get(`${BASE}/jobs?limit=0`).expect(400);

  // The audit trail, filtered: the items that ran, none of the cancelled ones (nothing was attempted on them).
  const { body: trail } = await harness.api.get(`${BASE}/audit?jobId=${started.id}&actor=user:default/mock&outcome=succeeded`).expect(200);
  expect(trail.map((e: { functionArn: string }) => e.functionArn).sort()).toEqual(job.items.filter(i => i.state === 'succeeded').map(i => i.functionArn).sort());
  const { body: badSince } = await harness.api.get(`${BASE}/audit?since=yesterday`).expect(400);
  expect(badSince.error.message).toMatch(/since: must be a date or time in ISO 8601/);
}, 60_000);
