/*-------------------------------------------------------------------------
 *
 * rollback.c
 *	  Rolling changesets back: the CLI's rollback, rollback-count,
 *	  rollback-to-date and their -sql previews.
 *
 * The rows to undo are chosen from DATABASECHANGELOG, newest first (by
 * DATEEXECUTED, then ORDEREXECUTED, as Liquibase orders them).  Each one's
 * rollback comes from its changeset in the changelog: an explicit rollback
 * (SQL, changes, "empty", or the forward changes of another changeset), or
 * Liquibase's automatic rollback of its changes in reverse order.  Every
 * rollback is worked out before anything runs, so a changeset that cannot
 * be rolled back stops the call with nothing done; then each rollback runs
 * and its row is deleted, in one transaction.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/hashfn.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/timestamp.h"

#include "changelog.h"
#include "engine.h"
#include "execute.h"
#include "history.h"
#include "rollback.h"
#include "sqlgen.h"

typedef struct Target
{
	ClHistoryRow *row;
	const ClChangeSet *cs;
	List	   *stmts;
} Target;

static int
cmp_newest_first(const ListCell *a, const ListCell *b)
{
	const ClHistoryRow *ra = (const ClHistoryRow *) lfirst(a);
	const ClHistoryRow *rb = (const ClHistoryRow *) lfirst(b);
	Timestamp	ta = ra->has_date ? ra->dateexecuted : DT_NOBEGIN;
	Timestamp	tb = rb->has_date ? rb->dateexecuted : DT_NOBEGIN;
	int			c = (tb > ta) - (tb < ta);

	if (c != 0)
		return c;
	c = (rb->orderexecuted > ra->orderexecuted) - (rb->orderexecuted < ra->orderexecuted);
	return c != 0 ? c : cl_history_identity_cmp(rb, ra);
}

static const ClChangeSet *
find_changeset(ClChangeLog *log, const char *id, const char *author,
			   const char *filename)
{
	ListCell   *lc;
	char	   *want = cl_normalize_path(filename);

	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);

		if (strcmp(cs->id, id) == 0 && strcmp(cs->author, author) == 0 &&
			strcmp(cl_normalize_path(cs->filename), want) == 0)
			return cs;
	}
	return NULL;
}

static bool
has_tag(const ClChangeSet *cs, const char *tag)
{
	ListCell   *lc;

	if (cs == NULL)
		return false;
	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);
		const char *t;

		if (strcmp(c->type, "tagDatabase") == 0 &&
			(t = cl_node_str(c->attrs, "tag")) != NULL && strcmp(t, tag) == 0)
			return true;
	}
	return false;
}

/* The statements that undo cs; ERROR when Liquibase could not roll it back. */
static List *
rollback_statements(ClChangeLog *log, const ClChangeSet *cs)
{
	List	   *stmts = NIL;
	ListCell   *lc;

	if (cs->rollback_ref_id != NULL)
	{
		/* <rollback changeSetId=... />: replay that changeset's changes */
		const ClChangeSet *ref = find_changeset(log, cs->rollback_ref_id,
												cs->rollback_ref_author,
												cs->rollback_ref_path ? cs->rollback_ref_path
												: cs->filename);

		if (ref == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("rollback of changeset \"%s::%s::%s\" names changeset \"%s::%s::%s\", which does not exist",
							cs->filename, cs->id, cs->author,
							cs->rollback_ref_path ? cs->rollback_ref_path : cs->filename,
							cs->rollback_ref_id, cs->rollback_ref_author)));
		foreach(lc, ref->changes)
			stmts = list_concat(stmts, cl_change_statements_ext(ref, (ClChange *) lfirst(lc), true));
		return stmts;
	}
	if (cs->has_rollback)
	{
		foreach(lc, cs->rollback)
			stmts = list_concat(stmts, cl_change_statements_ext(cs, (ClChange *) lfirst(lc), true));
		return stmts;
	}
	/* automatic rollback: the inverse of each change, last change first */
	for (int i = list_length(cs->changes) - 1; i >= 0; i--)
	{
		ClChange   *c = (ClChange *) list_nth(cs->changes, i);
		bool		supported;
		List	   *inv;

		if (!cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
			continue;
		if (strcmp(c->type, "empty") == 0 || strcmp(c->type, "tagDatabase") == 0 ||
			strcmp(c->type, "output") == 0)
			continue;
		if (strcmp(c->type, "sql") == 0 || strcmp(c->type, "sqlFile") == 0)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("changeset \"%s::%s::%s\" cannot be rolled back",
							cs->filename, cs->id, cs->author),
					 errdetail("Liquibase does not support automatic rollback generation for raw sql changes (did you mean to specify keyword \"empty\" to ignore rolling back this change?)"),
					 errhint("Give the changeset a rollback (--rollback in formatted SQL, <rollback> in XML). Nothing was rolled back.")));
		inv = cl_sqlgen_rollback(cs, c, &supported);
		if (!supported)
			ereport(ERROR,
					(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
					 errmsg("changeset \"%s::%s::%s\" cannot be rolled back",
							cs->filename, cs->id, cs->author),
					 errdetail("Liquibase does not support automatic rollback of %s.", c->type),
					 errhint("Give the changeset an explicit rollback. Nothing was rolled back.")));
		stmts = list_concat(stmts, inv);
	}
	return stmts;
}

void
cl_rollback(ClRunOptions *opts, const ClRollbackTarget *target, bool preview,
			Tuplestorestate *ts, TupleDesc td)
{
	MemoryContext runcxt;
	MemoryContext oldcxt;
	ClChangeLog *log;
	ClHistory  *h;
	List	   *rows;
	List	   *targets = NIL;
	ListCell   *lc;
	int			rc;
	int			n = 0;

	runcxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync rollback",
								   ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(runcxt);
	log = cl_parse_source(opts);
	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	h = preview ? cl_history_open_readonly() : cl_history_open();
	rows = cl_history_rows(h);
	list_sort(rows, cmp_newest_first);

	/* which rows, newest first */
	if (target->tag != NULL)
	{
		bool		found = false;

		foreach(lc, rows)
		{
			ClHistoryRow *row = (ClHistoryRow *) lfirst(lc);

			if (row->tag != NULL && strcmp(row->tag, target->tag) == 0)
			{
				const ClChangeSet *cs = find_changeset(log, row->id, row->author, row->filename);

				/* a tag set by a tagDatabase change goes with its changeset */
				if (has_tag(cs, target->tag))
					targets = lappend(targets, row);
				found = true;
				break;
			}
			targets = lappend(targets, row);
		}
		if (!found)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("could not find tag \"%s\" in the database", target->tag)));
	}
	else if (target->count >= 0)
	{
		foreach(lc, rows)
		{
			if (n++ >= target->count)
				break;
			targets = lappend(targets, lfirst(lc));
		}
	}
	else
	{
		foreach(lc, rows)
		{
			ClHistoryRow *row = (ClHistoryRow *) lfirst(lc);

			if (row->has_date && row->dateexecuted > target->date)
				targets = lappend(targets, row);
		}
	}

	/* every rollback worked out before anything runs */
	{
		List	   *plan = NIL;

		foreach(lc, targets)
		{
			ClHistoryRow *row = (ClHistoryRow *) lfirst(lc);
			Target	   *t = palloc0(sizeof(Target));

			CHECK_FOR_INTERRUPTS();
			t->row = row;
			t->cs = find_changeset(log, row->id, row->author, row->filename);
			if (t->cs == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_UNDEFINED_OBJECT),
						 errmsg("changeset \"%s::%s::%s\" is not in the changelog, so it cannot be rolled back",
								row->filename, row->id, row->author),
						 errhint("Roll back with the changelog that applied it. Nothing was rolled back.")));
			/* a changeset marked as ran did not run: only its row goes */
			if (strcmp(row->exectype, "MARK_RAN") != 0)
				t->stmts = rollback_statements(log, t->cs);
			plan = lappend(plan, t);
		}
		targets = plan;
	}

	foreach(lc, targets)
	{
		Target	   *t = (Target *) lfirst(lc);
		ListCell   *sc;

		if (preview)
		{
			foreach(sc, t->stmts)
			{
				const char *texts[4] = {t->row->id, t->row->author, t->row->filename,
				(const char *) lfirst(sc)};
				HeapTuple	tup = BuildTupleFromCStrings(TupleDescGetAttInMetadata(td),
														 (char **) texts);

				tuplestore_puttuple(ts, tup);
			}
			continue;
		}
		cl_run_statements(t->stmts);
		cl_history_delete(h, t->row);
		{
			const char *texts[6] = {t->row->id, t->row->author, t->row->filename,
				psprintf("%d", t->row->orderexecuted), t->row->exectype, "rolled_back"};
			HeapTuple	tup = BuildTupleFromCStrings(TupleDescGetAttInMetadata(td),
													 (char **) texts);

			tuplestore_puttuple(ts, tup);
		}
		ereport(NOTICE,
				(errmsg("changeset %s::%s::%s rolled back",
						t->row->filename, t->row->id, t->row->author)));
	}

	if (!preview)
		cl_history_close(h);
	if ((rc = SPI_finish()) != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(runcxt);
}

/*
 * Roll back one changeset, wherever it is in the history (a Liquibase Pro
 * feature).  Its rollback runs in the caller's transaction: PostgreSQL's own
 * dependency checks refuse it when a later change depends on what it made
 * (a DROP TABLE with a view on it fails), and then nothing is changed.
 */
void
cl_rollback_one(ClRunOptions *opts, const char *id, const char *author,
				const char *file, Tuplestorestate *ts, TupleDesc td)
{
	MemoryContext runcxt;
	MemoryContext oldcxt;
	ClChangeLog *log;
	ClHistory  *h;
	ListCell   *lc;
	ClHistoryRow *row = NULL;
	const ClChangeSet *cs;
	List	   *stmts = NIL;
	int			rc;
	int			n = 0;

	runcxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync rollback",
								   ALLOCSET_DEFAULT_SIZES);
	oldcxt = MemoryContextSwitchTo(runcxt);
	log = cl_parse_source(opts);
	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	h = cl_history_open();
	foreach(lc, cl_history_rows(h))
	{
		ClHistoryRow *r = (ClHistoryRow *) lfirst(lc);

		if (strcmp(r->id, id) == 0 && strcmp(r->author, author) == 0 &&
			(file == NULL || strcmp(cl_normalize_path(r->filename), cl_normalize_path(file)) == 0))
		{
			row = r;
			n++;
		}
	}
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("changeset \"%s\" by \"%s\" has not run", id, author)));
	if (n > 1)
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				 errmsg("%d changesets that ran have id \"%s\" and author \"%s\"", n, id, author),
				 errhint("Name the file with changeset_file.")));
	cs = find_changeset(log, row->id, row->author, row->filename);
	if (cs == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("changeset \"%s::%s::%s\" is not in the changelog, so it cannot be rolled back",
						row->filename, row->id, row->author)));
	if (strcmp(row->exectype, "MARK_RAN") != 0)
		stmts = rollback_statements(log, cs);
	cl_run_statements(stmts);
	cl_history_delete(h, row);
	{
		const char *texts[6] = {row->id, row->author, row->filename,
			psprintf("%d", row->orderexecuted), row->exectype, "rolled_back"};
		HeapTuple	tup = BuildTupleFromCStrings(TupleDescGetAttInMetadata(td), (char **) texts);

		tuplestore_puttuple(ts, tup);
	}
	cl_history_close(h);
	if ((rc = SPI_finish()) != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
	MemoryContextSwitchTo(oldcxt);
	MemoryContextDelete(runcxt);
}
