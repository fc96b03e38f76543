import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionSummary, Job, JobAction, PlanView } from '../../../common/api';
import { serverlessTracingApiRef } from '../../api';
import { toError, useLoader } from '../../hooks/useLoader';
import { APPLICABILITY_LABELS, SOLUTION_LABELS } from '../../labels';
import { JobProgress } from '../JobProgress';
import { PlanDiff } from '../PlanDiff';

export interface EnableDialogProps {
  action: JobAction;
  targets: FunctionSummary[];
  /** The plan already at hand (from the details drawer); otherwise a single target's plan is fetched. */
  plan?: PlanView | null;
  pollIntervalMs: number;
  onClose: () => void;
  /** A job started here has finished: the table should reload. */
  onJobFinished: (job: Job) => void;
}

/** Confirmation showing what will change, then the job's progress. */
export function EnableDialog(props: EnableDialogProps) {
  const { action, targets } = props;
  const api = useApi(serverlessTracingApiRef);
  const [job, setJob] = useState<Job>();
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<Error>();

  const eligible = targets.filter(fn => (action === 'enable' ? oneClick(fn) : fn.canRollback));
  const skipped = targets.filter(fn => !eligible.includes(fn));
  const single = targets.length === 1 ? targets[0] : undefined;
  const needsPlan = !props.plan && single !== undefined && action === 'enable' && eligible.length === 1;
  const planned = useLoader(
    () => (needsPlan ? api.planFunction(single.arn) : Promise.resolve(props.plan ?? undefined)),
    [api, needsPlan, single?.arn, props.plan],
  );
  const plan = planned.value;
  const blocked = plan !== undefined && plan.blockers.length > 0;
  const names = Object.fromEntries(targets.map(fn => [fn.arn, fn.name]));
  const verb = action === 'enable' ? 'Enable tracing' : 'Roll back tracing';
  const title = single ? `${verb} on ${single.name}` : `${verb} on ${targets.length} functions`;

  const confirm = () => {
    setStarting(true);
    setStartError(undefined);
    api
      .createJob({ action, functionArns: eligible.map(fn => fn.arn) })
      .then(setJob, failure => setStartError(toError(failure)))
      .finally(() => setStarting(false));
  };

  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="md" aria-labelledby="enable-dialog-title">
      <DialogTitle id="enable-dialog-title">{title}</DialogTitle>
      <DialogContent dividers>
        {job ? (
          <JobProgress job={job} names={names} pollIntervalMs={props.pollIntervalMs} onFinished={props.onJobFinished} />
        ) : (
          <>
            {single && planned.loading && <Progress />}
            {single && planned.error && <Alert severity="error">Could not plan this change: {planned.error.message}</Alert>}
            {single && plan && <PlanDiff plan={plan} />}
            {!single && <TargetList functions={eligible} action={action} />}
            {skipped.length > 0 && <SkippedList functions={skipped} action={action} />}
            {startError && (
              <Alert severity="error" sx={{ mt: 1 }}>
                The job could not start: {startError.message}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{job ? 'Close' : 'Cancel'}</Button>
        {!job && (
          <Button
            variant="contained"
            onClick={confirm}
            disabled={starting || eligible.length === 0 || blocked || (single !== undefined && planned.loading)}
          >
            {action === 'enable' ? 'Confirm and enable' : 'Confirm and roll back'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

function TargetList(props: { functions: FunctionSummary[]; action: JobAction }) {
  return (
    <>
      <Typography variant="body2">
        {props.action === 'enable'
          ? 'Each function gets its recommended solution; the backend plans and checks every one before writing.'
          : 'Each function gets back exactly what the plugin changed.'}
      </Typography>
      <List dense aria-label="Functions in this job">
        {props.functions.map(fn => (
          <ListItem key={fn.arn} disableGutters>
            <ListItemText primary={fn.name} secondary={`${fn.accountId} · ${fn.region} · ${SOLUTION_LABELS[fn.solution]}`} />
          </ListItem>
        ))}
      </List>
    </>
  );
}

function oneClick(fn: FunctionSummary): boolean {
  return fn.applicability === 'one-click' && fn.blockers.length === 0;
}

function whyNotOneClick(fn: FunctionSummary): string {
  return fn.applicability === 'one-click' ? fn.blockers.map(b => b.message).join(' ') : APPLICABILITY_LABELS[fn.applicability];
}

function SkippedList(props: { functions: FunctionSummary[]; action: JobAction }) {
  return (
    <Alert severity="info" sx={{ mt: 1 }}>
      Left out, because one click cannot do it:
      <ul style={{ margin: 0 }}>
        {props.functions.map(fn => (
          <li key={fn.arn}>
            {fn.name}:{' '}
            {props.action === 'enable' ? whyNotOneClick(fn) : 'nothing to roll back'}
          </li>
        ))}
      </ul>
    </Alert>
  );
}
