// The functions' execution roles, as IAM's policy simulator sees them: each role allows the actions a
// Lambda execution role usually carries (logs, the Datadog API key secret and its KMS key, X-Ray) on
// any resource, less the ones its seed (or a test) takes away, plus what the inline policies put on it
// (PutRolePolicy) allow, on the resources they name.

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

/** One Allow statement of an inline policy, its Action and Resource lists (wildcards * and ? as IAM reads them). */
export interface AllowStatement {
  actions: string[];
  resources: string[];
}

/** IAM's wildcard match (case-insensitive for actions, as IAM compares them; exact case for resources). */
function matches(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, ignoreCase ? 'i' : '').test(value);
}

export class RoleRegistry {
  private readonly allowed = new Map<string, Set<string>>();
  private readonly inline = new Map<string, Map<string, AllowStatement[]>>();

  /** Registers a role (once: a second function sharing it keeps what the first one set). */
  register(roleArn: string, denied: readonly string[] = []): void {
    if (this.allowed.has(roleArn)) return;
    this.allowed.set(roleArn, new Set(EXECUTION_ROLE_ACTIONS.filter(action => !denied.includes(action))));
  }

  /** The ARN of the account's role with this name (IAM names a role by its name in an account). */
  find(accountId: string, roleName: string): string | undefined {
    for (const arn of this.allowed.keys()) {
      const match = ROLE_ARN.exec(arn);
      if (match && match[2] === accountId && match[3] === roleName) return arn;
    }
    return undefined;
  }

  has(roleArn: string): boolean {
    return this.allowed.has(roleArn);
  }

  /** Whether the role may call the action on the resource ('*' = any; only the role's own actions match it). */
  allows(roleArn: string, action: string, resource = '*'): boolean {
    const actions = this.allowed.get(roleArn);
    if (!actions) return false;
    if (actions.has(action) || actions.has(`${action.split(':')[0]}:*`)) return true;
    for (const statements of this.inline.get(roleArn)?.values() ?? []) {
      for (const statement of statements) {
        if (statement.actions.some(pattern => matches(pattern, action, true)) && statement.resources.some(pattern => matches(pattern, resource, false))) return true;
      }
    }
    return false;
  }

  /** Takes an action away from a role (a test's "the role lacks it"); inline policies are left alone. */
  deny(roleArn: string, action: string): void {
    this.register(roleArn);
    this.allowed.get(roleArn)!.delete(action);
  }

  allow(roleArn: string, action: string): void {
    this.register(roleArn);
    this.allowed.get(roleArn)!.add(action);
  }

  /** PutRolePolicy: adds the inline policy, or replaces the one of the same name. */
  putInlinePolicy(roleArn: string, policyName: string, statements: AllowStatement[]): void {
    const policies = this.inline.get(roleArn) ?? new Map<string, AllowStatement[]>();
    policies.set(policyName, statements);
    this.inline.set(roleArn, policies);
  }

  /** The role's inline policies by name (a test's view of what was attached). */
  inlinePolicies(roleArn: string): ReadonlyMap<string, AllowStatement[]> {
    return this.inline.get(roleArn) ?? new Map();
  }

  /** Removes an inline policy (a test puts the role back as it was). */
  deleteInlinePolicy(roleArn: string, policyName: string): void {
    this.inline.get(roleArn)?.delete(policyName);
  }
}
