// The campaign advancer on a real database, with the stage jobs played by a fake job service: how it
// judges a finished stage (failure, a function still behind, pause, approval, last stage) and that two
// replicas advancing at once start a stage once.
import { mockServices } from '@backstage/backend-test-utils';
import type { Job, JobItem } from '../../../src/common/api';
import type { Campaign } from '../../../src/common/campaigns';
import { DEFAULT_LAYER_VERSIONS } from '../../../src/common/layers';
import { createStores } from '../../../src/backend/store';
import type { Stores } from '../../../src/backend/store/types';
import { createCampaignAdvancer } from '../../../src/backend/enablement/campaignAdvancer';
import { openSqliteFile, type OpenDatabase } from '../store/openDatabase';
import { record } from '../store/records';
import { layer, layers } from '../../common/fixtures';

const arn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

let database: OpenDatabase;
let stores: Stores;
let jobs: Map<string, Job>;
let cancelled: string[];

beforeEach(async () => {
  database = await openSqliteFile('advancer');
  stores = await createStores(database.knex);
  jobs = new Map();
  cancelled = [];
});

afterEach(async () => {
  await database.close();
});

function advancerOn(on: Stores) {
  let started = 0;
  const jobStarter = {
    campaignStage: vi.fn(async (_campaign: Pick<Campaign, 'id' | 'createdBy'>, _stage: number, functionArns: string[]) => {
      const job = jobOf(`job-${jobs.size + 1}-${++started}`, functionArns.map(fn => item(fn, 'pending')));
      jobs.set(job.id, job);
      return job;
    }),
  };
  const jobService = {
    get: async (id: string) => jobs.get(id)!,
    cancel: async (id: string) => {
      cancelled.push(id);
      return jobs.get(id)!;
    },
    // As the job service does: what the inventory says of each function still in it.
    lookUpKnown: async (arns: string[]) => {
      const records = await Promise.all(arns.map(arn => on.inventory.get(arn)));
      return records.flatMap((found, i) => (found ? [{ arn: arns[i], owner: found.summary.owner, exclusion: found.summary.exclusion }] : []));
    },
  };
  const advancer = createCampaignAdvancer({
    stores: on,
    jobs: jobService,
    jobStarter,
    auditor: mockServices.auditor.mock(),
    logger: mockServices.logger.mock(),
    datadog: {},
    settings: { checkIntervalMs: 60_000 },
  });
  return { advancer, jobStarter };
}

function item(functionArn: string, state: JobItem['state'], message: string | null = null): JobItem {
  return { functionArn, state, message, appliedSolution: null, updatedAt: '2026-12-02T10:00:00.000Z' };
}

function jobOf(id: string, items: JobItem[]): Job {
  const counts = { total: items.length, pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const it of items) counts[it.state]++;
  const open = counts.pending + counts.running > 0;
  const state = open ? 'running' : counts.failed > 0 ? 'partial' : 'succeeded';
  return { id, action: 'enable', solution: 'dd-trace', state, createdBy: 'user:default/ada', createdAt: '2026-12-02T10:00:00.000Z', finishedAt: open ? null : '2026-12-02T10:01:00.000Z', counts, items };
}

async function campaign(options: { requireApproval?: boolean; pauseSeconds?: number } = {}) {
  const stage = (label: string, names: string[]) => ({ label, functionArns: names.map(arn), jobId: null, excludedSince: [], startedAt: null, finishedAt: null });
  const { campaign: created } = (await stores.campaigns.create({
    state: 'pausing',
    targetVersions: DEFAULT_LAYER_VERSIONS,
    staging: { by: 'account' },
    pauseSeconds: options.pauseSeconds ?? 600,
    requireApproval: options.requireApproval ?? false,
    stages: [stage('first', ['a', 'b']), stage('second', ['c']), stage('third', ['d'])],
    createdBy: 'user:default/ada',
  }))!;
  return created;
}

const now = async (id: string) => (await stores.campaigns.get(id))!.campaign;
/** The stage's job ends with these item states. */
function finish(jobId: string, states: Record<string, [JobItem['state'], string | null]>) {
  const job = jobs.get(jobId)!;
  jobs.set(jobId, jobOf(jobId, job.items.map(it => item(it.functionArn, ...(states[it.functionArn] ?? ['succeeded', null])))));
}

it('starts the first stage, then pauses for the campaign pause after it succeeded', async () => {
  const { advancer } = advancerOn(stores);
  const created = await campaign({ pauseSeconds: 120 });
  await advancer.advance();
  const running = await now(created.id);
  expect(running).toMatchObject({ state: 'running', currentStage: 0 });
  expect(running.stages[0].jobId).not.toBeNull();

  finish(running.stages[0].jobId!, {});
  const before = Date.now();
  await advancer.advance();
  const pausing = await now(created.id);
  expect(pausing.state).toBe('pausing');
  expect(pausing.stages[0].finishedAt).toBe('2026-12-02T10:01:00.000Z');
  expect(Date.parse(pausing.nextStageAt!) - before).toBeGreaterThanOrEqual(119_000);
  // Not yet: the pause has not elapsed.
  await advancer.advance();
  expect((await now(created.id)).stages[1].jobId).toBeNull();
});

it('waits for a person after a stage when the campaign asks for approval, and completes after the last', async () => {
  const { advancer } = advancerOn(stores);
  const created = await campaign({ requireApproval: true });
  await advancer.advance();
  finish((await now(created.id)).stages[0].jobId!, {});
  await advancer.advance();
  expect((await now(created.id)).state).toBe('waiting-for-approval');
  await advancer.advance();
  expect((await now(created.id)).stages[1].jobId).toBeNull();

  // The last stage done: completed, without waiting.
  const { campaign: waiting, version } = (await stores.campaigns.get(created.id))!;
  const stages = waiting.stages.map((stage, i) => (i === 1 ? { ...stage, jobId: 'done-2', finishedAt: 'x' } : stage));
  jobs.set('done-3', jobOf('done-3', [item(arn('d'), 'succeeded')]));
  await stores.campaigns.change(created.id, version, { state: 'running', currentStage: 2, stages: stages.map((s, i) => (i === 2 ? { ...s, jobId: 'done-3' } : s)) });
  await advancer.advance();
  expect((await now(created.id))).toMatchObject({ state: 'completed', reason: null });
});

it('stops at a failed item, naming the function and its message, and starts no later stage', async () => {
  const { advancer, jobStarter } = advancerOn(stores);
  const created = await campaign({ pauseSeconds: 0 });
  await advancer.advance();
  const jobId = (await now(created.id)).stages[0].jobId!;
  finish(jobId, { [arn('b')]: ['failed', 'AWS could not apply the update: layer not found.'] });
  await advancer.advance();
  await advancer.advance();
  const stopped = await now(created.id);
  expect(stopped.state).toBe('stopped');
  expect(stopped.reason).toBe(
    `Stage 1 of 3 (first): 1 of 2 function(s) in job ${jobId} did not upgrade; the first, ${arn('b')}, failed: AWS could not apply the update: layer not found. The 2 later stage(s) were not started.`,
  );
  expect(jobStarter.campaignStage).toHaveBeenCalledTimes(1);
});

it('stops when a function is still on older layers after its job succeeded', async () => {
  const { advancer } = advancerOn(stores);
  const behind = record('a', { status: 'datadog', findings: [{ code: 'outdated-layer', severity: 'warning', message: 'old' }] });
  behind.config.Layers = layers(layer('Datadog-Python312', 110, 'us-east-1'), layer('Datadog-Extension', DEFAULT_LAYER_VERSIONS.extension, 'us-east-1'));
  await stores.inventory.upsert(behind);
  const created = await campaign({ pauseSeconds: 0 });
  await advancer.advance();
  finish((await now(created.id)).stages[0].jobId!, {});
  await advancer.advance();
  const stopped = await now(created.id);
  expect(stopped.state).toBe('stopped');
  expect(stopped.reason).toContain(`${arn('a')} is still on older Datadog layers after its job succeeded: Datadog-Python312:110 (target ${DEFAULT_LAYER_VERSIONS.python}).`);
});

it('starts a stage once when two replicas advance the same campaign at the same time', async () => {
  const replica = await createStores(database.replica());
  const one = advancerOn(stores);
  const two = advancerOn(replica);
  const created = await campaign();
  await Promise.all([one.advancer.advance(), two.advancer.advance()]);
  const starts = one.jobStarter.campaignStage.mock.calls.length + two.jobStarter.campaignStage.mock.calls.length;
  const kept = (await now(created.id)).stages[0].jobId!;
  expect(kept).not.toBeNull();
  // Both usually read the campaign before either wrote (two starts); the one the campaign did not keep is cancelled.
  expect(cancelled).toHaveLength(starts - 1);
  expect(cancelled).not.toContain(kept);
});

it('leaves out of a stage the functions excluded after the campaign was created, and skips a stage left empty', async () => {
  const { advancer, jobStarter } = advancerOn(stores);
  const excludedLater = (name: string) => record(name, { status: 'datadog', exclusion: { source: 'tag', reason: 'Vendor-managed' } });
  await stores.inventory.upsert(excludedLater('b'));
  await stores.inventory.upsert(excludedLater('c'));
  const created = await campaign({ pauseSeconds: 0 });
  await advancer.advance();
  const first = (await now(created.id)).stages[0];
  expect(jobStarter.campaignStage).toHaveBeenLastCalledWith(expect.anything(), 0, [arn('a')]);
  expect(first.excludedSince).toEqual([arn('b')]);

  finish(first.jobId!, {});
  await advancer.advance(); // stage 1 judged: pausing (no pause)
  await advancer.advance(); // stage 2 holds only c, excluded since: no job, done; pausing again
  await advancer.advance(); // stage 3 starts
  const later = await now(created.id);
  expect(later.stages[1]).toMatchObject({ jobId: null, excludedSince: [arn('c')] });
  expect(later.stages[1].finishedAt).not.toBeNull();
  expect(later).toMatchObject({ state: 'running', currentStage: 2 });
  expect(jobStarter.campaignStage).toHaveBeenLastCalledWith(expect.anything(), 2, [arn('d')]);
});
