export type FilterField = 'account' | 'region' | 'runtime' | 'status' | 'evidence' | 'solution' | 'applicability' | 'owner';

export const FILTER_FIELDS: readonly FilterField[] = ['account', 'region', 'runtime', 'status', 'evidence', 'solution', 'applicability', 'owner'];

export interface FilterState {
  q: string;
  selected: Record<FilterField, string[]>;
  /** Restrict to functions owned by the signed-in user's ownership refs (user and groups). */
  ownedByMe: boolean;
}

export const EMPTY_FILTERS: FilterState = {
  q: '',
  selected: { account: [], region: [], runtime: [], status: [], evidence: [], solution: [], applicability: [], owner: [] },
  ownedByMe: false,
};

/** True when any filter narrows the inventory. */
export function isFiltered(filters: FilterState): boolean {
  return filters.q.trim() !== '' || filters.ownedByMe || Object.values(filters.selected).some(values => values.length > 0);
}

/** Identifies a filter set, to tell whether an answer belongs to the filters shown now. */
export function filtersKey(filters: FilterState): string {
  return JSON.stringify([filters.q.trim(), filters.selected, filters.ownedByMe]);
}
