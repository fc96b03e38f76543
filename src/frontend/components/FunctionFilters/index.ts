export { FunctionFilters } from './FunctionFilters';
export { EMPTY_FILTERS, FILTER_FIELDS, filtersKey, isFiltered } from './filterState';
export type { FilterState, FilterField } from './filterState';
