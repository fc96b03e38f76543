// Inventory scans on demand and on schedule. The scanner runs one scan at a time per backend instance
// (the scheduler's global scope keeps replicas from overlapping on the schedule).
import type { ScanInfo } from '../../common/api';
import type { Scanner } from '../inventory';
import type { Stores } from '../store/types';

export interface ScansService {
  /** Runs a scan (or joins the one running) and resolves when it has finished. */
  run(): Promise<ScanInfo>;
  /** Starts a scan in the background and answers with its record as soon as it is running. */
  start(): Promise<ScanInfo>;
  latest(): Promise<ScanInfo | null>;
}

export function createScansService(options: { scanner: Scanner; stores: Stores }): ScansService {
  const { scanner, stores } = options;
  return {
    run: () => scanner.scan(),
    start: () => scanner.start(),
    latest: () => stores.scans.latest(),
  };
}
