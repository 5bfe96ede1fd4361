-- The formatted SQL grammar (liquibase-core.md §3), one case per rule.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
CREATE SCHEMA fsql;
SET search_path = fsql, public;
CREATE FUNCTION sync_rows(f text, cl text)
RETURNS TABLE (id text, author text, filename text, md5sum text, description text,
               comments text, contexts text, labels text, action text)
LANGUAGE sql AS $$
  SELECT id, author, filename, md5sum, description, comments, contexts, labels, action
    FROM changelog_sync(f, changelog => cl)
$$;

-- header variants are all accepted
SELECT id, md5sum FROM sync_rows('h1.sql', E'--LIQUIBASE FORMATTED SQL\n--changeset a:1\nselect 1;\n');
SELECT id, md5sum FROM sync_rows('h2.sql', E'\n\n  -- liquibase formatted\n--changeset a:1\nselect 1;\n');
-- no header: the whole file is one changeset "raw" by "includeAll"
SELECT id, author, md5sum FROM sync_rows('raw.sql', E'create table raw_t (id int);\n');
-- an empty file is an error, as in Liquibase
SELECT count(*) FROM sync_rows('empty.sql', E'\n  \n');

-- author:id forms
SELECT id, author FROM sync_rows('ids.sql', $$--liquibase formatted sql
--changeset "john doe":"id with spaces"
select 1;
--changeset bob:id:with:colons
select 1;
--changeset first last:3
select 1;
--changeset "a:b":4
select 1;
-- changeset   spaced:5 runAlways:true
select 1;
$$);

-- attributes: any order, last occurrence wins, quotes stripped, properties expanded
SELECT id, contexts, labels, filename FROM sync_rows('attrs.sql', $$--liquibase formatted sql
--property name:ctx value:prod
--changeset a:1 labels:"L1, L2" context:"dev or ${ctx}" logicalFilePath:lp/one.sql
select 1;
--changeset a:2 contextFilter:qa context:ignored
select 1;
--changeset a:3 context:first context:second
select 1;
$$);

-- comments, rollback and preconditions are not part of the checksum
SELECT id, md5sum, comments FROM sync_rows('cmt.sql', $$--liquibase formatted sql
--changeset a:1
--comment: the comment
select 1;
--rollback drop table x;
--changeset a:2
-- comment without colon
--validCheckSum: 9:00000000000000000000000000000000
--preconditions onFail:MARK_RAN onError:HALT
--precondition-sql-check expectedResult:0 select count(*) from pg_class where false
--precondition-table-exists table:t1 schema:public
select 1;
/* liquibase rollback
drop table y;
*/
--changeset a:3
select 1;
-- an ordinary comment is in the checksum
$$);

-- ignoreLines
SELECT id, md5sum FROM sync_rows('ign.sql', $$--liquibase formatted sql
--changeset a:1
--ignoreLines:start
this is not sql
--ignoreLines:end
select 1;
--changeset a:2
--ignoreLines:1
garbage
select 1;
$$);

-- ignore:true: neither run nor recorded, reported as filtered
SELECT id, action FROM sync_rows('ignored.sql', $$--liquibase formatted sql
--changeset a:1 ignore:true
select 1;
--changeset a:2
select 1;
$$);

-- properties: first definition wins, parameters win over the changelog,
-- an unknown ${x} stays verbatim
SELECT id, md5sum FROM changelog_sync('props.sql', changelog => $$--liquibase formatted sql
--property name:p value:first
--property name:p value:second
--property name:q value:fromfile
--changeset a:${p}-${q}
select '${p} ${q} ${nope}';
$$, parameters => '{"q": "param"}');

-- property names are case-insensitive, as in Liquibase
SELECT id, md5sum FROM changelog_sync('propcase.sql', changelog => $$--liquibase formatted sql
--property name:Greeting value:hi
--changeset a:1
select '${greeting} ${GREETING} ${Database.TypeName}';
$$);
SELECT id, md5sum FROM changelog_sync('propcase2.sql', changelog => $$--liquibase formatted sql
--changeset a:1
select 'hi hi postgresql';
$$);

-- a changeset with only one statement line and CRLF line ends
SELECT id, md5sum FROM sync_rows('crlf.sql', E'--liquibase formatted sql\r\n--changeset a:1\r\nselect 1;\r\n');

-- statement splitting: dollar quotes, quotes, comments, GO lines, endDelimiter
CREATE TABLE changelogs (name text PRIMARY KEY, body text);
INSERT INTO changelogs VALUES ('split.sql', $$--liquibase formatted sql
--changeset a:1
create function fs_f() returns int language plpgsql as $body$
begin
  perform 1; return 1;
end;
$body$;
select fs_f();
--changeset a:2
create table fs_t (v text);
insert into fs_t values ('a;b'), ($q$c;d$q$); -- a comment; with a semicolon
/* block; comment */ insert into fs_t values (E'e\';f');
--changeset a:3 endDelimiter:/
insert into fs_t values ('g')
/
insert into fs_t values ('h')
/
--changeset a:4
insert into fs_t values ('i')
GO
insert into fs_t values ('j')
--changeset a:5 splitStatements:false
insert into fs_t values ('k'); insert into fs_t values ('l');
--changeset a:6
create function fs_g() returns int language sql
begin atomic
  select 1;
  select 2;
end;
select fs_g();
$$);
SELECT id, action FROM changelog_update('split.sql', changelog => (SELECT body FROM changelogs WHERE name = 'split.sql'));
SELECT v FROM fs_t ORDER BY v;
SELECT fs_f(), fs_g();

-- the same changelog again: nothing runs
SELECT id, exectype, action FROM changelog_update('split.sql', changelog => (SELECT body FROM changelogs WHERE name = 'split.sql'));
SELECT count(*) FROM fs_t;

-- an endDelimiter made of "$" is a literal token, not a dollar quote, and "/" ends a
-- statement only right after a line end (as the CLI splits them)
SELECT statement FROM changelog_update_sql('dollar.xml', changelog => $x$<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="a"><sql endDelimiter="$$$" stripComments="true">select 20 $$$ -- c
select 21$$$</sql></changeSet>
  <changeSet id="2" author="a"><sql endDelimiter="GO$">select 22
GO
select 23</sql></changeSet>
  <changeSet id="3" author="a"><sql endDelimiter="/">select 24/
select 25
/
select 26
/</sql></changeSet>
</databaseChangeLog>$x$);

-- runInTransaction:false runs in the call's transaction when its statements can
SELECT id, action FROM changelog_update('rit.sql', changelog => $$--liquibase formatted sql
--changeset a:1 runInTransaction:false
create table fs_rit (id int);
insert into fs_rit values (1);
$$);
SELECT * FROM fs_rit;

-- Liquibase's quirk: a last changeset with nothing after its --changeset line
-- gets the previous changeset's SQL (and checksum)
SELECT id, md5sum FROM sync_rows('quirk.sql', E'--liquibase formatted sql\n--changeset a:1\nselect 1;\n--changeset a:2');

-- the history of this test
SELECT filename, id, author, exectype, description FROM databasechangelog ORDER BY orderexecuted;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA fsql CASCADE;
