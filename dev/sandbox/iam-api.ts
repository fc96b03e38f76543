// IAM's policy simulator, SimulatePrincipalPolicy, in IAM's wire format (awsQuery: a form-encoded POST,
// an XML answer) so the real @aws-sdk/client-iam parses it unchanged. It answers from the functions'
// execution roles (roles.ts); a role of another account is not the caller's to simulate.
import type { Caller } from './auth';
import { SandboxError, type HttpReply } from './errors';
import { ROLE_ARN } from './roles';
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
  const results = actions.flatMap(action =>
    (resources.length ? resources : ['*']).map(resource => {
      const decision = state.roles.allows(source, action) ? 'allowed' : 'implicitDeny';
      return (
        `<member><EvalActionName>${escapeXml(action)}</EvalActionName><EvalResourceName>${escapeXml(resource)}</EvalResourceName>` +
        `<EvalDecision>${decision}</EvalDecision><MatchedStatements/><MissingContextValues/></member>`
      );
    }),
  );
  return {
    status: 200,
    headers: { 'content-type': 'text/xml' },
    body:
      `<SimulatePrincipalPolicyResponse xmlns="${IAM_NS}"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated>` +
      `<EvaluationResults>${results.join('')}</EvaluationResults></SimulatePrincipalPolicyResult>` +
      `<ResponseMetadata><RequestId>sandbox</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
  };
}
