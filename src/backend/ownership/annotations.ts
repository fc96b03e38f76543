// Which Lambda functions a catalog entity claims, read from its annotations. Pure.
import type { Entity } from '@backstage/catalog-model';
import type { FunctionConfig } from '../../common/model';
import { unqualifiedFunctionArn } from '../../common/arn';

/** Our annotation: function ARNs or name patterns (with *), separated by commas or newlines. */
export const LAMBDA_FUNCTIONS_ANNOTATION = 'serverless-tracing.io/lambda-functions';
/** Roadie's AWS Lambda plugin annotations, honoured so existing catalogs work unchanged. */
export const ROADIE_FUNCTION_NAME_ANNOTATION = 'aws.com/lambda-function-name';
export const ROADIE_REGION_ANNOTATION = 'aws.com/lambda-region';

export interface FunctionSelector {
  /** Exact function ARNs (qualifier stripped). */
  arns: string[];
  /** Function name globs; `*` matches any run of characters. */
  namePatterns: string[];
  /** Set when the entity names its functions the Roadie way, with a region. */
  region?: string;
}

export function selectorOf(entity: Entity): FunctionSelector {
  const annotations = entity.metadata.annotations ?? {};
  const selector: FunctionSelector = { arns: [], namePatterns: [] };
  for (const entry of (annotations[LAMBDA_FUNCTIONS_ANNOTATION] ?? '').split(/[,\n]/)) {
    const value = entry.trim();
    if (!value) continue;
    if (value.startsWith('arn:')) selector.arns.push(unqualifiedFunctionArn(value));
    else selector.namePatterns.push(value);
  }
  const roadieName = annotations[ROADIE_FUNCTION_NAME_ANNOTATION]?.trim();
  if (roadieName) {
    selector.namePatterns.push(roadieName);
    const region = annotations[ROADIE_REGION_ANNOTATION]?.trim();
    if (region && !annotations[LAMBDA_FUNCTIONS_ANNOTATION]) selector.region = region;
  }
  return selector;
}

export function isEmptySelector(selector: FunctionSelector): boolean {
  return selector.arns.length === 0 && selector.namePatterns.length === 0;
}

/** How strongly a selector claims a function: 2 by ARN, 1 by name pattern, 0 not at all. */
export function claimStrength(selector: FunctionSelector, config: FunctionConfig): 0 | 1 | 2 {
  const arn = config.FunctionArn ? unqualifiedFunctionArn(config.FunctionArn) : undefined;
  if (arn && selector.arns.includes(arn)) return 2;
  const name = config.FunctionName ?? '';
  if (selector.region && arn && arn.split(':')[3] !== selector.region) return 0;
  return selector.namePatterns.some(pattern => globMatches(pattern, name)) ? 1 : 0;
}

// A scan matches every function against every claimed pattern: each pattern is compiled once. The
// patterns come from the catalog, so their number is the catalog's, not the fleet's.
const compiledGlobs = new Map<string, RegExp>();

export function globMatches(pattern: string, value: string): boolean {
  let compiled = compiledGlobs.get(pattern);
  if (!compiled) {
    compiled = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`);
    compiledGlobs.set(pattern, compiled);
  }
  return compiled.test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
