/*-------------------------------------------------------------------------
 *
 * serialize.h
 *	  Liquibase's change serialisation (the text a generic change's checksum
 *	  hashes) and the DESCRIPTION column.
 *
 * The serialisation reproduces Liquibase 4.28's StringChangeLogSerializer
 * applied to the change object as Liquibase would have loaded it from the
 * changelog (ColumnConfig value parsing, boolean/integer conversion, YAML
 * 1.1 typing of unquoted scalars, getter defaults, excluded fields).
 *
 * The returned text is exactly what Liquibase feeds to MD5: line endings
 * standardised to LF, U+FFFD removed, NFC-normalised, and always encoded
 * in UTF-8 (converted from the server encoding if that is not UTF-8).
 * The caller only has to MD5 it.
 *
 * What the caller (checksum.c) composes itself:
 *	- sql / sqlFile: whitespace-stripped text hash (not this module).
 *	- loadData / loadUpdateData: table name + CSV stream hash (not this
 *	  module).
 *	- createView / createProcedure, version 9: cl_serialize_change returns
 *	  the serialisation WITHOUT the excluded fields (createView: selectQuery,
 *	  path, relativeToChangelogFile, encoding; createProcedure: path, dbms,
 *	  relativeToChangelogFile, procedureText, encoding, comments), and the
 *	  change hex is MD5("9:" + MD5(that) + ":9:" + MD5(stripWS(body))), where
 *	  body is the selectQuery / procedureText or the path file's text after
 *	  ${} expansion.
 *	- createView / createProcedure, version 8: nothing is excluded (the body
 *	  is serialised as selectQuery / procedureBody); without a path the
 *	  change hex is MD5(serialisation), with a path it is
 *	  MD5("8:" + MD5(serialisation) + ":8:" + <v8 normalised file hash>).
 *	- Every other type: change hex = MD5(cl_serialize_change(...)).
 *	- modifySql visitors: visitor hex = MD5(cl_serialize_visitor(...));
 *	  NULL means "not a visitor Liquibase knows" (Liquibase ignores such an
 *	  element entirely, so it contributes nothing to the checksum).
 *
 *-------------------------------------------------------------------------
 */
#ifndef SERIALIZE_H
#define SERIALIZE_H

#include "changelog.h"

/*
 * Flags for cl_serialize_change_ext.
 *
 * CL_SERIALIZE_NO_SEQUENCE_SCHEMA: Liquibase 4.28 records insert/update
 * changes whose schemaName is set with valueSequenceNext/Current prefixed by
 * "schema." (its statement generation mutates the column before the MD5SUM
 * is written), but any later recomputation sees the unprefixed name and
 * fails validation.  The default (flags = 0) reproduces the recorded value;
 * this flag gives the recomputed one, so a validator may accept either.
 */
#define CL_SERIALIZE_NO_SEQUENCE_SCHEMA	0x0001

/* "createTable:[\n    columns=[ ..." exactly as Liquibase 4.28 hashes it. */
extern char *cl_serialize_change(const ClChange *change, int version);
extern char *cl_serialize_change_ext(const ClChange *change, int version,
									 int flags);
/*
 * The same for a modifySql visitor (version 9 excludes dbms/context/labels).
 * Returns NULL for a visitor type Liquibase does not know.
 */
extern char *cl_serialize_visitor(const ClNode *visitor, int version);
/* One change's description: "createTable tableName=person" (server encoding). */
extern char *cl_change_description(const ClChange *change);
/* DESCRIPTION column: descriptions joined by "; ", "empty", cut at 250. */
extern char *cl_changeset_description(const ClChangeSet *cs);

#endif							/* SERIALIZE_H */
