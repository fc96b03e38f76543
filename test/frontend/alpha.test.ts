// The plugin for Backstage's new frontend system loads and declares its extensions.
import plugin from '../../src/frontend/alpha';

describe('the new-frontend-system plugin (./alpha)', () => {
  it('is registered under the backend plugin id', () => {
    expect(plugin.id).toBe('serverless-tracing');
  });

  it('provides the API, the page, the entity tab and the entity card', () => {
    const ids = (plugin as unknown as { extensions: Array<{ id: string }> }).extensions.map(e => e.id).sort();
    expect(ids).toEqual([
      'api:serverless-tracing',
      'entity-card:serverless-tracing',
      'entity-content:serverless-tracing',
      'page:serverless-tracing',
    ]);
  });
});
