-- Bad XML, YAML and JSON changelogs: each is refused with an SQLSTATE and a
-- message that names the file, the line (and column where the library
-- gives one) and what was expected; nothing is written.
-- (the engine's per-changeset NOTICEs carry timings)
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set xmldir :abs_srcdir '/data/xml/bad'
\set yamldir :abs_srcdir '/data/yaml/bad'
\set jsondir :abs_srcdir '/data/json/bad'
\set VERBOSITY default
CREATE SCHEMA perr;
SET search_path = perr, public;

-- a UTF-8 byte order mark is skipped; these work
SELECT id, md5sum FROM changelog_sync('ok.xml', base_dir => :'xmldir');
SELECT id, md5sum FROM changelog_sync('bom.xml', base_dir => :'xmldir');
SELECT id, md5sum FROM changelog_sync('bom.yaml', base_dir => :'yamldir');
SELECT id, md5sum FROM changelog_sync('bom.json', base_dir => :'jsondir');

-- invalid UTF-8 and NUL bytes
SELECT * FROM changelog_sync('bad_utf8.xml', base_dir => :'xmldir');
SELECT * FROM changelog_sync('bad_utf8.yaml', base_dir => :'yamldir');
SELECT * FROM changelog_sync('bad_utf8.json', base_dir => :'jsondir');
SELECT * FROM changelog_sync('nul.xml', base_dir => :'xmldir');
SELECT * FROM changelog_sync('nul.yaml', base_dir => :'yamldir');
SELECT * FROM changelog_sync('nul.json', base_dir => :'jsondir');

-- truncated files
SELECT * FROM changelog_sync('t.xml', changelog => E'<?xml version="1.0"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n  <changeSet id="a" author="b">\n    <sql>select 1</sq');
SELECT * FROM changelog_sync('t.yaml', changelog => E'databaseChangeLog:\n  - changeSet: {id: a, author: b,\n      changes: [');
SELECT * FROM changelog_sync('t.json', changelog => E'{"databaseChangeLog": [\n  {"changeSet": {"id": "a", "author": "b",\n');
SELECT * FROM changelog_sync('empty.xml', changelog => '');
SELECT * FROM changelog_sync('empty.yaml', changelog => E'# nothing\n');
SELECT * FROM changelog_sync('empty.json', changelog => ' ');

-- 10,000 levels of nesting
SELECT * FROM changelog_sync('deep.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="a" author="b"><sql>'
  || repeat('<a>', 10000) || repeat('</a>', 10000) || '</sql></changeSet></databaseChangeLog>');
SELECT * FROM changelog_sync('deep.yaml', changelog =>
  'databaseChangeLog: ' || repeat('[', 10000) || repeat(']', 10000));
SELECT * FROM changelog_sync('deep.json', changelog =>
  '{"databaseChangeLog": ' || repeat('[', 10000) || repeat(']', 10000) || '}');

-- an external entity is never read: any DOCTYPE is refused
SELECT * FROM changelog_sync('xxe.xml', changelog => $$<?xml version="1.0"?>
<!DOCTYPE databaseChangeLog [ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><sql>select '&x;'</sql></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('laughs.xml', changelog => $$<?xml version="1.0"?>
<!DOCTYPE l [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"> ]>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><sql>&b;</sql></changeSet>
</databaseChangeLog>
$$);
-- an undeclared entity
SELECT * FROM changelog_sync('ent.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><sql>select '&nbsp;'</sql></changeSet>
</databaseChangeLog>
$$);

-- a YAML alias bomb
SELECT * FROM changelog_sync('bomb.yaml', changelog => $$
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
databaseChangeLog: [*i]
$$);
-- an alias to nothing, several documents, an unknown tag
SELECT * FROM changelog_sync('alias.yaml', changelog => E'databaseChangeLog: *nope\n');
SELECT * FROM changelog_sync('docs.yaml', changelog => E'databaseChangeLog: []\n---\ndatabaseChangeLog: []\n');
SELECT * FROM changelog_sync('tag.yaml', changelog => E'databaseChangeLog: !!binary aGVsbG8=\n');
-- \u0000 cannot become text
SELECT * FROM changelog_sync('nul2.json', changelog => E'{"databaseChangeLog": [{"changeSet": {"id": "a\\u0000", "author": "b"}}]}');

-- a missing include, in each format
SELECT * FROM changelog_sync('inc.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <include file="no/such/file.xml"/>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('inc.yaml', changelog => E'databaseChangeLog:\n  - include:\n      file: no/such/file.yaml\n');
SELECT * FROM changelog_sync('inc.json', changelog => '{"databaseChangeLog": [{"include": {"file": "no/such/file.json"}}]}');
SELECT * FROM changelog_sync('incall.yaml', changelog => E'databaseChangeLog:\n  - includeAll:\n      path: no/such/dir/\n');

-- what Liquibase's XSD (XML) or its parser (YAML, JSON) refuses
SELECT * FROM changelog_sync('u1.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><createTabel tableName="t"/></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u2.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><dropTable tableName="t" cascade="true"/></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u3.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b" comment="no">
    <sql>select 1</sql>
  </changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u4.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b">
    <createTable tableName="t"><column name="a" type="int"><foo/></column></createTable>
  </changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u5.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><preConditions><tableExist tableName="t"/></preConditions></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u6.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b"><dropTable tableName="t">text</dropTable></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u7.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:ext="http://www.liquibase.org/xml/ns/dbchangelog-ext">
  <changeSet id="a" author="b"><ext:createSomething/></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u8.xml', changelog => $$<changeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"/>
$$);
SELECT * FROM changelog_sync('u9.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="b"><sql>select 1</sql></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u10.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="a" author="b" objectQuotingStrategy="QUOTE_ALL"><sql>select 1</sql></changeSet>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u11.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <includeAll path="x/" filter="com.example.Filter"/>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u12.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <preConditions onFail="MARK_RAN"><dbms type="postgresql"/></preConditions>
</databaseChangeLog>
$$);
SELECT * FROM changelog_sync('u1.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      changes:\n        - createTabel:\n            tableName: t\n');
SELECT * FROM changelog_sync('u2.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      changes:\n        - createTable:\n            tableName: t\n            columns:\n              - column:\n                  name: a\n                  typ: int\n');
SELECT * FROM changelog_sync('u3.yaml', changelog => E'changeSet:\n  id: a\n');
SELECT * FROM changelog_sync('u4.yaml', changelog => E'databaseChangeLog:\n  changeSet:\n    id: a\n');
SELECT * FROM changelog_sync('u5.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      changes:\n        - sql: {sql: [select 1, select 2]}\n');
SELECT * FROM changelog_sync('u6.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      preConditions:\n        - onFail: STOP\n');
SELECT * FROM changelog_sync('u7.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      runWith: psql\n');
SELECT * FROM changelog_sync('u1.json', changelog => '{"databaseChangeLog": [{"changeSet": {"id": "a", "author": "b", "changes": [{"tagDatabase": "v1"}]}}]}');
SELECT * FROM changelog_sync('u2.json', changelog => '{"databaseChangeLog": [{"changeSet": {"author": "b"}}]}');
SELECT * FROM changelog_sync('u3.json', changelog => '{"databaseChangeLog": [{"includeAll": {"path": "x/", "resourceComparator": "com.example.C"}}]}');
SELECT * FROM changelog_sync('u4.json', changelog => '{"databaseChangeLog": [{"changeSet": {"id": "a", "author": "b"}}], }');
-- an unknown key of a change is ignored, with a warning
SELECT id, md5sum FROM changelog_sync('w1.yaml', changelog => E'databaseChangeLog:\n  - changeSet:\n      id: a\n      author: b\n      changes:\n        - dropTable:\n            tableName: t\n            cascade: true\n');

-- only the good files were recorded
SELECT id, filename FROM databasechangelog ORDER BY orderexecuted;

RESET search_path;
DROP SCHEMA perr CASCADE;

-- element order in a changeSet, as Liquibase validates it against dbchangelog-4.28.xsd (each case
-- checked with the 4.28 CLI): validCheckSum, preConditions, then comment/changes/rollback in any
-- order, then modifySql.  Checked with or without xsi:schemaLocation (the CLI refuses a changelog
-- without one altogether: "Cannot find the declaration of element 'databaseChangeLog'")
CREATE TEMP TABLE xo (k text, body text);
INSERT INTO xo VALUES
 ('comment-then-preConditions', '<comment>c</comment><preConditions><sqlCheck expectedResult="1">select 1</sqlCheck></preConditions><sql>select 1</sql>'),
 ('sql-then-preConditions', '<sql>select 1</sql><preConditions><sqlCheck expectedResult="1">select 1</sqlCheck></preConditions>'),
 ('comment-then-validCheckSum', '<comment>c</comment><validCheckSum>ANY</validCheckSum><sql>select 1</sql>'),
 ('preConditions-then-validCheckSum', '<preConditions><sqlCheck expectedResult="1">select 1</sqlCheck></preConditions><validCheckSum>ANY</validCheckSum><sql>select 1</sql>'),
 ('modifySql-then-sql', '<sql>select 1</sql><modifySql><append value=" "/></modifySql><sql>select 2</sql>'),
 ('modifySql-then-rollback', '<sql>select 1</sql><modifySql><append value=" "/></modifySql><rollback>select 2</rollback>'),
 ('ok: validCheckSum, preConditions, comment', '<validCheckSum>ANY</validCheckSum><preConditions><sqlCheck expectedResult="1">select 1</sqlCheck></preConditions><comment>c</comment><sql>select 1</sql>'),
 ('ok: sql, comment, rollback, sql, modifySql', '<sql>select 1</sql><comment>c</comment><rollback>select 2</rollback><sql>select 3</sql><modifySql><append value=" "/></modifySql>'),
 ('ok: rollback first', '<rollback>select 2</rollback><sql>select 1</sql>');
CREATE FUNCTION xo_try(body text, schema_location boolean) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM * FROM changelog_update_sql('xo.xml', changelog =>
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"'
    || CASE WHEN schema_location THEN ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd"' ELSE '' END
    || E'>\n<changeSet id="x" author="a">' || body || '</changeSet></databaseChangeLog>');
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;
SELECT k, xo_try(body, true) AS with_schema, xo_try(body, false) AS without_schema FROM xo;
-- the error in full
SELECT * FROM changelog_sync('xo.xml', changelog => $$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd">
  <changeSet id="x" author="a">
    <comment>c</comment>
    <preConditions><tableExists tableName="t"/></preConditions>
  </changeSet>
</databaseChangeLog>$$);
