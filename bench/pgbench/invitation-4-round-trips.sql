-- The same invitation in 4 round trips: BEGIN, one read, one writing CTE, COMMIT.
-- Needs -D org, user, owner, role (see ids.sql).
\set n random(1, 1000000000000000)
BEGIN;
select m.id, m.status, ar.rank as actor_rank, ar.permissions, r.rank as role_rank, r.name as role_name, o.name as org_name,
  o.invitation_ttl_days,
  (select e.status from members e where e.org_id = o.id and e.email = 'q.' || :n::text || '@bench.test' and e.status <> 'removed') as existing
  from members m join roles ar on ar.id = m.role_id join organizations o on o.id = m.org_id
  join roles r on r.org_id = o.id and r.id = :role
  where m.org_id = :org and m.user_id = :user and m.status <> 'removed' for update of o;
with mem as (insert into members (id, org_id, user_id, email, first_name, last_name, description, role_id, role_rank, kind, status,
  invitation_id, invite_expires_at, invited_by_member_id, last_connection_at, created_at, updated_at, erased_at)
  values ('mem_q' || :n::text, :org, null, 'q.' || :n::text || '@bench.test', 'Ivy', 'Invitee', '', :role, 40, 'member',
  'invite_pending', 'inv_q' || :n::text, now() + interval '7 days', :owner, null, now(), now(), null) returning id),
inv as (insert into invitations (id, org_id, member_id, email, role_id, invited_by_member_id, expires_at, created_at)
  select 'inv_q' || :n::text, :org, id, 'q.' || :n::text || '@bench.test', :role, :owner, now() + interval '7 days', now() from mem returning id),
tok as (insert into invitation_tokens (token_hash, invitation_id, created_at)
  select md5(:n::text) || md5(:n::text || 'q'), id, now() from inv returning 1),
aud as (insert into audit_events (org_id, actor_member_id, actor_user_id, action, target_type, target_id, target_member_id, before,
  after, created_at) values (:org, :owner, :user, 'member.invited', 'member', 'mem_q' || :n::text, 'mem_q' || :n::text, null,
  '{"email":"x"}', now()) returning 1),
mail as (insert into mail_outbox (org_id, sender_member_id, to_address, subject, text_body, html_body, status, transport,
  next_attempt_at, created_at, sent_at) values (:org, :owner, 'q.' || :n::text || '@bench.test', 'Olive Owner invited you',
  repeat('Hello Ivy, you are invited. ', 15), repeat('<p>Hello Ivy, you are invited.</p> ', 40), 'sent', 'dev_mailbox', now(),
  now(), now()) returning 1)
select (select count(*) from tok) + (select count(*) from aud) + (select count(*) from mail);
COMMIT;
