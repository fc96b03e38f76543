// @vitest-environment happy-dom
import { screen } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionEnablePermission, unownedFunctionEnablePermission } from '../../../src/common/permissions';
import { functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, renderWithApis } from '../harness';

// usePermission caches decisions per (permission, resourceRef) across renders (SWR), so each test
// uses owners of its own.
const DENIED = 'You are not allowed to enable tracing on this function; ask its owning team or a Backstage admin.';

describe('Permissions', () => {
  it('disables Enable with an explanation when permission is denied', async () => {
    new FakeBackend([functionSummary({ name: 'orders-api', owner: 'component:default/orders' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { permission: mockApis.permission({ authorize: AuthorizeResult.DENY }) });
    expect(await screen.findByLabelText(DENIED)).toBeInTheDocument();
    expect(screen.getByLabelText('Enable tracing on orders-api')).toBeDisabled();
  });

  it('disables Refresh when the user may not start a scan', async () => {
    new FakeBackend([functionSummary({ name: 'orders-api', owner: 'component:default/orders' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { permission: mockApis.permission({ authorize: AuthorizeResult.DENY }) });
    expect(await screen.findByLabelText('You are not allowed to start a scan.')).toBeInTheDocument();
    expect(screen.getByText('Refresh', { selector: 'button' })).toBeDisabled();
  });

  it("checks enable permission against the function's owning entity", async () => {
    new FakeBackend([
      functionSummary({ name: 'payments-fn', owner: 'component:default/payments' }),
      functionSummary({ name: 'search-fn', owner: 'component:default/search' }),
    ]);
    const permission = mockApis.permission({
      authorize: request =>
        request.permission.name !== functionEnablePermission.name || request.resourceRef === 'component:default/payments'
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { permission });
    await vi.waitFor(() => expect(screen.getByLabelText('Enable tracing on payments-fn')).toBeEnabled());
    expect(screen.getByLabelText(DENIED)).toContainElement(screen.getByLabelText('Enable tracing on search-fn'));
  });

  it('checks functions no catalog entity owns with the basic unowned-function permission, never a resourceless resource permission', async () => {
    new FakeBackend([
      functionSummary({ name: 'orphan-fn', owner: null }),
      functionSummary({ name: 'tagged-fn', owner: 'reports-team' }),
    ]);
    const asked: Array<{ name: string; resourceRef?: string }> = [];
    const permission = mockApis.permission({
      authorize: request => {
        asked.push({ name: request.permission.name, resourceRef: request.resourceRef });
        return request.permission.name === unownedFunctionEnablePermission.name ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
      },
    });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { permission });
    await vi.waitFor(() => expect(screen.getAllByLabelText(DENIED)).toHaveLength(2));
    expect(screen.getByLabelText('Enable tracing on tagged-fn')).toBeDisabled();
    expect(asked.filter(a => a.name === functionEnablePermission.name && a.resourceRef === undefined)).toEqual([]);
  });
});
