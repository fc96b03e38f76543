export { CoverageSummary, CoverageHeadline, tracedShare } from './CoverageSummary';
