export { FunctionTable } from './FunctionTable';
export type { FunctionTableProps } from './FunctionTable';
export { SORT_KEYS } from './columns';
