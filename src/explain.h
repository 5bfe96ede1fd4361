/*-------------------------------------------------------------------------
 *
 * explain.h
 *	  One changeset's checksum, and what it hashes.
 *
 *-------------------------------------------------------------------------
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "engine.h"

/* calculate-checksum: the v9 checksum of the changeset id/author (file may be NULL). */
extern char *cl_checksum_of(ClRunOptions *opts, const char *id,
							const char *author, const char *file);
/* Rows (step, item, input, md5): each part's hashed text and hash, then the stored value. */
extern void cl_explain_checksum(ClRunOptions *opts, const char *id,
								const char *author, const char *file,
								Tuplestorestate *ts, TupleDesc td);

#endif							/* EXPLAIN_H */
