import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import type { Finding, TracingStatus } from '../../../common/model';
import { STATUS_COLORS, STATUS_LABELS, STATUS_TEXT_COLORS } from '../../labels';

/** The tracing status of a function, in its status colour; hovering shows the findings that explain it. */
export function StatusChip(props: { status: TracingStatus; findings?: Finding[]; label?: string }) {
  const { status, findings = [] } = props;
  const chip = (
    <Chip
      size="small"
      label={props.label ?? STATUS_LABELS[status]}
      style={{ backgroundColor: STATUS_COLORS[status], color: STATUS_TEXT_COLORS[status] }}
    />
  );
  if (findings.length === 0) return chip;
  return (
    <Tooltip
      title={
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {findings.map(finding => (
            <li key={finding.code}>{finding.message}</li>
          ))}
        </Box>
      }
    >
      {chip}
    </Tooltip>
  );
}
