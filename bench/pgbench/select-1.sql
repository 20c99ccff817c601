-- The round trip alone: what one statement costs before it does any work.
select 1;
