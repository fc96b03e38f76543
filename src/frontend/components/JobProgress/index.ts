export { JobProgress } from './JobProgress';
export type { JobProgressProps } from './JobProgress';
