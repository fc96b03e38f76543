// What surrounds a seed function: its tags (owner team, infrastructure-as-code markers), the services its
// resource policy lets invoke it, and the queues and streams that feed it through event source mappings.
import { uuid, type Random } from './prng';
import type { AccountPlan } from './seed-catalog';
import type { Invoker } from './seed-scenarios';

export interface SeedEventSourceMapping {
  UUID: string;
  EventSourceArn: string;
  BatchSize: number;
  State: 'Enabled' | 'Disabled';
  StartingPosition?: 'LATEST' | 'TRIM_HORIZON';
}

type Iac = 'none' | 'cloudformation' | 'sam' | 'cdk' | 'serverless-framework' | 'terraform';

const IAC_CHOICES: ReadonlyArray<readonly [Iac, number]> = [
  ['none', 35], ['cloudformation', 15], ['sam', 15], ['cdk', 15], ['serverless-framework', 15], ['terraform', 5],
];

/** Tags as each tool leaves them; the first functions cycle through every tool, the rest by chance. */
export function functionTags(rng: Random, index: number, account: AccountPlan, name: string): Record<string, string> {
  const tags: Record<string, string> = {};
  if (index % 4 !== 3) tags.team = rng.pick(account.teams);
  if (rng.chance(0.6)) tags.env = account.name.endsWith('-prod') ? 'prod' : rng.pick(['dev', 'staging']);
  if (rng.chance(0.3)) tags['cost-center'] = `cc-${rng.int(1000, 9999)}`;
  const iac = index < IAC_CHOICES.length ? IAC_CHOICES[index][0] : rng.weighted(IAC_CHOICES);
  return { ...tags, ...iacTags(rng, iac, account, name) };
}

function iacTags(rng: Random, iac: Iac, account: AccountPlan, name: string): Record<string, string> {
  if (iac === 'none') return {};
  if (iac === 'terraform') return { ManagedBy: 'terraform' };
  const service = name.split('-').slice(0, 2).join('-');
  const stage = account.name.endsWith('-prod') ? 'prod' : 'dev';
  const pascal = name.split('-').map(word => word[0].toUpperCase() + word.slice(1)).join('');
  const stack = {
    cloudformation: `${service}-stack`,
    sam: `sam-${service}`,
    cdk: `${pascal.slice(0, 20)}Stack`,
    'serverless-framework': `${service}-${stage}`,
  }[iac];
  const logicalId = {
    cloudformation: `${pascal}Function`,
    sam: `${pascal}Function`,
    cdk: `${pascal}Function${rng.hex(8).toUpperCase()}`,
    'serverless-framework': `${pascal}LambdaFunction`,
  }[iac];
  const tags: Record<string, string> = {
    'aws:cloudformation:stack-name': stack,
    'aws:cloudformation:stack-id': `arn:aws:cloudformation:us-east-1:${account.accountId}:stack/${stack}/${uuid(rng)}`,
    'aws:cloudformation:logical-id': logicalId,
  };
  if (iac === 'sam') tags['lambda:createdBy'] = 'SAM';
  if (iac === 'serverless-framework') tags.STAGE = stage;
  return tags;
}

const PRINCIPALS: Partial<Record<Invoker, string>> = {
  apigateway: 'apigateway.amazonaws.com',
  appsync: 'appsync.amazonaws.com',
  stepfunctions: 'states.amazonaws.com',
  eventbridge: 'events.amazonaws.com',
  sns: 'sns.amazonaws.com',
  s3: 's3.amazonaws.com',
};

export function invokerPolicyPrincipals(invokers: readonly Invoker[]): string[] {
  return invokers.flatMap(invoker => (PRINCIPALS[invoker] ? [PRINCIPALS[invoker]!] : []));
}

export function eventSourceMappingsFor(
  rng: Random,
  invokers: readonly Invoker[],
  partition: string,
  region: string,
  accountId: string,
  name: string,
): SeedEventSourceMapping[] {
  return invokers.flatMap((invoker): SeedEventSourceMapping[] => {
    if (invoker === 'sqs') {
      return [{ UUID: uuid(rng), EventSourceArn: `arn:${partition}:sqs:${region}:${accountId}:${name}-queue`, BatchSize: 10, State: 'Enabled' }];
    }
    if (invoker === 'kinesis') {
      const stream = `arn:${partition}:kinesis:${region}:${accountId}:stream/${name.split('-')[0]}-events`;
      return [{ UUID: uuid(rng), EventSourceArn: stream, BatchSize: 100, State: 'Enabled', StartingPosition: 'LATEST' }];
    }
    return [];
  });
}

/** The SourceArn a resource policy statement for this principal would carry. */
export function sourceArnFor(principal: string, partition: string, region: string, accountId: string, name: string): string {
  switch (principal) {
    case 'apigateway.amazonaws.com':
      return `arn:${partition}:execute-api:${region}:${accountId}:${name.slice(0, 10).replace(/-/g, '')}/*/POST/*`;
    case 'appsync.amazonaws.com':
      return `arn:${partition}:appsync:${region}:${accountId}:apis/${name.split('-')[0]}graphqlapi`;
    case 'states.amazonaws.com':
      return `arn:${partition}:states:${region}:${accountId}:stateMachine:${name}-flow`;
    case 'events.amazonaws.com':
      return `arn:${partition}:events:${region}:${accountId}:rule/${name}-schedule`;
    case 'sns.amazonaws.com':
      return `arn:${partition}:sns:${region}:${accountId}:${name.split('-')[0]}-notifications`;
    default:
      return `arn:${partition}:s3:::${name}-uploads`;
  }
}
