import type { Store } from '@roster/core';
import { sql } from 'kysely';
import { UNPREPARED } from '../create-db';
import type { Executor } from './executor';

const GROUP_KEYS = {
  user: sql`d.member_id`,
  resource: sql`d.resource_id`,
  day: sql`to_char(d.day, 'YYYY-MM-DD')`,
} as const;

/** Usage events and the daily roll-up reports read. */
export function createUsageRepository(db: Executor): Pick<Store, 'insertUsageEvents' | 'findMembersForUsage' | 'usageReport'> {
  return {
    async insertUsageEvents(orgId, events, receivedAt) {
      if (events.length === 0) return { accepted: 0 };
      // One statement: the events (skipping ids seen before) and their roll-up by UTC day, or neither.
      const result = await sql<{ accepted: string }>`
        with input as (
          select * from unnest(
            ${events.map((e) => e.eventId)}::text[], ${events.map((e) => e.memberId)}::text[],
            ${events.map((e) => e.resourceId)}::text[], ${events.map((e) => e.action)}::text[],
            ${events.map((e) => e.quantity)}::int[], ${events.map((e) => e.occurredAt.toISOString())}::timestamptz[]
          ) as i (event_id, member_id, resource_id, action, quantity, occurred_at)
        ),
        inserted as (
          insert into usage_events (org_id, event_id, member_id, resource_id, action, quantity, occurred_at, received_at)
          select ${orgId}, event_id, member_id, resource_id, action, quantity, occurred_at, ${receivedAt.toISOString()}::timestamptz
          from input
          on conflict (org_id, event_id) where event_id is not null do nothing
          returning member_id, resource_id, action, quantity, occurred_at
        ),
        rolled as (
          insert into usage_daily (org_id, day, member_id, resource_id, action, quantity, events)
          select ${orgId}, (occurred_at at time zone 'UTC')::date, member_id, coalesce(resource_id, ''), action, sum(quantity), count(*)
          from inserted group by 2, 3, 4, 5
          on conflict (org_id, day, member_id, resource_id, action)
          do update set quantity = usage_daily.quantity + excluded.quantity, events = usage_daily.events + excluded.events
          returning 1
        ),
        rolled_members as (
          insert into usage_daily_members (org_id, day, member_id, action, quantity, events)
          select ${orgId}, (occurred_at at time zone 'UTC')::date, member_id, action, sum(quantity), count(*)
          from inserted group by 2, 3, 4
          on conflict (org_id, day, member_id, action)
          do update set quantity = usage_daily_members.quantity + excluded.quantity, events = usage_daily_members.events + excluded.events
          returning 1
        )
        select (select count(*) from inserted) as accepted, (select count(*) from rolled) as rolled,
          (select count(*) from rolled_members) as rolled_members`.execute(db);
      return { accepted: Number(result.rows[0]?.accepted ?? 0) };
    },
    async findMembersForUsage(orgId, memberIds, userIds) {
      if (memberIds.length === 0 && userIds.length === 0) return [];
      const rows = await db.selectFrom('members').select(['id', 'user_id'])
        .where('org_id', '=', orgId)
        .where((eb) => eb.or([
          ...(memberIds.length > 0 ? [eb('id', 'in', memberIds)] : []),
          ...(userIds.length > 0 ? [eb('user_id', 'in', userIds)] : []),
        ]))
        // The current membership first, then the newest removed one.
        .orderBy(sql`status = 'removed'`).orderBy('created_at', 'desc').execute();
      return rows.map((r) => ({ id: r.id, userId: r.user_id }));
    },
    async usageReport(query) {
      const key = GROUP_KEYS[query.groupBy];
      const byUser = query.groupBy === 'user';
      // Grouping a month of a large organization's roll-up overflows the default 4 MB of
      // work_mem and spills to disk; inside a transaction this raises it for this report only.
      await sql`select set_config('work_mem', '64MB', true)`.execute(db);
      // Summed and pivoted in the database: one row per group, its actions as one JSON object.
      const result = await sql<{
        key: string; counts: Record<string, number>; first_name: string | null; last_name: string | null; email: string | null; erased: boolean | null;
      }>`${sql.raw(UNPREPARED)}
        with totals as (
          select ${key} as key, d.action, sum(d.quantity) as quantity
          from ${sql.table(query.groupBy === 'resource' ? 'usage_daily' : 'usage_daily_members')} d
          where d.org_id = ${query.orgId} and d.day between ${query.from}::date and ${query.to}::date
            ${query.action === undefined ? sql`` : sql`and d.action = ${query.action}`}
            ${query.includeDeleted ? sql`` : sql`and not exists (select 1 from members m where m.id = d.member_id and m.erased_at is not null)`}
          group by 1, 2
        ),
        groups as (select key, jsonb_object_agg(action, quantity) as counts from totals group by key)
        ${byUser
          ? sql`select g.key, g.counts, m.first_name, m.last_name, m.email, m.erased_at is not null as erased from groups g left join members m on m.id = g.key and m.org_id = ${query.orgId}`
          : sql`select g.key, g.counts, null as first_name, null as last_name, null as email, null as erased from groups g`}`.execute(db);
      return result.rows.map((r) => ({
        key: r.key, counts: r.counts,
        ...(byUser && {
          member: {
            id: r.key, name: `${r.first_name ?? ''} ${r.last_name ?? ''}`.trim() || null, email: r.email,
            // A group that names no member of this organization counts as deleted.
            erased: r.erased !== false,
          },
        }),
      }));
    },
  };
}
