// Pages of function rows as the backend would send them: varied names, accounts, regions,
// runtimes, statuses and recommendations, so every column renders its real content.
import type { FunctionSummary } from '../../src/common/api';
import type { TracingStatus } from '../../src/common/model';
import { functionSummary } from '../../test/frontend/fixtures';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const RUNTIMES = [
  ['python3.12', 'python'],
  ['nodejs20.x', 'node'],
  ['java21', 'java'],
  ['dotnet8', 'dotnet'],
  ['ruby3.3', 'ruby'],
] as const;
const STATUSES: TracingStatus[] = ['untraced', 'xray', 'datadog', 'misconfigured', 'other'];

export function pageOfFunctions(size: number, page = 0, statusShift = 0): FunctionSummary[] {
  return Array.from({ length: size }, (_, i) => {
    const n = page * size + i;
    const [runtime, runtimeFamily] = RUNTIMES[n % RUNTIMES.length];
    const status = STATUSES[(n + statusShift) % STATUSES.length];
    const accountId = ACCOUNTS[n % ACCOUNTS.length];
    const region = REGIONS[Math.floor(n / 3) % REGIONS.length];
    return functionSummary({
      name: `orders-${String(n).padStart(5, '0')}-worker`,
      accountId,
      region,
      runtime,
      runtimeFamily,
      status,
      applicability: runtimeFamily === 'ruby' ? 'needs-code-change' : status === 'datadog' ? 'already-done' : 'one-click',
      iac: n % 4 === 0 ? 'cloudformation' : null,
      owner: n % 7 === 0 ? null : `component:default/orders-${n % 5}`,
    });
  });
}
