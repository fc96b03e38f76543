// Scan runs: when they ran, how many functions they saw, and which account-regions failed.
import type { Knex } from 'knex';
import type { ScanError, ScanInfo } from '../../common/api';
import { fromJson, nowIso, toJson } from './sql';
import type { ScanStore } from './types';

interface ScanRow {
  id: number | string;
  state: ScanInfo['state'];
  started_at: string;
  finished_at: string | null;
  function_count: number | string;
  errors: string;
}

function toScanInfo(row: ScanRow): ScanInfo {
  return {
    id: String(row.id),
    state: row.state,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    functionCount: Number(row.function_count),
    errors: fromJson<ScanError[]>(row.errors),
  };
}

export class KnexScanStore implements ScanStore {
  constructor(private readonly knex: Knex) {}

  async start(): Promise<ScanInfo> {
    const [inserted] = await this.knex('scans')
      .insert({ state: 'running', started_at: nowIso(), finished_at: null, function_count: 0, errors: toJson([]) })
      .returning('id');
    const id = typeof inserted === 'object' ? inserted.id : inserted;
    return this.byId(String(id));
  }

  async finish(
    id: string,
    result: { functionCount: number; errors: ScanError[]; state?: 'succeeded' | 'partial' | 'failed' },
  ): Promise<ScanInfo> {
    const state = result.state ?? (result.errors.length === 0 ? 'succeeded' : 'partial');
    const updated = await this.knex('scans')
      .where({ id: Number(id) })
      .update({ state, finished_at: nowIso(), function_count: result.functionCount, errors: toJson(result.errors) });
    if (updated === 0) throw new Error(`Scan ${id} does not exist; cannot record its outcome.`);
    return this.byId(id);
  }

  async latest(): Promise<ScanInfo | null> {
    const row: ScanRow | undefined = await this.knex('scans').orderBy('id', 'desc').first();
    return row ? toScanInfo(row) : null;
  }

  private async byId(id: string): Promise<ScanInfo> {
    const row: ScanRow = await this.knex('scans').where({ id: Number(id) }).first();
    return toScanInfo(row);
  }
}
