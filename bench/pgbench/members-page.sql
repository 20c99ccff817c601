-- The two statements of one GET /orgs/{id}/members?limit=50 (the page, then the counts). Needs -D org.
select m.*, m.sort_name as sort_value, r.id as r_id, r.key as r_key, r.name as r_name, r.rank as r_rank
  from members as m left join roles as r on r.id = m.role_id
  where m.org_id = :org and m.status <> 'removed' order by m.sort_name asc, m.id asc limit 51;
select kind, status, n from member_counts where org_id = :org
union all
select kind, 'invite_expired' as status, count(*)::int as n from members
  where org_id = :org and status = 'invite_pending' and invite_expires_at <= now() group by kind;
