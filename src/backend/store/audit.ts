// The audit trail: every enable and rollback attempt, who asked, and how it ended.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuditEvent } from '../../common/api';
import { nowIso } from './sql';
import type { AuditFilter, AuditStore } from './types';

export const DEFAULT_AUDIT_LIMIT = 100;
export const MAX_AUDIT_LIMIT = 1000;

interface AuditRow {
  id: string;
  at: string;
  actor: string;
  function_arn: string;
  action: AuditEvent['action'];
  job_id: string | null;
  outcome: AuditEvent['outcome'];
  summary: string;
  message: string | null;
}

function toEvent(row: AuditRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor: row.actor,
    functionArn: row.function_arn,
    action: row.action,
    jobId: row.job_id,
    outcome: row.outcome,
    summary: row.summary,
    message: row.message,
  };
}

export class KnexAuditStore implements AuditStore {
  constructor(private readonly knex: Knex) {}

  async append(event: Omit<AuditEvent, 'id' | 'at'> & { at?: string }): Promise<AuditEvent> {
    const row: AuditRow = {
      id: randomUUID(),
      at: event.at ?? nowIso(),
      actor: event.actor,
      function_arn: event.functionArn,
      action: event.action,
      job_id: event.jobId,
      outcome: event.outcome,
      summary: event.summary,
      message: event.message,
    };
    await this.knex('audit_events').insert(row);
    return toEvent(row);
  }

  /** Newest first. */
  async list(query: AuditFilter): Promise<AuditEvent[]> {
    const limit = Math.min(MAX_AUDIT_LIMIT, Math.max(1, Math.floor(query.limit ?? DEFAULT_AUDIT_LIMIT)));
    const builder = this.knex('audit_events').orderBy('seq', 'desc').limit(limit);
    if (query.functionArn) builder.where({ function_arn: query.functionArn });
    if (query.actor) builder.where({ actor: query.actor });
    if (query.action) builder.where({ action: query.action });
    if (query.outcome) builder.where({ outcome: query.outcome });
    if (query.jobId) builder.where({ job_id: query.jobId });
    if (query.since) builder.where('at', '>=', query.since);
    return ((await builder) as AuditRow[]).map(toEvent);
  }
}
