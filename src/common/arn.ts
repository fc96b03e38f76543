// ARNs of Lambda functions, and the partition a region belongs to.
import type { Partition } from './model';

const FUNCTION_ARN = /^arn:(aws[a-z-]*):lambda:([a-z0-9-]+):(\d{12}):function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/**
 * Takes apart arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]. An ARN whose
 * partition does not hold its region (arn:aws-cn:…:us-east-1) names no function: reading it would
 * answer for the function of the same name in the region's own partition.
 */
export function parseFunctionArn(
  arn: string,
): { partition: string; region: string; accountId: string; functionName: string } | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, functionName] = match;
  if (partition !== partitionOfRegion(region)) return undefined;
  return { partition, region, accountId, functionName };
}

/** Why `arn` is not a function ARN, in words a person can act on; undefined when it is one. */
export function functionArnProblem(arn: string): string | undefined {
  const match = FUNCTION_ARN.exec(arn);
  if (!match) return 'must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)';
  const [, partition, region] = match;
  const expected = partitionOfRegion(region);
  if (partition !== expected) {
    return `names partition ${partition}, but ${region} is in ${expected}: its functions' ARNs start with arn:${expected}:lambda:`;
  }
  return undefined;
}

/** arn:aws:lambda:region:account:function:name[:qualifier] → the same ARN without the qualifier. */
export function unqualifiedFunctionArn(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

/** cn-* regions are in aws-cn, us-gov-* in aws-us-gov, every other region in aws. */
export function partitionOfRegion(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
