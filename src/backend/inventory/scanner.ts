// The inventory scan: every configured account-region, a few in parallel, each read in bulk
// (ListFunctions pages, tags via the Tagging API, event source mappings) and stored as a whole.
// An account-region that fails keeps its previous inventory and is reported; the rest completes.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ScanError, ScanInfo } from '../../common/api';
import type { FunctionConfig, InvokerGap } from '../../common/model';
import { AwsCallError, type AccountRegion, type LambdaGateway } from '../aws/types';
import type { Stores } from '../store/types';
import { driftFrom, toInventoryRecord, type RecordSettings } from './record';
import { PENDING_REASON, type PolicyEnrichment } from './enrichment';

export interface ScanSettings extends RecordSettings {
  /** Account-regions scanned at the same time (default 4). */
  concurrency?: number;
}

export interface ScannerOptions {
  gateway: LambdaGateway;
  stores: Stores;
  logger: LoggerService;
  /** The owning entity ref or owner tag value of a function (tags already merged into config). */
  resolveOwner: (config: FunctionConfig) => Promise<string | null> | string | null;
  settings: ScanSettings;
  /** Started after each scan: reads the resource policies bulk discovery cannot replace. */
  enrichment?: PolicyEnrichment;
  /**
   * Run once each scan is recorded: owner convergence (owners were resolved while the catalog may have
   * changed) and drift repair. A failure is logged; the scan stays as recorded.
   */
  afterScan?: () => Promise<unknown>;
}

export interface Scanner {
  /** Runs a scan to its end; while one runs, returns that one instead of starting another. */
  scan(): Promise<ScanInfo>;
  /** Starts a scan (or joins the running one) and resolves as soon as it is recorded as running. */
  start(): Promise<ScanInfo>;
}

export const DEFAULT_SCAN_CONCURRENCY = 4;

/** Runs `work` over `items`, at most `limit` at a time, results in input order. */
async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

function toScanError(target: AccountRegion, error: unknown): ScanError {
  if (error instanceof AwsCallError) {
    return { ...target, name: error.awsName ?? error.kind, message: error.message };
  }
  const e = error as Error;
  return {
    ...target,
    name: e?.name ?? 'Error',
    message: `Scanning ${target.accountId}/${target.region} failed: ${e?.message ?? String(error)}. Its previous inventory is kept; the next scan tries again.`,
  };
}

export function createScanner(options: ScannerOptions): Scanner {
  const { gateway, stores, logger, resolveOwner, settings, enrichment } = options;
  const concurrency = settings.concurrency ?? DEFAULT_SCAN_CONCURRENCY;
  let running: { started: Promise<ScanInfo>; finished: Promise<ScanInfo> } | undefined;

  async function scanTarget(target: AccountRegion, scannedAt: string): Promise<number> {
    const [functions, tags, eventSources, discovered] = await Promise.all([
      gateway.listFunctions(target),
      gateway.listTags(target),
      gateway.listEventSourceInvokers(target),
      gateway.discoverInvokers(target),
    ]);
    for (const gap of discovered.failed) logger.warn(`Invokers in ${target.accountId}/${target.region}: ${gap.reason}`);
    // Every function still lacks its resource policy: the background pass reads it after the scan.
    const missing: InvokerGap[] = [...discovered.failed, { source: 'resource-policy', reason: PENDING_REASON }];
    // What the plugin applied, to find drift on the configurations as AWS returned them (values unredacted).
    const applied = await stores.checkpoints.applied(functions.map(fn => fn.FunctionArn ?? ''));
    const records = [];
    for (const fn of functions) {
      const arn = fn.FunctionArn ?? '';
      const config: FunctionConfig = { ...fn, Tags: { ...(tags.get(arn) ?? {}) } };
      const owner = await resolveOwner(config);
      const invokedBy = [...new Set([...(eventSources.get(arn) ?? []), ...(discovered.invokers.get(arn) ?? [])])];
      records.push(toInventoryRecord(config, { invokedBy, missing }, owner, settings, scannedAt, driftFrom(config, applied.get(arn) ?? [])));
    }
    await stores.inventory.replaceAccountRegion(target.accountId, target.region, records);
    return records.length;
  }

  async function run(started: ScanInfo): Promise<ScanInfo> {
    // With AWS Organizations configured, this lists the accounts and their enabled regions afresh.
    // Failures are reported per account (or for the organisation), never thrown.
    const discovery = await gateway.discoverTargets();
    const targets = discovery.targets;
    const scannedAt = started.startedAt;
    logger.info(`Scanning ${targets.length} account-region(s) for Lambda functions (scan ${started.id})`);
    let functionCount = 0;
    const errors: ScanError[] = discovery.errors.map(({ error, ...where }) => toScanError(where, error));
    for (const error of errors) logger.warn(error.message);
    await mapWithConcurrency(targets, concurrency, async target => {
      try {
        const stored = await scanTarget(target, scannedAt);
        functionCount += stored;
      } catch (error) {
        const scanError = toScanError(target, error);
        logger.warn(scanError.message);
        errors.push(scanError);
      }
    });
    const failedTargets = errors.length - discovery.errors.length;
    const failedAll = errors.length > 0 && failedTargets === targets.length;
    const state = errors.length === 0 ? 'succeeded' : failedAll ? 'failed' : 'partial';
    const finished = await stores.scans.finish(started.id, { functionCount, errors, state });
    logger.info(`Scan ${started.id} ${state}: ${functionCount} function(s), ${errors.length} account-region(s) failed`);
    enrichment?.start();
    await options.afterScan?.().catch(error => logger.error(`After scan ${started.id}: ${(error as Error).message}`));
    return finished;
  }

  function begin() {
    if (!running) {
      const started = stores.scans.start();
      const finished = started.then(run).finally(() => {
        running = undefined;
      });
      // The caller of start() may never await the end; keep its failure from going unhandled.
      finished.catch(error => logger.error(`Scan failed: ${(error as Error).message}`));
      running = { started, finished };
    }
    return running;
  }

  return {
    scan: () => begin().finished,
    start: () => begin().started,
  };
}
