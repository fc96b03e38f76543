// The optional fix for a plan blocked by the function's role: the button under the blocked plan, the
// confirmation showing the exact policy, the role and the functions sharing it, consent before
// anything is sent, the hash of the policy shown in the request, and the plan read again afterwards.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { AttachRolePolicyRequest, RolePolicyProposal } from '../../../src/common/api';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { enablePlan, functionDetails, functionSummary } from '../fixtures';
import { BASE_URL, FakeBackend, renderWithApis, server } from '../harness';

const ledger = functionSummary({ name: 'ledger-api' });
const ROLE = 'arn:aws:iam::111111111111:role/ledger-api-role';
const SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:datadog-api-key-AbCdEf';
const BLOCKER = { code: 'role-permission-missing', message: `The function's role ${ROLE} does not allow secretsmanager:GetSecretValue on ${SECRET}, which the Datadog extension reads the API key with. Grant it to the role, then enable again.` };
const DOCUMENT = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: SECRET }] }, null, 2);

const proposal: RolePolicyProposal = {
  functionArn: ledger.arn,
  solution: 'dd-trace',
  roleArn: ROLE,
  policyName: 'serverless-tracing-datadog-0123456789ab',
  policyDocument: DOCUMENT,
  documentHash: 'c'.repeat(64),
  sharedWith: [{ arn: 'arn:aws:lambda:us-east-1:111111111111:function:ledger-worker', name: 'ledger-worker' }],
  warnings: [{ code: 'role-shared', message: `The role ${ROLE} is shared by 1 other function(s) in the inventory (ledger-worker): they gain these permissions too.` }],
};

function blockedBackend(): FakeBackend {
  const backend = new FakeBackend([ledger]);
  backend.details.set(ledger.arn, functionDetails(ledger, { plan: enablePlan(ledger.arn, { blockers: [BLOCKER] }) }));
  return backend;
}

const renderDetails = () =>
  renderWithApis(<FunctionDetails arn={ledger.arn} refreshKey={0} onClose={() => {}} onEnable={() => {}} onRollback={() => {}} />);

it('shows the policy, the role and the functions sharing it, and attaches it only after consent, then reads the plan again', async () => {
  const backend = blockedBackend();
  const attached: AttachRolePolicyRequest[] = [];
  server.use(
    http.get(`${BASE_URL}/functions/:arn/role-policy`, () => HttpResponse.json(proposal)),
    http.post(`${BASE_URL}/functions/:arn/role-policy`, async ({ request }) => {
      attached.push((await request.json()) as AttachRolePolicyRequest);
      // The role now has the permission: the details' plan is no longer blocked.
      backend.details.set(ledger.arn, functionDetails(ledger));
      return HttpResponse.json({ roleArn: ROLE, policyName: proposal.policyName, sharedWith: proposal.sharedWith, auditEventId: 'audit-9' });
    }),
  );
  await renderDetails();
  await userEvent.click(await screen.findByRole('button', { name: 'Grant the missing permission…' }));

  const dialog = await screen.findByRole('dialog', { name: /Grant the missing permission to ledger-api's role/ });
  expect(await within(dialog).findByLabelText('Policy document')).toHaveTextContent('"secretsmanager:GetSecretValue"');
  expect(within(dialog).getByLabelText('Policy document')).toHaveTextContent(SECRET);
  expect(dialog).toHaveTextContent(ROLE);
  expect(within(dialog).getByLabelText('Other functions with this role')).toHaveTextContent('ledger-worker');

  const confirm = within(dialog).getByRole('button', { name: 'Attach the policy' });
  expect(confirm).toBeDisabled();
  await userEvent.click(within(dialog).getByRole('checkbox', { name: /consent to attaching it/ }));
  await userEvent.click(confirm);

  await waitFor(() => expect(attached).toEqual([{ consent: true, documentHash: proposal.documentHash, solution: 'dd-trace' }]));
  await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  await waitFor(() => expect(screen.queryByRole('button', { name: 'Grant the missing permission…' })).not.toBeInTheDocument());
});

it("keeps the dialog open with the backend's reason when the policy shown is no longer the one needed", async () => {
  blockedBackend();
  server.use(
    http.get(`${BASE_URL}/functions/:arn/role-policy`, () => HttpResponse.json(proposal)),
    http.post(`${BASE_URL}/functions/:arn/role-policy`, () =>
      HttpResponse.json({ error: { name: 'InputError', message: 'The policy you confirmed is no longer the one the plan needs. Nothing was attached.' } }, { status: 400 }),
    ),
  );
  await renderDetails();
  await userEvent.click(await screen.findByRole('button', { name: 'Grant the missing permission…' }));
  const dialog = await screen.findByRole('dialog');
  await userEvent.click(await within(dialog).findByRole('checkbox', { name: /consent to attaching it/ }));
  await userEvent.click(within(dialog).getByRole('button', { name: 'Attach the policy' }));
  expect(await within(dialog).findByText(/no longer the one the plan needs\. Nothing was attached\./)).toBeInTheDocument();
});

it('offers no grant button when the plan is not blocked by the role', async () => {
  new FakeBackend([ledger]);
  await renderDetails();
  expect(await screen.findByRole('region', { name: 'What enabling changes' })).toBeInTheDocument();
  expect(screen.queryByRole('button', { name: 'Grant the missing permission…' })).not.toBeInTheDocument();
});
