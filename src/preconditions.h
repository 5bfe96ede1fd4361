/*-------------------------------------------------------------------------
 *
 * preconditions.h
 *	  Evaluating Liquibase preconditions against the live catalog.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PRECONDITIONS_H
#define PRECONDITIONS_H

#include "changelog.h"
#include "history.h"

typedef enum ClPreResult
{
	CL_PRE_PASSED,
	CL_PRE_FAILED,				/* a precondition was not met */
	CL_PRE_ERROR				/* evaluating it raised an error */
} ClPreResult;

/* What to do when a precondition block did not pass. */
typedef enum ClPreAction
{
	CL_PRE_RUN,					/* passed, or WARN: run the changeset */
	CL_PRE_SKIP,				/* CONTINUE: skip it, write nothing */
	CL_PRE_MARK_RAN				/* MARK_RAN: record it without running */
} ClPreAction;

/*
 * Evaluate a precondition block for cs (NULL for a changelog-level block).
 * Returns the action to take; a HALT raises ERROR naming the changeset and
 * the failed condition; WARN emits a WARNING.  Runs inside SPI.
 */
extern ClPreAction cl_preconditions_check(const ClPreconditions *pre,
										  const ClChangeSet *cs,
										  const ClChangeLog *log,
										  ClHistory *history);

#endif							/* PRECONDITIONS_H */
