/*-------------------------------------------------------------------------
 *
 * sqlgen.h
 *	  SQL generation for Liquibase's change types on PostgreSQL, as the
 *	  Liquibase 4.28 CLI generates it (liquibase-model.md §2).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SQLGEN_H
#define SQLGEN_H

#include "changelog.h"

/* Is the change type one this module generates SQL for? */
extern bool cl_sqlgen_supports(const char *type);

/*
 * The statements (List of palloc'd char *, without trailing ';') that change
 * c of changeset cs runs, in order.  Identifiers and literals are quoted with
 * the server's quote_identifier / quote_literal rules under the changeset's
 * objectQuotingStrategy.  May read the live catalog through SPI (the caller
 * is connected), e.g. dropAllForeignKeyConstraints.  ERROR on invalid input,
 * naming the change's file and line.
 */
extern List *cl_sqlgen_change(const ClChangeSet *cs, const ClChange *c);

/*
 * Liquibase's automatic rollback of c: the statements, in order, or NIL with
 * *supported = false when Liquibase cannot invert this change type.
 */
extern List *cl_sqlgen_rollback(const ClChangeSet *cs, const ClChange *c,
								bool *supported);

#endif							/* SQLGEN_H */
