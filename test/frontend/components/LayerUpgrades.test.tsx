// @vitest-environment happy-dom
// The "Layer upgrades" card: how many functions are behind the configured Datadog layer versions, a
// dialog that starts a staged campaign, and the campaign's stages, state and stop reason with
// Continue and Cancel.
import { screen, waitFor, within } from '@testing-library/react';
import { LayerUpgradesCard } from '../../../src/frontend/components/LayerUpgradesCard';
import { campaign, upgradeCandidates } from '../fixtures';
import { FakeBackend, FAST_POLL_MS, renderWithApis, user } from '../harness';

const behind = upgradeCandidates({
  total: 4,
  upgradable: 3,
  byAccount: [{ value: '111111111111', count: 3 }, { value: '222222222222', count: 1 }],
});

describe('LayerUpgradesCard', () => {
  it('counts the functions behind the configured versions and starts a campaign staged as chosen', async () => {
    const backend = new FakeBackend();
    backend.candidates = behind;
    backend.nextCampaign = campaign();
    await renderWithApis(<LayerUpgradesCard pollIntervalMs={FAST_POLL_MS} />);

    const counts = await screen.findByLabelText('Functions behind the configured layer versions');
    expect(counts).toHaveTextContent('4 functions run Datadog layers older than the configured versions (extension 100, python 128');
    expect(counts).toHaveTextContent('3 can be upgraded in one click');
    expect(counts).toHaveTextContent('By account: 111111111111 (3), 222222222222 (1)');

    await user.click(screen.getByRole('button', { name: 'Start an upgrade campaign' }));
    const dialog = await screen.findByRole('dialog', { name: 'Upgrade 3 functions in stages' });
    await user.click(within(dialog).getByLabelText('A first share of the functions, then the rest'));
    const share = within(dialog).getByLabelText('First stage, % of the functions');
    await user.clear(share);
    await user.type(share, '25');
    const pause = within(dialog).getByLabelText('Pause between stages (minutes)');
    await user.clear(pause);
    await user.type(pause, '2');
    await user.click(within(dialog).getByLabelText('Wait for Continue before each later stage'));
    await user.click(within(dialog).getByRole('button', { name: 'Start the campaign' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(backend.campaignRequests).toEqual([{ staging: { by: 'percentage', firstPercent: 25 }, pauseSeconds: 120, requireApproval: true }]);
    const progress = await screen.findByLabelText('Latest upgrade campaign');
    expect(within(progress).getByText('Upgrading a stage')).toBeInTheDocument();
    expect(within(progress).getByText('Stage 1: account 111111111111 · 1 function')).toBeInTheDocument();
    expect(within(progress).getByText('Upgrading (job job-1)')).toBeInTheDocument();
    expect(within(progress).getByText('Stage 2: account 222222222222 · 2 functions')).toBeInTheDocument();
    expect(within(progress).getByText('Not started')).toBeInTheDocument();
    // No second campaign while one is under way.
    expect(screen.queryByRole('button', { name: 'Start an upgrade campaign' })).not.toBeInTheDocument();
  });

  it("shows the backend's message when a campaign cannot start, and keeps the dialog open", async () => {
    const backend = new FakeBackend();
    backend.candidates = behind;
    await renderWithApis(<LayerUpgradesCard pollIntervalMs={FAST_POLL_MS} />);

    await user.click(await screen.findByRole('button', { name: 'Start an upgrade campaign' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Start the campaign' }));
    expect(await within(dialog).findByText('No function can be upgraded.')).toBeInTheDocument();
    expect(backend.campaignRequests).toEqual([{ staging: { by: 'account' }, pauseSeconds: 600, requireApproval: false }]);
  });

  it('continues a campaign waiting for approval, and cancels one under way', async () => {
    const backend = new FakeBackend();
    backend.candidates = behind;
    const done = { ...campaign().stages[0], finishedAt: '2025-05-03T09:05:00.000Z' };
    backend.campaigns = [campaign({ state: 'waiting-for-approval', stages: [done, campaign().stages[1]] })];
    const onChanged = vi.fn();
    await renderWithApis(<LayerUpgradesCard pollIntervalMs={FAST_POLL_MS} onChanged={onChanged} />);

    const progress = await screen.findByLabelText('Latest upgrade campaign');
    expect(within(progress).getByText('Waiting for Continue')).toBeInTheDocument();
    expect(within(progress).getByText('Done (job job-1)')).toBeInTheDocument();
    expect(onChanged).not.toHaveBeenCalled();
    await user.click(within(progress).getByRole('button', { name: 'Continue with the next stage' }));
    expect(await within(progress).findByText('Upgrading (job job-2)')).toBeInTheDocument();
    // The page reloads the functions when a stage starts, not at every look of the card.
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));

    await user.click(within(progress).getByRole('button', { name: 'Cancel the campaign' }));
    expect(await within(progress).findByText('Cancelled')).toBeInTheDocument();
    expect(within(progress).getByText(/Cancelled by user:default\/jane/)).toBeInTheDocument();
    expect(backend.campaignActions).toEqual(['continue campaign-1', 'cancel campaign-1']);
    expect(within(progress).queryByRole('button', { name: /Cancel the campaign/ })).not.toBeInTheDocument();
  });

  it('says why a campaign stopped and names the function', async () => {
    const backend = new FakeBackend();
    backend.candidates = behind;
    const reason = 'Stage 2 of 2 (account 222222222222): 1 of 2 function(s) in job job-2 did not upgrade; the first, arn:aws:lambda:eu-west-1:222222222222:function:billing-api, failed: Access denied.';
    backend.campaigns = [campaign({ state: 'stopped', reason, currentStage: 1 })];
    await renderWithApis(<LayerUpgradesCard pollIntervalMs={FAST_POLL_MS} />);

    const progress = await screen.findByLabelText('Latest upgrade campaign');
    expect(within(progress).getByText('Stopped at a failure')).toBeInTheDocument();
    expect(within(progress).getByRole('alert')).toHaveTextContent(reason);
    expect(within(progress).queryByRole('button', { name: 'Continue with the next stage' })).not.toBeInTheDocument();
    // A stopped campaign does not hold back the next one.
    expect(screen.getByRole('button', { name: 'Start an upgrade campaign' })).toBeInTheDocument();
  });

  it('says so when every Datadog function runs the configured versions', async () => {
    new FakeBackend();
    await renderWithApis(<LayerUpgradesCard pollIntervalMs={FAST_POLL_MS} />);
    expect(await screen.findByText(/Every function on Datadog layers runs the configured versions/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Start an upgrade campaign' })).not.toBeInTheDocument();
  });
});
