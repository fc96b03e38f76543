import {
  GetFunctionCommand,
  GetFunctionConfigurationCommand,
  GetLayerVersionByArnCommand,
  GetPolicyCommand,
  ListEventSourceMappingsCommand,
  ListTagsCommand,
  ResourceNotFoundException,
  TagResourceCommand,
  paginateListEventSourceMappings,
} from '@aws-sdk/client-lambda';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import type { StoredFunction } from '../../dev/sandbox/state';
import { PAYMENTS, lambdaClient } from './clients';

describe('reading functions, policies, tags and event sources', () => {
  let sandbox: Sandbox;
  let sample: StoredFunction;
  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0 });
    sample = sandbox.state.functions(PAYMENTS, 'us-east-1').find(fn => Object.keys(fn.tags).length > 0)!;
  });
  afterAll(() => sandbox.close());

  const client = () => lambdaClient(sandbox);
  const name = () => sample.config.FunctionName!;
  const arn = () => sample.config.FunctionArn!;

  it.each([
    ['name', () => name()],
    ['full ARN', () => arn()],
    ['partial ARN', () => `${PAYMENTS}:function:${name()}`],
    ['ARN with $LATEST', () => `${arn()}:$LATEST`],
  ])('GetFunction finds a function by its %s', async (_label, reference) => {
    const result = await client().send(new GetFunctionCommand({ FunctionName: reference() }));

    expect(result.Configuration?.FunctionArn).toBe(arn());
    expect(result.Configuration?.LastUpdateStatus).toBe('Successful');
    expect(result.Tags).toEqual(sample.tags);
    expect(result.Code?.RepositoryType).toBeTruthy();
  });

  it.each([
    ['name', () => name()],
    ['full ARN', () => arn()],
  ])('GetFunctionConfiguration finds a function by its %s', async (_label, reference) => {
    const config = await client().send(new GetFunctionConfigurationCommand({ FunctionName: reference() }));

    expect(config.FunctionName).toBe(name());
    expect(config.RevisionId).toBe(sample.config.RevisionId);
    expect(config.Environment).toEqual(sample.config.Environment);
  });

  it('answers ResourceNotFoundException for a function that does not exist', async () => {
    await expect(client().send(new GetFunctionCommand({ FunctionName: 'no-such-function' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('does not reveal another account’s function by ARN', async () => {
    const foreign = sandbox.state.functions('222222222222', 'us-east-1')[0].config.FunctionArn!;

    await expect(client().send(new GetFunctionCommand({ FunctionName: foreign }))).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('GetPolicy returns a resource policy naming each invoking service', async () => {
    const invoked = sandbox.state.functions(PAYMENTS, 'us-east-1').find(fn => fn.policyPrincipals.length > 0)!;

    const { Policy } = await client().send(new GetPolicyCommand({ FunctionName: invoked.config.FunctionName }));

    const principals = JSON.parse(Policy!).Statement.map((statement: any) => statement.Principal.Service);
    expect(principals).toEqual(invoked.policyPrincipals);
  });

  it('GetPolicy answers ResourceNotFoundException for a function without a policy', async () => {
    const unpoliced = sandbox.state.functions(PAYMENTS, 'us-east-1').find(fn => fn.policyPrincipals.length === 0)!;

    await expect(client().send(new GetPolicyCommand({ FunctionName: unpoliced.config.FunctionName }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('ListEventSourceMappings returns every mapping of the account-region across pages', async () => {
    const expected = sandbox.state.eventSourceMappings(PAYMENTS, 'us-east-1').map(mapping => mapping.UUID);
    expect(expected.length).toBeGreaterThan(3);

    const uuids: string[] = [];
    for await (const page of paginateListEventSourceMappings({ client: client(), pageSize: 3 }, {})) {
      uuids.push(...page.EventSourceMappings!.map(mapping => mapping.UUID!));
    }

    expect(uuids).toEqual(expected);
  });

  it('ListEventSourceMappings filtered by FunctionName returns only that function’s mappings', async () => {
    const mapping = sandbox.state.eventSourceMappings(PAYMENTS, 'us-east-1')[0];

    const result = await client().send(new ListEventSourceMappingsCommand({ FunctionName: mapping.FunctionArn }));

    expect(result.EventSourceMappings!.length).toBeGreaterThan(0);
    expect(result.EventSourceMappings!.every(found => found.FunctionArn === mapping.FunctionArn)).toBe(true);
    expect(result.EventSourceMappings![0].EventSourceArn).toMatch(/^arn:aws:(sqs|kinesis):/);
  });

  it('ListTags returns the function’s tags', async () => {
    const { Tags } = await client().send(new ListTagsCommand({ Resource: arn() }));

    expect(Tags).toEqual(sample.tags);
  });

  it('TagResource adds tags that ListTags then reports', async () => {
    await client().send(new TagResourceCommand({ Resource: arn(), Tags: { 'tracing-reviewed': 'yes' } }));

    const { Tags } = await client().send(new ListTagsCommand({ Resource: arn() }));
    expect(Tags).toMatchObject({ 'tracing-reviewed': 'yes' });
  });

  it('GetLayerVersionByArn describes a published Datadog layer and rejects a version that was never published', async () => {
    const published = 'arn:aws:lambda:us-east-1:464622532012:layer:Datadog-Extension:100';

    const layer = await client().send(new GetLayerVersionByArnCommand({ Arn: published }));
    expect(layer).toMatchObject({ LayerVersionArn: published, Version: 100 });
    await expect(client().send(new GetLayerVersionByArnCommand({ Arn: published.replace(/100$/, '101') }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });
});
