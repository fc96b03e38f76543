// What the tracing backends last said about each function: the newest trace found, when they were
// asked, and why they could not be. Kept apart from the inventory rows, which scans replace whole, so a
// rescan never forgets that traces were seen. A row answers for one source: a function that moved from
// X-Ray to Datadog has not been checked in Datadog yet, whatever X-Ray said.
import type { Knex } from 'knex';
import type { FunctionSummary, TraceEvidence, TraceEvidenceSource } from '../../common/api';
import type { TracingStatus } from '../../common/model';
import { TRACED_STATUSES } from '../../common/model';
import { fromJson } from './sql';

export interface TraceEvidenceRow {
  functionArn: string;
  source: TraceEvidenceSource;
  state: TraceEvidence['state'];
  seenAt: string | null;
  checkedAt: string;
  windowHours: number;
  reason: string | null;
}

/** A traced function the backends can be asked about, with what the asking needs. */
export interface EvidenceCandidate {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  source: TraceEvidenceSource;
  /** The service Datadog files its spans under: DD_SERVICE, else the function's name (lowercase). */
  service: string;
}

export interface TraceEvidenceStore {
  /** Writes what one check found, one row per function and source. */
  record(rows: TraceEvidenceRow[]): Promise<void>;
  /** The rows of these functions (any source), by ARN then source. */
  rowsOf(functionArns: string[]): Promise<Map<string, TraceEvidenceRow[]>>;
  /** Traced functions whose tracing a backend can be asked about; only these ARNs when given, only the never-checked ones when asked. */
  candidates(options?: { arns?: string[]; unchecked?: boolean }): Promise<EvidenceCandidate[]>;
  /** Forgets what was said about functions no longer in the inventory; how many rows went. */
  prune(): Promise<number>;
}

/** The source to ask about a function with this status: Datadog for Datadog (with or without X-Ray), X-Ray for X-Ray alone. */
export function evidenceSourceOf(status: TracingStatus): TraceEvidenceSource | null {
  if (status === 'datadog' || status === 'datadog-xray') return 'datadog';
  if (status === 'xray') return 'xray';
  return null;
}

/** The same choice in SQL, on the inventory row (for coverage and candidates). */
export const EVIDENCE_SOURCE_SQL = `case when inventory.status in ('datadog', 'datadog-xray') then 'datadog' when inventory.status = 'xray' then 'xray' end`;

/** The evidence state of a traced inventory row in SQL (evidenceOf's rule): none stored, or another vendor, is 'unknown'. */
export const EVIDENCE_STATE_SQL = `coalesce((select te.state from trace_evidence te where te.function_arn = inventory.arn and te.source = ${EVIDENCE_SOURCE_SQL}), 'unknown')`;

/** A function's evidence as the page shows it, from its status and its stored rows. */
export function evidenceOf(status: TracingStatus, rows: TraceEvidenceRow[] | undefined): TraceEvidence | null {
  if (!TRACED_STATUSES.includes(status)) return null;
  const source = evidenceSourceOf(status);
  if (!source) {
    return { state: 'unknown', source: null, seenAt: null, checkedAt: null, windowHours: null, reason: 'Traced by another vendor: the plugin can ask only Datadog and X-Ray whether traces arrive.' };
  }
  const row = rows?.find(candidate => candidate.source === source);
  if (!row) {
    return { state: 'unknown', source, seenAt: null, checkedAt: null, windowHours: null, reason: `Not checked yet: ${source === 'datadog' ? 'Datadog' : 'X-Ray'} is asked after each enable and on a schedule.` };
  }
  return { state: row.state, source, seenAt: row.seenAt, checkedAt: row.checkedAt, windowHours: row.windowHours, reason: row.reason };
}

const CHUNK = 400;

interface Row {
  function_arn: string;
  source: string;
  state: string;
  seen_at: string | null;
  checked_at: string;
  window_hours: number | string;
  reason: string | null;
}

export class KnexTraceEvidenceStore implements TraceEvidenceStore {
  constructor(private readonly knex: Knex) {}

  async record(rows: TraceEvidenceRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.knex('trace_evidence')
        .insert(
          rows.slice(i, i + CHUNK).map(row => ({
            function_arn: row.functionArn,
            source: row.source,
            state: row.state,
            seen_at: row.seenAt,
            checked_at: row.checkedAt,
            window_hours: row.windowHours,
            reason: row.reason,
          })),
        )
        .onConflict(['function_arn', 'source'])
        .merge();
    }
  }

  async rowsOf(functionArns: string[]): Promise<Map<string, TraceEvidenceRow[]>> {
    const byArn = new Map<string, TraceEvidenceRow[]>();
    for (let i = 0; i < functionArns.length; i += CHUNK) {
      const rows: Row[] = await this.knex('trace_evidence').select('*').whereIn('function_arn', functionArns.slice(i, i + CHUNK));
      for (const row of rows) {
        const list = byArn.get(row.function_arn) ?? [];
        list.push({
          functionArn: row.function_arn,
          source: row.source as TraceEvidenceSource,
          state: row.state as TraceEvidence['state'],
          seenAt: row.seen_at,
          checkedAt: row.checked_at,
          windowHours: Number(row.window_hours),
          reason: row.reason,
        });
        byArn.set(row.function_arn, list);
      }
    }
    return byArn;
  }

  async prune(): Promise<number> {
    return this.knex('trace_evidence').whereNotExists(this.knex('inventory').select(this.knex.raw('1')).whereRaw('inventory.arn = trace_evidence.function_arn')).delete();
  }

  async candidates(options: { arns?: string[]; unchecked?: boolean } = {}): Promise<EvidenceCandidate[]> {
    const query = this.knex('inventory')
      .select('arn', 'name', 'account_id', 'region', 'config', this.knex.raw(`${EVIDENCE_SOURCE_SQL} as evidence_source`))
      .whereIn('status', ['datadog', 'datadog-xray', 'xray'])
      .orderBy('arn', 'asc');
    if (options.arns) query.whereIn('arn', options.arns);
    if (options.unchecked) {
      query.whereRaw(`not exists (select 1 from trace_evidence te where te.function_arn = inventory.arn and te.source = ${EVIDENCE_SOURCE_SQL})`);
    }
    const rows: Array<{ arn: string; name: string; account_id: string; region: string; config: string; evidence_source: TraceEvidenceSource }> = await query;
    return rows.map(row => {
      // DD_SERVICE is one of the disclosed variables, so the stored configuration keeps its value.
      const service = fromJson<{ Environment?: { Variables?: Record<string, string> } }>(row.config).Environment?.Variables?.DD_SERVICE;
      return { arn: row.arn, name: row.name, accountId: row.account_id, region: row.region, source: row.evidence_source, service: (service || row.name).toLowerCase() };
    });
  }
}

/** Gives each summary its evidence, read in one query. */
export async function withTraceEvidence(store: TraceEvidenceStore, summaries: FunctionSummary[]): Promise<FunctionSummary[]> {
  const traced = summaries.filter(summary => TRACED_STATUSES.includes(summary.status));
  const rows = traced.length > 0 ? await store.rowsOf(traced.map(summary => summary.arn)) : new Map<string, TraceEvidenceRow[]>();
  return summaries.map(summary => ({ ...summary, traceEvidence: evidenceOf(summary.status, rows.get(summary.arn)) }));
}
