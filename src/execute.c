/*-------------------------------------------------------------------------
 *
 * execute.c
 *	  Executing a changeset's changes in the caller's transaction via SPI.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"

#include "changelog.h"
#include "execute.h"
#include "splitter.h"

/* change types that need no SQL */
static const char *const no_sql_types[] = {
	"empty", "tagDatabase", "output", "comment", NULL
};

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

	if (len > 200)
		errcontext("statement: %.*s...", pg_mbcliplen(stmt, len, 200), stmt);
	else
		errcontext("statement: %s", stmt);
}

static void
run_statements(List *stmts)
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

static void
run_sql_text(const ClChange *c, const char *text)
{
	List	   *stmts;

	stmts = cl_split_statements(text ? text : "",
								cl_node_bool(c->attrs, "splitStatements", true),
								cl_node_str(c->attrs, "endDelimiter"),
								cl_node_bool(c->attrs, "stripComments", false));
	run_statements(stmts);
}

void
cl_check_runnable(const ClChangeSet *cs)
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
		if (strcmp(c->type, "sql") != 0 && strcmp(c->type, "sqlFile") != 0 &&
			strcmp(c->type, "stop") != 0 && !is_one_of(c->type, no_sql_types))
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
		if (strcmp(c->type, "sql") == 0)
			run_sql_text(c, cl_node_str(c->attrs, "sql"));
		else if (strcmp(c->type, "sqlFile") == 0)
			run_sql_text(c, c->file_text_expanded ? c->file_text_expanded : c->file_text);
		else if (strcmp(c->type, "output") == 0)
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
		else if (!is_one_of(c->type, no_sql_types))
			elog(ERROR, "change type \"%s\" cannot be executed", c->type);
	}
}
