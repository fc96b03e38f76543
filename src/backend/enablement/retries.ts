// When a failed AWS call is worth another attempt, and how a final failure reads to a person.
import type { JobAction } from '../../common/api';
import type { AwsCallError } from '../aws/types';
import type { JobSettings } from '../config';

export interface RetryBudget {
  /** Re-plans after someone else changed the function (PreconditionFailed). */
  revision: number;
  /** Waits for an update in progress (ResourceConflict). */
  busy: number;
  /** Back-offs after throttling that outlasted the gateway's own retries. */
  throttled: number;
  startedAt: number;
}

const MAX_THROTTLED_BACKOFFS = 8;
const MAX_BACKOFF_MS = 30_000;

/** Milliseconds to wait before the next attempt, or undefined to give up. Updates `budget`. */
export function nextRetry(error: AwsCallError, budget: RetryBudget, jobs: JobSettings): number | undefined {
  switch (error.kind) {
    case 'revision-mismatch':
      // Re-read and re-plan at once: the fresh read carries the other change, the new plan keeps it.
      return ++budget.revision <= jobs.maxRevisionRetries ? 0 : undefined;
    case 'update-in-progress':
      budget.busy++;
      return Date.now() - budget.startedAt < jobs.updateTimeoutMs ? jobs.pollIntervalMs : undefined;
    case 'throttled':
      if (++budget.throttled > MAX_THROTTLED_BACKOFFS) return undefined;
      return Math.min(MAX_BACKOFF_MS, jobs.pollIntervalMs * 2 ** (budget.throttled - 1));
    default:
      return undefined;
  }
}

export function explainAwsFailure(error: AwsCallError, budget: RetryBudget, action: JobAction): string {
  const what = action === 'enable' ? 'enable tracing' : 'roll back';
  switch (error.kind) {
    case 'revision-mismatch':
      return `Someone kept changing this function while we tried to ${what} (${budget.revision} attempts); nothing of theirs was overwritten. Run the job again once the changes settle.`;
    case 'update-in-progress':
      return `Another update of this function did not finish in time, so we could not ${what}. ${error.message} Run the job again later.`;
    case 'throttled':
      return `AWS kept throttling requests for this function's account and region, so we could not ${what}. Run the job again later, or lower serverlessTracing.rateLimit.`;
    case 'not-found':
      return `The function no longer exists in AWS, so there is nothing to ${what}.`;
    case 'unavailable':
      return `AWS did not answer in time (${error.message}). The change may or may not have been applied; run the job again: it re-reads the function and only sends what is still missing.`;
    default:
      return error.message;
  }
}
