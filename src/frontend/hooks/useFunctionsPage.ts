import { useApi, identityApiRef } from '@backstage/core-plugin-api';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import type { FunctionSummary, FunctionsPage, FunctionsQuery, TraceEvidence } from '../../common/api';
import type { Applicability, RuntimeFamily, Solution, TracingStatus } from '../../common/model';
import { serverlessTracingApiRef } from '../api';
import { filtersKey, type FilterState } from '../components/FunctionFilters';
import { SORT_KEYS } from '../components/FunctionTable';
import { useDebouncedValue } from './useDebouncedValue';
import { useLoader, type Loaded } from './useLoader';

/**
 * Short enough that a keystroke shows new rows within 300 ms (bench/suites/browser.ts: the wait is
 * this, the request and two renders of the grid), long enough that a request goes out per pause
 * rather than per key when typing fast (a search costs the API ~25 ms at 10,000 functions).
 */
export const SEARCH_DEBOUNCE_MS = 100;

export interface FunctionsPageInputs {
  filters: FilterState;
  pagination: GridPaginationModel;
  sortModel: GridSortModel;
  /** The entity tab: only this catalog entity's functions. */
  entityRef?: string;
  /** Bumped after a job or scan so the same page is fetched again. */
  refreshKey: number;
}

/** A page of functions and the filter set it answers (see filtersKey). */
export type AnsweredPage = FunctionsPage & { forFilters: string };

/** The table's current page from GET /functions; the search box is debounced. */
export function useFunctionsPage(inputs: FunctionsPageInputs): Loaded<AnsweredPage> {
  const api = useApi(serverlessTracingApiRef);
  const identityApi = useApi(identityApiRef);
  const q = useDebouncedValue(inputs.filters.q, SEARCH_DEBOUNCE_MS);
  const { filters, pagination, sortModel, entityRef, refreshKey } = inputs;
  const key = JSON.stringify([q, filters.selected, filters.ownedByMe, pagination, sortModel, entityRef]);

  return useLoader(
    async signal => {
      const mine = filters.ownedByMe ? (await identityApi.getBackstageIdentity()).ownershipEntityRefs : undefined;
      const asked = { ...filters, q };
      const page = await api.listFunctions(buildFunctionsQuery({ ...inputs, filters: asked }, mine), signal);
      return { ...page, forFilters: filtersKey(asked) };
    },
    [api, identityApi, key, refreshKey],
  );
}

export function buildFunctionsQuery(inputs: Omit<FunctionsPageInputs, 'refreshKey'>, ownershipRefs?: string[]): FunctionsQuery {
  const { filters, pagination, sortModel, entityRef } = inputs;
  const { selected } = filters;
  const sort = sortModel[0];
  const sortKey = sort ? SORT_KEYS[sort.field as keyof FunctionSummary] : undefined;
  return {
    q: filters.q.trim() || undefined,
    account: nonEmpty(selected.account),
    region: nonEmpty(selected.region),
    runtime: nonEmpty(selected.runtime) as RuntimeFamily[] | undefined,
    status: nonEmpty(selected.status) as TracingStatus[] | undefined,
    evidence: nonEmpty(selected.evidence) as TraceEvidence['state'][] | undefined,
    solution: nonEmpty(selected.solution) as Solution[] | undefined,
    applicability: nonEmpty(selected.applicability) as Applicability[] | undefined,
    owner: ownershipRefs ?? nonEmpty(selected.owner),
    entityRef,
    sort: sortKey ? `${sort!.sort === 'desc' ? '-' : ''}${sortKey}` : undefined,
    offset: pagination.page * pagination.pageSize,
    limit: pagination.pageSize,
  };
}

function nonEmpty(values: string[]): string[] | undefined {
  return values.length > 0 ? values : undefined;
}
