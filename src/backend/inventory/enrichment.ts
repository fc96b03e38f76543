// The background pass after each scan that completes what bulk discovery cannot know: each function's
// resource policy (GetPolicy), which names invokers from other accounts and services without a bulk
// listing (S3, load balancers). Paced by the gateway's GetPolicy bucket (its own AWS quota, 15/s per
// account-region), so it never slows scans or updates, and in that bucket's background lane, so a job's
// fresh reads go first; passes repeat while throttling left work undone.
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InvokerGap } from '../../common/model';
import { AwsCallError, type AccountRegion, type LambdaGateway } from '../aws/types';
import { isTransient } from '../retryPolicy';
import type { InventoryRecord, Stores } from '../store/types';
import { keptDrift, toInventoryRecord, type RecordSettings } from './record';

export interface PolicyEnrichment {
  /** Stops a pass in progress and starts a new one over every account-region (after a scan). */
  start(): void;
  /** Resolves when the current pass has finished (at once when none runs). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export interface EnrichmentOptions {
  gateway: LambdaGateway;
  stores: Stores;
  logger: LoggerService;
  settings: RecordSettings;
  /** Account-regions worked on at the same time (each paced by its own GetPolicy bucket). */
  concurrency?: number;
  /** Passes over what throttling left undone, and the pause before each (grows linearly). */
  maxPasses?: number;
  passDelayMs?: number;
}

const PAGE = 200;
const PER_REGION_IN_FLIGHT = 4;

export function createPolicyEnrichment(options: EnrichmentOptions): PolicyEnrichment {
  const { gateway, stores, logger, settings } = options;
  const maxPasses = options.maxPasses ?? 5;
  const passDelayMs = options.passDelayMs ?? 2_000;
  let current: { controller: AbortController; done: Promise<void> } | undefined;

  async function enrichOne(record: InventoryRecord): Promise<'done' | 'retry' | 'failed'> {
    const arn = record.summary.arn;
    let gap: InvokerGap | undefined;
    let invokers = record.invokers;
    try {
      invokers = [...new Set([...record.invokers, ...(await gateway.getPolicyInvokers(arn, { background: true }))])];
    } catch (error) {
      if (error instanceof AwsCallError && isTransient(error.kind)) return 'retry';
      gap = { source: 'resource-policy', reason: (error as Error).message };
    }
    const latest = await stores.inventory.get(arn);
    // A newer scan (or a job's fresh read) wrote this function meanwhile: its record is the one to keep.
    if (!latest || latest.scannedAt !== record.scannedAt) return 'done';
    const missing = [...latest.summary.invokerGaps.filter(g => g.source !== 'resource-policy'), ...(gap ? [gap] : [])];
    const rebuilt = toInventoryRecord(latest.config, { invokedBy: invokers, missing }, latest.summary.owner, settings, latest.scannedAt, keptDrift(latest));
    await stores.inventory.upsert(rebuilt);
    return gap ? 'failed' : 'done';
  }

  /** One pass over an account-region's functions still waiting for their policy; true when some must be retried. */
  async function pass(target: AccountRegion, signal: AbortSignal, givenUp: Set<string>): Promise<boolean> {
    let after: string | undefined;
    let retry = false;
    for (;;) {
      if (signal.aborted) return false;
      const page = await stores.inventory.incomplete(target.accountId, target.region, PAGE, after);
      if (page.length === 0) return retry;
      after = page[page.length - 1].summary.arn;
      const waiting = page.filter(r => !givenUp.has(r.summary.arn) && r.summary.invokerGaps.some(g => g.source === 'resource-policy' && g.reason === PENDING_REASON));
      for (let i = 0; i < waiting.length && !signal.aborted; i += PER_REGION_IN_FLIGHT) {
        const outcomes = await Promise.all(waiting.slice(i, i + PER_REGION_IN_FLIGHT).map(enrichOne));
        outcomes.forEach((outcome, j) => {
          if (outcome === 'retry') retry = true;
          if (outcome === 'failed') givenUp.add(waiting[i + j].summary.arn);
        });
      }
    }
  }

  async function run(signal: AbortSignal): Promise<void> {
    const targets = gateway.targets();
    const givenUp = new Set<string>();
    let queue = targets;
    for (let n = 1; n <= maxPasses && queue.length > 0 && !signal.aborted; n++) {
      if (n > 1) await pause(passDelayMs * (n - 1), signal);
      const again: AccountRegion[] = [];
      let next = 0;
      const worker = async () => {
        while (next < queue.length && !signal.aborted) {
          const target = queue[next++];
          try {
            if (await pass(target, signal, givenUp)) again.push(target);
          } catch (error) {
            logger.warn(`Reading resource policies in ${target.accountId}/${target.region} failed: ${(error as Error).message}`);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, queue.length) }, worker));
      queue = again;
    }
    if (queue.length > 0 && !signal.aborted) {
      logger.warn(`Resource policies of some functions in ${queue.map(t => `${t.accountId}/${t.region}`).join(', ')} stay unread after ${maxPasses} passes (AWS kept throttling); the next scan tries again.`);
    }
  }

  return {
    start() {
      current?.controller.abort();
      const controller = new AbortController();
      const done = run(controller.signal).catch(error => logger.error(`The resource policy pass failed: ${(error as Error).message}`));
      current = { controller, done };
    },
    idle: () => current?.done ?? Promise.resolve(),
    async stop() {
      current?.controller.abort();
      await current?.done;
    },
  };
}

/** The reason a freshly scanned function's policy gap carries until the pass reads it. */
export const PENDING_REASON = 'Not read yet: the background pass reads each resource policy after the scan, within GetPolicy\'s own quota.';

/** Waits, or less when the pass is stopped. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });
}
