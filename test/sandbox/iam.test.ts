// IAM's SimulatePrincipalPolicy in the sandbox, through the real @aws-sdk/client-iam: the seed's roles,
// a role changed by a test, an unknown role and a caller the simulator refuses.
import { IAMClient, SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import { startSandbox, type Sandbox } from '../../dev/sandbox/server';
import { setGlobalFailure } from '../../dev/sandbox/organizations-api';
import { PAYMENTS } from './clients';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
});

function iam(accountId = PAYMENTS): IAMClient {
  const account = sandbox.org.accounts.find(candidate => candidate.accountId === accountId)!;
  return new IAMClient({
    endpoint: sandbox.url,
    region: 'us-east-1',
    credentials: { accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey },
    maxAttempts: 1,
  });
}

const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:datadog-api-key-AbCdEf';
const commercial = () => sandbox.state.allFunctions().filter(fn => fn.accountId === PAYMENTS);
const simulate = (roleArn: string, actions: string[], accountId = PAYMENTS) =>
  iam(accountId).send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: actions, ResourceArns: [SECRET] }));

it('allows an untraced function role the secret and X-Ray, and denies it to an extension-without-api-key role', async () => {
  const untraced = commercial().find(fn => fn.scenario === 'untraced')!;
  const answer = await simulate(untraced.config.Role!, ['secretsmanager:GetSecretValue', 'xray:PutTraceSegments']);
  expect(answer.IsTruncated).toBe(false);
  expect(answer.EvaluationResults?.map(r => [r.EvalActionName, r.EvalResourceName, r.EvalDecision])).toEqual([
    ['secretsmanager:GetSecretValue', SECRET, 'allowed'],
    ['xray:PutTraceSegments', SECRET, 'allowed'],
  ]);

  const lacking = sandbox.state.allFunctions().filter(fn => fn.scenario === 'misconfigured-extension-without-api-key');
  expect(lacking.length).toBeGreaterThan(0);
  expect(sandbox.state.allFunctions().filter(fn => !sandbox.state.roles.allows(fn.config.Role!, 'secretsmanager:GetSecretValue'))).toEqual(lacking);
  const own = lacking.find(fn => fn.accountId === PAYMENTS) ?? lacking[0];
  const denied = await simulate(own.config.Role!, ['secretsmanager:GetSecretValue'], own.accountId);
  expect(denied.EvaluationResults?.[0].EvalDecision).toBe('implicitDeny');
});

it('answers NoSuchEntity for a role of another account, and AccessDenied when the caller may not simulate', async () => {
  const foreign = sandbox.state.allFunctions().find(fn => fn.accountId === '222222222222')!;
  await expect(simulate(foreign.config.Role!, ['kms:Decrypt'])).rejects.toMatchObject({ name: 'NoSuchEntityException', $metadata: { httpStatusCode: 404 } });

  setGlobalFailure(sandbox.state, PAYMENTS, 'iam', 'AccessDeniedException');
  try {
    await expect(simulate(commercial()[0].config.Role!, ['kms:Decrypt'])).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
  } finally {
    setGlobalFailure(sandbox.state, PAYMENTS, 'iam', undefined);
  }
});
