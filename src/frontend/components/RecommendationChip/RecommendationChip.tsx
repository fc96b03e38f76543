import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { FunctionSummary } from '../../../common/api';
import { APPLICABILITY_COLORS, APPLICABILITY_LABELS, blockedLabel } from '../../labels';
import { outlinedChipSx } from '../../readable';

/**
 * The applicability chip, or "Blocked: …" naming the first blocker when the plan has blockers (a
 * blocked applicability, or a one-click one whose fresh plan found one): never a bare "Blocked" or
 * "One click" for what one click cannot do.
 */
export function RecommendationChip(props: { fn: Pick<FunctionSummary, 'applicability' | 'blockers'> }) {
  const { fn } = props;
  if ((fn.applicability === 'one-click' || fn.applicability === 'blocked') && fn.blockers.length > 0) {
    return (
      <Tooltip title={fn.blockers.map(b => b.message).join(' ')}>
        <Chip size="small" variant="outlined" color="error" sx={outlinedChipSx('error')} label={blockedLabel(fn.blockers)} />
      </Tooltip>
    );
  }
  const colour = APPLICABILITY_COLORS[fn.applicability];
  return <Chip size="small" variant="outlined" label={APPLICABILITY_LABELS[fn.applicability]} color={colour} sx={outlinedChipSx(colour)} />;
}
