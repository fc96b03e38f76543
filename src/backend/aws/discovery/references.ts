// The many ways a service names the function it invokes, reduced to the function's unqualified ARN in
// the account-region being scanned: full ARNs (with a version or alias), partial ARNs
// (<account>:function:<name>), bare names, and API Gateway's integration URIs.
import { parseFunctionArn, unqualifiedFunctionArn } from '../../../common/arn';
import type { AccountRegion } from '../types';

const PARTIAL = /^(\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;
const NAME = /^([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;
/** arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<function ARN>/invocations */
const INTEGRATION_URI = /^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path\/[\d-]+\/functions\/(.+)\/invocations$/;

/**
 * The unqualified function ARN a reference names, or undefined when it names none we can resolve
 * (a JSONPath or stage-variable placeholder, another service, garbage). Functions of other
 * account-regions keep their own ARN: they are still that function's invokers.
 */
export function functionArnOf(reference: string | undefined, target: AccountRegion & { partition: string }): string | undefined {
  if (!reference) return undefined;
  const integration = INTEGRATION_URI.exec(reference);
  if (integration) return functionArnOf(integration[1], target);
  if (reference.startsWith('arn:')) return parseFunctionArn(reference) ? unqualifiedFunctionArn(reference) : undefined;
  const partial = PARTIAL.exec(reference);
  if (partial) return `arn:${target.partition}:lambda:${target.region}:${partial[1]}:function:${partial[2]}`;
  const name = NAME.exec(reference);
  if (name) return `arn:${target.partition}:lambda:${target.region}:${target.accountId}:function:${name[1]}`;
  return undefined;
}
