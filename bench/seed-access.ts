import { CACHE_CHANNEL, encodeInvalidation, type Database } from '@roster/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AccessCheck, AccessSeedReport } from './protocol';

/**
 * Bulk seeding for the authorization and usage cases (issue 5), inside the database like
 * seed.ts: resources nested one level, access grants over the members seed.ts inserted, and
 * usage events with the daily roll-up the insert statement keeps. The resource types, the API
 * token and the members come from the API or seed.ts; the rows written here are shaped as the
 * API writes them (prefixed ids, the same columns filled, `usage_daily` built by the same
 * GROUP BY as usage.repository.ts), because 500,000 grants and 1,000,000 events through the
 * API would take longer than the whole benchmark.
 */

/** Workspaces, each holding QUEUES_PER_WORKSPACE queues: 50 + 950 = 1,000 resources. */
export const WORKSPACES = 50;
export const QUEUES_PER_WORKSPACE = 19;
/** The issue's dataset at 100,000 members: 500,000 grants and 1,000,000 usage events, scaled with the members. */
export const GRANTS_PER_MEMBER = 5;
export const EVENTS_PER_MEMBER = 10;
/** One member in USAGE_MEMBER_EVERY of the active ones does the work usage events report. */
const USAGE_MEMBER_EVERY = 8;
/** One member in CHECK_MEMBER_EVERY is asked about in the authorization cases: 2,500 at 100,000 members. */
const CHECK_MEMBER_EVERY = 40;
/** The report's range: today (UTC) and the 29 days before. */
export const REPORT_DAYS = 30;

/** The resource types the API created, by key. */
export interface AccessSeedInput {
  orgId: string;
  workspaceTypeId: string;
  queueTypeId: string;
  grants: number;
  events: number;
}

/** A pseudo-random number in [0, mod) for the value of `expr`, independent for each `tag`. */
function spread(tag: string, expr: RawBuilder<unknown>, mod: number): RawBuilder<number> {
  return sql<number>`((hashtext(${sql.lit(tag)} || (${expr})::text)::bigint + 2147483648) % ${sql.lit(mod)})`;
}

/**
 * Inserts 1,000 resources (50 workspaces of 19 queues), `grants` access grants (about 95 %
 * `resource` grants, a sixth of them on workspaces; the rest `all_of_type` and
 * `all_existing_of_type`; 15 % with a resource-level role; 5 % expired, 5 % ending later)
 * and `events` usage events over the last REPORT_DAYS days with their `usage_daily` roll-up.
 * Returns the checks the authorization cases ask: for CHECK_MEMBER_EVERY-th member, one on a
 * queue their grants reach (directly or through its workspace) and one on a queue picked at
 * random.
 */
export async function seedAccess(db: Kysely<Database>, input: AccessSeedInput): Promise<{ report: AccessSeedReport; checks: AccessCheck[] }> {
  const { orgId, workspaceTypeId, queueTypeId } = input;
  const prefix = `${orgId}:`;
  const timings: Record<string, number> = {};
  let last = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = (now - last) / 1000;
    last = now;
  };
  const { checks, workers } = await db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom('members').innerJoin('roles', 'roles.id', 'members.role_id')
      .select(['members.id']).where('members.org_id', '=', orgId).where('roles.is_owner', '=', true)
      .orderBy('members.created_at').executeTakeFirstOrThrow();
    const roles = await trx.selectFrom('roles').select(['id', 'key']).where('org_id', '=', orgId).execute();
    const roleId = (key: string) => {
      const role = roles.find((r) => r.key === key);
      if (role === undefined) throw new Error(`no ${key} role`);
      return role.id;
    };

    // Resources: created about two years ago, an hour apart, workspaces first.
    await sql`
      create temp table bench_resources on commit drop as
      select n, case when n < ${WORKSPACES} then 'workspace' else 'queue' end as kind,
        'res_' || substr(md5(${prefix} || 'r' || n), 1, 16) as id,
        case when n < ${WORKSPACES} then null else 'res_' || substr(md5(${prefix} || 'r' || ((n - ${WORKSPACES}) / ${QUEUES_PER_WORKSPACE})), 1, 16) end as parent_id,
        case when n < ${WORKSPACES} then 'ws-' || lpad(n::text, 3, '0') else 'q-' || lpad((n - ${WORKSPACES})::text, 5, '0') end as external_id,
        case when n < ${WORKSPACES} then 'Workspace ' || (n + 1)
          else 'Queue ' || ((n - ${WORKSPACES}) / ${QUEUES_PER_WORKSPACE} + 1) || '.' || ((n - ${WORKSPACES}) % ${QUEUES_PER_WORKSPACE} + 1) end as name,
        now() - interval '800 days' + n * interval '1 hour' as created_at
      from generate_series(0, ${WORKSPACES * (1 + QUEUES_PER_WORKSPACE) - 1}) as n`.execute(trx);
    await sql`
      insert into resources (id, org_id, type_id, external_id, name, parent_id, created_at, updated_at)
      select id, ${orgId}, case kind when 'workspace' then ${workspaceTypeId} else ${queueTypeId} end, external_id, name, parent_id,
        created_at, created_at
      from bench_resources order by n`.execute(trx);
    lap('resources');

    // Every member but the owner, numbered in creation order.
    await sql`
      create temp table bench_grantees on commit drop as
      select row_number() over (order by created_at, id) as k, id, status, created_at
      from members where org_id = ${orgId} and id <> ${owner.id}`.execute(trx);
    const k = sql`k`;
    // Type-wide grants: 3 % all queues, 1.5 % every existing queue, 0.5 % all workspaces.
    await sql`
      create temp table bench_grants on commit drop as
      select k, kind, type_id, null::text as resource_id
      from (
        select k, case when r < 30 then 'all_of_type' when r < 45 then 'all_existing_of_type' else 'all_of_type' end as kind,
          case when r < 45 then ${queueTypeId} else ${workspaceTypeId} end as type_id
        from (select k, ${spread('type-grant', k, 1000)} as r from bench_grantees) t where r < 50
      ) g`.execute(trx);
    const typeGrants = Number((await sql<{ n: string }>`select count(*) as n from bench_grants`.execute(trx)).rows[0]?.n ?? 0);
    // Resource grants: up to 10 candidates a member, one in six on a workspace (reaching its 19
    // queues), the rest on queues; the first `grants - typeGrants` by a random priority are kept.
    await sql`
      insert into bench_grants (k, kind, type_id, resource_id)
      select k, 'resource', type_id, resource_id
      from (
        select distinct on (c.k, r.id) c.k, c.priority, case r.kind when 'workspace' then ${workspaceTypeId} else ${queueTypeId} end as type_id,
          r.id as resource_id
        from (
          select g.k, j, ${spread('grant-priority', sql`g.k || '.' || j`, 1_000_000_000)} as priority,
            case when ${spread('grant-level', sql`g.k || '.' || j`, 6)} = 0
              then ${spread('grant-ws', sql`g.k || '.' || j`, WORKSPACES)}
              else ${WORKSPACES} + ${spread('grant-q', sql`g.k || '.' || j`, WORKSPACES * QUEUES_PER_WORKSPACE)} end as n
          from bench_grantees g cross join generate_series(0, 9) as j
        ) c join bench_resources r on r.n = c.n
        order by c.k, r.id, c.priority
      ) d
      order by priority
      limit ${Math.max(0, input.grants - typeGrants)}`.execute(trx);
    lap('grant plan');
    const gid = sql`g.k || '.' || g.kind || '.' || coalesce(g.resource_id, g.type_id)`;
    await sql`
      insert into access_grants (id, org_id, member_id, kind, type_id, resource_id, role_id, expires_at, expiry_recorded_at,
        created_by_member_id, created_at)
      select 'grt_' || substr(md5(${prefix} || 'g' || ${gid}), 1, 16), ${orgId}, m.id, g.kind, g.type_id, g.resource_id,
        case when x.r_role < 100 then ${roleId('viewer')} when x.r_role < 150 then ${roleId('annotator')} end,
        case when x.r_exp < 50 then x.granted_at + (now() - x.granted_at) * 0.5
          when x.r_exp < 100 then now() + interval '30 days' + x.r_exp * interval '3 days' end,
        -- An expiry already past has been recorded by the expiry worker, as it would have been.
        case when x.r_exp < 50 then x.granted_at + (now() - x.granted_at) * 0.5 end,
        ${owner.id}, x.granted_at
      from bench_grants g
      join bench_grantees m on m.k = g.k
      cross join lateral (select ${spread('grant-role', gid, 1000)} as r_role, ${spread('grant-exp', gid, 1000)} as r_exp,
        greatest(m.created_at, now() - interval '700 days')
          + (now() - greatest(m.created_at, now() - interval '700 days')) * (${spread('grant-at', gid, 1000)} / 1000.0)::float8 as granted_at) x
      order by x.granted_at`.execute(trx);
    lap('grants');

    // Usage: one active member in USAGE_MEMBER_EVERY works, mostly in two queues of their own.
    await sql`
      create temp table bench_workers on commit drop as
      select row_number() over (order by k) as w, id, ${spread('home-q', k, WORKSPACES * QUEUES_PER_WORKSPACE)} as home
      from bench_grantees where status = 'active' and k % ${USAGE_MEMBER_EVERY} = 0`.execute(trx);
    const workers = Number((await sql<{ n: string }>`select count(*) as n from bench_workers`.execute(trx)).rows[0]?.n ?? 0);
    const i = sql`i`;
    await sql`
      insert into usage_events (org_id, event_id, member_id, resource_id, action, quantity, occurred_at, received_at)
      select ${orgId}, 'doc-' || e.i, w.id,
        case when e.r_res < 50 then null else q.id end,
        case when e.r_act < 500 then 'documents.annotated' when e.r_act < 750 then 'documents.confirmed'
          when e.r_act < 900 then 'documents.imported' else 'documents.exported' end,
        case when e.r_act >= 750 and e.r_act < 900 then 1 + e.r_act % 20 else 1 end,
        e.occurred_at, least(now(), e.occurred_at + (e.r_act % 60) * interval '1 second')
      from (
        select i, ${spread('ev-member', i, 1_000_000)} as r_member, ${spread('ev-res', i, 1000)} as r_res,
          ${spread('ev-act', i, 1000)} as r_act,
          x.start + (now() - x.start) * (${spread('ev-at', i, 1_000_000)} / 1000000.0)::float8 as occurred_at
        from generate_series(1, ${input.events}) as i
        cross join (select (date_trunc('day', now() at time zone 'UTC') - interval '${sql.raw(String(REPORT_DAYS - 1))} days') at time zone 'UTC' as start) x
      ) e
      -- Busy members do more: the square of a uniform number favours the first workers.
      join bench_workers w on w.w = 1 + floor(${workers} * power(e.r_member / 1000000.0, 2))::int
      join bench_resources q on q.n = ${WORKSPACES} + (w.home + case when e.r_res < 600 then 0 else 7 end) % ${WORKSPACES * QUEUES_PER_WORKSPACE}
      order by e.occurred_at`.execute(trx);
    lap('usage events');
    // The roll-up exactly as insertUsageEvents keeps it, built once over every event.
    await sql`
      insert into usage_daily (org_id, day, member_id, resource_id, action, quantity, events)
      select org_id, (occurred_at at time zone 'UTC')::date, member_id, coalesce(resource_id, ''), action, sum(quantity), count(*)
      from usage_events where org_id = ${orgId}
      group by 1, 2, 3, 4, 5`.execute(trx);
    await sql`
      insert into usage_daily_members (org_id, day, member_id, action, quantity, events)
      select org_id, (occurred_at at time zone 'UTC')::date, member_id, action, sum(quantity), count(*)
      from usage_events where org_id = ${orgId}
      group by 1, 2, 3, 4`.execute(trx);
    lap('usage roll-up');

    await sql`create index on bench_grants (k)`.execute(trx);
    await sql`analyze bench_grants`.execute(trx);
    // The checks: a queue the member's grants reach (their first grant: the queue itself, a
    // queue of the workspace, or any queue for a type grant), then a queue picked at random.
    const rows = await sql<{ member_id: string; related: string; random: string; k: string }>`
      select m.k, m.id as member_id,
        coalesce(case
          when g.kind = 'resource' and r.kind = 'queue' then r.external_id
          when g.kind = 'resource' then (select q.external_id from bench_resources q where q.parent_id = r.id order by q.n
            offset (m.k % ${QUEUES_PER_WORKSPACE}) limit 1)
        end, 'q-' || lpad(${spread('check-any', sql`m.k`, WORKSPACES * QUEUES_PER_WORKSPACE)}::text, 5, '0')) as related,
        'q-' || lpad(${spread('check-random', sql`m.k`, WORKSPACES * QUEUES_PER_WORKSPACE)}::text, 5, '0') as random
      from bench_grantees m
      left join lateral (select * from bench_grants g where g.k = m.k order by g.kind, g.resource_id limit 1) g on true
      left join bench_resources r on r.id = g.resource_id
      where m.k % ${CHECK_MEMBER_EVERY} = 3
      order by m.k`.execute(trx);
    lap('checks');
    return {
      workers,
      checks: rows.rows.flatMap((row, index): AccessCheck[] => [
        { memberId: row.member_id, permission: 'documents.export', resource: { type: 'queue', externalId: row.related } },
        { memberId: row.member_id, permission: index % 2 === 0 ? 'documents.annotate' : 'documents.export', resource: { type: 'queue', externalId: row.random } },
      ]),
    };
  });
  for (const table of ['resources', 'access_grants', 'usage_events', 'usage_daily', 'usage_daily_members']) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  }
  lap('vacuum analyze');
  // What the API's writes would have announced on commit: every instance reloads this organization.
  await sql`select pg_notify(${CACHE_CHANNEL}, ${encodeInvalidation({ type: 'organization', orgId })})`.execute(db);
  const count = async (query: RawBuilder<unknown>) => Number((((await query.execute(db)).rows[0]) as { n?: string } | undefined)?.n ?? 0);
  const grantKinds = await sql<{ kind: string; n: string }>`
    select kind, count(*) as n from access_grants where org_id = ${orgId} group by kind order by kind`.execute(db);
  const report: AccessSeedReport = {
    resources: await count(sql`select count(*) as n from resources where org_id = ${orgId}`),
    grants: Object.fromEntries(grantKinds.rows.map((r) => [r.kind, Number(r.n)])),
    grantees: await count(sql`select count(distinct member_id) as n from access_grants where org_id = ${orgId}`),
    events: await count(sql`select count(*) as n from usage_events where org_id = ${orgId}`),
    quantity: await count(sql`select coalesce(sum(quantity), 0) as n from usage_events where org_id = ${orgId}`),
    workers,
    dailyRows: await count(sql`select count(*) as n from usage_daily where org_id = ${orgId}`),
    seconds: Object.values(timings).reduce((a, b) => a + b, 0),
    timings,
  };
  return { report, checks };
}
