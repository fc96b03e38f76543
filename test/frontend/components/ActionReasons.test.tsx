// @vitest-environment happy-dom
import { screen, within } from '@testing-library/react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { enablePlan, functionDetails, functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const TOO_MANY = { code: 'too-many-layers', message: 'The function would have 6 layers; Lambda allows 5.' };

function renderDetails(arn: string) {
  return renderWithApis(<FunctionDetails arn={arn} refreshKey={0} onClose={() => {}} onEnable={() => {}} onRollback={() => {}} />);
}

describe('Why an action is not available, visibly', () => {
  it('says "Blocked" and what blocks it instead of "One click" in the table', async () => {
    new FakeBackend([functionSummary({ name: 'crowded-fn', blockers: [TOO_MANY] })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('crowded-fn');
    expect(within(row).getByText('Blocked: too many layers')).toBeInTheDocument();
    expect(within(row).queryByText('One click')).not.toBeInTheDocument();
    expect(within(row).getByText('Blocked')).toBeVisible();
  });

  it('names what blocks a function the backend already calls blocked', async () => {
    new FakeBackend([functionSummary({ name: 'crowded-fn', applicability: 'blocked', blockers: [TOO_MANY] })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('crowded-fn');
    expect(within(row).getByText('Blocked: too many layers')).toBeInTheDocument();
  });

  it('writes "Not permitted" under a disabled Enable when permission is denied', async () => {
    new FakeBackend([functionSummary({ name: 'denied-fn', owner: 'component:default/denied' })]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { permission: mockApis.permission({ authorize: AuthorizeResult.DENY }) });
    const row = await findRow('denied-fn');
    expect(await within(row).findByText('Not permitted')).toBeInTheDocument();
    expect(within(row).getByLabelText('Enable tracing on denied-fn')).toBeDisabled();
  });

  it('offers "How to", which opens the steps, where one click cannot do it', async () => {
    const ruby = functionSummary({ name: 'billing-ruby', runtime: 'ruby3.3', runtimeFamily: 'ruby', applicability: 'needs-code-change' });
    new FakeBackend([ruby]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const row = await findRow('billing-ruby');
    expect(within(row).queryByLabelText('Enable tracing on billing-ruby')).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'How to enable tracing on billing-ruby' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'billing-ruby' })).toBeInTheDocument();
  });

  it('shows the blocker beside the disabled Enable in the details, and no "One click"', async () => {
    const fn = functionSummary({ name: 'vendor-fn' });
    const backend = new FakeBackend([fn]);
    backend.details.set(fn.arn, functionDetails(fn, { plan: enablePlan(fn.arn, { blockers: [{ code: 'other-vendor', message: 'New Relic already instruments this function.' }] }) }));
    await renderDetails(fn.arn);
    const changes = await screen.findByRole('region', { name: 'What enabling changes' });
    expect(within(changes).getAllByText('Blocked: New Relic already instruments this function.').length).toBeGreaterThan(0);
    expect(within(screen.getByRole('region', { name: 'Recommendation' })).getByText('Blocked: another vendor')).toBeInTheDocument();
    expect(screen.queryByText('One click')).not.toBeInTheDocument();
  });

  it('says why Roll back is disabled, in the text, not only in a tooltip', async () => {
    const fn = functionSummary({ name: 'changed-fn', status: 'datadog', applicability: 'already-done', canRollback: true });
    const backend = new FakeBackend([fn]);
    const refused = { code: 'changed-since', message: 'DD_SITE was changed since the plugin set it; restore it or edit by hand.' };
    backend.details.set(fn.arn, functionDetails(fn, { rollbackPlan: enablePlan(fn.arn, { action: 'rollback', blockers: [refused] }) }));
    await renderDetails(fn.arn);
    const rollback = await screen.findByRole('region', { name: 'Roll back' });
    expect(within(rollback).queryByText(/Restores exactly what the plugin changed/)).not.toBeInTheDocument();
    expect(within(rollback).getByText(`Cannot roll back: ${refused.message}`)).toBeVisible();
    expect(within(rollback).getByRole('button', { name: 'Roll back tracing on changed-fn' })).toBeDisabled();
  });
});
