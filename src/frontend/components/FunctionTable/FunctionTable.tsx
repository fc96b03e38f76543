import { useMemo } from 'react';
import { DataGrid, type GridPaginationModel, type GridSortModel } from '@mui/x-data-grid';
import type { FunctionSummary } from '../../../common/api';
import { PAGE_SIZES } from '../../hooks/useInventoryView';
import { functionColumns } from './columns';


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
}

/**
 * The function inventory. Paging and sorting happen on the server, so an organisation with
 * 10,000 functions only ever sends one page to the browser.
 */
export function FunctionTable(props: FunctionTableProps) {
  const { onOpen, onEnable } = props;
  const columns = useMemo(() => functionColumns({ onOpen, onEnable }), [onOpen, onEnable]);
  return (
    <DataGrid
      aria-label="Lambda functions"
      autoHeight
      rows={props.rows}
      getRowId={row => row.arn}
      columns={columns}
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
      onRowSelectionModelChange={model => props.onSelectionChange(model.map(String))}
      localeText={{ noRowsLabel: 'No functions match these filters.' }}
    />
  );
}
