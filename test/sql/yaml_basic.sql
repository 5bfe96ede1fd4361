-- YAML changelogs (libyaml).  Every MD5SUM, DESCRIPTION, CONTEXTS, LABELS,
-- COMMENTS and FILENAME below is the one the Liquibase 4.28 CLI recorded for
-- the same file (changelog-sync): the vectors of shared/spec/vectors/yaml,
-- model.yaml (= model.xml), c08_formats.yaml of shared/spec/checksum-cases,
-- and the inline changelogs further down.
-- (the engine's per-changeset NOTICEs carry timings)
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set dir :abs_srcdir '/data/yaml'
CREATE SCHEMA yaml_test;
SET search_path = yaml_test, public;

-- the vectors (y02_file.sql is an sqlFile)
SELECT id, author, md5sum, description, filename, action
  FROM changelog_sync('y01_changes.yaml', base_dir => :'dir')
 ORDER BY orderexecuted, id;
SELECT id, author, md5sum, description, filename, comments
  FROM changelog_sync('y02_more.yaml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- the same files given as text give the same rows
CREATE SCHEMA yaml_text;
SET search_path = yaml_text, public;
SELECT count(*) AS synced
  FROM (SELECT * FROM changelog_sync('y01_changes.yaml',
                      changelog => pg_read_file(:'dir' || '/y01_changes.yaml'))
        UNION ALL
        SELECT * FROM changelog_sync('y02_more.yaml',
                      changelog => pg_read_file(:'dir' || '/y02_more.yaml'),
                      base_dir => :'dir')) s;
SELECT id, md5sum, description FROM yaml_text.databasechangelog
EXCEPT
SELECT id, md5sum, description FROM yaml_test.databasechangelog;
SET search_path = yaml_test, public;

-- the model changelog: the same rows as model.xml (see xml_basic), with an
-- anchor, an alias and a merge key, list-form include, "- sql: text"
SELECT id, author, filename, md5sum, description, comments, contexts, labels, tag
  FROM changelog_sync('model.yaml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- unquoted scalars are typed as YAML 1.1 types them: 1.50 -> 1.5,
-- yes -> true, a date -> java.util.Date text; quoted ones are strings
SELECT id, md5sum, description
  FROM changelog_sync('c08_formats.yaml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- more typing: integers in other bases and with "_", floats, booleans,
-- null, !!str, block scalars (literal and folded), timestamps
SELECT id, md5sum, description, comments
  FROM changelog_sync('typed.yaml', changelog => $$
databaseChangeLog:
  - changeSet:
      id: t-1
      author: y
      comment: >
        folded
        comment
      changes:
        - createSequence:
            sequenceName: t_s
            startValue: 0x1F
            incrementBy: 1_000
            minValue: 010
            maxValue: +99
            cacheSize: !!str 007
            cycle: on
  - changeSet:
      id: t-2
      author: y
      changes:
        - createTable:
            tableName: t_t
            remarks: 2024-01-02 03:04:05
            columns:
              - column: {name: a, type: int, defaultValueNumeric: 1e3}
              - column: {name: b, type: int, defaultValueNumeric: -0.50}
              - column: {name: c, type: varchar(5), defaultValue: ~}
              - column: {name: d, type: varchar(5), defaultValue: Off}
              - column: {name: e, type: varchar(20), defaultValue: 2024-01-02T03:04:05+01:00}
              - column: {name: f, type: date, defaultValueDate: 2024-01-02}
  - changeSet:
      id: t-3
      author: y
      changes:
        - sql: |
            select 1;
            select 2;
      rollback: |
        select 3;
$$) ORDER BY orderexecuted, id;

-- a JSON-style (flow) YAML file, repeated keys (the last value wins, in the
-- first position), comments, and a changeset whose changes are direct keys
SELECT id, md5sum, description, labels
  FROM changelog_sync('flow.yaml', changelog => $${databaseChangeLog: [
  {changeSet: {id: f-1, author: y, labels: a, labels: b,   # last wins
     changes: [{tagDatabase: {tag: t1}}]}},
  {changeSet: {id: f-2, author: y, createTable: {tableName: f_t, columns: [{column: {name: a, type: int}}]}}}
]}
$$) ORDER BY orderexecuted, id;

-- the trees of a long file's entries are freed in groups as the model is
-- built: an alias far below its anchor still holds the anchored text, and a
-- property or changelog attribute given after the changesets still applies
-- to all of them (they are read in a first pass)
SELECT id, filename, md5sum, description, contexts
  FROM changelog_sync('far.yaml', changelog =>
       E'databaseChangeLog:\n'
    || (SELECT string_agg(CASE WHEN i = 100
              THEN E'  - changeSet:\n      id: a-100\n      author: t\n      changes:\n'
                || E'        - sql: {sql: &q "select ''anchored''", splitStatements: false}\n'
              ELSE format(E'  - changeSet: {id: a-%s, author: t, changes: [{sql: {sql: select %s}}]}\n', i, i)
              END, '')
          FROM generate_series(0, 600) i)
    || E'  - changeSet:\n      id: a-601\n      author: t\n      changes:\n'
    || E'        - sql: {sql: *q, splitStatements: false}\n'
    || E'        - sql: {sql: "select ${late}"}\n'
    || E'  - property: {name: late, value: 42}\n'
    || E'  - context: far\n'
    || E'  - logicalFilePath: far/away.yaml\n')
 WHERE id IN ('a-0', 'a-100', 'a-600', 'a-601') ORDER BY orderexecuted;

RESET search_path;
DROP SCHEMA yaml_test CASCADE;
DROP SCHEMA yaml_text CASCADE;
