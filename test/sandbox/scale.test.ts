import { paginateListFunctions } from '@aws-sdk/client-lambda';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { PAYMENTS, lambdaClient } from './clients';

describe('a 10,000-function organisation', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: { functionCount: 10_000 }, quotaPerSecond: 0 });
  });
  afterAll(() => sandbox.close());

  it('holds every function', () => {
    expect(sandbox.org.functionCount).toBe(10_000);
    expect(sandbox.state.allFunctions()).toHaveLength(10_000);
  });

  it('lists its largest account-region page by page, each function once, 50 per page', async () => {
    const expected = sandbox.state.functions(PAYMENTS, 'us-east-1').length;
    const seen = new Set<string>();

    for await (const page of paginateListFunctions({ client: lambdaClient(sandbox) }, {})) {
      for (const fn of page.Functions!) seen.add(fn.FunctionArn!);
    }

    expect(seen.size).toBe(expected);
    expect(sandbox.requestCount({ operation: 'ListFunctions', accountId: PAYMENTS, region: 'us-east-1' })).toBe(Math.ceil(expected / 50));
  });
});
