// The gateway's IAM calls against the sandbox, through the real @aws-sdk/client-iam: a role's permissions
// are simulated in one call whatever the questions' resources, each answer for its own resource, and an
// inline policy put on the role grants exactly what it names.
import { startSandbox, type Sandbox } from '../../../dev/sandbox/server';
import { AwsCallError } from '../../../src/backend/aws/types';
import { sandboxGateway } from './sandboxGateway';

const SIMULATE = 'iam:SimulatePrincipalPolicy';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:datadog-api-key-AbCdEf';
const OTHER_SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:other-XyZ';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sandbox.close();
});

const lackingSecret = () => sandbox.state.allFunctions().find(fn => fn.accountId === '111111111111' && !sandbox.state.roles.allows(fn.config.Role!, 'secretsmanager:GetSecretValue'))!;

it('asks every action about every resource in one SimulatePrincipalPolicy call, and answers per resource', async () => {
  const role = lackingSecret().config.Role!;
  const gateway = sandboxGateway(sandbox);
  const before = sandbox.requestCount({ operation: SIMULATE });
  const answers = await gateway.simulateRole(role, [
    { action: 'secretsmanager:GetSecretValue', resource: SECRET },
    { action: 'xray:PutTraceSegments', resource: '*' },
    { action: 'kms:Decrypt', resource: '*' },
  ]);
  expect(sandbox.requestCount({ operation: SIMULATE }) - before).toBe(1);
  const decision = (action: string, resource: string) => answers.find(a => a.action === action && a.resource === resource)?.decision;
  expect(decision('secretsmanager:GetSecretValue', SECRET)).toBe('implicitDeny');
  expect(decision('xray:PutTraceSegments', '*')).toBe('allowed');
  expect(decision('kms:Decrypt', '*')).toBe('allowed');
  // The cross product: every action was evaluated on every resource.
  expect(answers).toHaveLength(3 * 2);
});

it('puts an inline policy on the role that allows exactly its actions on exactly its resources', async () => {
  const role = lackingSecret().config.Role!;
  const gateway = sandboxGateway(sandbox);
  const document = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: [SECRET] }] });
  await gateway.putRolePolicy(role, 'test-grant', document);
  try {
    const answers = await gateway.simulateRole(role, [
      { action: 'secretsmanager:GetSecretValue', resource: SECRET },
      { action: 'secretsmanager:GetSecretValue', resource: OTHER_SECRET },
    ]);
    expect(answers.find(a => a.resource === SECRET)?.allowed).toBe(true);
    expect(answers.find(a => a.resource === OTHER_SECRET)?.allowed).toBe(false);
  } finally {
    sandbox.state.roles.deleteInlinePolicy(role, 'test-grant');
  }
});

it('reports a role IAM does not know as not found, and a malformed document as invalid, attaching nothing', async () => {
  const gateway = sandboxGateway(sandbox);
  const missing = 'arn:aws:iam::111111111111:role/no-such-role';
  await expect(gateway.putRolePolicy(missing, 'x', '{"Version":"2012-10-17","Statement":[]}')).rejects.toMatchObject({ kind: 'not-found' });
  const role = lackingSecret().config.Role!;
  const error = await gateway.putRolePolicy(role, 'broken', '{not json').catch(e => e);
  expect(error).toBeInstanceOf(AwsCallError);
  expect(error.kind).toBe('invalid');
  expect(sandbox.state.roles.inlinePolicies(role).has('broken')).toBe(false);
});
