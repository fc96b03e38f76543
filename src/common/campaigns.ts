// Layer upgrade campaigns, as data: which Datadog layers of a function are older than the configured
// versions, and how a fleet of such functions is cut into stages (one account, one owner, or a first
// share of the fleet at a time). Pure: the backend stores and runs campaigns, the page shows them.
import type { FunctionConfig, LayerVersions, Solution } from './model';
import { datadogLayersOf } from './detect';

/** One Datadog layer of a function behind the configured version. */
export interface LayerUpgrade {
  /** The layer's name, e.g. Datadog-Python312 or Datadog-Extension-ARM. */
  name: string;
  current: number;
  target: number;
}

/** The function's Datadog layers older than the configured versions (newer ones are kept, never downgraded). */
export function layerUpgradesOf(config: FunctionConfig, versions: LayerVersions, layerAccount?: string): LayerUpgrade[] {
  return datadogLayersOf(config, layerAccount)
    .filter(layer => layer.layer.version < versions[layer.family])
    .map(layer => ({ name: layer.layer.name, current: layer.layer.version, target: versions[layer.family] }));
}

/**
 * What a stage's enable job applies. dd-trace re-plans the Datadog layers at the configured versions
 * and leaves X-Ray as it is (a merged function keeps its active tracing and flag), so the job upgrades
 * the layers whatever the function's recommendation, through the same checkpoints and exact rollback.
 */
export const UPGRADE_SOLUTION: Solution = 'dd-trace';

/** How a campaign cuts its functions into stages. */
export type CampaignStaging =
  /** One stage per account, the account with the fewest functions first (the smallest blast radius). */
  | { by: 'account' }
  /** One stage per owner, the owner with the fewest functions first; unowned functions last. */
  | { by: 'owner' }
  /** A first share of the functions (at least one), then the rest. */
  | { by: 'percentage'; firstPercent: number };

export const CAMPAIGN_STAGINGS = ['account', 'owner', 'percentage'] as const;

/** What staging needs to know of a function. */
export interface StageableFunction {
  arn: string;
  accountId: string;
  owner: string | null;
}

export interface PlannedStage {
  /** For people: "account 111111111111", "owner component:default/payments", "first 10%", "the rest". */
  label: string;
  functionArns: string[];
}

/** The stages, in the order they run; every function in exactly one. Deterministic: ARNs sorted within a stage. */
export function planStages(functions: readonly StageableFunction[], staging: CampaignStaging): PlannedStage[] {
  const sorted = [...functions].sort((a, b) => a.arn.localeCompare(b.arn));
  if (sorted.length === 0) return [];
  if (staging.by === 'percentage') {
    const first = Math.min(sorted.length, Math.max(1, Math.ceil((sorted.length * staging.firstPercent) / 100)));
    const stages = [{ label: `first ${staging.firstPercent}%`, functionArns: sorted.slice(0, first).map(fn => fn.arn) }];
    if (first < sorted.length) stages.push({ label: 'the rest', functionArns: sorted.slice(first).map(fn => fn.arn) });
    return stages;
  }
  const groups = new Map<string | null, string[]>();
  for (const fn of sorted) {
    const key = staging.by === 'account' ? fn.accountId : fn.owner;
    groups.set(key, [...(groups.get(key) ?? []), fn.arn]);
  }
  return [...groups]
    .sort(([a, aArns], [b, bArns]) => (a === null ? 1 : 0) - (b === null ? 1 : 0) || aArns.length - bArns.length || String(a).localeCompare(String(b)))
    .map(([key, functionArns]) => ({
      label: staging.by === 'account' ? `account ${key}` : key === null ? 'functions without an owner' : `owner ${key}`,
      functionArns,
    }));
}

/**
 * running: a stage's job is under way. pausing: between stages until `nextStageAt`.
 * waiting-for-approval: between stages until a person presses Continue. completed: every stage
 * upgraded. stopped: a stage had a failure, the later stages never started. cancelled: by a person.
 */
export type CampaignState = 'running' | 'pausing' | 'waiting-for-approval' | 'completed' | 'stopped' | 'cancelled';

export function isCampaignFinished(campaign: Pick<Campaign, 'state'>): boolean {
  return campaign.state === 'completed' || campaign.state === 'stopped' || campaign.state === 'cancelled';
}

export interface CampaignStage extends PlannedStage {
  /** The stage's enable job, once it started (none when every function was left out). */
  jobId: string | null;
  /**
   * Functions excluded after the campaign was created: left out of the stage's job, because that
   * later decision of a person wins over the campaign's plan.
   */
  excludedSince: string[];
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Campaign {
  id: string;
  state: CampaignState;
  /** The layer versions configured when it was created: what every function is moved to. */
  targetVersions: LayerVersions;
  staging: CampaignStaging;
  /** Seconds between a stage's end and the next stage's start. */
  pauseSeconds: number;
  /** Each later stage waits for a person to press Continue. */
  requireApproval: boolean;
  stages: CampaignStage[];
  /** The stage running or last run (0-based). */
  currentStage: number;
  /** When the next stage starts by itself (state pausing). */
  nextStageAt: string | null;
  /** Why it stopped or was cancelled, in words for people (names the function and AWS's message). */
  reason: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** A campaign in the list: its stages without their functions. */
export type CampaignSummary = Omit<Campaign, 'stages'> & {
  stages: Array<Omit<CampaignStage, 'functionArns' | 'excludedSince'> & { functions: number; excludedSince: number }>;
};

export interface CreateCampaignRequest {
  staging: CampaignStaging;
  /** Default: serverlessTracing.campaigns.pauseSeconds. */
  pauseSeconds?: number;
  requireApproval?: boolean;
}

/** A function on older Datadog layers. */
export interface UpgradeCandidate {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  owner: string | null;
  upgrades: LayerUpgrade[];
  /** Why a campaign leaves it out (excluded, blocked, needs a code change…); null when it takes it. */
  notUpgradable: string | null;
}

export interface UpgradeCandidates {
  targetVersions: LayerVersions;
  /** Functions on older Datadog layers, fleet-wide. */
  total: number;
  /** Of them, what a campaign would take. */
  upgradable: number;
  byAccount: Array<{ value: string; count: number }>;
  byOwner: Array<{ value: string | null; count: number }>;
  items: UpgradeCandidate[];
}
