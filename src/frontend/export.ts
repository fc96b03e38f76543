// The filtered inventory as CSV: every page, fetched through the API (the same filters as the
// table), with what a summary row holds — names and findings, never an environment value.
import type { FunctionSummary, FunctionsPage, FunctionsQuery } from '../common/api';
import { APPLICABILITY_LABELS, SOLUTION_LABELS, STATUS_LABELS } from './labels';

/** The backend's largest page. */
export const EXPORT_PAGE_SIZE = 500;

const COLUMNS: Array<[string, (fn: FunctionSummary) => string]> = [
  ['name', fn => fn.name],
  ['arn', fn => fn.arn],
  ['account', fn => fn.accountId],
  ['region', fn => fn.region],
  ['runtime', fn => fn.runtime ?? 'image'],
  ['architecture', fn => fn.architecture],
  ['status', fn => STATUS_LABELS[fn.status]],
  ['recommended', fn => SOLUTION_LABELS[fn.solution]],
  ['applicability', fn => APPLICABILITY_LABELS[fn.applicability]],
  ['blocked by', fn => fn.blockers.map(b => b.message).join(' ')],
  ['owner', fn => fn.owner ?? ''],
  ['iac', fn => fn.iac ?? ''],
  ['last modified', fn => fn.lastModified ?? ''],
  ['findings', fn => fn.findings.map(f => f.message).join(' ')],
];

/** Every function the query matches, page after page (the query's own offset and limit are ignored). */
export async function fetchAllFunctions(
  listFunctions: (query: FunctionsQuery) => Promise<FunctionsPage>,
  query: FunctionsQuery,
): Promise<FunctionSummary[]> {
  const rows: FunctionSummary[] = [];
  for (let offset = 0; ; offset += EXPORT_PAGE_SIZE) {
    const page = await listFunctions({ ...query, offset, limit: EXPORT_PAGE_SIZE });
    rows.push(...page.items);
    if (page.items.length < EXPORT_PAGE_SIZE || rows.length >= page.total) return rows;
  }
}

export function functionsCsv(rows: FunctionSummary[]): string {
  const lines = [COLUMNS.map(([header]) => header), ...rows.map(fn => COLUMNS.map(([, value]) => value(fn)))];
  return `${lines.map(cells => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Hands the text to the browser as a file download. */
export function downloadText(text: string, fileName: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  URL.revokeObjectURL(url);
}
