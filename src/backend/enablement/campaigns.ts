// Layer upgrade campaigns on a person's behalf: which functions are behind the configured Datadog
// layer versions (fleet-wide), starting a staged campaign over them (the per-function enable
// permission for every one, as a job would ask), continuing it past an approval step, cancelling it.
// The stages themselves are started and judged by the advancer (campaignAdvancer.ts), from the
// database, so a campaign outlives the backend that created it.
import type { AuditorService } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import { ConflictError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  isCampaignFinished,
  layerUpgradesOf,
  planStages,
  type Campaign,
  type CampaignSummary,
  type CreateCampaignRequest,
  type UpgradeCandidate,
  type UpgradeCandidates,
} from '../../common/campaigns';
import type { FunctionSummary } from '../../common/api';
import type { DatadogSettings } from '../../common/model';
import { isCredentials, type AccessControl, type Caller } from '../auth';
import type { CampaignSettings } from '../config';
import type { Stores } from '../store/types';
import type { JobsService } from './jobs';
import { audited as withAuditorEvent } from '../audited';

export interface CampaignsService {
  /** Functions on older Datadog layers, with their current and target versions, and what a campaign takes. */
  candidates(): Promise<UpgradeCandidates>;
  /**
   * Plans the stages over every upgradable candidate and stores the campaign; its first stage starts at
   * the advancer's next look. 403 names functions the user may not enable, 409 when there is nothing to
   * upgrade or another campaign is still under way.
   */
  create(caller: Caller, request: CreateCampaignRequest): Promise<Campaign>;
  list(limit: number): Promise<CampaignSummary[]>;
  get(id: string): Promise<Campaign>;
  /** Starts the next stage now (past an approval step or a pause); 409 when no stage is waiting. */
  continue(caller: Caller, id: string): Promise<Campaign>;
  /** Cancels the campaign and the items of its running stage not started yet; 409 when it has ended. */
  cancel(caller: Caller, id: string): Promise<Campaign>;
}

/** The finding detection gives a Datadog layer older than the configured version. */
export const OUTDATED_LAYER = 'outdated-layer';

/** Why a campaign leaves a function out, or null when it takes it. */
export function notUpgradable(fn: FunctionSummary): string | null {
  if (fn.exclusion) return `Excluded from tracing: ${fn.exclusion.reason}`;
  if (fn.applicability === 'blocked') return `One click cannot change it: ${fn.blockers.map(b => b.message).join(' ')}`;
  if (fn.applicability !== 'one-click') return `Not changed in one click (${fn.applicability}); see the function's details for the steps.`;
  return null;
}

export function createCampaignsService(options: {
  stores: Stores;
  jobs: Pick<JobsService, 'lookUpKnown' | 'cancel' | 'get'>;
  access: AccessControl;
  auditor: AuditorService;
  datadog: DatadogSettings;
  settings: CampaignSettings;
  /** Wakes the advancer: a campaign has a stage to start now. */
  kick: () => void;
}): CampaignsService {
  const { stores, jobs, access, auditor, datadog, settings, kick } = options;

  async function candidates(): Promise<UpgradeCandidates> {
    const rows = await stores.inventory.withFinding(OUTDATED_LAYER);
    const items: UpgradeCandidate[] = rows
      .map(({ summary, config }) => ({
        arn: summary.arn,
        name: summary.name,
        accountId: summary.accountId,
        region: summary.region,
        owner: summary.owner,
        upgrades: layerUpgradesOf(config, datadog.layerVersions, datadog.layerAccount),
        notUpgradable: notUpgradable(summary),
      }))
      // Recorded before the configured versions changed: only what is behind them now.
      .filter(item => item.upgrades.length > 0);
    return {
      targetVersions: datadog.layerVersions,
      total: items.length,
      upgradable: items.filter(item => item.notUpgradable === null).length,
      byAccount: counted(items.map(item => item.accountId)),
      byOwner: counted(items.map(item => item.owner)),
      items,
    };
  }

  async function get(id: string): Promise<Campaign> {
    const stored = await stores.campaigns.get(id);
    if (!stored) throw new NotFoundError(`There is no campaign ${id}.`);
    return stored.campaign;
  }

  /** The user, once they may enable tracing on every function of the campaign. */
  async function requireAllowed(caller: Caller, functionArns: string[], what: string) {
    const credentials = await access.requireUser(caller, what);
    // Functions gone from the inventory since need no permission to be left alone.
    const owners = await jobs.lookUpKnown(functionArns);
    const denied = await access.deniedFunctions(credentials, 'enable', owners);
    if (denied.length > 0) {
      throw new NotAllowedError(
        `You may not ${what}: it upgrades ${denied.length} function(s) you may not enable tracing on (${denied.slice(0, 3).join(', ')}${denied.length > 3 ? ', …' : ''}). Ask their owning teams or a Backstage admin for the permission.`,
      );
    }
    return credentials;
  }

  /** Runs `work` inside an auditor event named after it. */
  function audited<T>(caller: Caller, eventId: string, meta: JsonObject, work: () => Promise<T>): Promise<T> {
    return withAuditorEvent(auditor, { eventId, severityLevel: 'medium', request: isCredentials(caller) ? undefined : caller, meta }, work);
  }

  return {
    candidates,

    async create(caller, request) {
      const pauseSeconds = request.pauseSeconds ?? settings.pauseSeconds;
      return audited(caller, 'campaign-create', { staging: request.staging, pauseSeconds, requireApproval: request.requireApproval ?? false }, async () => {
        const upgradable = (await candidates()).items.filter(item => item.notUpgradable === null);
        const stages = planStages(upgradable, request.staging);
        const credentials = await requireAllowed(caller, stages.flatMap(stage => stage.functionArns), 'start this layer upgrade campaign');
        if (stages.length === 0) {
          throw new ConflictError('No function is on Datadog layers older than the configured versions that one click can upgrade; there is nothing to start.');
        }
        // Two campaigns over the same functions would fight over them (each stage's job supersedes the other's items).
        const created = await stores.campaigns.create({
          // Not started yet: the advancer starts the first stage at once (pausing, with no time to wait).
          state: 'pausing',
          targetVersions: datadog.layerVersions,
          staging: request.staging,
          pauseSeconds,
          requireApproval: request.requireApproval ?? false,
          stages: stages.map(stage => ({ ...stage, jobId: null, excludedSince: [], startedAt: null, finishedAt: null })),
          createdBy: credentials.principal.userEntityRef,
        });
        if (!created) {
          const [ongoing] = await stores.campaigns.inState(['running', 'pausing', 'waiting-for-approval']);
          const which = ongoing ? `Campaign ${ongoing.campaign.id} is still under way (${ongoing.campaign.state})` : 'Another campaign was started at the same moment';
          throw new ConflictError(`${which}; let it finish or cancel it before starting another.`);
        }
        kick();
        return created.campaign;
      });
    },

    async list(limit) {
      const campaigns = await stores.campaigns.list(limit);
      return campaigns.map(campaign => ({
        ...campaign,
        stages: campaign.stages.map(({ functionArns, excludedSince, ...stage }) => ({ ...stage, functions: functionArns.length, excludedSince: excludedSince.length })),
      }));
    },

    get,

    async continue(caller, id) {
      return audited(caller, 'campaign-continue', { campaignId: id }, async () => {
        const stored = await stores.campaigns.get(id);
        if (!stored) throw new NotFoundError(`There is no campaign ${id}.`);
        const { campaign, version } = stored;
        await requireAllowed(caller, campaign.stages.flatMap(stage => stage.functionArns), `continue campaign ${id}`);
        if (campaign.state !== 'waiting-for-approval' && campaign.state !== 'pausing') {
          throw new ConflictError(`Campaign ${id} is ${campaign.state}: no stage is waiting to start.`);
        }
        if (!(await stores.campaigns.change(id, version, { state: 'pausing', nextStageAt: new Date().toISOString() }))) {
          throw new ConflictError(`Campaign ${id} changed while you asked (its next stage may have started); look at it again.`);
        }
        kick();
        return get(id);
      });
    },

    async cancel(caller, id) {
      return audited(caller, 'campaign-cancel', { campaignId: id }, async () => {
        const stored = await stores.campaigns.get(id);
        if (!stored) throw new NotFoundError(`There is no campaign ${id}.`);
        const { campaign, version } = stored;
        const credentials = await requireAllowed(caller, campaign.stages.flatMap(stage => stage.functionArns), `cancel campaign ${id}`);
        if (isCampaignFinished(campaign)) throw new ConflictError(`Campaign ${id} has already ended (${campaign.state}); there is nothing to cancel.`);
        const actor = credentials.principal.userEntityRef;
        const reason = `Cancelled by ${actor} during stage ${campaign.currentStage + 1} of ${campaign.stages.length}; later stages were not started.`;
        if (!(await stores.campaigns.change(id, version, { state: 'cancelled', reason, nextStageAt: null }))) {
          throw new ConflictError(`Campaign ${id} changed while you asked (a stage may have started or ended); look at it again.`);
        }
        const jobId = campaign.stages[campaign.currentStage]?.jobId;
        if (campaign.state === 'running' && jobId) {
          await jobs.cancel(jobId, `Cancelled with campaign ${id} by ${actor} before it started; nothing was changed on this function.`).catch(error => {
            // The stage's job finished meanwhile: nothing left to cancel.
            if (!(error instanceof ConflictError)) throw error;
          });
        }
        return get(id);
      });
    },
  };
}

function counted<T extends string | null>(values: T[]): Array<{ value: T; count: number }> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}
