import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import Box from '@mui/material/Box';
import { EmptyState } from '@backstage/core-components';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import type { FunctionDetails as Details, FunctionSummary, JobAction, PlanView } from '../../../common/api';
import type { Solution, TracingStatus } from '../../../common/model';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { buildFunctionsQuery, useFunctionsPage } from '../../hooks/useFunctionsPage';
import { useInventoryView } from '../../hooks/useInventoryView';
import { BulkActionBar } from '../BulkActionBar';
import type { FilteredCoverage } from '../CoverageSummary';
import { EnableDialog } from '../EnableDialog';
import { FunctionFilters, filtersKey, isFiltered, type FilterState } from '../FunctionFilters';
import { FunctionDetails } from '../FunctionDetails';
import { FunctionTable } from '../FunctionTable';
import { InventoryActions } from '../InventoryToolbar';
import { LoadError } from '../LoadError';

export interface FunctionInventoryProps {
  /** Scope to one catalog entity's functions (the entity tab). */
  entityRef?: string;
  pollIntervalMs: number;
  /** Bumped by the page after a scan so the table reloads. */
  refreshKey: number;
  /** A job finished: the page reloads what depends on function status (coverage). */
  onFunctionsChanged?: () => void;
  /** The status counts of what the filters match (null when unfiltered), for the coverage card. */
  onFilteredCoverage?: (coverage: FilteredCoverage) => void;
}

/**
 * The table shows it is loading only once an answer takes this long. A quick answer (a search
 * keystroke: ~25 ms of API at 10,000 functions) then swaps the rows in one render, where switching
 * the grid's loading state on and off re-rendered every row twice more (bench/portal).
 */
const LOADING_SHOWN_AFTER_MS = 300;

interface DialogRequest {
  action: JobAction;
  targets: FunctionSummary[];
  plan?: PlanView | null;
  /** Another solution than each function's recommendation. */
  solution?: Solution;
}

/** Filters, the table, bulk actions, the details drawer and the enable/rollback dialog, wired together. */
export function FunctionInventory(props: FunctionInventoryProps) {
  const [view, updateView, closeDetails] = useInventoryView();
  const { filters, pagination, sortModel, openArn } = view;
  const [selection, setSelection] = useState<string[]>([]);
  const [dialog, setDialog] = useState<DialogRequest>();
  const [jobsFinished, setJobsFinished] = useState(0);
  const [retries, setRetries] = useState(0);
  // Selected rows may sit on other pages; remember their summaries for the bulk dialog.
  const known = useRef(new Map<string, FunctionSummary>());

  const refreshKey = props.refreshKey + jobsFinished + retries;
  const page = useFunctionsPage({ filters, pagination, sortModel, entityRef: props.entityRef, refreshKey });
  // After a failure the previous answer belongs to other filters: never show it as this one's.
  const current = page.error ? undefined : page.value;
  // True once loading has lasted LOADING_SHOWN_AFTER_MS; false as soon as the answer is in.
  const slowLoad = useDebouncedValue(page.loading, LOADING_SHOWN_AFTER_MS);
  for (const row of current?.items ?? []) known.current.set(row.arn, row);
  // The site is configuration: kept from any answer, so a failed reload does not drop the Datadog links.
  const site = useRef<string>();
  site.current = page.value?.datadogSite ?? site.current;
  const datadogSite = site.current;

  // The toolbar reads the query through a ref, so typing in the search box does not re-render the grid.
  const identityApi = useApi(identityApiRef);
  const queryRef = useRef(async () => buildFunctionsQuery({ filters, pagination, sortModel, entityRef: props.entityRef }));
  queryRef.current = async () => {
    const mine = filters.ownedByMe ? (await identityApi.getBackstageIdentity()).ownershipEntityRefs : undefined;
    return buildFunctionsQuery({ filters, pagination, sortModel, entityRef: props.entityRef }, mine);
  };
  const toolbarActions = useMemo(
    () => (
      <InventoryActions
        query={() => queryRef.current()}
        onSelectAll={functions => {
          for (const fn of functions) known.current.set(fn.arn, fn);
          setSelection(functions.map(fn => fn.arn));
        }}
      />
    ),
    [],
  );

  const selectedFunctions = selection.map(arn => known.current.get(arn)).filter(fn => fn !== undefined);
  const filtered = isFiltered(filters);
  const inventoryEmpty = current?.total === 0 && !filtered;

  const { onFilteredCoverage } = props;
  // Only an answer to the filters shown now may speak for them (not the previous one while the search
  // box is debounced or a request is in flight); a failed load shows the whole inventory's coverage.
  const statusFacet = current && current.forFilters === filtersKey(filters) ? current.facets.status : undefined;
  const failed = page.error !== undefined;
  const selectedStatuses = filters.selected.status;
  // Reported only when the counts change: a new page of the same search must not re-render the charts.
  const reported = useRef<string>();
  useEffect(() => {
    if (!onFilteredCoverage || (filtered && !statusFacet && !failed)) return;
    const coverage = filtered && statusFacet ? filteredStatusCounts(statusFacet, selectedStatuses) : null;
    const key = JSON.stringify(coverage);
    if (key === reported.current) return;
    reported.current = key;
    // A transition: the new rows are painted first, the coverage card's charts follow (re-rendering
    // them took as long as the rows and delayed their paint on a search's first and last keystroke).
    startTransition(() => onFilteredCoverage(coverage));
  }, [onFilteredCoverage, filtered, statusFacet, failed, selectedStatuses]);

  const changeFilters = useCallback(
    (next: FilterState) => updateView(v => ({ ...v, filters: next, pagination: { ...v.pagination, page: 0 } })),
    [updateView],
  );
  const changePagination = useCallback((next: GridPaginationModel) => updateView(v => ({ ...v, pagination: next })), [updateView]);
  const changeSort = useCallback(
    (next: GridSortModel) => updateView(v => ({ ...v, sortModel: next, pagination: { ...v.pagination, page: 0 } })),
    [updateView],
  );
  const onOpen = useCallback((fn: FunctionSummary) => updateView(v => ({ ...v, openArn: fn.arn })), [updateView]);
  const onEnable = useCallback((fn: FunctionSummary) => setDialog({ action: 'enable', targets: [fn] }), []);
  const onDetailsEnable = (details: Details, choice?: { solution: Solution; plan: PlanView }) =>
    setDialog({ action: 'enable', targets: [choice ? { ...details, applicability: 'one-click', blockers: choice.plan.blockers } : details], plan: choice?.plan ?? details.plan, solution: choice?.solution });
  const onDetailsRollback = (details: Details) => setDialog({ action: 'rollback', targets: [details], plan: details.rollbackPlan });
  const { onFunctionsChanged } = props;
  const onJobFinished = useCallback(() => {
    setJobsFinished(n => n + 1);
    setSelection([]);
    onFunctionsChanged?.();
  }, [onFunctionsChanged]);

  return (
    <Box sx={{ minWidth: 0 }}>
      <FunctionFilters value={filters} facets={current?.facets} onChange={changeFilters} hideOwnerFilters={!!props.entityRef} />
      <BulkActionBar
        count={selection.length}
        drifted={selectedFunctions.filter(fn => fn.status === 'drifted').length}
        onClear={() => setSelection([])}
        onEnable={() => setDialog({ action: 'enable', targets: selectedFunctions })}
        onReapply={() => setDialog({ action: 'enable', targets: selectedFunctions.filter(fn => fn.status === 'drifted') })}
        onRollback={() => setDialog({ action: 'rollback', targets: selectedFunctions })}
      />
      {page.error && <LoadError what="functions" error={page.error} onRetry={() => setRetries(n => n + 1)} />}
      {!page.error && inventoryEmpty && (
        <EmptyState
          missing="data"
          title="No Lambda functions in the inventory yet"
          description={
            props.entityRef
              ? 'No scanned function belongs to this entity. Tag its functions with the component they belong to, then refresh the scan.'
              : 'Refresh starts a scan of the configured AWS accounts and regions.'
          }
        />
      )}
      {!page.error && !inventoryEmpty && (
        <FunctionTable
          rows={current?.items ?? NO_ROWS}
          // Until the first answer, a total that keeps the linked page, so the grid does not reset it to the first.
          total={current?.total ?? (pagination.page + 1) * pagination.pageSize}
          loading={page.loading && slowLoad}
          pagination={pagination}
          onPaginationChange={changePagination}
          sortModel={sortModel}
          onSortChange={changeSort}
          selection={selection}
          onSelectionChange={setSelection}
          onOpen={onOpen}
          onEnable={onEnable}
          datadogSite={datadogSite}
          toolbarActions={toolbarActions}
        />
      )}
      {openArn && (
        <FunctionDetails
          arn={openArn}
          refreshKey={refreshKey}
          onClose={closeDetails}
          onEnable={onDetailsEnable}
          onRollback={onDetailsRollback}
          datadogSite={datadogSite}
        />
      )}
      {dialog && (
        <EnableDialog
          action={dialog.action}
          targets={dialog.targets}
          plan={dialog.plan}
          solution={dialog.solution}
          pollIntervalMs={props.pollIntervalMs}
          onClose={() => setDialog(undefined)}
          onJobFinished={onJobFinished}
        />
      )}
    </Box>
  );
}

const NO_ROWS: FunctionSummary[] = [];

/**
 * The status facet counts every function the other filters match; a status filter then keeps only
 * the chosen statuses. Together: the status counts of exactly what the table lists.
 */
export function filteredStatusCounts(facet: Array<{ value: string; count: number }>, selected: string[]): Partial<Record<TracingStatus, number>> {
  const counts: Partial<Record<TracingStatus, number>> = {};
  for (const { value, count } of facet) {
    if (selected.length === 0 || selected.includes(value)) counts[value as TracingStatus] = count;
  }
  return counts;
}
