export { FunctionFilters, EMPTY_FILTERS } from './FunctionFilters';
export type { FilterState, FilterField } from './FunctionFilters';
