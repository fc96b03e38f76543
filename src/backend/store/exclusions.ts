// Exclusions made on the page: one function by ARN or a name pattern, with the reason, who and when.
import type { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import type { Exclusion, FunctionExclusion, FunctionSummary } from '../../common/api';
import { matchesPattern } from '../../common/exclusions';
import { globPattern, nowIso } from './sql';
import type { ExclusionStore } from './types';

interface ExclusionRow {
  id: number | string;
  function_arn: string | null;
  pattern: string | null;
  reason: string;
  created_by: string;
  created_at: string;
}

function toExclusion(row: ExclusionRow): Exclusion {
  return {
    id: String(row.id),
    functionArn: row.function_arn,
    pattern: row.pattern,
    reason: row.reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export class KnexExclusionStore implements ExclusionStore {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<Exclusion[]> {
    const rows: ExclusionRow[] = await this.knex('exclusions').select('*').orderBy('id', 'asc');
    return rows.map(toExclusion);
  }

  async add(input: { functionArn?: string; pattern?: string; reason: string; createdBy: string }): Promise<Exclusion> {
    const likePattern = input.pattern !== undefined ? globPattern(input.pattern) : null;
    const duplicate: ExclusionRow | undefined = await this.knex('exclusions')
      .where(builder => {
        if (input.functionArn !== undefined) builder.orWhere({ function_arn: input.functionArn });
        if (likePattern !== null) builder.orWhere({ like_pattern: likePattern });
      })
      .first();
    if (duplicate) {
      throw new ConflictError(`${input.functionArn ?? `The pattern ${input.pattern}`} is already excluded (by ${duplicate.created_by} on ${duplicate.created_at}: ${duplicate.reason}).`);
    }
    const row = {
      function_arn: input.functionArn ?? null,
      pattern: input.pattern ?? null,
      like_pattern: likePattern,
      reason: input.reason,
      created_by: input.createdBy,
      created_at: nowIso(),
    };
    const [inserted] = await this.knex('exclusions').insert(row).returning('id');
    return toExclusion({ ...row, id: typeof inserted === 'object' ? inserted.id : inserted });
  }

  async remove(id: string): Promise<Exclusion | undefined> {
    if (!/^\d{1,12}$/.test(id)) return undefined;
    const row: ExclusionRow | undefined = await this.knex('exclusions').where({ id: Number(id) }).first();
    if (!row) return undefined;
    await this.knex('exclusions').where({ id: Number(id) }).delete();
    return toExclusion(row);
  }
}

/** Each summary with the exclusion that applies to it: its own tag first, else the first page exclusion matching it. */
export function withExclusions(summaries: FunctionSummary[], exclusions: Exclusion[]): FunctionSummary[] {
  if (exclusions.length === 0) return summaries;
  return summaries.map(summary => {
    if (summary.exclusion) return summary;
    const match = exclusions.find(e => e.functionArn === summary.arn || (e.pattern !== null && matchesPattern(e.pattern, summary.name)));
    const exclusion: FunctionExclusion | null = match ? { source: 'page', ...match } : null;
    return exclusion ? { ...summary, exclusion } : summary;
  });
}
