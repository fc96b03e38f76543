// Automatic drift repair, when the operator asks for it (serverlessTracing.drift.autoRepair): after each
// scan, the drifted functions of the listed accounts or owners get an enable job, which re-plans what
// the plugin applied and puts back what is missing. Never IaC-managed functions (the next deploy would
// revert the repair again: the fix belongs in their template), never excluded functions, never what
// one click cannot do.
import type { BackstageCredentials, BackstageServicePrincipal, LoggerService } from '@backstage/backend-plugin-api';
import type { FunctionSummary, Job } from '../../common/api';
import type { AutoRepairPolicy } from '../config';
import type { JobStarter } from '../jobStarter';
import type { InventoryStore } from '../store/types';

export interface DriftRepair {
  /** Starts the repair jobs for what the last scan found drifted; the jobs started (none without a policy). */
  afterScan(): Promise<Job[]>;
}

/** Functions per repair job: the most a job takes. */
export const REPAIR_JOB_SIZE = 1000;

/** Whether the policy repairs this function. */
export function repairable(fn: FunctionSummary, policy: AutoRepairPolicy): boolean {
  if (fn.status !== 'drifted' || fn.iac !== null || fn.exclusion !== null || fn.applicability !== 'one-click') return false;
  return policy.accounts.includes(fn.accountId) || (fn.owner !== null && policy.owners.includes(fn.owner));
}

export function describePolicy(policy: AutoRepairPolicy): string {
  const parts = [];
  if (policy.accounts.length) parts.push(`accounts ${policy.accounts.join(', ')}`);
  if (policy.owners.length) parts.push(`owners ${policy.owners.join(', ')}`);
  return `drift.autoRepair (${parts.join('; ')})`;
}

export function createDriftRepair(options: {
  policy: AutoRepairPolicy | undefined;
  inventory: Pick<InventoryStore, 'withStatus'>;
  jobStarter: Pick<JobStarter, 'repair'>;
  credentials: () => Promise<BackstageCredentials<BackstageServicePrincipal>>;
  logger: LoggerService;
}): DriftRepair {
  const { policy, inventory, jobStarter, logger } = options;
  return {
    async afterScan() {
      if (!policy) return [];
      const drifted = await inventory.withStatus('drifted');
      const arns = drifted.filter(fn => repairable(fn, policy)).map(fn => fn.arn);
      if (arns.length === 0) return [];
      const credentials = await options.credentials();
      const started: Job[] = [];
      for (let i = 0; i < arns.length; i += REPAIR_JOB_SIZE) {
        started.push(await jobStarter.repair(credentials, arns.slice(i, i + REPAIR_JOB_SIZE), describePolicy(policy)));
      }
      logger.info(`Drift repair: re-applying tracing to ${arns.length} drifted function(s) in ${started.map(job => `job ${job.id}`).join(', ')}.`);
      return started;
    },
  };
}
