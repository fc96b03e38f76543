// Benchmark 2: what the page asks the inventory at 10,000 functions — the queries behind
// GET /functions (search, filters, sort, deep paging, facet counts, a page of 50) and GET /summary —
// first on the store directly, then end to end through the plugin's router.
import type { Api } from '../test/backend/helpers/harness';
import type { InventoryQuery, Stores } from '../src/backend/store/types';
import type { Measurement } from './lib/report';
import { timeRuns, type Distribution } from './lib/stats';

export const QUERY_TARGETS = {
  /** The page stays interactive: a filter click answers well within a tenth of a second. */
  storeP95Ms: 100,
  /** The same through HTTP, auth, validation and JSON: what the browser waits for. */
  httpP95Ms: 150,
};

/** 200 runs each, but at most ~3 s per query (then at least 20 runs), so the whole run stays within minutes. */
export const QUERY_BUDGET = { runs: 200, warmup: 5, maxMs: 3_000, minRuns: 20 };
const PAGE = 50;

/** The queries a person makes on the page, named as they would describe them. */
function pageQueries(busiestOwner: string): Array<[string, InventoryQuery]> {
  return [
    ['first page, by name', { limit: PAGE, sort: 'name' }],
    ['search "pay"', { q: 'pay', limit: PAGE }],
    ['untraced python, one-click', { status: ['untraced'], runtime: ['python'], applicability: ['one-click'], limit: PAGE }],
    ['one account, newest first', { account: ['111111111111'], sort: '-lastModified', limit: PAGE }],
    ['one owner, by status', { owner: [busiestOwner], sort: 'status', limit: PAGE }],
    ['deep page (offset 5000)', { offset: 5000, limit: PAGE, sort: 'name' }],
    ['entity tab (name pattern)', { namePatterns: ['payments-*'], limit: PAGE }],
  ];
}

function latency(benchmark: string, metric: string, d: Distribution, target: number): Measurement {
  return {
    benchmark,
    metric: `${metric} p95`,
    value: d.p95,
    unit: 'ms',
    target,
    note: `p50 ${d.p50.toFixed(1)} ms, max ${d.max.toFixed(1)} ms over ${d.runs} runs`,
  };
}

export async function benchmarkStoreQueries(stores: Stores, label: string): Promise<Measurement[]> {
  const everything = await stores.inventory.query({ limit: 1 });
  const busiestOwner = everything.facets.owner[0]?.value;
  if (!busiestOwner) throw new Error('The inventory has no owners: the scan did not resolve ownership, so the owner filter cannot be measured.');
  const benchmark = `inventory queries, ${everything.total} fns (${label})`;
  const results: Measurement[] = [];
  for (const [name, query] of pageQueries(busiestOwner)) {
    const d = await timeRuns(() => stores.inventory.query(query), QUERY_BUDGET);
    results.push(latency(benchmark, `store ${name} + facets`, d, QUERY_TARGETS.storeP95Ms));
  }
  results.push(latency(benchmark, 'store summary (coverage)', await timeRuns(() => stores.inventory.summary(), QUERY_BUDGET), QUERY_TARGETS.storeP95Ms));
  return results;
}

export async function benchmarkHttpQueries(api: Api, label: string): Promise<Measurement[]> {
  const base = '/api/serverless-tracing';
  const benchmark = `inventory over HTTP (${label})`;
  const get = (path: string) => async () => {
    const response = await api.get(`${base}${path}`);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  };
  return [
    latency(benchmark, 'GET /functions?limit=50', await timeRuns(get(`/functions?limit=${PAGE}`), QUERY_BUDGET), QUERY_TARGETS.httpP95Ms),
    latency(
      benchmark,
      'GET /functions?q=pay&status=untraced',
      await timeRuns(get(`/functions?q=pay&status=untraced&limit=${PAGE}&sort=-lastModified`), QUERY_BUDGET),
      QUERY_TARGETS.httpP95Ms,
    ),
    latency(benchmark, 'GET /summary', await timeRuns(get('/summary'), QUERY_BUDGET), QUERY_TARGETS.httpP95Ms),
  ];
}
