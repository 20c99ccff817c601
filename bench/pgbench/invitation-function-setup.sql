-- Creates bench_invite(): the invitation's reads and writes in one call, for invitation-1-round-trip.sql.
-- Run once on a kept bench database (psql -f); it is dropped with the database.
create or replace function bench_invite(p_org text, p_user text, p_role text, p_email text, p_n text) returns text
language plpgsql as $$
declare
  actor record; role_row record; org_row record; existing text;
begin
  select m.id, m.status, r.rank into actor from members m left join roles r on r.id = m.role_id
    where m.org_id = p_org and m.user_id = p_user and m.status <> 'removed';
  select * into role_row from roles where org_id = p_org and id = p_role;
  select id into existing from members where org_id = p_org and email = p_email and status <> 'removed';
  if existing is not null then raise exception 'exists'; end if;
  select * into org_row from organizations where id = p_org;
  insert into members (id, org_id, user_id, email, first_name, last_name, description, role_id, role_rank, kind, status,
    invitation_id, invite_expires_at, invited_by_member_id, last_connection_at, created_at, updated_at, erased_at)
    values ('mem_f' || p_n, p_org, null, p_email, 'Ivy', 'Invitee', '', p_role, role_row.rank, 'member', 'invite_pending',
    'inv_f' || p_n, now() + interval '7 days', actor.id, null, now(), now(), null);
  insert into invitations (id, org_id, member_id, email, role_id, invited_by_member_id, expires_at, created_at)
    values ('inv_f' || p_n, p_org, 'mem_f' || p_n, p_email, p_role, actor.id, now() + interval '7 days', now());
  insert into invitation_tokens (token_hash, invitation_id, created_at) values (md5(p_n) || md5(p_n || 'x'), 'inv_f' || p_n, now());
  insert into audit_events (org_id, actor_member_id, actor_user_id, action, target_type, target_id, target_member_id, before, after, created_at)
    values (p_org, actor.id, p_user, 'member.invited', 'member', 'mem_f' || p_n, 'mem_f' || p_n, null, '{"email":"x"}', now());
  insert into mail_outbox (org_id, sender_member_id, to_address, subject, text_body, html_body, status, transport, next_attempt_at,
    created_at, sent_at) values (p_org, actor.id, p_email, 'Olive Owner invited you', repeat('Hello Ivy, you are invited. ', 15),
    repeat('<p>Hello Ivy, you are invited.</p> ', 40), 'sent', 'dev_mailbox', now(), now(), now());
  return 'mem_f' || p_n;
end $$;
