import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { MemberCounts, MemberFilter, MemberStatus } from '../../api/types';
import { STATUS_ORDER } from '../../components/StatusBadge';

// The table's place lives in the URL: tab, filters, search, sort and the page (a cursor and
// the cursors of the pages before it), so reload, back and forward land on the same rows.

/** The members table's tabs: members, or external collaborators. */
export type MemberKind = 'member' | 'external';
/** The columns the members table can be sorted by. */
export type SortKey = 'name' | 'email' | 'role' | 'lastConnection' | 'createdAt';
/** The direction of the sort. */
export type SortOrder = 'asc' | 'desc';

/** The "Rows per page" choices. */
export const PAGE_SIZES = [25, 50, 100] as const;
/** Rows per page when the URL does not say. */
export const DEFAULT_PAGE_SIZE = 50;
/** The role filter's choice for people with no role, who are `not_activated`. */
export const NO_ROLE = 'not_activated';

const SORT_KEYS: readonly SortKey[] = ['name', 'email', 'role', 'lastConnection', 'createdAt'];

/** The members table's place: tab, filters, search, sort and page. */
export interface MembersView {
  /** The tab shown. @default 'member' */
  kind: MemberKind;
  /** A role id, `NO_ROLE`, or null for every role. */
  role: string | null;
  /** A status, or null for every status. */
  status: MemberStatus | null;
  /** A tag id, or null for every member tagged or not. */
  tag: string | null;
  /** The search text, part of a name or email; `''` for none. */
  q: string;
  /** The column sorted by. @default 'name' */
  sort: SortKey;
  /** The sort's direction. @default 'asc' */
  order: SortOrder;
  /** Rows per page, one of `PAGE_SIZES`. @default 50 */
  limit: number;
  /** The current page's cursor; null on the first page. */
  cursor: string | null;
  /** The cursors of the pages between the first and the current one, oldest first. */
  previous: string[];
}

/** Reads the view from the URL; a missing or unrecognised value falls back to its default. */
export function parseView(params: URLSearchParams): MembersView {
  const status = params.get('status');
  const sort = params.get('sort');
  const limit = Number(params.get('limit'));
  const cursor = params.get('cursor');
  return {
    kind: params.get('tab') === 'external' ? 'external' : 'member',
    role: params.get('role') || null,
    status: STATUS_ORDER.includes(status as MemberStatus) ? (status as MemberStatus) : null,
    tag: params.get('tag') || null,
    q: params.get('q')?.trim() ?? '',
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    cursor: cursor || null,
    previous: cursor ? params.getAll('prev').filter((value) => value !== '') : [],
  };
}

const OWN_PARAMS = ['tab', 'role', 'status', 'tag', 'q', 'sort', 'order', 'limit', 'cursor', 'prev'];

function writeView(current: URLSearchParams, view: MembersView): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of OWN_PARAMS) next.delete(key);
  if (view.kind === 'external') next.set('tab', 'external');
  if (view.role !== null) next.set('role', view.role);
  if (view.status !== null) next.set('status', view.status);
  if (view.tag !== null) next.set('tag', view.tag);
  if (view.q !== '') next.set('q', view.q);
  if (view.sort !== 'name' || view.order !== 'asc') {
    next.set('sort', view.sort);
    next.set('order', view.order);
  }
  if (view.limit !== DEFAULT_PAGE_SIZE) next.set('limit', String(view.limit));
  if (view.cursor !== null) {
    for (const cursor of view.previous) next.append('prev', cursor);
    next.set('cursor', view.cursor);
  }
  return next;
}

/** The zero-based index of the page shown. */
export function pageIndex(view: MembersView): number {
  return view.cursor === null ? 0 : view.previous.length + 1;
}

/** Whether a filter or search narrows the list (the tab does not count). */
export function isFiltered(view: MembersView): boolean {
  return view.role !== null || view.status !== null || view.tag !== null || view.q !== '';
}

/** Which members the view lists, whatever the sort and page: the tab, filters and search, as the API takes them. */
export function memberFilter(view: MembersView): MemberFilter {
  const noRole = view.role === NO_ROLE;
  return {
    kind: view.kind,
    ...(noRole ? { status: 'not_activated' as const } : view.status === null ? {} : { status: view.status }),
    ...(noRole || view.role === null ? {} : { roleId: view.role }),
    ...(view.tag === null ? {} : { tagId: view.tag }),
    ...(view.q === '' ? {} : { q: view.q }),
  };
}

/** A key that changes whenever the set of members the view lists changes (not with the sort or the page). */
export function filterKey(view: MembersView): string {
  return JSON.stringify([view.kind, view.role, view.status, view.tag, view.q]);
}

/** What the members API is asked for this view. */
export function apiQuery(view: MembersView) {
  const noRole = view.role === NO_ROLE;
  return {
    kind: view.kind,
    status: noRole ? 'not_activated' : view.status ?? undefined,
    roleId: noRole ? undefined : view.role ?? undefined,
    tagId: view.tag ?? undefined,
    q: view.q === '' ? undefined : view.q,
    sort: view.sort,
    order: view.order,
    limit: view.limit,
    cursor: view.cursor ?? undefined,
  };
}

/**
 * How many rows the whole filtered list has, when the counts tell (tab and status alone);
 * null when a search or a role narrows it in a way the counts do not cover.
 */
export function knownTotal(view: MembersView, counts: MemberCounts): number | null {
  if (view.q !== '' || view.tag !== null) return null;
  if (view.role !== null && view.role !== NO_ROLE) return null;
  const status = view.role === NO_ROLE ? 'not_activated' : view.status;
  return status === null ? counts.byKind[view.kind] : counts.byStatus[status];
}

interface UpdateOptions {
  /** Replace the history entry instead of adding one (typing in the search box). */
  replace?: boolean;
  /** Keep the current page (default: any change goes back to the first page). */
  keepPage?: boolean;
}

/** The members table's view from the URL, and ways to change it. */
export function useMembersView() {
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => parseView(params), [params]);

  const update = useCallback((patch: Partial<MembersView> | ((base: MembersView) => Partial<MembersView>), options: UpdateOptions = {}) => {
    setParams((current) => {
      const base = parseView(current);
      const next: MembersView = { ...base, ...(typeof patch === 'function' ? patch(base) : patch) };
      if (options.keepPage !== true) {
        next.cursor = null;
        next.previous = [];
      }
      return writeView(current, next);
    }, { replace: options.replace === true, preventScrollReset: true });
  }, [setParams]);

  const goNext = useCallback((nextCursor: string) => {
    update((base) => ({ previous: base.cursor === null ? [] : [...base.previous, base.cursor], cursor: nextCursor }), { keepPage: true });
  }, [update]);

  const goPrevious = useCallback(() => {
    update((base) => ({ previous: base.previous.slice(0, -1), cursor: base.previous.at(-1) ?? null }), { keepPage: true });
  }, [update]);

  const goFirst = useCallback(() => update({}), [update]);

  return { view, update, goNext, goPrevious, goFirst };
}
