// Times as people read them: "3 days ago", with the exact time one hover away.

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "5 minutes ago", "yesterday", "in 2 hours"; "just now" within a minute. Null for an unreadable time. */
export function relativeTime(iso: string, now: Date = new Date()): string | null {
  const time = parseTime(iso);
  if (time === null) return null;
  const seconds = (time - now.getTime()) / 1000;
  if (Math.abs(seconds) < 60) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return 'just now';
}

/** The exact local time, for the hover. */
export function exactTime(iso: string): string {
  const time = parseTime(iso);
  return time === null ? iso : new Date(time).toLocaleString();
}

/** Lambda's LastModified is "2025-05-02T10:15:00.000+0000" (no colon in the offset), which Date.parse rejects in some engines. */
function parseTime(iso: string): number | null {
  const normalised = iso.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? null : time;
}
