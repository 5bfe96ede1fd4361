/*-------------------------------------------------------------------------
 *
 * preconditions.c
 *	  Liquibase preconditions (liquibase-model.md §3), evaluated inside the
 *	  caller's transaction, so a table created by an earlier changeset of
 *	  the same call is seen.
 *
 * Names are matched case-insensitively (Liquibase's LEGACY strategy on
 * PostgreSQL); a missing schema name means the current schema.  Catalog
 * queries are fixed text with bound parameters.  sqlCheck runs the user's
 * SQL in a subtransaction, so its error becomes the onError outcome instead
 * of aborting the call.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/pg_collation.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "changelog.h"
#include "history.h"
#include "execute.h"
#include "preconditions.h"

typedef struct PreState
{
	const ClChangeSet *cs;
	const ClChangeLog *log;
	ClHistory  *history;
	StringInfoData why;			/* why the last condition failed */
	char	   *error;			/* message of an evaluation error */
	bool		protect;		/* onError is not HALT: catch sqlCheck errors */
} PreState;

static ClPreResult eval(PreState *s, const ClPrecondition *p);

static const char *
attr(const ClPrecondition *p, const char *name)
{
	const char *v = cl_node_str(p->attrs, name);

	if (v != NULL && v[0] == '\0')
		return NULL;
	return v;
}

/* Run a catalog query with text parameters; true when it returns a row. */
static bool
catalog_query(const char *sql, int nargs, const char **args)
{
	Oid			types[24];
	Datum		values[24];
	char		nulls[24];
	int			i;
	int			rc;

	Assert(nargs <= 24);
	for (i = 0; i < nargs; i++)
	{
		types[i] = TEXTOID;
		nulls[i] = args[i] ? ' ' : 'n';
		values[i] = args[i] ? CStringGetTextDatum(args[i]) : (Datum) 0;
	}
	rc = SPI_execute_with_args(sql, nargs, types, values, nulls, false, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "catalog query failed: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

/*
 * The key columns (an int2 array of attnums of table t), in order, are the
 * comma-separated names in param (case-insensitively); true when it is NULL.
 */
#define KEY_COLUMNS_ARE(keys, param) \
	" AND (" param " IS NULL OR (SELECT pg_catalog.string_agg(lower(a.attname), ',' ORDER BY kc.ord)" \
	"     FROM unnest(" keys ") WITH ORDINALITY AS kc(attnum, ord)" \
	"     JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = kc.attnum)" \
	"   = (SELECT pg_catalog.string_agg(lower(btrim(u.c)), ',' ORDER BY u.o)" \
	"     FROM unnest(pg_catalog.string_to_array(" param ", ',')) WITH ORDINALITY AS u(c, o)))"

/* schema clause: $1 is the schema name or NULL (= current schema) */
#define SCHEMA_MATCH \
	"lower(n.nspname) = lower(coalesce($1, pg_catalog.current_schema()))"

/* pg_class c of the schema in $1, its name in c.relname (then more conditions) */
#define CLASS_OF_SCHEMA_1 \
	"pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " \
	"WHERE " SCHEMA_MATCH

/*
 * LIKE patterns that every name with lower(name) = lower(of) matches, into
 * pats[CI_NPATTERNS] (NULL when unused).  lower() of a catalog name folds
 * ASCII letters only (its collation is "C"), so such a name is lower(of)
 * with some of its ASCII letters uppercased: the patterns are the case
 * variants of lower(of) up to its third letter, then "%" (or all of it).
 * With them the name index finds the candidates; without, every lookup read
 * all of pg_class, and the preconditions of a long changelog took time
 * quadratic in its length.
 */
#define CI_NPATTERNS 8

static void
ci_patterns(const char *of, const char **pats)
{
	char	   *low;
	size_t		len;
	size_t		plen = 0;
	int			letters[3];
	int			nletters = 0;
	int			v;

	for (v = 0; v < CI_NPATTERNS; v++)
		pats[v] = NULL;
	if (of == NULL)
		return;
	low = text_to_cstring(DatumGetTextPP(DirectFunctionCall1Coll(lower, DEFAULT_COLLATION_OID,
																  CStringGetTextDatum(of))));
	len = strlen(low);
	while (plen < len && nletters < 3)
	{
		if (low[plen] >= 'a' && low[plen] <= 'z')
			letters[nletters++] = (int) plen;
		plen++;
	}
	for (v = 0; v < (1 << nletters); v++)
	{
		StringInfoData p;
		size_t		i;
		int			k;

		initStringInfo(&p);
		for (i = 0; i < plen; i++)
		{
			char		c = low[i];

			for (k = 0; k < nletters; k++)
				if (letters[k] == (int) i && (v & (1 << k)))
					c = (char) (c - 'a' + 'A');
			if (c == '%' || c == '_' || c == '\\')
				appendStringInfoChar(&p, '\\');
			appendStringInfoChar(&p, c);
		}
		if (plen < len)
			appendStringInfoChar(&p, '%');
		pats[v] = p.data;
	}
}

/*
 * "col equals the name in param, case-insensitively", for a catalog name
 * column: lower(col) = lower(param), and col LIKE one of the patterns that
 * ci_patterns put in parameters $first .. $first + CI_NPATTERNS - 1.
 */
static char *
ci_match(const char *col, const char *param, int first)
{
	StringInfoData s;
	int			i;

	initStringInfo(&s);
	appendStringInfo(&s, "(lower(%s) = lower(%s) AND (", col, param);
	for (i = 0; i < CI_NPATTERNS; i++)
		appendStringInfo(&s, "%s%s LIKE $%d", i ? " OR " : "", col, first + i);
	appendStringInfoString(&s, "))");
	return s.data;
}

static bool
relation_exists(const char *schema, const char *name, const char *kinds)
{
	const char *args[3 + CI_NPATTERNS] = {schema, name, kinds};

	ci_patterns(name, args + 3);
	return catalog_query(psprintf("SELECT 1 FROM " CLASS_OF_SCHEMA_1 " AND %s "
								  "AND strpos($3, c.relkind::text) > 0",
								  ci_match("c.relname", "$2", 4)),
						 3 + CI_NPATTERNS, args);
}

/*
 * A constraint of type contype ("p", "f", "u") named conname (any name when
 * NULL) on table (any table when NULL) whose key columns are columns (any
 * when NULL).
 */
static bool
constraint_exists(const char *schema, const char *conname, const char *table,
				  const char *contype, const char *columns)
{
	const char *args[5 + 2 * CI_NPATTERNS] = {schema, conname, table, contype, columns};

	ci_patterns(conname, args + 5);
	ci_patterns(table, args + 5 + CI_NPATTERNS);
	return catalog_query(psprintf("SELECT 1 FROM pg_catalog.pg_constraint k "
								  "JOIN pg_catalog.pg_class t ON t.oid = k.conrelid "
								  "JOIN pg_catalog.pg_namespace n ON n.oid = t.relnamespace "
								  "WHERE " SCHEMA_MATCH " AND k.contype::text = $4"
								  " AND ($2 IS NULL OR %s)"
								  " AND ($3 IS NULL OR %s)"
								  KEY_COLUMNS_ARE("k.conkey", "$5"),
								  ci_match("k.conname", "$2", 6),
								  ci_match("t.relname", "$3", 6 + CI_NPATTERNS)),
						 5 + 2 * CI_NPATTERNS, args);
}

/* The quoted, qualified name of an existing table, or NULL. */
static char *
qualified_table(const char *schema, const char *name)
{
	const char *args[2 + CI_NPATTERNS] = {schema, name};

	ci_patterns(name, args + 2);
	if (!catalog_query(psprintf("SELECT pg_catalog.quote_ident(n.nspname) || '.' || "
								"pg_catalog.quote_ident(c.relname) FROM " CLASS_OF_SCHEMA_1 " AND %s "
								"AND c.relkind IN ('r', 'p', 'f', 'v', 'm') "
								"ORDER BY c.relname = $2 DESC, c.relname",
								ci_match("c.relname", "$2", 3)),
					   2 + CI_NPATTERNS, args))
		return NULL;
	return SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
}

static void
require(PreState *s, const ClPrecondition *p, const char *name)
{
	if (attr(p, name) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("precondition %s needs \"%s\"", p->type, name)));
}

static char *
display(const char *schema, const char *name)
{
	return schema ? psprintf("%s.%s", schema, name) : pstrdup(name);
}

typedef struct SqlCheckCall
{
	const char *sql;
	char	   *result;			/* first column of the first row, as text */
	bool		gotrow;
} SqlCheckCall;

/* onError HALT: the sqlCheck's own error stops the call, saying where it came from */
static void
sql_check_context(void *arg)
{
	errcontext("sqlCheck precondition: %s", (const char *) arg);
}

static void
sql_check_call(void *arg)
{
	SqlCheckCall *c = (SqlCheckCall *) arg;
	MemoryContext cxt = CurrentMemoryContext;
	int			rc = SPI_execute(c->sql, false, 1);

	if (rc < 0)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	if (SPI_tuptable != NULL && SPI_processed > 0)
	{
		char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

		c->gotrow = true;
		c->result = v ? MemoryContextStrdup(cxt, v) : NULL;
	}
}

/* sqlCheck: the first column of the first row, as text, must equal expectedResult. */
static ClPreResult
eval_sql_check(PreState *s, const ClPrecondition *p)
{
	const char *sql = attr(p, "sql");
	const char *expected = cl_node_str(p->attrs, "expectedResult");
	SqlCheckCall call;
	char	   *err;
	char	   *result;
	bool		gotrow;

	if (sql == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("precondition sqlCheck has no SQL")));
	memset(&call, 0, sizeof(call));
	call.sql = sql;

	/*
	 * A subtransaction only when an error must not end the call: each one
	 * costs time that grows with the relations the call has created.
	 */
	if (!s->protect)
	{
		ErrorContextCallback cb;

		cb.callback = sql_check_context;
		cb.arg = (void *) sql;
		cb.previous = error_context_stack;
		error_context_stack = &cb;
		sql_check_call(&call);
		error_context_stack = cb.previous;
	}
	else if ((err = cl_try_call(sql_check_call, &call)) != NULL)
	{
		s->error = psprintf("sqlCheck failed: %s", err);
		return CL_PRE_ERROR;
	}
	result = call.result;
	gotrow = call.gotrow;
	if (!gotrow)
	{
		appendStringInfo(&s->why, "sqlCheck returned no row (expected \"%s\")",
						 expected ? expected : "");
		return CL_PRE_FAILED;
	}
	if (expected == NULL || result == NULL || strcmp(result, expected) != 0)
	{
		appendStringInfo(&s->why, "sqlCheck returned \"%s\", expected \"%s\"",
						 result ? result : "NULL", expected ? expected : "");
		return CL_PRE_FAILED;
	}
	return CL_PRE_PASSED;
}

static ClPreResult
fail(PreState *s, const char *fmt, const char *arg)
{
	appendStringInfo(&s->why, fmt, arg);
	return CL_PRE_FAILED;
}

static ClPreResult
eval_leaf(PreState *s, const ClPrecondition *p)
{
	const char *type = p->type;
	const char *schema = attr(p, "schemaName");

	if (strcmp(type, "sqlCheck") == 0)
		return eval_sql_check(s, p);
	if (strcmp(type, "dbms") == 0)
	{
		require(s, p, "type");
		if (!cl_dbms_matches(attr(p, "type")))
			return fail(s, "the database is not %s", attr(p, "type"));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "runningAs") == 0)
	{
		const char *args[1];

		require(s, p, "username");
		args[0] = attr(p, "username");
		if (!catalog_query("SELECT 1 WHERE lower(session_user) = lower($1)", 1, args))
			return fail(s, "not running as %s", args[0]);
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "changeSetExecuted") == 0)
	{
		const char *file = attr(p, "changeLogFile");

		require(s, p, "id");
		require(s, p, "author");
		if (file == NULL && s->cs)
			file = s->cs->filename;
		if (cl_history_find(s->history, attr(p, "id"), attr(p, "author"),
							file ? file : "") == NULL)
			return fail(s, "changeset %s has not been executed",
						psprintf("%s::%s::%s", file ? file : "", attr(p, "id"),
								 attr(p, "author")));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "tableExists") == 0)
	{
		require(s, p, "tableName");
		if (!relation_exists(schema, attr(p, "tableName"), "rpf"))
			return fail(s, "table %s does not exist", display(schema, attr(p, "tableName")));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "viewExists") == 0)
	{
		require(s, p, "viewName");
		if (!relation_exists(schema, attr(p, "viewName"), "vm"))
			return fail(s, "view %s does not exist", display(schema, attr(p, "viewName")));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "sequenceExists") == 0)
	{
		require(s, p, "sequenceName");
		if (!relation_exists(schema, attr(p, "sequenceName"), "S"))
			return fail(s, "sequence %s does not exist", display(schema, attr(p, "sequenceName")));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "columnExists") == 0)
	{
		const char *args[3 + CI_NPATTERNS];

		require(s, p, "tableName");
		require(s, p, "columnName");
		args[0] = schema;
		args[1] = attr(p, "tableName");
		args[2] = attr(p, "columnName");
		ci_patterns(args[1], args + 3);
		if (!catalog_query(psprintf("SELECT 1 FROM pg_catalog.pg_attribute a, " CLASS_OF_SCHEMA_1
									" AND c.oid = a.attrelid AND %s "
									"AND lower(a.attname) = lower($3) AND a.attnum > 0 AND NOT a.attisdropped",
									ci_match("c.relname", "$2", 4)),
						   3 + CI_NPATTERNS, args))
			return fail(s, "column %s does not exist",
						psprintf("%s.%s", display(schema, args[1]), args[2]));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "indexExists") == 0)
	{
		const char *args[4 + 2 * CI_NPATTERNS];

		args[0] = schema;
		args[1] = attr(p, "indexName");
		args[2] = attr(p, "tableName");
		args[3] = attr(p, "columnNames");
		if (args[1] == NULL && (args[2] == NULL || args[3] == NULL))
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("precondition indexExists needs \"indexName\", or \"tableName\" and \"columnNames\"")));
		ci_patterns(args[1], args + 4);
		ci_patterns(args[2], args + 4 + CI_NPATTERNS);
		if (!catalog_query(psprintf("SELECT 1 FROM pg_catalog.pg_index x "
									"JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid "
									"JOIN pg_catalog.pg_class t ON t.oid = x.indrelid "
									"JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace "
									"WHERE " SCHEMA_MATCH
									" AND ($2 IS NULL OR %s)"
									" AND ($3 IS NULL OR %s)"
									KEY_COLUMNS_ARE("x.indkey::int2[]", "$4"),
									ci_match("i.relname", "$2", 5),
									ci_match("t.relname", "$3", 5 + CI_NPATTERNS)),
						   4 + 2 * CI_NPATTERNS, args))
			return fail(s, "index %s does not exist",
						args[1] ? args[1] : psprintf("on %s(%s)", args[2], args[3]));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "primaryKeyExists") == 0 ||
		strcmp(type, "foreignKeyConstraintExists") == 0)
	{
		bool		pk = strcmp(type, "primaryKeyExists") == 0;
		const char *args[4];

		args[0] = schema;
		args[1] = attr(p, pk ? "primaryKeyName" : "foreignKeyName");
		args[2] = attr(p, pk ? "tableName" : "foreignKeyTableName");
		args[3] = pk ? "p" : "f";
		if (args[1] == NULL && args[2] == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("precondition %s needs a constraint or table name", type)));
		if (!constraint_exists(schema, args[1], args[2], args[3], NULL))
			return fail(s, pk ? "primary key %s does not exist"
						: "foreign key %s does not exist",
						args[1] ? args[1] : psprintf("on %s", args[2]));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "uniqueConstraintExists") == 0)
	{
		const char *args[4];

		args[0] = schema;
		args[1] = attr(p, "constraintName");
		args[2] = attr(p, "tableName");
		args[3] = attr(p, "columnNames");
		require(s, p, "tableName");
		if (!constraint_exists(schema, args[1], args[2], "u", args[3]))
			return fail(s, "unique constraint %s does not exist",
						args[1] ? args[1] : psprintf("on %s", args[2]));
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "tableIsEmpty") == 0 || strcmp(type, "rowCount") == 0)
	{
		char	   *qt;
		int			rc;
		int64		count;
		bool		isnull;

		require(s, p, "tableName");
		qt = qualified_table(schema, attr(p, "tableName"));
		if (qt == NULL)
		{
			s->error = psprintf("table %s does not exist",
								display(schema, attr(p, "tableName")));
			return CL_PRE_ERROR;
		}
		rc = SPI_execute(psprintf("SELECT count(*) FROM %s", qt), false, 1);
		if (rc != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
		count = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0],
											SPI_tuptable->tupdesc, 1, &isnull));
		if (strcmp(type, "tableIsEmpty") == 0)
		{
			if (count != 0)
				return fail(s, "table %s is not empty", qt);
		}
		else
		{
			const char *expected = attr(p, "expectedRows");

			require(s, p, "expectedRows");
			if (strtoll(expected, NULL, 10) != count)
				return fail(s, "table %s does not have the expected row count",
							qt);
		}
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "changeLogPropertyDefined") == 0)
	{
		ListCell   *lc;
		const char *value = cl_node_str(p->attrs, "value");

		require(s, p, "property");
		foreach(lc, s->log->properties)
		{
			ClProperty *prop = (ClProperty *) lfirst(lc);

			if (pg_strcasecmp(prop->name, attr(p, "property")) == 0)
			{
				if (value != NULL && strcmp(value, prop->value) != 0)
					return fail(s, "property %s has another value", prop->name);
				return CL_PRE_PASSED;
			}
		}
		{
			const char *builtin = cl_builtin_property(attr(p, "property"),
													  strlen(attr(p, "property")));

			if (builtin != NULL)
			{
				if (value != NULL && strcmp(value, builtin) != 0)
					return fail(s, "property %s has another value", attr(p, "property"));
				return CL_PRE_PASSED;
			}
		}
		return fail(s, "property %s is not defined", attr(p, "property"));
	}
	if (strcmp(type, "expectedQuotingStrategy") == 0)
	{
		const char *want = attr(p, "strategy");
		const char *have = (s->cs && s->cs->objectQuotingStrategy)
			? s->cs->objectQuotingStrategy : "LEGACY";

		require(s, p, "strategy");
		if (pg_strcasecmp(want, have) != 0)
			return fail(s, "the quoting strategy is not %s", want);
		return CL_PRE_PASSED;
	}
	if (strcmp(type, "customPrecondition") == 0)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("customPrecondition cannot run inside the database server"),
				 errhint("Check it outside, then apply or mark the changeset with changelog_sync().")));
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("unknown precondition \"%s\"", type),
			 errcontext("changelog file, line %d", p->line)));
	return CL_PRE_ERROR;		/* not reached */
}

static ClPreResult
eval(PreState *s, const ClPrecondition *p)
{
	ListCell   *lc;

	CHECK_FOR_INTERRUPTS();
	check_stack_depth();
	if (strcmp(p->type, "and") == 0)
	{
		foreach(lc, p->children)
		{
			ClPreResult r = eval(s, (ClPrecondition *) lfirst(lc));

			if (r != CL_PRE_PASSED)
				return r;
		}
		return CL_PRE_PASSED;
	}
	if (strcmp(p->type, "or") == 0)
	{
		foreach(lc, p->children)
		{
			ClPreResult r = eval(s, (ClPrecondition *) lfirst(lc));

			if (r != CL_PRE_FAILED)
				return r;
			resetStringInfo(&s->why);
		}
		appendStringInfoString(&s->why, "no condition of an <or> passed");
		return p->children == NIL ? CL_PRE_PASSED : CL_PRE_FAILED;
	}
	if (strcmp(p->type, "not") == 0)
	{
		foreach(lc, p->children)
		{
			ClPreResult r = eval(s, (ClPrecondition *) lfirst(lc));

			if (r == CL_PRE_ERROR)
				return r;
			if (r == CL_PRE_PASSED)
			{
				appendStringInfoString(&s->why, "a <not> condition passed");
				return CL_PRE_FAILED;
			}
			resetStringInfo(&s->why);
		}
		return CL_PRE_PASSED;
	}
	return eval_leaf(s, p);
}

static const char *
normalize_action(const char *a)
{
	if (a == NULL || a[0] == '\0')
		return "HALT";
	return a;
}

ClPreAction
cl_preconditions_check(const ClPreconditions *pre, const ClChangeSet *cs,
					   const ClChangeLog *log, ClHistory *history)
{
	PreState	s;
	ListCell   *lc;
	ClPreResult r = CL_PRE_PASSED;
	const char *action;
	const char *message;
	const char *what;

	if (pre == NULL || pre->conditions == NIL)
		return CL_PRE_RUN;
	memset(&s, 0, sizeof(s));
	s.cs = cs;
	s.log = log;
	s.history = history;
	s.protect = pg_strcasecmp(normalize_action(pre->onError), "HALT") != 0;
	initStringInfo(&s.why);
	foreach(lc, pre->conditions)
	{
		r = eval(&s, (ClPrecondition *) lfirst(lc));
		if (r != CL_PRE_PASSED)
			break;
	}
	if (r == CL_PRE_PASSED)
		return CL_PRE_RUN;

	if (r == CL_PRE_FAILED)
	{
		action = normalize_action(pre->onFail);
		message = pre->onFailMessage;
		what = s.why.data;
	}
	else
	{
		action = normalize_action(pre->onError);
		message = pre->onErrorMessage;
		what = s.error;
	}

	if (pg_strcasecmp(action, "CONTINUE") == 0 && cs != NULL)
		return CL_PRE_SKIP;
	if (pg_strcasecmp(action, "MARK_RAN") == 0 && cs != NULL)
		return CL_PRE_MARK_RAN;
	if (pg_strcasecmp(action, "WARN") == 0)
	{
		ereport(WARNING,
				(errmsg("%s", message ? message : "preconditions did not pass"),
				 errdetail("%s", what ? what : "")));
		return CL_PRE_RUN;
	}
	if (pg_strcasecmp(action, "HALT") != 0 &&
		pg_strcasecmp(action, "CONTINUE") != 0 &&
		pg_strcasecmp(action, "MARK_RAN") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("invalid precondition action \"%s\"", action),
				 errhint("Use HALT, CONTINUE, MARK_RAN or WARN.")));
	if (cs != NULL)
		ereport(ERROR,
				(errcode(r == CL_PRE_FAILED ? ERRCODE_CHECK_VIOLATION : ERRCODE_DATA_EXCEPTION),
				 errmsg("preconditions of changeset \"%s::%s::%s\" %s",
						cs->filename, cs->id, cs->author,
						r == CL_PRE_FAILED ? "failed" : "raised an error"),
				 errdetail("%s%s%s", message ? message : "", message ? ": " : "",
						   what ? what : ""),
				 errhint("%s Fix the database or the changelog, or set onFail/onError to CONTINUE, MARK_RAN or WARN.",
						 cl_applied_hint())));
	ereport(ERROR,
			(errcode(r == CL_PRE_FAILED ? ERRCODE_CHECK_VIOLATION : ERRCODE_DATA_EXCEPTION),
			 errmsg("changelog preconditions of \"%s\" %s", pre->file ? pre->file : "?",
					r == CL_PRE_FAILED ? "failed" : "raised an error"),
			 errdetail("%s%s%s", message ? message : "", message ? ": " : "",
					   what ? what : "")));
	return CL_PRE_RUN;			/* not reached */
}
