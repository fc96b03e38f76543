// Datadog's side of the proof that traces arrive: which functions sent spans recently, asked with the
// organisation's API and application keys (backend only) through the span aggregation API.
//
// Bulk shape: one POST /api/v2/spans/analytics/aggregate covers up to SERVICES_PER_QUERY services
// (`service:(a OR b …)`), grouped by service and then by @function_arn (the span tag Datadog's Lambda
// libraries set to the lowercase ARN, a facet with @ as span tags are), with a count timeseries in
// 5-minute intervals: every function of the batch that sent spans comes back as one bucket, its
// newest non-empty interval saying when. Datadog allows 300 such queries an hour, so a
// fleet of 10,000 functions costs a few dozen per check, never one per function.
import type { TraceEvidenceSettings } from '../config';

/** A function Datadog is asked about: its lowercase service and ARN as the span tags carry them. */
export interface SpanQuestion {
  arn: string;
  service: string;
}

export interface DatadogSpans {
  /** Whether the keys to ask Datadog are configured; otherwise the reason, for people. */
  readonly unavailable: string | undefined;
  /**
   * The newest span time (epoch ms) of each asked function (by its ARN as given) that sent spans in the
   * window; the functions of a query Datadog did not answer are in `unanswered`, with why.
   */
  latestSpans(questions: SpanQuestion[], window: { start: Date; end: Date }): Promise<SpanAnswers>;
}

export interface SpanAnswers {
  latest: Map<string, number>;
  unanswered: Map<string, string>;
  queries: number;
}

export class DatadogQueryError extends Error {
  constructor(
    message: string,
    /** Asking again now would only be refused again (rate limit, refused keys): the remaining queries wait for the next check. */
    readonly stopAsking = false,
  ) {
    super(message);
  }
}

const SERVICES_PER_QUERY = 100;
const FUNCTIONS_PER_QUERY = 1_000;
const INTERVAL = '5m';
const FUNCTION_ARN_FACET = '@function_arn';
const TIMEOUT_MS = 20_000;

interface AggregateAnswer {
  data?: Array<{ attributes?: { by?: Record<string, unknown>; computes?: Record<string, unknown> } }>;
  errors?: unknown[];
}

export function createDatadogSpans(settings: TraceEvidenceSettings['datadog'], fetchImpl: typeof fetch = fetch): DatadogSpans {
  const missing = [!settings.apiKey && 'serverlessTracing.datadog.apiKey', !settings.applicationKey && 'serverlessTracing.datadog.applicationKey'].filter(Boolean);
  const unavailable = missing.length > 0
    ? `Could not ask Datadog: no ${missing.join(' and no ')} configured (an application key with the apm_read scope is needed to read spans).`
    : undefined;

  async function query(batch: SpanQuestion[], window: { start: Date; end: Date }): Promise<Map<string, number>> {
    const services = [...new Set(batch.map(q => q.service))];
    const body = {
      data: {
        type: 'aggregate_request',
        attributes: {
          filter: { query: `service:(${services.map(quoteService).join(' OR ')})`, from: window.start.toISOString(), to: window.end.toISOString() },
          compute: [{ aggregation: 'count', type: 'timeseries', interval: INTERVAL }],
          group_by: [
            { facet: 'service', limit: services.length },
            { facet: FUNCTION_ARN_FACET, limit: batch.length },
          ],
        },
      },
    };
    let response: Response;
    try {
      response = await fetchImpl(`${settings.endpoint}/api/v2/spans/analytics/aggregate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'DD-API-KEY': settings.apiKey!, 'DD-APPLICATION-KEY': settings.applicationKey! },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new DatadogQueryError(`Could not reach Datadog at ${settings.endpoint}: ${(error as Error).message}. The next check asks again.`, true);
    }
    const answer = (await response.json().catch(() => ({}))) as AggregateAnswer;
    if (response.status === 401 || response.status === 403) {
      throw new DatadogQueryError(`Datadog refused the keys (${response.status}): check serverlessTracing.datadog.apiKey and applicationKey; the application key needs the apm_read scope.`, true);
    }
    if (response.status === 429) throw new DatadogQueryError('Datadog rate-limited the span query (429; it allows 300 an hour): the next check asks again.', true);
    if (!response.ok) {
      const said = (answer.errors ?? []).map(String).join('; ');
      throw new DatadogQueryError(`Datadog answered ${response.status} to the span query${said ? `: ${said}` : ''}. The next check asks again.`);
    }
    const byArn = new Map(batch.map(q => [q.arn.toLowerCase(), q.arn]));
    const latest = new Map<string, number>();
    for (const bucket of answer.data ?? []) {
      const arn = byArn.get(String(bucket.attributes?.by?.[FUNCTION_ARN_FACET] ?? '').toLowerCase());
      const newest = newestPoint(bucket.attributes?.computes?.c0);
      if (arn && newest !== undefined) latest.set(arn, newest);
    }
    return latest;
  }

  return {
    unavailable,
    async latestSpans(questions, window) {
      const latest = new Map<string, number>();
      const unanswered = new Map<string, string>();
      let queries = 0;
      let stopped: string | undefined = unavailable;
      for (const batch of batches(questions)) {
        if (stopped) {
          for (const question of batch) unanswered.set(question.arn, stopped);
          continue;
        }
        queries++;
        try {
          for (const [arn, time] of await query(batch, window)) latest.set(arn, time);
        } catch (error) {
          // One query's failure leaves its own functions unanswered; the answers of the others stand.
          for (const question of batch) unanswered.set(question.arn, (error as Error).message);
          if (error instanceof DatadogQueryError && error.stopAsking) stopped = error.message;
        }
      }
      return { latest, unanswered, queries };
    },
  };
}

/** Consecutive questions grouped so one query names at most SERVICES_PER_QUERY services and FUNCTIONS_PER_QUERY functions. */
function batches(questions: SpanQuestion[]): SpanQuestion[][] {
  const sorted = [...questions].sort((a, b) => a.service.localeCompare(b.service));
  const out: SpanQuestion[][] = [];
  let current: SpanQuestion[] = [];
  let services = new Set<string>();
  for (const question of sorted) {
    if (current.length > 0 && ((!services.has(question.service) && services.size >= SERVICES_PER_QUERY) || current.length >= FUNCTIONS_PER_QUERY)) {
      out.push(current);
      current = [];
      services = new Set();
    }
    current.push(question);
    services.add(question.service);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** Service names with characters the query syntax treats specially are quoted. */
function quoteService(service: string): string {
  return /^[\w.\-/:]+$/.test(service) ? service : `"${service.replace(/"/g, '\\"')}"`;
}

/** The start of the newest interval with spans in a count timeseries (or a total's presence: now unknown). */
function newestPoint(compute: unknown): number | undefined {
  if (!Array.isArray(compute)) return undefined;
  let newest: number | undefined;
  for (const point of compute as Array<{ time?: string; value?: number }>) {
    const time = point.time ? Date.parse(point.time) : NaN;
    if ((point.value ?? 0) > 0 && !Number.isNaN(time) && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}
