// Layer upgrade campaigns. A campaign is one row, its stages a JSON column (a campaign has a handful);
// every move of its state is a compare-and-set on `version`, so two replicas advancing the same
// campaign cannot both start its next stage.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { isCampaignFinished, type Campaign, type CampaignStage, type CampaignStaging, type CampaignState } from '../../common/campaigns';
import type { LayerVersions } from '../../common/model';
import { fromJson, isUniqueViolation, nowIso, toJson } from './sql';
import type { CampaignChange, CampaignStore, StoredCampaign } from './types';

const UNDER_WAY = 'yes';

interface CampaignRow {
  id: string;
  state: CampaignState;
  target_versions: string;
  staging: string;
  pause_seconds: number;
  require_approval: unknown;
  stages: string;
  current_stage: number;
  next_stage_at: string | null;
  reason: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  version: number;
}

function toCampaign(row: CampaignRow): StoredCampaign {
  return {
    campaign: {
      id: row.id,
      state: row.state,
      targetVersions: fromJson<LayerVersions>(row.target_versions),
      staging: fromJson<CampaignStaging>(row.staging),
      pauseSeconds: Number(row.pause_seconds),
      requireApproval: Boolean(Number(row.require_approval)),
      stages: fromJson<CampaignStage[]>(row.stages),
      currentStage: Number(row.current_stage),
      nextStageAt: row.next_stage_at,
      reason: row.reason,
      createdBy: row.created_by,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    version: Number(row.version),
  };
}

export class KnexCampaignStore implements CampaignStore {
  constructor(private readonly knex: Knex) {}

  async create(input: Pick<Campaign, 'targetVersions' | 'staging' | 'pauseSeconds' | 'requireApproval' | 'stages' | 'createdBy'> & { state: CampaignState }): Promise<StoredCampaign | undefined> {
    const id = randomUUID();
    const now = nowIso();
    try {
      await this.insert(id, now, input);
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
    return (await this.get(id))!;
  }

  private async insert(id: string, now: string, input: Parameters<CampaignStore['create']>[0]): Promise<void> {
    await this.knex('campaigns').insert({
      id,
      state: input.state,
      target_versions: toJson(input.targetVersions),
      staging: toJson(input.staging),
      pause_seconds: input.pauseSeconds,
      require_approval: input.requireApproval,
      stages: toJson(input.stages),
      current_stage: 0,
      next_stage_at: null,
      reason: null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
      version: 0,
      under_way: UNDER_WAY,
    });
  }

  async get(id: string): Promise<StoredCampaign | undefined> {
    const row: CampaignRow | undefined = await this.knex('campaigns').where({ id }).first();
    return row ? toCampaign(row) : undefined;
  }

  async list(limit: number): Promise<Campaign[]> {
    const rows: CampaignRow[] = await this.knex('campaigns').orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit);
    return rows.map(row => toCampaign(row).campaign);
  }

  async inState(states: CampaignState[]): Promise<StoredCampaign[]> {
    const rows: CampaignRow[] = await this.knex('campaigns').whereIn('state', states).orderBy('created_at', 'asc');
    return rows.map(toCampaign);
  }

  async change(id: string, version: number, change: CampaignChange): Promise<boolean> {
    const columns: Record<string, unknown> = { version: version + 1, updated_at: nowIso() };
    if (change.state !== undefined) {
      columns.state = change.state;
      columns.under_way = isCampaignFinished({ state: change.state }) ? null : UNDER_WAY;
    }
    if (change.stages !== undefined) columns.stages = toJson(change.stages);
    if (change.currentStage !== undefined) columns.current_stage = change.currentStage;
    if (change.nextStageAt !== undefined) columns.next_stage_at = change.nextStageAt;
    if (change.reason !== undefined) columns.reason = change.reason;
    const updated = await this.knex('campaigns').where({ id, version }).update(columns);
    return updated === 1;
  }
}
