// Inventory scans on demand and on schedule, one at a time per backend instance (the scheduler's
// global scope keeps replicas from overlapping on the schedule).
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScanInfo } from '../../common/api';
import type { Stores } from '../store/types';

export interface Scanner {
  scan(): Promise<ScanInfo>;
}

export interface ScansService {
  /** Runs a scan (or joins the one running) and resolves when it has finished. */
  run(): Promise<ScanInfo>;
  /** Starts a scan in the background and answers with its record as soon as it exists. */
  start(): Promise<ScanInfo>;
  latest(): Promise<ScanInfo | null>;
}

const STARTED_POLL_MS = 25;

export function createScansService(options: { scanner: Scanner; stores: Stores; logger: LoggerService }): ScansService {
  const { scanner, stores, logger } = options;
  let running: Promise<ScanInfo> | undefined;

  const service: ScansService = {
    run() {
      running ??= scanner.scan().finally(() => {
        running = undefined;
      });
      return running;
    },

    async start() {
      const before = await stores.scans.latest();
      if (running && before?.state === 'running') return before;
      let finished: ScanInfo | undefined;
      let failure: unknown;
      service.run().then(
        info => {
          finished = info;
        },
        error => {
          failure = error;
          logger.error(`The inventory scan failed: ${(error as Error).message}`);
        },
      );
      // The scanner records the scan before it calls AWS; answer with that record, not the result.
      for (;;) {
        if (finished) return finished;
        if (failure) throw failure;
        const latest = await stores.scans.latest();
        if (latest && latest.id !== before?.id) return latest;
        await new Promise(resolve => setTimeout(resolve, STARTED_POLL_MS));
      }
    },

    latest() {
      return stores.scans.latest();
    },
  };
  return service;
}
