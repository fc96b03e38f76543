// Issue 9's acceptance: after ONE scan of the seed org, the table recommends exactly what each
// function's details recommend (which read the function and its resource policy afresh), for every
// function, with more than one solution present; and the scan makes no call per function.
import type { FunctionDetails, FunctionSummary } from '../../../src/common/api';
import { startSandbox } from '../../../dev/sandbox/server';
import { fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';
// GetPolicy is left out: the background pass after the scan reads policies (scanner.test.ts shows the scan reads none).
const PER_FUNCTION_OPERATIONS = ['GetFunction', 'GetFunctionConfiguration', 'ListTags'];

let sandbox: Sandbox;
let harness: PluginHarness;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
  harness = await startPlugin({ sandbox, config: { serverlessTracing: { rateLimit: { getPolicyPerSecond: 15 } } } });
});

afterAll(async () => {
  await harness?.stop();
  await sandbox?.close();
});

it('recommends in the table what the details recommend, for every seed function, after one scan', async () => {
  const scan = await scanned(harness.api);
  expect(scan).toMatchObject({ state: 'succeeded', functionCount: sandbox.org.functionCount });
  for (const operation of PER_FUNCTION_OPERATIONS) expect(sandbox.requestCount({ operation })).toBe(0);
  const { body } = await harness.api.get(`${BASE}/functions?limit=500`).expect(200);
  const table = body.items as FunctionSummary[];
  expect(table).toHaveLength(sandbox.org.functionCount);

  const differing: string[] = [];
  for (const row of table) {
    const details = (await harness.api.get(fnPath(row.arn)).expect(200)).body as FunctionDetails;
    if (details.solution !== row.solution || details.recommendation.solution !== row.solution) {
      differing.push(`${row.name}: table ${row.solution}, details ${details.recommendation.solution}`);
    }
  }

  expect(differing).toEqual([]);
  expect(new Set(table.map(row => row.solution)).size).toBeGreaterThan(1);
}, 120_000);
