import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { GridColDef } from '@mui/x-data-grid';
import type { FunctionSortKey, FunctionSummary } from '../../../common/api';
import { APPLICABILITY_COLORS, APPLICABILITY_LABELS, IAC_LABELS, SOLUTION_LABELS } from '../../labels';
import { EnableButton } from '../ActionButtons';
import { StatusChip } from '../StatusChip';

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

export function functionColumns(actions: {
  onOpen: (fn: FunctionSummary) => void;
  onEnable: (fn: FunctionSummary) => void;
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
      minWidth: 180,
      renderCell: ({ row }) => (
        <Link
          component="button"
          variant="body2"
          onClick={event => {
            event.stopPropagation();
            actions.onOpen(row);
          }}
        >
          {row.name}
        </Link>
      ),
    }),
    column({ field: 'accountId', headerName: 'Account', width: 130 }),
    column({ field: 'region', headerName: 'Region', width: 110 }),
    column({ field: 'runtime', headerName: 'Runtime', width: 120, valueGetter: (_v, row) => row.runtime ?? 'image' }),
    column({ field: 'architecture', headerName: 'Arch', width: 80 }),
    column({
      field: 'status',
      headerName: 'Status',
      width: 150,
      renderCell: ({ row }) => <StatusChip status={row.status} findings={row.findings} />,
    }),
    column({
      field: 'solution',
      headerName: 'Recommended',
      width: 220,
      renderCell: ({ row }) => (
        <Stack direction="row" spacing={0.5} alignItems="center" sx={{ height: '100%' }}>
          <Typography variant="body2" noWrap>
            {SOLUTION_LABELS[row.solution]}
          </Typography>
          <Chip
            size="small"
            variant="outlined"
            label={applicabilityLabel(row)}
            title={row.applicability === 'blocked' ? row.blockers.map(b => b.message).join(' ') : undefined}
            color={APPLICABILITY_COLORS[row.applicability]}
          />
          {row.invokerGaps.length > 0 && (
            <Chip
              size="small"
              variant="outlined"
              color="warning"
              label="Invokers incomplete"
              title={`Not read yet: ${row.invokerGaps.map(gap => gap.source).join(', ')}. Nothing is enabled on this function until they are.`}
            />
          )}
        </Stack>
      ),
    }),
    column({ field: 'owner', headerName: 'Owner', width: 170, valueGetter: (_v, row) => row.owner ?? '—' }),
    column({
      field: 'iac',
      headerName: 'IaC',
      width: 130,
      renderCell: ({ row }) => (row.iac ? <Chip size="small" label={IAC_LABELS[row.iac]} /> : null),
    }),
    column({
      field: 'lastModified',
      headerName: 'Last modified',
      width: 120,
      valueGetter: (_v, row) => (row.lastModified ? row.lastModified.slice(0, 10) : '—'),
    }),
    column({
      field: 'actions',
      headerName: '',
      width: 110,
      sortable: false,
      renderCell: ({ row }) => <EnableButton fn={row} onClick={() => actions.onEnable(row)} />,
    }),
  ];
}

/** "Blocked: layer limit" names the first blocker, so the table says why without opening the details. */
function applicabilityLabel(row: FunctionSummary): string {
  const first = row.blockers[0];
  if (row.applicability !== 'blocked' || !first) return APPLICABILITY_LABELS[row.applicability];
  return `Blocked: ${first.code.replace(/-/g, ' ')}${row.blockers.length > 1 ? ` (+${row.blockers.length - 1})` : ''}`;
}
