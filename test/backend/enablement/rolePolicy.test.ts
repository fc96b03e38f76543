// Issue 11.3's optional fix on the sandbox org: a role lacking the API key secret blocks the plan; the
// proposed inline policy grants exactly that, names the other functions sharing the role, and is
// attached only with the permission and consent to the very document shown; then the plan is
// unblocked, the audit trail has the entry, and the job enables the function.
import { coreServices, createServiceFactory, type PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { AuditEvent, PlanView, RolePolicyProposal } from '../../../src/common/api';
import { rolePolicyAttachPermission } from '../../../src/common/permissions';
import { startSandbox } from '../../../dev/sandbox/server';
import { API_KEY_SECRET_ARN, finished, fnPath, scanned, startPlugin, type PluginHarness, type Sandbox } from '../helpers/harness';

const BASE = '/api/serverless-tracing';

let sandbox: Sandbox;
let harness: PluginHarness;
let denied: PluginHarness;
const auditor = mockServices.auditor.mock();

/** Everything allowed but attaching role policies. */
const withoutAttachPermission = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory: (): PermissionsService => {
    const answer = async (requests: Array<{ permission: { name: string } }>) =>
      requests.map(r => ({ result: r.permission.name === rolePolicyAttachPermission.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW }));
    return { authorize: answer as PermissionsService['authorize'], authorizeConditional: answer as PermissionsService['authorizeConditional'] };
  },
});

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, updateDelayMs: 20 });
  harness = await startPlugin({ sandbox, services: [auditor.factory] });
  denied = await startPlugin({ sandbox, services: [withoutAttachPermission] });
  await scanned(harness.api);
});

afterAll(async () => {
  await harness?.stop();
  await denied?.stop();
  await sandbox?.close();
});

const fns = () => sandbox.state.allFunctions();
const lacking = () => fns().filter(fn => fn.scenario === 'misconfigured-extension-without-api-key' && fn.config.FunctionArn!.startsWith('arn:aws:'));
const policyPath = (arn: string) => `${fnPath(arn)}/role-policy`;
const plan = async (arn: string) => (await harness.api.post(`${fnPath(arn)}/plan`).send({ solution: 'dd-trace' }).expect(200)).body as PlanView;
const propose = async (arn: string) => (await harness.api.get(`${policyPath(arn)}?solution=dd-trace`).expect(200)).body as RolePolicyProposal;

describe('a role lacking secretsmanager:GetSecretValue on the API key secret', () => {
  it('is granted exactly that, with consent to the policy shown, and the function then enables', async () => {
    const fn = lacking()[0];
    const arn = fn.config.FunctionArn!;
    const role = fn.config.Role!;
    // Another function with the same role, known to the inventory from a fresh read.
    const neighbour = fns().find(other => other.scenario === 'untraced' && other.accountId === fn.accountId && other.region === fn.region)!;
    neighbour.config.Role = role;
    await harness.api.get(fnPath(neighbour.config.FunctionArn!)).expect(200);
    expect((await plan(arn)).blockers.map(note => note.code)).toContain('role-permission-missing');

    const proposal = await propose(arn);
    expect(proposal.roleArn).toBe(role);
    expect(JSON.parse(proposal.policyDocument)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: API_KEY_SECRET_ARN }],
    });
    expect(proposal.sharedWith.map(other => other.arn)).toEqual([neighbour.config.FunctionArn]);
    expect(proposal.warnings.find(note => note.code === 'role-shared')?.message).toContain(neighbour.config.FunctionName!);

    const { body: attached } = await harness.api.post(policyPath(arn)).send({ consent: true, documentHash: proposal.documentHash, solution: 'dd-trace' }).expect(200);
    expect(attached).toMatchObject({ roleArn: role, policyName: proposal.policyName });
    expect(sandbox.state.roles.inlinePolicies(role).get(proposal.policyName)).toEqual([{ actions: ['secretsmanager:GetSecretValue'], resources: [API_KEY_SECRET_ARN] }]);

    expect((await plan(arn)).blockers.map(note => note.code)).not.toContain('role-permission-missing');
    const trail = (await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(arn)}&action=role-policy`).expect(200)).body as AuditEvent[];
    expect(trail).toHaveLength(1);
    expect(trail[0]).toMatchObject({ id: attached.auditEventId, action: 'role-policy', outcome: 'succeeded', actor: 'user:default/mock' });
    expect(trail[0].summary).toContain(API_KEY_SECRET_ARN);
    expect(trail[0].message).toContain(neighbour.config.FunctionName!);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({ eventId: 'role-policy-attach', severityLevel: 'high', meta: { functionArn: arn, actor: 'user:default/mock' } }),
    );

    const { body: job } = await harness.api.post(`${BASE}/jobs`).send({ action: 'enable', functionArns: [arn], solution: 'dd-trace' }).expect(202);
    expect((await finished(harness.api, job.id)).items[0].state).toBe('succeeded');
    // Nothing is missing any more: there is nothing to propose.
    await harness.api.get(`${policyPath(arn)}?solution=dd-trace`).expect(409);
  });
});

describe('attaching is refused, and nothing attached', () => {
  it('without consent, or with a policy other than the one the plan needs now (a stale dialog)', async () => {
    const fn = lacking()[1];
    const arn = fn.config.FunctionArn!;
    const proposal = await propose(arn);
    const noConsent = await harness.api.post(policyPath(arn)).send({ documentHash: proposal.documentHash }).expect(400);
    expect(noConsent.body.error.message).toMatch(/consent/);
    await harness.api.post(policyPath(arn)).send({ consent: false, documentHash: proposal.documentHash }).expect(400);
    await harness.api.post(policyPath(arn)).send({ consent: true }).expect(400);
    const stale = await harness.api.post(policyPath(arn)).send({ consent: true, documentHash: 'a'.repeat(64) }).expect(400);
    expect(stale.body.error.message).toMatch(/no longer the one the plan needs/);
    expect(sandbox.state.roles.inlinePolicies(fn.config.Role!).size).toBe(0);
    const trail = (await harness.api.get(`${BASE}/audit?arn=${encodeURIComponent(arn)}&action=role-policy`).expect(200)).body as AuditEvent[];
    expect(trail).toEqual([]);
  });

  it('without the serverless-tracing.role-policy.attach permission', async () => {
    const fn = lacking()[1];
    const proposal = await propose(fn.config.FunctionArn!);
    const { body } = await denied.api.post(policyPath(fn.config.FunctionArn!)).send({ consent: true, documentHash: proposal.documentHash }).expect(403);
    expect(body.error.message).toContain(rolePolicyAttachPermission.name);
    expect(sandbox.state.roles.inlinePolicies(fn.config.Role!).size).toBe(0);
  });

  it('when the role lacks nothing the plan needs (409)', async () => {
    const fine = fns().find(fn => fn.scenario === 'untraced' && fn.config.FunctionArn!.startsWith('arn:aws:lambda:us-east-1:111111111111:') && fn.config.Runtime?.startsWith('python'))!;
    const { body } = await harness.api.get(`${policyPath(fine.config.FunctionArn!)}?solution=dd-trace`).expect(409);
    expect(body.error.message).toMatch(/nothing to grant/);
  });
});
