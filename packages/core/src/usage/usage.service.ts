import { externalKey, type ResourceIndex } from '../access/decide';
import type { ResourceRef } from '../access/grant.service';
import type { AccessSource } from '../access/source';
import { DELETED_USER } from '../audit/audit.service';
import type { CoreDeps } from '../deps';
import { ErrorCodes, fail } from '../errors';
import type { OrgActor } from '../model';
import { assertPermission, hasUnstorableText } from '../rules';
import type { NewUsageEvent } from '../store';

/** One usage event as the product posts it. */
export interface UsageEventInput {
  id?: string;
  memberId?: string;
  userId?: string;
  action: string;
  quantity?: number;
  resource?: ResourceRef;
  /** ISO 8601; default now. */
  occurredAt?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How far back an event may be dated. */
export const USAGE_MAX_AGE_DAYS = 400;
/** Clocks of the product and Roster may disagree by this much. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Longest report range. */
export const USAGE_MAX_RANGE_DAYS = 366;
/** What reports call a resource that no longer exists, and events without one. */
export const DELETED_RESOURCE = 'Deleted resource';
export const NO_RESOURCE = 'No resource';

function findResourceId(index: ResourceIndex, ref: ResourceRef, at: number): string {
  let id: string | undefined;
  if ('id' in ref) {
    id = index.byId.has(ref.id) ? ref.id : undefined;
  } else {
    const typeId = index.typeIdByKey.get(ref.type);
    if (typeId === undefined) fail(ErrorCodes.RESOURCE_TYPE_NOT_FOUND, { resourceType: ref.type, index: at });
    id = index.byExternalId.get(externalKey(typeId, ref.externalId));
  }
  if (id === undefined) fail(ErrorCodes.RESOURCE_NOT_FOUND, { index: at });
  return id;
}

/**
 * Records usage the product attributes to members (documents imported, annotated…). The
 * whole batch is checked first, then stored in one statement: all of it or none. Events
 * with an id already recorded are skipped, so a retried batch is not counted twice.
 */
export async function recordUsage(
  deps: CoreDeps, actor: OrgActor, events: readonly UsageEventInput[], source: AccessSource,
): Promise<{ accepted: number; duplicates: number }> {
  assertPermission(actor, 'usage.record');
  const now = deps.clock.now();
  const oldest = now.getTime() - USAGE_MAX_AGE_DAYS * DAY_MS;
  const memberIds = new Set<string>();
  const userIds = new Set<string>();
  const needsResources = events.some((e) => e.resource !== undefined);
  const index = needsResources ? await source.resources(actor.orgId) : undefined;
  const parsed = events.map((event, i) => {
    if ((event.memberId === undefined) === (event.userId === undefined)) fail(ErrorCodes.USAGE_SUBJECT_REQUIRED, { index: i });
    if (event.id !== undefined && hasUnstorableText(event.id)) fail(ErrorCodes.REQUEST_INVALID, { index: i, field: 'id' });
    if (event.memberId !== undefined) memberIds.add(event.memberId);
    else userIds.add(event.userId!);
    const occurredAt = event.occurredAt === undefined ? now : new Date(event.occurredAt);
    const time = occurredAt.getTime();
    if (Number.isNaN(time) || time < oldest || time > now.getTime() + CLOCK_SKEW_MS) fail(ErrorCodes.USAGE_INVALID_TIME, { index: i });
    return {
      event, occurredAt,
      resourceId: event.resource === undefined ? null : findResourceId(index!, event.resource, i),
    };
  });
  return deps.db.transaction(async (store) => {
    const found = await store.findMembersForUsage(actor.orgId, [...memberIds], [...userIds]);
    const byId = new Set(found.map((m) => m.id));
    // A user may have several rows (removed, then invited again): the newest is the current one.
    const byUser = new Map<string, string>();
    for (const m of found) if (m.userId !== null && !byUser.has(m.userId)) byUser.set(m.userId, m.id);
    const rows: NewUsageEvent[] = parsed.map(({ event, occurredAt, resourceId }, i) => {
      const memberId = event.memberId !== undefined ? (byId.has(event.memberId) ? event.memberId : undefined) : byUser.get(event.userId!);
      if (memberId === undefined) fail(ErrorCodes.USAGE_UNKNOWN_MEMBER, { index: i });
      return { eventId: event.id ?? null, memberId, resourceId, action: event.action, quantity: event.quantity ?? 1, occurredAt };
    });
    const { accepted } = await store.insertUsageEvents(actor.orgId, rows, now);
    return { accepted, duplicates: rows.length - accepted };
  });
}

/** What a report asks for. */
export interface UsageReportInput {
  /** Default: 29 days before `to`, so the default report covers 30 days. */
  from?: string;
  /** Default: today (UTC). */
  to?: string;
  groupBy?: 'user' | 'resource' | 'day';
  includeDeleted?: boolean;
  action?: string;
}

/** One row of a report. */
export interface UsageReportRow {
  key: string;
  label: string;
  deleted: boolean;
  counts: Record<string, number>;
  total: number;
}

/** A usage report: rows per user, resource or day; one column per action. */
export interface UsageReportView {
  from: string;
  to: string;
  groupBy: 'user' | 'resource' | 'day';
  includeDeleted: boolean;
  actions: string[];
  rows: UsageReportRow[];
  totals: Record<string, number>;
  total: number;
}

function dayNumber(day: string): number {
  const time = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(time)) fail(ErrorCodes.USAGE_INVALID_RANGE);
  return time / DAY_MS;
}

/**
 * The Manager's report over a range of UTC days. Deleted users' work stays in it, labelled
 * "Deleted User", unless `includeDeleted` is false.
 */
export async function usageReport(deps: CoreDeps, actor: OrgActor, input: UsageReportInput, source: AccessSource): Promise<UsageReportView> {
  assertPermission(actor, 'usage.read');
  const to = dayNumber(input.to ?? deps.clock.now().toISOString().slice(0, 10));
  const from = input.from === undefined ? to - 29 : dayNumber(input.from);
  const fromDay = new Date(from * DAY_MS).toISOString().slice(0, 10);
  const toDay = new Date(to * DAY_MS).toISOString().slice(0, 10);
  if (from > to || to - from + 1 > USAGE_MAX_RANGE_DAYS) fail(ErrorCodes.USAGE_INVALID_RANGE);
  const groupBy = input.groupBy ?? 'user';
  const includeDeleted = input.includeDeleted ?? true;
  // A transaction, so the report's own memory setting ends with it.
  const groups = await deps.db.transaction((store) => store.usageReport({
    orgId: actor.orgId, from: fromDay, to: toDay, groupBy, includeDeleted, action: input.action,
  }));

  const rows = new Map<string, UsageReportRow>();
  const totals: Record<string, number> = {};
  let total = 0;
  if (groupBy === 'day') {
    for (let d = from; d <= to; d++) {
      const key = new Date(d * DAY_MS).toISOString().slice(0, 10);
      rows.set(key, { key, label: key, deleted: false, counts: {}, total: 0 });
    }
  }
  const index = groupBy === 'resource' ? await source.resources(actor.orgId) : undefined;
  for (const group of groups) {
    let rowTotal = 0;
    for (const [action, quantity] of Object.entries(group.counts)) {
      const n = Number(quantity);
      group.counts[action] = n;
      rowTotal += n;
      totals[action] = (totals[action] ?? 0) + n;
    }
    total += rowTotal;
    let label = group.key;
    let deleted = false;
    if (groupBy === 'user') {
      deleted = group.member === undefined || group.member.erased;
      label = deleted ? DELETED_USER : group.member!.name ?? group.member!.email ?? DELETED_USER;
    } else if (groupBy === 'resource') {
      const resource = group.key === '' ? undefined : index!.byId.get(group.key);
      deleted = group.key !== '' && resource === undefined;
      label = group.key === '' ? NO_RESOURCE : resource?.name ?? DELETED_RESOURCE;
    }
    rows.set(group.key, { key: group.key, label, deleted, counts: group.counts, total: rowTotal });
  }
  const ordered = [...rows.values()];
  if (groupBy !== 'day') ordered.sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  return {
    from: fromDay, to: toDay, groupBy, includeDeleted,
    actions: Object.keys(totals).sort(), rows: ordered, totals, total,
  };
}
