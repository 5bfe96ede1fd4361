-- JSON changelogs (cJSON).  Every MD5SUM, DESCRIPTION, CONTEXTS, LABELS,
-- COMMENTS and FILENAME below is the one the Liquibase 4.28 CLI recorded for
-- the same file (changelog-sync): the vectors of shared/spec/vectors/json,
-- model.json (= model.xml), c08_formats.json of shared/spec/checksum-cases,
-- and the inline changelogs further down.
-- (the engine's per-changeset NOTICEs carry timings)
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set dir :abs_srcdir '/data/json'
CREATE SCHEMA json_test;
SET search_path = json_test, public;

-- the vectors
SELECT id, author, md5sum, description, filename, contexts, labels, action
  FROM changelog_sync('j01_changes.json', base_dir => :'dir')
 ORDER BY orderexecuted, id;
SELECT id, author, md5sum, description, filename, contexts, labels
  FROM changelog_sync('j02_more.json', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- the same files given as text give the same rows
CREATE SCHEMA json_text;
SET search_path = json_text, public;
SELECT count(*) AS synced
  FROM (SELECT * FROM changelog_sync('j01_changes.json',
                      changelog => pg_read_file(:'dir' || '/j01_changes.json'))
        UNION ALL
        SELECT * FROM changelog_sync('j02_more.json',
                      changelog => pg_read_file(:'dir' || '/j02_more.json'))) s;
SELECT id, md5sum, description FROM json_text.databasechangelog
EXCEPT
SELECT id, md5sum, description FROM json_test.databasechangelog;
SET search_path = json_test, public;

-- the model changelog: the same rows as model.xml (see xml_basic)
SELECT id, author, filename, md5sum, description, comments, contexts, labels, tag
  FROM changelog_sync('model.json', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- numbers and booleans are typed: 1.50 -> 1.5; strings are not
SELECT id, md5sum, description
  FROM changelog_sync('c08_formats.json', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- number forms, escapes, a repeated key (last value, first position),
-- null, the changelog spread over few lines
SELECT id, md5sum, description, comments
  FROM changelog_sync('numbers.json', changelog => $${"databaseChangeLog": [
 {"changeSet": {"id": "n-1", "author": "j", "comment": "tab\there \u00e9 \ud83d\ude00",
  "changes": [{"createTable": {"tableName": "n_t", "remarks": 0.000123, "columns": [
     {"column": {"name": "a", "type": "bigint", "autoIncrement": true,
                 "startWith": 12345678901234567890, "incrementBy": -0}},
     {"column": {"name": "b", "type": "int", "defaultValueNumeric": 1E+3}},
     {"column": {"name": "c", "type": "int", "defaultValueNumeric": 10000000.0}},
     {"column": {"name": "d", "type": "text", "defaultValue": null, "remarks": "x"}}]}}]}},
 {"changeSet": {"id": "n-2", "author": "j", "author": "k",
  "changes": [{"sql": "select '\"quoted\" \\ back';"}]}}
]}$$) ORDER BY orderexecuted, id;

RESET search_path;
DROP SCHEMA json_test CASCADE;
DROP SCHEMA json_text CASCADE;
