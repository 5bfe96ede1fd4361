/* changelog_sync--0.1.0.sql */

-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION changelog_sync" to load this file. \quit

CREATE FUNCTION @extschema@.changelog_update(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    count integer DEFAULT NULL,
    to_tag text DEFAULT NULL,
    dry_run boolean DEFAULT false)
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

COMMENT ON FUNCTION @extschema@.changelog_update(text, text, text, text, text, jsonb, integer, text, boolean) IS
'apply the pending changesets of a Liquibase changelog and record them in DATABASECHANGELOG';

CREATE FUNCTION @extschema@.changelog_sync(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    to_tag text DEFAULT NULL,
    dry_run boolean DEFAULT false,
    evaluate_preconditions boolean DEFAULT false,
    strict boolean DEFAULT false)
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

COMMENT ON FUNCTION @extschema@.changelog_sync(text, text, text, text, text, jsonb, text, boolean, boolean, boolean) IS
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

CREATE FUNCTION @extschema@.changelog_status(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, md5sum text, description text, reason text)
AS 'MODULE_PATHNAME', 'changelog_status'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_status(text, text, text, text, text, jsonb) IS
'the changesets changelog_update would run, and why (new, run_always, run_on_change)';

CREATE FUNCTION @extschema@.changelog_validate(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (problem text, id text, author text, filename text, detail text)
AS 'MODULE_PATHNAME', 'changelog_validate'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_validate(text, text, text, text, text, jsonb) IS
'every problem the Liquibase CLI''s validate would report, as rows; none when clean';

CREATE FUNCTION @extschema@.changelog_unexpected(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, orderexecuted integer, exectype text)
AS 'MODULE_PATHNAME', 'changelog_unexpected'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_unexpected(text, text, text, text, text, jsonb) IS
'DATABASECHANGELOG rows whose changeset the changelog does not have';

CREATE FUNCTION @extschema@.changelog_history()
RETURNS TABLE (id varchar, author varchar, filename varchar, dateexecuted timestamp,
               orderexecuted integer, exectype varchar, md5sum varchar, description varchar,
               comments varchar, tag varchar, liquibase varchar, contexts varchar,
               labels varchar, deployment_id varchar)
AS 'MODULE_PATHNAME', 'changelog_history'
LANGUAGE C STABLE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_history() IS
'DATABASECHANGELOG of the current schema, in execution order';

CREATE FUNCTION @extschema@.changelog_tag(tag text)
RETURNS void
AS 'MODULE_PATHNAME', 'changelog_tag'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_tag(text) IS
'tag the most recent DATABASECHANGELOG row, like the Liquibase CLI''s tag command';

CREATE FUNCTION @extschema@.changelog_tag_exists(tag text)
RETURNS boolean
AS 'MODULE_PATHNAME', 'changelog_tag_exists'
LANGUAGE C STABLE STRICT PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_tag_exists(text) IS
'does a DATABASECHANGELOG row carry this tag?';

CREATE FUNCTION @extschema@.changelog_clear_checksums()
RETURNS bigint
AS 'MODULE_PATHNAME', 'changelog_clear_checksums'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_clear_checksums() IS
'set every MD5SUM to NULL, like the Liquibase CLI''s clear-checksums; they are recomputed by the next update';

CREATE FUNCTION @extschema@.changelog_mark_next_ran(
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
AS 'MODULE_PATHNAME', 'changelog_mark_next_ran'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_mark_next_ran(text, text, text, text, text, jsonb) IS
'record the next changeset changelog_update would run as executed, without running it (mark-next-changeset-ran)';

CREATE FUNCTION @extschema@.changelog_rollback(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    to_tag text DEFAULT NULL,
    count integer DEFAULT NULL,
    to_date timestamp DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, orderexecuted integer, exectype text, action text)
AS 'MODULE_PATHNAME', 'changelog_rollback'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_rollback(text, text, text, text, text, jsonb, text, integer, timestamp) IS
'roll back changesets newest first: to a tag, a count, or a date (rollback, rollback-count, rollback-to-date)';

CREATE FUNCTION @extschema@.changelog_rollback_sql(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    to_tag text DEFAULT NULL,
    count integer DEFAULT NULL,
    to_date timestamp DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, statement text)
AS 'MODULE_PATHNAME', 'changelog_rollback_sql'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_rollback_sql(text, text, text, text, text, jsonb, text, integer, timestamp) IS
'the statements changelog_rollback would run, in order; nothing is run or written';

CREATE FUNCTION @extschema@.changelog_update_sql(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, statement text)
AS 'MODULE_PATHNAME', 'changelog_update_sql'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_update_sql(text, text, text, text, text, jsonb) IS
'the statements changelog_update would run, in order, with their changeset; nothing is run or written (update-sql)';

CREATE FUNCTION @extschema@.changelog_rollback_one(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    id text DEFAULT NULL,
    author text DEFAULT NULL,
    changeset_file text DEFAULT NULL)
RETURNS TABLE (id text, author text, filename text, orderexecuted integer, exectype text, action text)
AS 'MODULE_PATHNAME', 'changelog_rollback_one'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_rollback_one(text, text, text, text, text, jsonb, text, text, text) IS
'roll back one changeset wherever it is in the history; refused (nothing changed) when something later depends on it';

CREATE FUNCTION @extschema@.changelog_checksum(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    id text DEFAULT NULL,
    author text DEFAULT NULL,
    changeset_file text DEFAULT NULL)
RETURNS text
AS 'MODULE_PATHNAME', 'changelog_checksum'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_checksum(text, text, text, text, text, jsonb, text, text, text) IS
'the checksum (version 9) of one changeset, like the CLI''s calculate-checksum';

CREATE FUNCTION @extschema@.changelog_explain_checksum(
    changelog_file text,
    changelog text DEFAULT NULL,
    base_dir text DEFAULT NULL,
    contexts text DEFAULT NULL,
    labels text DEFAULT NULL,
    parameters jsonb DEFAULT NULL,
    id text DEFAULT NULL,
    author text DEFAULT NULL,
    changeset_file text DEFAULT NULL)
RETURNS TABLE (step integer, item text, input text, md5 text)
AS 'MODULE_PATHNAME', 'changelog_explain_checksum'
LANGUAGE C VOLATILE PARALLEL UNSAFE SECURITY INVOKER;

COMMENT ON FUNCTION @extschema@.changelog_explain_checksum(text, text, text, text, text, jsonb, text, text, text) IS
'the exact text each part of a changeset''s checksum hashes, the computed and the stored checksum';
