// The functions' execution roles, as IAM's policy simulator sees them: each role allows the actions a
// Lambda execution role usually carries (logs, the Datadog API key secret and its KMS key, X-Ray), less
// the ones its seed (or a test) takes away. Resources are not told apart: a role that may call an action
// may call it on any resource, so a denial is always the action itself.

/** arn:<partition>:iam::<account>:role/[<path>/]<name>; the groups are partition, account and name. */
export const ROLE_ARN = /^arn:(aws|aws-us-gov|aws-cn):iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;

/** What an execution role allows unless told otherwise. */
export const EXECUTION_ROLE_ACTIONS: readonly string[] = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'secretsmanager:GetSecretValue',
  'kms:Decrypt',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
];

export class RoleRegistry {
  private readonly allowed = new Map<string, Set<string>>();

  /** Registers a role (once: a second function sharing it keeps what the first one set). */
  register(roleArn: string, denied: readonly string[] = []): void {
    if (this.allowed.has(roleArn)) return;
    this.allowed.set(roleArn, new Set(EXECUTION_ROLE_ACTIONS.filter(action => !denied.includes(action))));
  }

  has(roleArn: string): boolean {
    return this.allowed.has(roleArn);
  }

  allows(roleArn: string, action: string): boolean {
    const actions = this.allowed.get(roleArn);
    if (!actions) return false;
    return actions.has(action) || actions.has(`${action.split(':')[0]}:*`);
  }

  /** Takes an action away from a role (a test's "the role lacks it"). */
  deny(roleArn: string, action: string): void {
    this.register(roleArn);
    this.allowed.get(roleArn)!.delete(action);
  }

  allow(roleArn: string, action: string): void {
    this.register(roleArn);
    this.allowed.get(roleArn)!.add(action);
  }
}
