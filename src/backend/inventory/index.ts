// The inventory: scans that fill the store from AWS, and the record builder shared with enablement.
export { createScanner, DEFAULT_SCAN_CONCURRENCY, type Scanner, type ScannerOptions, type ScanSettings } from './scanner';
export { toInventoryRecord, type RecordSettings } from './record';
export { createPolicyEnrichment, type PolicyEnrichment } from './enrichment';
