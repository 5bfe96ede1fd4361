-- changelog_sync on every real corpus set of ../shared/corpus, with the
-- set's command line (expected/runs.json): the rows written must be exactly
-- those Liquibase 4.28's changelog-sync wrote (expected/sync.tsv, all columns).
\getenv abs_srcdir PG_ABS_SRCDIR
\set corpus :abs_srcdir '/../../shared/corpus'
SET client_min_messages = warning;

CREATE TABLE corpus_diff (set_name text, id text, author text, filename text,
                          what text, expected text, actual text);

CREATE FUNCTION corpus_sync_check(corpus text, set_name text)
RETURNS TABLE (rows_written bigint, rows_expected bigint, mismatches bigint, error text)
LANGUAGE plpgsql AS $$
DECLARE
  dir text := corpus || '/' || set_name;
  sch text := 'corpus_' || replace(set_name, '-', '_');
  run jsonb;
BEGIN
  EXECUTE format('CREATE SCHEMA %I', sch);
  PERFORM set_config('search_path', sch || ', public', true);
  CREATE TEMP TABLE expected_rows (id text, author text, filename text, orderexecuted int,
    exectype text, md5sum text, description text, comments text, tag text,
    contexts text, labels text);
  EXECUTE format($f$COPY expected_rows FROM %L WITH (FORMAT csv, DELIMITER E'\t', HEADER)$f$,
                 dir || '/expected/sync.tsv');
  BEGIN
    FOR run IN SELECT jsonb_array_elements(pg_read_file(dir || '/expected/runs.json')::jsonb -> 'sync')
    LOOP
      PERFORM changelog_sync(run ->> 'changelog_file', base_dir => dir,
                             contexts => run ->> 'contexts', labels => run ->> 'labels',
                             parameters => run -> 'parameters');
    END LOOP;
  EXCEPTION WHEN OTHERS THEN
    error := SQLERRM;
  END;
  IF error IS NULL THEN
    EXECUTE format($q$
      INSERT INTO public.corpus_diff
      SELECT %L, coalesce(e.id, d.id), coalesce(e.author, d.author), coalesce(e.filename, d.filename),
             CASE WHEN e.id IS NULL THEN 'unexpected row' WHEN d.id IS NULL THEN 'missing row'
                  ELSE 'values differ' END,
             CASE WHEN e.id IS NOT NULL THEN concat_ws(' | ', e.orderexecuted, e.exectype, e.md5sum, e.description, e.comments, e.tag, e.contexts, e.labels) END,
             CASE WHEN d.id IS NOT NULL THEN concat_ws(' | ', d.orderexecuted, d.exectype, d.md5sum, d.description, d.comments, d.tag, d.contexts, d.labels) END
        FROM expected_rows e
        FULL JOIN %I.databasechangelog d
          ON d.id = e.id AND d.author = e.author AND d.filename = e.filename
       WHERE e.id IS NULL OR d.id IS NULL
          OR (e.orderexecuted, e.exectype, e.md5sum, e.description, e.comments, e.tag, e.contexts, e.labels)
             IS DISTINCT FROM
             (d.orderexecuted, d.exectype, d.md5sum, d.description, d.comments, d.tag, d.contexts, d.labels)$q$,
      set_name, sch);
    EXECUTE format('SELECT count(*) FROM %I.databasechangelog', sch) INTO rows_written;
  END IF;
  SELECT count(*) INTO rows_expected FROM expected_rows;
  SELECT count(*) INTO mismatches FROM public.corpus_diff d WHERE d.set_name = corpus_sync_check.set_name;
  EXECUTE format('DROP SCHEMA %I CASCADE', sch);
  DROP TABLE expected_rows;
  RETURN NEXT;
END $$;

SELECT s AS corpus_set, c.*
  FROM unnest(ARRAY['camunda-bpm', 'fineract', 'gravitee-apim-jdbc', 'jhipster-sample-app',
                    'liquibase-it-formatted-sql', 'liquibase-it-json', 'liquibase-it-pgsql',
                    'liquibase-it-yaml']) s,
       LATERAL corpus_sync_check(:'corpus', s) c;

-- the first differences of each set, for diagnosis (none expected)
SELECT set_name, id, author, filename, what, expected, actual
  FROM (SELECT *, row_number() OVER (PARTITION BY set_name ORDER BY filename, id) AS n
          FROM corpus_diff) d
 WHERE n <= 5
 ORDER BY set_name, filename, id;

DROP FUNCTION corpus_sync_check(text, text);
DROP TABLE corpus_diff;
