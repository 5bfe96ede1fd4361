-- Bad input: every error has an SQLSTATE, says where and what was expected,
-- and writes nothing (the call's transaction rolls back).
-- progress NOTICEs carry timings
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set datadir :abs_srcdir '/data/errors'
\set VERBOSITY default
CREATE SCHEMA err;
SET search_path = err, public;
CREATE FUNCTION try(f text, cl text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  PERFORM * FROM changelog_update(f, changelog => cl);
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $$;

-- malformed --changeset lines
SELECT try('e1.sql', E'--liquibase formatted sql\n--changeset nocolon\nselect 1;\n');
SELECT try('e2.sql', E'--liquibase formatted sql\n--changeset u: 1\nselect 1;\n');
SELECT try('e3.sql', E'--liquibase formatted sql\n-changeset u:1\nselect 1;\n');
SELECT try('e4.sql', E'--liquibase formatted sql\n--changeset\nselect 1;\n');
SELECT try('e5.sql', E'--liquibase formatted sql\n--changeset u:\nselect 1;\n');
-- a changeset with no SQL before the next one, or only blank lines at the end
SELECT try('e6.sql', E'--liquibase formatted sql\n--changeset u:1\n\n--changeset u:2\nselect 1;\n');
SELECT try('e7.sql', E'--liquibase formatted sql\n--changeset u:1\n\n\n');
-- directives in the wrong form or place
SELECT try('e8.sql', E'--liquibase formatted sql\n--comment: outside\n--changeset u:1\nselect 1;\n');
SELECT try('e9.sql', E'--liquibase formatted sql\n--changeset u:1\n--comments: plural\nselect 1;\n');
SELECT try('e10.sql', E'--liquibase formatted sql\n-property name:a value:b\n--changeset u:1\nselect 1;\n');
SELECT try('e11.sql', E'--liquibase formatted sql\n--changeset u:1\n--precondition-row-count table:t\nselect 1;\n');
SELECT try('e12.sql', E'--liquibase formatted sql\n--changeset u:1\nselect 1;\n/* liquibase rollback\ndrop table x;\n');
SELECT try('e13.sql', E'--liquibase formatted sql\n--include file:other.sql\n--changeset u:1\nselect 1;\n');
SELECT try('e14.sql', E'--liquibase formatted sql\n--changeset u:1\n--ignoreLines:abc\nselect 1;\n');
SELECT try('e15.sql', E'--liquibase formatted sql\n--changeset u:1\nselect 1;\n--rollback changesetId:x\n');
SELECT try('e16.sql', E'--liquibase formatted sql\n--changeset u:1\n-rollback drop table x;\nselect 1;\n');
-- duplicate identifiers
SELECT try('e17.sql', E'--liquibase formatted sql\n--changeset u:1\nselect 1;\n--changeset u:1\nselect 2;\n');
-- values too long for DATABASECHANGELOG
SELECT try('e18.sql', E'--liquibase formatted sql\n--changeset u:' || repeat('x', 256) || E'\nselect 1;\n');
-- a statement that fails, and one PostgreSQL refuses inside a function
SELECT try('e19.sql', E'--liquibase formatted sql\n--changeset u:1\ncreate table e19 (id int);\n--changeset u:2\nselect 1/0;\n');
SELECT try('e20.sql', E'--liquibase formatted sql\n--changeset u:1\nvacuum;\n');
-- refused before anything runs: the first changeset is not applied either
SELECT try('e22.sql', E'--liquibase formatted sql\n--changeset u:1\ncreate table e22 (id int);\n--changeset u:2\ncreate index concurrently e22_i on e22 (id);\n');
SELECT try('e23.sql', E'--liquibase formatted sql\n--changeset u:1\ncreate table e23 (id int);\n--changeset u:2 runInTransaction:false\nvacuum e23;\n');
SELECT try('e24.sql', E'--liquibase formatted sql\n--changeset u:1\ncreate table e24 (id int);\n--changeset u:2\ncommit;\n');
SELECT try('e25.sql', E'--liquibase formatted sql\n--changeset u:1\ncreate table e25 (id int);\n--changeset u:2\ncreate tabel oops (id int);\n');
-- nothing was written by any of the failures
SELECT to_regclass('err.databasechangelog') IS NULL AS no_history,
       to_regclass('err.e19') IS NULL AND to_regclass('err.e22') IS NULL AND
       to_regclass('err.e23') IS NULL AND to_regclass('err.e24') IS NULL AND
       to_regclass('err.e25') IS NULL AS no_table;

-- the full error of one case, with its location
SELECT * FROM changelog_update('e2.sql', changelog => E'--liquibase formatted sql\n--changeset u: 1\nselect 1;\n');
SELECT * FROM changelog_update('e25.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table e25 (id int);\n--changeset u:2\ncreate tabel oops (id int);\n');
SELECT * FROM changelog_update('e19.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table e19 (id int);\n--changeset u:2\nselect 1/0;\n');

-- changelog_sync.concurrent_index = plain builds such indexes in the transaction instead
SET changelog_sync.concurrent_index = plain;
SELECT id, action FROM changelog_update('e22b.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table e22b (id int);\n--changeset u:2\ncreate unique index concurrently e22b_i on e22b (id);\n--changeset u:3\ndrop index concurrently e22b_i;\n');
SELECT id, statement FROM changelog_update_sql('e22c.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\nCREATE INDEX CONCURRENTLY e22c_i ON e22b (id);\n');
RESET changelog_sync.concurrent_index;
SET changelog_sync.concurrent_index = sometimes;

-- a property that refers to itself is expanded a bounded number of times
SELECT id, md5sum, action FROM changelog_sync('e21.sql', changelog => E'--liquibase formatted sql\n--property name:p value:${p}x\n--changeset u:1\nselect ''${p}'';\n');

-- files: missing, a directory, not UTF-8, a NUL byte; a BOM is fine
\set VERBOSITY terse
SELECT * FROM changelog_update('nosuch.sql', base_dir => :'datadir');
SELECT * FROM changelog_update('adir.sql', base_dir => :'datadir');
SELECT * FROM changelog_update('latin1.sql', base_dir => :'datadir');
SELECT * FROM changelog_update('nul.sql', base_dir => :'datadir');
-- a file the server may not read (/root is private)
SELECT * FROM changelog_update('secret.sql', base_dir => '/root');
SELECT id, md5sum, action FROM changelog_update('bom.sql', base_dir => :'datadir');
-- without base_dir a relative path is read from the data directory, like pg_read_file
SELECT * FROM changelog_update('nosuch-in-datadir.sql');
\set VERBOSITY default

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA err CASCADE;
