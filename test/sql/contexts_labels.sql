-- Contexts and labels: every rule of liquibase-core.md §4, each on its own.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
CREATE SCHEMA ctx;
SET search_path = ctx, public;
CREATE TABLE cl (body text);
INSERT INTO cl VALUES ($$--liquibase formatted sql
--changeset k:k01
select 1;
--changeset k:k02 context:a
select 1;
--changeset k:k03 context:A
select 1;
--changeset k:k04 context:!a
select 1;
--changeset k:k05 context:a,b
select 1;
--changeset k:k06 context:"a and b"
select 1;
--changeset k:k07 context:"(a or b) and !c"
select 1;
--changeset k:k08 context:@a
select 1;
--changeset k:k09 context:"!a and !b"
select 1;
--changeset k:k10 labels:x
select 1;
--changeset k:k11 labels:x,y
select 1;
--changeset k:k12 labels:"x and y"
select 1;
--changeset k:k13 labels:!x
select 1;
--changeset k:k14 labels:L9
select 1;
--changeset k:k15 context:"not a"
select 1;
--changeset k:k16 context:"a or b"
select 1;
$$);

-- which changesets a filter selects (sync, so nothing executes)
CREATE FUNCTION selected(n int, c text, l text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(id, ' ' ORDER BY id)
    FROM changelog_sync('run' || n || '.sql', changelog => (SELECT body FROM cl),
                        contexts => c, labels => l)
   WHERE action = 'synced'
$$;

-- no contexts, no labels: everything but the "@" context
SELECT selected(1, NULL, NULL);
-- an empty filter is no filter
SELECT selected(2, '', '');
-- contexts are case-insensitive; a changeset without context always runs
SELECT selected(3, 'a', NULL);
SELECT selected(4, 'A', NULL);
-- "!a" when a is not given
SELECT selected(5, 'b', NULL);
SELECT selected(6, 'c', NULL);
SELECT selected(7, 'z', NULL);
-- "a and b" needs both; "," is or
SELECT selected(8, 'a,b', NULL);
SELECT selected(9, ' a , b ', NULL);
-- (a or b) and !c
SELECT selected(10, 'a,c', NULL);
-- label filters: unlabeled changesets always run
SELECT selected(11, NULL, 'x');
SELECT selected(12, NULL, 'x and y');
SELECT selected(13, NULL, '!x');
SELECT selected(14, NULL, 'x, y');
SELECT selected(15, NULL, 'l9');
SELECT selected(16, NULL, 'not x or y');
-- both filters
SELECT selected(17, 'z', 'z');

-- the filtered ones are reported, not recorded
SELECT id, action FROM changelog_sync('run18.sql', changelog => (SELECT body FROM cl),
                                      contexts => 'b', labels => 'y') ORDER BY id;
SELECT count(*) FROM databasechangelog WHERE filename = 'run18.sql';

-- the CONTEXTS and LABELS columns as Liquibase writes them
SELECT id, contexts, labels FROM databasechangelog WHERE filename = 'run1.sql' ORDER BY id;

-- invalid expressions in a changeset are errors
SELECT * FROM changelog_sync('bad.sql', changelog => $$--liquibase formatted sql
--changeset k:1 context:"a and"
select 1;
$$, contexts => 'a');

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA ctx CASCADE;
