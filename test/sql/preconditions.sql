-- Preconditions in formatted SQL: evaluated by changelog_update against the
-- live catalog of the current transaction; ignored by changelog_sync.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
CREATE SCHEMA pre;
SET search_path = pre, public;

SELECT id, exectype, action FROM changelog_update('pre1.sql', changelog => $$--liquibase formatted sql
--changeset p:1
create table pre_t (id int);
--changeset p:2
--preconditions onFail:MARK_RAN
--precondition-table-exists table:pre_t
insert into pre_t values (2);
--changeset p:3
--preconditions onFail:MARK_RAN
--precondition-table-exists table:no_such_table
insert into pre_t values (3);
--changeset p:4
--preconditions onFail:CONTINUE
--precondition-sql-check expectedResult:5 select count(*) from pre_t
insert into pre_t values (4);
--changeset p:5
--preconditions onFail:WARN
--precondition-view-exists view:pre_t
insert into pre_t values (5);
--changeset p:6
--preconditions onFail:HALT onError:MARK_RAN
--precondition-sql-check expectedResult:0 select count(*) from no_such_table
insert into pre_t values (6);
--changeset p:7
--precondition-sql-check expectedResult:t select exists (select 1 from pre_t where id = 2)
insert into pre_t values (7);
--changeset p:8
--precondition-sql-check expectedResult:"two words" select 'two words'
insert into pre_t values (8);
$$);
SELECT id FROM pre_t ORDER BY id;
SELECT id, exectype FROM databasechangelog ORDER BY orderexecuted;

-- CONTINUE leaves no row, so the changeset is evaluated again next time
SELECT id, action FROM changelog_update('pre2.sql', changelog => $$--liquibase formatted sql
--changeset p:1
--preconditions onFail:CONTINUE
--precondition-table-exists table:pre_later
create table pre_later_copy (id int);
$$);
CREATE TABLE pre_later (id int);
SELECT id, action FROM changelog_update('pre2.sql', changelog => $$--liquibase formatted sql
--changeset p:1
--preconditions onFail:CONTINUE
--precondition-table-exists table:pre_later
create table pre_later_copy (id int);
$$);

-- HALT (the default) stops the whole call: nothing is applied
SELECT id, action FROM changelog_update('pre3.sql', changelog => $$--liquibase formatted sql
--changeset p:1
create table pre_halt (id int);
--changeset p:2
--precondition-table-exists table:missing_table schema:pre
select 1;
$$);
SELECT to_regclass('pre.pre_halt') IS NULL AS not_applied;

-- an error in the check with onError HALT
SELECT id, action FROM changelog_update('pre4.sql', changelog => $$--liquibase formatted sql
--changeset p:1
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 select 1/0
select 1;
$$);

-- changelog_sync does not evaluate preconditions
SELECT id, exectype, action FROM changelog_sync('pre5.sql', changelog => $$--liquibase formatted sql
--changeset p:1
--precondition-table-exists table:missing_table
select 1;
$$);

-- failOnError:false: the failing changeset is rolled back and skipped, no row
SELECT id, action FROM changelog_update('pre6.sql', changelog => $$--liquibase formatted sql
--changeset p:1 failOnError:false
create table pre_partial (id int);
select 1/0;
--changeset p:2
create table pre_after (id int);
$$);
SELECT to_regclass('pre.pre_partial') IS NULL AS rolled_back, to_regclass('pre.pre_after') IS NOT NULL AS went_on;
SELECT count(*) FROM databasechangelog WHERE filename = 'pre6.sql';

-- onValidationFail="MARK_RAN": a changeset that cannot run is recorded as MARK_RAN
SELECT id, exectype, action FROM changelog_update('ovf.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="p" onValidationFail="MARK_RAN"><sql>vacuum</sql></changeSet>
  <changeSet id="2" author="p"><sql>create table pre_ovf (id int)</sql></changeSet>
</databaseChangeLog>$$);
-- without it, the same changeset stops the call before anything runs
SELECT id, exectype, action FROM changelog_update('ovf2.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="p"><sql>create table pre_ovf2 (id int)</sql></changeSet>
  <changeSet id="2" author="p"><sql>vacuum</sql></changeSet>
</databaseChangeLog>$$);
SELECT to_regclass('pre.pre_ovf2') IS NULL AS nothing_applied;

-- tableExists matches names case-insensitively, whatever their case in the
-- catalog (quoted names), their length or their LIKE metacharacters
CREATE TABLE "PreMixedCaseName" (id int);
CREATE TABLE "pre_A%b" (id int);
CREATE TABLE "9PRE" (id int);
CREATE TABLE prexab (id int);
SELECT id, action FROM changelog_update('ci.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="premixedcasename"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="2" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="PREMIXEDCASENAME"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="3" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="premixedcasenam"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="4" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="PRE_a%B"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="5" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="pre_a_b"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="6" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="9pre"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="7" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="pre_ab"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="8" author="p"><preConditions onFail="MARK_RAN"><tableExists tableName="PREXAB"/></preConditions><sql>select 1</sql></changeSet>
</databaseChangeLog>$$) ORDER BY id::int;

-- every catalog precondition finds names case-insensitively (each lookup
-- goes through the catalog's name index: see ci_patterns)
CREATE TABLE "PreParent" (id int CONSTRAINT "PreParent_PK" PRIMARY KEY);
CREATE TABLE pre_child (id int, parent_id int CONSTRAINT "Pre_FK" REFERENCES "PreParent", code int CONSTRAINT "Pre_UQ" UNIQUE);
CREATE INDEX "Pre_IX" ON pre_child (parent_id);
CREATE SEQUENCE "PreSeq";
SELECT id, action FROM changelog_update('kinds.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="p"><preConditions onFail="MARK_RAN"><columnExists tableName="preparent" columnName="ID"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="2" author="p"><preConditions onFail="MARK_RAN"><columnExists tableName="PREPARENT" columnName="nope"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="3" author="p"><preConditions onFail="MARK_RAN"><indexExists indexName="pre_ix"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="4" author="p"><preConditions onFail="MARK_RAN"><indexExists tableName="PRE_CHILD" columnNames="PARENT_ID"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="5" author="p"><preConditions onFail="MARK_RAN"><indexExists indexName="pre_ix2"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="6" author="p"><preConditions onFail="MARK_RAN"><primaryKeyExists tableName="preparent"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="7" author="p"><preConditions onFail="MARK_RAN"><primaryKeyExists primaryKeyName="PREPARENT_pk"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="8" author="p"><preConditions onFail="MARK_RAN"><foreignKeyConstraintExists foreignKeyName="pre_fk"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="9" author="p"><preConditions onFail="MARK_RAN"><foreignKeyConstraintExists foreignKeyTableName="PreParent" foreignKeyName="pre_fk"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="10" author="p"><preConditions onFail="MARK_RAN"><uniqueConstraintExists tableName="Pre_Child" columnNames="CODE"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="11" author="p"><preConditions onFail="MARK_RAN"><uniqueConstraintExists tableName="pre_child" constraintName="pre_uq"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="12" author="p"><preConditions onFail="MARK_RAN"><sequenceExists sequenceName="preseq"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="13" author="p"><preConditions onFail="MARK_RAN"><tableIsEmpty tableName="PREPARENT"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="14" author="p"><preConditions onFail="MARK_RAN"><viewExists viewName="preparent"/></preConditions><sql>select 1</sql></changeSet>
  <changeSet id="15" author="p"><preConditions onFail="MARK_RAN"><uniqueConstraintExists tableName="pre_child" columnNames="id"/></preConditions><sql>select 1</sql></changeSet>
</databaseChangeLog>$$) ORDER BY id::int;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA pre CASCADE;
