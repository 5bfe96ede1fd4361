-- The preview (changelog_update_sql) on every model case of
-- ../shared/spec/model-cases against the statements the Liquibase 4.28 CLI's
-- update-sql printed (<case>.expected.sql), and a real update of each.
\getenv abs_srcdir PG_ABS_SRCDIR
\set mc :abs_srcdir '/../../shared/spec/model-cases'
SET client_min_messages = warning;
CREATE SCHEMA mc_setup;
-- model cases write into public and myschema, as the CLI did
CREATE SCHEMA IF NOT EXISTS myschema;
SET search_path = public;

CREATE TABLE mc_cases (name text, file text);
INSERT INTO mc_cases VALUES
  ('altertable', 'altertable.xml'), ('autoinc', 'autoinc.xml'), ('constraints', 'constraints.xml'),
  ('createtable', 'createtable.xml'), ('dml', 'dml.xml'), ('extra', 'extra.xml'),
  ('index', 'index.xml'), ('loaddata', 'loaddata.xml'), ('misc', 'misc.xml'),
  ('proc', 'proc.xml'), ('quoting', 'quoting.xml'), ('sequence', 'sequence.xml'),
  ('sql', 'sql.xml'), ('types', 'types.xml'), ('view', 'view.xml'), ('structure', 'structure.xml'),
  ('model_yaml', 'model.yaml'), ('model_json', 'model.json');

-- the expected statements: the file's text, statements separated by blank lines
CREATE FUNCTION mc_expected(dir text, name text) RETURNS text LANGUAGE sql AS $$
  SELECT btrim(regexp_replace(pg_read_file(dir || '/' || name || '.expected.sql'), E'\n{2,}', E'\n\n', 'g'), E' \n')
$$;
-- ours: each statement with the delimiter update-sql prints, blank lines between
CREATE FUNCTION mc_preview(dir text, file text) RETURNS text LANGUAGE sql AS $$
  SELECT string_agg(statement || ';', E'\n\n' ORDER BY n)
    FROM changelog_update_sql(file, base_dir => dir) WITH ORDINALITY AS u(id, author, filename, statement, n)
$$;

-- Known differences, by design: createtable (Liquibase orders FK clauses by a
-- Java hash set), dml (a backslash literal is written E'a\\b', the server's
-- quoting), misc (executeCommand cannot run in the server), sql (Liquibase
-- cuts dollar-quoted bodies at inner semicolons, prints its delimiters, and
-- the recorded file lost its "-- " lines), constraints (dropPrimaryKey
-- without a name quotes the name it reads from the catalog; Liquibase wraps it
-- in double quotes unescaped, so a name holding '"' ran as SQL).
SELECT name, mc_preview(:'mc', file) = mc_expected(:'mc', name) AS same_as_update_sql
  FROM mc_cases ORDER BY name;
SELECT mc_preview(:'mc', 'constraints.xml') =
       replace(mc_expected(:'mc', 'constraints'), $q$drop constraint "' || constraint_name || '"'$q$,
               $q$drop constraint ' || quote_ident(constraint_name)$q$) AS constraints_same_but_quote_ident;

RESET search_path;
DROP FUNCTION public.mc_preview(text, text);
DROP FUNCTION public.mc_expected(text, text);
DROP TABLE public.mc_cases;
DROP SCHEMA mc_setup;
