// Starting and following enable/rollback jobs. A job is written to the database and the runner does
// the work in the background; for a single function the request is checked first, so the caller
// hears about blockers and conflicts at once instead of in a failed job.
import { ConflictError, NotFoundError } from '@backstage/errors';
import { planEnablement } from '../../common/plan';
import { planRollback } from '../../common/rollback';
import type { CreateJobRequest, Job } from '../../common/api';
import type { DatadogSettings } from '../../common/model';
import type { Stores } from '../store/types';
import { PlanBlockedError } from '../errors';
import { asHttpError, type FunctionsService } from './functions';
import { freshContext, undecidedRefusal, type Records } from './records';
import type { LambdaGateway } from '../aws/types';
import type { JobRunner } from './runner';

export interface JobsService {
  /** Owner of each function, for the permission check; NotFoundError names unknown functions. */
  ownersOf(functionArns: string[]): Promise<Array<{ arn: string; owner: string | null }>>;
  /** For one function: 422 when the plan has blockers, 409 on a conflict; nothing is written. */
  preflight(request: CreateJobRequest): Promise<void>;
  create(request: CreateJobRequest, createdBy: string): Promise<Job>;
  get(id: string): Promise<Job>;
}

const LOOKUP_BATCH = 50;

export function createJobsService(options: {
  stores: Stores;
  gateway: LambdaGateway;
  records: Records;
  functions: FunctionsService;
  runner: Pick<JobRunner, 'kick'>;
  datadog: DatadogSettings;
}): JobsService {
  const { stores, gateway, records, functions, runner, datadog } = options;

  return {
    async ownersOf(functionArns) {
      const found: Array<{ arn: string; owner: string | null }> = [];
      const unknown: string[] = [];
      for (let i = 0; i < functionArns.length; i += LOOKUP_BATCH) {
        const batch = functionArns.slice(i, i + LOOKUP_BATCH);
        const rows = await Promise.all(batch.map(arn => stores.inventory.get(arn)));
        rows.forEach((row, j) => (row ? found.push({ arn: batch[j], owner: row.summary.owner }) : unknown.push(batch[j])));
      }
      if (unknown.length > 0) {
        const named = unknown.slice(0, 5).join(', ');
        throw new NotFoundError(
          `${unknown.length} function(s) are not in the inventory: ${named}${unknown.length > 5 ? ', …' : ''}. Run a scan if they are new.`,
        );
      }
      return found;
    },

    async preflight(request) {
      const [arn] = request.functionArns;
      const { config, known } = await functions.read(arn);
      if (config.LastUpdateStatus === 'InProgress') {
        throw new ConflictError('An update of this function is in progress in AWS; try again when it has finished.');
      }
      if (request.action === 'rollback') {
        const checkpoint = await stores.checkpoints.latest(arn);
        if (!checkpoint) throw new ConflictError('There is nothing to roll back: the plugin has no unreverted change recorded for this function.');
        const plan = planRollback(config, checkpoint);
        if (plan.blockers.length > 0) throw new ConflictError(`Rollback refused: ${plan.blockers.map(b => b.message).join(' ')}`);
        return;
      }
      let solution = request.solution;
      if (!solution) {
        const record = await records.recordOf(config, known, await freshContext(gateway, arn).catch(error => Promise.reject(asHttpError(error, arn))));
        const refusal = undecidedRefusal(record);
        if (refusal) throw new PlanBlockedError(`Cannot decide which tracing to enable yet. ${refusal}`);
        solution = record.recommendation.solution;
      }
      const plan = planEnablement(config, { solution, datadog });
      if (plan.blockers.length > 0) throw new PlanBlockedError(`Cannot enable ${solution}: ${plan.blockers.map(b => b.message).join(' ')}`);
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

    async get(id) {
      const job = await stores.jobs.get(id);
      if (!job) throw new NotFoundError(`There is no job ${id}.`);
      return job;
    },
  };
}
