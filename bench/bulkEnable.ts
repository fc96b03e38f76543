// Benchmark 3: one bulk job enabling tracing on 200 functions, end to end through the plugin:
// POST /jobs, the real job runner (fresh read → plan → checkpoint → UpdateFunctionConfiguration
// with RevisionId → wait → verify → record), the gateway's rate limiter and retries, the sandbox's
// update delay and quotas.
import type { Job, JobItem } from '../src/common/api';
import { DEFAULT_RATE_LIMIT } from '../src/backend/aws/targets';
import { finished, scanned, startPlugin, type Api } from '../test/backend/helpers/harness';
import { asSandbox, domainEntities } from './lib/catalog';
import type { BenchDatabase } from './lib/databases';
import { countsBetween, sumOf, type RemoteSandbox, type RequestCounts } from './lib/remoteSandbox';
import type { Measurement } from './lib/report';
import { timed } from './lib/stats';

export const BULK_FUNCTIONS = 200;

export const BULK_TARGETS = {
  /** A person watches the progress bar: a page of functions is done within half a minute. */
  seconds: 30,
  /** When AWS throttles (the quota shared with other tools), the job slows down but still finishes. */
  throttledSeconds: 60,
  /** Read, resource policy, update, one or two reads until the update has settled. */
  callsPerFunction: 6,
  /** Throttling and update waits are waited out, never turned into a failure (refusals aside). */
  failedItems: 0,
};

/** The job settings of a production backend, except a shorter poll so the sandbox's 100 ms update is seen promptly. */
const PLUGIN_CONFIG = {
  serverlessTracing: {
    jobs: { pollIntervalMs: 250, itemTimeoutMs: 5 * 60_000 },
  },
};

const BASE = '/api/serverless-tracing';

async function oneClickUntraced(api: Api, count: number): Promise<string[]> {
  const { body, status } = await api.get(`${BASE}/functions?status=untraced&applicability=one-click&sort=name&limit=${count}`);
  if (status !== 200) throw new Error(`Listing one-click functions answered ${status}: ${JSON.stringify(body)}`);
  const arns = (body.items as Array<{ arn: string }>).map(item => item.arn);
  if (arns.length < count) {
    throw new Error(`The seed has only ${arns.length} untraced one-click functions; the benchmark needs ${count}. Seed more functions.`);
  }
  return arns;
}

export async function benchmarkBulkEnable(options: {
  sandbox: RemoteSandbox;
  db: BenchDatabase;
  variant: string;
  targetSeconds: number;
}): Promise<Measurement[]> {
  const { sandbox, db, variant, targetSeconds } = options;
  const plugin = await startPlugin({ sandbox: asSandbox(sandbox), knex: db.knex, entities: domainEntities(), config: PLUGIN_CONFIG });
  try {
    await scanned(plugin.api);
    const arns = await oneClickUntraced(plugin.api, BULK_FUNCTIONS);
    const before = await sandbox.counts();
    const { result: job, ms } = await timed(async () => {
      const created = await plugin.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: arns });
      if (created.status !== 202) throw new Error(`POST /jobs answered ${created.status}: ${JSON.stringify(created.body)}`);
      return finished(plugin.api, created.body.id);
    });
    const requests = countsBetween(before, await sandbox.counts());
    const seconds = ms / 1000;
    const benchmark = `bulk enable ${arns.length} fns (${variant})`;
    return [
      { benchmark, metric: 'time to job completion', value: seconds, unit: 's', target: targetSeconds },
      { benchmark, metric: 'throughput', value: arns.length / seconds, unit: 'fn/s' },
      { benchmark, metric: 'succeeded items', value: job.counts.succeeded, unit: 'fn' },
      // Listed as one-click, yet the fresh plan has blockers (e.g. the 4 KB environment limit): the
      // runner refuses before writing anything. Part of a real bulk job, so reported, not judged.
      { benchmark, metric: 'refused items (plan blockers)', value: refused(job).length, unit: 'fn', note: firstMessage(refused(job)) },
      { benchmark, metric: 'failed items (not refusals)', value: failedOtherwise(job).length, unit: 'fn', target: BULK_TARGETS.failedItems, note: firstMessage(failedOtherwise(job)) },
      { benchmark, metric: 'AWS calls per function', value: requests.total / arns.length, unit: 'req', target: BULK_TARGETS.callsPerFunction, note: breakdown(requests) },
      { benchmark, metric: 'throttled by AWS (429)', value: requests.throttled, unit: 'req' },
      {
        benchmark,
        metric: 'own rate-limit floor',
        value: rateLimitFloorSeconds(requests),
        unit: 's',
        note: `busiest account-region at ${DEFAULT_RATE_LIMIT.requestsPerSecond} req/s control plane, ${DEFAULT_RATE_LIMIT.getFunctionPerSecond} req/s GetFunction`,
      },
    ];
  } finally {
    await plugin.stop();
  }
}

const isRefusal = (item: JobItem) => item.message?.startsWith('Refused') ?? false;
const refused = (job: Job) => job.items.filter(item => item.state === 'failed' && isRefusal(item));
const failedOtherwise = (job: Job) => job.items.filter(item => item.state === 'failed' && !isRefusal(item));

function firstMessage(items: JobItem[]): string | undefined {
  return items.length === 0 ? undefined : `e.g. ${items[0].functionArn.split(':').pop()}: ${items[0].message}`;
}

function breakdown(requests: RequestCounts): string {
  const operations = [...new Set(requests.rows.map(row => row.operation))].sort();
  return operations.map(op => `${op} ${sumOf(requests, [op])}`).join(', ');
}

/** The shortest time the plugin's own rate limiter allows for these requests (busiest bucket, after its one-second burst). */
function rateLimitFloorSeconds(requests: RequestCounts): number {
  const buckets = new Map<string, { count: number; rate: number }>();
  for (const row of requests.rows) {
    const read = row.operation === 'GetFunction';
    const key = `${row.accountId}/${row.region}/${read ? 'read' : 'control'}`;
    const rate = read ? DEFAULT_RATE_LIMIT.getFunctionPerSecond : DEFAULT_RATE_LIMIT.requestsPerSecond;
    const bucket = buckets.get(key) ?? { count: 0, rate };
    bucket.count += row.count;
    buckets.set(key, bucket);
  }
  return Math.max(0, ...[...buckets.values()].map(b => Math.max(0, b.count - b.rate) / b.rate));
}
