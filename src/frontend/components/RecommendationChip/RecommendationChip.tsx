import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { FunctionSummary } from '../../../common/api';
import { APPLICABILITY_COLORS, APPLICABILITY_LABELS, blockedLabel } from '../../labels';
import { outlinedChipSx } from '../../readable';

/** The applicability chip, or "Blocked: …" when the last plan has blockers: never "One click" for what one click cannot do. */
export function RecommendationChip(props: { fn: Pick<FunctionSummary, 'applicability' | 'blockers'> }) {
  const { fn } = props;
  // 'blocked' (since the fleet rules) or a one-click plan whose last check found blockers: name the first.
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
