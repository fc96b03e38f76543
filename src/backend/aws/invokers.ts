// Who invokes a function, read from what AWS already tells us: event source mappings (pull-based:
// SQS, Kinesis, DynamoDB streams, Kafka, MQ) and the resource policy's service principals (push-based).
import type { Invoker } from '../../common/model';

const BY_EVENT_SOURCE_SERVICE: Record<string, Invoker> = {
  sqs: 'sqs',
  kinesis: 'kinesis',
  dynamodb: 'dynamodb',
};

/** The invoker behind an event source mapping's EventSourceArn (Kafka, MQ, DocumentDB… are 'other'). */
export function invokerFromEventSourceArn(eventSourceArn: string | undefined): Invoker {
  const service = eventSourceArn?.split(':')[2];
  return (service && BY_EVENT_SOURCE_SERVICE[service]) || 'other';
}

const BY_SERVICE_PRINCIPAL: Record<string, Invoker> = {
  'appsync.amazonaws.com': 'appsync',
  'states.amazonaws.com': 'stepfunctions',
  'apigateway.amazonaws.com': 'apigateway',
  'elasticloadbalancing.amazonaws.com': 'alb',
  'sns.amazonaws.com': 'sns',
  'events.amazonaws.com': 'eventbridge',
  'scheduler.amazonaws.com': 'eventbridge',
  's3.amazonaws.com': 's3',
  'sqs.amazonaws.com': 'sqs',
  'dynamodb.amazonaws.com': 'dynamodb',
  'kinesis.amazonaws.com': 'kinesis',
};

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Invokers named by the service principals of a resource policy document (GetPolicy's Policy
 * string). Account principals (cross-account callers) say nothing about the kind of invoker.
 */
export function invokersFromPolicy(policyJson: string | undefined): Invoker[] {
  if (!policyJson) return [];
  let policy: { Statement?: unknown };
  try {
    policy = JSON.parse(policyJson);
  } catch {
    return [];
  }
  const found = new Set<Invoker>();
  for (const statement of asArray(policy.Statement) as Array<{ Effect?: string; Principal?: unknown }>) {
    if (statement?.Effect === 'Deny') continue;
    const principal = statement?.Principal;
    const services = typeof principal === 'object' && principal !== null ? asArray((principal as { Service?: unknown }).Service) : [];
    for (const service of services) {
      if (typeof service === 'string') found.add(BY_SERVICE_PRINCIPAL[service] ?? 'other');
    }
  }
  return [...found];
}

/** Adds an invoker to a function's list in a by-ARN map, once. */
export function addInvoker(map: Map<string, Invoker[]>, functionArn: string, invoker: Invoker): void {
  const list = map.get(functionArn);
  if (!list) map.set(functionArn, [invoker]);
  else if (!list.includes(invoker)) list.push(invoker);
}
