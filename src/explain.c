/*-------------------------------------------------------------------------
 *
 * explain.c
 *	  One changeset's checksum: calculate-checksum, and the explanation of
 *	  it (the exact text each part hashes), so a mismatch can be diffed.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "changelog.h"
#include "checksum.h"
#include "engine.h"
#include "explain.h"
#include "history.h"
#include "serialize.h"

/* The changeset id/author (and file, if given) names; ERROR unless exactly one. */
static const ClChangeSet *
find_one(ClChangeLog *log, const char *id, const char *author, const char *file)
{
	ListCell   *lc;
	const ClChangeSet *found = NULL;
	int			n = 0;

	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);

		if (cs->excluded || strcmp(cs->id, id) != 0 || strcmp(cs->author, author) != 0)
			continue;
		if (file != NULL && strcmp(cl_normalize_path(cs->filename), cl_normalize_path(file)) != 0)
			continue;
		found = cs;
		n++;
	}
	if (n == 0)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("changeset \"%s\" by \"%s\" is not in the changelog", id, author)));
	if (n > 1)
		ereport(ERROR,
				(errcode(ERRCODE_AMBIGUOUS_PARAMETER),
				 errmsg("%d changesets have id \"%s\" and author \"%s\"", n, id, author),
				 errhint("Name the file with changeset_file.")));
	return found;
}

/* sql text as hashed: UTF-8 without space, tab, CR and LF bytes */
static char *
without_whitespace(const char *text)
{
	StringInfoData out;
	const char *p;

	initStringInfo(&out);
	for (p = text ? text : ""; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			appendStringInfoChar(&out, *p);
	return out.data;
}

static void
put(Tuplestorestate *ts, TupleDesc td, int step, const char *item,
	const char *input, const char *md5)
{
	const char *texts[4];
	HeapTuple	tup;

	texts[0] = psprintf("%d", step);
	texts[1] = item;
	texts[2] = input;
	texts[3] = md5;
	tup = BuildTupleFromCStrings(TupleDescGetAttInMetadata(td), (char **) texts);
	tuplestore_puttuple(ts, tup);
	heap_freetuple(tup);
}

char *
cl_checksum_of(ClRunOptions *opts, const char *id, const char *author,
			   const char *file)
{
	ClChangeLog *log = cl_parse_source(opts);
	const ClChangeSet *cs = find_one(log, id, author, file);

	return cl_changeset_checksum(cs, CL_CHECKSUM_VERSION);
}

void
cl_explain_checksum(ClRunOptions *opts, const char *id, const char *author,
					const char *file, Tuplestorestate *ts, TupleDesc td)
{
	ClChangeLog *log = cl_parse_source(opts);
	const ClChangeSet *cs = find_one(log, id, author, file);
	ListCell   *lc;
	int			step = 0;
	int			rc;
	ClHistory  *h;
	ClHistoryRow *row;
	StringInfoData composed;

	initStringInfo(&composed);
	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);
		const char *type = c->type;
		char	   *hex;

		if (!cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
		{
			put(ts, td, ++step, psprintf("change %s (not for postgresql: not hashed)", type),
				NULL, NULL);
			continue;
		}
		hex = cl_change_hex(c, CL_CHECKSUM_VERSION);
		if (strcmp(type, "sql") == 0 || strcmp(type, "sqlFile") == 0)
		{
			const char *text = strcmp(type, "sql") == 0
				? cl_node_str(c->attrs, "sql") : c->file_text;

			put(ts, td, ++step, psprintf("change %s: its text without whitespace", type),
				without_whitespace(text), hex);
		}
		else if (strcmp(type, "createView") == 0 || strcmp(type, "createProcedure") == 0)
		{
			const char *text = c->file_text_expanded;
			char	   *ser = cl_serialize_change(c, CL_CHECKSUM_VERSION);

			if (text == NULL)
				text = cl_node_str(c->attrs, strcmp(type, "createView") == 0
								   ? "selectQuery" : "procedureText");
			put(ts, td, ++step, psprintf("change %s: serialisation without its text", type),
				ser, cl_md5_hex(ser, strlen(ser)));
			put(ts, td, ++step, psprintf("change %s: its text without whitespace", type),
				without_whitespace(text), cl_md5_nows(text ? text : ""));
			put(ts, td, ++step, psprintf("change %s: both", type), NULL, hex);
		}
		else if (strcmp(type, "loadData") == 0 || strcmp(type, "loadUpdateData") == 0)
			put(ts, td, ++step, psprintf("change %s: table name and CSV stream", type),
				NULL, hex);
		else
		{
			char	   *ser = cl_serialize_change(c, CL_CHECKSUM_VERSION);

			put(ts, td, ++step, psprintf("change %s: serialisation", type), ser, hex);
		}
		appendStringInfo(&composed, "%d:%s:", CL_CHECKSUM_VERSION, hex);
	}
	foreach(lc, cs->modifySql)
	{
		ClNode	   *v = (ClNode *) lfirst(lc);
		char	   *ser = cl_serialize_visitor(v, CL_CHECKSUM_VERSION);
		char	   *hex;

		if (ser == NULL)
			continue;
		hex = cl_md5_hex(ser, strlen(ser));
		put(ts, td, ++step, psprintf("modifySql %s: serialisation", v->name), ser, hex);
		appendStringInfo(&composed, "%d:%s;", CL_CHECKSUM_VERSION, hex);
	}
	put(ts, td, ++step, "changeset: the change hashes joined", composed.data,
		cl_changeset_checksum(cs, CL_CHECKSUM_VERSION));

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	h = cl_history_open_readonly();
	row = cl_history_find(h, cs->id, cs->author, cs->filename);
	put(ts, td, ++step, row ? "stored in DATABASECHANGELOG" : "not in DATABASECHANGELOG",
		NULL, row ? row->md5sum : NULL);
	if (row != NULL && row->md5sum != NULL &&
		cl_checksum_version(row->md5sum) != CL_CHECKSUM_VERSION)
		put(ts, td, ++step, "computed with the stored version",
			NULL, cl_changeset_checksum(cs, cl_checksum_version(row->md5sum) < 8 ? 8
										: cl_checksum_version(row->md5sum)));
	if ((rc = SPI_finish()) != SPI_OK_FINISH)
		elog(ERROR, "SPI_finish failed: %s", SPI_result_code_string(rc));
}
