-- The SQL API: signatures, result columns, tracking tables, argument errors.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
CREATE SCHEMA api_test;
SET search_path = api_test, public;

-- every function and procedure: all run with the caller's rights
SELECT proname, prokind, prosecdef, provolatile, proparallel, pronargs
  FROM pg_proc WHERE proname LIKE 'changelog\_%' ORDER BY 1;
-- the fixed signature of the main commands
SELECT pg_get_function_arguments('changelog_update'::regproc);
SELECT pg_get_function_result('changelog_update'::regproc);
SELECT pg_get_function_arguments('changelog_sync'::regproc);
SELECT pg_get_function_result('changelog_sync'::regproc) = pg_get_function_result('changelog_update'::regproc) AS same_result;

-- a changelog passed as text; the tracking tables appear in the current schema
SELECT id, author, filename, orderexecuted, exectype, md5sum, description,
       comments, tag, contexts, labels, deployment_id ~ '^[0-9]{10}$' AS dep_ok, action
  FROM changelog_update('db/changelog.sql', changelog => $$--liquibase formatted sql
--changeset alice:1
create table api_t (id int);
--changeset alice:2 context:test labels:L1
--comment: second one
insert into api_t values (1);
$$);

SELECT * FROM api_t;

-- Liquibase's DDL, exactly
SELECT table_name, column_name, data_type, character_maximum_length, is_nullable
  FROM information_schema.columns
 WHERE table_schema = 'api_test' AND table_name IN ('databasechangelog', 'databasechangeloglock')
 ORDER BY table_name, ordinal_position;
SELECT conname, contype FROM pg_constraint
 WHERE conrelid IN ('api_test.databasechangelog'::regclass, 'api_test.databasechangeloglock'::regclass);
SELECT id, locked, lockgranted, lockedby FROM databasechangeloglock;

-- every stored column
SELECT id, author, filename, orderexecuted, exectype, md5sum, description, comments,
       tag, liquibase, contexts, labels, length(deployment_id) AS dep_len,
       dateexecuted IS NOT NULL AS has_date
  FROM databasechangelog ORDER BY orderexecuted;
-- one deployment id per call
SELECT count(DISTINCT deployment_id) FROM databasechangelog;

-- named arguments in any order; parameters from jsonb
SELECT id, md5sum, action
  FROM changelog_update(changelog => $$--liquibase formatted sql
--changeset bob:p1
create table ${tbl} (id int);
$$, changelog_file => 'params.sql', parameters => '{"tbl": "api_param"}');
SELECT to_regclass('api_test.api_param') IS NOT NULL AS created;

-- argument errors
SELECT * FROM changelog_update(NULL);
SELECT * FROM changelog_update('');
SELECT * FROM changelog_sync('x.sql', changelog => '--liquibase formatted sql', parameters => '[1]');
SELECT * FROM changelog_sync('x.sql', changelog => '--liquibase formatted sql', parameters => '{"a": [1]}');
SELECT * FROM changelog_sync('x.txt', changelog => 'hello');
SELECT * FROM changelog_sync('x.sql', changelog => '--liquibase formatted sql', contexts => 'a and (b');
SELECT * FROM changelog_sync('x.sql', changelog => '--liquibase formatted sql', labels => 'a and');

-- a call is one transaction: a failure leaves nothing behind
SELECT count(*) FROM databasechangelog;
SELECT * FROM changelog_update('fail.sql', changelog => $$--liquibase formatted sql
--changeset alice:f1
create table api_fail1 (id int);
--changeset alice:f2
select * from no_such_table;
$$);
SELECT count(*) FROM databasechangelog;
SELECT to_regclass('api_test.api_fail1') IS NULL AS rolled_back;

-- the procedure commits after each changeset: a failure keeps what ran before
CALL changelog_update_each('each.sql', changelog => $$--liquibase formatted sql
--changeset a:1
create table each_t (id int);
--changeset a:2
insert into each_t values (1);
--changeset a:3
insert into each_t values (1/0);
$$);
SELECT id, exectype FROM databasechangelog WHERE filename = 'each.sql' ORDER BY orderexecuted;
SELECT * FROM each_t;
SELECT locked FROM databasechangeloglock;
-- a syntax error in a later changeset fails when that changeset runs, as the CLI
-- (the ones before it stay committed); a halting precondition says so in its hint
CALL changelog_update_each('each3.sql', changelog => $$--liquibase formatted sql
--changeset a:1
create table each3_t (id int);
--changeset a:2
selec 1;
$$);
CALL changelog_update_each('each3.sql', changelog => $$--liquibase formatted sql
--changeset a:1
create table each3_t (id int);
--changeset a:3
create table each3_u (id int);
--changeset a:4
--precondition-sql-check expectedResult:1 select 0
create table each3_v (id int);
$$);
SELECT id FROM databasechangelog WHERE filename = 'each3.sql' ORDER BY orderexecuted;
-- not inside a transaction block, not as a function
BEGIN;
CALL changelog_update_each('each.sql', changelog => '--liquibase formatted sql');
ROLLBACK;
SELECT changelog_update_each('each.sql');
-- on a database without tracking tables they are committed first, as the CLI does, even when
-- the first changeset fails
CREATE SCHEMA api_each;
SET search_path = api_each, public;
CALL changelog_update_each('each2.sql', changelog => $$--liquibase formatted sql
--changeset a:1
select 1/0;
$$);
SELECT count(*) AS rows, (SELECT count(*) FROM databasechangeloglock WHERE NOT locked) AS free_lock_rows
  FROM databasechangelog;
SET search_path = api_test, public;
DROP SCHEMA api_each CASCADE;

RESET search_path;
DROP SCHEMA api_test CASCADE;
