// The backend entry: `backend.add(import('@serverless-tracing/backstage-plugin/backend'))`.
export { serverlessTracingPlugin as default } from './plugin';
export type { ServerlessTracingSettings } from './config';
export { lambdaGatewayServiceRef, ownershipServiceRef, serverlessTracingSettingsServiceRef } from './services';
export type { LambdaGateway, AccountRegion, CallOptions } from './aws/types';
export { AwsCallError, type AwsErrorKind } from './aws/types';
export type { Ownership } from './ownership';
export { LAMBDA_FUNCTIONS_ANNOTATION, ROADIE_FUNCTION_NAME_ANNOTATION, ROADIE_REGION_ANNOTATION } from './ownership';
