/*-------------------------------------------------------------------------
 *
 * execute.c
 *	  Executing a changeset's changes in the caller's transaction via SPI.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_collation.h"
#include "access/xact.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "changelog.h"
#include "execute.h"
#include "splitter.h"
#include "sqlgen.h"

/* change types that need no SQL */
static const char *const no_sql_types[] = {
	"empty", "tagDatabase", "output", "comment", NULL
};

static bool commit_each_call = false;

void
cl_set_commit_each(bool commit_each)
{
	commit_each_call = commit_each;
}

const char *
cl_applied_hint(void)
{
	return commit_each_call
		? "The changesets before this one are committed; this one was not applied."
		: "Nothing was applied.";
}

static bool
is_one_of(const char *type, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(type, *list) == 0)
			return true;
	return false;
}

/* Error context: which statement was running. */
static void
statement_callback(void *arg)
{
	const char *stmt = (const char *) arg;
	int			len = strlen(stmt);
	int			pos = geterrposition();

	/* a position from our own parse refers to the statement, not the query */
	if (pos > 0)
	{
		errposition(0);
		internalerrposition(pos);
		internalerrquery(stmt);
		return;
	}
	if (len > 200)
		errcontext("statement: %.*s...", pg_mbcliplen(stmt, len, 200), stmt);
	else
		errcontext("statement: %s", stmt);
}

void
cl_run_statements(List *stmts)
{
	ListCell   *lc;

	foreach(lc, stmts)
	{
		char	   *stmt = (char *) lfirst(lc);
		ErrorContextCallback cb;
		int			rc;

		CHECK_FOR_INTERRUPTS();
		cb.callback = statement_callback;
		cb.arg = stmt;
		cb.previous = error_context_stack;
		error_context_stack = &cb;
		rc = SPI_execute(stmt, false, 0);
		error_context_stack = cb.previous;
		if (rc < 0)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(rc));
	}
}

static List *
split_text(const ClChange *c, const char *text)
{
	return cl_split_statements(text ? text : "",
							   cl_node_bool(c->attrs, "splitStatements", true),
							   cl_node_str(c->attrs, "endDelimiter"),
							   cl_node_bool(c->attrs, "stripComments", false));
}

/*
 * How much longer modifySql may make a change's statements, all together:
 * each visitor applies to every statement, so a few hundred visitors on a
 * few hundred statements (or replacements that double) would otherwise grow
 * them until the backend is killed for memory.
 */
#define CL_MODIFY_SQL_GROWTH	(64 * 1024 * 1024)

/* one modifySql visitor applied to one statement, in CurrentMemoryContext */
static char *
modify_statement(const ClNode *v, const char *stmt)
{
	const char *value = cl_node_str(v, "value");
	const char *with = cl_node_str(v, "with");
	Datum		from;
	Datum		src;
	Datum		to;
	text	   *result;

	if (strcmp(v->name, "append") == 0)
		return psprintf("%s%s", stmt, value ? value : "");
	if (strcmp(v->name, "prepend") == 0)
		return psprintf("%s%s", value ? value : "", stmt);
	src = CStringGetTextDatum(stmt);
	from = CStringGetTextDatum(cl_node_str(v, "replace"));
	to = CStringGetTextDatum(with ? with : "");
	if (strcmp(v->name, "replace") == 0)
		result = DatumGetTextPP(DirectFunctionCall3Coll(replace_text, C_COLLATION_OID,
														src, from, to));
	else
		result = DatumGetTextPP(DirectFunctionCall4Coll(textregexreplace, C_COLLATION_OID,
														src, from, to,
														CStringGetTextDatum("g")));
	return text_to_cstring(result);
}

/*
 * modifySql: append, prepend, replace, regExpReplace on every statement.
 * Each visitor's statements are made in one of two contexts, the other
 * (two visitors back) emptied first, so memory holds two versions at most.
 */
static List *
apply_modify_sql(const ClChangeSet *cs, List *stmts, bool rollback)
{
	MemoryContext bufs[2] = {NULL, NULL};
	MemoryContext old;
	int			cur = -1;
	Size		before = 0;
	ListCell   *vc;
	ListCell   *lc;

	if (cs->modifySql == NIL)
		return stmts;
	foreach(lc, stmts)
		before += strlen((char *) lfirst(lc));
	foreach(vc, cs->modifySql)
	{
		ClNode	   *v = (ClNode *) lfirst(vc);
		const char *from = cl_node_str(v, "replace");
		int			next = (cur == 0) ? 1 : 0;
		Size		after = 0;

		if (!cl_dbms_matches(cl_node_str(v, "dbms")))
			continue;
		if (rollback && !cl_node_bool(v, "applyToRollback", false))
			continue;
		if (strcmp(v->name, "append") != 0 && strcmp(v->name, "prepend") != 0 &&
			((strcmp(v->name, "replace") != 0 && strcmp(v->name, "regExpReplace") != 0) ||
			 from == NULL || from[0] == '\0'))
			continue;
		if (bufs[next] == NULL)
			bufs[next] = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync modifySql",
											   ALLOCSET_DEFAULT_SIZES);
		else
			MemoryContextReset(bufs[next]);
		old = MemoryContextSwitchTo(bufs[next]);
		foreach(lc, stmts)
		{
			char	   *stmt;

			CHECK_FOR_INTERRUPTS();
			stmt = modify_statement(v, (char *) lfirst(lc));
			after += strlen(stmt);
			if (after > before + CL_MODIFY_SQL_GROWTH)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("modifySql of changeset %s::%s::%s makes its statements more than %d MB longer",
								cs->filename, cs->id, cs->author,
								CL_MODIFY_SQL_GROWTH / (1024 * 1024))));
			lfirst(lc) = stmt;
		}
		MemoryContextSwitchTo(old);
		cur = next;
	}
	/* the version before the last is not needed */
	if (cur >= 0 && bufs[1 - cur] != NULL)
		MemoryContextDelete(bufs[1 - cur]);
	return stmts;
}

/*
 * With changelog_sync.concurrent_index = plain, "CREATE [UNIQUE] INDEX
 * CONCURRENTLY" and "DROP INDEX CONCURRENTLY" lose the keyword: the same
 * index, built inside the call's transaction under a stronger lock.  The
 * server's parser says which statements are such; the keyword follows INDEX.
 */
static char *
without_concurrently(char *stmt)
{
	List	   *raw;
	RawStmt    *r;
	bool		concurrent = false;
	char	   *lower;
	char	   *at;

	if (cl_concurrent_index != CL_CONCURRENT_PLAIN)
		return stmt;
	lower = pstrdup(stmt);
	for (at = lower; *at; at++)
		*at = pg_tolower((unsigned char) *at);
	if (strstr(lower, "concurrently") == NULL)
		return stmt;
	raw = raw_parser(stmt, RAW_PARSE_DEFAULT);
	if (list_length(raw) != 1)
		return stmt;
	r = linitial_node(RawStmt, raw);
	if (IsA(r->stmt, IndexStmt))
		concurrent = ((IndexStmt *) r->stmt)->concurrent;
	else if (IsA(r->stmt, DropStmt))
		concurrent = ((DropStmt *) r->stmt)->concurrent;
	if (!concurrent)
		return stmt;
	/* the first "concurrently" after "index" is the keyword */
	at = strstr(lower, "index");
	at = at ? strstr(at, "concurrently") : NULL;
	if (at == NULL)
		return stmt;
	return psprintf("%.*s%s", (int) (at - lower), stmt, stmt + (at - lower) + strlen("concurrently"));
}

List *
cl_change_statements(const ClChangeSet *cs, const ClChange *c)
{
	return cl_change_statements_ext(cs, c, false);
}

List *
cl_change_statements_ext(const ClChangeSet *cs, const ClChange *c, bool rollback)
{
	List	   *stmts = NIL;

	if (!cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
		return NIL;
	if (strcmp(c->type, "sql") == 0)
		stmts = split_text(c, cl_node_str(c->attrs, "sql"));
	else if (strcmp(c->type, "sqlFile") == 0)
		stmts = split_text(c, c->file_text_expanded ? c->file_text_expanded : c->file_text);
	else if (is_one_of(c->type, no_sql_types) || strcmp(c->type, "stop") == 0)
		return NIL;
	else
		stmts = cl_sqlgen_change(cs, c);
	if (cl_concurrent_index == CL_CONCURRENT_PLAIN)
	{
		ListCell   *lc;

		foreach(lc, stmts)
			lfirst(lc) = without_concurrently((char *) lfirst(lc));
	}
	return apply_modify_sql(cs, stmts, rollback);
}

/* A DefElem list holding "concurrently" (REINDEX (CONCURRENTLY) ...)? */
static bool
has_concurrently(List *params)
{
	ListCell   *lc;

	foreach(lc, params)
	{
		DefElem    *d = (DefElem *) lfirst(lc);

		if (IsA(d, DefElem) && strcmp(d->defname, "concurrently") == 0)
			return true;
	}
	return false;
}

/*
 * What PostgreSQL refuses inside a transaction block or a function, found
 * with the server's own parser; NULL when the statement can run.
 */
static const char *
refused_statement(Node *n)
{
	switch (nodeTag(n))
	{
		case T_VacuumStmt:
			return ((VacuumStmt *) n)->is_vacuumcmd ? "VACUUM" : NULL;
		case T_IndexStmt:
			return ((IndexStmt *) n)->concurrent &&
				cl_concurrent_index == CL_CONCURRENT_REFUSE ? "CREATE INDEX CONCURRENTLY" : NULL;
		case T_DropStmt:
			return ((DropStmt *) n)->concurrent &&
				cl_concurrent_index == CL_CONCURRENT_REFUSE ? "DROP INDEX CONCURRENTLY" : NULL;
		case T_ReindexStmt:
			{
				ReindexStmt *r = (ReindexStmt *) n;

				if (has_concurrently(r->params))
					return "REINDEX CONCURRENTLY";
				if (r->kind == REINDEX_OBJECT_SCHEMA || r->kind == REINDEX_OBJECT_SYSTEM ||
					r->kind == REINDEX_OBJECT_DATABASE)
					return "REINDEX SCHEMA/SYSTEM/DATABASE";
				return NULL;
			}
		case T_ClusterStmt:
			return ((ClusterStmt *) n)->relation == NULL ? "CLUSTER without a table" : NULL;
		case T_CreatedbStmt:
			return "CREATE DATABASE";
		case T_DropdbStmt:
			return "DROP DATABASE";
		case T_AlterSystemStmt:
			return "ALTER SYSTEM";
		case T_CreateTableSpaceStmt:
			return "CREATE TABLESPACE";
		case T_DropTableSpaceStmt:
			return "DROP TABLESPACE";
		case T_TransactionStmt:
			return "transaction control (BEGIN, COMMIT, ROLLBACK...)";
		case T_CreateSubscriptionStmt:
			return "CREATE SUBSCRIPTION";
		case T_DropSubscriptionStmt:
			return "DROP SUBSCRIPTION";
		default:
			return NULL;
	}
}

/*
 * The server's raw parse of a statement; with syntax_later, NIL for one it
 * cannot parse.  A parse error leaves nothing behind but memory, so it can
 * be caught without a subtransaction.
 */
static List *
parse_statement(const char *stmt, bool syntax_later)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *raw = NIL;

	if (!syntax_later)
		return raw_parser(stmt, RAW_PARSE_DEFAULT);
	PG_TRY();
	{
		raw = raw_parser(stmt, RAW_PARSE_DEFAULT);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		if (geterrcode() != ERRCODE_SYNTAX_ERROR)
			PG_RE_THROW();
		FlushErrorState();
		raw = NIL;
	}
	PG_END_TRY();
	return raw;
}

static void
check_statements(const ClChangeSet *cs, const ClChange *c, const char *text,
				 bool syntax_later)
{
	List	   *stmts;
	ListCell   *lc;

	stmts = split_text(c, text);
	foreach(lc, stmts)
	{
		char	   *stmt = (char *) lfirst(lc);
		List	   *raw;
		ListCell   *rc;
		ErrorContextCallback cb;

		CHECK_FOR_INTERRUPTS();
		cb.callback = statement_callback;
		cb.arg = stmt;
		cb.previous = error_context_stack;
		error_context_stack = &cb;
		raw = parse_statement(stmt, syntax_later);
		foreach(rc, raw)
		{
			RawStmt    *r = lfirst_node(RawStmt, rc);
			const char *what = refused_statement(r->stmt);

			if (what != NULL)
				ereport(ERROR,
						(errcode(ERRCODE_ACTIVE_SQL_TRANSACTION),
						 errmsg("changeset \"%s::%s::%s\" uses %s, which cannot run inside a transaction or a function",
								cs->filename, cs->id, cs->author, what),
						 errhint("%s Run that statement outside the database's transaction, then mark the changeset as run with changelog_sync().",
								 cl_applied_hint())));
		}
		error_context_stack = cb.previous;
	}
}

/*
 * runInTransaction=false asks Liquibase not to wrap the changeset in a
 * transaction, mostly for statements that cannot run in one.  Those are
 * refused below whatever the attribute says; any other statement runs in the
 * call's transaction, with the same end state and all-or-nothing safety.
 */
void
cl_check_runnable(const ClChangeSet *cs, bool syntax_later)
{
	ListCell   *lc;

	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);

		if (!cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
			continue;
		if (strcmp(c->type, "customChange") == 0 ||
			strcmp(c->type, "executeCommand") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("changeset \"%s\" by \"%s\" in \"%s\" uses %s, which cannot run inside the database server",
							cs->id, cs->author, cs->filename, c->type),
					 errhint("Apply this changeset outside the database, then mark it as run with changelog_sync().")));
		/*
		 * The SQL is checked up front, unless preconditions may keep it from
		 * running (Liquibase's own tests hold invalid SQL behind onFail:
		 * CONTINUE); then PostgreSQL reports any problem if it runs.
		 */
		if (strcmp(c->type, "sql") == 0)
		{
			if (cs->preconditions == NULL)
				check_statements(cs, c, cl_node_str(c->attrs, "sql"), syntax_later);
		}
		else if (strcmp(c->type, "sqlFile") == 0)
		{
			if (cs->preconditions == NULL)
				check_statements(cs, c, c->file_text_expanded ? c->file_text_expanded : c->file_text,
								 syntax_later);
		}
		else if (strcmp(c->type, "stop") != 0 && !is_one_of(c->type, no_sql_types) &&
				 !cl_sqlgen_supports(c->type))
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("change type \"%s\" of changeset \"%s\" by \"%s\" in \"%s\" is not supported yet",
							c->type, cs->id, cs->author, cs->filename),
					 errhint("Apply it with the Liquibase CLI, or mark it as run with changelog_sync().")));
	}
}

void
cl_execute_changeset(const ClChangeSet *cs)
{
	ListCell   *lc;

	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (!cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
			continue;
		if (strcmp(c->type, "output") == 0)
		{
			const char *msg = cl_node_str(c->attrs, "message");

			ereport(NOTICE, (errmsg("%s", msg ? msg : "")));
		}
		else if (strcmp(c->type, "stop") == 0)
		{
			const char *msg = cl_node_str(c->attrs, "message");

			ereport(ERROR,
					(errcode(ERRCODE_QUERY_CANCELED),
					 errmsg("stopped by changeset \"%s\" by \"%s\" in \"%s\": %s",
							cs->id, cs->author, cs->filename,
							msg ? msg : "Stop command in changelog file")));
		}
		else
			cl_run_statements(cl_change_statements(cs, c));
	}
}

/*
 * Call fn(arg) in a subtransaction; NULL when it succeeded, else the error
 * message (the error is swallowed).  For reporting problems as rows.
 */
char *
cl_try_call(void (*fn) (void *), void *arg)
{
	MemoryContext oldcxt = CurrentMemoryContext;
	ResourceOwner oldowner = CurrentResourceOwner;
	char	   *volatile message = NULL;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		fn(arg);
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(oldcxt);
		edata = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		message = edata->detail
			? psprintf("%s: %s", edata->message, edata->detail)
			: pstrdup(edata->message);
		FreeErrorData(edata);
	}
	PG_END_TRY();
	return message;
}
