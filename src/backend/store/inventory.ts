// The inventory: the latest known state of every function, written by scans and enablements,
// read by the page. Environment values are redacted before they reach the database.
import type { Knex } from 'knex';
import { InputError } from '@backstage/errors';
import { FUNCTION_SORT_KEYS, type Exclusion, type Facets, type FunctionSortKey, type FunctionSummary } from '../../common/api';
import { TRACED_STATUSES, type FunctionConfig, type TracingStatus } from '../../common/model';
import { redactConfig } from '../../common/disclosure';
import { coverageSummary } from './coverage';
import { KnexExclusionStore, withExclusions } from './exclusions';
import { activeFacetFilters, applyFilters, FACET_COLUMNS, FACET_KEYS, type FacetKey } from './inventoryFilters';
import { searchTextOf, textSearchFor, type TextSearch } from './search';
import { escapeLikeText, fromJson, LIKE_ESCAPE, toCount, toJson } from './sql';
import { EVIDENCE_STATE_SQL, KnexTraceEvidenceStore, withTraceEvidence } from './traceEvidence';
import type { InventoryQuery, InventoryRecord, InventoryStore } from './types';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

const SORT_COLUMNS: Readonly<Record<FunctionSortKey, string>> = {
  name: 'name',
  account: 'account_id',
  region: 'region',
  runtime: 'runtime',
  status: 'status',
  owner: 'owner',
  lastModified: 'last_modified',
};

const INSERT_CHUNK = 100;

interface InventoryRow {
  arn: string;
  summary: string;
  config: string;
  state: string;
  recommendation: string;
  invokers: string;
  scanned_at: string;
  can_rollback?: unknown;
}

function toRow(record: InventoryRecord) {
  const { canRollback: _derived, traceEvidence: _read, exclusion, ...rest } = record.summary;
  const summary = { ...rest, exclusion: exclusion?.source === 'tag' ? exclusion : null };
  return {
    arn: summary.arn,
    account_id: summary.accountId,
    region: summary.region,
    name: summary.name,
    runtime: summary.runtime,
    runtime_family: summary.runtimeFamily,
    architecture: summary.architecture,
    package_type: summary.packageType,
    status: summary.status,
    solution: summary.solution,
    applicability: summary.applicability,
    owner: summary.owner,
    iac: summary.iac,
    last_modified: summary.lastModified,
    search_text: searchTextOf(summary),
    summary: toJson(summary),
    // Secrets never rest in our database, whoever built the record.
    config: toJson(redactConfig(record.config)),
    state: toJson(record.state),
    recommendation: toJson(record.recommendation),
    invokers: toJson(record.invokers),
    scanned_at: record.scannedAt,
    context_complete: record.summary.invokerGaps.length === 0,
    // Only the function's own tag: exclusions made on the page apply when read (withExclusions).
    excluded_reason: record.summary.exclusion?.source === 'tag' ? record.summary.exclusion.reason : null,
  };
}

function toSummary(row: Pick<InventoryRow, 'summary' | 'can_rollback'>): FunctionSummary {
  // Rows written before invoker contexts (or drift) were kept have none recorded: there was none then.
  const summary = fromJson<Omit<FunctionSummary, 'canRollback'>>(row.summary);
  return {
    ...summary,
    invokerGaps: summary.invokerGaps ?? [],
    drift: summary.drift ?? [],
    exclusion: summary.exclusion ?? null,
    canRollback: Boolean(Number(row.can_rollback)),
    // Joined from trace_evidence as the store reads (withTraceEvidence).
    traceEvidence: null,
  };
}

/** "-lastModified" → last_modified descending; unknown keys are the caller's mistake. */
function parseSort(sort: string | undefined): { column: string; order: 'asc' | 'desc' } {
  const descending = sort?.startsWith('-') ?? false;
  const key = (descending ? sort!.slice(1) : sort) || 'name';
  if (!(FUNCTION_SORT_KEYS as readonly string[]).includes(key)) {
    throw new InputError(`Cannot sort by "${key}": use one of ${FUNCTION_SORT_KEYS.join(', ')} (prefix with - for descending).`);
  }
  return { column: SORT_COLUMNS[key as FunctionSortKey], order: descending ? 'desc' : 'asc' };
}

function pageBounds(query: InventoryQuery): { offset: number; limit: number } {
  const offset = Math.max(0, Math.floor(query.offset ?? 0));
  const limit = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(query.limit ?? DEFAULT_PAGE_SIZE)));
  return { offset, limit };
}

/** How many functions share one combination of facet values (a row of a grouped facet query). */
type FacetCombination = Partial<Record<FacetKey, string | null>> & { count: number };

/** Counts per value of one facet, most common first, functions without a value left out. */
function facetCounts(combinations: FacetCombination[], key: FacetKey): Array<{ value: string; count: number }> {
  const counts = new Map<string, number>();
  for (const combination of combinations) {
    const value = combination[key];
    if (value === null || value === undefined) continue;
    counts.set(value, (counts.get(value) ?? 0) + combination.count);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

export class KnexInventoryStore implements InventoryStore {
  private readonly search: TextSearch;
  private readonly exclusions: KnexExclusionStore;

  private readonly evidence: KnexTraceEvidenceStore;

  constructor(private readonly knex: Knex) {
    this.search = textSearchFor(knex);
    this.exclusions = new KnexExclusionStore(knex);
    this.evidence = new KnexTraceEvidenceStore(knex);
  }

  async replaceAccountRegion(accountId: string, region: string, records: InventoryRecord[]): Promise<void> {
    const stray = records.find(r => r.summary.accountId !== accountId || r.summary.region !== region);
    if (stray) {
      throw new Error(`Function ${stray.summary.arn} does not belong to ${accountId}/${region}; refusing to store it there.`);
    }
    const rows = records.map(toRow);
    await this.knex.transaction(async trx => {
      await trx('inventory').where({ account_id: accountId, region }).delete();
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await trx('inventory').insert(rows.slice(i, i + INSERT_CHUNK));
      }
    });
  }

  async upsert(record: InventoryRecord): Promise<void> {
    await this.knex('inventory').insert(toRow(record)).onConflict('arn').merge();
  }

  async get(functionArn: string): Promise<InventoryRecord | undefined> {
    const row: InventoryRow | undefined = await this.knex('inventory')
      .select('arn', 'summary', 'config', 'state', 'recommendation', 'invokers', 'scanned_at', this.canRollbackColumn())
      .where({ arn: functionArn })
      .first();
    if (!row) return undefined;
    const record = this.toRecord(row, await this.exclusions.list());
    const [summary] = await withTraceEvidence(this.evidence, [record.summary]);
    return { ...record, summary };
  }

  private toRecord(row: InventoryRow, exclusions: Exclusion[]): InventoryRecord {
    return {
      summary: withExclusions([toSummary(row)], exclusions)[0],
      config: fromJson(row.config),
      state: fromJson(row.state),
      recommendation: fromJson(row.recommendation),
      invokers: fromJson(row.invokers),
      scannedAt: row.scanned_at,
    };
  }

  async incomplete(accountId: string, region: string, limit: number, after?: string): Promise<InventoryRecord[]> {
    const query = this.knex('inventory')
      .select('arn', 'summary', 'config', 'state', 'recommendation', 'invokers', 'scanned_at', this.canRollbackColumn())
      .where({ account_id: accountId, region, context_complete: false });
    if (after !== undefined) query.andWhere('arn', '>', after);
    const rows: InventoryRow[] = await query.orderBy('arn', 'asc').limit(limit);
    const exclusions = await this.exclusions.list();
    return rows.map(row => this.toRecord(row, exclusions));
  }

  async query(query: InventoryQuery): Promise<{ items: FunctionSummary[]; total: number; facets: Facets }> {
    const { column, order } = parseSort(query.sort);
    const { offset, limit } = pageBounds(query);
    const page = applyFilters(this.knex('inventory'), query, this.search)
      .select('summary', this.canRollbackColumn())
      // Case-insensitive for people ("Reports" next to "reports-daily"); functions without a value last.
      .orderByRaw(`lower(${column}) ${order} nulls last`)
      .orderBy('arn', 'asc')
      .offset(offset)
      .limit(limit);
    const [rows, counted, exclusions] = await Promise.all([page, this.totalAndFacets(query), this.exclusions.list()]);
    return { items: await withTraceEvidence(this.evidence, withExclusions((rows as InventoryRow[]).map(toSummary), exclusions)), ...counted };
  }

  summary(query?: Pick<InventoryQuery, 'arns' | 'namePatterns' | 'owner'>) {
    return coverageSummary(this.knex, query);
  }

  async withStatus(status: TracingStatus): Promise<FunctionSummary[]> {
    const rows: InventoryRow[] = await this.knex('inventory').select('summary', this.canRollbackColumn()).where({ status }).orderBy('arn', 'asc');
    return withTraceEvidence(this.evidence, withExclusions(rows.map(toSummary), await this.exclusions.list()));
  }

  async withFinding(code: string): Promise<Array<{ summary: FunctionSummary; config: FunctionConfig }>> {
    // The summary's JSON holds the findings: LIKE narrows the rows, the parsed findings decide.
    const rows: InventoryRow[] = await this.knex('inventory')
      .select('summary', 'config', this.canRollbackColumn())
      .whereRaw(`summary like ? escape '${LIKE_ESCAPE}'`, [`%${escapeLikeText(toJson(code))}%`])
      .orderBy('arn', 'asc');
    const exclusions = await this.exclusions.list();
    const summaries = withExclusions(rows.map(toSummary), exclusions);
    return summaries
      .map((summary, i) => ({ summary, config: fromJson<FunctionConfig>(rows[i].config) }))
      .filter(({ summary }) => summary.findings.some(finding => finding.code === code));
  }

  async owners(): Promise<Array<{ arn: string; owner: string | null; config: FunctionConfig }>> {
    const rows: Array<{ arn: string; owner: string | null; config: string }> = await this.knex('inventory').select('arn', 'owner', 'config');
    return rows.map(row => ({ arn: row.arn, owner: row.owner, config: fromJson<FunctionConfig>(row.config) }));
  }

  async roles(functionArns: string[]): Promise<Map<string, string>> {
    const roles = new Map<string, string>();
    for (let i = 0; i < functionArns.length; i += INSERT_CHUNK) {
      const rows: Array<{ arn: string; config: string }> = await this.knex('inventory').select('arn', 'config').whereIn('arn', functionArns.slice(i, i + INSERT_CHUNK));
      for (const row of rows) {
        const role = fromJson<FunctionConfig>(row.config).Role;
        if (role) roles.set(row.arn, role);
      }
    }
    return roles;
  }

  async setOwners(changes: Array<{ arn: string; owner: string | null }>): Promise<void> {
    await this.knex.transaction(async trx => {
      for (const { arn, owner } of changes) {
        const row: { summary: string } | undefined = await trx('inventory').select('summary').where({ arn }).first();
        if (!row) continue;
        const summary = { ...fromJson<Omit<FunctionSummary, 'canRollback'>>(row.summary), owner };
        await trx('inventory').where({ arn }).update({ owner, summary: toJson(summary), search_text: searchTextOf(summary) });
      }
    });
  }

  /**
   * The total and the counts per value of each facet, each facet with every OTHER filter applied
   * (standard faceted search). Facets without a filter of their own share the query's filter set:
   * one statement grouped by all facet columns (reading the facet index, or only the rows the search
   * index found) counts them all and the total. A facet the query filters on needs its own filter
   * left out, so it is counted by a statement of its own.
   */
  private async totalAndFacets(query: InventoryQuery): Promise<{ total: number; facets: Facets }> {
    const filtered = activeFacetFilters(query);
    const [evidence, combinations, ...ownCounts] = await Promise.all([
      this.evidenceCounts(query),
      this.combinations(applyFilters(this.knex('inventory'), query, this.search), FACET_KEYS),
      ...filtered.map(key => this.combinations(applyFilters(this.knex('inventory'), query, this.search, key), [key])),
    ]);
    const total = combinations.reduce((sum, combination) => sum + combination.count, 0);
    const facets = Object.fromEntries(
      FACET_KEYS.map(key => {
        const own = filtered.indexOf(key);
        return [key, facetCounts(own >= 0 ? ownCounts[own] : combinations, key)];
      }),
    ) as Facets;
    return { total, facets: { ...facets, evidence } };
  }

  /** The evidence facet: traced functions per proof-of-traces state, every other filter applied. */
  private async evidenceCounts(query: InventoryQuery): Promise<Array<{ value: string; count: number }>> {
    const rows: Array<{ value: string; count: unknown }> = await applyFilters(this.knex('inventory'), query, this.search, 'evidence')
      .whereIn('status', TRACED_STATUSES as TracingStatus[])
      .select(this.knex.raw(`${EVIDENCE_STATE_SQL} as value`))
      .count({ count: '*' })
      .groupByRaw(EVIDENCE_STATE_SQL);
    return rows.map(row => ({ value: row.value, count: toCount(row.count) })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }

  /** How many functions the builder selects per combination of values of these facets. */
  private async combinations(builder: Knex.QueryBuilder, keys: FacetKey[]): Promise<FacetCombination[]> {
    const rows: Array<Record<string, string | null> & { count: unknown }> = await builder
      .select(Object.fromEntries(keys.map(key => [key, FACET_COLUMNS[key]])))
      .count({ count: '*' })
      .groupBy(keys.map(key => FACET_COLUMNS[key]));
    return rows.map(row => {
      const combination: FacetCombination = { count: toCount(row.count) };
      for (const key of keys) combination[key] = row[key] === null ? null : String(row[key]);
      return combination;
    });
  }

  /** Whether a checkpoint that was not rolled back exists: rollback is possible. */
  private canRollbackColumn() {
    return this.knex.raw(
      'case when exists (select 1 from checkpoints c where c.function_arn = inventory.arn and c.rolled_back_at is null) then 1 else 0 end as can_rollback',
    );
  }
}
