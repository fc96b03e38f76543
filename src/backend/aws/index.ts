// The AWS boundary: the only part of the plugin that imports @aws-sdk.
export { createLambdaGateway, type LambdaGatewayOptions } from './gateway';
export { readGatewaySettings, readTargets, type GatewaySettings } from './targets';
export { AwsCallError, type AccountRegion, type AwsErrorKind, type LambdaGateway } from './types';
