import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { isJobFinished, type JobSummary } from '../../../common/api';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { toError, useLoader } from '../../hooks/useLoader';
import { JOB_STATE_LABELS, SOLUTION_LABELS } from '../../labels';
import { LoadError } from '../LoadError';
import { RelativeTime } from '../RelativeTime';

const SHOWN = 20;

/** The latest enable and rollback jobs: who started what, when, and how it went; a running one can be cancelled. */
export function RecentJobs(props: { refreshKey: number; onChanged?: () => void }) {
  const api = useApi(serverlessTracingApiRef);
  const [reloads, setReloads] = useState(0);
  const jobs = useLoader(() => api.listJobs(SHOWN), [api, props.refreshKey, reloads]);
  const [cancelError, setCancelError] = useState<Error>();
  const cancel = (job: JobSummary) =>
    api.cancelJob(job.id).then(
      () => {
        setCancelError(undefined);
        setReloads(n => n + 1);
        props.onChanged?.();
      },
      error => setCancelError(toError(error)),
    );

  return (
    <InfoCard title="Recent jobs" action={<Button size="small" onClick={() => setReloads(n => n + 1)}>Reload</Button>}>
      {jobs.loading && !jobs.value && <Progress />}
      {jobs.error && <LoadError what="the jobs" error={jobs.error} onRetry={() => setReloads(n => n + 1)} />}
      {cancelError && <Alert severity="error">Could not cancel the job: {humanErrorMessage(cancelError)}</Alert>}
      {jobs.value?.length === 0 && <Typography variant="body2">No job has run yet.</Typography>}
      {jobs.value && jobs.value.length > 0 && (
        <Table size="small" aria-label="Recent jobs">
          <TableHead>
            <TableRow>
              <TableCell>Started</TableCell>
              <TableCell>By</TableCell>
              <TableCell>What</TableCell>
              <TableCell>Outcome</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {jobs.value.map(job => (
              <TableRow key={job.id}>
                <TableCell>
                  <RelativeTime iso={job.createdAt} />
                </TableCell>
                <TableCell>{job.createdBy}</TableCell>
                <TableCell>
                  {job.action === 'enable' ? `Enable ${job.solution ? SOLUTION_LABELS[job.solution] : 'recommended'}` : 'Roll back'} ·{' '}
                  {job.counts.total} {job.counts.total === 1 ? 'function' : 'functions'}
                </TableCell>
                <TableCell>
                  <Chip size="small" label={JOB_STATE_LABELS[job.state]} sx={{ mr: 1 }} />
                  {job.counts.succeeded} succeeded, {job.counts.failed} failed
                  {job.counts.cancelled > 0 ? `, ${job.counts.cancelled} cancelled` : ''}
                </TableCell>
                <TableCell>
                  {!isJobFinished(job) && (
                    <Button size="small" onClick={() => cancel(job)} aria-label={`Cancel the job started ${job.createdAt}`}>
                      Cancel
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </InfoCard>
  );
}
