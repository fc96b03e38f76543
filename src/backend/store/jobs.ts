// Enablement and rollback jobs. Items are claimed one at a time by any replica with a conditional
// update (only a still-pending row can be claimed), which is atomic on SQLite and PostgreSQL alike.
// A running item also fills the unique column running_function, so the database itself refuses a
// second running item on the same function. A claim lives as long as its worker's heartbeats. A
// job's state and counts are derived from its items when read, so concurrent workers never race on a
// stored aggregate.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import { isJobFinished, type Job, type JobAction, type JobItem, type JobItemState, type JobState, type JobSummary } from '../../common/api';
import type { Solution } from '../../common/model';
import { isUniqueViolation, nowIso } from './sql';
import type { ClaimedItem, JobStore } from './types';

/** How many pending items one claim attempt considers, so competing workers spread out. */
const CLAIM_WINDOW = 10;
const INSERT_CHUNK = 200;

interface JobRow {
  id: string;
  action: JobAction;
  solution: Solution | null;
  created_by: string;
  created_at: string;
}

interface ItemRow {
  id: number;
  job_id: string;
  function_arn: string;
  state: JobItemState;
  message: string | null;
  applied_solution?: Solution | null;
  updated_at: string;
}

function toItem(row: ItemRow): JobItem {
  return { functionArn: row.function_arn, state: row.state, message: row.message, appliedSolution: row.applied_solution ?? null, updatedAt: row.updated_at };
}

function jobState(counts: Job['counts']): JobState {
  if (counts.pending === counts.total) return 'pending';
  if (counts.pending + counts.running > 0) return 'running';
  if (counts.cancelled > 0) return 'cancelled';
  if (counts.failed === 0) return 'succeeded';
  return counts.succeeded === 0 ? 'failed' : 'partial';
}

function toJob(row: JobRow, items: ItemRow[]): Job {
  const counts = { total: items.length, pending: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };
  for (const item of items) counts[item.state]++;
  const state = jobState(counts);
  const finishedAt = isJobFinished({ state }) ? items.reduce((latest, item) => (item.updated_at > latest ? item.updated_at : latest), '') : null;
  return {
    id: row.id,
    action: row.action,
    solution: row.solution,
    state,
    createdBy: row.created_by,
    createdAt: row.created_at,
    finishedAt,
    counts,
    items: items.map(toItem),
  };
}

export class KnexJobStore implements JobStore {
  constructor(private readonly knex: Knex) {}

  async create(input: { action: JobAction; solution: Solution | null; functionArns: string[]; createdBy: string }): Promise<Job> {
    const functionArns = [...new Set(input.functionArns)];
    if (functionArns.length === 0) throw new InputError('A job needs at least one function ARN.');
    const id = randomUUID();
    const now = nowIso();
    await this.knex.transaction(async trx => {
      await trx('jobs').insert({ id, action: input.action, solution: input.solution, created_by: input.createdBy, created_at: now });
      const items = functionArns.map(arn => ({ job_id: id, function_arn: arn, state: 'pending', message: null, updated_at: now }));
      for (let i = 0; i < items.length; i += INSERT_CHUNK) {
        await trx('job_items').insert(items.slice(i, i + INSERT_CHUNK));
      }
    });
    return (await this.get(id))!;
  }

  async get(id: string): Promise<Job | undefined> {
    const row: JobRow | undefined = await this.knex('jobs').where({ id }).first();
    if (!row) return undefined;
    const items: ItemRow[] = await this.knex('job_items').where({ job_id: id }).orderBy('id');
    return toJob(row, items);
  }

  async list(limit: number): Promise<JobSummary[]> {
    const rows: JobRow[] = await this.knex('jobs').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    if (rows.length === 0) return [];
    // Only what the summaries need: each item's state and time, never the per-function messages.
    const items: ItemRow[] = await this.knex('job_items')
      .whereIn('job_id', rows.map(row => row.id))
      .select('id', 'job_id', 'function_arn', 'state', 'updated_at');
    return rows.map(row => {
      const { items: _omitted, ...summary } = toJob(row, items.filter(item => item.job_id === row.id).map(item => ({ ...item, message: null })));
      return summary;
    });
  }

  async cancel(jobId: string, message: string): Promise<number> {
    // Only items no worker has claimed: a claim is a conditional update on 'pending' too, so each
    // item is either cancelled here or run there, never both.
    return this.knex('job_items').where({ job_id: jobId, state: 'pending' }).update({ state: 'cancelled', message, updated_at: nowIso() });
  }

  async claimNext(workerId: string): Promise<ClaimedItem | undefined> {
    for (;;) {
      const candidates: Array<{ id: number }> = await this.knex('job_items as item')
        .where('item.state', 'pending')
        // Items of a function another item is running on wait their turn.
        .whereNotExists(q => q.select(1).from('job_items as busy').whereRaw('busy.running_function = item.function_arn'))
        .orderBy('item.id')
        .limit(CLAIM_WINDOW)
        .select('item.id');
      if (candidates.length === 0) return undefined;
      for (const candidate of candidates) {
        const now = nowIso();
        let claimed: number;
        try {
          claimed = await this.knex('job_items')
            .where({ id: candidate.id, state: 'pending' })
            .update({ state: 'running', worker: workerId, claimed_at: now, heartbeat_at: now, updated_at: now, running_function: this.knex.ref('function_arn') });
        } catch (error) {
          // Another worker started an item of the same function between our read and our update.
          if (isUniqueViolation(error)) continue;
          throw error;
        }
        if (claimed === 1) return this.claimedItem(candidate.id);
        // Another worker took it between our read and our update: try the next one.
      }
    }
  }

  async supersededBy(item: Pick<ClaimedItem, 'itemId' | 'functionArn'>): Promise<string | undefined> {
    const newer: { job_id: string } | undefined = await this.knex('job_items')
      .where({ function_arn: item.functionArn })
      .where('id', '>', item.itemId)
      .orderBy('id', 'desc')
      .first('job_id');
    return newer?.job_id;
  }

  async holds(itemId: number, workerId: string): Promise<boolean> {
    return Boolean(await this.knex('job_items').where({ id: itemId, worker: workerId, state: 'running' }).first('id'));
  }

  async heartbeat(workerId: string): Promise<number> {
    return this.knex('job_items').where({ worker: workerId, state: 'running' }).update({ heartbeat_at: nowIso() });
  }

  async finishItem(
    jobId: string,
    functionArn: string,
    outcome: { state: 'succeeded' | 'failed'; message: string | null; appliedSolution?: Solution | null },
    workerId?: string,
  ): Promise<boolean> {
    // With a worker, only the claim it still holds is finished: an item released as stale and
    // claimed again belongs to its new worker, whose outcome must not be overwritten.
    const claim = workerId === undefined ? {} : { worker: workerId, state: 'running' };
    const updated = await this.knex('job_items')
      .where({ job_id: jobId, function_arn: functionArn, ...claim })
      .update({ state: outcome.state, message: outcome.message, applied_solution: outcome.appliedSolution ?? null, worker: null, running_function: null, updated_at: nowIso() });
    if (updated > 0) return true;
    const exists = await this.knex('job_items').where({ job_id: jobId, function_arn: functionArn }).first('id');
    if (!exists) throw new Error(`Job ${jobId} has no item for ${functionArn}; its outcome cannot be recorded.`);
    return false;
  }

  async releaseStale(olderThanMs: number): Promise<number> {
    const cutoff = new Date(Date.now() - olderThanMs).toISOString();
    return this.knex('job_items')
      .where({ state: 'running' })
      .where(q => q.where('heartbeat_at', '<', cutoff).orWhere(old => old.whereNull('heartbeat_at').where('claimed_at', '<', cutoff)))
      .update({ state: 'pending', worker: null, claimed_at: null, heartbeat_at: null, running_function: null, updated_at: nowIso() });
  }

  private async claimedItem(itemId: number): Promise<ClaimedItem> {
    const row: ItemRow & { action: JobAction; solution: Solution | null; created_by: string } = await this.knex('job_items')
      .join('jobs', 'jobs.id', 'job_items.job_id')
      .where('job_items.id', itemId)
      .first(
        'job_items.id',
        'job_items.job_id',
        'job_items.function_arn',
        'job_items.state',
        'job_items.message',
        'job_items.applied_solution',
        'job_items.updated_at',
        'jobs.action',
        'jobs.solution',
        'jobs.created_by',
      );
    return { ...toItem(row), itemId: row.id, jobId: row.job_id, action: row.action, solution: row.solution, createdBy: row.created_by };
  }
}
