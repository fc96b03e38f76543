import { memo, useCallback, useMemo, type ReactNode } from 'react';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import {
  DataGrid,
  GridToolbarColumnsButton,
  GridToolbarContainer,
  type GridPaginationModel,
  type GridRowSelectionModel,
  type GridSortModel,
} from '@mui/x-data-grid';
import type { FunctionSummary } from '../../../common/api';
import { useColumnChoice } from '../../hooks/useColumnChoice';
import { PAGE_SIZES } from '../../hooks/useInventoryView';
import { functionColumns, NARROW_HIDDEN_COLUMNS } from './columns';

export interface FunctionTableProps {
  rows: FunctionSummary[];
  total: number;
  loading: boolean;
  pagination: GridPaginationModel;
  onPaginationChange: (model: GridPaginationModel) => void;
  sortModel: GridSortModel;
  onSortChange: (model: GridSortModel) => void;
  selection: string[];
  onSelectionChange: (arns: string[]) => void;
  onOpen: (fn: FunctionSummary) => void;
  onEnable: (fn: FunctionSummary) => void;
  /** The configured Datadog site (from the functions page), for each row's links out. */
  datadogSite?: string;
  /** More toolbar actions next to the column chooser (export, select all matching…). */
  toolbarActions?: ReactNode;
}

/**
 * The function inventory. Paging and sorting happen on the server, so an organisation with
 * 10,000 functions only ever sends one page to the browser. Memoised: typing in the search box
 * re-renders the filters, not the grid, until the new page arrives.
 */
export const FunctionTable = memo(function FunctionTable(props: FunctionTableProps) {
  const { onOpen, onEnable, datadogSite, toolbarActions, onSelectionChange } = props;
  const columns = useMemo(() => functionColumns({ onOpen, onEnable, datadogSite }), [onOpen, onEnable, datadogSite]);
  const wide = useMediaQuery((theme: Theme) => theme.breakpoints.up('xl'), { noSsr: true });
  // What the user chose in the column chooser (kept across visits) wins over the width-based default.
  const [chosen, setChosen] = useColumnChoice();
  const visibility = useMemo(() => ({ ...(wide ? {} : NARROW_HIDDEN_COLUMNS), ...chosen }), [wide, chosen]);
  const Toolbar = useMemo(
    () =>
      function InventoryToolbar() {
        return (
          <GridToolbarContainer>
            <GridToolbarColumnsButton />
            {toolbarActions}
          </GridToolbarContainer>
        );
      },
    [toolbarActions],
  );
  // Every prop keeps its identity while its meaning does: a new page re-renders the grid with new
  // rows only. A fresh object or function here (slots, localeText, getRowId…) made the grid re-render
  // every row with the old page first, before its effect took the new rows (bench/suites/browser.ts).
  const slots = useMemo(() => ({ toolbar: Toolbar }), [Toolbar]);
  const changeSelection = useCallback((model: GridRowSelectionModel) => onSelectionChange(model.map(String)), [onSelectionChange]);
  return (
    <DataGrid
      aria-label="Lambda functions"
      autoHeight
      rows={props.rows}
      getRowId={rowId}
      columns={columns}
      // Room for two lines (a wrapped name, the recommendation over its chip) at a fixed height:
      // 'auto' heights make the grid measure every row, several times slower per page.
      rowHeight={60}
      sx={GRID_SX}
      columnVisibilityModel={visibility}
      onColumnVisibilityModelChange={setChosen}
      slots={slots}
      loading={props.loading}
      rowCount={props.total}
      paginationMode="server"
      sortingMode="server"
      filterMode="server"
      paginationModel={props.pagination}
      onPaginationModelChange={props.onPaginationChange}
      pageSizeOptions={PAGE_SIZES}
      sortModel={props.sortModel}
      onSortModelChange={props.onSortChange}
      checkboxSelection
      disableRowSelectionOnClick
      keepNonExistentRowsSelected
      rowSelectionModel={props.selection}
      onRowSelectionModelChange={changeSelection}
      localeText={LOCALE_TEXT}
    />
  );
});

const rowId = (row: FunctionSummary) => row.arn;
const GRID_SX = { minWidth: 0 };
const LOCALE_TEXT = { noRowsLabel: 'No functions match these filters.' };
