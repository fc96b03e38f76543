import { ListTagsCommand } from '@aws-sdk/client-lambda';
import { GetResourcesCommand, paginateGetResources, type ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { DATA_PLATFORM, PAYMENTS, lambdaClient, taggingClient } from './clients';

describe('Resource Groups Tagging API GetResources', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ quotaPerSecond: 0 });
  });
  afterAll(() => sandbox.close());

  async function allResources(options: { accountId?: string; region?: string; perPage?: number } = {}): Promise<ResourceTagMapping[]> {
    const found: ResourceTagMapping[] = [];
    const client = taggingClient(sandbox, options);
    const pages = paginateGetResources({ client }, { ResourceTypeFilters: ['lambda:function'], ResourcesPerPage: options.perPage });
    for await (const page of pages) found.push(...(page.ResourceTagMappingList ?? []));
    return found;
  }

  const taggedIn = (accountId: string, region: string) =>
    sandbox.state.functions(accountId, region).filter(fn => Object.keys(fn.tags).length > 0);

  it('pages through every tagged function of the account-region exactly once', async () => {
    const expected = taggedIn(PAYMENTS, 'us-east-1').map(fn => fn.config.FunctionArn);

    const arns = (await allResources({ perPage: 10 })).map(mapping => mapping.ResourceARN);

    expect(arns).toHaveLength(expected.length);
    expect(new Set(arns)).toEqual(new Set(expected));
  });

  it('returns the same tags by ARN as ListTags does', async () => {
    const [first] = await allResources();

    const { Tags } = await lambdaClient(sandbox).send(new ListTagsCommand({ Resource: first.ResourceARN }));

    expect(Object.fromEntries(first.Tags!.map(tag => [tag.Key, tag.Value]))).toEqual(Tags);
  });

  it('leaves out functions without tags, as AWS does', async () => {
    const untagged = sandbox.state.functions(PAYMENTS, 'us-east-1').filter(fn => Object.keys(fn.tags).length === 0);
    expect(untagged.length).toBeGreaterThan(0);

    const arns = new Set((await allResources()).map(mapping => mapping.ResourceARN));

    expect(untagged.some(fn => arns.has(fn.config.FunctionArn))).toBe(false);
  });

  it('answers for the caller’s account and region only', async () => {
    const arns = (await allResources({ accountId: DATA_PLATFORM, region: 'eu-central-1' })).map(mapping => mapping.ResourceARN!);

    expect(arns.length).toBe(taggedIn(DATA_PLATFORM, 'eu-central-1').length);
    expect(arns.every(arn => arn.startsWith(`arn:aws:lambda:eu-central-1:${DATA_PLATFORM}:function:`))).toBe(true);
  });

  it('filters by tag key and value', async () => {
    const result = await taggingClient(sandbox).send(
      new GetResourcesCommand({ ResourceTypeFilters: ['lambda:function'], TagFilters: [{ Key: 'lambda:createdBy', Values: ['SAM'] }] }),
    );

    expect(result.ResourceTagMappingList!.length).toBeGreaterThan(0);
    for (const mapping of result.ResourceTagMappingList!) expect(mapping.Tags).toContainEqual({ Key: 'lambda:createdBy', Value: 'SAM' });
  });

  it('finds nothing for resource types other than Lambda functions', async () => {
    const result = await taggingClient(sandbox).send(new GetResourcesCommand({ ResourceTypeFilters: ['s3:bucket'] }));

    expect(result.ResourceTagMappingList).toEqual([]);
  });

  it('rejects a page size above 100 with InvalidParameterException', async () => {
    await expect(taggingClient(sandbox).send(new GetResourcesCommand({ ResourcesPerPage: 101 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
