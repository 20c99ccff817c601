import { sql, type Kysely } from 'kysely';

/**
 * Issue 6: the organization's member tag catalogue, tags on members, and plans — the
 * dry-run previews of imports and bulk actions, kept until applied or expired so any
 * instance can apply them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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
      member_id text not null references members (id) on delete cascade,
      tag_id text not null references tags (id) on delete cascade,
      org_id text not null references organizations (id) on delete cascade,
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
      rows text not null,
      summary text not null,
      digest text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      applied_at timestamptz
    )`.execute(db);
  await sql`create index plans_expiry_idx on plans (expires_at)`.execute(db);
}

/** Development only: migrations are append-only once landed. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table plans`.execute(db);
  await sql`drop table member_tags`.execute(db);
  await sql`drop table tags`.execute(db);
}
