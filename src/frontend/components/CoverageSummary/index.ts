export { CoverageSummary, CoverageHeadline, coverageOf, tracedShare } from './CoverageSummary';
export type { FilteredCoverage } from './CoverageSummary';
