import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { isCampaignFinished, type CampaignStaging, type CampaignSummary, type UpgradeCandidates } from '../../../common/campaigns';
import { serverlessTracingApiRef } from '../../api';
import { humanErrorMessage } from '../../errors';
import { toError, useLoader } from '../../hooks/useLoader';
import { CAMPAIGN_STATE_COLORS, CAMPAIGN_STATE_LABELS } from '../../labels';
import { LoadError } from '../LoadError';
import { RelativeTime } from '../RelativeTime';

/**
 * Layer upgrades: how many functions run Datadog layers older than the configured versions, a dialog
 * to start a staged campaign over them, and the latest campaign's stages, state and (when it stopped)
 * why, with Continue and Cancel while it is under way.
 */
export function LayerUpgradesCard(props: { pollIntervalMs: number; onChanged?: () => void }) {
  const api = useApi(serverlessTracingApiRef);
  const [reloads, setReloads] = useState(0);
  const reload = () => setReloads(n => n + 1);
  const loaded = useLoader(async () => {
    const [candidates, campaigns] = await Promise.all([api.getUpgradeCandidates(), api.listCampaigns(1)]);
    return { candidates, latest: campaigns[0] as CampaignSummary | undefined };
  }, [api, reloads]);
  const [starting, setStarting] = useState(false);
  const [actionError, setActionError] = useState<Error>();
  const latest = loaded.value?.latest;
  const underWay = latest !== undefined && !isCampaignFinished(latest);
  const { onChanged, pollIntervalMs } = props;

  // Follows a campaign under way.
  useEffect(() => {
    if (!underWay || loaded.loading) return undefined;
    const timer = setTimeout(() => setReloads(n => n + 1), pollIntervalMs);
    return () => clearTimeout(timer);
  }, [underWay, loaded.loading, pollIntervalMs]);
  // The functions' table, coverage and jobs change when a stage starts or ends, not at every look.
  const progress = loaded.value ? `${latest?.id} ${latest?.state} ${latest?.currentStage}` : undefined;
  const seen = useRef<string>();
  useEffect(() => {
    if (progress === undefined || progress === seen.current) return;
    const first = seen.current === undefined;
    seen.current = progress;
    if (!first) onChanged?.();
  }, [progress, onChanged]);

  const act = (action: (id: string) => Promise<unknown>) =>
    action(latest!.id).then(
      () => {
        setActionError(undefined);
        reload();
      },
      error => setActionError(toError(error)),
    );

  const candidates = loaded.value?.candidates;
  return (
    <InfoCard title="Layer upgrades" action={<Button size="small" onClick={reload}>Reload</Button>}>
      {loaded.loading && !loaded.value && <Progress />}
      {loaded.error && <LoadError what="the layer upgrades" error={loaded.error} onRetry={reload} />}
      {candidates && <Behind candidates={candidates} />}
      {latest && (
        <CampaignProgress
          campaign={latest}
          onContinue={() => act(id => api.continueCampaign(id))}
          onCancel={() => act(id => api.cancelCampaign(id))}
        />
      )}
      {actionError && <Alert severity="error" sx={{ mt: 1 }}>{humanErrorMessage(actionError)}</Alert>}
      {candidates && candidates.upgradable > 0 && !underWay && (
        <Button variant="outlined" sx={{ mt: 1 }} onClick={() => setStarting(true)}>
          Start an upgrade campaign
        </Button>
      )}
      {starting && candidates && (
        <StartCampaignDialog
          upgradable={candidates.upgradable}
          onClose={() => setStarting(false)}
          onStarted={() => {
            setStarting(false);
            reload();
          }}
        />
      )}
    </InfoCard>
  );
}

function Behind(props: { candidates: UpgradeCandidates }) {
  const { total, upgradable, targetVersions, byAccount } = props.candidates;
  const target = Object.entries(targetVersions).map(([family, version]) => `${family} ${version}`).join(', ');
  if (total === 0) {
    return <Typography variant="body2">Every function on Datadog layers runs the configured versions ({target}) or newer.</Typography>;
  }
  return (
    <Box aria-label="Functions behind the configured layer versions">
      <Typography variant="body2" gutterBottom>
        <strong>{total}</strong> {total === 1 ? 'function runs' : 'functions run'} Datadog layers older than the configured versions ({target});{' '}
        {upgradable === total ? 'all' : upgradable} can be upgraded in one click.
      </Typography>
      <Typography variant="body2" color="text.secondary">
        By account: {byAccount.map(group => `${group.value} (${group.count})`).join(', ')}
      </Typography>
    </Box>
  );
}

function CampaignProgress(props: { campaign: CampaignSummary; onContinue: () => void; onCancel: () => void }) {
  const { campaign } = props;
  const underWay = !isCampaignFinished(campaign);
  return (
    <Box sx={{ mt: 2 }} aria-label="Latest upgrade campaign">
      <Stack direction="row" spacing={1} alignItems="center">
        <Typography variant="subtitle2">Latest campaign</Typography>
        <Chip size="small" color={CAMPAIGN_STATE_COLORS[campaign.state]} label={CAMPAIGN_STATE_LABELS[campaign.state]} />
        <Typography variant="body2" color="text.secondary">
          by {campaign.createdBy}, <RelativeTime iso={campaign.createdAt} />
        </Typography>
      </Stack>
      {campaign.state === 'pausing' && campaign.nextStageAt && (
        <Typography variant="body2">
          The next stage starts by itself <RelativeTime iso={campaign.nextStageAt} />.
        </Typography>
      )}
      {campaign.reason && <Alert severity={campaign.state === 'stopped' ? 'error' : 'info'} sx={{ mt: 1 }}>{campaign.reason}</Alert>}
      <List dense aria-label="Campaign stages">
        {campaign.stages.map((stage, index) => (
          <ListItem key={index} disableGutters>
            <ListItemText
              primary={`Stage ${index + 1}: ${stage.label} · ${stage.functions} ${stage.functions === 1 ? 'function' : 'functions'}`}
              secondary={stageProgress(campaign, index)}
            />
          </ListItem>
        ))}
      </List>
      {underWay && (
        <Stack direction="row" spacing={1}>
          {(campaign.state === 'waiting-for-approval' || campaign.state === 'pausing') && (
            <Button variant="contained" size="small" onClick={props.onContinue}>
              Continue with the next stage
            </Button>
          )}
          <Button size="small" onClick={props.onCancel}>
            Cancel the campaign
          </Button>
        </Stack>
      )}
    </Box>
  );
}

function stageProgress(campaign: CampaignSummary, index: number): string {
  const stage = campaign.stages[index];
  const leftOut = stage.excludedSince > 0 ? `; ${stage.excludedSince} excluded since, left out` : '';
  if (stage.finishedAt && !stage.jobId) return 'Nothing to do: every function in it was excluded after the campaign was created';
  if (stage.finishedAt) return `Done (job ${stage.jobId}${leftOut})`;
  if (stage.jobId) return campaign.state === 'running' ? `Upgrading (job ${stage.jobId}${leftOut})` : `Ended (job ${stage.jobId}${leftOut})`;
  return 'Not started';
}

function StartCampaignDialog(props: { upgradable: number; onClose: () => void; onStarted: () => void }) {
  const api = useApi(serverlessTracingApiRef);
  const [by, setBy] = useState<CampaignStaging['by']>('account');
  const [firstPercent, setFirstPercent] = useState('10');
  const [pauseMinutes, setPauseMinutes] = useState('10');
  const [requireApproval, setRequireApproval] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<Error>();

  const submit = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const staging: CampaignStaging = by === 'percentage' ? { by, firstPercent: Number(firstPercent) } : { by };
      // The backend checks both numbers and answers 400 with what is wrong.
      await api.createCampaign({ staging, pauseSeconds: Math.round(Number(pauseMinutes) * 60), requireApproval });
      props.onStarted();
    } catch (e) {
      setError(toError(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog open onClose={props.onClose} aria-labelledby="start-campaign-title" fullWidth maxWidth="sm">
      <DialogTitle id="start-campaign-title">Upgrade {props.upgradable} {props.upgradable === 1 ? 'function' : 'functions'} in stages</DialogTitle>
      <DialogContent>
        <Typography variant="body2" gutterBottom>
          Each stage is an enable job that moves the Datadog layers to the configured versions, with a checkpoint per
          function for an exact rollback. The campaign stops by itself at the first function that fails; later stages do not start.
        </Typography>
        <RadioGroup aria-label="Stage by" value={by} onChange={event => setBy(event.target.value as CampaignStaging['by'])}>
          <FormControlLabel value="account" control={<Radio />} label="One account at a time, the smallest first" />
          <FormControlLabel value="owner" control={<Radio />} label="One owner at a time, the smallest first" />
          <FormControlLabel value="percentage" control={<Radio />} label="A first share of the functions, then the rest" />
        </RadioGroup>
        {by === 'percentage' && (
          <TextField size="small" type="number" label="First stage, % of the functions" value={firstPercent} onChange={event => setFirstPercent(event.target.value)} sx={{ mt: 1 }} />
        )}
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 2 }}>
          <TextField size="small" type="number" label="Pause between stages (minutes)" value={pauseMinutes} onChange={event => setPauseMinutes(event.target.value)} />
          <FormControlLabel
            control={<Checkbox checked={requireApproval} onChange={event => setRequireApproval(event.target.checked)} />}
            label="Wait for Continue before each later stage"
          />
        </Stack>
        {error && <Alert severity="error" sx={{ mt: 2 }}>{humanErrorMessage(error)}</Alert>}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
        <Button variant="contained" disabled={saving} onClick={() => void submit()}>
          Start the campaign
        </Button>
      </DialogActions>
    </Dialog>
  );
}
