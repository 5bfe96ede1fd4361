-- Rollback: to a tag, a count, a date; explicit rollbacks in formatted SQL and
-- XML; a changeset that cannot be rolled back stops everything.
SET client_min_messages = warning;
CREATE SCHEMA rb;
SET search_path = rb, public;
CREATE TABLE cl (name text PRIMARY KEY, body text);
INSERT INTO cl VALUES ('sql', $$--liquibase formatted sql
--changeset r:1
create table rb_a (id int);
--rollback drop table rb_a;
--changeset r:2
create table rb_b (id int);
/* liquibase rollback
drop table rb_b;
*/
--changeset r:3
insert into rb_a values (3);
--rollback delete from rb_a where id = 3;
--changeset r:4
insert into rb_a values (4);
--rollback empty
--changeset r:5
insert into rb_a values (5);
--changeset r:6
insert into rb_a values (6);
--rollback changesetId:3 changesetAuthor:r
$$);

SELECT id, action FROM changelog_update('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), count => 4);
SELECT changelog_tag('after-4');
SELECT id, action FROM changelog_update('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'));
SELECT id FROM rb_a ORDER BY id;

-- r:5 has no rollback: rolling back two changesets stops before anything runs
SELECT * FROM changelog_rollback('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), count => 2);
SELECT count(*) FROM changelog_history();

-- the preview of one: r:6 rolls back by replaying r:3's SQL
SELECT id, statement FROM changelog_rollback_sql('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), count => 1);
SELECT id, orderexecuted, exectype, action FROM changelog_rollback('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), count => 1);
SELECT id FROM rb_a ORDER BY id;

-- give r:5 a rollback, then roll back to the tag: r:5 goes, r:4 (tagged) stays
UPDATE cl SET body = replace(body, E'insert into rb_a values (5);\n', E'insert into rb_a values (5);\n--rollback delete from rb_a where id = 5;\n') WHERE name = 'sql';
SELECT id, action FROM changelog_rollback('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), to_tag => 'after-4');
SELECT id, tag FROM changelog_history();
SELECT id FROM rb_a ORDER BY id;

-- everything after a date (all of it)
SELECT id, action FROM changelog_rollback('rb.sql', changelog => (SELECT body FROM cl WHERE name = 'sql'), to_date => '2000-01-01');
SELECT count(*) FROM changelog_history();
SELECT to_regclass('rb.rb_a') IS NULL AND to_regclass('rb.rb_b') IS NULL AS all_gone;

-- a tag set by tagDatabase rolls back with its changeset
INSERT INTO cl VALUES ('xml', $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="x"><sql>create table rb_x (id int)</sql><rollback>drop table rb_x</rollback></changeSet>
  <changeSet id="2" author="x"><tagDatabase tag="v2"/></changeSet>
  <changeSet id="3" author="x"><sql>insert into rb_x values (3)</sql><rollback><sql>delete from rb_x</sql></rollback></changeSet>
  <changeSet id="4" author="x"><sql>insert into rb_x values (4)</sql><rollback/></changeSet>
</databaseChangeLog>$$);
SELECT id, action FROM changelog_update('rb.xml', changelog => (SELECT body FROM cl WHERE name = 'xml'));
SELECT id, action FROM changelog_rollback('rb.xml', changelog => (SELECT body FROM cl WHERE name = 'xml'), to_tag => 'v2');
SELECT id FROM changelog_history();
SELECT count(*) FROM rb_x;

-- errors
SELECT * FROM changelog_rollback('rb.xml', changelog => (SELECT body FROM cl WHERE name = 'xml'), to_tag => 'nope');
SELECT * FROM changelog_rollback('rb.xml', changelog => (SELECT body FROM cl WHERE name = 'xml'));
SELECT * FROM changelog_rollback('rb.xml', changelog => (SELECT body FROM cl WHERE name = 'xml'), count => 1, to_tag => 'v2');
SELECT * FROM changelog_rollback('other.xml', changelog => '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"/>', count => 1);

RESET search_path;
DROP SCHEMA rb CASCADE;
