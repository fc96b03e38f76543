import { memo, type CSSProperties, type ReactNode } from 'react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { GridColDef, GridColumnVisibilityModel } from '@mui/x-data-grid';
import type { FunctionSortKey, FunctionSummary } from '../../../common/api';
import { IAC_LABELS, SOLUTION_LABELS } from '../../labels';
import { outlinedChipSx } from '../../readable';
import { EnableButton } from '../ActionButtons';
import { FunctionRowMenu } from '../FunctionLinks';
import { RecommendationChip } from '../RecommendationChip';
import { RelativeTime } from '../RelativeTime';
import { StatusChip } from '../StatusChip';
import { TraceEvidenceNote } from '../TraceEvidence';

/** Grid field → the backend's sort key; columns missing here are not sortable. */
export const SORT_KEYS: Partial<Record<keyof FunctionSummary, FunctionSortKey>> = {
  name: 'name',
  accountId: 'account',
  region: 'region',
  runtime: 'runtime',
  status: 'status',
  owner: 'owner',
  lastModified: 'lastModified',
};

/**
 * Columns shown by default on a narrow screen (below 1536 px): what matters — name, status,
 * recommendation, action — plus runtime and owner. The rest is one click away in the column chooser.
 */
export const NARROW_HIDDEN_COLUMNS: GridColumnVisibilityModel = {
  accountId: false,
  region: false,
  architecture: false,
  iac: false,
  lastModified: false,
};

/**
 * A cell's content centred in the row, with normal line height: the grid gives cells a line height
 * of the whole row, which pushes a second line (a wrapped name, the caption under a button) out of view.
 * A plain element with a constant style: an `sx` here was serialised anew in every cell of every page.
 */
function CellBox(props: { children: ReactNode }) {
  return <div style={CELL_BOX_STYLE}>{props.children}</div>;
}

const CELL_BOX_STYLE: CSSProperties = { display: 'flex', alignItems: 'center', height: '100%', lineHeight: 'normal', minWidth: 0 };
const WRAPPING_SX = { overflowWrap: 'anywhere', whiteSpace: 'normal' } as const;
const EXCLUDED_SX = { ml: 0.5 } as const;
const RECOMMENDED_SX = { height: '100%', lineHeight: 'normal' } as const;

type Actions = Parameters<typeof functionColumns>[0];

// Each cell's content is memoised on its row: the grid re-renders every cell whenever any of its props
// changes (each new page first re-renders the old page's cells, then takes the new rows in an
// effect), and a memoised cell of an unchanged row then costs nothing (bench/suites/browser.ts).

const NameCell = memo(function NameCell({ row, onOpen }: { row: FunctionSummary; onOpen: Actions['onOpen'] }) {
  return (
    <CellBox>
      <Link
        component="button"
        variant="body2"
        textAlign="left"
        // Long names wrap (at hyphens first) instead of being cut.
        sx={WRAPPING_SX}
        onClick={event => {
          event.stopPropagation();
          onOpen(row);
        }}
      >
        {row.name}
      </Link>
      {row.exclusion && (
        <Tooltip title={`Excluded: ${row.exclusion.reason}`}>
          <Chip size="small" variant="outlined" label="Excluded" sx={EXCLUDED_SX} />
        </Tooltip>
      )}
    </CellBox>
  );
});

const STATUS_SX = { height: '100%', lineHeight: 'normal' } as const;

const StatusCell = memo(function StatusCell({ row }: { row: FunctionSummary }) {
  return (
    <Stack spacing={0.25} alignItems="flex-start" justifyContent="center" sx={STATUS_SX}>
      <StatusChip status={row.status} findings={row.findings} />
      <TraceEvidenceNote evidence={row.traceEvidence} compact />
    </Stack>
  );
});

const RecommendedCell = memo(function RecommendedCell({ row }: { row: FunctionSummary }) {
  return (
    <Stack spacing={0.25} alignItems="flex-start" justifyContent="center" sx={RECOMMENDED_SX}>
      <Typography variant="body2">{SOLUTION_LABELS[row.solution]}</Typography>
      <RecommendationChip fn={row} />
      {row.invokerGaps.length > 0 && (
        <Chip
          size="small"
          variant="outlined"
          color="warning"
          sx={outlinedChipSx('warning')}
          label="Invokers incomplete"
          title={`Not read yet: ${row.invokerGaps.map(gap => gap.source).join(', ')}. Nothing is enabled on this function until they are.`}
        />
      )}
    </Stack>
  );
});

const OwnerCell = memo(function OwnerCell({ owner }: { owner: string }) {
  return (
    <CellBox>
      <Typography variant="body2" sx={WRAPPING_SX}>
        {owner}
      </Typography>
    </CellBox>
  );
});

const ActionCell = memo(function ActionCell({ row, onOpen, onEnable }: { row: FunctionSummary; onOpen: Actions['onOpen']; onEnable: Actions['onEnable'] }) {
  if (row.applicability === 'already-done') return null;
  if (row.applicability === 'one-click') {
    return (
      <CellBox>
        <EnableButton fn={row} reasonDisplay="caption" onClick={() => onEnable(row)} />
      </CellBox>
    );
  }
  // Not one click: the steps are in the details, so the action is to open them.
  return (
    <Button
      size="small"
      aria-label={`How to enable tracing on ${row.name}`}
      onClick={event => {
        event.stopPropagation();
        onOpen(row);
      }}
    >
      How to
    </Button>
  );
});

const LinksCell = memo(function LinksCell({ row, datadogSite }: { row: FunctionSummary; datadogSite?: string }) {
  return (
    <CellBox>
      <FunctionRowMenu fn={row} datadogSite={datadogSite} />
    </CellBox>
  );
});

export function functionColumns(actions: {
  onOpen: (fn: FunctionSummary) => void;
  onEnable: (fn: FunctionSummary) => void;
  /** The Datadog site of the links out; unknown until the first page has answered. */
  datadogSite?: string;
}): GridColDef<FunctionSummary>[] {
  const column = (def: GridColDef<FunctionSummary>): GridColDef<FunctionSummary> => ({
    sortable: def.field in SORT_KEYS,
    filterable: false,
    disableColumnMenu: true,
    ...def,
  });
  return [
    column({
      field: 'name',
      headerName: 'Name',
      flex: 1.4,
      minWidth: 170,
      renderCell: ({ row }) => <NameCell row={row} onOpen={actions.onOpen} />,
    }),
    column({ field: 'accountId', headerName: 'Account', width: 130 }),
    column({ field: 'region', headerName: 'Region', width: 110 }),
    column({ field: 'runtime', headerName: 'Runtime', width: 125, valueGetter: (_v, row) => row.runtime ?? 'image' }),
    column({ field: 'architecture', headerName: 'Arch', width: 80 }),
    column({
      field: 'status',
      headerName: 'Status',
      // The width it had before the trace evidence joined it: the note wraps, so the narrow layout keeps every column.
      width: 140,
      renderCell: ({ row }) => <StatusCell row={row} />,
    }),
    column({
      field: 'solution',
      headerName: 'Recommended',
      flex: 1,
      minWidth: 190,
      renderCell: ({ row }) => <RecommendedCell row={row} />,
    }),
    column({
      field: 'owner',
      headerName: 'Owner',
      flex: 0.8,
      minWidth: 140,
      valueGetter: (_v, row) => row.owner ?? '—',
      renderCell: ({ value }) => <OwnerCell owner={value as string} />,
    }),
    column({
      field: 'iac',
      headerName: 'IaC',
      width: 170,
      renderCell: ({ row }) => (row.iac ? <Chip size="small" label={IAC_LABELS[row.iac]} /> : null),
    }),
    column({
      field: 'lastModified',
      headerName: 'Last modified',
      width: 130,
      renderCell: ({ row }) => <RelativeTime iso={row.lastModified} />,
    }),
    column({
      field: 'actions',
      headerName: 'Action',
      width: 112,
      sortable: false,
      renderCell: ({ row }) => <ActionCell row={row} onOpen={actions.onOpen} onEnable={actions.onEnable} />,
    }),
    column({
      field: 'links',
      headerName: 'Links out',
      // The ⋮ says what it is; a header would only be cut at this width.
      renderHeader: () => null,
      width: 52,
      sortable: false,
      renderCell: ({ row }) => <LinksCell row={row} datadogSite={actions.datadogSite} />,
    }),
  ];
}
