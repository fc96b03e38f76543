// @vitest-environment happy-dom
// Issue 11.6 on the page: a traced function says whether its traces actually arrive — seen (when),
// configured with none yet, or could not be checked (why) — in the table, the details and coverage.
import { screen, waitFor, within } from '@testing-library/react';
import type { TraceEvidence } from '../../../src/common/api';
import { FunctionDetails } from '../../../src/frontend/components/FunctionDetails';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { coverageSummary, functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const evidence = (overrides: Partial<TraceEvidence>): TraceEvidence => ({
  state: 'seen',
  source: 'datadog',
  seenAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  checkedAt: new Date(Date.now() - 60_000).toISOString(),
  windowHours: 6,
  reason: null,
  ...overrides,
});

const seen = functionSummary({ name: 'orders-api', status: 'datadog', applicability: 'already-done', traceEvidence: evidence({}) });
const quiet = functionSummary({ name: 'refunds-api', status: 'xray', applicability: 'already-done', traceEvidence: evidence({ state: 'none-yet', source: 'xray', seenAt: null }) });
const unchecked = functionSummary({
  name: 'invoice-worker',
  status: 'datadog',
  applicability: 'already-done',
  traceEvidence: evidence({ state: 'unknown', seenAt: null, reason: 'Could not ask Datadog: no serverlessTracing.datadog.applicationKey configured.' }),
});
const vendor = functionSummary({
  name: 'legacy-report',
  status: 'other',
  applicability: 'already-done',
  traceEvidence: evidence({ state: 'unknown', source: null, seenAt: null, checkedAt: null, windowHours: null, reason: 'Traced by another vendor: the plugin can ask only Datadog and X-Ray whether traces arrive.' }),
});
const untraced = functionSummary({ name: 'batch-import' });

describe('Proof that traces arrive', () => {
  it('tells seen, configured without traces, could not check and not checked apart in the table, and nothing for untraced functions', async () => {
    new FakeBackend([seen, quiet, unchecked, vendor, untraced]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(within(await findRow('orders-api')).getByTestId('trace-evidence')).toHaveTextContent('Traces seen 5 minutes ago');
    expect(within(await findRow('refunds-api')).getByTestId('trace-evidence')).toHaveTextContent('Configured, no traces yet');
    expect(within(await findRow('invoice-worker')).getByTestId('trace-evidence')).toHaveTextContent('Could not check');
    expect(within(await findRow('legacy-report')).getByTestId('trace-evidence')).toHaveTextContent('Not checked');
    expect(within(await findRow('batch-import')).queryByTestId('trace-evidence')).toBeNull();
  });

  it('gives the exact time of the newest trace on hover', async () => {
    new FakeBackend([seen]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    const time = within(within(await findRow('orders-api')).getByTestId('trace-evidence')).getByText('5 minutes ago');
    expect(time).toHaveAttribute('datetime', seen.traceEvidence!.seenAt);
  });

  it('says in the details why the traces could not be checked, and when it was tried', async () => {
    new FakeBackend([unchecked]);
    await renderWithApis(<FunctionDetails arn={unchecked.arn} refreshKey={0} onClose={() => {}} onEnable={() => {}} onRollback={() => {}} />);
    const note = await screen.findByTestId('trace-evidence');
    expect(note).toHaveTextContent('Could not check: Could not ask Datadog: no serverlessTracing.datadog.applicationKey configured. (checked 1 minute ago)');
  });

  it('filters on whether traces arrive, with the count of each state', async () => {
    const backend = new FakeBackend([seen, quiet, unchecked, untraced]);
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    await findRow('orders-api');
    await user.click(screen.getByRole('combobox', { name: 'Traces arriving' }));
    await user.click(await screen.findByRole('option', { name: 'Configured, no traces yet (1)' }));
    await waitFor(() => expect(backend.functionQueries[backend.functionQueries.length - 1].getAll('evidence')).toEqual(['none-yet']));
  });

  it('splits traced functions in coverage into traces seen, none yet and not checked, with a legend', async () => {
    const backend = new FakeBackend([seen, quiet, unchecked]);
    backend.summary = coverageSummary({ traced: 9, traceEvidence: { seen: 6, noneYet: 2, unknown: 1 } });
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />);
    expect(await screen.findByText('6 of 9 traced functions sent traces recently')).toBeInTheDocument();
    const legend = screen.getByRole('list', { name: 'Trace evidence legend' });
    expect(legend).toHaveTextContent('Traces seen: 6');
    expect(legend).toHaveTextContent('Configured, no traces yet: 2');
    expect(legend).toHaveTextContent('Not checked: 1');
    expect(screen.getByRole('img', { name: 'Traced functions: 6 with traces seen, 2 configured with no traces yet, 1 not checked' })).toBeInTheDocument();
  });
});
