/*-------------------------------------------------------------------------
 *
 * history.c
 *	  DATABASECHANGELOG and DATABASECHANGELOGLOCK, exactly as Liquibase 4.28
 *	  creates and writes them (liquibase-core.md §1).
 *
 * The tables live in the current schema and are created on first use with
 * Liquibase's DDL, so that the Liquibase CLI and this extension share them.
 * Concurrent calls are serialised with a transaction-scoped advisory lock;
 * the Liquibase lock row is locked FOR UPDATE for the rest of the
 * transaction, so a Liquibase CLI that tries to take its lock waits for our
 * commit, and the committed row is never left LOCKED.
 *
 * Every statement is fixed text with the schema quoted by quote_identifier;
 * values always travel as parameters.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/table.h"
#include "access/tableam.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "executor/executor.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "pgstat.h"
#include "storage/latch.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/timestamp.h"

#include "changelog.h"
#include "contexts.h"
#include "history.h"

#define CL_LIQUIBASE_VERSION "4.28.0"
/* first key of our advisory lock: "LQ" */
#define CL_ADVISORY_KEY1 0x4C51

typedef struct HistoryKey
{
	const char *id;
	const char *author;
	const char *filename;
} HistoryKey;

typedef struct HistoryEntry
{
	HistoryKey	key;
	ClHistoryRow *row;
} HistoryEntry;

struct ClHistory
{
	char	   *schema;			/* quoted schema name */
	char	   *table;			/* quoted, qualified databasechangelog */
	char	   *lock_table;		/* quoted, qualified databasechangeloglock */
	MemoryContext cxt;			/* the rows, the lookup table, rows written */
	HTAB	   *rows;
	uint64		generation;		/* bumped whenever rows are added or removed */
	int			next_order;
	int64		nrows;			/* rows known to be in the table */
	Oid			nsp;
	char	   *deployment_id;
	SPIPlanPtr	insert_plan;
	/* the last FILENAME normalised, and the last changeset path looked up */
	const char *last_stored;
	const char *last_stored_key;
	const char *last_path;
	const char *last_path_key;
};

static uint32 history_hash(const void *key, Size keysize);
static int	history_match(const void *key1, const void *key2, Size keysize);
static void run_sql(const char *sql, int expected);
static bool table_exists(Oid nsp, const char *name);
static void check_length(const ClChangeSet *cs, const char *column,
						 const char *value, int limit);
static char *limit_250(const char *s);
static void take_locks(ClHistory *h);
static void load_rows(ClHistory *h);

static uint32
history_hash(const void *key, Size keysize)
{
	const HistoryKey *k = (const HistoryKey *) key;
	uint32		h;

	h = cl_hash(k->id, strlen(k->id));
	h = hash_combine(h, cl_hash(k->author, strlen(k->author)));
	h = hash_combine(h, cl_hash(k->filename, strlen(k->filename)));
	return h;
}

static int
history_match(const void *key1, const void *key2, Size keysize)
{
	const HistoryKey *a = (const HistoryKey *) key1;
	const HistoryKey *b = (const HistoryKey *) key2;

	if (strcmp(a->id, b->id) != 0 || strcmp(a->author, b->author) != 0 ||
		strcmp(a->filename, b->filename) != 0)
		return 1;
	return 0;
}

static void
run_sql(const char *sql, int expected)
{
	int			rc = SPI_execute(sql, false, 0);

	if (rc != expected)
		elog(ERROR, "SPI_execute failed for \"%s\": %s", sql,
			 SPI_result_code_string(rc));
}

static bool
table_exists(Oid nsp, const char *name)
{
	return OidIsValid(get_relname_relid(name, nsp));
}

/* Is row i of the last SPI result a LOCKED = true lock row? */
static bool
row_is_locked(int i)
{
	char	   *locked = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);

	return locked && strcmp(locked, "t") == 0;
}

static void
report_cli_lock(ClHistory *h, int i)
{
	char	   *by = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
	char	   *since = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 3);

	ereport(ERROR,
			(errcode(ERRCODE_LOCK_NOT_AVAILABLE),
			 errmsg("could not acquire change log lock"),
			 errdetail("Currently locked by %s since %s.",
					   by ? by : "(unknown)", since ? since : "(unknown)"),
			 errhint("Another Liquibase process is running. If it is not, release the lock: UPDATE %s SET LOCKED = FALSE, LOCKEDBY = NULL, LOCKGRANTED = NULL WHERE ID = 1;",
					 h->lock_table)));
}

/*
 * A Liquibase CLI holds its lock by committing LOCKED = TRUE.  Wait (without
 * holding the row, so the CLI can release it) until it is released, up to
 * lock_timeout, or Liquibase's own 5 minutes when lock_timeout is 0.
 */
static void
wait_for_cli_lock(ClHistory *h)
{
	TimestampTz start = GetCurrentTimestamp();
	int			timeout_ms = LockTimeout > 0 ? LockTimeout : 5 * 60 * 1000;
	bool		told = false;
	char	   *sql = psprintf("SELECT LOCKED, LOCKEDBY, LOCKGRANTED FROM %s WHERE ID = 1",
							   h->lock_table);

	for (;;)
	{
		run_sql(sql, SPI_OK_SELECT);
		if (SPI_processed != 1 || !row_is_locked(0))
			return;
		if (TimestampDifferenceExceeds(start, GetCurrentTimestamp(), timeout_ms))
			report_cli_lock(h, 0);
		if (!told)
		{
			char	   *by = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);

			ereport(NOTICE,
					(errmsg("waiting for the Liquibase lock held by %s", by ? by : "(unknown)")));
			told = true;
		}
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH,
						 200L, PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
		CHECK_FOR_INTERRUPTS();
	}
}

/*
 * Serialise with other callers (advisory lock), make sure the Liquibase lock
 * table and row exist, and hold the row FOR UPDATE until the transaction
 * ends; refuse when a Liquibase CLI holds it.
 */
static void
take_locks(ClHistory *h)
{
	Oid			argtypes[2] = {INT4OID, INT4OID};
	Datum		args[2];
	int			rc;

	/* serialise callers working on this schema's tracking tables */
	args[0] = Int32GetDatum(CL_ADVISORY_KEY1);
	args[1] = Int32GetDatum((int32) h->nsp);
	rc = SPI_execute_with_args("SELECT pg_catalog.pg_advisory_xact_lock($1, $2)",
							   2, argtypes, args, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not take the advisory lock: %s",
			 SPI_result_code_string(rc));
	/* what the previous holder committed (the tables) must be visible now */
	AcceptInvalidationMessages();

	/* Liquibase's DDL: the lock table first, then the changelog table */
	if (!table_exists(h->nsp, "databasechangeloglock"))
	{
		run_sql(psprintf("CREATE TABLE %s (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, "
						 "LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), "
						 "CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (ID))",
						 h->lock_table), SPI_OK_UTILITY);
		CommandCounterIncrement();
	}
	run_sql(psprintf("INSERT INTO %s (ID, LOCKED) SELECT 1, FALSE "
					 "WHERE NOT EXISTS (SELECT 1 FROM %s WHERE ID = 1)",
					 h->lock_table, h->lock_table), SPI_OK_INSERT);

	wait_for_cli_lock(h);
	/* hold Liquibase's lock row until commit */
	run_sql(psprintf("SELECT LOCKED, LOCKEDBY, LOCKGRANTED FROM %s WHERE ID = 1 FOR UPDATE",
					 h->lock_table), SPI_OK_SELECT);
	if (SPI_processed == 1 && row_is_locked(0))
		report_cli_lock(h, 0);	/* the CLI took it between our look and our lock */
}

/* An empty lookup table in h->cxt, sized for about n rows. */
static void
new_rows_table(ClHistory *h, long n)
{
	HASHCTL		ctl;

	memset(&ctl, 0, sizeof(ctl));
	ctl.keysize = sizeof(HistoryKey);
	ctl.entrysize = sizeof(HistoryEntry);
	ctl.hash = history_hash;
	ctl.match = history_match;
	ctl.hcxt = h->cxt;
	h->rows = hash_create("changelog_sync history", Max(n, 16), &ctl,
						  HASH_ELEM | HASH_FUNCTION | HASH_COMPARE | HASH_CONTEXT);
}

/*
 * The normalised form of a stored FILENAME, as the lookup key (in h->cxt);
 * the rows of one file mostly follow each other.
 */
static const char *
key_filename(ClHistory *h, const char *filename)
{
	MemoryContext old;

	if (h->last_stored == NULL || strcmp(h->last_stored, filename) != 0)
	{
		old = MemoryContextSwitchTo(h->cxt);
		h->last_stored_key = cl_normal_path(filename);
		MemoryContextSwitchTo(old);
		h->last_stored = filename;
	}
	return h->last_stored_key;
}

static bool
later_than(const ClHistoryRow *a, const ClHistoryRow *b)
{
	Timestamp	ta = a->has_date ? a->dateexecuted : DT_NOBEGIN;
	Timestamp	tb = b->has_date ? b->dateexecuted : DT_NOBEGIN;

	if (ta != tb)
		return ta > tb;
	return a->orderexecuted > b->orderexecuted;
}

/* The columns read, in this order (ORDEREXECUTED and DATEEXECUTED are not text). */
#define HISTORY_NCOLS 13
#define HISTORY_COL_ORDER 3
#define HISTORY_COL_DATE 12
static const char *const history_columns[HISTORY_NCOLS] = {
	"id", "author", "filename", "orderexecuted", "exectype", "md5sum",
	"description", "comments", "tag", "contexts", "labels", "deployment_id",
	"dateexecuted"
};

/*
 * One stored row into the lookup table (in h->cxt): one allocation for the
 * row and its text.  d and isnull are in history_columns' order.
 */
static void
add_row(ClHistory *h, Datum *d, bool *isnull, int *maxorder)
{
	ClHistoryRow *row;
	text	   *vals[HISTORY_NCOLS];
	char	  **fields[HISTORY_NCOLS];
	Size		size = MAXALIGN(sizeof(ClHistoryRow));
	char	   *p;
	int			c;
	HistoryKey	key;
	HistoryEntry *e;
	bool		found;

	for (c = 0; c < HISTORY_NCOLS; c++)
	{
		vals[c] = NULL;
		if (c == HISTORY_COL_ORDER || c == HISTORY_COL_DATE || isnull[c])
			continue;
		vals[c] = DatumGetTextPP(d[c]);
		size += VARSIZE_ANY_EXHDR(vals[c]) + 1;
	}
	row = palloc(size);
	memset(row, 0, sizeof(ClHistoryRow));
	fields[0] = &row->id;
	fields[1] = &row->author;
	fields[2] = &row->filename;
	fields[3] = NULL;
	fields[4] = &row->exectype;
	fields[5] = &row->md5sum;
	fields[6] = &row->description;
	fields[7] = &row->comments;
	fields[8] = &row->tag;
	fields[9] = &row->contexts;
	fields[10] = &row->labels;
	fields[11] = &row->deployment_id;
	fields[12] = NULL;
	p = (char *) row + MAXALIGN(sizeof(ClHistoryRow));
	for (c = 0; c < HISTORY_NCOLS; c++)
	{
		Size		len;

		if (vals[c] == NULL)
			continue;
		len = VARSIZE_ANY_EXHDR(vals[c]);
		memcpy(p, VARDATA_ANY(vals[c]), len);
		p[len] = '\0';
		*fields[c] = p;
		p += len + 1;
	}
	row->orderexecuted = isnull[HISTORY_COL_ORDER] ? 0 : DatumGetInt32(d[HISTORY_COL_ORDER]);
	row->has_date = !isnull[HISTORY_COL_DATE];
	row->dateexecuted = isnull[HISTORY_COL_DATE] ? 0 : DatumGetTimestamp(d[HISTORY_COL_DATE]);
	/* NOT NULL columns in Liquibase's DDL; be safe with a hand-made table */
	if (row->id == NULL)
		row->id = "";
	if (row->author == NULL)
		row->author = "";
	if (row->filename == NULL)
		row->filename = "";
	if (row->orderexecuted > *maxorder)
		*maxorder = row->orderexecuted;
	key.id = row->id;
	key.author = row->author;
	key.filename = key_filename(h, row->filename);
	e = hash_search(h->rows, &key, HASH_ENTER, &found);
	/* a key stored twice (hand-made rows): the latest execution counts */
	if (!found || later_than(row, e->row))
		e->row = row;
}

/*
 * The rows read straight from the table, when it is a plain table with
 * Liquibase's column types that the user may read as a whole (no row
 * security, no child tables): what the query of load_rows_spi would return,
 * without the executor.  False, having read nothing, otherwise.
 */
static bool
load_rows_direct(ClHistory *h, int64 *nrows, int *maxorder)
{
	Oid			relid;
	Relation	rel;
	TupleDesc	td;
	AttrNumber	attnos[HISTORY_NCOLS];
	Snapshot	snap;
	TableScanDesc scan;
	TupleTableSlot *slot;
	int			c;
	int			i;
	bool		usable = true;

	/* a security module or an audit log watching reads: let it see the query */
	if (ExecutorCheckPerms_hook != NULL)
		return false;

	/*
	 * Looked up and locked as a query would (the lock held until the end of
	 * the transaction), then the caller's right to read all of it checked.
	 */
	relid = RangeVarGetRelidExtended(makeRangeVar(get_namespace_name(h->nsp),
												  "databasechangelog", -1),
									 AccessShareLock, RVR_MISSING_OK, NULL, NULL);
	if (!OidIsValid(relid) ||
		pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) != ACLCHECK_OK)
		return false;
	rel = table_open(relid, NoLock);
	td = RelationGetDescr(rel);
	if (rel->rd_rel->relkind != RELKIND_RELATION || rel->rd_rel->relrowsecurity ||
		rel->rd_rel->relhassubclass)
		usable = false;
	for (c = 0; c < HISTORY_NCOLS && usable; c++)
	{
		Oid			want = c == HISTORY_COL_ORDER ? INT4OID :
			c == HISTORY_COL_DATE ? TIMESTAMPOID : InvalidOid;

		attnos[c] = InvalidAttrNumber;
		for (i = 0; i < td->natts; i++)
		{
			Form_pg_attribute att = TupleDescAttr(td, i);

			if (!att->attisdropped &&
				strcmp(NameStr(att->attname), history_columns[c]) == 0)
			{
				if (OidIsValid(want) ? att->atttypid == want :
					(att->atttypid == VARCHAROID || att->atttypid == TEXTOID))
					attnos[c] = att->attnum;
				break;
			}
		}
		if (attnos[c] == InvalidAttrNumber)
			usable = false;
	}
	if (!usable)
	{
		table_close(rel, NoLock);
		return false;
	}

	/* as a query that may write: what committed while we waited is seen */
	CommandCounterIncrement();
	snap = RegisterSnapshot(GetTransactionSnapshot());
	scan = table_beginscan(rel, snap, 0, NULL);
	slot = table_slot_create(rel, NULL);
	while (table_scan_getnextslot(scan, ForwardScanDirection, slot))
	{
		Datum		d[HISTORY_NCOLS];
		bool		isnull[HISTORY_NCOLS];
		MemoryContext old;

		if ((++*nrows & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		slot_getallattrs(slot);
		for (c = 0; c < HISTORY_NCOLS; c++)
		{
			d[c] = slot->tts_values[attnos[c] - 1];
			isnull[c] = slot->tts_isnull[attnos[c] - 1];
		}
		old = MemoryContextSwitchTo(h->cxt);
		add_row(h, d, isnull, maxorder);
		MemoryContextSwitchTo(old);
	}
	ExecDropSingleTupleTableSlot(slot);
	table_endscan(scan);
	UnregisterSnapshot(snap);
	table_close(rel, NoLock);
	return true;
}

/*
 * The rows through a query: the text casts make any column type acceptable,
 * and the query checks privileges and row security as any other would.
 */
static void
load_rows_spi(ClHistory *h, int64 *nrows, int *maxorder)
{
	char	   *sql;
	SPIPlanPtr	plan;
	Portal		portal;

	sql = psprintf("SELECT ID::text, AUTHOR::text, FILENAME::text, ORDEREXECUTED::int4, "
				   "EXECTYPE::text, MD5SUM::text, DESCRIPTION::text, COMMENTS::text, TAG::text, "
				   "CONTEXTS::text, LABELS::text, DEPLOYMENT_ID::text, "
				   "DATEEXECUTED::pg_catalog.timestamp FROM %s", h->table);
	plan = SPI_prepare(sql, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed for \"%s\": %s", sql,
			 SPI_result_code_string(SPI_result));
	/* not read-only: a fresh snapshot sees what committed while we waited for the lock */
	portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);

	/* in batches, so that a long history is not held twice */
	for (;;)
	{
		uint64		i;
		MemoryContext old;

		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		CHECK_FOR_INTERRUPTS();
		old = MemoryContextSwitchTo(h->cxt);
		for (i = 0; i < SPI_processed; i++)
		{
			Datum		d[HISTORY_NCOLS];
			bool		isnull[HISTORY_NCOLS];

			heap_deform_tuple(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, d, isnull);
			add_row(h, d, isnull, maxorder);
		}
		MemoryContextSwitchTo(old);
		*nrows += SPI_processed;
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	SPI_freeplan(plan);
}

/* Read DATABASECHANGELOG into the lookup table. */
static void
load_rows(ClHistory *h)
{
	int64		nrows = 0;
	int			maxorder = 0;

	MemoryContextReset(h->cxt);
	h->rows = NULL;
	h->last_stored = NULL;
	h->last_path = NULL;
	h->generation++;
	new_rows_table(h, 1024);
	if (!load_rows_direct(h, &nrows, &maxorder))
		load_rows_spi(h, &nrows, &maxorder);
	h->next_order = maxorder + 1;
	h->nrows = nrows;
}

/* The current schema, where Liquibase keeps its tables. */
static Oid
tracking_schema(void)
{
	List	   *path = fetch_search_path(false);

	if (path == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_SCHEMA),
				 errmsg("no schema has been selected to create the tracking tables in"),
				 errhint("Set search_path to the schema that holds (or should hold) DATABASECHANGELOG.")));
	return linitial_oid(path);
}

/* A history object for the tracking tables of the current schema. */
static ClHistory *
history_new(void)
{
	ClHistory  *h = palloc0(sizeof(ClHistory));

	h->nsp = tracking_schema();
	h->schema = pstrdup(quote_identifier(get_namespace_name(h->nsp)));
	h->table = psprintf("%s.databasechangelog", h->schema);
	h->lock_table = psprintf("%s.databasechangeloglock", h->schema);
	h->cxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync history",
								   ALLOCSET_DEFAULT_SIZES);
	return h;
}

ClHistory *
cl_history_open_readonly(void)
{
	ClHistory  *h = history_new();

	if (table_exists(h->nsp, "databasechangelog"))
		load_rows(h);
	else
	{
		new_rows_table(h, 16);
		h->next_order = 1;
	}
	return h;
}

int
cl_history_identity_cmp(const ClHistoryRow *a, const ClHistoryRow *b)
{
	int			c = strcmp(a->filename, b->filename);

	if (c == 0)
		c = strcmp(a->id, b->id);
	if (c == 0)
		c = strcmp(a->author, b->author);
	return c;
}

List *
cl_history_rows(ClHistory *h)
{
	HASH_SEQ_STATUS seq;
	HistoryEntry *e;
	List	   *out = NIL;

	hash_seq_init(&seq, h->rows);
	while ((e = hash_seq_search(&seq)) != NULL)
		out = lappend(out, e->row);
	return out;
}

bool
cl_history_exists(void)
{
	return table_exists(tracking_schema(), "databasechangelog");
}

ClHistory *
cl_history_open(void)
{
	ClHistory  *h = history_new();

	take_locks(h);

	if (!table_exists(h->nsp, "databasechangelog"))
	{
		run_sql(psprintf("CREATE TABLE %s (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, "
						 "FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, "
						 "ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), "
						 "DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), "
						 "CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10))",
						 h->table), SPI_OK_UTILITY);
		CommandCounterIncrement();
	}

	load_rows(h);

	{
		/* the last 10 digits of the epoch milliseconds, like Liquibase */
		TimestampTz now = GetCurrentTimestamp();
		int64		ms = (int64) (now / 1000) +
			(int64) (POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY * 1000;
		char		buf[32];
		size_t		n;

		snprintf(buf, sizeof(buf), "%010lld", (long long) ms);
		n = strlen(buf);
		h->deployment_id = pstrdup(buf + (n > 10 ? n - 10 : 0));
	}
	return h;
}

ClHistoryRow *
cl_history_find(ClHistory *h, const char *id, const char *author,
				const char *filename)
{
	HistoryKey	key;
	HistoryEntry *e;

	key.id = id;
	key.author = author;
	/* the changesets of one file follow each other: its path normalised once */
	if (h->last_path == NULL || strcmp(h->last_path, filename) != 0)
	{
		MemoryContext old = MemoryContextSwitchTo(h->cxt);

		h->last_path = pstrdup(filename);
		h->last_path_key = cl_normal_path(h->last_path);
		MemoryContextSwitchTo(old);
	}
	key.filename = h->last_path_key;
	e = hash_search(h->rows, &key, HASH_FIND, NULL);
	return e ? e->row : NULL;
}

/*
 * The stored row of a changeset, remembered in the changeset until the
 * history changes: a call looks each changeset up several times.
 */
ClHistoryRow *
cl_history_find_cs(ClHistory *h, ClChangeSet *cs)
{
	if (cs->history_generation != h->generation)
	{
		cs->history_row = cl_history_find(h, cs->id, cs->author, cs->filename);
		cs->history_generation = h->generation;
	}
	return (ClHistoryRow *) cs->history_row;
}

static char *
limit_250(const char *s)
{
	if (s == NULL)
		return NULL;
	if (pg_mbstrlen(s) <= 250)
		return pstrdup(s);
	{
		int			bytes = pg_mbcharcliplen(s, strlen(s), 247);

		return psprintf("%.*s...", bytes, s);
	}
}

static void
check_length(const ClChangeSet *cs, const char *column, const char *value,
			 int limit)
{
	if (value != NULL && pg_mbstrlen(value) > limit)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("%s of changeset \"%s\" is longer than %d characters",
						column, cs->id, limit),
				 errdetail("DATABASECHANGELOG.%s is varchar(%d).", column, limit)));
}

static char *
trimmed_comments(const ClChangeSet *cs)
{
	const char *s = cs->comments;
	const char *e;

	if (s == NULL)
		return pstrdup("");
	while (*s && (unsigned char) *s <= ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (unsigned char) e[-1] <= ' ')
		e--;
	return limit_250(pnstrdup(s, e - s));
}

ClHistoryRow *
cl_history_insert(ClHistory *h, const ClChangeSet *cs, const char *exectype,
				  const char *md5sum, const char *description, const char *tag)
{
	ClHistoryRow *row;
	Oid			types[12] = {TEXTOID, TEXTOID, TEXTOID, INT4OID, TEXTOID, TEXTOID,
	TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[12];
	char		nulls[12];
	int			i;
	const char *texts[12];
	int			rc;
	HistoryKey	key;
	HistoryEntry *e;
	bool		found;
	MemoryContext old;

	/* the row outlives the caller's context: it is in the lookup table */
	old = MemoryContextSwitchTo(h->cxt);
	row = palloc0(sizeof(ClHistoryRow));
	row->id = cs->id;
	row->author = cs->author;
	row->filename = cs->filename;
	row->orderexecuted = h->next_order++;
	row->exectype = pstrdup(exectype);
	row->md5sum = md5sum ? pstrdup(md5sum) : NULL;
	row->description = limit_250(description);
	row->comments = trimmed_comments(cs);
	row->tag = tag ? pstrdup(tag) : NULL;
	row->contexts = cl_contexts_column(cs->contexts);
	row->labels = cl_labels_column(cs->labels);
	row->deployment_id = h->deployment_id;
	MemoryContextSwitchTo(old);

	check_length(cs, "ID", row->id, 255);
	check_length(cs, "AUTHOR", row->author, 255);
	check_length(cs, "FILENAME", row->filename, 255);
	check_length(cs, "CONTEXTS", row->contexts, 255);
	check_length(cs, "LABELS", row->labels, 255);
	check_length(cs, "TAG", row->tag, 255);

	if (h->insert_plan == NULL)
	{
		char	   *sql = psprintf("INSERT INTO %s (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, "
								   "MD5SUM, DESCRIPTION, COMMENTS, EXECTYPE, CONTEXTS, LABELS, LIQUIBASE, "
								   "DEPLOYMENT_ID, TAG) VALUES ($1, $2, $3, "
								   "pg_catalog.clock_timestamp()::pg_catalog.timestamp, $4, $5, $6, $7, "
								   "$8, $9, $10, '" CL_LIQUIBASE_VERSION "', $11, $12)",
								   h->table);

		h->insert_plan = SPI_prepare(sql, 12, types);
		if (h->insert_plan == NULL)
			elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	}
	texts[0] = row->id;
	texts[1] = row->author;
	texts[2] = row->filename;
	texts[3] = NULL;
	texts[4] = row->md5sum;
	texts[5] = row->description;
	texts[6] = row->comments;
	texts[7] = row->exectype;
	texts[8] = row->contexts;
	texts[9] = row->labels;
	texts[10] = row->deployment_id;
	texts[11] = row->tag;
	for (i = 0; i < 12; i++)
	{
		nulls[i] = ' ';
		if (i == 3)
			values[i] = Int32GetDatum(row->orderexecuted);
		else if (texts[i] == NULL)
		{
			values[i] = (Datum) 0;
			nulls[i] = 'n';
		}
		else
			values[i] = CStringGetTextDatum(texts[i]);
	}
	rc = SPI_execute_plan(h->insert_plan, values, nulls, false, 0);
	if (rc != SPI_OK_INSERT)
		elog(ERROR, "could not insert into %s: %s", h->table, SPI_result_code_string(rc));

	key.id = row->id;
	key.author = row->author;
	key.filename = key_filename(h, row->filename);
	h->generation++;
	e = hash_search(h->rows, &key, HASH_ENTER, &found);
	e->row = row;
	h->nrows++;
	return row;
}

ClHistoryRow *
cl_history_rerun(ClHistory *h, const ClChangeSet *cs, const char *md5sum,
				 const char *description, const char *tag)
{
	ClHistoryRow *row = cl_history_find(h, cs->id, cs->author, cs->filename);
	Oid			types[12] = {INT4OID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID,
	TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[12];
	char		nulls[12];
	const char *texts[12];
	int			i;
	int			rc;
	char	   *sql;
	MemoryContext old;

	Assert(row != NULL);
	old = MemoryContextSwitchTo(h->cxt);
	row->orderexecuted = h->next_order++;
	row->exectype = "RERAN";
	row->md5sum = md5sum ? pstrdup(md5sum) : NULL;
	row->description = limit_250(description);
	row->comments = trimmed_comments(cs);
	row->contexts = cl_contexts_column(cs->contexts);
	row->labels = cl_labels_column(cs->labels);
	row->deployment_id = h->deployment_id;
	if (tag != NULL)
		row->tag = pstrdup(tag);
	MemoryContextSwitchTo(old);

	sql = psprintf("UPDATE %s SET DATEEXECUTED = pg_catalog.clock_timestamp()::pg_catalog.timestamp, "
				   "ORDEREXECUTED = $1, MD5SUM = $2, EXECTYPE = 'RERAN', DEPLOYMENT_ID = $3, "
				   "COMMENTS = $4, CONTEXTS = $5, LABELS = $6, LIQUIBASE = '" CL_LIQUIBASE_VERSION "', "
				   "DESCRIPTION = $7, TAG = COALESCE($8, TAG) "
				   "WHERE ID = $9 AND AUTHOR = $10 AND FILENAME = $11",
				   h->table);
	texts[0] = NULL;
	texts[1] = row->md5sum;
	texts[2] = row->deployment_id;
	texts[3] = row->comments;
	texts[4] = row->contexts;
	texts[5] = row->labels;
	texts[6] = row->description;
	texts[7] = tag;
	texts[8] = row->id;
	texts[9] = row->author;
	texts[10] = row->filename;
	for (i = 0; i < 11; i++)
	{
		nulls[i] = ' ';
		if (i == 0)
			values[i] = Int32GetDatum(row->orderexecuted);
		else if (texts[i] == NULL)
		{
			values[i] = (Datum) 0;
			nulls[i] = 'n';
		}
		else
			values[i] = CStringGetTextDatum(texts[i]);
	}
	rc = SPI_execute_with_args(sql, 11, types, values, nulls, false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not update %s: %s", h->table, SPI_result_code_string(rc));
	return row;
}

void
cl_history_set_checksum(ClHistory *h, ClHistoryRow *row, const char *md5sum)
{
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];
	int			rc;

	values[0] = CStringGetTextDatum(md5sum);
	values[1] = CStringGetTextDatum(row->id);
	values[2] = CStringGetTextDatum(row->author);
	values[3] = CStringGetTextDatum(row->filename);
	rc = SPI_execute_with_args(psprintf("UPDATE %s SET MD5SUM = $1 WHERE ID = $2 AND AUTHOR = $3 AND FILENAME = $4",
										h->table),
							   4, types, values, NULL, false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not update %s: %s", h->table, SPI_result_code_string(rc));
	row->md5sum = MemoryContextStrdup(h->cxt, md5sum);
}

void
cl_history_delete(ClHistory *h, ClHistoryRow *row)
{
	Oid			types[3] = {TEXTOID, TEXTOID, TEXTOID};
	Datum		values[3];
	int			rc;
	HistoryKey	key;

	values[0] = CStringGetTextDatum(row->id);
	values[1] = CStringGetTextDatum(row->author);
	values[2] = CStringGetTextDatum(row->filename);
	rc = SPI_execute_with_args(psprintf("DELETE FROM %s WHERE ID = $1 AND AUTHOR = $2 AND FILENAME = $3",
										h->table),
							   3, types, values, NULL, false, 0);
	if (rc != SPI_OK_DELETE)
		elog(ERROR, "could not delete from %s: %s", h->table, SPI_result_code_string(rc));
	key.id = row->id;
	key.author = row->author;
	key.filename = cl_normal_path(row->filename);
	(void) hash_search(h->rows, &key, HASH_REMOVE, NULL);
	h->generation++;
	h->nrows -= SPI_processed;
}

void
cl_history_relock(ClHistory *h)
{
	int			rc;
	bool		isnull;
	int64		n;

	/* plans do not outlive the transaction they were made in */
	h->insert_plan = NULL;
	take_locks(h);
	rc = SPI_execute(psprintf("SELECT count(*) FROM %s", h->table), false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read %s: %s", h->table, SPI_result_code_string(rc));
	n = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (n != h->nrows)
		load_rows(h);
}

void
cl_history_close(ClHistory *h)
{
	if (h->insert_plan)
		SPI_freeplan(h->insert_plan);
	h->insert_plan = NULL;
	MemoryContextDelete(h->cxt);
	h->cxt = NULL;
	h->rows = NULL;
}

/* ---------- commands on the history alone ---------- */

void
cl_history_emit(Tuplestorestate *ts, TupleDesc td)
{
	int			rc;
	uint64		i;

	if (!cl_history_exists())
		return;
	rc = SPI_execute(psprintf("SELECT ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, "
							  "MD5SUM, DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, "
							  "DEPLOYMENT_ID FROM %s.databasechangelog "
							  "ORDER BY DATEEXECUTED, ORDEREXECUTED",
							  quote_identifier(get_namespace_name(tracking_schema()))),
					 true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read the history: %s", SPI_result_code_string(rc));
	for (i = 0; i < SPI_processed; i++)
	{
		Datum		values[14];
		bool		nulls[14];
		int			c;

		CHECK_FOR_INTERRUPTS();
		for (c = 0; c < 14; c++)
			values[c] = SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc,
									  c + 1, &nulls[c]);
		tuplestore_putvalues(ts, td, values, nulls);
	}
}

void
cl_history_tag(const char *tag)
{
	ClHistory  *h = cl_history_open();
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int			rc;

	if (tag == NULL || tag[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"tag\" must not be empty")));
	if (strlen(tag) > 255)
		ereport(ERROR,
				(errcode(ERRCODE_STRING_DATA_RIGHT_TRUNCATION),
				 errmsg("tag is longer than 255 characters")));
	values[0] = CStringGetTextDatum(tag);
	/* Liquibase's statement: the most recent row gets the tag */
	rc = SPI_execute_with_args(psprintf("UPDATE %s t SET TAG = $1 FROM (SELECT DATEEXECUTED, ORDEREXECUTED FROM %s "
										"ORDER BY DATEEXECUTED DESC, ORDEREXECUTED DESC LIMIT 1) sub "
										"WHERE t.DATEEXECUTED = sub.DATEEXECUTED AND t.ORDEREXECUTED = sub.ORDEREXECUTED",
										h->table, h->table),
							   1, types, values, NULL, false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not tag: %s", SPI_result_code_string(rc));
	if (SPI_processed == 0)
		ereport(ERROR,
				(errcode(ERRCODE_NO_DATA_FOUND),
				 errmsg("cannot tag an empty database"),
				 errdetail("DATABASECHANGELOG has no rows.")));
	cl_history_close(h);
}

bool
cl_history_tag_exists(const char *tag)
{
	Oid			types[1] = {TEXTOID};
	Datum		values[1];
	int			rc;

	if (!cl_history_exists())
		return false;
	values[0] = CStringGetTextDatum(tag);
	rc = SPI_execute_with_args(psprintf("SELECT 1 FROM %s.databasechangelog WHERE TAG = $1",
										quote_identifier(get_namespace_name(tracking_schema()))),
							   1, types, values, NULL, true, 1);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "could not read the history: %s", SPI_result_code_string(rc));
	return SPI_processed > 0;
}

int64
cl_history_clear_checksums(void)
{
	ClHistory  *h;
	int			rc;

	if (!cl_history_exists())
		return 0;
	h = cl_history_open();
	rc = SPI_execute(psprintf("UPDATE %s SET MD5SUM = NULL", h->table), false, 0);
	if (rc != SPI_OK_UPDATE)
		elog(ERROR, "could not clear checksums: %s", SPI_result_code_string(rc));
	cl_history_close(h);
	return (int64) SPI_processed;
}
