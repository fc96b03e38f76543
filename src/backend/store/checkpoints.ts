// Checkpoints: what an enablement changed and what was there before, kept until rolled back.
import type { Knex } from 'knex';
import type { Checkpoint } from '../../common/model';
import { fromJson, nowIso, toJson } from './sql';
import type { CheckpointStore } from './types';

const IN_CHUNK = 500;

export class KnexCheckpointStore implements CheckpointStore {
  constructor(private readonly knex: Knex) {}

  async save(checkpoint: Checkpoint): Promise<string> {
    const { revisionIdWritten, id: _assigned, ...data } = checkpoint;
    const [inserted] = await this.knex('checkpoints')
      .insert({
        function_arn: checkpoint.functionArn,
        created_at: checkpoint.createdAt,
        data: toJson(data),
        revision_id_written: revisionIdWritten ?? null,
        rolled_back_at: null,
      })
      .returning('id');
    return String(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async latest(functionArn: string): Promise<Checkpoint | undefined> {
    const row: { id: number | string; data: string; revision_id_written: string | null } | undefined = await this.knex('checkpoints')
      .where({ function_arn: functionArn })
      .whereNull('rolled_back_at')
      .orderBy('id', 'desc')
      .first('id', 'data', 'revision_id_written');
    if (!row) return undefined;
    const checkpoint = { ...fromJson<Checkpoint>(row.data), id: String(row.id) };
    return row.revision_id_written ? { ...checkpoint, revisionIdWritten: row.revision_id_written } : checkpoint;
  }

  async lastClosed(functionArn: string): Promise<Checkpoint | undefined> {
    const row: { id: number | string; data: string } | undefined = await this.knex('checkpoints')
      .where({ function_arn: functionArn })
      .whereNotNull('rolled_back_at')
      .orderBy('id', 'desc')
      .first('id', 'data');
    return row ? { ...fromJson<Checkpoint>(row.data), id: String(row.id) } : undefined;
  }

  async markWritten(id: string, revisionId: string): Promise<void> {
    await this.mark(id, { revision_id_written: revisionId });
  }

  async markRolledBack(id: string): Promise<void> {
    await this.mark(id, { rolled_back_at: nowIso() });
  }

  async rollbackable(functionArns: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < functionArns.length; i += IN_CHUNK) {
      const rows: Array<{ function_arn: string }> = await this.knex('checkpoints')
        .distinct('function_arn')
        .whereIn('function_arn', functionArns.slice(i, i + IN_CHUNK))
        .whereNull('rolled_back_at');
      for (const row of rows) found.add(row.function_arn);
    }
    return found;
  }

  async applied(functionArns: string[]): Promise<Map<string, Checkpoint[]>> {
    const found = new Map<string, Checkpoint[]>();
    for (let i = 0; i < functionArns.length; i += IN_CHUNK) {
      const rows: Array<{ id: number | string; function_arn: string; data: string; revision_id_written: string }> = await this.knex('checkpoints')
        .select('id', 'function_arn', 'data', 'revision_id_written')
        .whereIn('function_arn', functionArns.slice(i, i + IN_CHUNK))
        .whereNull('rolled_back_at')
        .whereNotNull('revision_id_written')
        .orderBy('id', 'asc');
      for (const row of rows) {
        const checkpoint = { ...fromJson<Checkpoint>(row.data), id: String(row.id), revisionIdWritten: row.revision_id_written };
        found.set(row.function_arn, [...(found.get(row.function_arn) ?? []), checkpoint]);
      }
    }
    return found;
  }

  private async mark(id: string, values: Record<string, string>): Promise<void> {
    const updated = await this.knex('checkpoints').where({ id: Number(id) }).update(values);
    if (updated === 0) throw new Error(`No checkpoint ${id}; it cannot be updated.`);
  }
}
