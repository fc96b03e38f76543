// Small helpers shared by the repositories: JSON columns, LIKE patterns, counts.

/** JSON is stored as text: identical on SQLite and PostgreSQL, and never parsed by the database. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function fromJson<T>(text: string | null | undefined): T {
  return (typeof text === 'string' ? JSON.parse(text) : text) as T;
}

/** The escape character used in every LIKE of this store ('!' avoids backslash quoting differences). */
export const LIKE_ESCAPE = '!';

/** Text matched literally inside a LIKE pattern (its %, _ and the escape character escaped). */
export function escapeLikeText(text: string): string {
  return text.replace(/[!%_]/g, c => `!${c}`);
}

/** A case-insensitive "contains" pattern for `lower(column) like ? escape '!'`. */
export function containsPattern(text: string): string {
  return `%${escapeLikeText(text.toLowerCase())}%`;
}

/** A glob (`*` any run, `?` one character) as a case-insensitive LIKE pattern. */
export function globPattern(glob: string): string {
  return escapeLikeText(glob.toLowerCase()).replace(/\*/g, '%').replace(/\?/g, '_');
}

/** PostgreSQL returns count(*) as a string (bigint); SQLite as a number. */
export function toCount(value: unknown): number {
  return Number(value ?? 0);
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** The database refused a row for a unique column: PostgreSQL's unique_violation, SQLite's constraint codes. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint failed/i.test(String(e?.message ?? ''));
}
