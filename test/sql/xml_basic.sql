-- XML changelogs (libxml2).  Every MD5SUM, DESCRIPTION, CONTEXTS, LABELS,
-- COMMENTS and FILENAME below is the one the Liquibase 4.28 CLI recorded for
-- the same file (changelog-sync): the vectors of shared/spec/vectors/xml,
-- model.xml (the changelog that model.yaml and model.json repeat) and
-- c08_formats.xml of shared/spec/checksum-cases.
-- (the engine's per-changeset NOTICEs carry timings)
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set dir :abs_srcdir '/data/xml'
CREATE SCHEMA xml_test;
SET search_path = xml_test, public;

-- the vectors, read from files under base_dir (x01_file.sql is an sqlFile)
SELECT id, author, md5sum, description, filename, action
  FROM changelog_sync('x01_changes.xml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- the same changelog given as text gives the same rows
CREATE SCHEMA xml_text;
SET search_path = xml_text, public;
SELECT count(*) AS synced
  FROM changelog_sync('x01_changes.xml',
                      changelog => pg_read_file(:'dir' || '/x01_changes.xml'),
                      base_dir => :'dir');
SELECT id, md5sum, description FROM xml_text.databasechangelog
EXCEPT
SELECT id, md5sum, description FROM xml_test.databasechangelog;
SET search_path = xml_test, public;

-- most of the model: properties (first definition wins), changelog
-- preconditions, context/labels/comment, rollback, preConditions, modifySql,
-- logicalFilePath, dbms and ignore on changesets, include with context and
-- labels, a missing include with errorIfMissing="false", includeAll
SELECT id, author, filename, md5sum, description, comments, contexts, labels, tag
  FROM changelog_sync('model.xml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- values are strings in XML: "1.50" stays "1.50" (compare c08 in yaml_basic)
SELECT id, md5sum, description
  FROM changelog_sync('c08_formats.xml', base_dir => :'dir')
 ORDER BY orderexecuted, id;

-- text, CDATA, character references and comments inside elements; ${}
-- in attributes and text; changelog-level logicalFilePath and context
SELECT id, filename, md5sum, description, comments, contexts
  FROM changelog_sync('inline.xml', changelog => $$<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd"
    logicalFilePath="logical/inline.xml" context="root_ctx">
  <property name="t" value="tab&amp;1"/>
  <changeSet id="i-1" author="x">
    <comment>  a &lt;comment&gt; for ${t}  </comment>
    <sql><![CDATA[select 1 where 2 > 1;]]> <!-- not part of the text --> select '&#233;';</sql>
  </changeSet>
  <changeSet id="i-2" author="x" context="c2">
    <createTable tableName="${t}" remarks="&#10;line">
      <column name="a" type="int"/>
    </createTable>
  </changeSet>
</databaseChangeLog>
$$) ORDER BY orderexecuted, id;

-- a changelog of more than 10 MB parses (libxml is fed in chunks): 12 MB of
-- white space and comments between two changesets
SELECT id, statement FROM changelog_update_sql('big.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
  || '<changeSet id="big-1" author="x"><sql>select 1</sql></changeSet>'
  || repeat(E'  <!-- filler -->\n', 700000)
  || '<changeSet id="big-2" author="x"><sql>select 2</sql></changeSet></databaseChangeLog>');
-- the text is read as UTF-8 whatever its declaration says
SELECT id, description, md5sum FROM changelog_sync('enc.xml', dry_run => true, changelog => $$<?xml version="1.0" encoding="ISO-8859-1"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="é-1" author="x"><sql>select 'é'</sql></changeSet>
</databaseChangeLog>
$$);
-- the changesets of an ignored include (or includeAll) are read and reported
-- filtered, as the CLI counts them; nothing of them is recorded
SELECT id, filename, action FROM changelog_sync('ign.xml', dry_run => true, base_dir => :'dir', changelog => $$<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="ign-1" author="x"><sql>select 1</sql></changeSet>
  <include file="inc/child.xml" relativeToChangelogFile="true" ignore="true"/>
  <includeAll path="inc/all/" relativeToChangelogFile="true" ignore="true"/>
</databaseChangeLog>
$$);
-- white space only is an empty changelog
SELECT * FROM changelog_sync('blank.xml', changelog => E' \n\t ');

-- a document read in 64 kB chunks is built while it is read: changesets cut
-- by a chunk boundary come out whole, the same as in a small document, and
-- text found after thousands of changesets is still refused
CREATE TEMP TABLE big_xml AS
SELECT '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
    || string_agg(format('<changeSet id="x-%s" author="t"><comment>%s</comment><sql>select %s</sql></changeSet>',
                         i, repeat('c', i % 97), i), E'\n')
    || '</databaseChangeLog>' AS body
  FROM generate_series(1, 3000) i;
SELECT length(body) > 4 * 65536 AS several_chunks FROM big_xml;
SELECT count(*), count(DISTINCT md5sum) FROM changelog_sync('big.xml', changelog => (SELECT body FROM big_xml));
SELECT b.md5sum = s.md5sum AS same_checksum, b.description = s.description AS same_description
  FROM changelog_status('big2.xml', changelog => (SELECT body FROM big_xml)) b,
       changelog_status('one.xml', changelog =>
         '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="x-2345" author="t"><comment>'
         || repeat('c', 2345 % 97) || '</comment><sql>select 2345</sql></changeSet></databaseChangeLog>') s
 WHERE b.id = 'x-2345';
SELECT count(*) FROM changelog_sync('bigtext.xml', changelog =>
  (SELECT replace(body, '<changeSet id="x-2999"', 'stray text <changeSet id="x-2999"') FROM big_xml));

-- what is complete is built while the rest is read, but a document that
-- turns out malformed is reported as such, not by what building it found
SELECT * FROM changelog_status('trunc.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><include file="missing.xml"/><changeSet id="1" author="a">');
SELECT * FROM changelog_status('whole.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><include file="missing.xml"/><changeSet id="1" author="a"><sql>select 1</sql></changeSet></databaseChangeLog>');

-- escapes, comments, CDATA and processing instructions read as a tree would
-- give them: &amp; &#38; &#x26; are '&' in attributes and text, "&amp;#38;"
-- stays "&#38;", a comment or CDATA section inside a text joins it
CREATE TABLE ent_t (v text);
SELECT id, author, action FROM changelog_update('ent.xml', changelog => $$<?xml version="1.0"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">
  <!-- a comment between changesets -->
  <?some-pi data?>
  <changeSet id="a&amp;b&#38;c&#x26;d&amp;#38;e" author="o&apos;b&lt;r&gt;&quot;" xsi:type="ignored">
    <sql>insert into ent_t values ('x&amp;y' <!-- gone --> || 'z'<![CDATA[ || '&amp;<b>' ]]><?pi?>|| '&#x41;&#66;')</sql>
  </changeSet>
</databaseChangeLog>$$);
SELECT v FROM ent_t;
-- a changeset error inside a batch of many names its own line, and nothing is kept
SELECT count(*) FROM changelog_sync('batch.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">' || E'\n'
  || (SELECT string_agg(format('<changeSet id="b-%s" author="t"><sql>select %s</sql></changeSet>', i, i), E'\n')
        FROM generate_series(1, 100) i)
  || E'\n<changeSet id="b-101" author="t"><sql>select 101</sql><bogus/></changeSet>\n'
  || '</databaseChangeLog>');
SELECT count(*) FROM databasechangelog WHERE filename = 'batch.xml';
-- an element of another namespace, wherever it is
SELECT * FROM changelog_status('ns.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog" xmlns:o="urn:other"><changeSet id="1" author="a"><o:sql>select 1</o:sql></changeSet></databaseChangeLog>');
-- text and a CDATA section are each held to libxml's 10,000,000 bytes, not
-- together (a tree keeps them apart); comments between changesets keep nothing
SELECT id, length(md5sum) FROM changelog_status('cdata.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="big" author="a"><sql>select 1 -- '
  || repeat('x', 6000000) || '<![CDATA[' || repeat('y', 5000000) || ']]></sql></changeSet></databaseChangeLog>');
SELECT count(*) FROM changelog_status('comments.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">' || repeat(E'<!-- c -->\n<?pi x?>\n', 200000)
  || '<changeSet id="1" author="a"><sql>select 1</sql></changeSet>' || repeat(E'<!---->\n', 1000) || '</databaseChangeLog>');
-- a cancel while the document is read is a cancel, not a changelog error
CREATE TEMP TABLE slow_xml AS
SELECT '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
    || string_agg(format('<changeSet id="s-%s" author="t"><sql>select %s</sql></changeSet>', i, i), '')
    || '</databaseChangeLog>' AS body
  FROM generate_series(1, 200000) i;
SET statement_timeout = '50ms';
SELECT count(*) FROM changelog_status('slow.xml', changelog => (SELECT body FROM slow_xml));
RESET statement_timeout;
SELECT count(*) AS after_cancel FROM changelog_status('small.xml', changelog =>
  '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="1" author="a"><sql>select 1</sql></changeSet></databaseChangeLog>');

RESET search_path;
DROP SCHEMA xml_test CASCADE;
DROP SCHEMA xml_text CASCADE;
