import { sql, type Kysely } from 'kysely';

/**
 * Issue 6: the organization's member tag catalogue, tags on members, and plans — the
 * dry-run previews of imports and bulk actions, kept until applied or expired so any
 * instance can apply them.
 *
 * The member counts move from a row trigger to statement triggers: a bulk action updating
 * 10,000 members in one statement updated the same few `member_counts` rows 10,000 times in
 * one transaction, each time walking the growing chain of that row's versions (quadratic:
 * seconds for 10,000 rows, minutes for 100,000). Now each statement adds up its rows once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger members_count_insert_delete on members`.execute(db);
  await sql`drop trigger members_count_update on members`.execute(db);
  await sql`drop function members_count_trigger()`.execute(db);
  await sql`
    create function members_count_added() returns trigger language plpgsql as $$
    begin
      insert into member_counts (org_id, kind, status, n)
      select org_id, kind, status, count(*) from new_rows where status <> 'removed' group by 1, 2, 3
      on conflict (org_id, kind, status) do update set n = member_counts.n + excluded.n;
      return null;
    end $$`.execute(db);
  await sql`
    create function members_count_removed() returns trigger language plpgsql as $$
    begin
      update member_counts c set n = c.n - d.n
      from (select org_id, kind, status, count(*) as n from old_rows where status <> 'removed' group by 1, 2, 3) d
      where c.org_id = d.org_id and c.kind = d.kind and c.status = d.status;
      return null;
    end $$`.execute(db);
  await sql`
    create function members_count_changed() returns trigger language plpgsql as $$
    begin
      -- What the statement's rows count now, less what they counted before: rows whose status
      -- and kind stayed cancel out (a sign-in changes no count). No join of the transition
      -- tables, which have no index: joined, 10,000 rows were 100,000,000 comparisons.
      insert into member_counts (org_id, kind, status, n)
      select org_id, kind, status, sum(n) from (
        select org_id, kind, status, count(*) as n from new_rows where status <> 'removed' group by 1, 2, 3
        union all
        select org_id, kind, status, -count(*) from old_rows where status <> 'removed' group by 1, 2, 3
      ) moves group by 1, 2, 3 having sum(n) <> 0
      on conflict (org_id, kind, status) do update set n = member_counts.n + excluded.n;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger members_count_insert after insert on members referencing new table as new_rows
    for each statement execute function members_count_added()`.execute(db);
  await sql`
    create trigger members_count_delete after delete on members referencing old table as old_rows
    for each statement execute function members_count_removed()`.execute(db);
  await sql`
    create trigger members_count_update after update on members referencing old table as old_rows new table as new_rows
    for each statement execute function members_count_changed()`.execute(db);

  await sql`
    create table tags (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      name text not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create unique index tags_org_name_key on tags (org_id, lower(name))`.execute(db);

  await sql`
    create table member_tags (
      -- No foreign keys: checking them took half of the time of tagging 100,000 members (each
      -- check locks the referenced row again). Every write here runs under the organization
      -- lock with ids read in the same transaction; deleting a tag deletes its rows, and
      -- deleting an organization deletes its rows first (bulk and organization repositories).
      member_id text not null,
      tag_id text not null,
      org_id text not null,
      primary key (member_id, tag_id)
    )`.execute(db);
  await sql`create index member_tags_tag_idx on member_tags (tag_id, member_id)`.execute(db);

  await sql`
    create table plans (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      action text not null,
      created_by_member_id text not null references members (id),
      created_by_token_id text,
      input text not null,
      summary text not null,
      digest text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      applied_at timestamptz
    )`.execute(db);
  await sql`create index plans_expiry_idx on plans (expires_at)`.execute(db);
  // The previewed rows in pages of 1,000, once in order ('all') and once per outcome, so a
  // page of a 100,000-row preview is one small read.
  await sql`
    create table plan_pages (
      plan_id text not null references plans (id) on delete cascade,
      outcome text not null check (outcome in ('all', 'change', 'unchanged', 'refused')),
      page integer not null,
      rows text not null,
      primary key (plan_id, outcome, page)
    )`.execute(db);
  // Megabytes of JSON that live an hour: stored out of line without compressing them first.
  await sql`alter table plans alter column input set storage external`.execute(db);
  await sql`alter table plan_pages alter column rows set storage external`.execute(db);
}

/** Development only: migrations are append-only once landed. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger members_count_insert on members`.execute(db);
  await sql`drop trigger members_count_delete on members`.execute(db);
  await sql`drop trigger members_count_update on members`.execute(db);
  await sql`drop function members_count_added()`.execute(db);
  await sql`drop function members_count_removed()`.execute(db);
  await sql`drop function members_count_changed()`.execute(db);
  await sql`
    create function members_count_trigger() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.status <> 'removed' then
        update member_counts set n = n - 1 where org_id = old.org_id and kind = old.kind and status = old.status;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status <> 'removed' then
        insert into member_counts (org_id, kind, status, n) values (new.org_id, new.kind, new.status, 1)
        on conflict (org_id, kind, status) do update set n = member_counts.n + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger members_count_insert_delete after insert or delete on members for each row execute function members_count_trigger()`.execute(db);
  await sql`
    create trigger members_count_update after update of status, kind on members for each row
    when (old.status is distinct from new.status or old.kind is distinct from new.kind) execute function members_count_trigger()`.execute(db);
  await sql`drop table plan_pages`.execute(db);
  await sql`drop table plans`.execute(db);
  await sql`drop table member_tags`.execute(db);
  await sql`drop table tags`.execute(db);
}
