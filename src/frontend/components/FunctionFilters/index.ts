export { FunctionFilters } from './FunctionFilters';
export { EMPTY_FILTERS, FILTER_FIELDS, isFiltered } from './filterState';
export type { FilterState, FilterField } from './filterState';
