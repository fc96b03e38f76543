import {
  EntityServerlessTracingCard,
  EntityServerlessTracingContent,
  ServerlessTracingClient,
  ServerlessTracingPage,
  serverlessTracingApiRef,
  serverlessTracingPlugin,
} from '../../src/frontend';

describe('serverlessTracingPlugin', () => {
  it('is registered under the backend plugin id', () => {
    expect(serverlessTracingPlugin.getId()).toBe('serverless-tracing');
  });

  it('provides the API client built on discovery and fetch', () => {
    const factory = [...serverlessTracingPlugin.getApis()].find(f => f.api.id === serverlessTracingApiRef.id)!;
    expect(Object.keys(factory.deps).sort()).toEqual(['discoveryApi', 'fetchApi']);
    const client = factory.factory({ discoveryApi: { getBaseUrl: async () => '' }, fetchApi: { fetch } });
    expect(client).toBeInstanceOf(ServerlessTracingClient);
  });

  it('exports the page, the entity tab and the entity card as extensions', () => {
    for (const extension of [ServerlessTracingPage, EntityServerlessTracingContent, EntityServerlessTracingCard]) {
      expect(typeof extension).toBe('function');
    }
  });
});
