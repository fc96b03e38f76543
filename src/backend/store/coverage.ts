// Coverage figures (GET /summary) as SQL aggregates: counts by status, per runtime family,
// account and owner, so 10,000 functions never leave the database as rows. Excluded functions are
// left out of every count and counted apart.
import type { Knex } from 'knex';
import type { CoverageBucket, CoverageSummary } from '../../common/api';
import { TRACED_STATUSES, type TracingStatus } from '../../common/model';
import { applyFilters } from './inventoryFilters';
import { textSearchFor } from './search';
import { toCount } from './sql';
import { EVIDENCE_STATE_SQL } from './traceEvidence';
import type { InventoryQuery } from './types';

/** The bucket key of functions nobody owns (parentheses keep it apart from entity refs and tag values). */
export const UNOWNED_KEY = '(unowned)';

type Scope = Pick<InventoryQuery, 'arns' | 'namePatterns' | 'owner'>;
type Row = { key: string | null; status: TracingStatus; count: number };

async function countsBy(knex: Knex, scope: Scope, column: string | null, excluded: boolean): Promise<Row[]> {
  const builder = applyFilters(knex('inventory'), { ...scope, excluded }, textSearchFor(knex));
  const rows: Array<{ key?: string | null; status: string; count: unknown }> = column
    ? await builder.select({ key: column, status: 'status' }).count({ count: '*' }).groupBy(column, 'status')
    : await builder.select('status').count({ count: '*' }).groupBy('status');
  return rows.map(row => ({ key: row.key ?? null, status: row.status as TracingStatus, count: toCount(row.count) }));
}

/** Counted and excluded rows of one grouping (null: the whole scope). */
async function grouped(knex: Knex, scope: Scope, column: string | null) {
  const [counted, excluded] = await Promise.all([countsBy(knex, scope, column, false), countsBy(knex, scope, column, true)]);
  return { counted, excluded };
}

function isTraced(status: TracingStatus): boolean {
  return TRACED_STATUSES.includes(status);
}

function buckets(rows: { counted: Row[]; excluded: Row[] }, nullKey: string): CoverageBucket[] {
  const byKey = new Map<string, CoverageBucket>();
  const bucketOf = (key: string | null) => {
    const name = key ?? nullKey;
    let bucket = byKey.get(name);
    if (!bucket) {
      bucket = { key: name, total: 0, traced: 0, byStatus: {}, excluded: 0 };
      byKey.set(name, bucket);
    }
    return bucket;
  };
  for (const row of rows.counted) {
    const bucket = bucketOf(row.key);
    bucket.total += row.count;
    if (isTraced(row.status)) bucket.traced += row.count;
    bucket.byStatus[row.status] = (bucket.byStatus[row.status] ?? 0) + row.count;
  }
  for (const row of rows.excluded) bucketOf(row.key).excluded += row.count;
  return [...byKey.values()].sort((a, b) => b.total - a.total || b.excluded - a.excluded || a.key.localeCompare(b.key));
}

/**
 * Traced functions (not excluded) split by proof of traces: the state of the stored evidence for the
 * source their status asks (evidenceOf's rule in SQL); none stored, or another vendor, is 'unknown'.
 */
async function evidenceCounts(knex: Knex, scope: Scope): Promise<CoverageSummary['traceEvidence']> {
  const state = EVIDENCE_STATE_SQL;
  const rows: Array<{ evidence: string; count: unknown }> = await applyFilters(knex('inventory'), { ...scope, excluded: false }, textSearchFor(knex))
    .whereIn('status', TRACED_STATUSES as TracingStatus[])
    .select(knex.raw(`${state} as evidence`))
    .count({ count: '*' })
    .groupByRaw(state);
  const counts = { seen: 0, noneYet: 0, unknown: 0 };
  for (const row of rows) {
    if (row.evidence === 'seen') counts.seen += toCount(row.count);
    else if (row.evidence === 'none-yet') counts.noneYet += toCount(row.count);
    else counts.unknown += toCount(row.count);
  }
  return counts;
}

export async function coverageSummary(knex: Knex, scope: Scope = {}): Promise<Omit<CoverageSummary, 'lastScan'>> {
  const [overall, byRuntime, byAccount, byOwner, traceEvidence] = await Promise.all([
    grouped(knex, scope, null),
    grouped(knex, scope, 'runtime_family'),
    grouped(knex, scope, 'account_id'),
    grouped(knex, scope, 'owner'),
    evidenceCounts(knex, scope),
  ]);
  const byStatus: Partial<Record<TracingStatus, number>> = {};
  let total = 0;
  let traced = 0;
  for (const row of overall.counted) {
    byStatus[row.status] = row.count;
    total += row.count;
    if (isTraced(row.status)) traced += row.count;
  }
  return {
    total,
    traced,
    byStatus,
    byRuntime: buckets(byRuntime, 'other'),
    byAccount: buckets(byAccount, 'unknown'),
    byOwner: buckets(byOwner, UNOWNED_KEY),
    excluded: overall.excluded.reduce((sum, row) => sum + row.count, 0),
    traceEvidence,
  };
}
