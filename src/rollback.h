/*-------------------------------------------------------------------------
 *
 * rollback.h
 *	  Rolling changesets back (rollback, rollback-count, rollback-to-date).
 *
 *-------------------------------------------------------------------------
 */
#ifndef ROLLBACK_H
#define ROLLBACK_H

#include "datatype/timestamp.h"

#include "engine.h"

/* What to roll back: exactly one of tag, count (>= 0), date (has_date). */
typedef struct ClRollbackTarget
{
	const char *tag;
	int			count;
	bool		has_date;
	Timestamp	date;
} ClRollbackTarget;

/*
 * Roll back (or with preview, only list the statements of) the changesets
 * the target selects.  Result rows: (id, author, filename, orderexecuted,
 * exectype, action) when rolling back; (id, author, filename, statement)
 * when previewing.
 */
extern void cl_rollback(ClRunOptions *opts, const ClRollbackTarget *target,
						bool preview, Tuplestorestate *ts, TupleDesc td);

/* Roll back one changeset wherever it is in the history (file may be NULL). */
extern void cl_rollback_one(ClRunOptions *opts, const char *id, const char *author,
							const char *file, Tuplestorestate *ts, TupleDesc td);

#endif							/* ROLLBACK_H */
