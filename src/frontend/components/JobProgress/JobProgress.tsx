import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { useApi } from '@backstage/core-plugin-api';
import type { Job } from '../../../common/api';
import { serverlessTracingApiRef } from '../../api';
import { isJobFinished, useJob } from '../../hooks/useJob';
import { toError } from '../../hooks/useLoader';
import { JOB_ITEM_COLORS, JOB_STATE_LABELS } from '../../labels';
import { humanErrorMessage } from '../../errors';
import { READABLE_WHEN_DISABLED } from '../../readable';

export interface JobProgressProps {
  job: Job;
  /** Function names by ARN, for people; the ARN is shown where a name is unknown. */
  names: Record<string, string>;
  pollIntervalMs: number;
  /** Called once per job when it has finished (succeeded, failed or partly failed). */
  onFinished: (job: Job) => void;
}

/** Follows a job to its end; failed functions say why and can be retried as a new job. */
export function JobProgress(props: JobProgressProps) {
  const api = useApi(serverlessTracingApiRef);
  const [job, setJob] = useState(props.job);
  const [retryError, setRetryError] = useState<Error>();
  const [retrying, setRetrying] = useState(false);

  const [cancelError, setCancelError] = useState<Error>();
  const cancel = () => {
    setCancelError(undefined);
    // The progress poll picks up the cancelled items; the item in flight still finishes.
    api.cancelJob(job.id).catch(failure => setCancelError(toError(failure)));
  };

  const retry = (failedArns: string[]) => {
    setRetrying(true);
    setRetryError(undefined);
    api
      .createJob({ action: job.action, functionArns: failedArns, solution: job.solution ?? undefined })
      .then(setJob, failure => setRetryError(toError(failure)))
      .finally(() => setRetrying(false));
  };

  return (
    <Box>
      {cancelError && (
        <Alert severity="error" sx={{ mb: 1 }}>
          Could not cancel the job: {humanErrorMessage(cancelError)}
        </Alert>
      )}
      {retryError && (
        <Alert severity="error" sx={{ mb: 1 }}>
          Retry could not start: {humanErrorMessage(retryError)}
        </Alert>
      )}
      <FollowedJob
        key={job.id}
        job={job}
        names={props.names}
        pollIntervalMs={props.pollIntervalMs}
        onFinished={props.onFinished}
        onRetry={retry}
        retrying={retrying}
        onCancel={cancel}
      />
    </Box>
  );
}

function FollowedJob(props: JobProgressProps & { onRetry: (arns: string[]) => void; retrying: boolean; onCancel: () => void }) {
  const { job, error } = useJob(props.job, props.pollIntervalMs);
  const finished = isJobFinished(job);
  const reported = useRef(false);
  const onFinished = props.onFinished;
  useEffect(() => {
    if (finished && !reported.current) {
      reported.current = true;
      onFinished(job);
    }
  }, [finished, job, onFinished]);

  const { total, succeeded, failed, cancelled = 0 } = job.counts;
  const done = succeeded + failed + cancelled;
  const failedArns = job.items.filter(item => item.state === 'failed').map(item => item.functionArn);
  const verb = job.action === 'enable' ? 'Enabling tracing' : 'Rolling back';

  return (
    <Box>
      <Typography variant="body2" gutterBottom>
        {verb}: {done} of {total} done ({succeeded} succeeded, {failed} failed{cancelled > 0 ? `, ${cancelled} cancelled` : ''}) · {JOB_STATE_LABELS[job.state]}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={total === 0 ? 100 : (done / total) * 100}
        color={failed > 0 ? 'warning' : 'primary'}
        aria-label={`${verb} progress`}
      />
      {error && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Could not refresh the job's progress: {humanErrorMessage(error)} Still trying.
        </Alert>
      )}
      <List dense aria-label="Per-function results">
        {job.items.map(item => (
          <ListItem key={item.functionArn} disableGutters>
            <ListItemText
              primary={props.names[item.functionArn] ?? item.functionArn}
              secondary={item.state === 'failed' ? item.message ?? 'Failed without a reason from the backend.' : undefined}
              secondaryTypographyProps={{ color: 'error' }}
            />
            <Chip size="small" label={item.state} color={JOB_ITEM_COLORS[item.state]} />
          </ListItem>
        ))}
      </List>
      {!finished && total > 1 && (
        <Button size="small" onClick={props.onCancel} sx={{ mr: 1 }}>
          Cancel the rest
        </Button>
      )}
      {finished && failedArns.length > 0 && (
        <Button variant="outlined" disabled={props.retrying} sx={READABLE_WHEN_DISABLED} onClick={() => props.onRetry(failedArns)}>
          Retry failed ({failedArns.length})
        </Button>
      )}
    </Box>
  );
}
