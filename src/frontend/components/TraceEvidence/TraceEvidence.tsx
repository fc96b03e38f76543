import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import type { CoverageSummary, TraceEvidence } from '../../../common/api';
import { TRACE_EVIDENCE_COLORS, TRACE_EVIDENCE_LABELS } from '../../labels';
import { RelativeTime } from '../RelativeTime';

const SOURCE_NAMES = { datadog: 'Datadog', xray: 'X-Ray' } as const;

/**
 * Whether a traced function's traces actually arrive: "Traces seen 5 minutes ago" (exact time on
 * hover), "Configured, no traces yet", or "Could not check" with the reason. Configuration is not
 * observation, so this sits next to the status, never instead of it.
 */
export function TraceEvidenceNote(props: { evidence: TraceEvidence | null; compact?: boolean }) {
  const { evidence, compact } = props;
  if (!evidence) return null;
  const source = evidence.source ? SOURCE_NAMES[evidence.source] : null;
  const window = evidence.windowHours ? `in the last ${evidence.windowHours} h` : '';
  const checked = evidence.checkedAt ? (
    <>
      {' '}
      (checked <RelativeTime iso={evidence.checkedAt} />)
    </>
  ) : null;
  let text;
  let hint: string;
  if (evidence.state === 'seen') {
    text = (
      <>
        Traces seen <RelativeTime iso={evidence.seenAt} />
      </>
    );
    hint = `${source ?? 'The tracing backend'} received traces from this function ${window}.`;
  } else if (evidence.state === 'none-yet') {
    text = (
      <>
        {TRACE_EVIDENCE_LABELS['none-yet']}
        {evidence.seenAt && (
          <>
            {' '}
            · last seen <RelativeTime iso={evidence.seenAt} />
          </>
        )}
      </>
    );
    hint = `Tracing is configured, but ${source ?? 'the tracing backend'} received no traces from this function ${window}: it may not have been invoked, or its traces do not get through (API key, role permissions, site).`;
  } else {
    const reason = evidence.reason ?? 'The tracing backend could not be asked.';
    // A check that was tried and failed says so; otherwise it was not tried (not yet, or another vendor).
    const label = evidence.checkedAt ? 'Could not check' : TRACE_EVIDENCE_LABELS.unknown;
    text = compact ? label : `${label}: ${reason}`;
    hint = reason;
  }
  return (
    <Tooltip title={hint}>
      <Stack direction="row" spacing={0.5} alignItems="center" data-testid="trace-evidence" aria-label={`Trace evidence: ${TRACE_EVIDENCE_LABELS[evidence.state]}`}>
        <Box aria-hidden sx={{ width: 8, height: 8, borderRadius: '50%', flexShrink: 0 }} style={{ backgroundColor: TRACE_EVIDENCE_COLORS[evidence.state] }} />
        <Typography variant="caption" component="span" sx={{ lineHeight: 1.2 }}>
          {text}
          {!compact && checked}
        </Typography>
      </Stack>
    </Tooltip>
  );
}

/** Coverage's traced functions split by proof of traces: one bar in three colours, with its legend. */
export function TraceEvidenceSplit(props: { split: CoverageSummary['traceEvidence'] }) {
  const { seen, noneYet, unknown } = props.split;
  const total = seen + noneYet + unknown;
  if (total === 0) return null;
  const parts = [
    { state: 'seen' as const, count: seen },
    { state: 'none-yet' as const, count: noneYet },
    { state: 'unknown' as const, count: unknown },
  ];
  return (
    <Box sx={{ mt: 1.5 }}>
      <Typography variant="subtitle2">Do traces arrive?</Typography>
      <Typography variant="caption" color="text.secondary" component="p">
        {seen} of {total} traced functions sent traces recently
      </Typography>
      <Box role="img" aria-label={`Traced functions: ${seen} with traces seen, ${noneYet} configured with no traces yet, ${unknown} not checked`} sx={{ display: 'flex', height: 8, borderRadius: 1, overflow: 'hidden', my: 0.5 }}>
        {parts.filter(part => part.count > 0).map(part => (
          <Box key={part.state} style={{ width: `${(part.count / total) * 100}%`, backgroundColor: TRACE_EVIDENCE_COLORS[part.state] }} />
        ))}
      </Box>
      <Stack component="ul" direction="row" spacing={1.5} useFlexGap flexWrap="wrap" aria-label="Trace evidence legend" sx={{ listStyle: 'none', m: 0, p: 0 }}>
        {parts.map(part => (
          <Stack component="li" key={part.state} direction="row" spacing={0.5} alignItems="center">
            <Box aria-hidden data-testid={`evidence-swatch-${part.state}`} style={{ backgroundColor: TRACE_EVIDENCE_COLORS[part.state] }} sx={{ width: 12, height: 12, borderRadius: 0.5 }} />
            <Typography variant="caption">
              {TRACE_EVIDENCE_LABELS[part.state]}: {part.count}
            </Typography>
          </Stack>
        ))}
      </Stack>
    </Box>
  );
}
