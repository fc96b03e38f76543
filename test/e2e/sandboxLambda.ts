// Reads a function straight from the Lambda sandbox with the real AWS SDK, bypassing the plugin:
// what the function really looks like, not what the plugin says about it.
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';

export const SANDBOX_URL = 'http://localhost:4599';

/** The parts of a function's configuration that enabling and rollback may touch. */
export interface TracedParts {
  handler: string | undefined;
  layers: string[];
  environment: Record<string, string>;
  tracingMode: string | undefined;
  runtime: string | undefined;
}

export async function readTracedParts(functionArn: string): Promise<TracedParts> {
  // arn:<partition>:lambda:<region>:<account>:function:<name>
  const [, , , region, accountId] = functionArn.split(':');
  const client = new LambdaClient({
    endpoint: SANDBOX_URL,
    region,
    credentials: { accessKeyId: `AKIASANDBOX${accountId}`, secretAccessKey: `sandbox-secret-${accountId}` },
  });
  try {
    const config = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    return {
      handler: config.Handler,
      layers: (config.Layers ?? []).map(layer => layer.Arn ?? ''),
      environment: config.Environment?.Variables ?? {},
      tracingMode: config.TracingConfig?.Mode,
      runtime: config.Runtime,
    };
  } finally {
    client.destroy();
  }
}

/** Name of a layer ARN without account, region and version: "Datadog-Python312-ARM". */
export function layerName(layerArn: string): string {
  return layerArn.split(':')[6] ?? layerArn;
}
