-- update-count, update-to-tag, sync-to-tag, mark-next-changeset-ran, dry runs.
SET client_min_messages = warning;
CREATE SCHEMA lim;
SET search_path = lim, public;
CREATE TABLE cl (body text);
INSERT INTO cl VALUES ($$<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="l"><sql>create table lim_t (id int)</sql></changeSet>
  <changeSet id="2" author="l"><sql>insert into lim_t values (2)</sql></changeSet>
  <changeSet id="3" author="l"><tagDatabase tag="v3"/></changeSet>
  <changeSet id="4" author="l"><sql>insert into lim_t values (4)</sql></changeSet>
  <changeSet id="5" author="l"><sql>insert into lim_t values (5)</sql></changeSet>
</databaseChangeLog>
$$);

-- a dry run does everything, reports it, and leaves nothing behind
SELECT id, exectype, tag, action FROM changelog_update('lim.xml', changelog => (SELECT body FROM cl), dry_run => true);
SELECT to_regclass('lim.lim_t') IS NULL AS no_table, to_regclass('lim.databasechangelog') IS NULL AS no_history;

-- update-count
SELECT id, action FROM changelog_update('lim.xml', changelog => (SELECT body FROM cl), count => 2);
-- update-to-tag: up to and including the tagging changeset
SELECT id, tag, action FROM changelog_update('lim.xml', changelog => (SELECT body FROM cl), to_tag => 'v3');
SELECT id FROM lim_t ORDER BY id;
-- mark-next-changeset-ran: the next one is recorded without running
SELECT id, exectype, action FROM changelog_mark_next_ran('lim.xml', changelog => (SELECT body FROM cl));
SELECT id, action FROM changelog_update('lim.xml', changelog => (SELECT body FROM cl));
SELECT id FROM lim_t ORDER BY id;

-- sync-to-tag on a fresh schema
CREATE SCHEMA lim2;
SET search_path = lim2, public;
SELECT id, exectype, tag, action FROM changelog_sync('lim.xml', changelog => (SELECT body FROM lim.cl), to_tag => 'v3');
SELECT id, exectype, tag FROM changelog_history();
-- a dry-run sync
SELECT id, action FROM changelog_sync('lim.xml', changelog => (SELECT body FROM lim.cl), dry_run => true);
SELECT count(*) FROM changelog_history();

-- errors
SELECT * FROM changelog_update('lim.xml', changelog => (SELECT body FROM lim.cl), to_tag => 'nope');
SELECT * FROM changelog_update('lim.xml', changelog => (SELECT body FROM lim.cl), count => -1);
SELECT * FROM changelog_update('lim.xml', changelog => (SELECT body FROM lim.cl), count => 1, to_tag => 'v3');

RESET search_path;
DROP SCHEMA lim CASCADE;
DROP SCHEMA lim2 CASCADE;
