// The WHERE clauses of an inventory query: free-text search, multi-value filters and the entity
// restriction (ARNs or name globs). Facets reuse them with one filter left out.
import type { Knex } from 'knex';
import type { InventoryQuery } from './types';
import { containsPattern, globPattern, LIKE_ESCAPE } from './sql';

export type FacetKey = 'account' | 'region' | 'runtime' | 'status' | 'solution' | 'applicability' | 'owner';

export const FACET_COLUMNS: Readonly<Record<FacetKey, string>> = {
  account: 'account_id',
  region: 'region',
  runtime: 'runtime_family',
  status: 'status',
  solution: 'solution',
  applicability: 'applicability',
  owner: 'owner',
};

export const FACET_KEYS = Object.keys(FACET_COLUMNS) as FacetKey[];

const SEARCHED_COLUMNS = ['name', 'arn', 'runtime', 'owner'];

/** Restricts to the functions of one entity: any of its ARNs, or a name matching any of its globs. */
function applyEntityRestriction(builder: Knex.QueryBuilder, query: InventoryQuery): void {
  if (query.arns === undefined && query.namePatterns === undefined) return;
  const arns = query.arns ?? [];
  const patterns = query.namePatterns ?? [];
  if (arns.length === 0 && patterns.length === 0) {
    builder.whereRaw('1 = 0');
    return;
  }
  builder.where(inner => {
    if (arns.length > 0) inner.orWhereIn('arn', arns);
    for (const pattern of patterns) {
      inner.orWhereRaw(`lower(name) like ? escape '${LIKE_ESCAPE}'`, [globPattern(pattern)]);
    }
  });
}

/**
 * Whether an inventory row is excluded: by its own tag (the reason kept in excluded_reason) or by an
 * exclusion made on the page, for its ARN or a pattern its name matches.
 */
export const EXCLUDED_SQL = `(inventory.excluded_reason is not null or exists (select 1 from exclusions e where e.function_arn = inventory.arn or (e.like_pattern is not null and lower(inventory.name) like e.like_pattern escape '${LIKE_ESCAPE}')))`;

/** Applies every filter of the query except `except` (the facet being counted). */
export function applyFilters(builder: Knex.QueryBuilder, query: InventoryQuery, except?: FacetKey): Knex.QueryBuilder {
  const q = query.q?.trim();
  if (q) {
    const pattern = containsPattern(q);
    builder.where(inner => {
      for (const column of SEARCHED_COLUMNS) {
        inner.orWhereRaw(`lower(coalesce(${column}, '')) like ? escape '${LIKE_ESCAPE}'`, [pattern]);
      }
    });
  }
  for (const key of FACET_KEYS) {
    const values = query[key] as string[] | undefined;
    if (key !== except && values && values.length > 0) builder.whereIn(FACET_COLUMNS[key], values);
  }
  if (query.excluded !== undefined) builder.whereRaw(query.excluded ? EXCLUDED_SQL : `not ${EXCLUDED_SQL}`);
  applyEntityRestriction(builder, query);
  return builder;
}
