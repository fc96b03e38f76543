// @vitest-environment happy-dom
import { useEffect, useRef, useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import { useLocation, useNavigate, useNavigationType } from 'react-router-dom';
import { mockApis } from '@backstage/test-utils';
import { TracingPage } from '../../../src/frontend/components/TracingPage';
import { functionSummary } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, findRow, renderWithApis, user } from '../harness';

const orders = functionSummary({ name: 'orders-api' });
const invoices = functionSummary({ name: 'invoice-worker' });

/** Stands for the browser's Back and Forward buttons and counts the history entries the page pushed. */
function HistoryProbe() {
  const location = useLocation();
  const type = useNavigationType();
  const navigate = useNavigate();
  const [pushes, setPushes] = useState(0);
  const seen = useRef(location.key);
  useEffect(() => {
    if (location.key !== seen.current && type === 'PUSH') setPushes(n => n + 1);
    seen.current = location.key;
  }, [location.key, type]);
  return (
    <div>
      <button onClick={() => navigate(-1)}>Browser back</button>
      <button onClick={() => navigate(1)}>Browser forward</button>
      <output aria-label="Pushed entries">{pushes}</output>
      <output aria-label="Address">{location.search}</output>
    </div>
  );
}

function renderPageWithHistory(url?: string) {
  return renderWithApis(
    <>
      <TracingPage pollIntervalMs={FAST_POLL_MS} />
      <HistoryProbe />
    </>,
    url ? { url } : {},
  );
}

const pushed = () => screen.getByLabelText('Pushed entries').textContent;
const drawerOpen = () => screen.queryByRole('button', { name: 'Close details' }) !== null;

describe('Browser history', () => {
  it('typing a search adds no history entry', async () => {
    new FakeBackend([orders, invoices]);
    await renderPageWithHistory();
    await findRow('orders-api');
    await user.type(screen.getByLabelText('Search functions'), 'orders');
    await waitFor(() => expect(screen.getByLabelText('Address')).toHaveTextContent('q=orders'));
    expect(pushed()).toBe('0');
  });

  it('opening a function pushes one entry: Back closes the details, Forward opens them again', async () => {
    new FakeBackend([orders, invoices]);
    await renderPageWithHistory('/?q=orders');
    const row = await findRow('orders-api');
    await user.click(within(row).getByRole('button', { name: 'orders-api' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'orders-api' })).toBeInTheDocument();
    expect(pushed()).toBe('1');

    await user.click(screen.getByRole('button', { name: 'Browser back', hidden: true }));
    await waitFor(() => expect(drawerOpen()).toBe(false));
    expect(screen.getByLabelText('Address')).toHaveTextContent(/^\?q=orders$/);

    await user.click(screen.getByRole('button', { name: 'Browser forward', hidden: true }));
    expect(await screen.findByRole('heading', { level: 2, name: 'orders-api' })).toBeInTheDocument();
  });

  it('closing the details goes back to the list entry instead of adding another', async () => {
    new FakeBackend([orders]);
    await renderPageWithHistory();
    const row = await findRow('orders-api');
    await user.click(within(row).getByRole('button', { name: 'orders-api' }));
    await user.click(await screen.findByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(drawerOpen()).toBe(false));
    // Forward is the details again: closing went back rather than writing over them.
    await user.click(screen.getByRole('button', { name: 'Browser forward', hidden: true }));
    expect(await screen.findByRole('heading', { level: 2, name: 'orders-api' })).toBeInTheDocument();
    expect(pushed()).toBe('1');
  });

  it('closing details opened from a shared link stays on the page', async () => {
    new FakeBackend([orders]);
    await renderPageWithHistory(`/?fn=${encodeURIComponent(orders.arn)}`);
    await user.click(await screen.findByRole('button', { name: 'Close details' }));
    await waitFor(() => expect(drawerOpen()).toBe(false));
    expect(screen.getByLabelText('Address')).toBeEmptyDOMElement();
    expect(await findRow('orders-api')).toBeInTheDocument();
  });
});

describe('Column chooser', () => {
  it('keeps the columns a person chose for the next visit', async () => {
    new FakeBackend([orders]);
    const storage = mockApis.storage();
    const first = await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { storage });
    await findRow('orders-api');
    expect(screen.queryByRole('columnheader', { name: 'Region' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Select columns' }));
    await user.click(await screen.findByRole('checkbox', { name: 'Region' }));
    expect(await screen.findByRole('columnheader', { name: 'Region' })).toBeInTheDocument();
    first.unmount();

    // A reload: the same stored preferences, a fresh page.
    await renderWithApis(<TracingPage pollIntervalMs={FAST_POLL_MS} />, { storage });
    await findRow('orders-api');
    expect(screen.getByRole('columnheader', { name: 'Region' })).toBeInTheDocument();
    // Not in the address: a shared link does not carry one person's columns.
    expect(window.location.search).not.toMatch(/region/i);
  });
});
