// Coverage figures (GET /summary) as SQL aggregates: counts by status, per runtime family,
// account and owner, so 10,000 functions never leave the database as rows.
import type { Knex } from 'knex';
import type { CoverageBucket, CoverageSummary } from '../../common/api';
import { TRACED_STATUSES, type TracingStatus } from '../../common/model';
import { applyFilters } from './inventoryFilters';
import { textSearchFor } from './search';
import { toCount } from './sql';
import type { InventoryQuery } from './types';

/** The bucket key of functions nobody owns (parentheses keep it apart from entity refs and tag values). */
export const UNOWNED_KEY = '(unowned)';

type Scope = Pick<InventoryQuery, 'arns' | 'namePatterns' | 'owner'>;

async function countsBy(knex: Knex, scope: Scope, column: string | null) {
  const builder = applyFilters(knex('inventory'), scope, textSearchFor(knex));
  const rows: Array<{ key?: string | null; status: string; count: unknown }> = column
    ? await builder.select({ key: column, status: 'status' }).count({ count: '*' }).groupBy(column, 'status')
    : await builder.select('status').count({ count: '*' }).groupBy('status');
  return rows.map(row => ({ key: row.key ?? null, status: row.status as TracingStatus, count: toCount(row.count) }));
}

function isTraced(status: TracingStatus): boolean {
  return TRACED_STATUSES.includes(status);
}

function buckets(rows: Array<{ key: string | null; status: TracingStatus; count: number }>, nullKey: string): CoverageBucket[] {
  const byKey = new Map<string, CoverageBucket>();
  for (const row of rows) {
    const key = row.key ?? nullKey;
    let bucket = byKey.get(key);
    if (!bucket) {
      bucket = { key, total: 0, traced: 0, byStatus: {} };
      byKey.set(key, bucket);
    }
    bucket.total += row.count;
    if (isTraced(row.status)) bucket.traced += row.count;
    bucket.byStatus[row.status] = (bucket.byStatus[row.status] ?? 0) + row.count;
  }
  return [...byKey.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

export async function coverageSummary(knex: Knex, scope: Scope = {}): Promise<Omit<CoverageSummary, 'lastScan'>> {
  const [overall, byRuntime, byAccount, byOwner] = await Promise.all([
    countsBy(knex, scope, null),
    countsBy(knex, scope, 'runtime_family'),
    countsBy(knex, scope, 'account_id'),
    countsBy(knex, scope, 'owner'),
  ]);
  const byStatus: Partial<Record<TracingStatus, number>> = {};
  let total = 0;
  let traced = 0;
  for (const row of overall) {
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
  };
}
