// Shared builders for the domain tests: functions as ListFunctions returns them, and settings.
import type { DatadogSettings, EnablementRequest, FunctionConfig, Solution } from '../../src/common';
import { DEFAULT_LAYER_VERSIONS } from '../../src/common';

export const ACCOUNT = '123456789012';
export const DD = '464622532012';
export const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:datadog-api-key-AbCdEf';

export function lambda(overrides: Partial<FunctionConfig> & { region?: string } = {}): FunctionConfig {
  const { region = 'eu-west-1', ...rest } = overrides;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return {
    FunctionName: 'orders',
    FunctionArn: `arn:${partition}:lambda:${region}:${ACCOUNT}:function:orders`,
    Runtime: 'python3.12',
    Handler: 'app.handler',
    Architectures: ['x86_64'],
    PackageType: 'Zip',
    Layers: [],
    Environment: { Variables: {} },
    TracingConfig: { Mode: 'PassThrough' },
    RevisionId: 'rev-1',
    ...rest,
  };
}

export function settings(overrides: Partial<DatadogSettings> = {}): DatadogSettings {
  return { site: 'datadoghq.eu', apiKeySecretArn: SECRET_ARN, layerVersions: { ...DEFAULT_LAYER_VERSIONS }, ...overrides };
}

/**
 * The day the common tests decide on: every runtime the table once marked deprecated by hand is past
 * AWS's block-update date, and no other runtime has reached even its deprecation date.
 */
export const AS_OF = '2026-10-01';

export function request(solution: Solution = 'dd-trace', overrides: Partial<DatadogSettings> = {}): EnablementRequest {
  return { solution, datadog: settings(overrides), today: AS_OF };
}

export const layer = (name: string, version: number, region = 'eu-west-1', account = DD, partition = 'aws') =>
  `arn:${partition}:lambda:${region}:${account}:layer:${name}:${version}`;

export const layers = (...arns: string[]) => arns.map(Arn => ({ Arn }));

/** A python3.12 x86 function traced exactly as the plugin enables it. */
export function tracedPython(overrides: Partial<FunctionConfig> = {}): FunctionConfig {
  return lambda({
    Handler: 'datadog_lambda.handler.handler',
    Layers: layers(layer('Datadog-Python312', 128), layer('Datadog-Extension', 100)),
    Environment: {
      Variables: {
        DD_LAMBDA_HANDLER: 'app.handler',
        DD_API_KEY_SECRET_ARN: SECRET_ARN,
        DD_SITE: 'datadoghq.eu',
        DD_TRACE_ENABLED: 'true',
        DD_SERVERLESS_LOGS_ENABLED: 'true',
        DD_CAPTURE_LAMBDA_PAYLOAD: 'false',
      },
    },
    ...overrides,
  });
}
