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
} ClHistoryRow;

typedef struct ClHistory ClHistory;

/*
 * Create the tracking tables in the current schema if missing, serialise
 * with other callers, lock the Liquibase lock row, and load the history.
 * Must be called inside SPI.
 */
extern ClHistory *cl_history_open(void);
/* The stored row of a changeset, or NULL. */
extern ClHistoryRow *cl_history_find(ClHistory *h, const char *id,
									 const char *author, const char *filename);
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

#endif							/* HISTORY_H */
