/*-------------------------------------------------------------------------
 *
 * contexts.h
 *	  Liquibase context and label expressions.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CONTEXTS_H
#define CONTEXTS_H

#include "changelog.h"

/*
 * Evaluate a changeset context expression ("a and !b", "(a or b), c")
 * against the caller's contexts (a comma list; NULL = none given).
 */
extern bool cl_context_matches(const char *expr, const char *given);
/* Evaluate a label filter expression against a label comma list. */
extern bool cl_labels_match(const char *filter, const char *labels);
/* Does the changeset pass the caller's contexts and labels? */
extern bool cl_changeset_passes(const ClChangeSet *cs, const ClRunFilter *filter,
								const char **reason);
/* Syntax-check an expression, raising ERROR on a bad one. */
extern void cl_check_expression(const char *expr, const char *what);
/* CONTEXTS / LABELS column values (NULL when nothing). */
extern char *cl_contexts_column(List *contexts);
extern char *cl_labels_column(List *labels);

/* strict: every context and label the caller names must appear in the changelog. */
extern void cl_check_strict(const ClChangeLog *log, const ClRunFilter *filter);

#endif							/* CONTEXTS_H */
