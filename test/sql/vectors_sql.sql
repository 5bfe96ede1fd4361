-- Every formatted SQL vector of ../shared/spec/vectors, recorded from the
-- Liquibase 4.28 CLI: ID, AUTHOR, MD5SUM, DESCRIPTION and FILENAME must be
-- equal to expected.tsv, through update (files read from the server) and
-- through sync (the same files passed as text).
-- progress NOTICEs carry timings
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set vectors :abs_srcdir '/../../shared/spec/vectors'
\set sqldir :vectors '/sql'
\set expected :vectors '/expected.tsv'

CREATE SCHEMA vec;
SET search_path = vec, public;
CREATE TABLE expected (file text, id text, author text, md5sum text,
                       description text, filename text);
COPY expected FROM :'expected' WITH (FORMAT csv, DELIMITER E'\t', HEADER);
DELETE FROM expected WHERE file NOT LIKE 'sql/%';
SELECT count(*) AS sql_vectors FROM expected;

CREATE TABLE files (name text);
INSERT INTO files SELECT DISTINCT substr(file, 5) FROM expected;

-- update, reading each file under base_dir
SELECT f.name, count(*) AS changesets, bool_and(u.action = 'executed') AS all_executed
  FROM files f, LATERAL changelog_update(f.name, base_dir => :'sqldir') u
 GROUP BY f.name ORDER BY f.name;

-- rows that differ from the recorded ones (none expected)
SELECT e.file, e.id, e.md5sum AS expected_md5, d.md5sum, e.description AS expected_desc,
       d.description, e.filename AS expected_filename, d.filename
  FROM expected e
  FULL JOIN databasechangelog d
    ON d.id = e.id AND d.author = e.author AND d.filename = e.filename
 WHERE d.id IS NULL OR e.id IS NULL
    OR d.md5sum IS DISTINCT FROM e.md5sum
    OR d.description IS DISTINCT FROM e.description;

-- sync into a second schema, the same files given as text
CREATE SCHEMA vec2;
SET search_path = vec2, public;
SELECT f.name, count(*) AS changesets, bool_and(s.action = 'synced') AS all_synced
  FROM vec.files f,
       LATERAL changelog_sync(f.name,
                              changelog => convert_from(pg_read_binary_file(:'sqldir' || '/' || f.name), 'UTF8')) s
 GROUP BY f.name ORDER BY f.name;
SELECT e.file, e.id, e.md5sum AS expected_md5, d.md5sum
  FROM vec.expected e
  FULL JOIN databasechangelog d
    ON d.id = e.id AND d.author = e.author AND d.filename = e.filename
 WHERE d.id IS NULL OR e.id IS NULL
    OR d.md5sum IS DISTINCT FROM e.md5sum
    OR d.description IS DISTINCT FROM e.description;
-- sync ran nothing: the vectors' tables exist only in vec
SELECT count(*) AS tables_created_by_sync FROM pg_tables WHERE schemaname = 'vec2'
   AND tablename NOT LIKE 'databasechangelog%';

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA vec CASCADE;
DROP SCHEMA vec2 CASCADE;
