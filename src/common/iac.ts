// Which infrastructure-as-code tool manages a function, from the tags the tools leave behind.
import type { IacTool } from './model';

export const IAC_LABELS: Readonly<Record<IacTool, string>> = {
  cloudformation: 'CloudFormation',
  sam: 'AWS SAM',
  cdk: 'AWS CDK',
  'serverless-framework': 'the Serverless Framework',
  terraform: 'Terraform',
};

const STACK_TAG = 'aws:cloudformation:stack-name';

/** Undefined when no tag says the function is managed by IaC. */
export function detectIac(tags: Record<string, string> | undefined): IacTool | undefined {
  if (!tags) return undefined;
  const keys = Object.keys(tags);
  const lower = (k: string) => k.toLowerCase();
  if (tags['lambda:createdBy'] === 'SAM') return 'sam';
  if (keys.some(k => k.startsWith('aws:cdk:'))) return 'cdk';
  if (keys.some(k => lower(k).startsWith('serverless:') || lower(k).startsWith('sls:'))) return 'serverless-framework';
  // Serverless Framework names its stack <service>-<stage> and tags functions with STAGE.
  const stack = tags[STACK_TAG];
  if (stack && tags.STAGE && stack.endsWith(`-${tags.STAGE}`)) return 'serverless-framework';
  if (stack) return 'cloudformation';
  const managedBy = keys.find(k => ['managed-by', 'managed_by', 'managedby'].includes(lower(k)));
  if (managedBy && /terraform/i.test(tags[managedBy])) return 'terraform';
  if (keys.some(k => lower(k) === 'terraform' || lower(k).startsWith('terraform:') || lower(k).startsWith('tf:'))) {
    return 'terraform';
  }
  return undefined;
}

/** The CloudFormation stack a function belongs to, for messages. */
export function stackName(tags: Record<string, string> | undefined): string | undefined {
  return tags?.[STACK_TAG];
}
