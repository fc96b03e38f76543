// The AWS boundary: the only part of the plugin that imports @aws-sdk.
export { createLambdaGateway, type LambdaGatewayOptions } from './gateway';
export { readTargets, DEFAULT_RATE_LIMIT, type GatewaySettings, type RateLimit } from './targets';
export { AwsCallError, type AccountRegion, type AwsErrorKind, type CallOptions, type LambdaGateway } from './types';
