// Without serverless-tracing.role-policy.attach, a plan blocked by the role offers no way to change the
// role. A file of its own: usePermission caches answers per permission for the module's life.
import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { enablePlan, functionDetails, functionSummary } from '../fixtures';
import { FakeBackend, renderWithApis } from '../harness';

it('shows the role blocker but no grant button without the permission', async () => {
  const ledger = functionSummary({ name: 'ledger-api' });
  const backend = new FakeBackend([ledger]);
  const blocker = { code: 'role-permission-missing', message: "The function's role does not allow secretsmanager:GetSecretValue." };
  backend.details.set(ledger.arn, functionDetails(ledger, { plan: enablePlan(ledger.arn, { blockers: [blocker] }) }));
  await renderWithApis(<FunctionDetails arn={ledger.arn} refreshKey={0} onClose={() => {}} onEnable={() => {}} onRollback={() => {}} />, {
    permission: mockApis.permission({ authorize: request => (request.permission.name === 'serverless-tracing.role-policy.attach' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW) }),
  });
  expect((await screen.findAllByText(/does not allow secretsmanager:GetSecretValue/)).length).toBeGreaterThan(0);
  expect(screen.queryByRole('button', { name: 'Grant the missing permission…' })).not.toBeInTheDocument();
});
