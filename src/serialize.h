/*-------------------------------------------------------------------------
 *
 * serialize.h
 *	  Liquibase's change serialisation (the text a generic change's checksum
 *	  hashes) and the DESCRIPTION column.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SERIALIZE_H
#define SERIALIZE_H

#include "changelog.h"

/* "createTable:[\n    columns=[ ..." exactly as Liquibase 4.28 hashes it. */
extern char *cl_serialize_change(const ClChange *change, int version);
/* The same for a modifySql visitor (version 9 excludes dbms/context/labels). */
extern char *cl_serialize_visitor(const ClNode *visitor, int version);
/* One change's description: "createTable tableName=person". */
extern char *cl_change_description(const ClChange *change);
/* DESCRIPTION column: descriptions joined by "; ", "empty", cut at 250. */
extern char *cl_changeset_description(const ClChangeSet *cs);

#endif							/* SERIALIZE_H */
