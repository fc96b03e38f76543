// @vitest-environment happy-dom
// Issue 11 on the page: drifted functions are re-applied in bulk, excluded ones are never swept into a
// bulk enable, coverage counts them apart, and exclusions are made and lifted on the page.
import { screen, waitFor, within } from '@testing-library/react';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { statusSeries } from '../../../src/frontend/components/CoverageSummary/CoverageSummary';
import { EXCLUDED_COLOR } from '../../../src/frontend/labels';
import { EXCLUDE_TAG } from '../../../src/common/exclusions';
import { coverageSummary, functionSummary, job, jobItem } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const drift = [{ code: 'drift-handler-reset', severity: 'error' as const, message: 'The handler is app.handler again; the plugin had set datadog_lambda.handler.handler.' }];
const orders = functionSummary({ name: 'orders-api', status: 'drifted', drift, findings: drift });
const refunds = functionSummary({ name: 'refunds-api', status: 'drifted', drift, findings: drift });
const invoices = functionSummary({ name: 'invoice-worker' });
const loadtest = functionSummary({ name: 'loadtest-orders', exclusion: { source: 'tag', reason: 'Load-test target' } });

async function select(...names: string[]) {
  for (const name of names) await user.click(within(await findRow(name)).getByRole('checkbox'));
}

describe('Drift on the page', () => {
  it('shows Drifted and re-applies only the drifted functions of the selection', async () => {
    const backend = new FakeBackend([orders, refunds, invoices]);
    backend.expectJob([job([jobItem(orders.arn, { state: 'succeeded' }), jobItem(refunds.arn, { state: 'succeeded' })])]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(within(await findRow('orders-api')).getByText('Drifted')).toBeInTheDocument();
    await select('orders-api', 'refunds-api', 'invoice-worker');
    await user.click(screen.getByRole('button', { name: 'Re-apply to 2 drifted' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Each drifted function gets back what the plugin had applied');
    expect(within(dialog).getByRole('list', { name: 'Functions in this job' })).not.toHaveTextContent('invoice-worker');
    await user.click(within(dialog).getByRole('button', { name: 'Confirm and enable' }));
    await waitFor(() => expect(backend.jobRequests).toEqual([{ action: 'enable', functionArns: [orders.arn, refunds.arn] }]));
  });
});

describe('Exclusions on the page', () => {
  it('marks excluded functions and leaves them out of a bulk enable, with the reason', async () => {
    new FakeBackend([invoices, loadtest]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(within(await findRow('loadtest-orders')).getByText('Excluded')).toBeInTheDocument();
    await select('invoice-worker', 'loadtest-orders');
    await user.click(screen.getByRole('button', { name: 'Enable selected' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('list', { name: 'Left out' })).toHaveTextContent('loadtest-orders (111111111111 · eu-west-1): excluded from tracing: Load-test target');
  });

  it('counts excluded functions apart in the headline and the charts', async () => {
    const backend = new FakeBackend([invoices]);
    backend.summary = coverageSummary({ excluded: 7 });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(await screen.findByText(/1 of 4 functions have tracing · 7 excluded, not counted/)).toBeInTheDocument();
    const series = statusSeries([{ key: 'python', total: 1, traced: 0, byStatus: { untraced: 1 }, excluded: 2 }]);
    expect(series.at(-1)).toMatchObject({ id: 'excluded', color: EXCLUDED_COLOR, data: [2] });
  });

  it('excludes a pattern with a reason, shows the backend\'s 400 in words, and lifts an exclusion', async () => {
    const backend = new FakeBackend([invoices]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const form = await screen.findByRole('form', { name: 'Add an exclusion' });
    backend.exclusionError = { status: 400, name: 'InputError', message: 'Invalid pattern "a b": " " cannot be in a function name.' };
    await user.type(within(form).getByLabelText('Name pattern, e.g. loadtest-*'), 'a b');
    await user.type(within(form).getByLabelText('Reason'), 'test');
    await user.click(within(form).getByRole('button', { name: 'Exclude' }));
    expect(await within(form).findByText('Invalid pattern "a b": " " cannot be in a function name.')).toBeInTheDocument();

    backend.exclusionError = undefined;
    const pattern = within(form).getByLabelText('Name pattern, e.g. loadtest-*');
    await user.clear(pattern);
    await user.type(pattern, 'loadtest-*');
    await user.click(within(form).getByRole('button', { name: 'Exclude' }));
    const list = screen.getByRole('list', { name: 'Exclusions' });
    expect(await within(list).findByText('Names matching loadtest-*')).toBeInTheDocument();
    expect(list).toHaveTextContent('test · user:default/guest');
    await user.click(within(list).getByRole('button', { name: 'Lift the exclusion of loadtest-*' }));
    await waitFor(() => expect(within(list).queryByText('Names matching loadtest-*')).not.toBeInTheDocument());
  });

  it('says in the details why a function is excluded and by which tag', async () => {
    new FakeBackend([loadtest]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await user.click(within(await findRow('loadtest-orders')).getByRole('button', { name: 'loadtest-orders' }));
    expect(await screen.findByLabelText('Excluded from tracing')).toHaveTextContent(`Excluded from tracing coverage and bulk enable: Load-test target (its ${EXCLUDE_TAG} tag)`);
  });
});
