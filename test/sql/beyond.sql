-- Beyond Liquibase OSS: rollback of one changeset, the checksum and its
-- explanation, sync with preconditions, strict filters.
SET client_min_messages = warning;
CREATE SCHEMA bey;
SET search_path = bey, public;
CREATE TABLE cl (body text);
INSERT INTO cl VALUES ($$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="b" context="app"><createTable tableName="b_a"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="2" author="b" labels="core"><createTable tableName="b_b"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="3" author="b"><createView viewName="b_v">select id from b_a</createView></changeSet>
  <changeSet id="4" author="b"><sql>select 1</sql><rollback/></changeSet>
</databaseChangeLog>$$);
SELECT id, action FROM changelog_update('bey.xml', changelog => (SELECT body FROM cl));

-- calculate-checksum, and what it hashes
SELECT changelog_checksum('bey.xml', changelog => (SELECT body FROM cl), id => '1', author => 'b');
SELECT step, item, input, md5 FROM changelog_explain_checksum('bey.xml', changelog => (SELECT body FROM cl), id => '3', author => 'b');
SELECT * FROM changelog_checksum('bey.xml', changelog => (SELECT body FROM cl), id => '9', author => 'b');

-- roll back one changeset from the middle of the history
SELECT id, action FROM changelog_rollback_one('bey.xml', changelog => (SELECT body FROM cl), id => '2', author => 'b');
SELECT to_regclass('bey.b_b') IS NULL AS b_b_gone, to_regclass('bey.b_a') IS NOT NULL AS b_a_kept;
SELECT id FROM changelog_history();
-- refused when something later depends on it (the view on b_a): nothing changes
SELECT * FROM changelog_rollback_one('bey.xml', changelog => (SELECT body FROM cl), id => '1', author => 'b');
SELECT id FROM changelog_history();
-- a changeset that has not run
SELECT * FROM changelog_rollback_one('bey.xml', changelog => (SELECT body FROM cl), id => '2', author => 'b');

-- sync with preconditions deciding
CREATE SCHEMA bey2;
SET search_path = bey2, public;
CREATE TABLE exists_here (id int);
SELECT id, exectype, action FROM changelog_sync('pre.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="b"><preConditions onFail="MARK_RAN"><not><tableExists tableName="exists_here"/></not></preConditions><createTable tableName="exists_here"><column name="id" type="int"/></createTable></changeSet>
  <changeSet id="2" author="b"><preConditions onFail="CONTINUE"><tableExists tableName="not_yet"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="3" author="b"><sql>select 1</sql></changeSet>
</databaseChangeLog>$$, evaluate_preconditions => true);

-- strict: a context or label that matches nothing is an error
SET search_path = bey, public;
SELECT count(*) FROM changelog_sync('bey.xml', changelog => (SELECT body FROM cl), contexts => 'app', labels => 'core', strict => true);
SELECT * FROM changelog_sync('bey.xml', changelog => (SELECT body FROM cl), contexts => 'apps', labels => 'core or cor', strict => true);

RESET search_path;
DROP SCHEMA bey CASCADE;
DROP SCHEMA bey2 CASCADE;
