// Starting and following enable/rollback jobs. A job is written to the database and the runner does
// the work in the background; for a single function the request is checked first, so the caller
// hears about blockers and conflicts at once instead of in a failed job.
import { ConflictError, NotFoundError } from '@backstage/errors';
import { isJobFinished, type CreateJobRequest, type FunctionExclusion, type Job, type JobSummary } from '../../common/api';
import type { Stores } from '../store/types';
import { PlanBlockedError } from '../errors';
import type { FunctionsService } from '../inventory/functions';
import type { JobRunner } from './runner';

export interface JobsService {
  /**
   * What starting a job checks about each function: its owner (the permission asked for) and its
   * exclusion (left out of bulk enable); NotFoundError names unknown functions.
   */
  lookUp(functionArns: string[]): Promise<JobFunction[]>;
  /** lookUp for the functions still in the inventory, skipping those gone since (leaving them alone needs no permission). */
  lookUpKnown(functionArns: string[]): Promise<JobFunction[]>;
  /** For one function: 422 when the plan has blockers, 409 on a conflict; nothing is written. */
  preflight(request: CreateJobRequest): Promise<void>;
  create(request: CreateJobRequest, createdBy: string): Promise<Job>;
  get(id: string): Promise<Job>;
  /** The most recent jobs first, without their items. */
  list(limit: number): Promise<JobSummary[]>;
  /** Cancels what has not started (409 when the job has finished); the job as it is then. */
  cancel(id: string, message: string): Promise<Job>;
}

export interface JobFunction {
  arn: string;
  owner: string | null;
  exclusion: FunctionExclusion | null;
}

const LOOKUP_BATCH = 50;

export function createJobsService(options: {
  stores: Stores;
  functions: FunctionsService;
  runner: Pick<JobRunner, 'kick'>;
}): JobsService {
  const { stores, functions, runner } = options;

  async function get(id: string): Promise<Job> {
    const job = await stores.jobs.get(id);
    if (!job) throw new NotFoundError(`There is no job ${id}.`);
    return job;
  }

  async function read(functionArns: string[]): Promise<{ found: JobFunction[]; unknown: string[] }> {
    const found: JobFunction[] = [];
    const unknown: string[] = [];
    for (let i = 0; i < functionArns.length; i += LOOKUP_BATCH) {
      const batch = functionArns.slice(i, i + LOOKUP_BATCH);
      const rows = await Promise.all(batch.map(arn => stores.inventory.get(arn)));
      rows.forEach((row, j) => (row ? found.push({ arn: batch[j], owner: row.summary.owner, exclusion: row.summary.exclusion }) : unknown.push(batch[j])));
    }
    return { found, unknown };
  }

  return {
    async lookUp(functionArns) {
      const { found, unknown } = await read(functionArns);
      if (unknown.length > 0) {
        const named = unknown.slice(0, 5).join(', ');
        throw new NotFoundError(
          `${unknown.length} function(s) are not in the inventory: ${named}${unknown.length > 5 ? ', …' : ''}. Run a scan if they are new.`,
        );
      }
      return found;
    },

    async lookUpKnown(functionArns) {
      return (await read(functionArns)).found;
    },

    async preflight(request) {
      const decision = await functions.decision(request.functionArns[0], { action: request.action, solution: request.solution ?? null });
      if (decision.kind !== 'refused') return;
      throw decision.refusal === 'blocked' ? new PlanBlockedError(decision.message) : new ConflictError(decision.message);
    },

    async create(request, createdBy) {
      const job = await stores.jobs.create({
        action: request.action,
        solution: request.action === 'enable' ? (request.solution ?? null) : null,
        functionArns: request.functionArns,
        createdBy,
      });
      runner.kick();
      return job;
    },

    get,

    list(limit) {
      return stores.jobs.list(limit);
    },

    async cancel(id, message) {
      const job = await get(id);
      if (isJobFinished(job)) throw new ConflictError(`Job ${id} has already finished (${job.state}); there is nothing left to cancel.`);
      await stores.jobs.cancel(id, message);
      return get(id);
    },
  };
}
