// The WHERE clauses of an inventory query: free-text search, multi-value filters and the entity
// restriction (ARNs or name globs). Facets reuse them with one filter left out.
import type { Knex } from 'knex';
import type { InventoryQuery } from './types';
import { globPattern, LIKE_ESCAPE } from './sql';
import { isIndexable, type TextSearch } from './search';
import { EVIDENCE_STATE_SQL } from './traceEvidence';
import { TRACED_STATUSES, type TracingStatus } from '../../common/model';

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

/** The longest run of a glob without wildcards: every name the glob matches contains it. */
function longestLiteral(glob: string): string {
  return glob.split(/[*?]/).reduce((longest, part) => (part.length > longest.length ? part : longest), '');
}

/** Restricts to the functions of one entity: any of its ARNs, or a name matching any of its globs. */
function applyEntityRestriction(builder: Knex.QueryBuilder, query: InventoryQuery, search: TextSearch): void {
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
      inner.orWhere(matching => {
        matching.whereRaw(`lower(name) like ? escape '${LIKE_ESCAPE}'`, [globPattern(pattern)]);
        // The search index narrows the candidates first ("payments-*" → rows containing "payments-").
        const literal = longestLiteral(pattern);
        if (isIndexable(literal)) search.whereContains(matching, literal);
      });
    }
  });
}

/**
 * Whether an inventory row is excluded: by its own tag (the reason kept in excluded_reason) or by an
 * exclusion made on the page, for its ARN or a pattern its name matches.
 */
export const EXCLUDED_SQL = `(inventory.excluded_reason is not null or exists (select 1 from exclusions e where e.function_arn = inventory.arn or (e.like_pattern is not null and lower(inventory.name) like e.like_pattern escape '${LIKE_ESCAPE}')))`;

/** Applies every filter of the query except `except` (the facet being counted). */
export function applyFilters(builder: Knex.QueryBuilder, query: InventoryQuery, search: TextSearch, except?: FacetKey | 'evidence'): Knex.QueryBuilder {
  const q = query.q?.trim();
  if (q) search.whereContains(builder, q);
  for (const key of activeFacetFilters(query)) {
    if (key !== except) builder.whereIn(FACET_COLUMNS[key], query[key] as string[]);
  }
  if (query.excluded !== undefined) builder.whereRaw(query.excluded ? EXCLUDED_SQL : `not ${EXCLUDED_SQL}`);
  if (query.evidence?.length && except !== 'evidence') {
    builder.whereIn('status', TRACED_STATUSES as TracingStatus[]).whereRaw(`${EVIDENCE_STATE_SQL} in (${query.evidence.map(() => '?').join(', ')})`, query.evidence);
  }
  applyEntityRestriction(builder, query, search);
  return builder;
}

/** The facets this query filters on. */
export function activeFacetFilters(query: InventoryQuery): FacetKey[] {
  return FACET_KEYS.filter(key => ((query[key] as string[] | undefined) ?? []).length > 0);
}
