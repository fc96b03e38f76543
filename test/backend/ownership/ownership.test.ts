import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createCatalogIndex, createOwnership } from '../../../src/backend/ownership';

function entity(kind: string, name: string, annotations: Record<string, string>): Entity {
  return { apiVersion: 'backstage.io/v1alpha1', kind, metadata: { name, namespace: 'default', annotations }, spec: {} };
}

const entities = [
  entity('Component', 'payments', { 'serverless-tracing.io/lambda-functions': 'payments-*' }),
  entity('Component', 'ledger', { 'serverless-tracing.io/lambda-functions': 'arn:aws:lambda:us-east-1:111111111111:function:payments-ledger' }),
  entity('Component', 'checkout', { 'aws.com/lambda-function-name': 'checkout-api', 'aws.com/lambda-region': 'eu-west-1' }),
  entity('Component', 'unrelated', {}),
];

const fn = (name: string, tags: Record<string, string> = {}, region = 'us-east-1') => ({
  FunctionName: name,
  FunctionArn: `arn:aws:lambda:${region}:111111111111:function:${name}`,
  Tags: tags,
});

function ownershipOver(catalog = catalogServiceMock({ entities }), logger = mockServices.logger.mock()) {
  const index = createCatalogIndex({ catalog, auth: mockServices.auth(), logger });
  return { ownership: createOwnership({ index, ownerTag: 'team' }), catalog, logger };
}

describe('ownerOf', () => {
  it('is the entity whose annotation names the function by pattern', async () => {
    expect(await ownershipOver().ownership.ownerOf(fn('payments-api'))).toBe('component:default/payments');
  });

  it('prefers the entity naming the exact ARN over a matching pattern', async () => {
    expect(await ownershipOver().ownership.ownerOf(fn('payments-ledger'))).toBe('component:default/ledger');
  });

  it('recognises the Roadie annotations', async () => {
    expect(await ownershipOver().ownership.ownerOf(fn('checkout-api', {}, 'eu-west-1'))).toBe('component:default/checkout');
  });

  it('falls back to the owner tag when no entity claims the function', async () => {
    expect(await ownershipOver().ownership.ownerOf(fn('reports', { team: 'analytics' }))).toBe('analytics');
  });

  it('is null with neither a claiming entity nor an owner tag', async () => {
    expect(await ownershipOver().ownership.ownerOf(fn('reports'))).toBeNull();
  });

  it('asks the catalog once for many functions', async () => {
    const catalog = catalogServiceMock.mock({ getEntities: vi.fn(async () => ({ items: entities })) });
    const { ownership } = ownershipOver(catalog as any);
    await Promise.all(['payments-a', 'payments-b', 'reports'].map(name => ownership.ownerOf(fn(name))));
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
  });

  it('falls back to tags and warns once when the catalog is unreachable', async () => {
    const catalog = catalogServiceMock.mock({ getEntities: vi.fn(async () => Promise.reject(new Error('ECONNREFUSED'))) });
    const { ownership, logger } = ownershipOver(catalog as any);
    expect(await ownership.ownerOf(fn('payments-api', { team: 'payments-core' }))).toBe('payments-core');
    expect(await ownership.ownerOf(fn('payments-web', { team: 'payments-core' }))).toBe('payments-core');
    expect(logger.warn).toHaveBeenCalledTimes(1);
  });
});

describe('selectorFor', () => {
  it('gives the functions an entity claims', async () => {
    expect(await ownershipOver().ownership.selectorFor('component:default/payments')).toEqual({ arns: [], namePatterns: ['payments-*'] });
  });

  it('gives an empty selector for an entity without the annotations', async () => {
    expect(await ownershipOver().ownership.selectorFor('component:default/unrelated')).toEqual({ arns: [], namePatterns: [] });
  });

  it('refuses an entity the catalog does not have', async () => {
    await expect(ownershipOver().ownership.selectorFor('component:default/ghost')).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('refuses something that is not an entity reference', async () => {
    await expect(ownershipOver().ownership.selectorFor('component:')).rejects.toMatchObject({ name: 'InputError' });
  });

  it('answers InputError (the caller\'s mistake) when the catalog rejects the reference', async () => {
    const catalog = catalogServiceMock({ entities });
    catalog.getEntityByRef = vi.fn(async () => {
      throw Object.assign(new Error('Request failed with 400 Bad Request'), { name: 'ResponseError', statusCode: 400 });
    }) as never;
    await expect(ownershipOver(catalog).ownership.selectorFor('component:default/bad..name')).rejects.toMatchObject({ name: 'InputError' });
  });

  it('answers ServiceUnavailableError when the catalog cannot be reached', async () => {
    const catalog = catalogServiceMock({ entities });
    catalog.getEntityByRef = vi.fn(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }) as never;
    await expect(ownershipOver(catalog).ownership.selectorFor('component:default/elsewhere')).rejects.toMatchObject({ name: 'ServiceUnavailableError' });
  });
});
