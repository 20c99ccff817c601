-- The counts statement every members page runs, alone. Needs -D org.
select kind, status, n from member_counts where org_id = :org
union all
select kind, 'invite_expired' as status, count(*)::int as n from members
  where org_id = :org and status = 'invite_pending' and invite_expires_at <= now() group by kind;
