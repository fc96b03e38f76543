export { FunctionTable, PAGE_SIZES } from './FunctionTable';
export type { FunctionTableProps } from './FunctionTable';
export { SORT_KEYS } from './columns';
