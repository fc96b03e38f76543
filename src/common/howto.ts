// The honest "how" where one click is not enough: code wrappers, Dockerfile lines, runtime upgrades.
import type { HowToStep, LayerVersions, RuntimeFamily } from './model';
import { latestRuntimeOf, type RuntimeInfo } from './runtimes';
import { DEFAULT_LAYER_VERSIONS } from './layers';
import { datadogHandlerFor } from './datadog';

export function rubyCodeSteps(): HowToStep[] {
  return [
    {
      title: 'Wrap the handler with Datadog::Lambda.wrap',
      detail: 'The Datadog Ruby layer provides the gem; the handler itself must be wrapped so each invocation becomes a trace.',
      language: 'ruby',
      snippet: [
        "require 'datadog/lambda'",
        '',
        'Datadog::Lambda.configure_apm do |c|',
        '  # Turn on the integrations you use, e.g. c.tracing.instrument :aws',
        'end',
        '',
        'def handler(event:, context:)',
        '  Datadog::Lambda.wrap(event, context) do',
        '    # your existing handler body',
        '  end',
        'end',
      ].join('\n'),
    },
    { title: 'Deploy the code, then enable dd-trace here to attach the Ruby layer and the Extension' },
  ];
}

export function goCodeSteps(): HowToStep[] {
  return [
    { title: 'Add datadog-lambda-go to the module', language: 'shell', snippet: 'go get github.com/DataDog/datadog-lambda-go' },
    {
      title: 'Wrap the handler with ddlambda.WrapFunction',
      language: 'go',
      snippet: [
        'import (',
        '\tddlambda "github.com/DataDog/datadog-lambda-go"',
        '\t"github.com/aws/aws-lambda-go/lambda"',
        ')',
        '',
        'func main() {',
        '\tlambda.Start(ddlambda.WrapFunction(handler, nil))',
        '}',
      ].join('\n'),
    },
    { title: 'Deploy the code, then enable dd-trace here to attach the Datadog Extension' },
  ];
}

/** Library install and handler lines per family for a container image. */
function imageLibraryLines(family: RuntimeFamily): string[] {
  switch (family) {
    case 'python':
      return ['RUN pip install datadog-lambda', 'ENV DD_LAMBDA_HANDLER=app.handler', `CMD ["${datadogHandlerFor('python')}"]`];
    case 'node':
      return ['RUN npm install datadog-lambda-js dd-trace', 'ENV DD_LAMBDA_HANDLER=app.handler', 'CMD ["node_modules/datadog-lambda-js/dist/handler.handler"]'];
    case 'java':
      return ['ADD https://dtdg.co/latest-java-tracer /opt/java/lib/dd-java-agent.jar', 'ENV AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper'];
    case 'dotnet':
      return [
        'ARG DD_TRACE_DOTNET_VERSION   # the dd-trace-dotnet release to install',
        'RUN mkdir -p /opt/datadog && curl -sSL https://github.com/DataDog/dd-trace-dotnet/releases/download/v${DD_TRACE_DOTNET_VERSION}/datadog-dotnet-apm-${DD_TRACE_DOTNET_VERSION}.tar.gz | tar -xz -C /opt/datadog',
        'ENV AWS_LAMBDA_EXEC_WRAPPER=/opt/datadog_wrapper',
      ];
    case 'ruby':
      return ['RUN gem install datadog-lambda datadog', "# and wrap the handler in code: require 'datadog/lambda' + Datadog::Lambda.wrap"];
    case 'provided':
      return ['# Go: build with github.com/DataDog/datadog-lambda-go and wrap the handler with ddlambda.WrapFunction'];
    default:
      return [];
  }
}

const NAMES_A_HANDLER: readonly RuntimeFamily[] = ['python', 'node'];
const IMAGE_FAMILIES: readonly RuntimeFamily[] = ['python', 'node', 'java', 'dotnet', 'ruby', 'provided'];
const FAMILY_LABELS: Readonly<Record<RuntimeFamily, string>> = {
  python: 'Python', node: 'Node.js', ruby: 'Ruby', java: 'Java', dotnet: '.NET', provided: 'Go / custom runtime', other: 'other',
};

/** Dockerfile lines: the Extension copied from Datadog's public image, then the library for the runtime. */
export function imageRebuildSteps(family: RuntimeFamily, versions: LayerVersions = DEFAULT_LAYER_VERSIONS): HowToStep[] {
  const extension = `COPY --from=public.ecr.aws/datadog/lambda-extension:${versions.extension} /opt/. /opt/`;
  const families = IMAGE_FAMILIES.includes(family) ? [family] : IMAGE_FAMILIES;
  const steps: HowToStep[] = families.map(f => {
    const step: HowToStep = {
      title: families.length > 1 ? `Dockerfile for a ${FAMILY_LABELS[f]} image` : 'Add the Datadog Extension and library to the Dockerfile',
      language: 'dockerfile',
      snippet: [extension, ...imageLibraryLines(f)].join('\n'),
    };
    // Only the Python and Node.js lines name a handler (app.handler) that stands for yours.
    if (NAMES_A_HANDLER.includes(f)) step.detail = 'Replace app.handler with your handler.';
    return step;
  });
  steps.push({
    title: 'Rebuild and deploy the image, then set the Datadog variables on the function',
    detail: 'DD_API_KEY_SECRET_ARN (or DD_KMS_API_KEY), DD_SITE, DD_TRACE_ENABLED=true and DD_SERVERLESS_LOGS_ENABLED=true.',
  });
  return steps;
}

export function upgradeRuntimeSteps(info: RuntimeInfo | undefined, runtime: string | undefined, functionName: string, today: string): HowToStep[] {
  const latest = info ? latestRuntimeOf(info.family, today) : undefined;
  if (!latest) {
    return [{ title: `Move the function from ${runtime ?? 'its runtime'} to a runtime Lambda supports`, detail: 'Then scan again: the plugin will recommend tracing for the new runtime.' }];
  }
  return [
    {
      title: `Upgrade from ${info!.label} to ${latest.label}`,
      detail: 'Test the code on the new runtime first; then enable tracing here.',
      language: 'shell',
      snippet: `aws lambda update-function-configuration --function-name ${functionName} --runtime ${latest.runtime}`,
    },
  ];
}
