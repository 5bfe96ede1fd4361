/*-------------------------------------------------------------------------
 *
 * history.h
 *	  DATABASECHANGELOG and DATABASECHANGELOGLOCK, as Liquibase 4.28 keeps
 *	  them.  All access to the tracking tables lives in history.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef HISTORY_H
#define HISTORY_H

#include "access/tupdesc.h"
#include "datatype/timestamp.h"
#include "utils/tuplestore.h"

#include "changelog.h"

typedef struct ClHistoryRow
{
	char	   *id;
	char	   *author;
	char	   *filename;
	int			orderexecuted;
	char	   *exectype;
	char	   *md5sum;
	char	   *description;
	char	   *comments;
	char	   *tag;
	char	   *contexts;
	char	   *labels;
	char	   *deployment_id;
	Timestamp	dateexecuted;	/* for ordering and rollback to a date */
	bool		has_date;		/* false: DATEEXECUTED is NULL (a hand-made row) */
} ClHistoryRow;

typedef struct ClHistory ClHistory;

/*
 * Create the tracking tables in the current schema if missing, serialise
 * with other callers, lock the Liquibase lock row, and load the history.
 * Must be called inside SPI.
 */
extern ClHistory *cl_history_open(void);
/* The history without creating or locking anything (empty if absent). */
extern ClHistory *cl_history_open_readonly(void);
/* Do the tracking tables exist in the current schema? */
extern bool cl_history_exists(void);
/*
 * Rows ordered by identity (filename, id, author): the last tie-break of a
 * sort, since cl_history_rows comes in no particular order.
 */
extern int	cl_history_identity_cmp(const ClHistoryRow *a, const ClHistoryRow *b);
/* Every stored row (ClHistoryRow *), in no particular order. */
extern List *cl_history_rows(ClHistory *h);
/* The stored row of a changeset, or NULL. */
extern ClHistoryRow *cl_history_find(ClHistory *h, const char *id,
									 const char *author, const char *filename);
/* The same for a changeset, remembered in it until the history changes. */
extern ClHistoryRow *cl_history_find_cs(ClHistory *h, ClChangeSet *cs);
/* Insert a row (exectype EXECUTED / MARK_RAN); returns the row written. */
extern ClHistoryRow *cl_history_insert(ClHistory *h, const ClChangeSet *cs,
									   const char *exectype, const char *md5sum,
									   const char *description,
									   const char *tag);
/* Re-run of an existing row: UPDATE to RERAN; returns the row written. */
extern ClHistoryRow *cl_history_rerun(ClHistory *h, const ClChangeSet *cs,
									  const char *md5sum,
									  const char *description,
									  const char *tag);
/* Replace a stored checksum (NULL fill, v8 -> v9 upgrade). */
extern void cl_history_set_checksum(ClHistory *h, ClHistoryRow *row,
									const char *md5sum);
/*
 * After a commit (changelog_update_each): take the locks again and reload
 * the history if another session wrote to it meanwhile.
 */
extern void cl_history_relock(ClHistory *h);
/* Release the Liquibase lock row (called at the end of a successful run). */
extern void cl_history_close(ClHistory *h);

/* Rollback: remove a changeset's row (by ID, AUTHOR, FILENAME, as Liquibase). */
extern void cl_history_delete(ClHistory *h, ClHistoryRow *row);

/* Commands on the history alone; all inside SPI. */
extern void cl_history_emit(Tuplestorestate *ts, TupleDesc td);
extern void cl_history_tag(const char *tag);
extern bool cl_history_tag_exists(const char *tag);
extern int64 cl_history_clear_checksums(void);

#endif							/* HISTORY_H */
