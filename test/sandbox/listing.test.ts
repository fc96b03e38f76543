import { LambdaClient, ListFunctionsCommand, paginateListFunctions, type FunctionConfiguration } from '@aws-sdk/client-lambda';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { DATA_PLATFORM, PAYMENTS, lambdaClient } from './clients';

async function listAll(client: LambdaClient, pageSize?: number): Promise<{ functions: FunctionConfiguration[]; pages: number }> {
  const functions: FunctionConfiguration[] = [];
  let pages = 0;
  for await (const page of paginateListFunctions({ client, pageSize }, {})) {
    functions.push(...(page.Functions ?? []));
    pages++;
  }
  return { functions, pages };
}

describe('ListFunctions', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0 });
  });
  afterAll(() => sandbox.close());

  const seededIn = (accountId: string, region: string) => sandbox.state.functions(accountId, region).map(fn => fn.config.FunctionArn);

  it('pages through more than 50 functions returning each exactly once', async () => {
    const expected = seededIn(PAYMENTS, 'us-east-1');
    expect(expected.length).toBeGreaterThan(50);

    const { functions } = await listAll(lambdaClient(sandbox));

    const arns = functions.map(fn => fn.FunctionArn);
    expect(new Set(arns).size).toBe(arns.length);
    expect([...arns].sort()).toEqual([...expected].sort());
  });

  it('returns at most 50 functions per page even when asked for more', async () => {
    const page = await lambdaClient(sandbox).send(new ListFunctionsCommand({ MaxItems: 500 }));

    expect(page.Functions).toHaveLength(50);
    expect(page.NextMarker).toBeTruthy();
  });

  it('honours a MaxItems below 50', async () => {
    const { functions, pages } = await listAll(lambdaClient(sandbox), 7);

    expect(pages).toBe(Math.ceil(functions.length / 7));
  });

  it('leaves out the state fields, as AWS does (only GetFunction reports them)', async () => {
    const page = await lambdaClient(sandbox).send(new ListFunctionsCommand({ MaxItems: 5 }));

    for (const fn of page.Functions!) {
      expect(fn.LastUpdateStatus).toBeUndefined();
      expect(fn.State).toBeUndefined();
      expect(fn.RevisionId).toBeTruthy();
    }
  });

  it('shows each account only its own functions, chosen by access key', async () => {
    const { functions } = await listAll(lambdaClient(sandbox, { accountId: DATA_PLATFORM }));

    expect(functions.length).toBe(seededIn(DATA_PLATFORM, 'us-east-1').length);
    expect(functions.every(fn => fn.FunctionArn!.includes(`:${DATA_PLATFORM}:function:`))).toBe(true);
  });

  it('shows each region only its own functions, chosen by the credential scope', async () => {
    const { functions } = await listAll(lambdaClient(sandbox, { region: 'eu-west-1' }));

    expect(functions.length).toBe(seededIn(PAYMENTS, 'eu-west-1').length);
    expect(functions.every(fn => fn.FunctionArn!.startsWith('arn:aws:lambda:eu-west-1:'))).toBe(true);
  });

  it('lists nothing in a region the account has no functions in', async () => {
    const { functions } = await listAll(lambdaClient(sandbox, { region: 'sa-east-1' }));

    expect(functions).toEqual([]);
  });

  it('rejects an unknown access key as AWS does', async () => {
    const stranger = new LambdaClient({
      endpoint: sandbox.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'nope' },
      maxAttempts: 1,
    });

    await expect(stranger.send(new ListFunctionsCommand({}))).rejects.toMatchObject({
      name: 'UnrecognizedClientException',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('rejects a marker it did not issue', async () => {
    await expect(lambdaClient(sandbox).send(new ListFunctionsCommand({ Marker: 'not-a-marker' }))).rejects.toMatchObject({
      name: 'InvalidParameterValueException',
    });
  });
});
