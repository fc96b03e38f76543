import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Typography from '@mui/material/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { FunctionSummary, JobAction } from '../../../common/api';
import { serverlessTracingApiRef } from '../../api';
import { useFunctionPermission } from '../../hooks/useFunctionPermission';
import { useLoader } from '../../hooks/useLoader';
import { humanErrorMessage } from '../../errors';
import { IAC_LABELS, SOLUTION_LABELS } from '../../labels';
import { PlanDiff } from '../PlanDiff';

/** A function left out of a job, and why (for people). */
export interface LeftOut {
  fn: FunctionSummary;
  reason: string;
}

/** Reports whether the user may make this change on one function (a hook per function, so a component per function). */
export function PermissionProbe(props: { fn: FunctionSummary; action: JobAction; onResult: (arn: string, allowed: boolean) => void }) {
  const { loading, allowed } = useFunctionPermission(props.action, props.fn.owner);
  const { onResult, fn } = props;
  useEffect(() => {
    if (!loading) onResult(fn.arn, allowed);
  }, [loading, allowed, onResult, fn.arn]);
  return null;
}

/** What the job will do: each function with its solution, its IaC warning and, on request, its diff. */
export function TargetList(props: { functions: FunctionSummary[]; action: JobAction }) {
  const managed = props.functions.filter(fn => fn.iac !== null);
  return (
    <>
      <Typography variant="body2">
        {props.action === 'rollback'
          ? 'Each function gets back exactly what the plugin changed.'
          : props.functions.every(fn => fn.status === 'drifted')
            ? 'Each drifted function gets back what the plugin had applied to it and a later change removed; the backend plans and checks every one again before writing.'
            : 'Each function gets its recommended solution; the backend plans and checks every one again before writing.'}
      </Typography>
      {props.action === 'enable' && managed.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }} aria-label="Infrastructure-as-code warning">
          {managed.length === 1 ? '1 function is' : `${managed.length} functions are`} deployed with infrastructure as code
          ({managed.map(fn => `${fn.name}: ${IAC_LABELS[fn.iac!]}`).join(', ')}): the next deploy reverts this change unless the
          template carries it too (see each function's details for the template way).
        </Alert>
      )}
      <List dense aria-label="Functions in this job">
        {props.functions.map(fn => (
          <TargetItem key={fn.arn} fn={fn} action={props.action} />
        ))}
      </List>
    </>
  );
}

function TargetItem(props: { fn: FunctionSummary; action: JobAction }) {
  const { fn } = props;
  const [open, setOpen] = useState(false);
  return (
    <ListItem disableGutters sx={{ display: 'block' }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <ListItemText
          primary={fn.name}
          secondary={`${fn.accountId} · ${fn.region} · ${props.action === 'enable' ? SOLUTION_LABELS[fn.solution] : 'rollback'}${fn.iac ? ` · ${IAC_LABELS[fn.iac]}` : ''}`}
        />
        <Button size="small" onClick={() => setOpen(o => !o)} aria-expanded={open} aria-label={`${open ? 'Hide' : 'Show'} changes for ${fn.name}`}>
          {open ? 'Hide changes' : 'Show changes'}
        </Button>
      </Box>
      {open && <TargetPlan fn={fn} action={props.action} />}
    </ListItem>
  );
}

/** The function's own plan, fetched when asked for: a dry run, nothing written. */
function TargetPlan(props: { fn: FunctionSummary; action: JobAction }) {
  const api = useApi(serverlessTracingApiRef);
  const arn = props.fn.arn;
  const action = props.action;
  const plan = useLoader(
    () => (action === 'enable' ? api.planFunction(arn) : api.getFunction(arn).then(details => details.rollbackPlan)),
    [api, arn, action],
  );
  return (
    <Box sx={{ pl: 2, pb: 1 }}>
      {plan.loading && <Progress />}
      {plan.error && <Alert severity="error">Could not plan {props.fn.name}: {humanErrorMessage(plan.error)}</Alert>}
      {plan.value && <PlanDiff plan={plan.value} />}
      {plan.value === null && <Typography variant="body2">Nothing to roll back.</Typography>}
    </Box>
  );
}

/** The functions the job leaves out, each with its account, region and reason. */
export function LeftOutList(props: { leftOut: LeftOut[] }) {
  return (
    <Alert severity="info" sx={{ mt: 1 }}>
      Left out ({props.leftOut.length}):
      <Box component="ul" sx={{ m: 0, pl: 2 }} aria-label="Left out">
        {props.leftOut.map(({ fn, reason }) => (
          <li key={fn.arn}>
            {fn.name} ({fn.accountId} · {fn.region}): {reason}
          </li>
        ))}
      </Box>
    </Alert>
  );
}
