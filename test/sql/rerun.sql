-- Re-running: update then update again, sync then update, runAlways,
-- runOnChange, changed checksums, validCheckSum, NULL and version 8 checksums.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set sqldir :abs_srcdir '/../../shared/spec/vectors/sql'
CREATE SCHEMA rr;
SET search_path = rr, public;
CREATE TABLE cl (name text PRIMARY KEY, body text);
CREATE TABLE runs (n serial, what text);

INSERT INTO cl VALUES ('v1', $$--liquibase formatted sql
--changeset r:1
create table rr_t (id int);
--changeset r:2 runAlways:true
insert into runs (what) values ('always');
--changeset r:3 runOnChange:true
create or replace view rr_v as select 1 as one;
--changeset r:4
insert into runs (what) values ('once');
$$);

-- update, then update again: nothing re-runs but runAlways (RERAN)
SELECT id, orderexecuted, exectype, action FROM changelog_update('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT id, orderexecuted, exectype, action FROM changelog_update('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT what, count(*) FROM runs GROUP BY what ORDER BY what;
SELECT id, orderexecuted, exectype, count(*) OVER () FROM databasechangelog ORDER BY orderexecuted;

-- runOnChange: a changed changeset re-runs and its row is updated
INSERT INTO cl SELECT 'v2', replace(body, 'select 1 as one', 'select 2 as one') FROM cl WHERE name = 'v1';
SELECT id, orderexecuted, exectype, md5sum, action FROM changelog_update('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v2'));
SELECT one FROM rr_v;

-- a changed changeset without runOnChange fails validation before anything runs
INSERT INTO cl SELECT 'v3', replace(body, 'create table rr_t (id int)', 'create table rr_t (id bigint)') FROM cl WHERE name = 'v2';
SELECT * FROM changelog_update('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v3'));
SELECT what, count(*) FROM runs GROUP BY what ORDER BY what;
-- ... unless a validCheckSum accepts it (the stored checksum is kept)
INSERT INTO cl SELECT 'v4', replace(body, E'--changeset r:1\n', E'--changeset r:1\n--validCheckSum: ANY\n') FROM cl WHERE name = 'v3';
SELECT id, md5sum, action FROM changelog_update('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v4')) WHERE id = '1';
SELECT md5sum FROM databasechangelog WHERE id = '1';

-- sync refuses a changed changeset too, as the CLI's changelog-sync does
SELECT * FROM changelog_sync('rr.sql', changelog => (SELECT body FROM cl WHERE name = 'v3'));

-- sync then update: nothing runs
SELECT id, exectype, action FROM changelog_sync('rs.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT id, exectype, action FROM changelog_update('rs.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT what, count(*) FROM runs GROUP BY what ORDER BY what;
-- sync again: already there
SELECT id, action FROM changelog_sync('rs.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));

-- a NULL checksum (after clear-checksums) is filled in, nothing re-runs
UPDATE databasechangelog SET md5sum = NULL WHERE filename = 'rs.sql';
SELECT id, action FROM changelog_update('rs.sql', changelog => (SELECT body FROM cl WHERE name = 'v1')) WHERE id <> '2';
SELECT id, md5sum FROM databasechangelog WHERE filename = 'rs.sql' ORDER BY id;

-- a version 8 checksum written by an older Liquibase is validated and upgraded
SELECT id, action FROM changelog_sync('s01_basic.sql', base_dir => :'sqldir');
UPDATE databasechangelog SET md5sum = '8:650f9eb701538620e95c31f27071f970' WHERE filename = 's01_basic.sql' AND id = 's01-2';
SELECT id, md5sum, action FROM changelog_update('s01_basic.sql', base_dir => :'sqldir');
SELECT id, md5sum FROM databasechangelog WHERE filename = 's01_basic.sql' ORDER BY id;
-- a wrong version 8 checksum is a validation error
UPDATE databasechangelog SET md5sum = '8:00000000000000000000000000000000' WHERE filename = 's01_basic.sql' AND id = 's01-2';
SELECT * FROM changelog_update('s01_basic.sql', base_dir => :'sqldir');

-- FILENAME as another tool wrote it (classpath: prefix, ./, // and \ separators) matches
-- the changeset's normalised path: nothing runs again
SELECT id, action FROM changelog_sync('db/rn.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
UPDATE databasechangelog SET filename = 'classpath:./db//rn.sql' WHERE filename = 'db/rn.sql' AND id = '1';
UPDATE databasechangelog SET filename = 'db\x\..\rn.sql' WHERE filename = 'db/rn.sql' AND id = '4';
SELECT id, action FROM changelog_update('db/rn.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT id, filename FROM databasechangelog WHERE filename LIKE '%rn.sql' ORDER BY id;

-- a history table made by hand is read through a query, as the CLI reads it:
-- text columns, a timestamptz, its own column order and an extra column ...
CREATE SCHEMA rr_hand;
SET search_path = rr_hand, rr, public;
CREATE TABLE databasechangelog (extra int, md5sum text, id text NOT NULL, author text NOT NULL,
  filename text NOT NULL, dateexecuted timestamptz NOT NULL, orderexecuted int NOT NULL,
  exectype text NOT NULL, description text, comments text, tag text, liquibase text,
  contexts text, labels text, deployment_id text);
SELECT id, action FROM changelog_sync('hand.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
SELECT id, action FROM changelog_update('hand.sql', changelog => (SELECT body FROM cl WHERE name = 'v1')) WHERE id <> '2';
SELECT id, orderexecuted, exectype, md5sum FROM databasechangelog ORDER BY orderexecuted;
-- rows of a child table count too (changeset 4 recorded only there)
CREATE SCHEMA rr_child;
SET search_path = rr_child, rr, public;
SELECT id, action FROM changelog_sync('hand.sql', changelog => (SELECT body FROM cl WHERE name = 'v1'));
CREATE TABLE databasechangelog_old () INHERITS (databasechangelog);
WITH moved AS (DELETE FROM ONLY databasechangelog WHERE id = '4' RETURNING *)
INSERT INTO databasechangelog_old SELECT * FROM moved;
SELECT id, action FROM changelog_update('hand.sql', changelog => (SELECT body FROM cl WHERE name = 'v1')) WHERE id <> '2';
SELECT what, count(*) FROM runs GROUP BY what ORDER BY what;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA rr_hand CASCADE;
DROP SCHEMA rr_child CASCADE;
DROP SCHEMA rr CASCADE;
