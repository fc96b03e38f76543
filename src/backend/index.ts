// The backend entry: `backend.add(import('@serverless-tracing/backstage-plugin/backend'))`.
export { serverlessTracingPlugin as default } from './plugin';
export type { ServerlessTracingSettings } from './config';
export { LAMBDA_FUNCTIONS_ANNOTATION, ROADIE_FUNCTION_NAME_ANNOTATION, ROADIE_REGION_ANNOTATION } from './ownership';
