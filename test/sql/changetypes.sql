-- Liquibase's change types, generated as the Liquibase 4.28 CLI generates
-- them on PostgreSQL (src/sqlgen.c), run for real.  The fixtures under
-- data/changetypes were also applied with the CLI:
--   test/interop/difftest.sh --with-data test/data/changetypes ct_schema.xml
-- (and ct_data.xml, ct_yaml.yaml) find the same schema, rows and
-- DATABASECHANGELOG.  Unqualified names go to current_schema(), here
-- "changetypes" (Liquibase prints its connection's default schema).
SET client_min_messages = warning;
\getenv abs_srcdir PG_ABS_SRCDIR
\set dir :abs_srcdir '/data/changetypes'
CREATE SCHEMA changetypes;
SET search_path = changetypes, public;

-- the catalog, summarised
CREATE FUNCTION ct_columns(schemas text[])
RETURNS TABLE (relation text, col text, type text, nn boolean, dflt text,
			   ident "char", remarks text)
LANGUAGE sql AS $$
  SELECT c.oid::regclass::text, a.attname, format_type(a.atttypid, a.atttypmod),
         a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity,
         col_description(c.oid, a.attnum)
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
   WHERE n.nspname = ANY (schemas) AND c.relkind IN ('r', 'v')
     AND a.attnum > 0 AND NOT a.attisdropped
     AND c.relname NOT LIKE 'databasechangelog%'
   ORDER BY 1, a.attnum
$$;
CREATE FUNCTION ct_constraints(schemas text[])
RETURNS TABLE (relation text, name text, def text)
LANGUAGE sql AS $$
  SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
    FROM pg_constraint c
    JOIN pg_namespace n ON n.oid = c.connamespace
   WHERE n.nspname = ANY (schemas) AND c.conrelid <> 0
     AND c.conrelid::regclass::text NOT LIKE '%databasechangelog%'
   ORDER BY 1, 2
$$;
CREATE FUNCTION ct_others(schemas text[])
RETURNS TABLE (kind text, name text, detail text)
LANGUAGE sql AS $$
  SELECT 'index', schemaname || '.' || indexname, indexdef
    FROM pg_indexes
   WHERE schemaname = ANY (schemas) AND tablename NOT LIKE 'databasechangelog%'
  UNION ALL
  SELECT 'clustered', i.indexrelid::regclass::text, ''
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE i.indisclustered AND n.nspname = ANY (schemas)
  UNION ALL
  SELECT 'sequence', schemaname || '.' || sequencename,
         format('%s start %s inc %s min %s max %s cache %s cycle %s',
                data_type, start_value, increment_by, min_value, max_value,
                cache_size, cycle)
    FROM pg_sequences WHERE schemaname = ANY (schemas)
  UNION ALL
  SELECT 'view', schemaname || '.' || viewname, pg_get_viewdef((schemaname || '.' || quote_ident(viewname))::regclass)
    FROM pg_views WHERE schemaname = ANY (schemas)
  UNION ALL
  SELECT 'function', n.nspname || '.' || p.proname, p.prokind::text
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = ANY (schemas) AND p.proname NOT LIKE 'ct\_%'
  UNION ALL
  SELECT 'comment', c.oid::regclass::text, obj_description(c.oid, 'pg_class')
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = ANY (schemas) AND obj_description(c.oid, 'pg_class') IS NOT NULL
   ORDER BY 1, 2
$$;

-- every schema change type (createTable ... dropTable, indexes, sequences,
-- views, procedures, lookup tables, remarks, the quoting strategies)
SELECT id, exectype, action
  FROM changelog_update('ct_schema.xml', base_dir => :'dir')
 ORDER BY orderexecuted;
SELECT * FROM ct_columns('{changetypes,ct_other}');
SELECT * FROM ct_constraints('{changetypes,ct_other}');
SELECT * FROM ct_others('{changetypes,ct_other}');
SELECT * FROM changetypes."QuotedAll";
SELECT * FROM full_names;

-- the data change types: insert, update, delete (where, whereParams),
-- loadData (CSV, TSV, gzip, quotchar, comments, column config, types from the
-- live table) and loadUpdateData; in their own schema
CREATE SCHEMA changetypes_data;
SET search_path = changetypes_data, public;
SELECT id, exectype, action
  FROM changelog_update('ct_data.xml', base_dir => :'dir')
 ORDER BY orderexecuted;
SELECT * FROM person ORDER BY id;
SELECT * FROM ct_data.person ORDER BY id;
SELECT * FROM loaded ORDER BY id;
SELECT * FROM semi ORDER BY pid;
SELECT * FROM typed ORDER BY id;
SELECT count(*), sum(k), count(DISTINCT v), sum(w) FROM big;
SELECT * FROM big WHERE k >= 100 ORDER BY k;
SELECT * FROM kv ORDER BY k, v;
-- a CLOB cell (a text column) names a file whose text is loaded; a BLOB cell
-- one whose bytes become a large object (BLOB is oid on PostgreSQL), as the CLI
SELECT id, action FROM changelog_update('lob.xml', base_dir => :'dir', changelog => $$
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="lob-1" author="ct">
    <createTable tableName="lob_t"><column name="id" type="int"/><column name="body" type="text"/><column name="bin" type="blob"/></createTable>
  </changeSet>
  <changeSet id="lob-2" author="ct">
    <loadData tableName="lob_t" file="lob.csv"><column name="bin" type="BLOB"/></loadData>
  </changeSet>
</databaseChangeLog>$$);
SELECT id, body, lo_get(bin) AS bin FROM lob_t ORDER BY id;
-- the same bytes whatever standard_conforming_strings says
SET standard_conforming_strings = off;
SELECT id, action FROM changelog_update('lob.xml', base_dir => :'dir', changelog => $$
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="lob-3" author="ct">
    <loadData tableName="lob_t" file="lob.csv"><column name="bin" type="BLOB"/></loadData>
  </changeSet>
</databaseChangeLog>$$);
RESET standard_conforming_strings;
SELECT id, count(*), count(DISTINCT lo_get(bin)) AS distinct_bins FROM lob_t GROUP BY id ORDER BY id;

-- YAML: typed scalars
SELECT id, exectype, action
  FROM changelog_update('ct_yaml.yaml', base_dir => :'dir')
 ORDER BY orderexecuted;
SELECT * FROM changetypes.ct_columns('{changetypes_data}') WHERE relation = 'ytab';
SELECT * FROM ytab;

-- automatic rollback: each change's inverse, last change first
CREATE SCHEMA changetypes_rb;
SET search_path = changetypes_rb, public;
SELECT id, action
  FROM changelog_update('ct_rollback.xml', base_dir => :'dir')
 ORDER BY orderexecuted;
SELECT id, statement
  FROM changelog_rollback_sql('ct_rollback.xml', base_dir => :'dir', count => 4);
SELECT id, action
  FROM changelog_rollback('ct_rollback.xml', base_dir => :'dir', count => 4);
SELECT c.relname, c.relkind
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'changetypes_rb' ORDER BY 1;

-- names and values are quoted, never spliced: no injection
SET search_path = changetypes, public;
CREATE TABLE victim (a text);
SELECT id, action FROM changelog_update('inj.xml', changelog => $cl$
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="i1" author="ct">
    <createTable tableName="x; drop table victim; --">
      <column name="a&quot;; drop table victim; --" type="int" remarks="'); drop table victim; --"/>
    </createTable>
    <insert tableName="victim"><column name="a" value="'); drop table victim; --"/></insert>
    <insert tableName="victim"><column name="a" value="a\b $$ $x$"/></insert>
    <update tableName="victim">
      <column name="a" value="it's"/>
      <where>a = :value</where>
      <whereParams><param value="a\b $$ $x$"/></whereParams>
    </update>
    <createTable tableName="kv2"><column name="k" type="int"/><column name="v" type="varchar(60)"/></createTable>
    <loadUpdateData tableName="kv2" primaryKey="k" file="kv2.csv"/>
  </changeSet>
</databaseChangeLog>$cl$, base_dir => :'dir');
SELECT relname FROM pg_class WHERE relname LIKE 'x;%';
SELECT attname FROM pg_attribute WHERE attrelid = '"x; drop table victim; --"'::regclass AND attnum > 0;
SELECT col_description('"x; drop table victim; --"'::regclass, 1);
SELECT * FROM victim ORDER BY a;
SELECT * FROM kv2 ORDER BY k;

-- errors: nothing is applied
CREATE FUNCTION ct_try(body text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
  PERFORM changelog_update('err.xml', changelog =>
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">'
    || '<changeSet id="e" author="ct">' || body || '</changeSet></databaseChangeLog>',
    base_dir => current_setting('ct.dir'));
  RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
  RETURN SQLSTATE || ': ' || SQLERRM;
END $f$;
SELECT set_config('ct.dir', :'dir', false) IS NOT NULL AS dir_set;
SELECT b AS change, ct_try(b) AS result FROM (VALUES
  ('<createTable><column name="a" type="int"/></createTable>'),
  ('<createTable tableName="e1"/>'),
  ('<createTable tableName="e1"><column name="a" type="varchar(3)" autoIncrement="true"/></createTable>'),
  ('<createTable tableName="e1"><column name="a" type="int; drop table victim"/></createTable>'),
  ('<createTable tableName="e1"><column name="a" type="timestamp(9)"/></createTable>'),
  ('<createTable tableName="e1"><column name="a" type="int"><constraints references="victim(a); drop table victim" foreignKeyName="f"/></column></createTable>'),
  ('<createTable tableName="e1"><column name="a" type="int"><constraints references="victim(a)"/></column></createTable>'),
  ('<insert tableName="victim"><column name="a" valueNumeric="1; drop table victim"/></insert>'),
  ('<createTable tableName="e1" tablespace="pg_default; drop table victim"><column name="a" type="int"/></createTable>'),
  ('<addColumn tableName="victim"><column name="b" type="int" afterColumn="a"/></addColumn>'),
  ('<addColumn tableName="victim"><column name="b"/></addColumn>'),
  ('<addColumn tableName="victim"><column name="b" type="int" autoIncrement="true" generationType="SOMETIMES"/></addColumn>'),
  ('<insert tableName="victim"><column name="a" valueComputed="1); drop table victim; select (1"/></insert>'),
  ('<insert tableName="victim"><column name="a" valueComputed="upper(''x'') --"/></insert>'),
  ('<update tableName="victim"><column name="a" value="x"/><where>true; drop table victim</where></update>'),
  ('<addForeignKeyConstraint baseTableName="victim" baseColumnNames="a" constraintName="f" referencedTableName="victim" referencedColumnNames="a" onDelete="CASCADE; drop table victim"/>'),
  ('<addDefaultValue tableName="victim" columnName="a" columnDataType="boolean" defaultValue="true"/>'),
  ('<addDefaultValue tableName="victim" columnName="a" defaultValue="x" defaultValueNumeric="1"/>'),
  ('<addNotNullConstraint tableName="victim" columnName="a" columnDataType="boolean" defaultNullValue="maybe"/>'),
  ('<createSequence sequenceName="s" ordered="true"/>'),
  ('<createSequence sequenceName="s" startValue="1.5"/>'),
  ('<createProcedure procedureName="p" replaceIfExists="true">select 1</createProcedure>'),
  ('<loadData tableName="victim" file="victim.csv"/>'),
  ('<loadData tableName="kv2" file="bad_count.csv"/>'),
  ('<loadData tableName="kv2" file="bad_quote.csv"/>'),
  ('<loadData tableName="kv2" file="kv2.csv"><column name="v" type="BLOB"/></loadData>'),
  ('<createTable tableName="e1"><column name="c" type="varchar(5 /*)*/)"/><column name="d" type="text" defaultValue="*/ )); drop table victim; --"/></createTable>'),
  ('<createTable tableName="e1"><column name="c" type="timestamp with timezone default $a$2020-01-01$A$); drop table victim; select 1 --$A$ $a$"/></createTable>'),
  ('<addColumn tableName="victim"><column name="c" type="mytype(''a,b,c'')"/></addColumn>'),
  ('<update tableName="victim"><column name="a" value="z"/><where>a = ''?''</where><whereParams><param value="; drop table victim; --"/></whereParams></update>'),
  ('<loadData tableName="kv2" file="kv2.csv" separator="é"/>'),
  ('<insert tableName="victim"><column name="a" valueComputed="1abc-1"/></insert>'),
  ('<dropTable tableName="victim" schemaName=""/><dropTable tableName="victim"/>')
) AS t(b);
SELECT count(*) AS victim_rows FROM victim;
SELECT relname FROM pg_class WHERE relname = 'e1';

-- dropPrimaryKey without a name: the name read from the catalog is quoted
CREATE TABLE pkt (a int CONSTRAINT p CHECK (a > 0), CONSTRAINT "p""; drop table victim; --" PRIMARY KEY (a));
SELECT id, action FROM changelog_update('pk.xml', changelog => $$
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="pk" author="ct"><dropPrimaryKey tableName="pkt"/></changeSet>
</databaseChangeLog>$$);
SELECT conname, contype FROM pg_constraint WHERE conrelid = 'pkt'::regclass ORDER BY conname;
SELECT count(*) AS victim_rows FROM victim;
DROP TABLE pkt;

-- objectQuotingStrategy not known
SELECT id, action FROM changelog_update('q.xml', changelog => $$
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="q" author="ct" objectQuotingStrategy="QUOTE_SOMETIMES">
    <createTable tableName="q"><column name="a" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>$$);

DROP SCHEMA changetypes, changetypes_data, changetypes_rb, ct_other, ct_data CASCADE;
