import { sql, type Kysely } from 'kysely';

/**
 * Issue 5: resource types and resources (nested), access grants with resource-level roles
 * and expiry, membership expiry, API tokens, and usage events with daily roll-ups that
 * keep reports fast. The permissions added to the catalogue are given to the owner and
 * built-in admin roles that exist already, as new organizations get them from the templates.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table members add column access_expires_at timestamptz`.execute(db);
  await sql`create index members_access_expiry_idx on members (access_expires_at) where access_expires_at is not null and status in ('active', 'not_activated')`.execute(db);
  await sql`alter table audit_events add column actor_token_id text`.execute(db);
  await sql`
    update roles set permissions = array(
      select distinct unnest(permissions || array['resources.access_all', 'access.check', 'api_tokens.manage', 'usage.record']::text[]) order by 1
    )
    where is_owner or (builtin and key = 'admin')`.execute(db);

  await sql`
    create table api_tokens (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      name text not null,
      token_hash text not null unique,
      token_prefix text not null,
      role_id text not null references roles (id),
      created_by_member_id text not null references members (id),
      created_at timestamptz not null,
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`.execute(db);
  await sql`create index api_tokens_org_idx on api_tokens (org_id, created_at desc, id)`.execute(db);
  await sql`create index api_tokens_role_idx on api_tokens (role_id) where revoked_at is null`.execute(db);

  await sql`
    create table resource_types (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      key text not null,
      name text not null,
      created_at timestamptz not null,
      constraint resource_types_org_key_key unique (org_id, key)
    )`.execute(db);

  await sql`
    create table resources (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      type_id text not null references resource_types (id) on delete cascade,
      external_id text not null,
      name text not null,
      parent_id text references resources (id) on delete set null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      constraint resources_type_external_key unique (type_id, external_id)
    )`.execute(db);
  await sql`create index resources_org_name_idx on resources (org_id, lower(name), id)`.execute(db);
  await sql`create index resources_parent_idx on resources (parent_id) where parent_id is not null`.execute(db);

  await sql`
    create table access_grants (
      id text primary key,
      org_id text not null references organizations (id) on delete cascade,
      member_id text not null references members (id) on delete cascade,
      kind text not null check (kind in ('resource', 'all_of_type', 'all_existing_of_type')),
      type_id text not null references resource_types (id) on delete cascade,
      resource_id text references resources (id) on delete cascade,
      role_id text references roles (id),
      expires_at timestamptz,
      expiry_recorded_at timestamptz,
      created_by_member_id text,
      created_at timestamptz not null,
      constraint access_grants_resource_check check ((kind = 'resource') = (resource_id is not null))
    )`.execute(db);
  // One grant per member per target: a second one is an edit of the first.
  await sql`create unique index access_grants_target_key on access_grants (member_id, kind, type_id, coalesce(resource_id, ''))`.execute(db);
  await sql`create index access_grants_resource_idx on access_grants (resource_id) where resource_id is not null`.execute(db);
  await sql`create index access_grants_role_idx on access_grants (role_id) where role_id is not null`.execute(db);
  await sql`create index access_grants_expiry_idx on access_grants (expires_at) where expires_at is not null and expiry_recorded_at is null`.execute(db);

  await sql`
    create table usage_events (
      id bigint generated always as identity primary key,
      org_id text not null references organizations (id) on delete cascade,
      event_id text,
      member_id text not null,
      resource_id text,
      action text not null,
      quantity integer not null,
      occurred_at timestamptz not null,
      received_at timestamptz not null
    )`.execute(db);
  await sql`create unique index usage_events_event_id_key on usage_events (org_id, event_id) where event_id is not null`.execute(db);
  await sql`create index usage_events_org_time_idx on usage_events (org_id, occurred_at)`.execute(db);
  // The report reads this: one row per day, member, resource and action, kept with each batch.
  await sql`
    create table usage_daily (
      org_id text not null references organizations (id) on delete cascade,
      day date not null,
      member_id text not null,
      resource_id text not null,
      action text not null,
      quantity bigint not null,
      events integer not null,
      primary key (org_id, day, member_id, resource_id, action)
    )`.execute(db);
  // The same without the resource: what reports by user and by day read, a fraction of the rows.
  await sql`
    create table usage_daily_members (
      org_id text not null references organizations (id) on delete cascade,
      day date not null,
      member_id text not null,
      action text not null,
      quantity bigint not null,
      events integer not null,
      primary key (org_id, day, member_id, action)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table usage_daily_members`.execute(db);
  await sql`drop table usage_daily`.execute(db);
  await sql`drop table usage_events`.execute(db);
  await sql`drop table access_grants`.execute(db);
  await sql`drop table resources`.execute(db);
  await sql`drop table resource_types`.execute(db);
  await sql`drop table api_tokens`.execute(db);
  await sql`alter table audit_events drop column actor_token_id`.execute(db);
  await sql`alter table members drop column access_expires_at`.execute(db);
}
