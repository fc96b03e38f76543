// The infrastructure-as-code way to the same result, per tool: a console-style change on an
// IaC-managed function is reverted by the next deploy.
import type { DatadogSettings, HowToStep, IacTool, RuntimeFamily, Solution } from './model';
import { DEFAULT_LAYER_VERSIONS } from './layers';

const LAYER_VERSION_KEYS: Partial<Record<RuntimeFamily, string>> = {
  python: 'pythonLayerVersion', node: 'nodeLayerVersion', java: 'javaLayerVersion', dotnet: 'dotnetLayerVersion', ruby: 'rubyLayerVersion',
};

function datadogOptions(family: RuntimeFamily, settings: DatadogSettings | undefined): Array<[string, string | number]> {
  const versions = settings?.layerVersions ?? DEFAULT_LAYER_VERSIONS;
  const key = LAYER_VERSION_KEYS[family];
  const library = key && family in versions ? [[key, versions[family as keyof typeof versions]] as [string, number]] : [];
  return [
    ...library,
    ['extensionLayerVersion', versions.extension],
    ['site', settings?.site ?? 'datadoghq.com'],
    ['apiKeySecretArn', settings?.apiKeySecretArn ?? '<ARN of the secret holding the Datadog API key>'],
  ];
}

function xraySteps(tool: IacTool): HowToStep[] {
  const snippets: Record<IacTool, HowToStep> = {
    cloudformation: { title: 'Set TracingConfig on the function', language: 'yaml', snippet: 'TracingConfig:\n  Mode: Active' },
    sam: { title: 'Set Tracing on the function (or in Globals)', language: 'yaml', snippet: 'Tracing: Active' },
    cdk: { title: 'Set tracing on the function', language: 'typescript', snippet: 'tracing: lambda.Tracing.ACTIVE,' },
    'serverless-framework': { title: 'Turn on tracing in serverless.yml', language: 'yaml', snippet: 'provider:\n  tracing:\n    lambda: true' },
    terraform: { title: 'Add tracing_config to aws_lambda_function', snippet: 'tracing_config {\n  mode = "Active"\n}' },
  };
  return [snippets[tool]];
}

/**
 * Where no Datadog layer applies — a container image, or a runtime without a Datadog library layer
 * (family 'other') — the layer-based macro, constructs and plugins cannot instrument the function:
 * Datadog goes into the image, and the template only carries the Datadog variables.
 */
function variablesOnlySteps(tool: IacTool, merge: boolean, settings: DatadogSettings | undefined): HowToStep[] {
  const variables: Array<[string, string]> = [
    ['DD_SITE', settings?.site ?? 'datadoghq.com'],
    ['DD_API_KEY_SECRET_ARN', settings?.apiKeySecretArn ?? '<ARN of the secret holding the Datadog API key>'],
    ['DD_TRACE_ENABLED', 'true'],
    ['DD_SERVERLESS_LOGS_ENABLED', 'true'],
    ...(merge ? ([['DD_MERGE_XRAY_TRACES', 'true']] as Array<[string, string]>) : []),
  ];
  const build: HowToStep = {
    title: 'Build the Datadog Extension and library into the function',
    detail: 'No Datadog layer applies to a container image (or to a runtime Datadog has no layer for), so the template adds none: for an image, use the Dockerfile lines above; otherwise move to a supported runtime first.',
  };
  const snippets: Record<IacTool, HowToStep> = {
    cloudformation: {
      title: 'Set the Datadog variables on the function in the template',
      language: 'yaml',
      snippet: `Environment:\n  Variables:\n${variables.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}${merge ? '\nTracingConfig:\n  Mode: Active' : ''}`,
    },
    sam: {
      title: 'Set the Datadog variables on the function (or in Globals)',
      language: 'yaml',
      snippet: `Environment:\n  Variables:\n${variables.map(([k, v]) => `    ${k}: "${v}"`).join('\n')}${merge ? '\nTracing: Active' : ''}`,
    },
    cdk: {
      title: 'Set the Datadog variables on the DockerImageFunction',
      language: 'typescript',
      snippet: `environment: {\n${variables.map(([k, v]) => `  ${k}: '${v}',`).join('\n')}\n},${merge ? '\ntracing: lambda.Tracing.ACTIVE,' : ''}`,
    },
    'serverless-framework': {
      title: 'Set the Datadog variables on the function in serverless.yml',
      language: 'yaml',
      snippet: `environment:\n${variables.map(([k, v]) => `  ${k}: "${v}"`).join('\n')}${merge ? '\n# and under provider: tracing: { lambda: true }' : ''}`,
    },
    terraform: {
      title: 'Set the Datadog variables on aws_lambda_function',
      snippet: `environment {\n  variables = {\n${variables.map(([k, v]) => `    ${k} = "${v}"`).join('\n')}\n  }\n}${merge ? '\ntracing_config {\n  mode = "Active"\n}' : ''}`,
    },
  };
  return [build, snippets[tool]];
}

export function iacSteps(tool: IacTool, solution: Solution, family: RuntimeFamily, settings?: DatadogSettings): HowToStep[] {
  if (solution === 'xray') return xraySteps(tool);
  const merge = solution === 'dd-trace-xray';
  // Container images reach here as family 'other' (they have no Runtime), as do runtimes without a Datadog layer.
  if (family === 'other') return variablesOnlySteps(tool, merge, settings);
  const options = datadogOptions(family, settings);
  const yaml = (indent: string) => options.map(([k, v]) => `${indent}${k}: ${v}`).join('\n');
  switch (tool) {
    case 'serverless-framework':
      return [
        { title: 'Install the plugin', language: 'shell', snippet: 'npm install --save-dev serverless-plugin-datadog' },
        {
          title: 'Configure serverless-plugin-datadog in serverless.yml',
          language: 'yaml',
          snippet: `plugins:\n  - serverless-plugin-datadog\ncustom:\n  datadog:\n    site: ${options.find(([k]) => k === 'site')![1]}\n    apiKeySecretArn: ${options.find(([k]) => k === 'apiKeySecretArn')![1]}\n    addExtension: true\n    enableDDTracing: true${merge ? '\n    enableXrayTracing: true' : ''}`,
        },
      ];
    case 'cdk':
      return [
        { title: 'Install datadog-cdk-constructs', language: 'shell', snippet: 'npm install datadog-cdk-constructs-v2' },
        {
          title: 'Add DatadogLambda to the stack and register the function',
          language: 'typescript',
          snippet: [
            "import { DatadogLambda } from 'datadog-cdk-constructs-v2';",
            '',
            "const datadog = new DatadogLambda(this, 'Datadog', {",
            ...options.map(([k, v]) => `  ${k}: ${typeof v === 'number' ? v : `'${v}'`},`),
            '});',
            'datadog.addLambdaFunctions([fn]);',
            ...(merge ? ['// and on the function: tracing: lambda.Tracing.ACTIVE, plus DD_MERGE_XRAY_TRACES=true'] : []),
          ].join('\n'),
        },
      ];
    case 'sam':
    case 'cloudformation':
      return [
        { title: 'Install the Datadog CloudFormation macro once per account and region', detail: 'See the datadog-cloudformation-macro project (stack name datadog-serverless-macro).' },
        {
          title: 'Add the DatadogServerless transform to the template',
          language: 'yaml',
          snippet: `Transform:\n${tool === 'sam' ? '  - AWS::Serverless-2016-10-31\n' : ''}  - Name: DatadogServerless\n    Parameters:\n      stackName: !Ref "AWS::StackName"\n${yaml('      ')}${merge ? '\n      enableXrayTracing: true' : ''}`,
        },
      ];
    case 'terraform':
      return [
        {
          title: 'Use the lambda-datadog module for the function',
          detail: 'It wraps aws_lambda_function and adds the layers, handler and variables.',
          snippet: [
            'module "lambda_datadog" {',
            '  source = "DataDog/lambda-datadog/aws"',
            '  environment_variables = {',
            `    DD_SITE               = "${options.find(([k]) => k === 'site')![1]}"`,
            `    DD_API_KEY_SECRET_ARN = "${options.find(([k]) => k === 'apiKeySecretArn')![1]}"`,
            ...(merge ? ['    DD_MERGE_XRAY_TRACES  = "true"'] : []),
            '  }',
            ...(merge ? ['  tracing_config_mode = "Active"'] : []),
            '  # ...your existing function arguments',
            '}',
          ].join('\n'),
        },
      ];
  }
}
