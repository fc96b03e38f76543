// The Datadog wiring on a function: handlers, exec wrapper and the variables the plugin writes.
import type { RuntimeFamily } from './model';

export const DATADOG_EXEC_WRAPPER = '/opt/datadog_wrapper';

/** Where a redirected handler points, per family; the first one is what we write. */
export const DATADOG_HANDLERS: Readonly<Partial<Record<RuntimeFamily, readonly string[]>>> = {
  python: ['datadog_lambda.handler.handler'],
  node: [
    '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler',
    'node_modules/datadog-lambda-js/dist/handler.handler',
  ],
};

export function datadogHandlerFor(family: RuntimeFamily): string | undefined {
  return DATADOG_HANDLERS[family]?.[0];
}

/** True for any Datadog redirect handler, whatever the family. */
export function isDatadogHandler(handler: string | undefined): boolean {
  return Boolean(handler) && Object.values(DATADOG_HANDLERS).some(list => list?.includes(handler!));
}

export const ENV = {
  apiKeySecretArn: 'DD_API_KEY_SECRET_ARN',
  kmsApiKey: 'DD_KMS_API_KEY',
  apiKey: 'DD_API_KEY',
  apiKeySsmName: 'DD_API_KEY_SSM_NAME',
  site: 'DD_SITE',
  env: 'DD_ENV',
  service: 'DD_SERVICE',
  version: 'DD_VERSION',
  lambdaHandler: 'DD_LAMBDA_HANDLER',
  traceEnabled: 'DD_TRACE_ENABLED',
  mergeXray: 'DD_MERGE_XRAY_TRACES',
  mergeXrayRuby: 'DD_MERGE_DATADOG_XRAY_TRACES',
  logsEnabled: 'DD_SERVERLESS_LOGS_ENABLED',
  capturePayload: 'DD_CAPTURE_LAMBDA_PAYLOAD',
  execWrapper: 'AWS_LAMBDA_EXEC_WRAPPER',
} as const;

/** Any of these gives the extension an API key. */
export const API_KEY_VARIABLES: readonly string[] = [ENV.apiKeySecretArn, ENV.kmsApiKey, ENV.apiKey, ENV.apiKeySsmName];

export function hasApiKeyVariable(variables: Record<string, string>): boolean {
  return API_KEY_VARIABLES.some(key => variables[key] !== undefined && variables[key] !== '');
}

/** The merge flag Datadog's library reads in this family (Ruby has its own name). */
export function mergeFlagFor(family: RuntimeFamily): string {
  return family === 'ruby' ? ENV.mergeXrayRuby : ENV.mergeXray;
}

export function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
