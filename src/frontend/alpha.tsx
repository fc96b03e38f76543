// The plugin for Backstage's new frontend system: `import plugin from '<pkg>/alpha'` and add it to the app.
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ServerlessTracingClient, serverlessTracingApiRef } from './api';
import { ServerlessTracingIcon } from './icon';

// The new system has its own route refs; the components use no routing, so none needs converting.
const rootRouteRef = createRouteRef();

/** Shows the entity tab and card only on entities that can own Lambda functions (an entity predicate). */
const ENTITY_FILTER = { kind: { $in: ['component', 'resource', 'system'] } };

const serverlessTracingApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serverlessTracingApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) => new ServerlessTracingClient({ discoveryApi, fetchApi }),
    }),
});

const serverlessTracingPage = PageBlueprint.make({
  params: {
    path: '/serverless-tracing',
    title: 'Serverless tracing',
    icon: <ServerlessTracingIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/TracingPage').then(m => <m.TracingPage />),
  },
});

const serverlessTracingEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'serverless-tracing',
    title: 'Serverless tracing',
    filter: ENTITY_FILTER,
    loader: () => import('./components/EntityTracingContent').then(m => <m.EntityTracingContent />),
  },
});

const serverlessTracingEntityCard = EntityCardBlueprint.make({
  params: {
    filter: ENTITY_FILTER,
    loader: () => import('./components/EntityTracingCard').then(m => <m.EntityTracingCard />),
  },
});

export default createFrontendPlugin({
  pluginId: 'serverless-tracing',
  title: 'Serverless tracing',
  routes: { root: rootRouteRef },
  extensions: [serverlessTracingApi, serverlessTracingPage, serverlessTracingEntityContent, serverlessTracingEntityCard],
});
