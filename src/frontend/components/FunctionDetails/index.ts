export { FunctionDetails } from './FunctionDetails';
export type { FunctionDetailsProps } from './FunctionDetails';
