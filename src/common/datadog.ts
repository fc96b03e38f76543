// The Datadog wiring on a function: handlers, exec wrapper and the variables the plugin writes.
import type { RuntimeFamily } from './model';
import { FAMILIES } from './runtimes';

export const DATADOG_EXEC_WRAPPER = '/opt/datadog_wrapper';

/** Where a redirected handler points in this family (the runtime table says); what we write. */
export function datadogHandlerFor(family: RuntimeFamily): string | undefined {
  return FAMILIES[family].datadogHandlers[0];
}

/** True for any Datadog redirect handler, whatever the family. */
export function isDatadogHandler(handler: string | undefined): boolean {
  return Boolean(handler) && Object.values(FAMILIES).some(family => family.datadogHandlers.includes(handler!));
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

/** The merge flag Datadog's library reads in this family (the runtime table says; Ruby has its own name). */
export function mergeFlagFor(family: RuntimeFamily): string {
  return FAMILIES[family].mergeFlag ?? ENV.mergeXray;
}

export function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === 'true';
}
