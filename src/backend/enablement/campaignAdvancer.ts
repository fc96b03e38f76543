// Moves layer upgrade campaigns along, from what the database says (so a restarted backend, or any
// replica, picks up where another left off): a pause that has elapsed starts the next stage's job; a
// stage whose job finished is judged — any failed or cancelled item stops the campaign there, naming
// the function and the message, and so does a function still behind the target versions after its
// job; otherwise the campaign completes, pauses, or waits for a person's Continue. Every move is a
// compare-and-set on the campaign's version: of two replicas, one starts a stage, the other's job is
// cancelled before any of it runs.
import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { isJobFinished, type Job } from '../../common/api';
import { layerUpgradesOf, type Campaign, type CampaignStage } from '../../common/campaigns';
import type { DatadogSettings } from '../../common/model';
import type { CampaignSettings } from '../config';
import type { JobStarter } from '../jobStarter';
import type { CampaignChange, Stores } from '../store/types';
import type { JobsService } from './jobs';
import { OUTDATED_LAYER } from './campaigns';


export interface CampaignAdvancer {
  /** Looks at every campaign under way once (what the loop does each interval). */
  advance(): Promise<void>;
  /** Starts looking every checkIntervalMs. */
  start(): void;
  /** Looks again now: a campaign has a stage to start. */
  kick(): void;
  stop(): Promise<void>;
}

export function createCampaignAdvancer(options: {
  stores: Pick<Stores, 'campaigns' | 'inventory'>;
  jobs: Pick<JobsService, 'get' | 'cancel' | 'lookUpKnown'>;
  jobStarter: Pick<JobStarter, 'campaignStage'>;
  auditor: AuditorService;
  logger: LoggerService;
  datadog: Pick<DatadogSettings, 'layerAccount'>;
  settings: Pick<CampaignSettings, 'checkIntervalMs'>;
}): CampaignAdvancer {
  const { stores, jobs, jobStarter, auditor, logger, datadog, settings } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let looking: Promise<void> | undefined;
  let again = false;
  let stopped = true;

  async function advance(): Promise<void> {
    const underWay = await stores.campaigns.inState(['running', 'pausing']);
    for (const { campaign, version } of underWay) {
      try {
        if (campaign.state === 'pausing') await afterPause(campaign, version);
        else await judgeStage(campaign, version);
      } catch (error) {
        logger.error(`Campaign ${campaign.id}: could not advance (${(error as Error).message}); trying again at the next look.`);
      }
    }
  }

  async function afterPause(campaign: Campaign, version: number): Promise<void> {
    if (campaign.nextStageAt !== null && Date.parse(campaign.nextStageAt) > Date.now()) return;
    const index = campaign.stages.findIndex(stage => stage.startedAt === null);
    if (index < 0) {
      await move(campaign, version, { state: 'completed', nextStageAt: null }, 'campaign-completed');
      return;
    }
    const stage = campaign.stages[index];
    const { included, excludedSince } = await withoutExcluded(stage.functionArns);
    if (included.length === 0) {
      const at = new Date().toISOString();
      await afterStage(campaign, version, index, withStage(campaign.stages, index, { excludedSince, startedAt: at, finishedAt: at }));
      return;
    }
    const job = await jobStarter.campaignStage(campaign, index, included);
    const stages = withStage(campaign.stages, index, { jobId: job.id, excludedSince, startedAt: job.createdAt });
    if (!(await stores.campaigns.change(campaign.id, version, { state: 'running', stages, currentStage: index, nextStageAt: null }))) {
      // Another replica moved the campaign first (started this stage, or it was cancelled): this job must not run.
      await jobs.cancel(job.id, `Not needed: campaign ${campaign.id} changed while this stage was starting; nothing was changed on this function.`).catch(ignoreFinished);
      return;
    }
    const leftOut = excludedSince.length > 0 ? `; ${excludedSince.length} excluded since the campaign was created are left out` : '';
    logger.info(`Campaign ${campaign.id}: stage ${index + 1} of ${campaign.stages.length} (${stage.label}) started as job ${job.id} for ${included.length} function(s)${leftOut}.`);
  }

  /** The stage's functions that are not excluded now (a function gone from the inventory stays in: its item says so). */
  async function withoutExcluded(functionArns: string[]): Promise<{ included: string[]; excludedSince: string[] }> {
    const excluded = new Set((await jobs.lookUpKnown(functionArns)).filter(fn => fn.exclusion).map(fn => fn.arn));
    return { included: functionArns.filter(arn => !excluded.has(arn)), excludedSince: functionArns.filter(arn => excluded.has(arn)) };
  }

  async function judgeStage(campaign: Campaign, version: number): Promise<void> {
    const index = campaign.currentStage;
    const stage = campaign.stages[index];
    const job = await jobs.get(stage.jobId!);
    if (!isJobFinished(job)) return;
    const stages = withStage(campaign.stages, index, { finishedAt: job.finishedAt });
    const failure = stageFailure(job) ?? (await stillBehind(campaign, stage));
    if (failure) {
      const later = campaign.stages.length - index - 1;
      const reason = `Stage ${index + 1} of ${campaign.stages.length} (${stage.label}): ${failure}${later > 0 ? ` The ${later} later stage(s) were not started.` : ''}`;
      await move(campaign, version, { state: 'stopped', stages, reason, nextStageAt: null }, 'campaign-stopped');
      return;
    }
    await afterStage(campaign, version, index, stages);
  }

  /** Stage `index` went through: the campaign completes, waits for a person or pauses. */
  async function afterStage(campaign: Campaign, version: number, index: number, stages: CampaignStage[]): Promise<void> {
    if (index === campaign.stages.length - 1) {
      await move(campaign, version, { state: 'completed', stages, currentStage: index, nextStageAt: null }, 'campaign-completed');
    } else if (campaign.requireApproval) {
      await move(campaign, version, { state: 'waiting-for-approval', stages, currentStage: index, nextStageAt: null }, 'campaign-stage-finished');
    } else {
      const nextStageAt = new Date(Date.now() + campaign.pauseSeconds * 1000).toISOString();
      await move(campaign, version, { state: 'pausing', stages, currentStage: index, nextStageAt }, 'campaign-stage-finished');
      // No pause: the next stage starts at this look, not the next one.
      if (campaign.pauseSeconds === 0) again = true;
    }
  }

  /** A failed or cancelled item of the stage's job, in words: the first one, and how many there were. */
  function stageFailure(job: Job): string | undefined {
    const bad = job.items.filter(item => item.state === 'failed' || item.state === 'cancelled');
    if (bad.length === 0) return undefined;
    const first = bad.find(item => item.state === 'failed') ?? bad[0];
    const what = first.state === 'failed' ? 'failed' : 'was cancelled';
    return `${bad.length} of ${job.counts.total} function(s) in job ${job.id} did not upgrade; the first, ${first.functionArn}, ${what}: ${first.message ?? 'no message'}`;
  }

  /** A function of the stage still behind the campaign's target versions, as recorded after its item. */
  async function stillBehind(campaign: Campaign, stage: CampaignStage): Promise<string | undefined> {
    const excluded = new Set(stage.excludedSince);
    const inStage = new Set(stage.functionArns.filter(arn => !excluded.has(arn)));
    // One query for the whole stage: only functions detection found outdated can be behind.
    for (const { summary, config } of await stores.inventory.withFinding(OUTDATED_LAYER)) {
      if (!inStage.has(summary.arn)) continue;
      const behind = layerUpgradesOf(config, campaign.targetVersions, datadog.layerAccount);
      if (behind.length > 0) {
        const layers = behind.map(layer => `${layer.name}:${layer.current} (target ${layer.target})`).join(', ');
        return `${summary.arn} is still on older Datadog layers after its job succeeded: ${layers}.`;
      }
    }
    return undefined;
  }

  async function move(campaign: Campaign, version: number, change: CampaignChange, eventId: string): Promise<void> {
    if (!(await stores.campaigns.change(campaign.id, version, change))) return;
    const stage = (change.currentStage ?? campaign.currentStage) + 1;
    const event = await auditor.createEvent({
      eventId,
      severityLevel: change.state === 'stopped' ? 'high' : 'medium',
      meta: { campaignId: campaign.id, stage, stages: campaign.stages.length, state: change.state, actor: campaign.createdBy },
    });
    if (change.state === 'stopped') {
      await event.fail({ error: new Error(change.reason ?? 'stopped') });
      logger.warn(`Campaign ${campaign.id} stopped: ${change.reason}`);
    } else {
      await event.success();
      logger.info(`Campaign ${campaign.id}: stage ${stage} of ${campaign.stages.length} done; now ${change.state}.`);
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void look(), delayMs);
    timer.unref?.();
  }

  async function look(): Promise<void> {
    if (looking) {
      again = true;
      return;
    }
    again = false;
    looking = advance().catch(error => logger.error(`Could not look at the layer upgrade campaigns: ${(error as Error).message}`));
    await looking;
    looking = undefined;
    schedule(again ? 0 : settings.checkIntervalMs);
  }

  return {
    advance,
    start() {
      stopped = false;
      schedule(0);
    },
    kick() {
      if (looking) again = true;
      else schedule(0);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await looking;
    },
  };
}

function withStage(stages: CampaignStage[], index: number, change: Partial<CampaignStage>): CampaignStage[] {
  return stages.map((stage, i) => (i === index ? { ...stage, ...change } : stage));
}

function ignoreFinished(error: unknown): void {
  if (!(error instanceof ConflictError)) throw error;
}
