import { useCallback, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import type { FunctionDetails as Details, FunctionSummary, JobAction, PlanView } from '../../../common/api';
import { useFunctionsPage } from '../../hooks/useFunctionsPage';
import { BulkActionBar } from '../BulkActionBar';
import { EnableDialog } from '../EnableDialog';
import { EMPTY_FILTERS, FunctionFilters, type FilterState } from '../FunctionFilters';
import { FunctionDetails } from '../FunctionDetails';
import { FunctionTable, PAGE_SIZES } from '../FunctionTable';

export interface FunctionInventoryProps {
  /** Scope to one catalog entity's functions (the entity tab). */
  entityRef?: string;
  pollIntervalMs: number;
  /** Bumped by the page after a scan so the table reloads. */
  refreshKey: number;
  /** A job finished: the page reloads what depends on function status (coverage). */
  onFunctionsChanged?: () => void;
}

interface DialogRequest {
  action: JobAction;
  targets: FunctionSummary[];
  plan?: PlanView | null;
}

/** Filters, the table, bulk actions, the details drawer and the enable/rollback dialog, wired together. */
export function FunctionInventory(props: FunctionInventoryProps) {
  const [filters, setFilters] = useState<FilterState>(EMPTY_FILTERS);
  const [pagination, setPagination] = useState<GridPaginationModel>({ page: 0, pageSize: PAGE_SIZES[0] });
  const [sortModel, setSortModel] = useState<GridSortModel>([{ field: 'name', sort: 'asc' }]);
  const [selection, setSelection] = useState<string[]>([]);
  const [openArn, setOpenArn] = useState<string>();
  const [dialog, setDialog] = useState<DialogRequest>();
  const [jobsFinished, setJobsFinished] = useState(0);
  // Selected rows may sit on other pages; remember their summaries for the bulk dialog.
  const known = useRef(new Map<string, FunctionSummary>());

  const refreshKey = props.refreshKey + jobsFinished;
  const page = useFunctionsPage({ filters, pagination, sortModel, entityRef: props.entityRef, refreshKey });
  for (const row of page.value?.items ?? []) known.current.set(row.arn, row);

  const inventoryEmpty = page.value?.total === 0 && filters === EMPTY_FILTERS;

  const changeFilters = (next: FilterState) => {
    setFilters(next);
    setPagination(current => ({ ...current, page: 0 }));
  };
  const onOpen = useCallback((fn: FunctionSummary) => setOpenArn(fn.arn), []);
  const onEnable = useCallback((fn: FunctionSummary) => setDialog({ action: 'enable', targets: [fn] }), []);
  const onDetailsAction = (action: JobAction) => (details: Details) =>
    setDialog({ action, targets: [details], plan: action === 'enable' ? details.plan : details.rollbackPlan });
  const { onFunctionsChanged } = props;
  const onJobFinished = useCallback(() => {
    setJobsFinished(n => n + 1);
    setSelection([]);
    onFunctionsChanged?.();
  }, [onFunctionsChanged]);

  return (
    <Box>
      <FunctionFilters value={filters} facets={page.value?.facets} onChange={changeFilters} hideOwnerFilters={!!props.entityRef} />
      {page.error && <Alert severity="error" sx={{ mb: 1 }}>Could not load functions: {page.error.message}</Alert>}
      <BulkActionBar
        count={selection.length}
        onClear={() => setSelection([])}
        onEnable={() =>
          setDialog({ action: 'enable', targets: selection.map(arn => known.current.get(arn)).filter(fn => fn !== undefined) })
        }
      />
      {inventoryEmpty ? (
        <EmptyState
          missing="data"
          title="No Lambda functions in the inventory yet"
          description={
            props.entityRef
              ? 'No scanned function belongs to this entity. Tag its functions with the component they belong to, then refresh the scan.'
              : 'Refresh starts a scan of the configured AWS accounts and regions.'
          }
        />
      ) : (
      <FunctionTable
        rows={page.value?.items ?? []}
        total={page.value?.total ?? 0}
        loading={page.loading}
        pagination={pagination}
        onPaginationChange={setPagination}
        sortModel={sortModel}
        onSortChange={model => {
          setSortModel(model);
          setPagination(current => ({ ...current, page: 0 }));
        }}
        selection={selection}
        onSelectionChange={setSelection}
        onOpen={onOpen}
        onEnable={onEnable}
      />
      )}
      {openArn && (
        <FunctionDetails
          arn={openArn}
          refreshKey={refreshKey}
          onClose={() => setOpenArn(undefined)}
          onEnable={onDetailsAction('enable')}
          onRollback={onDetailsAction('rollback')}
        />
      )}
      {dialog && (
        <EnableDialog
          action={dialog.action}
          targets={dialog.targets}
          plan={dialog.plan}
          pollIntervalMs={props.pollIntervalMs}
          onClose={() => setDialog(undefined)}
          onJobFinished={onJobFinished}
        />
      )}
    </Box>
  );
}
