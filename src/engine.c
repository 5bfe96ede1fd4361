/*-------------------------------------------------------------------------
 *
 * engine.c
 *	  Running update and sync over a parsed changelog.
 *
 * One call is one transaction: the changelog is parsed completely, every
 * check runs before the first changeset executes, and each changeset's SQL
 * and its DATABASECHANGELOG row are written in the caller's transaction.
 * The engine does not know which format or place a changeset came from.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "access/xact.h"
#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/resowner.h"

#include "changelog.h"
#include "checksum.h"
#include "contexts.h"
#include "engine.h"
#include "execute.h"
#include "fileio.h"
#include "history.h"
#include "preconditions.h"
#include "serialize.h"

#define CL_RESULT_COLUMNS 13

typedef struct ChangeSetContext
{
	const ClChangeSet *cs;
	bool		commit_each;
} ChangeSetContext;

static void changeset_callback(void *arg);
static bool run_changeset(const ClChangeSet *cs);
static const char *process_changeset(ClRunOptions *opts, ClHistory *h,
									 ClChangeLog *log, ClChangeSet *cs,
									 const char *md5,
									 Tuplestorestate *tupstore, TupleDesc tupdesc,
									 bool hold);
static void emit_row(Tuplestorestate *ts, TupleDesc td, const ClChangeSet *cs,
					 const ClHistoryRow *row, const char *md5sum,
					 const char *description, const char *action);
static const char *changeset_tag(const ClChangeSet *cs);
static void validate_checksums(ClHistory *h, ClChangeLog *log,
							   ClRunFilter *filter, List *md5s);

/* Error context: which changeset was being processed. */
static void
changeset_callback(void *arg)
{
	ChangeSetContext *ctx = (ChangeSetContext *) arg;

	if (ctx->cs)
		errcontext("changeset \"%s\" by \"%s\" in \"%s\", line %d",
				   ctx->cs->id, ctx->cs->author, ctx->cs->physical_path,
				   ctx->cs->line);

	/*
	 * One transaction holds a lock per object it touches; with the default
	 * max_locks_per_transaction a few thousand created objects exhaust the
	 * shared lock table.  Say how to get out.
	 */
	if (geterrcode() == ERRCODE_ACTIVE_SQL_TRANSACTION)
		errhint("%s Run this changeset's statements outside a transaction (for example with psql), "
				"then record it with changelog_mark_next_ran() or changelog_sync().", cl_applied_hint());
	else if (geterrcode() == ERRCODE_OUT_OF_MEMORY && !ctx->commit_each)
		errhint("One call of changelog_update() is one transaction, which holds a lock on every object it creates. "
				"Use CALL changelog_update_each(...) to commit after each changeset, "
				"or raise max_locks_per_transaction (it needs a server restart).");
}

static const char *
changeset_tag(const ClChangeSet *cs)
{
	ListCell   *lc;

	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);

		if (strcmp(c->type, "tagDatabase") == 0)
			return cl_node_str(c->attrs, "tag");
	}
	return NULL;
}

static void
emit_row(Tuplestorestate *ts, TupleDesc td, const ClChangeSet *cs,
		 const ClHistoryRow *row, const char *md5sum, const char *description,
		 const char *action)
{
	Datum		values[CL_RESULT_COLUMNS];
	bool		nulls[CL_RESULT_COLUMNS];
	const char *texts[CL_RESULT_COLUMNS];
	int			i;

	if (ts == NULL)
		return;
	memset(texts, 0, sizeof(texts));
	if (row != NULL)
	{
		texts[0] = row->id;
		texts[1] = row->author;
		texts[2] = row->filename;
		texts[4] = row->exectype;
		texts[5] = row->md5sum;
		texts[6] = row->description;
		texts[7] = row->comments;
		texts[8] = row->tag;
		texts[9] = row->contexts;
		texts[10] = row->labels;
		texts[11] = row->deployment_id;
	}
	else
	{
		texts[0] = cs->id;
		texts[1] = cs->author;
		texts[2] = cs->filename;
		texts[5] = md5sum;
		texts[6] = description;
		texts[7] = cs->comments ? cs->comments : "";
		texts[8] = changeset_tag(cs);
		texts[9] = cl_contexts_column(cs->contexts);
		texts[10] = cl_labels_column(cs->labels);
	}
	texts[12] = action;
	for (i = 0; i < CL_RESULT_COLUMNS; i++)
	{
		nulls[i] = false;
		if (i == 3)
		{
			if (row != NULL)
				values[i] = Int32GetDatum(row->orderexecuted);
			else
				nulls[i] = true;
		}
		else if (texts[i] == NULL)
			nulls[i] = true;
		else
			values[i] = CStringGetTextDatum(texts[i]);
	}
	tuplestore_putvalues(ts, td, values, nulls);
}

/*
 * Execute a changeset.  With failOnError=false it runs in a subtransaction:
 * an error rolls it back, is reported as a WARNING, and false is returned
 * (Liquibase writes no row and goes on).
 */
static void
execute_call(void *arg)
{
	cl_execute_changeset((const ClChangeSet *) arg);
}

static bool
run_changeset(const ClChangeSet *cs)
{
	char	   *err;

	if (cs->failOnError)
	{
		cl_execute_changeset(cs);
		return true;
	}
	err = cl_try_call(execute_call, (void *) cs);
	if (err == NULL)
		return true;
	ereport(WARNING,
			(errmsg("changeset \"%s::%s::%s\" failed and was skipped (failOnError=false): %s",
					cs->filename, cs->id, cs->author, err)));
	return false;
}

static int
cmp_rows_by_order(const ListCell *a, const ListCell *b)
{
	const ClHistoryRow *ra = (const ClHistoryRow *) lfirst(a);
	const ClHistoryRow *rb = (const ClHistoryRow *) lfirst(b);

	int			c = (ra->orderexecuted > rb->orderexecuted) - (ra->orderexecuted < rb->orderexecuted);

	return c != 0 ? c : cl_history_identity_cmp(ra, rb);
}

/* Is a stored checksum accepted for the changeset? */
static bool
checksum_valid(const ClChangeSet *cs, const char *stored, const char *current)
{
	ListCell   *lc;

	if (stored == NULL || strcmp(stored, current) == 0)
		return true;
	foreach(lc, cs->validCheckSums)
	{
		const char *v = (const char *) lfirst(lc);

		while (*v == ' ')
			v++;
		if (strncmp(v, "1:", 2) == 0)
			v += 2;
		if (pg_strcasecmp(v, "ANY") == 0 || pg_strcasecmp(v, "ALL") == 0 ||
			strcmp(v, "*") == 0)
			return true;
		if (strcmp(v, stored) == 0 || strcmp(v, current) == 0)
			return true;
	}
	return false;
}

/*
 * Before anything runs: fill NULL checksums of changesets that ran, and
 * fail when a ran changeset changed (unless runOnChange or validCheckSum).
 */
static void
validate_checksums(ClHistory *h, ClChangeLog *log, ClRunFilter *filter,
				   List *md5s)
{
	ListCell   *lc;
	ListCell   *mc;
	StringInfoData bad;
	int			nbad = 0;

	initStringInfo(&bad);
	forboth(lc, log->changesets, mc, md5s)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		const char *md5 = (const char *) lfirst(mc);
		ClHistoryRow *row = cl_history_find_cs(h, cs);
		int			version;
		const char *current;
		const char *reason;

		CHECK_FOR_INTERRUPTS();
		if (row == NULL || cs->excluded)
			continue;
		if (row->md5sum == NULL)
		{
			if (cl_changeset_passes(cs, filter, &reason))
				cl_history_set_checksum(h, row, md5);
			continue;
		}
		version = cl_checksum_version(row->md5sum);
		current = (version == CL_CHECKSUM_VERSION || version > 9)
			? md5 : cl_changeset_checksum(cs, version < 8 ? 8 : version);
		if (checksum_valid(cs, row->md5sum, current))
			continue;
		if (cs->runOnChange)
			continue;
		appendStringInfo(&bad, "\n%s::%s::%s was: %s but is now: %s",
						 cs->filename, cs->id, cs->author, row->md5sum, current);
		nbad++;
	}
	if (nbad > 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("validation failed: %d changesets check sum", nbad),
				 errdetail("Changesets that ran have changed since:%s", bad.data),
				 errhint("Revert the changes, add a validCheckSum to the changeset, or clear the stored checksum.")));
}

/*
 * Decide and do what the command does with one changeset, report it as a
 * result row, and return the action.
 */
static const char *
process_changeset(ClRunOptions *opts, ClHistory *h, ClChangeLog *log,
				  ClChangeSet *cs, const char *md5,
				  Tuplestorestate *tupstore, TupleDesc tupdesc, bool hold)
{
	ClHistoryRow *row = cl_history_find_cs(h, cs);
	/* the description is only needed for a row written or reported anew */
	const char *desc = (row != NULL && !cs->runAlways && !cs->runOnChange) || cs->excluded
		? NULL : cl_changeset_description(cs);
	const char *action;
	const char *reason;
	bool		update = (opts->command == CL_CMD_UPDATE);
	bool		rerun = false;
	ClPreAction pa;

	if (!cl_changeset_passes(cs, &opts->filter, &reason))
		action = "filtered";
	else if (hold && (row == NULL || (update && (cs->runAlways ||
												 (cs->runOnChange && row->md5sum != NULL &&
												  !checksum_valid(cs, row->md5sum, md5))))))
		action = "pending";		/* past count or to_tag: left for later */
	else if (row != NULL)
	{
		if (update && cs->runAlways)
			rerun = true;
		else if (update && cs->runOnChange && row->md5sum != NULL &&
				 !checksum_valid(cs, row->md5sum, md5))
			rerun = true;
		if (!rerun)
		{
			/* a version 8 checksum that validated is upgraded silently */
			if (update && row->md5sum != NULL &&
				cl_checksum_version(row->md5sum) < CL_CHECKSUM_VERSION)
				cl_history_set_checksum(h, row, md5);
			action = "already_ran";
		}
		else
		{
			pa = cl_preconditions_check(cs->preconditions, cs, log, h);
			if (pa == CL_PRE_SKIP)
				action = "skipped";
			else if (pa == CL_PRE_RUN && (cl_check_runnable(cs, false), !run_changeset(cs)))
				action = "failed";
			else
			{
				row = cl_history_rerun(h, cs, md5, desc, changeset_tag(cs));
				action = "reran";
			}
		}
	}
	else if (!update)
	{
		/* changelog_sync(evaluate_preconditions => true): preconditions decide */
		pa = opts->evaluate_preconditions
			? cl_preconditions_check(cs->preconditions, cs, log, h) : CL_PRE_RUN;
		if (pa == CL_PRE_SKIP)
			action = "skipped";
		else if (pa == CL_PRE_MARK_RAN)
		{
			row = cl_history_insert(h, cs, "MARK_RAN", md5, desc, changeset_tag(cs));
			action = "marked_ran";
		}
		else
		{
			row = cl_history_insert(h, cs, "EXECUTED", md5, desc, changeset_tag(cs));
			action = "synced";
		}
	}
	else if (cs->validation_failed)
	{
		row = cl_history_insert(h, cs, "MARK_RAN", md5, desc, changeset_tag(cs));
		action = "marked_ran";
	}
	else
	{
		pa = cl_preconditions_check(cs->preconditions, cs, log, h);
		if (pa == CL_PRE_SKIP)
			action = "skipped";
		else if (pa == CL_PRE_MARK_RAN)
		{
			row = cl_history_insert(h, cs, "MARK_RAN", md5, desc, changeset_tag(cs));
			action = "marked_ran";
		}
		else if (!run_changeset(cs))
			action = "failed";
		else
		{
			row = cl_history_insert(h, cs, "EXECUTED", md5, desc, changeset_tag(cs));
			action = "executed";
		}
	}
	emit_row(tupstore, tupdesc, cs, row, md5, desc, action);
	return action;
}

/*
 * The end of a call: its memory freed, and after a big changelog given back
 * to the system.  glibc keeps freed memory below the top of its heap (where
 * a parser's tree was, under the model), so without malloc_trim a backend
 * would stay hundreds of MB bigger after one call on a huge changelog.
 */
static void
delete_run_context(MemoryContext runcxt)
{
	bool		big = MemoryContextMemAllocated(runcxt, true) > CL_TRIM_AFTER_CALL_BYTES;

	MemoryContextDelete(runcxt);
#ifdef __GLIBC__
	if (big)
		malloc_trim(0);
#endif
}

/*
 * Where a call's time goes, at DEBUG1 (SET client_min_messages = debug1):
 * the time since *since for one phase, and *since moved to now.
 */
static void
report_phase(instr_time *since, const char *phase, int nchangesets)
{
	instr_time	now;

	if (!message_level_is_interesting(DEBUG1))
		return;
	INSTR_TIME_SET_CURRENT(now);
	INSTR_TIME_SUBTRACT(now, *since);
	elog(DEBUG1, "changelog_sync: %s (%d changesets) in %.3f ms; the backend holds %.1f MB",
		 phase, nchangesets, INSTR_TIME_GET_MILLISEC(now),
		 MemoryContextMemAllocated(TopMemoryContext, true) / 1048576.0);
	INSTR_TIME_SET_CURRENT(*since);
}

/* Check the filters and parse the changelog tree the options name. */
ClChangeLog *
cl_parse_source(ClRunOptions *opts)
{
	const char *root;
	ClSource   *source;

	cl_check_expression(opts->filter.labels, "label");
	cl_check_expression(opts->filter.contexts, "context");

	/* where files come from */
	root = opts->base_dir;
	if (root == NULL && opts->changelog_text == NULL)
		root = (opts->changelog_file[0] == '/') ? "/" : DataDir;
	source = cl_source_create(root);
	return cl_parse_changelog(source, opts->changelog_file, opts->changelog_text,
							  &opts->filter, opts->parameters);
}


typedef struct ParseCall
{
	ClRunOptions *opts;
	ClChangeLog *log;
} ParseCall;

static void
parse_call(void *arg)
{
	ParseCall  *pc = (ParseCall *) arg;

	pc->log = cl_parse_source(pc->opts);
}

static void
runnable_call(void *arg)
{
	cl_check_runnable((const ClChangeSet *) arg, false);
}

/* A result row from text values, converted to the declared column types. */
static void
put_texts(Tuplestorestate *ts, TupleDesc td, const char **texts, int n)
{
	HeapTuple	tup;

	Assert(n == td->natts);
	tup = BuildTupleFromCStrings(TupleDescGetAttInMetadata(td), (char **) texts);
	tuplestore_puttuple(ts, tup);
	heap_freetuple(tup);
}

/* a key for (id, author, normalised filename) */
static char *
identity_key(const char *id, const char *author, const char *filename)
{
	return psprintf("%s%c%s%c%s", id, '\x01', author, '\x01', cl_normal_path(filename));
}

void
cl_inspect(ClRunOptions *opts, Tuplestorestate *ts, TupleDesc td)
{
	MemoryContext runcxt;
	MemoryContext oldcxt;
	ClChangeLog *log;
	ClHistory  *h;
	ListCell   *lc;
	int			rc;
	ParseCall	pc;
	MemoryContext scratch;

	cl_set_commit_each(false);

	runcxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync inspect",
								   ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(runcxt);
	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	/* the parse in our context, not SPI's, so that its size is known at the end */
	MemoryContextSwitchTo(runcxt);

	if (opts->command == CL_CMD_VALIDATE)
	{
		char	   *err;

		/* a changelog that does not parse is one problem, reported as a row */
		pc.opts = opts;
		pc.log = NULL;
		err = cl_try_call(parse_call, &pc);
		if (err != NULL)
		{
			const char *texts[5] = {"parse_error", NULL, NULL, opts->changelog_file, err};

			put_texts(ts, td, texts, 5);
			goto done;
		}
		log = pc.log;
	}
	else
		log = cl_parse_source(opts);
	h = cl_history_open_readonly();

	if (opts->command == CL_CMD_UNEXPECTED)
	{
		List	   *rows = cl_history_rows(h);
		int			size = 16;
		char	  **slots;
		List	   *found = NIL;

		/* a set of the changelog's identities, then every row not in it */
		while (size < list_length(log->changesets) * 2)
			size *= 2;
		slots = palloc0(sizeof(char *) * size);
		foreach(lc, log->changesets)
		{
			ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
			char	   *key = identity_key(cs->id, cs->author, cs->filename);
			uint32		i = cl_hash(key, strlen(key)) & (size - 1);

			while (slots[i] != NULL && strcmp(slots[i], key) != 0)
				i = (i + 1) & (size - 1);
			slots[i] = key;
		}
		foreach(lc, rows)
		{
			ClHistoryRow *row = (ClHistoryRow *) lfirst(lc);
			char	   *key = identity_key(row->id, row->author, row->filename);
			uint32		i = cl_hash(key, strlen(key)) & (size - 1);

			CHECK_FOR_INTERRUPTS();
			while (slots[i] != NULL && strcmp(slots[i], key) != 0)
				i = (i + 1) & (size - 1);
			if (slots[i] == NULL)
				found = lappend(found, row);
		}
		list_sort(found, cmp_rows_by_order);
		foreach(lc, found)
		{
			ClHistoryRow *row = (ClHistoryRow *) lfirst(lc);
			const char *texts[5] = {row->id, row->author, row->filename,
			psprintf("%d", row->orderexecuted), row->exectype};

			put_texts(ts, td, texts, 5);
		}
		goto done;
	}

	/* what one changeset needs is freed after it */
	scratch = AllocSetContextCreate(runcxt, "changelog_sync changeset",
									CL_PER_ITEM_CONTEXT_SIZES);
	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		ClHistoryRow *row = cl_history_find(h, cs->id, cs->author, cs->filename);
		const char *reason;
		char	   *md5;

		CHECK_FOR_INTERRUPTS();
		MemoryContextReset(scratch);
		MemoryContextSwitchTo(scratch);
		if (!cl_changeset_passes(cs, &opts->filter, &reason))
			continue;
		md5 = cl_changeset_checksum(cs, CL_CHECKSUM_VERSION);
		if (opts->command == CL_CMD_UPDATE_SQL)
		{
			ListCell   *cc;

			/* what update would run: new changesets, runAlways, changed runOnChange */
			if (row != NULL && !cs->runAlways &&
				!(cs->runOnChange && row->md5sum != NULL && !checksum_valid(cs, row->md5sum, md5)))
				continue;
			foreach(cc, cs->changes)
			{
				ClChange   *c = (ClChange *) lfirst(cc);
				ListCell   *sc;

				if (strcmp(c->type, "customChange") == 0 || strcmp(c->type, "executeCommand") == 0)
				{
					const char *texts[4] = {cs->id, cs->author, cs->filename,
					psprintf("-- %s cannot run inside the database server", c->type)};

					put_texts(ts, td, texts, 4);
					continue;
				}
				foreach(sc, cl_change_statements(cs, c))
				{
					const char *texts[4] = {cs->id, cs->author, cs->filename,
					(const char *) lfirst(sc)};

					put_texts(ts, td, texts, 4);
				}
			}
		}
		else if (opts->command == CL_CMD_STATUS)
		{
			const char *why = NULL;

			if (row == NULL)
				why = "new";
			else if (cs->runAlways)
				why = "run_always";
			else if (cs->runOnChange && row->md5sum != NULL &&
					 !checksum_valid(cs, row->md5sum, md5))
				why = "run_on_change";
			if (why != NULL)
			{
				const char *texts[6] = {cs->id, cs->author, cs->filename, md5,
				cl_changeset_description(cs), why};

				put_texts(ts, td, texts, 6);
			}
		}
		else
		{
			/* validate: changed checksums, then what cannot run here */
			if (row != NULL && row->md5sum != NULL && !cs->runOnChange)
			{
				int			version = cl_checksum_version(row->md5sum);
				char	   *current = (version >= CL_CHECKSUM_VERSION) ? md5
					: cl_changeset_checksum(cs, version < 8 ? 8 : version);

				if (!checksum_valid(cs, row->md5sum, current))
				{
					const char *texts[5] = {"checksum_changed", cs->id, cs->author, cs->filename,
					psprintf("was: %s but is now: %s", row->md5sum, current)};

					put_texts(ts, td, texts, 5);
				}
			}
			if (row == NULL)
			{
				char	   *err = cl_try_call(runnable_call, cs);

				if (err != NULL)
				{
					const char *texts[5] = {"cannot_run", cs->id, cs->author, cs->filename, err};

					put_texts(ts, td, texts, 5);
				}
			}
		}
	}

done:
	MemoryContextSwitchTo(runcxt);
	if ((rc = SPI_finish()) != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
	MemoryContextSwitchTo(oldcxt);
	delete_run_context(runcxt);
}

void
cl_run(ClRunOptions *opts, Tuplestorestate *tupstore, TupleDesc tupdesc)
{
	MemoryContext runcxt;
	MemoryContext oldcxt;
	ClChangeLog *log;
	ClHistory  *h;
	ListCell   *lc;
	ListCell   *mc;
	List	   *md5s = NIL;
	MemoryContext scratch;
	ErrorContextCallback cb;
	ChangeSetContext ctx;
	int			rc;
	bool		hold = (opts->count == 0);
	int			remaining = opts->count;
	instr_time	phase_start;
	int			n;

	cl_set_commit_each(opts->commit_each);
	/* a procedure that commits keeps its state in the portal's context */
	runcxt = AllocSetContextCreate(opts->commit_each ? PortalContext : CurrentMemoryContext,
								   "changelog_sync run", ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(runcxt);

	INSTR_TIME_SET_CURRENT(phase_start);
	log = cl_parse_source(opts);
	n = list_length(log->changesets);
	report_phase(&phase_start, "parsed", n);
	if (opts->strict)
		cl_check_strict(log, &opts->filter);
	if (opts->to_tag != NULL)
	{
		bool		found = false;

		foreach(lc, log->changesets)
		{
			const char *tag = changeset_tag((ClChangeSet *) lfirst(lc));

			if (tag != NULL && strcmp(tag, opts->to_tag) == 0)
				found = true;
		}
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("the tag \"%s\" was not found in the changelog", opts->to_tag),
					 errhint("to_tag names the tag of a tagDatabase change.")));
	}

	/*
	 * What one changeset needs on the way (serialisations, generated
	 * statements, parse trees) lives in a context reset after it, so memory
	 * stays flat however long the changelog.
	 */
	scratch = AllocSetContextCreate(runcxt, "changelog_sync changeset",
									CL_PER_ITEM_CONTEXT_SIZES);

	/* checksums, computed once; a changeset Liquibase does not load has none */
	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		char	   *md5 = NULL;

		CHECK_FOR_INTERRUPTS();
		if (!cs->excluded)
		{
			MemoryContextSwitchTo(scratch);
			md5 = cl_changeset_checksum(cs, CL_CHECKSUM_VERSION);
			MemoryContextSwitchTo(runcxt);
			md5 = pstrdup(md5);
			MemoryContextReset(scratch);
		}
		md5s = lappend(md5s, md5);
	}
	report_phase(&phase_start, "checksums computed", n);

	rc = SPI_connect_ext(opts->commit_each ? SPI_OPT_NONATOMIC : 0);
	if (rc != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	h = cl_history_open();
	report_phase(&phase_start, "history locked and read", n);
	if (opts->commit_each)
	{
		/* as the CLI does: the tracking tables are there even if nothing runs */
		SPI_commit();
		cl_history_relock(h);
	}
	ctx.cs = NULL;
	ctx.commit_each = opts->commit_each;
	cb.callback = changeset_callback;
	cb.arg = &ctx;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	/* update and sync alike refuse a changed changeset, as the CLI does */
	validate_checksums(h, log, &opts->filter, md5s);
	report_phase(&phase_start, "stored checksums validated", n);

	/* refuse what cannot run before anything runs */
	if (opts->command == CL_CMD_UPDATE)
	{
		foreach(lc, log->changesets)
		{
			ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
			const char *reason;

			ctx.cs = cs;
			if (!cl_changeset_passes(cs, &opts->filter, &reason) ||
				cl_history_find_cs(h, cs) != NULL)
				continue;
			MemoryContextSwitchTo(scratch);

			/*
			 * onValidationFail="MARK_RAN": a changeset that cannot run is
			 * recorded as MARK_RAN instead of stopping the call, as Liquibase
			 * skips a changeset whose changes fail validation.
			 */
			if (cs->onValidationFail && pg_strcasecmp(cs->onValidationFail, "MARK_RAN") == 0)
			{
				char	   *err = cl_try_call(runnable_call, cs);

				if (err != NULL)
				{
					ereport(WARNING,
							(errmsg("changeset %s::%s::%s will be marked as ran: %s",
									cs->filename, cs->id, cs->author, err)));
					cs->validation_failed = true;
				}
			}
			else
				cl_check_runnable(cs, opts->commit_each);
			MemoryContextSwitchTo(runcxt);
			MemoryContextReset(scratch);
		}
		ctx.cs = NULL;
	}

	/* changelog-level preconditions: once, before anything runs */
	if (opts->command == CL_CMD_UPDATE)
	{
		foreach(lc, log->file_preconditions)
		{
			ClFilePreconditions *fp = (ClFilePreconditions *) lfirst(lc);

			(void) cl_preconditions_check(fp->pre, NULL, log, h);
		}
	}


	forboth(lc, log->changesets, mc, md5s)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		const char *md5 = (const char *) lfirst(mc);
		instr_time	start;
		instr_time	elapsed;
		const char *action;

		CHECK_FOR_INTERRUPTS();
		ctx.cs = cs;
		INSTR_TIME_SET_CURRENT(start);
		MemoryContextSwitchTo(scratch);
		action = process_changeset(opts, h, log, cs, md5, tupstore, tupdesc,
								   hold);
		MemoryContextSwitchTo(runcxt);
		if (strcmp(action, "already_ran") != 0 && strcmp(action, "filtered") != 0 &&
			strcmp(action, "pending") != 0)
		{
			INSTR_TIME_SET_CURRENT(elapsed);
			INSTR_TIME_SUBTRACT(elapsed, start);
			ereport(NOTICE,
					(errmsg("changeset %s::%s::%s %s in %.3f ms",
							cs->filename, cs->id, cs->author, action,
							INSTR_TIME_GET_MILLISEC(elapsed))));
			if (opts->commit_each)
			{
				SPI_commit();
				cl_history_relock(h);
			}
			if (opts->count > 0 && --remaining == 0)
				hold = true;
		}
		/* update-to-tag: everything after the tagging changeset waits */
		if (opts->to_tag != NULL)
		{
			const char *tag = changeset_tag(cs);

			if (tag != NULL && strcmp(tag, opts->to_tag) == 0)
				hold = true;
		}
		MemoryContextReset(scratch);
	}
	error_context_stack = cb.previous;
	report_phase(&phase_start, "changesets checked and run", n);

	cl_history_close(h);
	if ((rc = SPI_finish()) != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
	MemoryContextSwitchTo(oldcxt);
	delete_run_context(runcxt);
}
