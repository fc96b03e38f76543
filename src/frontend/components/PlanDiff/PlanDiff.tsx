import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import type { ChangeView, PlanView } from '../../../common/api';
import { Arn } from '../Arn';

const HIDDEN = '(value hidden)';

/**
 * A plan as a readable diff: what changes on the function, grouped the way people think about a
 * Lambda configuration. Shows an environment value only when the API disclosed it.
 */
export function PlanDiff(props: { plan: PlanView }) {
  const { plan } = props;
  const layers = plan.changes.filter(c => c.kind === 'layer-added' || c.kind === 'layer-removed');
  const env = plan.changes.filter(c => c.kind === 'env-set' || c.kind === 'env-unset');
  const others = plan.changes.filter(c => c.kind === 'handler-changed' || c.kind === 'tracing-mode-changed');

  return (
    <Box data-testid="plan-diff">
      {plan.blockers.length > 0 && (
        <Alert severity="error" sx={{ mb: 1 }}>
          <strong>This plan cannot be applied:</strong>
          <ul style={{ margin: 0 }}>
            {plan.blockers.map(note => (
              <li key={note.code}>{note.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {plan.warnings.length > 0 && (
        <Alert severity="warning" sx={{ mb: 1 }}>
          <ul style={{ margin: 0, paddingLeft: 16 }}>
            {plan.warnings.map(note => (
              <li key={note.code}>{note.message}</li>
            ))}
          </ul>
        </Alert>
      )}
      {plan.changes.length === 0 && <Typography variant="body2">No changes: the function already has this configuration.</Typography>}
      <DiffSection title="Layers" changes={layers} />
      <DiffSection title="Environment variables" changes={env} />
      <DiffSection title="Handler and X-Ray" changes={others} />
    </Box>
  );
}

function DiffSection(props: { title: string; changes: ChangeView[] }) {
  if (props.changes.length === 0) return null;
  return (
    <Box sx={{ mb: 1.5 }}>
      <Typography variant="subtitle2">{props.title}</Typography>
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, fontFamily: 'monospace', fontSize: '0.85rem' }}>
        {props.changes.map(change => (
          <DiffLine key={changeKey(change)} change={change} />
        ))}
      </Box>
    </Box>
  );
}

type Sign = '+' | '-' | '~';
const SIGN_COLORS: Record<Sign, string> = { '+': 'success.main', '-': 'error.main', '~': 'warning.main' };

function DiffLine(props: { change: ChangeView }) {
  const [sign, text] = describe(props.change);
  return (
    <Box component="li" sx={{ color: SIGN_COLORS[sign] }}>
      {sign} <Arn value={text} />
    </Box>
  );
}

function describe(change: ChangeView): [Sign, string] {
  switch (change.kind) {
    case 'layer-added':
      return ['+', change.arn];
    case 'layer-removed':
      return ['-', change.arn];
    case 'env-set':
      return change.existed
        ? ['~', `${change.key}: ${change.before ?? HIDDEN} → ${change.after ?? HIDDEN}`]
        : ['+', `${change.key} = ${change.after ?? HIDDEN}`];
    case 'env-unset':
      return ['-', `${change.key} (was ${change.before ?? HIDDEN})`];
    case 'handler-changed':
      return ['~', `handler: ${change.before} → ${change.after}`];
    case 'tracing-mode-changed':
      return ['~', `X-Ray tracing mode: ${change.before} → ${change.after}`];
    default:
      return ['~', 'unrecognised change'];
  }
}

function changeKey(change: ChangeView): string {
  if ('arn' in change) return `${change.kind}:${change.arn}`;
  if ('key' in change) return `${change.kind}:${change.key}`;
  return change.kind;
}
