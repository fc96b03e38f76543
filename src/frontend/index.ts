// The frontend plugin (legacy frontend system). The new frontend system's plugin is in ./alpha.
export {
  serverlessTracingPlugin,
  ServerlessTracingPage,
  EntityServerlessTracingContent,
  EntityServerlessTracingCard,
} from './plugin';
export { serverlessTracingApiRef, ServerlessTracingClient, ServerlessTracingApiError } from './api';
export type { ServerlessTracingApi } from './api';
export { rootRouteRef } from './routes';
export { ServerlessTracingIcon } from './icon';
