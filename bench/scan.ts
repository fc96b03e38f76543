// Benchmark 1: a complete inventory scan of a 10,000-function organisation with the plugin's real
// gateway (AWS SDK over HTTP, rate limiter, retries), scanner and Knex store.
import { mockServices } from '@backstage/backend-test-utils';
import type { Config } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createLambdaGateway } from '../src/backend/aws';
import { DEFAULT_RATE_LIMIT } from '../src/backend/aws/targets';
import { createScanner } from '../src/backend/inventory';
import { createCatalogIndex, createOwnership } from '../src/backend/ownership';
import type { Stores } from '../src/backend/store/types';
import { DEFAULT_LAYER_VERSIONS } from '../src/common/layers';
import { sandboxConfig } from '../test/backend/aws/sandboxGateway';
import { asSandbox, domainEntities } from './lib/catalog';
import { measureMemory } from './lib/memory';
import { quietLogger } from './lib/quietLogger';
import { countsBetween, sumOf, type RemoteSandbox, type RequestCounts } from './lib/remoteSandbox';
import type { Measurement } from './lib/report';
import { timed } from './lib/stats';

export type ScanTargets = typeof SCAN_TARGETS;

export const SCAN_TARGETS = {
  /** Fresh data within a coffee: well inside the 10-minute task timeout, a tenth of the 30-minute schedule. */
  scanSeconds: 20,
  /** One ListFunctions page per 50 functions, one GetResources page per 100 tagged, a few event-source pages. */
  requestsPerFunction: 0.05,
  /** Nothing per function in the scan path: that is what keeps it inside Lambda's quotas. */
  perFunctionCalls: 0,
  /** A backend container commonly has 1–2 GB; a scan of 10,000 functions may take a tenth of it. */
  peakRssGrowthMb: 200,
  peakHeapGrowthMb: 150,
  /** The inventory lives in the database, not in the process. */
  retainedHeapMb: 10,
};

const BULK_OPERATIONS = [
  'ListFunctions', 'GetResources', 'ListEventSourceMappings',
  // Invoker discovery: one listing per service, one call per state machine, API or rule.
  'states:ListStateMachines', 'states:DescribeStateMachine', 'appsync:ListGraphqlApis', 'appsync:ListDataSources',
  'apigateway:GetRestApis', 'apigateway:GetResources', 'apigateway:GetApis', 'apigateway:GetIntegrations',
  'events:ListRules', 'events:ListTargetsByRule', 'sns:ListSubscriptions',
  // Accounts from AWS Organizations: a few listing pages, then one role session and region listing per account.
  'organizations:ListAccounts', 'organizations:ListAccountsForParent', 'organizations:ListOrganizationalUnitsForParent',
  'sts:AssumeRole', 'account:ListRegions',
];
const PER_FUNCTION_OPERATIONS = ['GetFunction', 'GetFunctionConfiguration', 'GetPolicy', 'ListTags', 'UpdateFunctionConfiguration'];

export interface ScanBenchmark {
  sandbox: RemoteSandbox;
  stores: Stores;
  label: string;
  /** The plugin's config; default: every sandbox account listed explicitly. */
  config?: Config;
  /** Account-regions scanned at the same time (serverlessTracing.scanConcurrency); default the plugin's. */
  concurrency?: number;
  /** The sandbox's control-plane quota per account-region and service: with the plugin's own limit, the pace bound. */
  sandboxQuotaPerSecond: number;
  targets?: ScanTargets;
}

export async function benchmarkScan(options: ScanBenchmark): Promise<Measurement[]> {
  const { sandbox, stores, label } = options;
  const targets = options.targets ?? SCAN_TARGETS;
  const logger = quietLogger();
  const config = options.config ?? sandboxConfig(asSandbox(sandbox));
  const gateway = createLambdaGateway({ config, logger });
  const ownership = createOwnership({
    index: createCatalogIndex({ catalog: catalogServiceMock({ entities: domainEntities() }), auth: mockServices.auth(), logger }),
    ownerTag: 'team',
  });
  const scanner = createScanner({
    gateway,
    stores,
    logger,
    resolveOwner: fn => ownership.ownerOf(fn),
    settings: {
      datadog: { site: 'datadoghq.com', apiKeySecretArn: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:dd-api-key', layerVersions: DEFAULT_LAYER_VERSIONS },
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    },
  });

  try {
    const before = await sandbox.counts();
    const { result, memory } = await measureMemory(() => timed(() => scanner.scan()));
    const requests = countsBetween(before, await sandbox.counts());
    const { result: scan, ms } = result;
    const expected = sandbox.org.functionCount;
    if (scan.state !== 'succeeded' || scan.functionCount !== expected) {
      throw new Error(
        `The scan ended ${scan.state} with ${scan.functionCount} of ${expected} functions (${scan.errors.map(e => `${e.accountId}/${e.region}: ${e.message}`).join('; ') || 'no errors'}); a partial scan is not a measurement.`,
      );
    }
    const seconds = ms / 1000;
    // The pace AWS allows: the plugin's own limit, or the sandbox's quota where that is lower.
    const rate = Math.min(DEFAULT_RATE_LIMIT.requestsPerSecond, options.sandboxQuotaPerSecond);
    const busiest = busiestAccountRegion(requests, rate);
    const benchmark = `scan ${expected} fns (${label})`;
    const againstBound: Measurement[] =
      busiest.boundSeconds > 0
        ? [
            {
              benchmark,
              metric: "time / busiest account-region's bound",
              value: seconds / busiest.boundSeconds,
              unit: '×',
              note: `${busiest.where} (${busiest.bucket}) made ${busiest.calls} calls: ≥ ${busiest.boundSeconds.toFixed(1)} s at ${rate} req/s`,
            },
          ]
        : [];
    return [
      { benchmark, metric: 'time to complete scan', value: seconds, unit: 's', target: targets.scanSeconds },
      { benchmark, metric: 'throughput', value: expected / seconds, unit: 'fn/s' },
      ...againstBound,
      { benchmark, metric: 'AWS requests per function', value: requests.total / expected, unit: 'req', target: targets.requestsPerFunction },
      { benchmark, metric: 'AWS requests per account-region', value: requests.total / accountRegions(requests), unit: 'req' },
      { benchmark, metric: 'bulk requests (pages)', value: sumOf(requests, BULK_OPERATIONS), unit: 'req' },
      { benchmark, metric: 'per-function AWS calls', value: sumOf(requests, PER_FUNCTION_OPERATIONS), unit: 'req', target: targets.perFunctionCalls },
      { benchmark, metric: 'calls throttled by AWS (any service)', value: requests.throttled, unit: 'req' },
      { benchmark, metric: 'peak RSS growth', value: memory.peakRssGrowthMb, unit: 'MB', target: targets.peakRssGrowthMb },
      { benchmark, metric: 'peak heap growth', value: memory.peakHeapGrowthMb, unit: 'MB', target: targets.peakHeapGrowthMb },
      { benchmark, metric: 'heap retained after scan', value: memory.retainedHeapMb, unit: 'MB', target: targets.retainedHeapMb },
    ];
  } finally {
    gateway.destroy();
  }
}

/**
 * The shortest time the rate allows the busiest account-region: per account-region and quota bucket
 * (Lambda's control plane, the Tagging API, each other service), the calls beyond the first second's
 * burst at `rate`; the scan can be no faster than its busiest bucket.
 */
function busiestAccountRegion(requests: RequestCounts, rate: number): { where: string; bucket: string; calls: number; boundSeconds: number } {
  const buckets = new Map<string, number>();
  for (const row of requests.rows) {
    const bucket = row.operation === 'GetResources' ? 'tagging' : row.operation.includes(':') ? row.operation.split(':')[0] : 'control';
    const key = `${row.accountId}/${row.region}|${bucket}`;
    buckets.set(key, (buckets.get(key) ?? 0) + row.count);
  }
  let busiest = { where: '-', bucket: '-', calls: 0, boundSeconds: 0 };
  for (const [key, calls] of buckets) {
    if (calls <= busiest.calls) continue;
    const [where, bucket] = key.split('|');
    busiest = { where, bucket, calls, boundSeconds: Math.max(calls - rate, 0) / rate };
  }
  return busiest;
}

function accountRegions(requests: RequestCounts): number {
  return Math.max(1, new Set(requests.rows.map(row => `${row.accountId}/${row.region}`)).size);
}
