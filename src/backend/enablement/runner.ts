// Background workers that drain the job items in the database. A claim is atomic, so any number of
// workers and backend replicas can share the queue, and never two on one function. Each backend beats
// a heartbeat for the items it holds; an item whose heartbeat stopped (its backend died) goes back to
// pending within seconds, and its fresh read decides whether anything is left to send.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { summarizePlan } from '../../common/disclosure';
import type { JobSettings } from '../config';
import type { ClaimedItem } from '../store/types';
import { ClaimLostError, applyItem, type ItemDeps, type ItemOutcome } from './pipeline';
import { RolePreflight } from './rolePreflight';
import { ShutdownError } from './sleep';

export interface JobRunner {
  /** Releases abandoned items (now and at every heartbeat), starts the heartbeat and the workers. */
  start(): Promise<void>;
  /** Wakes idle workers: new items are waiting. */
  kick(): void;
  /** Stops the workers; items in flight stay claimed and resume at the next start. */
  stop(): Promise<void>;
}

/** Jobs whose role simulations are kept for their next items. */
const RECENT_JOB_PREFLIGHTS = 8;

export function createJobRunner(options: {
  deps: ItemDeps;
  logger: LoggerService;
  auditor: AuditorService;
  settings: JobSettings;
  /** Told of each function an enable item succeeded on (proof that its traces arrive is asked later). */
  onEnabled?: (functionArn: string) => void;
}): JobRunner {
  const { deps, logger, auditor, settings } = options;
  const { stores } = deps;
  const controller = new AbortController();
  // Every worker's waits and every shared role simulation listen for the shutdown: their number follows
  // jobs.concurrency and a job's roles, so Node's default of 10 listeners would warn of a leak there is not.
  setMaxListeners(0, controller.signal);
  const workerId = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const workers: Promise<void>[] = [];
  const sleepers = new Set<() => void>();
  let heartbeatTimer: ReturnType<typeof setInterval> | undefined;

  /** Keeps this backend's claims alive, and frees the claims of backends whose heartbeat stopped. */
  async function beat(): Promise<void> {
    try {
      await stores.jobs.heartbeat(workerId);
    } catch (error) {
      logger.error(`Could not renew this backend's job item claims: ${(error as Error).message}`);
    }
    await releaseStale();
  }

  async function releaseStale(): Promise<void> {
    try {
      const released = await stores.jobs.releaseStale(settings.staleAfterMs);
      if (released > 0) logger.info(`Resuming ${released} job item(s) left unfinished by a stopped backend.`);
    } catch (error) {
      logger.error(`Could not look for abandoned job items: ${(error as Error).message}`);
    }
  }

  function idle(): Promise<void> {
    return new Promise(resolve => {
      const done = () => {
        clearTimeout(timer);
        controller.signal.removeEventListener('abort', done);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, settings.pollIntervalMs);
      controller.signal.addEventListener('abort', done, { once: true });
      sleepers.add(done);
    });
  }

  async function work(): Promise<void> {
    while (!controller.signal.aborted) {
      let item: ClaimedItem | undefined;
      try {
        item = await stores.jobs.claimNext(workerId);
      } catch (error) {
        if (controller.signal.aborted) return;
        logger.error(`Could not claim a job item: ${(error as Error).message}`);
      }
      if (item) await run(item);
      else await idle();
    }
  }

  // One role pre-flight per job: its functions that share a role cost one simulation. The few jobs
  // seen last are kept (a job's items arrive together); an older job's items simulate again.
  const preflights = new Map<string, RolePreflight>();
  function preflightOf(jobId: string): RolePreflight {
    let preflight = preflights.get(jobId);
    if (!preflight) {
      preflight = new RolePreflight(deps.gateway, { simulate: deps.simulateRoles ?? true, datadog: deps.datadog }, 'throw', controller.signal);
      preflights.set(jobId, preflight);
      if (preflights.size > RECENT_JOB_PREFLIGHTS) preflights.delete(preflights.keys().next().value!);
      void simulateRolesOf(jobId, preflight);
    }
    return preflight;
  }

  /**
   * As a job starts running here, every distinct role of its enable items is simulated at once, paced by
   * IAM's own rate limiter, so items await an answer already on its way instead of each queueing on
   * IAM while holding a worker. The roles come from the inventory; an item whose fresh read shows
   * another role asks for itself, and one whose role could not be simulated here asks again.
   */
  async function simulateRolesOf(jobId: string, preflight: RolePreflight): Promise<void> {
    try {
      const job = await stores.jobs.get(jobId);
      if (!job || job.action !== 'enable') return;
      const waiting = job.items.filter(item => item.state === 'pending' || item.state === 'running').map(item => item.functionArn);
      const roles = await stores.inventory.roles(waiting);
      // In the items' order: the limiter serves callers in arrival order, so the role of the item
      // claimed next is answered next, and no worker waits behind roles of items still far off.
      preflight.prefetch(waiting.flatMap(arn => roles.get(arn) ?? []));
    } catch (error) {
      logger.warn(`Job ${jobId}: could not look up its functions' roles ahead of its items (each item simulates its own): ${(error as Error).message}`);
    }
  }

  async function run(item: ClaimedItem): Promise<void> {
    const event = await auditor.createEvent({
      eventId: `function-${item.action}`,
      severityLevel: 'medium',
      meta: { functionArn: item.functionArn, jobId: item.jobId, actor: item.createdBy, solution: item.solution },
    });
    let outcome: ItemOutcome;
    try {
      outcome = await applyItem({ ...deps, rolePreflight: preflightOf(item.jobId) }, item, controller.signal, () => stores.jobs.holds(item.itemId, workerId));
    } catch (error) {
      if (error instanceof ShutdownError) return;
      if (error instanceof ClaimLostError) {
        logger.warn(`Job ${item.jobId}: ${item.functionArn} was taken over by another worker before this one wrote anything; its outcome is theirs to record.`);
        return;
      }
      logger.error(`Job ${item.jobId}: ${item.action} of ${item.functionArn} failed unexpectedly: ${(error as Error).message}`);
      outcome = { state: 'failed', refused: false, message: 'The backend hit an unexpected error; its log has the details. Run the job again.' };
    }
    try {
      const appliedSolution = item.action === 'enable' ? (outcome.plan?.solution ?? null) : null;
      const recorded = await stores.jobs.finishItem(item.jobId, item.functionArn, { state: outcome.state, message: outcome.message, appliedSolution }, workerId);
      if (!recorded) {
        logger.warn(`Job ${item.jobId}: ${item.functionArn} was taken over by another worker before this one finished; its outcome is theirs to record.`);
      }
      await stores.audit.append({
        actor: item.createdBy,
        functionArn: item.functionArn,
        action: item.action,
        jobId: item.jobId,
        outcome: outcome.refused ? 'refused' : outcome.state,
        summary: outcome.plan ? summarizePlan(outcome.plan) : '',
        message: outcome.message,
      });
    } catch (error) {
      logger.error(`Job ${item.jobId}: could not record the outcome for ${item.functionArn}: ${(error as Error).message}`);
    }
    if (outcome.state === 'succeeded' && item.action === 'enable') options.onEnabled?.(item.functionArn);
    if (outcome.state === 'succeeded') await event.success({ meta: { outcome: 'succeeded' } });
    else await event.fail({ error: new Error(outcome.message ?? 'failed'), meta: { outcome: outcome.refused ? 'refused' : 'failed' } });
  }

  return {
    async start() {
      await releaseStale();
      heartbeatTimer = setInterval(() => void beat(), settings.heartbeatIntervalMs);
      heartbeatTimer.unref?.();
      for (let i = 0; i < settings.concurrency; i++) {
        workers.push(
          work().catch(error => logger.error(`A job worker stopped: ${(error as Error).message}`)),
        );
      }
    },
    kick() {
      [...sleepers].forEach(wakeUp => wakeUp());
    },
    async stop() {
      clearInterval(heartbeatTimer);
      controller.abort();
      await Promise.all(workers);
    },
  };
}
