/*-------------------------------------------------------------------------
 *
 * execute.h
 *	  Executing a changeset's changes through SPI.
 *
 *-------------------------------------------------------------------------
 */
#ifndef EXECUTE_H
#define EXECUTE_H

#include "changelog.h"

/* changelog_sync.concurrent_index */
typedef enum ClConcurrentIndex
{
	CL_CONCURRENT_REFUSE,		/* stop: it cannot run inside a transaction */
	CL_CONCURRENT_PLAIN			/* run it without CONCURRENTLY */
} ClConcurrentIndex;

extern int	cl_concurrent_index;

/*
 * Check, before anything runs, that every change of the changeset can run
 * inside a transaction in this server (known change type, no
 * runInTransaction=false, no statement PostgreSQL refuses in a block).
 * With syntax_later, a statement the server cannot parse passes: it fails
 * when it runs (changelog_update_each, which commits the changesets before
 * it, as the CLI does).
 */
extern void cl_check_runnable(const ClChangeSet *cs, bool syntax_later);

/*
 * What an error hint says was applied: nothing (one transaction), or the
 * changesets before the failing one (changelog_update_each, set by the engine
 * at the start of each call).
 */
extern void cl_set_commit_each(bool commit_each);
extern const char *cl_applied_hint(void);
/*
 * The statements change c runs (raw SQL split, or generated), after the
 * changeset's modifySql; NIL for changes that run no SQL.
 */
extern List *cl_change_statements(const ClChangeSet *cs, const ClChange *c);
/* The same for a rollback (modifySql only where applyToRollback). */
extern List *cl_change_statements_ext(const ClChangeSet *cs, const ClChange *c,
									  bool rollback);
/* Execute statements in order, naming the failing one in the error. */
extern void cl_run_statements(List *stmts);
/* Execute every change of the changeset, in order. */
extern void cl_execute_changeset(const ClChangeSet *cs);

/*
 * Call fn(arg) in a subtransaction: NULL when it succeeded, else its error
 * message (with the detail), the error swallowed and its effects undone.
 */
extern char *cl_try_call(void (*fn) (void *), void *arg);

#endif							/* EXECUTE_H */
