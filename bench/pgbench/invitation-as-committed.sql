-- One invitation as Roster sends it at commit e78a119 (npm run bench -- --explain lists the statements):
-- BEGIN, 6 statements one after another, COMMIT. Needs -D org, user, owner, role (see ids.sql).
\set n random(1, 1000000000000000)
BEGIN;
select m.*, o.id as o_id, o.name as o_name, o.role_template as o_role_template, o.invitation_ttl_days as o_ttl,
  o.invite_link_enabled as o_link_enabled, o.invite_link_created_at as o_link_created_at, o.created_at as o_created_at,
  r.id as r_id, r.key as r_key, r.name as r_name, r.description as r_description, r.rank as r_rank,
  r.is_owner as r_is_owner, r.builtin as r_builtin, r.permissions as r_permissions, r.created_at as r_created_at
  from members as m left join roles as r on r.id = m.role_id inner join organizations as o on o.id = m.org_id
  where m.org_id = :org and m.user_id = :user and m.status <> 'removed';
select * from roles where org_id = :org and id = :role;
select * from members where org_id = :org and email = 'pgb.' || :n::text || '@bench.test' and status <> 'removed';
insert into members (id, org_id, user_id, email, first_name, last_name, description, role_id, role_rank, kind, status,
  invitation_id, invite_expires_at, invited_by_member_id, last_connection_at, created_at, updated_at, erased_at)
  values ('mem_pgb' || :n::text, :org, null, 'pgb.' || :n::text || '@bench.test', 'Ivy', 'Invitee', '', :role,
  (select rank from roles where id = :role), 'member', 'invite_pending', 'inv_pgb' || :n::text, now() + interval '7 days',
  :owner, null, now(), now(), null);
with i as (insert into invitations (id, org_id, member_id, email, role_id, invited_by_member_id, expires_at, created_at, accepted_at, revoked_at)
  values ('inv_pgb' || :n::text, :org, 'mem_pgb' || :n::text, 'pgb.' || :n::text || '@bench.test', :role, :owner,
  now() + interval '7 days', now(), null, null) returning id)
  insert into invitation_tokens (token_hash, invitation_id, created_at, replaced_at)
  values (md5(:n::text) || md5(:n::text || 'x'), 'inv_pgb' || :n::text, now(), null);
with flushed_audit as (insert into audit_events (org_id, actor_member_id, actor_user_id, action, target_type, target_id,
  target_member_id, before, after, created_at) values (:org, :owner, :user, 'member.invited', 'member', 'mem_pgb' || :n::text,
  'mem_pgb' || :n::text, null, '{"email":"x@bench.test","kind":"member","expiresAt":"2026-12-01T14:10:55.614Z"}', now()) returning id),
flushed_mail as (insert into mail_outbox (org_id, sender_member_id, to_address, subject, text_body, html_body, status, transport,
  last_error, next_attempt_at, locked_until, created_at, sent_at) values (:org, :owner, 'pgb.' || :n::text || '@bench.test',
  'Olive Owner invited you to Acme Bench on Roster', repeat('Hello Ivy, you are invited. ', 15),
  repeat('<p>Hello Ivy, you are invited.</p> ', 40), 'sent', 'dev_mailbox', null, now(), null, now(), now()) returning id)
select 1 as flushed;
COMMIT;
