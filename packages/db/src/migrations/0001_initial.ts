import { sql, type Kysely } from 'kysely';

/** The first schema: users, sessions, organizations, roles, members, invitations, audit, mail outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`
    create table users (
      id text primary key,
      email text,
      first_name text,
      last_name text,
      password_hash text,
      created_at timestamptz not null,
      last_sign_in_at timestamptz,
      erased_at timestamptz
    )`.execute(db);
  await sql`create unique index users_email_key on users (email) where email is not null`.execute(db);

  await sql`
    create table sessions (
      id text primary key,
      token_hash text not null unique,
      user_id text not null references users (id) on delete cascade,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index sessions_user_idx on sessions (user_id)`.execute(db);

  await sql`
    create table organizations (
      id text primary key,
      name text not null,
      role_template text not null,
      invitation_ttl_days integer not null,
      invite_link_enabled boolean not null default false,
      invite_link_hash text unique,
      invite_link_created_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);

  await sql`
    create table roles (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      key text not null,
      name text not null,
      description text not null,
      rank integer not null,
      is_owner boolean not null,
      builtin boolean not null,
      permissions text[] not null,
      created_at timestamptz not null,
      constraint roles_org_key_key unique (org_id, key)
    )`.execute(db);

  await sql`
    create table members (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      user_id text references users (id),
      email text,
      first_name text,
      last_name text,
      description text not null default '',
      role_id text references roles (id),
      role_rank integer,
      kind text not null check (kind in ('member', 'external')),
      status text not null check (status in ('invite_pending', 'not_activated', 'active', 'deactivated', 'removed')),
      invitation_id text,
      invite_expires_at timestamptz,
      invited_by_member_id text,
      last_connection_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      erased_at timestamptz,
      sort_name text generated always as (lower(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))) stored,
      search_text text generated always as (
        lower(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, ''))
      ) stored
    )`.execute(db);
  // One current row per person per organization; removed rows stay for history.
  await sql`create unique index members_org_email_key on members (org_id, email) where status <> 'removed' and email is not null`.execute(db);
  await sql`create unique index members_org_user_key on members (org_id, user_id) where status <> 'removed' and user_id is not null`.execute(db);
  await sql`create index members_user_idx on members (user_id) where user_id is not null`.execute(db);
  // One index per sort of the members table: keyset pages seek, deep or not.
  await sql`create index members_sort_name_idx on members (org_id, sort_name, id) where status <> 'removed'`.execute(db);
  await sql`create index members_sort_email_idx on members (org_id, email, id) where status <> 'removed'`.execute(db);
  await sql`create index members_sort_role_idx on members (org_id, (coalesce(role_rank, -1)), id) where status <> 'removed'`.execute(db);
  await sql`create index members_sort_last_connection_idx on members (org_id, (coalesce(last_connection_at, timestamptz 'epoch')), id) where status <> 'removed'`.execute(db);
  await sql`create index members_sort_created_idx on members (org_id, created_at, id) where status <> 'removed'`.execute(db);
  await sql`create index members_role_idx on members (org_id, role_id) where status <> 'removed'`.execute(db);
  // Covers the per-page count of expired invitations (kind included): an index-only scan.
  await sql`create index members_pending_expiry_idx on members (org_id, invite_expires_at) include (kind) where status = 'invite_pending'`.execute(db);
  await sql`create index members_search_idx on members using gin (search_text gin_trgm_ops)`.execute(db);

  await sql`
    create table member_counts (
      org_id text not null references organizations (id) on delete cascade,
      kind text not null,
      status text not null,
      n integer not null default 0,
      primary key (org_id, kind, status)
    )`.execute(db);
  // Counts kept in the same transaction as every change to members, whichever path makes it.
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
  await sql`
    create trigger members_count_insert_delete after insert or delete on members
    for each row execute function members_count_trigger()`.execute(db);
  await sql`
    create trigger members_count_update after update of status, kind on members
    for each row when (old.status is distinct from new.status or old.kind is distinct from new.kind)
    execute function members_count_trigger()`.execute(db);

  await sql`
    create table invitations (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      member_id text not null references members (id) on delete cascade,
      email text,
      role_id text references roles (id),
      invited_by_member_id text,
      expires_at timestamptz not null,
      created_at timestamptz not null,
      accepted_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index invitations_org_idx on invitations (org_id)`.execute(db);
  await sql`
    create table invitation_tokens (
      token_hash text primary key,
      invitation_id text not null references invitations (id) on delete cascade,
      created_at timestamptz not null,
      replaced_at timestamptz
    )`.execute(db);
  await sql`create index invitation_tokens_invitation_idx on invitation_tokens (invitation_id)`.execute(db);

  await sql`
    create table audit_events (
      id bigint generated always as identity primary key,
      org_id text not null references organizations (id) on delete cascade,
      actor_member_id text,
      actor_user_id text,
      action text not null,
      target_type text not null,
      target_id text,
      target_member_id text,
      before jsonb,
      after jsonb,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index audit_events_org_idx on audit_events (org_id, id desc)`.execute(db);
  await sql`create index audit_events_target_member_idx on audit_events (target_member_id) where target_member_id is not null`.execute(db);

  await sql`
    create table mail_outbox (
      id bigint generated always as identity primary key,
      org_id text references organizations (id) on delete cascade,
      sender_member_id text,
      to_address text not null,
      subject text not null,
      text_body text,
      html_body text,
      status text not null check (status in ('queued', 'sent', 'retrying', 'failed')),
      transport text not null check (transport in ('smtp', 'dev_mailbox')),
      attempts integer not null default 0,
      last_error text,
      next_attempt_at timestamptz not null,
      locked_until timestamptz,
      created_at timestamptz not null,
      sent_at timestamptz
    )`.execute(db);
  await sql`create index mail_outbox_due_idx on mail_outbox (next_attempt_at) where status in ('queued', 'retrying')`.execute(db);
  await sql`create index mail_outbox_org_idx on mail_outbox (org_id, id desc)`.execute(db);
}
