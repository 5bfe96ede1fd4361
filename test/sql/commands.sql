-- The rest of the command set: status, validate, unexpected, history, tag,
-- clear checksums.
SET client_min_messages = warning;
CREATE SCHEMA cmd;
SET search_path = cmd, public;
CREATE TABLE cl (name text PRIMARY KEY, body text);
INSERT INTO cl VALUES ('v1', $$--liquibase formatted sql
--changeset c:1
create table cmd_t (id int);
--changeset c:2 runAlways:true
select 1;
--changeset c:3 runOnChange:true
create or replace view cmd_v as select 1 as one;
--changeset c:4 context:later
select 4;
$$);

-- before anything ran: everything is new; the history is empty (no tables yet)
SELECT id, reason FROM changelog_status('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT count(*) FROM changelog_history();
SELECT to_regclass('cmd.databasechangelog') IS NULL AS status_created_nothing;
SELECT changelog_tag_exists('v1');
SELECT * FROM changelog_validate('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));

SELECT id, action FROM changelog_update('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'), contexts => 'now');
-- what would run now: runAlways, and the filtered-out one when its context is given
SELECT id, reason FROM changelog_status('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'), contexts => 'now');
SELECT id, reason FROM changelog_status('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'), contexts => 'later');

-- history in execution order, and tags
SELECT id, author, filename, orderexecuted, exectype, tag, liquibase FROM changelog_history();
SELECT changelog_tag('v1');
SELECT id, tag FROM changelog_history() WHERE tag IS NOT NULL;
SELECT changelog_tag_exists('v1'), changelog_tag_exists('v2');

-- a changed changeset: status says run_on_change where allowed; validate reports the rest
INSERT INTO cl SELECT 'v2', replace(replace(body, 'select 1 as one', 'select 2 as one'), 'create table cmd_t (id int)', 'create table cmd_t (id bigint)') FROM cl WHERE name = 'v1';
SELECT id, reason FROM changelog_status('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v2'), contexts => 'now');
SELECT problem, id, author, filename, detail FROM changelog_validate('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v2'), contexts => 'now');
-- problems that stop an update are rows, not errors
SELECT problem, id, detail FROM changelog_validate('bad.sql', changelog => E'--liquibase formatted sql\n--changeset c:1\nvacuum;\n--changeset c:2 runInTransaction:false\nselect 1;\n');
SELECT problem, id, filename, detail FROM changelog_validate('bad2.sql', changelog => E'--liquibase formatted sql\n--changeset c\nselect 1;\n');

-- rows the changelog does not have
SELECT * FROM changelog_unexpected('cmd.sql', changelog => E'--liquibase formatted sql\n--changeset c:1\ncreate table cmd_t (id int);\n');

-- clear checksums: the next update fills them in again and runs nothing new
SELECT changelog_clear_checksums();
SELECT count(*) FILTER (WHERE md5sum IS NULL) AS cleared FROM changelog_history();
SELECT id, action FROM changelog_update('cmd.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'), contexts => 'now');
SELECT count(*) FILTER (WHERE md5sum IS NULL) AS still_null FROM changelog_history();

-- argument errors
SELECT changelog_tag(NULL);
SELECT changelog_tag('');
CREATE SCHEMA cmd_empty;
SET search_path = cmd_empty, public;
SELECT changelog_tag('x');
SELECT changelog_clear_checksums();

RESET search_path;
DROP SCHEMA cmd CASCADE;
DROP SCHEMA cmd_empty CASCADE;
