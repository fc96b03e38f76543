// Links out of the plugin for one function: its page in the AWS console (the console of its own
// partition) and, for functions traced by Datadog, its serverless view on the configured Datadog site.
import { parseFunctionArn } from './arn';
import type { TracingStatus } from './model';

export interface FunctionLinks {
  awsConsole: string;
  /** Only where Datadog traces the function: there is nothing to see there otherwise. */
  datadog: string | null;
}

const CONSOLE_HOSTS: Record<string, (region: string) => string> = {
  aws: region => `${region}.console.aws.amazon.com`,
  'aws-us-gov': () => 'console.amazonaws-us-gov.com',
  'aws-cn': region => `${region}.console.amazonaws.cn`,
};

/** The web app of a Datadog site: datadoghq.com → app.datadoghq.com, us3.datadoghq.com as it is. */
export function datadogAppUrl(site: string): string {
  const host = site.split('.').length > 2 ? site : `app.${site}`;
  return `https://${host}`;
}

export function functionLinks(functionArn: string, status: TracingStatus, datadogSite: string): FunctionLinks | undefined {
  const location = parseFunctionArn(functionArn);
  if (!location) return undefined;
  const { partition, region, functionName } = location;
  const host = (CONSOLE_HOSTS[partition] ?? CONSOLE_HOSTS.aws)(region);
  const awsConsole = `https://${host}/lambda/home?region=${region}#/functions/${encodeURIComponent(functionName)}`;
  const traced = status === 'datadog' || status === 'datadog-xray';
  const datadog = traced
    ? `${datadogAppUrl(datadogSite)}/functions?${new URLSearchParams({ cloud: 'aws', text_search: functionName })}`
    : null;
  return { awsConsole, datadog };
}
