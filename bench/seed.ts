import type { Database } from '@roster/db';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { SeedReport } from './protocol';

/**
 * Bulk seeding of one organization for the benchmark: users, members and invitations are
 * generated inside the database (`generate_series`), so 100,000 members take seconds, not
 * the hour 100,000 API calls would. The organization, its roles and its owner come from the
 * real sign-up; only the crowd around them is inserted here.
 */

const FIRST_NAMES = [
  'Ada', 'Adrian', 'Aisha', 'Alba', 'Alice', 'Amara', 'Amir', 'Ana', 'Anders', 'Arjun', 'Ben', 'Bianca', 'Bruno', 'Camille',
  'Carlos', 'Chen', 'Chloe', 'Daniel', 'Dara', 'David', 'Diego', 'Elena', 'Elif', 'Emma', 'Erik', 'Fatima', 'Felix', 'Freya',
  'Gabriel', 'Grace', 'Hana', 'Hugo', 'Ines', 'Isaac', 'Ivan', 'Jade', 'James', 'Jonas', 'Julia', 'Kai', 'Kenji', 'Lars',
  'Layla', 'Leo', 'Lina', 'Lucas', 'Maya', 'Mei', 'Mateo', 'Nadia', 'Noah', 'Nora', 'Omar', 'Oscar', 'Priya', 'Rafael',
  'Rosa', 'Sami', 'Sara', 'Sofia', 'Tariq', 'Theo', 'Uma', 'Victor', 'Wen', 'Yara', 'Yusuf', 'Zoe',
];
const LAST_NAMES = [
  'Abbott', 'Adeyemi', 'Alvarez', 'Andersen', 'Baker', 'Bauer', 'Becker', 'Bianchi', 'Brown', 'Campbell', 'Castro', 'Chen',
  'Cohen', 'Costa', 'Dubois', 'Dunn', 'Eriksson', 'Evans', 'Fischer', 'Fontaine', 'Garcia', 'Gomez', 'Gupta', 'Hansen',
  'Hoffmann', 'Hughes', 'Ibrahim', 'Ito', 'Jensen', 'Johansson', 'Kaur', 'Khan', 'Kim', 'Kowalski', 'Larsen', 'Laurent',
  'Lee', 'Lopez', 'Martin', 'Meyer', 'Moreau', 'Muller', 'Murphy', 'Nakamura', 'Nguyen', 'Nielsen', 'Novak', 'Okafor',
  'Olsen', 'Park', 'Patel', 'Perez', 'Petrov', 'Quinn', 'Rahman', 'Reyes', 'Rossi', 'Sato', 'Schmidt', 'Silva', 'Singh',
  'Smith', 'Suzuki', 'Tanaka', 'Taylor', 'Torres', 'Vargas', 'Wagner', 'Walsh', 'Wang', 'Weber', 'Williams', 'Wong', 'Yilmaz',
];
const MEMBER_DOMAINS = ['acme.test', 'acme-corp.test', 'eu.acme.test', 'us.acme.test'];
const EXTERNAL_DOMAINS = ['partner-labs.test', 'vendorco.test', 'annotate-inc.test', 'freelance.test', 'contractors.test'];
const DESCRIPTIONS = ['Seattle office', 'Data Science', 'Night shift', 'Contractor via VendorCo', 'Quality lead', 'Paris office'];

/** A first name given to one person in RARE_EVERY, and to nobody else: the text search case finds only them. */
export const RARE_FIRST_NAME = 'Zephyrine';
/** What the text search case types. */
export const SEARCH_FRAGMENT = 'zephyr';
const RARE_EVERY = 4999;

function textArray(values: readonly string[]): RawBuilder<string[]> {
  for (const value of values) {
    // The lists are constants of this file; the check keeps them safe to inline as literals.
    if (!/^[A-Za-z .-]+$/.test(value)) throw new Error(`unsafe seed literal: ${value}`);
  }
  return sql<string[]>`${sql.raw(`array[${values.map((v) => `'${v}'`).join(',')}]`)}::text[]`;
}

/** A pseudo-random number in [0, mod) for row `i`, independent for each `tag`, the same on every run. */
function spread(tag: string, mod: number): RawBuilder<number> {
  return sql<number>`((hashtext(${sql.lit(tag)} || i::text)::bigint + 2147483648) % ${sql.lit(mod)})`;
}

/**
 * Inserts `size - 1` members (the owner is already there) into `orgId`:
 * about 80 % active, 7 % deactivated, 8 % invite_pending (half of them expired), 5 %
 * not_activated (no role); roles spread Owner 0.2 %, Admin 2.6 %, Manager 8 %, Annotator 49 %,
 * Annotator (limited) 20 %, Viewer 20 %; 12 % external; last connections over three years,
 * some never. Users exist for everyone but pending invitees; invitations for the pending.
 */
export async function seedMembers(db: Kysely<Database>, orgId: string, size: number): Promise<SeedReport> {
  const started = performance.now();
  const count = size - 1;
  const prefix = `${orgId}:`;
  await db.transaction().execute(async (trx) => {
    const owner = await trx.selectFrom('members').select('id').where('org_id', '=', orgId).executeTakeFirstOrThrow();
    const now = sql<Date>`now()`;
    await sql`
      create temp table bench_people on commit drop as
      select i,
        ${spread('status', 1000)} as r_status, ${spread('role', 1000)} as r_role, ${spread('kind', 100)} as r_kind,
        ${spread('first', FIRST_NAMES.length)} as r_first, ${spread('last', LAST_NAMES.length)} as r_last,
        ${spread('domain', 20)} as r_domain, ${spread('desc', 1000)} as r_desc, ${spread('conn', 1000)} as r_conn,
        ${spread('age', 94_608_000)} as r_age
      from generate_series(1, ${count}) as i`.execute(trx);
    await sql`
      create temp table bench_members on commit drop as
      select p.*,
        'mem_' || substr(md5(${prefix} || 'm' || p.i), 1, 16) as id,
        case when p.status = 'invite_pending' then null else 'usr_' || substr(md5(${prefix} || 'u' || p.i), 1, 16) end as user_id,
        case when p.status = 'invite_pending' then 'inv_' || substr(md5(${prefix} || 'i' || p.i), 1, 16) end as invitation_id,
        lower(p.first_name || '.' || p.last_name || '.' || p.i || '@' || case when p.kind = 'external'
          then (${textArray(EXTERNAL_DOMAINS)})[1 + p.r_domain % ${sql.lit(EXTERNAL_DOMAINS.length)}]
          else (${textArray(MEMBER_DOMAINS)})[1 + p.r_domain % ${sql.lit(MEMBER_DOMAINS.length)}] end) as email,
        case when p.r_desc < 150 then (${textArray(DESCRIPTIONS)})[1 + p.r_desc % ${sql.lit(DESCRIPTIONS.length)}] else '' end as description,
        case p.status
          when 'invite_pending' then null
          when 'not_activated' then case when p.r_conn < 500 then null else p.created_at + (${now} - p.created_at) * (p.r_conn / 1000.0)::float8 end
          else case when p.r_conn < 120 then null else p.created_at + (${now} - p.created_at) * (p.r_conn / 1000.0)::float8 end
        end as last_connection_at,
        case when p.status = 'invite_pending' then p.created_at + interval '7 days' end as invite_expires_at
      from (
        select h.*, s.status,
          case when h.r_kind < 88 then 'member' else 'external' end as kind,
          case when h.i % ${sql.lit(RARE_EVERY)} = 7 then ${sql.lit(RARE_FIRST_NAME)} else (${textArray(FIRST_NAMES)})[1 + h.r_first] end as first_name,
          (${textArray(LAST_NAMES)})[1 + h.r_last] as last_name,
          case
            when s.status = 'not_activated' then null
            when h.r_role < 2 then 'owner' when h.r_role < 28 then 'admin' when h.r_role < 108 then 'manager'
            when h.r_role < 600 then 'annotator' when h.r_role < 800 then 'annotator_limited' else 'viewer'
          end as role_key,
          case
            -- Pending: sent in the last week (valid) or 8 to 60 days ago (expired).
            when s.status = 'invite_pending' and h.r_status < 910 then ${now} - interval '8 days' - (h.r_age % 4492800) * interval '1 second'
            when s.status = 'invite_pending' then ${now} - (h.r_age % 600000) * interval '1 second'
            when s.status = 'not_activated' then ${now} - (h.r_age % 5184000) * interval '1 second'
            else ${now} - interval '30 days' - h.r_age * interval '1 second'
          end as created_at
        from bench_people h
        cross join lateral (select case
          when h.r_status < 800 then 'active' when h.r_status < 870 then 'deactivated'
          when h.r_status < 950 then 'invite_pending' else 'not_activated' end as status) s
      ) p`.execute(trx);

    await sql`
      insert into users (id, email, first_name, last_name, password_hash, created_at, last_sign_in_at, erased_at)
      select user_id, email, first_name, last_name, null, created_at, last_connection_at, null
      from bench_members where user_id is not null order by created_at`.execute(trx);
    // Rows go in by creation time, as a real table fills up: the heap is ordered by created_at, not by name.
    await sql`
      insert into members (id, org_id, user_id, email, first_name, last_name, description, role_id, role_rank, kind, status,
        invitation_id, invite_expires_at, invited_by_member_id, last_connection_at, created_at, updated_at, erased_at)
      select b.id, ${orgId}, b.user_id, b.email, b.first_name, b.last_name, b.description, r.id, r.rank, b.kind, b.status,
        b.invitation_id, b.invite_expires_at,
        case when b.status = 'invite_pending' or b.r_desc % 2 = 0 then ${owner.id} end,
        b.last_connection_at, b.created_at, coalesce(b.last_connection_at, b.created_at), null
      from bench_members b left join roles r on r.org_id = ${orgId} and r.key = b.role_key
      order by b.created_at`.execute(trx);
    await sql`
      insert into invitations (id, org_id, member_id, email, role_id, invited_by_member_id, expires_at, created_at, accepted_at, revoked_at)
      select b.invitation_id, ${orgId}, b.id, b.email, r.id, ${owner.id}, b.invite_expires_at, b.created_at, null, null
      from bench_members b join roles r on r.org_id = ${orgId} and r.key = b.role_key
      where b.status = 'invite_pending' order by b.created_at`.execute(trx);
    await sql`delete from member_counts where org_id = ${orgId}`.execute(trx);
    await sql`
      insert into member_counts (org_id, kind, status, n)
      select org_id, kind, status, count(*)::int from members where org_id = ${orgId} and status <> 'removed'
      group by org_id, kind, status`.execute(trx);
  });
  // Statistics and the visibility map as a table that has lived a while would have them.
  for (const table of ['users', 'members', 'invitations', 'member_counts', 'roles']) {
    await sql`vacuum analyze ${sql.table(table)}`.execute(db);
  }
  const rows = await db.selectFrom('member_counts').select(['status', 'n']).where('org_id', '=', orgId).execute();
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + Number(row.n);
  return { inserted: count, counts, seconds: (performance.now() - started) / 1000 };
}
