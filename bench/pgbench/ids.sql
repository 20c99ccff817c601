-- The -D values the other scripts need, from a database kept with `npm run bench -- --keep`:
--   psql -At -F' ' -f bench/pgbench/ids.sql <database>
select '-D org=' || m.org_id, '-D user=' || m.user_id, '-D owner=' || m.id,
  '-D role=' || (select id from roles r where r.org_id = m.org_id and r.key = 'annotator')
from members m where m.email like 'owner.%@acme.test' and m.invited_by_member_id is null
order by m.created_at limit 1;
