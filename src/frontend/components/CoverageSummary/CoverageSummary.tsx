import { useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
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
import { TRACING_STATUSES, type RuntimeFamily } from '../../../common/model';
import { serverlessTracingApiRef } from '../../api';
import { useLoader } from '../../hooks/useLoader';
import { RUNTIME_FAMILY_LABELS, STATUS_CHART_COLORS, STATUS_COLORS, STATUS_LABELS } from '../../labels';

/** Coverage at a glance: share traced, counts by status, bars by runtime family and by account/owner. */
export function CoverageSummary(props: { entityRef?: string; refreshKey: number }) {
  const api = useApi(serverlessTracingApiRef);
  const summary = useLoader(() => api.getSummary(props.entityRef), [api, props.entityRef, props.refreshKey]);

  return (
    <InfoCard title="Tracing coverage">
      {summary.loading && !summary.value && <Progress />}
      {summary.error && <Alert severity="error">Could not load the coverage summary: {summary.error.message}</Alert>}
      {summary.value && <SummaryBody summary={summary.value} />}
    </InfoCard>
  );
}

export function tracedShare(summary: Pick<Summary, 'total' | 'traced'>): number {
  return summary.total === 0 ? 0 : Math.round((summary.traced / summary.total) * 100);
}

/** The headline and the status counts, shared with the entity overview card. */
export function CoverageHeadline(props: { summary: Summary }) {
  const { summary } = props;
  const share = tracedShare(summary);
  return (
    <Box>
      <Typography variant="h4" component="p">
        {share}% traced
      </Typography>
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {summary.traced} of {summary.total} functions have tracing
      </Typography>
      <LinearProgress variant="determinate" value={share} aria-label="Share of functions traced" sx={{ mb: 1 }} />
      <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap" aria-label="Functions by status">
        {TRACING_STATUSES.filter(status => (summary.byStatus[status] ?? 0) > 0).map(status => (
          <Chip
            key={status}
            size="small"
            color={STATUS_COLORS[status]}
            label={`${STATUS_LABELS[status]}: ${summary.byStatus[status]}`}
          />
        ))}
      </Stack>
    </Box>
  );
}

function SummaryBody(props: { summary: Summary }) {
  const { summary } = props;
  const [grouping, setGrouping] = useState<'account' | 'owner'>('account');
  if (summary.total === 0) {
    return <Typography variant="body2">No functions scanned yet.</Typography>;
  }
  const runtimeBuckets = summary.byRuntime.map(b => ({ ...b, key: RUNTIME_FAMILY_LABELS[b.key as RuntimeFamily] ?? b.key }));
  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={3}>
        <CoverageHeadline summary={summary} />
      </Grid>
      <Grid item xs={12} md={4}>
        <Typography variant="subtitle2">By runtime family</Typography>
        <StatusBars buckets={runtimeBuckets} />
      </Grid>
      <Grid item xs={12} md={5}>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Typography variant="subtitle2">By {grouping}</Typography>
          <ToggleButtonGroup size="small" exclusive value={grouping} onChange={(_e, next) => next && setGrouping(next)}>
            <ToggleButton value="account">Account</ToggleButton>
            <ToggleButton value="owner">Owner</ToggleButton>
          </ToggleButtonGroup>
        </Stack>
        <StatusBars buckets={grouping === 'account' ? summary.byAccount : summary.byOwner} />
      </Grid>
    </Grid>
  );
}

/** Stacked bars: one bar per bucket, one colour per status. */
function StatusBars(props: { buckets: CoverageBucket[] }) {
  const buckets = props.buckets.slice(0, 12);
  if (buckets.length === 0) return <Typography variant="body2">No data.</Typography>;
  const statuses = TRACING_STATUSES.filter(status => buckets.some(b => (b.byStatus[status] ?? 0) > 0));
  return (
    <BarChart
      height={220}
      margin={{ top: 10, right: 10, bottom: 70, left: 40 }}
      slotProps={{ legend: { hidden: true } }}
      // Every bar gets its label (the default skips labels that would touch), tilted to fit.
      xAxis={[
        {
          scaleType: 'band',
          data: buckets.map(b => b.key),
          tickLabelInterval: () => true,
          tickLabelStyle: { angle: -30, textAnchor: 'end', fontSize: 11 },
        },
      ]}
      series={statuses.map(status => ({
        id: status,
        label: STATUS_LABELS[status],
        stack: 'status',
        color: STATUS_CHART_COLORS[status],
        data: buckets.map(b => b.byStatus[status] ?? 0),
      }))}
    />
  );
}
