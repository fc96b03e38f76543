import Button, { type ButtonProps } from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import type { FunctionSummary, PlanView } from '../../../common/api';
import type { Applicability } from '../../../common/model';
import type { FunctionChange } from '../../../common/permissions';
import { useFunctionPermission } from '../../hooks/useFunctionPermission';

const NOT_ONE_CLICK: Record<Exclude<Applicability, 'one-click' | 'blocked'>, string> = {
  'needs-code-change': 'This runtime needs a code change before tracing works; open the details for the steps.',
  'needs-image-rebuild': 'Container images need a rebuild to add Datadog; open the details for the Dockerfile steps.',
  'upgrade-runtime-first': 'This runtime is deprecated or unknown; upgrade it first (see the details).',
  'already-done': 'Tracing is already enabled on this function.',
};

/** Enable, disabled with the reason when permission is denied, the plan is blocked or one click cannot do it. */
export function EnableButton(props: {
  fn: Pick<FunctionSummary, 'owner' | 'applicability' | 'name' | 'blockers'>;
  plan?: PlanView | null;
  onClick: () => void;
  size?: ButtonProps['size'];
}) {
  const { fn, plan } = props;
  // The fresh plan (details drawer) wins over what the last scan found (table).
  const blockers = plan ? plan.blockers : fn.blockers;
  let reason: string | undefined;
  if (fn.applicability !== 'one-click' && fn.applicability !== 'blocked') reason = NOT_ONE_CLICK[fn.applicability];
  else if (blockers.length > 0) reason = `Blocked: ${blockers.map(b => b.message).join(' ')}`;
  return (
    <GuardedButton
      label="Enable"
      ariaLabel={`Enable tracing on ${fn.name}`}
      change="enable"
      owner={fn.owner}
      deniedReason="You are not allowed to enable tracing on this function; ask its owning team or a Backstage admin."
      disabledReason={reason}
      onClick={props.onClick}
      size={props.size}
      variant="contained"
    />
  );
}

/** Rollback of what the plugin changed, under the rollback permission. */
export function RollbackButton(props: { fn: Pick<FunctionSummary, 'owner' | 'name'>; plan: PlanView; onClick: () => void }) {
  const reason = props.plan.blockers.length > 0 ? `Blocked: ${props.plan.blockers.map(b => b.message).join(' ')}` : undefined;
  return (
    <GuardedButton
      label="Roll back"
      ariaLabel={`Roll back tracing on ${props.fn.name}`}
      change="rollback"
      owner={props.fn.owner}
      deniedReason="You are not allowed to roll back this function; ask its owning team or a Backstage admin."
      disabledReason={reason}
      onClick={props.onClick}
      variant="outlined"
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
  onClick: () => void;
  size?: ButtonProps['size'];
  variant: ButtonProps['variant'];
}) {
  const permission = useFunctionPermission(props.change, props.owner);
  let reason = props.disabledReason;
  if (!reason && permission.loading) reason = 'Checking your permissions…';
  else if (!reason && !permission.allowed) reason = props.deniedReason;
  const button = (
    <Button
      size={props.size ?? 'small'}
      variant={props.variant}
      aria-label={props.ariaLabel}
      disabled={reason !== undefined}
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
  return (
    <Tooltip title={reason}>
      {/* A disabled button fires no events; the span carries the tooltip (and its aria-label). */}
      <span>{button}</span>
    </Tooltip>
  );
}
