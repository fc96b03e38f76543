// The vocabulary of the seed organisation: accounts, runtimes, handlers and the words names are made of.

export interface AccountPlan {
  accountId: string;
  name: string;
  partition: 'aws' | 'aws-us-gov';
  /** Region and its share of the account's functions. */
  regions: Array<[string, number]>;
  domains: string[];
  teams: string[];
}

export const ACCOUNTS: AccountPlan[] = [
  {
    accountId: '111111111111',
    name: 'payments-prod',
    partition: 'aws',
    regions: [['us-east-1', 6], ['eu-west-1', 2], ['ap-southeast-2', 1]],
    domains: ['payments', 'billing', 'invoices', 'refunds', 'checkout', 'ledger', 'fraud'],
    teams: ['payments-core', 'billing', 'risk'],
  },
  {
    accountId: '222222222222',
    name: 'data-platform',
    partition: 'aws',
    regions: [['us-east-1', 2], ['us-west-2', 2], ['eu-central-1', 1]],
    domains: ['ingest', 'etl', 'analytics', 'reports', 'events', 'catalog', 'orders'],
    teams: ['data-eng', 'analytics', 'orders'],
  },
  {
    accountId: '333333333333',
    name: 'sandbox-dev',
    partition: 'aws',
    regions: [['us-east-1', 1], ['eu-west-1', 1]],
    domains: ['experiments', 'demo', 'playground', 'prototype', 'hackathon'],
    teams: ['platform', 'devex'],
  },
  {
    accountId: '444444444444',
    name: 'gov-workloads',
    partition: 'aws-us-gov',
    regions: [['us-gov-west-1', 1]],
    domains: ['records', 'permits', 'benefits'],
    teams: ['public-sector'],
  },
];

/**
 * A generated fleet for scale tests and benchmarks: `count` commercial accounts (fleet-000…), each with
 * the same regions in equal shares, their words borrowed from the seed accounts in turn.
 */
export function fleetAccounts(count: number, regions: string[]): AccountPlan[] {
  const commercial = ACCOUNTS.filter(account => account.partition === 'aws');
  return Array.from({ length: count }, (_, index) => {
    const words = commercial[index % commercial.length];
    return {
      accountId: String(200_000_000_000 + index),
      name: `fleet-${String(index).padStart(3, '0')}`,
      partition: 'aws' as const,
      regions: regions.map(region => [region, 1] as [string, number]),
      domains: words.domains,
      teams: words.teams,
    };
  });
}

export const accessKeyIdOf = (accountId: string) => `AKIASANDBOX${accountId}`;
export const secretAccessKeyOf = (accountId: string) => `sandbox-secret-${accountId}`;

export const COMPONENTS = ['api', 'worker', 'consumer', 'processor', 'cron', 'webhook', 'stream', 'resolver'];
export const ACTIONS = [
  'authorize', 'capture', 'settle', 'reconcile', 'notify', 'export', 'import', 'validate', 'enrich',
  'transform', 'aggregate', 'publish', 'sync', 'cleanup', 'fulfil', 'score', 'render', 'archive',
];

/** Runtimes Lambda supports today, by family (no ambiguous end-of-life dates among them). */
export const SUPPORTED_RUNTIMES = {
  python: ['python3.11', 'python3.12', 'python3.13'],
  node: ['nodejs20.x', 'nodejs22.x'],
  ruby: ['ruby3.3', 'ruby3.4'],
  java: ['java17', 'java21'],
  dotnet: ['dotnet8'],
  provided: ['provided.al2', 'provided.al2023'],
} as const;

export type RuntimeFamily = keyof typeof SUPPORTED_RUNTIMES;

export const RUNTIME_FAMILIES = Object.keys(SUPPORTED_RUNTIMES) as RuntimeFamily[];

/** Runtimes long past Lambda's deprecation date. */
export const DEPRECATED_RUNTIMES = ['python3.7', 'nodejs14.x', 'nodejs12.x', 'ruby2.7', 'java8', 'dotnetcore3.1', 'go1.x'];

export function familyOf(runtime: string): RuntimeFamily | 'other' {
  if (runtime.startsWith('python')) return 'python';
  if (runtime.startsWith('nodejs')) return 'node';
  if (runtime.startsWith('ruby')) return 'ruby';
  if (runtime.startsWith('java')) return 'java';
  if (runtime.startsWith('dotnet')) return 'dotnet';
  if (runtime.startsWith('provided')) return 'provided';
  return 'other';
}

/** A realistic original handler for a runtime. */
export function handlerFor(runtime: string, name: string, pick: <T>(items: readonly T[]) => T): string {
  const pascal = name.split('-').map(word => word[0].toUpperCase() + word.slice(1)).join('');
  switch (familyOf(runtime)) {
    case 'python':
      return pick(['app.handler', 'handler.lambda_handler', 'src.main.handler']);
    case 'node':
      return pick(['index.handler', 'dist/handler.main', 'src/index.handler']);
    case 'ruby':
      return pick(['function.handler', 'app.lambda_handler']);
    case 'java':
      return `com.example.${name.split('-')[0]}.${pascal}Handler::handleRequest`;
    case 'dotnet':
      return `${pascal}::${pascal}.Function::FunctionHandler`;
    default:
      return runtime === 'go1.x' ? 'main' : 'bootstrap';
  }
}

export const PYTHON_DATADOG_HANDLER = 'datadog_lambda.handler.handler';
export const NODE_DATADOG_HANDLER = '/opt/nodejs/node_modules/datadog-lambda-js/handler.handler';
export const DATADOG_EXEC_WRAPPER = '/opt/datadog_wrapper';

/** Placed in some functions' environment values: it must never reach the browser. */
export const CANARY_SECRET = 'sbx-canary-5e1f0c3a9d7b-do-not-leak';

export const DATADOG_SITES = ['datadoghq.com', 'datadoghq.eu', 'us3.datadoghq.com', 'us5.datadoghq.com'];
