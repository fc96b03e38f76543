// A deploy by someone else, simulated: UpdateFunctionConfiguration through the real SDK, the way a
// CloudFormation stack or a CI pipeline would send it, for trying drift detection on the sandbox.
//   tsx dev/sandbox/deploy.ts <function-arn> [--endpoint http://127.0.0.1:4599]
// resets the function's handler, layers, environment and tracing mode to those given (by default:
// no layers, no DD_ variables, the handler in DD_LAMBDA_HANDLER, X-Ray off), as a deploy of a template
// without tracing would.
import { GetFunctionConfigurationCommand, LambdaClient, UpdateFunctionConfigurationCommand, type FunctionConfiguration } from '@aws-sdk/client-lambda';

export interface DeployedParts {
  Handler?: string;
  Layers?: string[];
  Environment?: { Variables: Record<string, string> };
  TracingConfig?: { Mode: 'Active' | 'PassThrough' };
}

function clientFor(endpoint: string, functionArn: string): LambdaClient {
  // arn:<partition>:lambda:<region>:<account>:function:<name>; the sandbox knows each account by its key.
  const [, , , region, accountId] = functionArn.split(':');
  return new LambdaClient({
    endpoint,
    region,
    credentials: { accessKeyId: `AKIASANDBOX${accountId}`, secretAccessKey: `sandbox-secret-${accountId}` },
    maxAttempts: 3,
  });
}

/** What a deploy of the function's template without tracing sends: the configuration before Datadog and X-Ray. */
export function withoutTracing(config: FunctionConfiguration): DeployedParts {
  const variables = Object.fromEntries(Object.entries(config.Environment?.Variables ?? {}).filter(([key]) => !key.startsWith('DD_') && key !== 'AWS_LAMBDA_EXEC_WRAPPER'));
  return {
    Handler: config.Environment?.Variables?.DD_LAMBDA_HANDLER ?? config.Handler,
    Layers: (config.Layers ?? []).map(layer => layer.Arn ?? '').filter(arn => !/:layer:Datadog-/.test(arn)),
    Environment: { Variables: variables },
    TracingConfig: { Mode: 'PassThrough' },
  };
}

/** Sends `parts` (or, by default, the configuration without tracing) as another deployer would; the function as AWS then reports it. */
export async function simulateDeploy(
  endpoint: string,
  functionArn: string,
  parts?: (current: FunctionConfiguration) => DeployedParts,
): Promise<FunctionConfiguration> {
  const client = clientFor(endpoint, functionArn);
  try {
    const current = await client.send(new GetFunctionConfigurationCommand({ FunctionName: functionArn }));
    return await client.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionArn, ...(parts ?? withoutTracing)(current) }));
  } finally {
    client.destroy();
  }
}

if (process.argv[1]?.endsWith('deploy.ts')) {
  const [arn, flag, value] = process.argv.slice(2);
  if (!arn?.includes(':function:')) {
    console.error('Usage: tsx dev/sandbox/deploy.ts <function-arn> [--endpoint http://127.0.0.1:4599]');
    process.exit(2);
  }
  const endpoint = flag === '--endpoint' && value ? value : 'http://127.0.0.1:4599';
  simulateDeploy(endpoint, arn).then(
    config => console.log(`Deployed ${config.FunctionName}: handler ${config.Handler}, ${config.Layers?.length ?? 0} layer(s), X-Ray ${config.TracingConfig?.Mode}.`),
    error => {
      console.error(`The deploy failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
