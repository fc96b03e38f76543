import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ServerlessTracingClient, serverlessTracingApiRef } from './api';
import { rootRouteRef } from './routes';

export const serverlessTracingPlugin = createPlugin({
  id: 'serverless-tracing',
  apis: [
    createApiFactory({
      api: serverlessTracingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ServerlessTracingClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/** The organisation-wide page: coverage, scan status and the function inventory. */
export const ServerlessTracingPage = serverlessTracingPlugin.provide(
  createRoutableExtension({
    name: 'ServerlessTracingPage',
    component: () => import('./components/TracingPage').then(m => m.TracingPage),
    mountPoint: rootRouteRef,
  }),
);

/** The entity tab: the same table scoped to one catalog entity's functions. */
export const EntityServerlessTracingContent = serverlessTracingPlugin.provide(
  createComponentExtension({
    name: 'EntityServerlessTracingContent',
    component: { lazy: () => import('./components/EntityTracingContent').then(m => m.EntityTracingContent) },
  }),
);

/** The compact overview card: coverage of the entity's functions. */
export const EntityServerlessTracingCard = serverlessTracingPlugin.provide(
  createComponentExtension({
    name: 'EntityServerlessTracingCard',
    component: { lazy: () => import('./components/EntityTracingCard').then(m => m.EntityTracingCard) },
  }),
);
