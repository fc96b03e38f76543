// Proof that traces arrive: configuration is not observation. Asks the tracing backend of each traced
// function whether it actually received traces in the last window — Datadog for Datadog-traced
// functions (datadogSpans.ts), X-Ray's trace summaries for X-Ray-traced ones — and records per function
// 'seen' (with when), 'none-yet', or 'unknown' with the reason the backend could not be asked. A
// function is never called untraced-in-practice on missing information: no keys, access denied or a
// throttled query leave it 'unknown', and keep the newest trace seen before.
//
// Asked in bulk: Datadog a batch of services per query, X-Ray one GetTraceSummaries per batch of
// functions of an account-region (a filter naming them all), paced by the gateway in its background
// lane so job items' calls go first. Runs on a schedule, after each scan for functions never checked,
// and a while after each enable (traces need a minute or two to arrive).
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { TraceEvidenceSettings } from '../config';
import type { LambdaGateway } from '../aws/types';
import type { EvidenceCandidate, TraceEvidenceRow, TraceEvidenceStore } from '../store/types';
import type { DatadogSpans } from './datadogSpans';

export interface EvidenceCheck {
  seen: number;
  noneYet: number;
  unknown: number;
  /** Calls made to the backends: Datadog queries and X-Ray GetTraceSummaries requests. */
  datadogQueries: number;
  xrayRequests: number;
}

export interface TraceEvidenceService {
  /** Asks now, in bulk: about these functions, the never-checked ones, or every traced function. */
  check(options?: { arns?: string[]; unchecked?: boolean }): Promise<EvidenceCheck>;
  /** Asks about this function once its traces had time to arrive; functions falling due together are asked together. */
  checkLater(functionArn: string): void;
  /** Cancels the delayed checks and waits for the one in progress. */
  stop(): Promise<void>;
}

/** Functions named in one X-Ray filter expression (the filter stays short, one call covers them all). */
const XRAY_FUNCTIONS_PER_CALL = 25;
const HOUR = 3_600_000;

export function createTraceEvidence(options: {
  stores: { traceEvidence: TraceEvidenceStore };
  gateway: LambdaGateway;
  datadog: DatadogSpans;
  settings: Pick<TraceEvidenceSettings, 'windowHours' | 'delayAfterEnableMs'>;
  logger: LoggerService;
  now?: () => number;
}): TraceEvidenceService {
  const { stores, gateway, datadog, settings, logger } = options;
  const now = options.now ?? Date.now;
  let running: Promise<unknown> = Promise.resolve();
  const due = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  async function ask(candidates: EvidenceCandidate[]): Promise<EvidenceCheck> {
    const end = new Date(now());
    const window = { start: new Date(end.getTime() - settings.windowHours * HOUR), end };
    const checkedAt = end.toISOString();
    const previous = await stores.traceEvidence.rowsOf(candidates.map(c => c.arn));
    const outcome: EvidenceCheck = { seen: 0, noneYet: 0, unknown: 0, datadogQueries: 0, xrayRequests: 0 };
    const rows: TraceEvidenceRow[] = [];
    const write = (candidate: EvidenceCandidate, answer: { latest?: number; reason?: string }) => {
      const before = previous.get(candidate.arn)?.find(row => row.source === candidate.source)?.seenAt ?? null;
      const found = answer.latest !== undefined ? new Date(answer.latest).toISOString() : null;
      const seenAt = found && (!before || found > before) ? found : before;
      const state = answer.reason ? 'unknown' : found ? 'seen' : 'none-yet';
      outcome[state === 'none-yet' ? 'noneYet' : state]++;
      rows.push({ functionArn: candidate.arn, source: candidate.source, state, seenAt, checkedAt, windowHours: settings.windowHours, reason: answer.reason ?? null });
    };

    const forDatadog = candidates.filter(c => c.source === 'datadog');
    if (forDatadog.length > 0) {
      const { latest, unanswered, queries } = await datadog.latestSpans(forDatadog.map(c => ({ arn: c.arn, service: c.service })), window);
      outcome.datadogQueries += queries;
      for (const candidate of forDatadog) {
        const reason = unanswered.get(candidate.arn);
        write(candidate, reason ? { reason } : { latest: latest.get(candidate.arn) });
      }
    }

    const byTarget = new Map<string, EvidenceCandidate[]>();
    for (const candidate of candidates.filter(c => c.source === 'xray')) {
      const key = `${candidate.accountId}/${candidate.region}`;
      const group = byTarget.get(key) ?? [];
      group.push(candidate);
      byTarget.set(key, group);
    }
    await Promise.all(
      [...byTarget.values()].map(async group => {
        const target = { accountId: group[0].accountId, region: group[0].region };
        for (let i = 0; i < group.length; i += XRAY_FUNCTIONS_PER_CALL) {
          const batch = group.slice(i, i + XRAY_FUNCTIONS_PER_CALL);
          try {
            const { latest, unread, requests } = await gateway.latestTraces(target, batch.map(c => c.name), window, { background: true });
            outcome.xrayRequests += requests;
            for (const candidate of batch) {
              write(
                candidate,
                unread.includes(candidate.name)
                  ? { reason: 'X-Ray returned more traces than one check reads without finding this function\'s; the next check asks again.' }
                  : { latest: latest.get(candidate.name) },
              );
            }
          } catch (error) {
            outcome.xrayRequests++;
            for (const candidate of batch) write(candidate, { reason: `Could not ask X-Ray: ${(error as Error).message}` });
          }
        }
      }),
    );

    await stores.traceEvidence.record(rows);
    return outcome;
  }

  /** One check at a time in this backend: a second waits for the first (they would ask the same things). */
  function check(request: { arns?: string[]; unchecked?: boolean } = {}): Promise<EvidenceCheck> {
    const next = running.then(async () => {
      const candidates = await stores.traceEvidence.candidates(request);
      const outcome = await ask(candidates);
      // A whole-fleet check also forgets the functions that are gone (deleted, or their account no longer scanned).
      if (!request.arns && !request.unchecked) await stores.traceEvidence.prune();
      return outcome;
    });
    running = next.catch(() => undefined);
    return next;
  }

  function fireDue(): void {
    timer = undefined;
    const arns = [...due];
    due.clear();
    check({ arns }).then(
      outcome => logger.info(`Trace evidence after enabling ${arns.length} function(s): ${outcome.seen} with traces seen, ${outcome.noneYet} with none yet, ${outcome.unknown} could not be checked.`),
      error => logger.error(`Asking the tracing backends for traces after an enable failed: ${(error as Error).message}`),
    );
  }

  return {
    check,
    checkLater(functionArn) {
      if (stopped) return;
      due.add(functionArn);
      // The first enable of a batch sets the time; those that follow within the delay join its check.
      timer ??= setTimeout(fireDue, settings.delayAfterEnableMs);
      timer.unref?.();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      due.clear();
      await running;
    },
  };
}
