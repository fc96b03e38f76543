import { useEffect, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { isJobFinished, type Job } from '../../common/api';
import { serverlessTracingApiRef } from '../api';
import { toError } from './useLoader';

export { isJobFinished };

/** Follows a job: polls GET /jobs/:id until it has finished. */
export function useJob(initial: Job, pollIntervalMs: number): { job: Job; error?: Error } {
  const api = useApi(serverlessTracingApiRef);
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<Error>();

  useEffect(() => {
    if (isJobFinished(job)) return undefined;
    let cancelled = false;
    const timer = setTimeout(() => {
      api.getJob(job.id).then(
        next => {
          if (cancelled) return;
          setError(undefined);
          setJob(next);
        },
        // Keep polling through a transient failure, but say so.
        failure => !cancelled && setError(toError(failure)),
      );
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, job, error, pollIntervalMs]);

  return { job, error };
}
