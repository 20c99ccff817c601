-- The same invitation as one function call (run invitation-function-setup.sql first). Needs -D org, user, role.
\set n random(1, 1000000000000000)
select bench_invite(:org, :user, :role, 'fn.' || :n::text || '@bench.test', :n::text);
