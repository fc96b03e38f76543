// The inventory's view — filters, sort, page and the open function — lives in the URL's search
// params, so a reload keeps it and a copied link opens the same view for someone else.
import { useCallback, useMemo, useRef } from 'react';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import type { GridPaginationModel, GridSortModel } from '@mui/x-data-grid';
import { EMPTY_FILTERS, FILTER_FIELDS, type FilterState } from '../components/FunctionFilters/filterState';

export const PAGE_SIZES = [25, 50, 100];

export interface InventoryView {
  filters: FilterState;
  pagination: GridPaginationModel;
  sortModel: GridSortModel;
  /** The function whose details drawer is open. */
  openArn?: string;
}

const DEFAULT_SORT: GridSortModel = [{ field: 'name', sort: 'asc' }];
/** Params this view owns; any other param of the host page's URL is left alone. */
const OWN_PARAMS = ['q', 'mine', 'sort', 'page', 'size', 'fn', ...FILTER_FIELDS];

export function parseInventoryView(params: URLSearchParams): InventoryView {
  const selected = { ...EMPTY_FILTERS.selected };
  for (const field of FILTER_FIELDS) selected[field] = params.getAll(field).filter(Boolean);
  const size = Number(params.get('size'));
  const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
  const sort = params.get('sort');
  return {
    filters: { q: params.get('q') ?? '', selected, ownedByMe: params.get('mine') === '1' },
    pagination: { page: page - 1, pageSize: PAGE_SIZES.includes(size) ? size : PAGE_SIZES[0] },
    sortModel:
      sort === null ? DEFAULT_SORT : sort === '' ? [] : [{ field: sort.replace(/^-/, ''), sort: sort.startsWith('-') ? 'desc' : 'asc' }],
    openArn: params.get('fn') ?? undefined,
  };
}

/** The view as search params on top of `base` (whose own params of other features are kept). Defaults are left out. */
export function inventoryViewParams(view: InventoryView, base: URLSearchParams = new URLSearchParams()): URLSearchParams {
  const params = new URLSearchParams(base);
  for (const key of OWN_PARAMS) params.delete(key);
  const { filters, pagination, sortModel } = view;
  if (filters.q) params.set('q', filters.q);
  for (const field of FILTER_FIELDS) for (const value of filters.selected[field]) params.append(field, value);
  if (filters.ownedByMe) params.set('mine', '1');
  const sort = sortModel[0];
  const sortText = sort ? `${sort.sort === 'desc' ? '-' : ''}${sort.field}` : '';
  if (sortText !== 'name') params.set('sort', sortText);
  if (pagination.page > 0) params.set('page', String(pagination.page + 1));
  if (pagination.pageSize !== PAGE_SIZES[0]) params.set('size', String(pagination.pageSize));
  if (view.openArn) params.set('fn', view.openArn);
  return params;
}

/** History state of the entry that opening a function pushed: closing it then goes back to the list's entry. */
const OPENED_DETAILS = { serverlessTracingDetails: true };

/**
 * The view from the URL, a way to change it and a way to close the open function. Opening a function
 * pushes a history entry, so Back closes the drawer and Forward opens it again; every other change
 * (a keystroke in the search box, a filter, sort or page) replaces the entry, so Back still leaves the
 * page instead of replaying the typing. Parts that did not change keep their identity and the
 * callbacks never change, so a keystroke in the search box does not re-render the memoised grid.
 */
export function useInventoryView(): [InventoryView, (change: (view: InventoryView) => InventoryView) => void, () => void] {
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const previous = useRef<InventoryView>();
  const view = useMemo(() => {
    const next = parseInventoryView(params);
    const last = previous.current;
    if (last) {
      if (sameJson(last.pagination, next.pagination)) next.pagination = last.pagination;
      if (sameJson(last.sortModel, next.sortModel)) next.sortModel = last.sortModel;
      if (sameJson(last.filters, next.filters)) next.filters = last.filters;
    }
    previous.current = next;
    return next;
  }, [params]);
  // react-router's setSearchParams and navigate change with every URL change; refs keep the callbacks stable.
  const latest = useRef({ params, setParams, navigate, pushedOpen: false });
  latest.current = { params, setParams, navigate, pushedOpen: sameJson(location.state, OPENED_DETAILS) };
  const update = useCallback((change: (view: InventoryView) => InventoryView) => {
    const { params: current, setParams: set } = latest.current;
    const before = parseInventoryView(current);
    const next = change(before);
    const opens = next.openArn !== undefined && next.openArn !== before.openArn;
    set(inventoryViewParams(next, current), opens ? { state: OPENED_DETAILS } : { replace: true });
  }, []);
  const close = useCallback(() => {
    // Where this page pushed the open function, closing is going back: no entry left to Back through.
    if (latest.current.pushedOpen) latest.current.navigate(-1);
    else update(v => ({ ...v, openArn: undefined }));
  }, [update]);
  return [view, update, close];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
