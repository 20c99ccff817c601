// Days as people pick them ("YYYY-MM-DD" from a date field) and the instants the API stores.

const DAY_MS = 24 * 60 * 60 * 1000;

const pad = (value: number) => String(value).padStart(2, '0');

/** "YYYY-MM-DD" of a date in the person's own timezone. */
export function localDay(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** "YYYY-MM-DD" of a date in UTC, the days the usage report counts by. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The day of an ISO timestamp in the person's timezone; `''` when there is none. */
export function localDayOf(iso: string | null | undefined): string {
  return iso === null || iso === undefined ? '' : localDay(new Date(iso));
}

/** The last moment of a picked day in the person's timezone, as ISO 8601: access "until Friday" lasts all Friday. */
export function endOfLocalDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date, 23, 59, 59, 999).toISOString();
}

/** The end of a picked day as ISO 8601, or null when no day is picked. */
export function endOfLocalDayOrNull(day: string): string | null {
  return day === '' ? null : endOfLocalDay(day);
}

/** Whether `day` is a well-formed "YYYY-MM-DD" of a real calendar day. */
export function isDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const parsed = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && utcDay(parsed) === day;
}

/** `day` moved by `days` (negative: earlier), both "YYYY-MM-DD". */
export function addDays(day: string, days: number): string {
  return utcDay(new Date(new Date(`${day}T00:00:00Z`).getTime() + days * DAY_MS));
}

/** Every day from `from` to `to`, both included; empty when `from` is after `to`. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  if (!isDay(from) || !isDay(to)) return days;
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Whole days from now until `iso`: 0 later today, negative once past. */
export function daysUntil(iso: string, now = new Date()): number {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const target = new Date(iso);
  const end = new Date(target.getFullYear(), target.getMonth(), target.getDate()).getTime();
  return Math.round((end - start) / DAY_MS);
}

/** A check for an optional "until" day: empty, or today or later. */
export function futureDay(value: string): string | null {
  if (value === '') return null;
  if (!isDay(value)) return 'Enter a date, like 2026-12-31';
  return value < localDay(new Date()) ? 'Choose today or a later day' : null;
}
