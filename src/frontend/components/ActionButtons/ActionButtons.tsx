import Alert from '@mui/material/Alert';
import Button, { type ButtonProps } from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { FunctionSummary, PlanView } from '../../../common/api';
import type { Applicability } from '../../../common/model';
import type { FunctionChange } from '../../../common/permissions';
import { useFunctionPermission } from '../../hooks/useFunctionPermission';
import { READABLE_WHEN_DISABLED } from '../../readable';

const NOT_ONE_CLICK: Record<Exclude<Applicability, 'one-click' | 'blocked'>, string> = {
  'needs-code-change': 'This runtime needs a code change before tracing works; open the details for the steps.',
  'needs-image-rebuild': 'Container images need a rebuild to add Datadog; open the details for the Dockerfile steps.',
  'upgrade-runtime-first': 'AWS blocks updates of this runtime (or it is unknown); upgrade it first (see the details).',
  'already-done': 'Tracing is already enabled on this function.',
};

/**
 * How a disabled button says why: `caption` puts a few words under it (table rows), `alert` the whole
 * reason below it (details drawer). Either way the reason is visible, not only in a tooltip.
 */
export type ReasonDisplay = 'caption' | 'alert';

/** Why Enable cannot run for a function as the table or a plan sees it; undefined when it can. */
export function enableBlockedReason(fn: Pick<FunctionSummary, 'applicability' | 'blockers'>, plan?: PlanView | null): string | undefined {
  // The fresh plan (details drawer) wins over what the last scan found (table).
  const blockers = plan ? plan.blockers : fn.blockers;
  if (fn.applicability !== 'one-click' && fn.applicability !== 'blocked') return NOT_ONE_CLICK[fn.applicability];
  if (blockers.length > 0) return `Blocked: ${blockers.map(b => b.message).join(' ')}`;
  return undefined;
}

/** Enable, disabled with the reason when permission is denied, the plan is blocked or one click cannot do it. */
export function EnableButton(props: {
  fn: Pick<FunctionSummary, 'owner' | 'applicability' | 'name' | 'blockers'>;
  plan?: PlanView | null;
  onClick: () => void;
  size?: ButtonProps['size'];
  reasonDisplay: ReasonDisplay;
}) {
  const reason = enableBlockedReason(props.fn, props.plan);
  return (
    <GuardedButton
      label="Enable"
      ariaLabel={`Enable tracing on ${props.fn.name}`}
      change="enable"
      owner={props.fn.owner}
      deniedReason="You are not allowed to enable tracing on this function; ask its owning team or a Backstage admin."
      disabledReason={reason}
      shortReason={reason?.startsWith('Blocked') ? 'Blocked' : 'Not one click'}
      onClick={props.onClick}
      size={props.size}
      variant="contained"
      reasonDisplay={props.reasonDisplay}
    />
  );
}

/** Rollback of what the plugin changed, under the rollback permission. */
export function RollbackButton(props: { fn: Pick<FunctionSummary, 'owner' | 'name'>; plan: PlanView; onClick: () => void }) {
  const reason = props.plan.blockers.length > 0 ? `Cannot roll back: ${props.plan.blockers.map(b => b.message).join(' ')}` : undefined;
  return (
    <GuardedButton
      label="Roll back"
      ariaLabel={`Roll back tracing on ${props.fn.name}`}
      change="rollback"
      owner={props.fn.owner}
      deniedReason="You are not allowed to roll back this function; ask its owning team or a Backstage admin."
      disabledReason={reason}
      shortReason="Blocked"
      onClick={props.onClick}
      variant="outlined"
      reasonDisplay="alert"
    />
  );
}

function GuardedButton(props: {
  label: string;
  ariaLabel: string;
  change: FunctionChange;
  owner: string | null;
  deniedReason: string;
  disabledReason?: string;
  shortReason: string;
  onClick: () => void;
  size?: ButtonProps['size'];
  variant: ButtonProps['variant'];
  reasonDisplay: ReasonDisplay;
}) {
  const permission = useFunctionPermission(props.change, props.owner);
  let reason = props.disabledReason;
  let short = props.shortReason;
  if (!reason && permission.loading) {
    reason = 'Checking your permissions…';
    short = 'Checking…';
  } else if (!reason && !permission.allowed) {
    reason = props.deniedReason;
    short = 'Not permitted';
  }
  const button = (
    <Button
      size={props.size ?? 'small'}
      variant={props.variant}
      aria-label={props.ariaLabel}
      disabled={reason !== undefined}
      sx={READABLE_WHEN_DISABLED}
      onClick={event => {
        // In a table row the click must not also toggle the row's selection.
        event.stopPropagation();
        props.onClick();
      }}
    >
      {props.label}
    </Button>
  );
  if (!reason) return button;
  // A disabled button fires no events; the span carries the tooltip (and its aria-label).
  const withTooltip = (
    <Tooltip title={reason}>
      <span>{button}</span>
    </Tooltip>
  );
  if (props.reasonDisplay === 'caption') {
    return (
      <Stack alignItems="flex-start" spacing={0.25} sx={{ lineHeight: 'normal' }}>
        {withTooltip}
        <Typography variant="caption" color="text.secondary" lineHeight={1.2}>
          {short}
        </Typography>
      </Stack>
    );
  }
  return (
    <Stack alignItems="flex-start" spacing={1}>
      {withTooltip}
      {!permission.loading && (
        <Alert severity={reason === props.deniedReason ? 'info' : 'warning'} sx={{ width: '100%' }}>
          {reason}
        </Alert>
      )}
    </Stack>
  );
}
