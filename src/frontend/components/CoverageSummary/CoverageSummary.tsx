import { memo, useState } from 'react';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { BarChart } from '@mui/x-charts/BarChart';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CoverageBucket, CoverageSummary as Summary } from '../../../common/api';
import { TRACED_STATUSES, TRACING_STATUSES, type RuntimeFamily, type TracingStatus } from '../../../common/model';
import { serverlessTracingApiRef } from '../../api';
import { useLoader } from '../../hooks/useLoader';
import { EXCLUDED_COLOR, EXCLUDED_LABEL, RUNTIME_FAMILY_LABELS, STATUS_COLORS, STATUS_LABELS } from '../../labels';
import { LoadError } from '../LoadError';
import { StatusChip } from '../StatusChip';
import { TraceEvidenceSplit } from '../TraceEvidence';

/** Status counts of the functions the table's filters match (null while no filter is active). */
export type FilteredCoverage = Partial<Record<TracingStatus, number>> | null;

/**
 * Coverage at a glance: share traced, counts by status, bars by runtime family and by account/owner.
 * Memoised: the charts re-render when their data or the filtered counts change, not on every keystroke.
 */
export const CoverageSummary = memo(function CoverageSummary(props: { entityRef?: string; refreshKey: number; filtered?: FilteredCoverage }) {
  const api = useApi(serverlessTracingApiRef);
  const [retries, setRetries] = useState(0);
  const summary = useLoader(() => api.getSummary(props.entityRef), [api, props.entityRef, props.refreshKey, retries]);

  return (
    <InfoCard title="Tracing coverage">
      {summary.loading && !summary.value && <Progress />}
      {summary.error && (
        <LoadError what="the coverage summary" error={summary.error} onRetry={() => setRetries(n => n + 1)} />
      )}
      {summary.value && <SummaryBody summary={summary.value} filtered={props.filtered ?? null} />}
    </InfoCard>
  );
});

export function tracedShare(summary: Pick<Summary, 'total' | 'traced'>): number {
  return summary.total === 0 ? 0 : Math.round((summary.traced / summary.total) * 100);
}

/** Total and traced count of a set of status counts (the filtered table's, say). */
export function coverageOf(byStatus: Partial<Record<TracingStatus, number>>): Pick<Summary, 'total' | 'traced' | 'byStatus'> {
  let total = 0;
  let traced = 0;
  for (const status of TRACING_STATUSES) {
    const count = byStatus[status] ?? 0;
    total += count;
    if (TRACED_STATUSES.includes(status)) traced += count;
  }
  return { total, traced, byStatus };
}

/** The headline and the status counts, shared with the entity overview card. */
export function CoverageHeadline(props: { summary: Pick<Summary, 'total' | 'traced' | 'byStatus'> & { excluded?: number }; filtered?: boolean }) {
  const { summary } = props;
  const share = tracedShare(summary);
  const noun = summary.total === 1 ? 'function' : 'functions';
  return (
    <Box>
      <Typography variant="h4" component="p">
        {share}% traced
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {props.filtered
          ? `${summary.traced} of the ${summary.total} ${noun} matching the filters have tracing`
          : `${summary.traced} of ${summary.total} ${noun} have tracing`}
        {summary.excluded ? ` · ${summary.excluded} excluded, not counted` : ''}
      </Typography>
      <LinearProgress variant="determinate" value={share} aria-label="Share of functions traced" sx={{ mb: 1 }} />
      <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" aria-label="Functions by status">
        {TRACING_STATUSES.filter(status => (summary.byStatus[status] ?? 0) > 0).map(status => (
          <StatusChip key={status} status={status} label={`${STATUS_LABELS[status]}: ${summary.byStatus[status]}`} />
        ))}
      </Stack>
    </Box>
  );
}

function SummaryBody(props: { summary: Summary; filtered: FilteredCoverage }) {
  const { summary, filtered } = props;
  const [grouping, setGrouping] = useState<'account' | 'owner'>('account');
  if (summary.total === 0 && !summary.excluded) {
    return <Typography variant="body2">No functions scanned yet.</Typography>;
  }
  const runtimeBuckets = summary.byRuntime.map(b => ({ ...b, key: RUNTIME_FAMILY_LABELS[b.key as RuntimeFamily] ?? b.key }));
  const groupBuckets = grouping === 'account' ? summary.byAccount : summary.byOwner;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={3}>
        {filtered ? (
          <>
            <Typography variant="overline" component="p">
              Filtered
            </Typography>
            <CoverageHeadline summary={coverageOf(filtered)} filtered />
            <Typography variant="caption" color="text.secondary" component="p" sx={{ mt: 1 }}>
              All functions: {tracedShare(summary)}% traced ({summary.traced} of {summary.total})
            </Typography>
          </>
        ) : (
          <CoverageHeadline summary={summary} />
        )}
        {summary.traceEvidence && <TraceEvidenceSplit split={summary.traceEvidence} />}
      </Grid>
      <Grid item xs={12} md={9}>
        <StatusLegend buckets={[...summary.byRuntime, ...groupBuckets]} />
        <Grid container spacing={2}>
          <Grid item xs={12} md={5}>
            <Typography variant="subtitle2">By runtime family (all functions)</Typography>
            <StatusBars buckets={runtimeBuckets} label="Functions by runtime family and status" />
          </Grid>
          <Grid item xs={12} md={7}>
            <Stack direction="row" justifyContent="space-between" alignItems="center">
              <Typography variant="subtitle2">By {grouping} (all functions)</Typography>
              <ToggleButtonGroup size="small" exclusive value={grouping} onChange={(_e, next) => next && setGrouping(next)}>
                <ToggleButton value="account">Account</ToggleButton>
                <ToggleButton value="owner">Owner</ToggleButton>
              </ToggleButtonGroup>
            </Stack>
            <StatusBars buckets={groupBuckets} label={`Functions by ${grouping} and status`} horizontal={grouping === 'owner'} />
          </Grid>
        </Grid>
      </Grid>
    </Grid>
  );
}

/** The statuses present in the charts, each with its colour: the legend of both charts. */
export function StatusLegend(props: { buckets: CoverageBucket[] }) {
  const statuses = statusesIn(props.buckets.slice(0, MAX_BARS));
  return (
    <Stack component="ul" direction="row" spacing={1.5} useFlexGap flexWrap="wrap" aria-label="Legend" sx={{ listStyle: 'none', m: 0, mb: 1, p: 0 }}>
      {statuses.map(status => (
        <Stack component="li" key={status} direction="row" spacing={0.5} alignItems="center">
          <Box
            aria-hidden
            data-testid={`legend-swatch-${status}`}
            style={{ backgroundColor: STATUS_COLORS[status] }}
            sx={{ width: 12, height: 12, borderRadius: 0.5 }}
          />
          <Typography variant="caption">{STATUS_LABELS[status]}</Typography>
        </Stack>
      ))}
      {props.buckets.slice(0, MAX_BARS).some(b => b.excluded > 0) && (
        <Stack component="li" direction="row" spacing={0.5} alignItems="center">
          <Box aria-hidden data-testid="legend-swatch-excluded" style={{ backgroundColor: EXCLUDED_COLOR }} sx={{ width: 12, height: 12, borderRadius: 0.5 }} />
          <Typography variant="caption">{EXCLUDED_LABEL} (not counted)</Typography>
        </Stack>
      )}
    </Stack>
  );
}

const MAX_BARS = 12;

function statusesIn(buckets: CoverageBucket[]): TracingStatus[] {
  return TRACING_STATUSES.filter(status => buckets.some(b => (b.byStatus[status] ?? 0) > 0));
}

/** One stacked series per status, in the status's one colour (the chips' colour), and excluded functions last. */
export function statusSeries(buckets: CoverageBucket[]) {
  const series = statusesIn(buckets).map(status => ({
    id: status as string,
    label: STATUS_LABELS[status],
    stack: 'status',
    color: STATUS_COLORS[status],
    data: buckets.map(b => b.byStatus[status] ?? 0),
  }));
  if (buckets.some(b => b.excluded > 0)) {
    series.push({ id: 'excluded', label: EXCLUDED_LABEL, stack: 'status', color: EXCLUDED_COLOR, data: buckets.map(b => b.excluded) });
  }
  return series;
}

const TICK_FONT = '11px Roboto, Helvetica, Arial, sans-serif';

/**
 * Room for the longest tick label at 11 px, so none is clipped: measured with the browser's own font
 * metrics where a canvas exists (owners like group:default/platform-team are wider than an estimate
 * per character), else about 7 px a character.
 */
export function labelRoom(labels: string[]): number {
  const context = measuringContext();
  const width = (label: string) => (context ? context.measureText(label).width : label.length * 7);
  return Math.ceil(Math.max(0, ...labels.map(width))) + 12;
}

let measuring: OffscreenCanvasRenderingContext2D | null | undefined;
function measuringContext(): OffscreenCanvasRenderingContext2D | null {
  if (measuring === undefined) {
    // Browsers have OffscreenCanvas; jsdom (tests) has no canvas to measure with and gets the estimate.
    measuring = typeof OffscreenCanvas === 'undefined' ? null : new OffscreenCanvas(1, 1).getContext('2d');
    if (measuring) measuring.font = TICK_FONT;
  }
  return measuring;
}

/** Stacked bars: one bar per bucket, one colour per status; horizontal for long labels (owners). */
function StatusBars(props: { buckets: CoverageBucket[]; label: string; horizontal?: boolean }) {
  const buckets = props.buckets.slice(0, MAX_BARS);
  if (buckets.length === 0) return <Typography variant="body2">No data.</Typography>;
  const keys = buckets.map(b => b.key);
  const band = {
    scaleType: 'band' as const,
    data: keys,
    // Every bar gets its label (the default skips labels that would touch).
    tickLabelInterval: () => true,
    tickLabelStyle: props.horizontal ? { fontSize: 11 } : { angle: -30, textAnchor: 'end' as const, fontSize: 11 },
  };
  return (
    <Box role="img" aria-label={props.label}>
      {props.horizontal ? (
        <BarChart
          layout="horizontal"
          height={Math.max(160, 28 * buckets.length + 40)}
          margin={{ top: 10, right: 16, bottom: 30, left: labelRoom(keys) }}
          slotProps={{ legend: { hidden: true } }}
          yAxis={[band]}
          series={statusSeries(buckets)}
        />
      ) : (
        <BarChart
          height={220}
          margin={{ top: 10, right: 10, bottom: Math.min(140, Math.ceil(labelRoom(keys) / 2) + 20), left: 40 }}
          slotProps={{ legend: { hidden: true } }}
          xAxis={[band]}
          series={statusSeries(buckets)}
        />
      )}
    </Box>
  );
}
