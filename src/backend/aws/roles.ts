// IAM role ARNs, and where IAM (a global service) is called for a role: in the role's own account,
// in the one region that serves IAM in its partition.
import type { Partition } from '../../common/model';
import type { AccountRegion } from './types';

const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

export function parseRoleArn(arn: string): { partition: Partition; accountId: string; roleName: string } | undefined {
  const match = ROLE_ARN.exec(arn);
  return match ? { partition: match[1] as Partition, accountId: match[2], roleName: match[3] } : undefined;
}

const IAM_REGION: Record<Partition, string> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1' };

/** IAM's quota is per account, not per region: every simulation of an account's roles shares one bucket. */
export function iamTarget(role: { partition: Partition; accountId: string }): AccountRegion {
  return { accountId: role.accountId, region: IAM_REGION[role.partition] };
}
