// @vitest-environment happy-dom
// Without the exclusion permission the page lists exclusions but offers no way to make or lift one.
// A file of its own: usePermission caches answers per permission for the module's life, so an
// allow-all render earlier in the same file would answer this one before the denial arrives.
import { screen, waitFor } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, renderWithApis } from '../harness';

const invoices = functionSummary({ name: 'invoice-worker' });

it('offers no exclusion form or lift button without the permission', async () => {
  const backend = new FakeBackend([invoices]);
  backend.exclusions = [{ id: '1', functionArn: null, pattern: 'legacy-*', reason: 'retired', createdBy: 'user:default/jane', createdAt: '2025-05-01T00:00:00.000Z' }];
  await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, {
    permission: mockApis.permission({ authorize: request => (request.permission.name === 'serverless-tracing.exclusion.manage' ? AuthorizeResult.DENY : AuthorizeResult.ALLOW) }),
  });
  expect(await screen.findByText('Names matching legacy-*')).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByRole('form', { name: 'Add an exclusion' })).not.toBeInTheDocument());
  expect(screen.queryByRole('button', { name: /Lift the exclusion/ })).not.toBeInTheDocument();
});
