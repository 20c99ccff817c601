import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { addDays, isDay, utcDay } from '../../dates';

// The dashboard's place lives in the URL, like the members table's: reload, back and a shared
// link show the same report.

/** How the report's rows are grouped. */
export type UsageGroup = 'user' | 'resource' | 'day';

/** The days, grouping and filters of the usage dashboard. */
export interface UsageView {
  /** The first day, "YYYY-MM-DD" (UTC). @default 29 days before `to` */
  from: string;
  /** The last day, included. @default today (UTC) */
  to: string;
  /** @default 'user' */
  groupBy: UsageGroup;
  /** Count the work of deleted users, as "Deleted User". @default true */
  includeDeleted: boolean;
  /** One action only, or null for every action. */
  action: string | null;
}

/** The longest range the API reports on, in days. */
export const MAX_RANGE_DAYS = 366;

const GROUPS: readonly UsageGroup[] = ['user', 'resource', 'day'];

/** Reads the view from the URL; missing or malformed values fall back to the last 30 days by user. */
export function parseUsageView(params: URLSearchParams, today = utcDay(new Date())): UsageView {
  const to = params.get('to') ?? '';
  const from = params.get('from') ?? '';
  const groupBy = params.get('groupBy') as UsageGroup;
  const validTo = isDay(to) ? to : today;
  return {
    from: isDay(from) ? from : addDays(validTo, -29),
    to: validTo,
    groupBy: GROUPS.includes(groupBy) ? groupBy : 'user',
    includeDeleted: params.get('includeDeleted') !== 'false',
    action: params.get('action') || null,
  };
}

/** The report's query string for this view, grouped as asked. */
export function reportQuery(view: UsageView, groupBy: UsageGroup = view.groupBy): Record<string, string> {
  return {
    from: view.from,
    to: view.to,
    groupBy,
    includeDeleted: String(view.includeDeleted),
    ...(view.action !== null && { action: view.action }),
  };
}

/** What is wrong with the range, or null: the API takes `from` on or before `to`, at most 366 days apart. */
export function rangeProblem(view: Pick<UsageView, 'from' | 'to'>): string | null {
  if (view.from > view.to) return 'The last day comes before the first one';
  if (addDays(view.from, MAX_RANGE_DAYS - 1) < view.to) return `Choose at most ${MAX_RANGE_DAYS} days`;
  return null;
}

/** The dashboard's view from the URL, and a way to change it. */
export function useUsageView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseUsageView(params), [params]);
  const update = useCallback((patch: Partial<UsageView>) => {
    setParams((current) => {
      const next = { ...parseUsageView(current), ...patch };
      const written = new URLSearchParams();
      written.set('from', next.from);
      written.set('to', next.to);
      if (next.groupBy !== 'user') written.set('groupBy', next.groupBy);
      if (!next.includeDeleted) written.set('includeDeleted', 'false');
      if (next.action !== null) written.set('action', next.action);
      return written;
    }, { replace: true, preventScrollReset: true });
  }, [setParams]);
  return { view, update };
}
