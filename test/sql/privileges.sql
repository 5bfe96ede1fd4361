-- Privileges: an unprivileged role may run changelogs given as text, but
-- may not read server files; pg_read_server_files may.  The functions run
-- with the caller's rights, so a changelog cannot do more than its caller.
-- progress NOTICEs carry timings
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set datadir :abs_srcdir '/data/errors'
SET client_min_messages = warning;
DROP ROLE IF EXISTS regress_cls_user;
DROP ROLE IF EXISTS regress_cls_reader;
CREATE ROLE regress_cls_user;
CREATE ROLE regress_cls_reader IN ROLE pg_read_server_files;
CREATE SCHEMA priv;
GRANT USAGE, CREATE ON SCHEMA priv TO regress_cls_user, regress_cls_reader;
CREATE TABLE priv.secret (v text);
REVOKE ALL ON priv.secret FROM PUBLIC;

SET ROLE regress_cls_user;
SET search_path = priv, public;
-- text: allowed
SELECT id, action FROM changelog_update('user.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table priv.user_t (id int);\n');
-- a server file: refused
SELECT * FROM changelog_update('ok.sql', base_dir => :'datadir');
-- an include, an includeAll or a sqlFile reaches server files: refused too,
-- wherever the path points
SELECT * FROM changelog_sync('inc.xml', changelog => '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><include file="../../../etc/passwd.xml"/></databaseChangeLog>', base_dir => '/tmp');
SELECT * FROM changelog_sync('inc.xml', changelog => '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><includeAll path="/etc"/></databaseChangeLog>', base_dir => '/tmp');
SELECT * FROM changelog_sync('inc.xml', changelog => '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><changeSet id="1" author="u"><sqlFile path="/etc/passwd"/></changeSet></databaseChangeLog>', base_dir => '/');
-- without base_dir, a changelog given as text reaches no file at all
SELECT * FROM changelog_sync('inc.xml', changelog => '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"><include file="other.xml"/></databaseChangeLog>');
-- the changelog runs with the caller's rights
SELECT * FROM changelog_update('steal.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\nselect * from priv.secret;\n');
SELECT * FROM changelog_update('su.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\nalter role regress_cls_user superuser;\n');
SELECT count(*) FROM databasechangelog;
-- the history is read with the caller's rights: rows that row security hides
-- are not there (changeset 1 looks pending and runs again) ...
ALTER TABLE databasechangelog ENABLE ROW LEVEL SECURITY;
ALTER TABLE databasechangelog FORCE ROW LEVEL SECURITY;
CREATE POLICY hide_all ON databasechangelog USING (false);
SELECT id, action FROM changelog_update('user.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table priv.user_t (id int);\n');
DROP POLICY hide_all ON databasechangelog;
ALTER TABLE databasechangelog DISABLE ROW LEVEL SECURITY;
-- ... and without SELECT on it, nothing runs
REVOKE SELECT ON databasechangelog FROM regress_cls_user;
SELECT id, action FROM changelog_update('user.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table priv.user_t (id int);\n');
GRANT SELECT ON databasechangelog TO regress_cls_user;
SELECT id, action FROM changelog_update('user.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\ncreate table priv.user_t (id int);\n');
-- the bound on a tree's changesets is the DBA's to raise
SET changelog_sync.max_changesets = 1000000;
RESET ROLE;

CREATE SCHEMA priv_reader;
GRANT USAGE, CREATE ON SCHEMA priv_reader TO regress_cls_reader;
SET ROLE regress_cls_reader;
SET search_path = priv_reader, public;
SELECT id, action FROM changelog_sync('ok.sql', base_dir => :'datadir');
RESET ROLE;

-- no CREATE on the schema: the tracking tables cannot be created
CREATE SCHEMA priv_ro;
GRANT USAGE ON SCHEMA priv_ro TO regress_cls_user;
SET ROLE regress_cls_user;
SET search_path = priv_ro, public;
SELECT * FROM changelog_sync('ro.sql', changelog => E'--liquibase formatted sql\n--changeset u:1\nselect 1;\n');
RESET ROLE;

RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA priv CASCADE;
DROP SCHEMA priv_ro CASCADE;
DROP SCHEMA priv_reader CASCADE;
DROP ROLE regress_cls_user;
DROP ROLE regress_cls_reader;
