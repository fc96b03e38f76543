// IAM's policy simulator, SimulatePrincipalPolicy, and PutRolePolicy, in IAM's wire format (awsQuery: a
// form-encoded POST, an XML answer) so the real @aws-sdk/client-iam parses them unchanged. They work on
// the functions' execution roles (roles.ts); a role of another account is not the caller's to touch.
import type { Caller } from './auth';
import { SandboxError, type HttpReply } from './errors';
import { ROLE_ARN, type AllowStatement } from './roles';
import type { SandboxState } from './state';

export const IAM_NS = 'https://iam.amazonaws.com/doc/2010-05-08/';

/** `Name.member.1`, `Name.member.2`… of an awsQuery list, in order. */
function members(form: URLSearchParams, name: string): string[] {
  const values: string[] = [];
  for (let index = 1; form.has(`${name}.member.${index}`); index++) values.push(form.get(`${name}.member.${index}`)!);
  return values;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function simulatePrincipalPolicy(state: SandboxState, caller: Caller, body: string): HttpReply {
  const form = new URLSearchParams(body);
  const source = form.get('PolicySourceArn') ?? '';
  const actions = members(form, 'ActionNames');
  const resources = members(form, 'ResourceArns');
  const match = ROLE_ARN.exec(source);
  if (!match) throw new SandboxError(400, 'InvalidInput', `ARN ${source || '(none)'} is not valid.`);
  if (actions.length === 0) throw new SandboxError(400, 'ValidationError', "1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
  if (match[2] !== caller.accountId || !state.roles.has(source)) {
    throw new SandboxError(404, 'NoSuchEntity', `The role with name ${source.split('/').pop()} cannot be found.`);
  }
  // As IAM answers today: one result per action, its decision the most restrictive over the resources
  // asked, and each resource's own decision in ResourceSpecificResults.
  const asked = resources.length ? resources : ['*'];
  const results = actions.map(action => {
    const decisions = asked.map(resource => ({ resource, decision: state.roles.allows(source, action, resource) ? 'allowed' : 'implicitDeny' }));
    const aggregate = decisions.every(d => d.decision === 'allowed') ? 'allowed' : 'implicitDeny';
    const specific = decisions
      .map(d => `<member><EvalResourceName>${escapeXml(d.resource)}</EvalResourceName><EvalResourceDecision>${d.decision}</EvalResourceDecision><MatchedStatements/><MissingContextValues/></member>`)
      .join('');
    return (
      `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>${escapeXml(asked.length === 1 ? asked[0] : '*')}</EvalResourceName>` +
      `<EvalDecision>${aggregate}</EvalDecision><MatchedStatements/><MissingContextValues/><ResourceSpecificResults>${specific}</ResourceSpecificResults></member>`
    );
  });
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<SimulatePrincipalPolicyResponse xmlns="${IAM_NS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated>` +
      `<EvaluationResults>${results.join('')}</EvaluationResults></SimulatePrincipalPolicyResult>` +
      `<ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
  };
}

const POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

/** PutRolePolicy: an inline policy on one of the caller's roles (Allow statements, as the plugin writes them). */
export function putRolePolicy(state: SandboxState, caller: Caller, body: string): HttpReply {
  const form = new URLSearchParams(body);
  const roleName = form.get('RoleName') ?? '';
  const policyName = form.get('PolicyName') ?? '';
  if (!POLICY_NAME.test(policyName)) throw new SandboxError(400, 'ValidationError', `1 validation error detected: Value '${escapeXml(policyName)}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`);
  const roleArn = state.roles.find(caller.accountId, roleName);
  if (!roleArn) throw new SandboxError(404, 'NoSuchEntity', `The role with name ${escapeXml(roleName)} cannot be found.`);
  state.roles.putInlinePolicy(roleArn, policyName, allowStatements(form.get('PolicyDocument') ?? ''));
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body: `<PutRolePolicyResponse xmlns="${IAM_NS}"><ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></PutRolePolicyResponse>`,
  };
}

/** The document's statements, or MalformedPolicyDocument as IAM answers it. */
function allowStatements(document: string): AllowStatement[] {
  const malformed = (why: string) => new SandboxError(400, 'MalformedPolicyDocument', why);
  let parsed: { Version?: unknown; Statement?: unknown };
  try {
    parsed = JSON.parse(document);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (parsed.Version !== '2012-10-17') throw malformed('The policy must use Version 2012-10-17.');
  const list = (value: unknown) => (typeof value === 'string' ? [value] : Array.isArray(value) && value.every(v => typeof v === 'string') ? (value as string[]) : undefined);
  const statements = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
  return statements.map(statement => {
    const { Effect, Action, Resource } = (statement ?? {}) as Record<string, unknown>;
    // The sandbox evaluates Allow statements only; a Deny would be silently ignored, so it is refused.
    if (Effect !== 'Allow') throw malformed('The sandbox evaluates Allow statements only.');
    const actions = list(Action);
    const resources = list(Resource);
    if (!actions?.length || !resources?.length) throw malformed('Policy statement must contain actions and resources.');
    return { actions, resources };
  });
}
