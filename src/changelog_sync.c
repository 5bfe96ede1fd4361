/*-------------------------------------------------------------------------
 *
 * changelog_sync.c
 *	  Module magic and the SQL-callable entry points.
 *
 * Entry points only unpack their arguments and call the engine.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "fmgr.h"
#include "funcapi.h"
#include "nodes/parsenodes.h"
#include "executor/spi.h"
#include "utils/memutils.h"
#include "utils/resowner.h"
#include "utils/timestamp.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/jsonb.h"

#include "changelog.h"
#include "engine.h"
#include "execute.h"
#include "explain.h"
#include "history.h"
#include "rollback.h"

PG_MODULE_MAGIC;

/* changelog_sync.concurrent_index: what to do with CREATE/DROP INDEX CONCURRENTLY */
int			cl_concurrent_index = CL_CONCURRENT_REFUSE;

static const struct config_enum_entry concurrent_index_options[] = {
	{"refuse", CL_CONCURRENT_REFUSE, false},
	{"plain", CL_CONCURRENT_PLAIN, false},
	{NULL, 0, false}
};

void		_PG_init(void);

void
_PG_init(void)
{
	DefineCustomEnumVariable("changelog_sync.concurrent_index",
							 "What changelog_update does with CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY.",
							 "refuse: stop before anything runs (they cannot run inside a transaction); "
							 "plain: run them without CONCURRENTLY, in the call's transaction (same result, stronger lock).",
							 &cl_concurrent_index,
							 CL_CONCURRENT_REFUSE,
							 concurrent_index_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);
	DefineCustomIntVariable("changelog_sync.max_changesets",
							"The most changesets a changelog tree may have.",
							"Each costs a few kB of backend memory while a call runs, and includes "
							"can multiply them: a small root of many include lines would otherwise "
							"build gigabytes before the duplicate check refused it.",
							&cl_max_changesets,
							500000, 1, INT_MAX,
							PGC_SUSET,
							0,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("changelog_sync");
}

PG_FUNCTION_INFO_V1(changelog_update);
PG_FUNCTION_INFO_V1(changelog_sync);
PG_FUNCTION_INFO_V1(changelog_update_each);
PG_FUNCTION_INFO_V1(changelog_status);
PG_FUNCTION_INFO_V1(changelog_validate);
PG_FUNCTION_INFO_V1(changelog_unexpected);
PG_FUNCTION_INFO_V1(changelog_update_sql);
PG_FUNCTION_INFO_V1(changelog_history);
PG_FUNCTION_INFO_V1(changelog_tag);
PG_FUNCTION_INFO_V1(changelog_tag_exists);
PG_FUNCTION_INFO_V1(changelog_clear_checksums);
PG_FUNCTION_INFO_V1(changelog_mark_next_ran);
PG_FUNCTION_INFO_V1(changelog_rollback);
PG_FUNCTION_INFO_V1(changelog_rollback_sql);
PG_FUNCTION_INFO_V1(changelog_rollback_one);
PG_FUNCTION_INFO_V1(changelog_checksum);
PG_FUNCTION_INFO_V1(changelog_explain_checksum);

static char *text_arg(FunctionCallInfo fcinfo, int n);
static List *parameters_arg(FunctionCallInfo fcinfo, int n);
static Datum run_command(FunctionCallInfo fcinfo, ClRunOptions *opts);

static char *
text_arg(FunctionCallInfo fcinfo, int n)
{
	if (PG_NARGS() <= n || PG_ARGISNULL(n))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(n));
}

/* parameters jsonb: an object of name -> scalar value */
static List *
parameters_arg(FunctionCallInfo fcinfo, int n)
{
	Jsonb	   *jb;
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	List	   *out = NIL;
	char	   *key = NULL;

	if (PG_NARGS() <= n || PG_ARGISNULL(n))
		return NIL;
	jb = PG_GETARG_JSONB_P(n);
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"parameters\" must be a JSON object"),
				 errhint("Pass the -D values as jsonb, for example '{\"schema\": \"app\"}'.")));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		if (tok == WJB_KEY)
			key = pnstrdup(v.val.string.val, v.val.string.len);
		else if (tok == WJB_VALUE)
		{
			ClProperty *p = palloc0(sizeof(ClProperty));

			p->name = key;
			p->global = true;
			switch (v.type)
			{
				case jbvString:
					p->value = pnstrdup(v.val.string.val, v.val.string.len);
					break;
				case jbvNumeric:
					p->value = DatumGetCString(DirectFunctionCall1(numeric_out,
																   NumericGetDatum(v.val.numeric)));
					break;
				case jbvBool:
					p->value = pstrdup(v.val.boolean ? "true" : "false");
					break;
				case jbvNull:
					p->value = pstrdup("");
					break;
				default:
					ereport(ERROR,
							(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
							 errmsg("value of parameter \"%s\" must be a string, number or boolean",
									key)));
			}
			out = lappend(out, p);
		}
	}
	return out;
}

static void
unpack_options(FunctionCallInfo fcinfo, ClRunOptions *opts, ClCommand command)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("\"changelog_file\" must not be null")));
	memset(opts, 0, sizeof(*opts));
	opts->command = command;
	opts->count = -1;
	opts->changelog_file = text_arg(fcinfo, 0);
	opts->changelog_text = text_arg(fcinfo, 1);
	opts->base_dir = text_arg(fcinfo, 2);
	opts->filter.contexts = text_arg(fcinfo, 3);
	opts->filter.labels = text_arg(fcinfo, 4);
	opts->parameters = parameters_arg(fcinfo, 5);
	if (opts->changelog_file[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"changelog_file\" must not be empty")));
}

static Datum
run_command(FunctionCallInfo fcinfo, ClRunOptions *opts)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	MemoryContext oldcxt;
	ResourceOwner oldowner;

	InitMaterializedSRF(fcinfo, 0);
	if (!opts->dry_run)
	{
		cl_run(opts, rsinfo->setResult, rsinfo->setDesc);
		return (Datum) 0;
	}

	/*
	 * A rehearsal: everything happens in a subtransaction that is rolled
	 * back at the end, or on error before the error goes on.  The result
	 * rows are in the tuplestore, which is not transactional.
	 */
	oldcxt = CurrentMemoryContext;
	oldowner = CurrentResourceOwner;
	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(oldcxt);
	PG_TRY();
	{
		cl_run(opts, rsinfo->setResult, rsinfo->setDesc);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(oldcxt);
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(oldcxt);
		CurrentResourceOwner = oldowner;
		PG_RE_THROW();
	}
	PG_END_TRY();
	RollbackAndReleaseCurrentSubTransaction();
	MemoryContextSwitchTo(oldcxt);
	CurrentResourceOwner = oldowner;
	return (Datum) 0;
}

/* optional trailing arguments: (count,) to_tag, dry_run */
static void
unpack_limits(FunctionCallInfo fcinfo, ClRunOptions *opts, int first, bool has_count)
{
	int			n = first;

	if (has_count)
	{
		if (PG_NARGS() > n && !PG_ARGISNULL(n))
		{
			opts->count = PG_GETARG_INT32(n);
			if (opts->count < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("\"count\" must not be negative")));
		}
		n++;
	}
	opts->to_tag = text_arg(fcinfo, n);
	n++;
	if (PG_NARGS() > n && !PG_ARGISNULL(n))
		opts->dry_run = PG_GETARG_BOOL(n);
	n++;
	if (!has_count)
	{
		/* changelog_sync: evaluate_preconditions, strict */
		if (PG_NARGS() > n && !PG_ARGISNULL(n))
			opts->evaluate_preconditions = PG_GETARG_BOOL(n);
		n++;
		if (PG_NARGS() > n && !PG_ARGISNULL(n))
			opts->strict = PG_GETARG_BOOL(n);
	}
	if (opts->count >= 0 && opts->to_tag != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"count\" and \"to_tag\" cannot be used together")));
}

Datum
changelog_update(PG_FUNCTION_ARGS)
{
	ClRunOptions opts;

	unpack_options(fcinfo, &opts, CL_CMD_UPDATE);
	unpack_limits(fcinfo, &opts, 6, true);
	return run_command(fcinfo, &opts);
}

Datum
changelog_sync(PG_FUNCTION_ARGS)
{
	ClRunOptions opts;

	unpack_options(fcinfo, &opts, CL_CMD_SYNC);
	unpack_limits(fcinfo, &opts, 6, false);
	return run_command(fcinfo, &opts);
}

/* mark-next-changeset-ran: record the first changeset update would run */
Datum
changelog_mark_next_ran(PG_FUNCTION_ARGS)
{
	ClRunOptions opts;

	unpack_options(fcinfo, &opts, CL_CMD_SYNC);
	opts.count = 1;
	return run_command(fcinfo, &opts);
}

/*
 * CALL changelog_update_each(...): like changelog_update, but commits after
 * every changeset, as the Liquibase CLI does.  Needs a non-atomic CALL (not
 * inside BEGIN ... COMMIT, not from a function).
 */
Datum
changelog_update_each(PG_FUNCTION_ARGS)
{
	ClRunOptions opts;

	if (fcinfo->context == NULL || !IsA(fcinfo->context, CallContext) ||
		((CallContext *) fcinfo->context)->atomic)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TRANSACTION_TERMINATION),
				 errmsg("changelog_update_each() must be called with CALL outside a transaction block"),
				 errhint("Run \"CALL changelog_update_each(...)\" on its own, or use changelog_update() for one transaction.")));
	unpack_options(fcinfo, &opts, CL_CMD_UPDATE);
	opts.commit_each = true;
	cl_run(&opts, NULL, NULL);
	PG_RETURN_VOID();
}

static Datum
inspect_command(FunctionCallInfo fcinfo, ClCommand command)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ClRunOptions opts;

	unpack_options(fcinfo, &opts, command);
	InitMaterializedSRF(fcinfo, 0);
	cl_inspect(&opts, rsinfo->setResult, rsinfo->setDesc);
	return (Datum) 0;
}

Datum
changelog_status(PG_FUNCTION_ARGS)
{
	return inspect_command(fcinfo, CL_CMD_STATUS);
}

Datum
changelog_validate(PG_FUNCTION_ARGS)
{
	return inspect_command(fcinfo, CL_CMD_VALIDATE);
}

Datum
changelog_unexpected(PG_FUNCTION_ARGS)
{
	return inspect_command(fcinfo, CL_CMD_UNEXPECTED);
}

Datum
changelog_update_sql(PG_FUNCTION_ARGS)
{
	return inspect_command(fcinfo, CL_CMD_UPDATE_SQL);
}

static void
spi_begin(void)
{
	int			rc = SPI_connect();

	if (rc != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
}

static void
spi_end(void)
{
	int			rc = SPI_finish();

	if (rc != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
}

Datum
changelog_history(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	spi_begin();
	cl_history_emit(rsinfo->setResult, rsinfo->setDesc);
	spi_end();
	return (Datum) 0;
}

Datum
changelog_tag(PG_FUNCTION_ARGS)
{
	if (PG_ARGISNULL(0))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("\"tag\" must not be null")));
	spi_begin();
	cl_history_tag(text_arg(fcinfo, 0));
	spi_end();
	PG_RETURN_VOID();
}

Datum
changelog_tag_exists(PG_FUNCTION_ARGS)
{
	bool		exists;

	spi_begin();
	exists = cl_history_tag_exists(text_arg(fcinfo, 0));
	spi_end();
	PG_RETURN_BOOL(exists);
}

Datum
changelog_clear_checksums(PG_FUNCTION_ARGS)
{
	int64		n;

	spi_begin();
	n = cl_history_clear_checksums();
	spi_end();
	PG_RETURN_INT64(n);
}

/* (source...), to_tag text, count integer, to_date timestamp */
static Datum
rollback_command(FunctionCallInfo fcinfo, bool preview)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ClRunOptions opts;
	ClRollbackTarget target;
	int			given = 0;

	unpack_options(fcinfo, &opts, CL_CMD_UPDATE);
	memset(&target, 0, sizeof(target));
	target.count = -1;
	if (!PG_ARGISNULL(6))
	{
		target.tag = text_arg(fcinfo, 6);
		given++;
	}
	if (!PG_ARGISNULL(7))
	{
		target.count = PG_GETARG_INT32(7);
		if (target.count < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("\"count\" must not be negative")));
		given++;
	}
	if (!PG_ARGISNULL(8))
	{
		target.has_date = true;
		target.date = PG_GETARG_TIMESTAMP(8);
		given++;
	}
	if (given != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("give exactly one of \"to_tag\", \"count\" and \"to_date\"")));
	InitMaterializedSRF(fcinfo, 0);
	cl_rollback(&opts, &target, preview, rsinfo->setResult, rsinfo->setDesc);
	return (Datum) 0;
}

Datum
changelog_rollback(PG_FUNCTION_ARGS)
{
	return rollback_command(fcinfo, false);
}

Datum
changelog_rollback_sql(PG_FUNCTION_ARGS)
{
	return rollback_command(fcinfo, true);
}

/* (source...), id text, author text, changeset_file text */
static void
unpack_identity(FunctionCallInfo fcinfo, char **id, char **author, char **file)
{
	if (PG_ARGISNULL(6) || PG_ARGISNULL(7))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("\"id\" and \"author\" must not be null")));
	*id = text_arg(fcinfo, 6);
	*author = text_arg(fcinfo, 7);
	*file = text_arg(fcinfo, 8);
}

Datum
changelog_rollback_one(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ClRunOptions opts;
	char	   *id;
	char	   *author;
	char	   *file;

	unpack_options(fcinfo, &opts, CL_CMD_UPDATE);
	unpack_identity(fcinfo, &id, &author, &file);
	InitMaterializedSRF(fcinfo, 0);
	cl_rollback_one(&opts, id, author, file, rsinfo->setResult, rsinfo->setDesc);
	return (Datum) 0;
}

Datum
changelog_checksum(PG_FUNCTION_ARGS)
{
	ClRunOptions opts;
	char	   *id;
	char	   *author;
	char	   *file;

	unpack_options(fcinfo, &opts, CL_CMD_STATUS);
	unpack_identity(fcinfo, &id, &author, &file);
	PG_RETURN_TEXT_P(cstring_to_text(cl_checksum_of(&opts, id, author, file)));
}

Datum
changelog_explain_checksum(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	ClRunOptions opts;
	char	   *id;
	char	   *author;
	char	   *file;

	unpack_options(fcinfo, &opts, CL_CMD_STATUS);
	unpack_identity(fcinfo, &id, &author, &file);
	InitMaterializedSRF(fcinfo, 0);
	cl_explain_checksum(&opts, id, author, file, rsinfo->setResult, rsinfo->setDesc);
	return (Datum) 0;
}
