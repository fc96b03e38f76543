import { useCallback, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionSummary, Job, JobAction, PlanView } from '../../../common/api';
import type { Solution } from '../../../common/model';
import { serverlessTracingApiRef } from '../../api';
import { toError, useLoader } from '../../hooks/useLoader';
import { APPLICABILITY_LABELS } from '../../labels';
import { humanErrorMessage } from '../../errors';
import { LeftOutList, PermissionProbe, TargetList, type LeftOut } from './BulkTargets';
import { JobProgress } from '../JobProgress';
import { PlanDiff } from '../PlanDiff';
import { READABLE_WHEN_DISABLED } from '../../readable';

export interface EnableDialogProps {
  action: JobAction;
  targets: FunctionSummary[];
  /** The plan already at hand (from the details drawer); otherwise a single target's plan is fetched. */
  plan?: PlanView | null;
  /** Another solution than each target's recommendation (chosen in the details). */
  solution?: Solution;
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

  const [allowed, setAllowed] = useState<Record<string, boolean>>({});
  const onPermission = useCallback((arn: string, ok: boolean) => setAllowed(current => (current[arn] === ok ? current : { ...current, [arn]: ok })), []);
  const checking = targets.some(fn => allowed[fn.arn] === undefined);
  const leftOut: LeftOut[] = [];
  const eligible: FunctionSummary[] = [];
  for (const fn of targets) {
    const reason = leftOutReason(fn, action, allowed[fn.arn], targets.length > 1);
    if (reason) leftOut.push({ fn, reason });
    else eligible.push(fn);
  }
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
  // The title counts what the job will change, never what it leaves out.
  const title = single ? `${verb} on ${single.name}` : `${verb} on ${eligible.length} ${eligible.length === 1 ? 'function' : 'functions'}`;

  const confirm = () => {
    setStarting(true);
    setStartError(undefined);
    api
      .createJob({ action, functionArns: eligible.map(fn => fn.arn), ...(props.solution ? { solution: props.solution } : {}) })
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
            {targets.map(fn => (
              <PermissionProbe key={fn.arn} fn={fn} action={action} onResult={onPermission} />
            ))}
            {!single && checking && <Typography variant="body2">Checking your permissions…</Typography>}
            {single && planned.loading && <Progress />}
            {single && planned.error && <Alert severity="error">Could not plan this change: {humanErrorMessage(planned.error)}</Alert>}
            {single && plan && <PlanDiff plan={plan} />}
            {/* A rollback chosen from the selection has no plan at hand: it lists what it rolls back instead. */}
            {(!single || (action === 'rollback' && !props.plan)) && eligible.length > 0 && <TargetList functions={eligible} action={action} />}
            {!single && eligible.length === 0 && !checking && (
              <Typography variant="body2">None of the selected functions can be changed by this job.</Typography>
            )}
            {leftOut.length > 0 && <LeftOutList leftOut={leftOut} />}
            {startError && (
              <Alert severity="error" sx={{ mt: 1 }}>
                The job could not start: {humanErrorMessage(startError)}
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
            disabled={starting || checking || eligible.length === 0 || blocked || (single !== undefined && planned.loading)}
            sx={READABLE_WHEN_DISABLED}
          >
            {action === 'enable' ? 'Confirm and enable' : 'Confirm and roll back'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}

function oneClick(fn: FunctionSummary): boolean {
  return fn.applicability === 'one-click' && fn.blockers.length === 0;
}

const DENIED: Record<JobAction, string> = {
  enable: 'you are not allowed to enable tracing on it',
  rollback: 'you are not allowed to roll it back',
};

/** Why the job leaves a function out, or undefined when it takes it. Permission unknown yet counts as taken. */
export function leftOutReason(fn: FunctionSummary, action: JobAction, allowed: boolean | undefined, bulk = false): string | undefined {
  // An excluded function is enabled only when someone picks it on its own, never swept up in bulk.
  if (bulk && action === 'enable' && fn.exclusion) return `excluded from tracing: ${fn.exclusion.reason}`;
  if (action === 'enable' && !oneClick(fn)) {
    return fn.applicability === 'one-click' ? fn.blockers.map(b => b.message).join(' ') : APPLICABILITY_LABELS[fn.applicability];
  }
  if (action === 'rollback' && !fn.canRollback) return 'nothing to roll back';
  if (allowed === false) return DENIED[action];
  return undefined;
}
