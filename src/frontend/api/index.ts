export { serverlessTracingApiRef } from './ServerlessTracingApi';
export type { ServerlessTracingApi } from './ServerlessTracingApi';
export { ServerlessTracingClient } from './ServerlessTracingClient';
export { ServerlessTracingApiError } from './ServerlessTracingApiError';
