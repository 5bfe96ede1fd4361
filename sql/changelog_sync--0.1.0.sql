/* changelog_sync--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION changelog_sync" to load this file. \quit

CREATE FUNCTION @extschema@.changelog_update(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (
    id text,
    author text,
    filename text,
    orderexecuted integer,
    exectype text,
    md5sum text,
    description text,
    comments text,
    tag text,
    contexts text,
    labels text,
    deployment_id text,
    action text)
AS 'MODULE_PATHNAME', 'changelog_update'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_update(text, text, text, text, text, jsonb) IS
'apply the pending changesets of a Liquibase changelog and record them in DATABASECHANGELOG';

CREATE FUNCTION @extschema@.changelog_sync(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (
    id text,
    author text,
    filename text,
    orderexecuted integer,
    exectype text,
    md5sum text,
    description text,
    comments text,
    tag text,
    contexts text,
    labels text,
    deployment_id text,
    action text)
AS 'MODULE_PATHNAME', 'changelog_sync'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_sync(text, text, text, text, text, jsonb) IS
'mark the pending changesets of a Liquibase changelog as executed without running them';

CREATE PROCEDURE @extschema@.changelog_update_each(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
AS 'MODULE_PATHNAME', 'changelog_update_each'
LANGUAGE C SECURITY INVOKER;

COMMENT ON PROCEDURE @extschema@.changelog_update_each(text, text, text, text, text, jsonb) IS
'like changelog_update, but commit after every changeset, as the Liquibase CLI does';
