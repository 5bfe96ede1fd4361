/*-------------------------------------------------------------------------
 *
 * sqlgen.c
 *	  SQL generation for Liquibase change types (placeholder: being written).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "changelog.h"
#include "sqlgen.h"

bool
cl_sqlgen_supports(const char *type)
{
	return false;
}

List *
cl_sqlgen_change(const ClChangeSet *cs, const ClChange *c)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("change type \"%s\" is not supported yet", c->type)));
	return NIL;
}

List *
cl_sqlgen_rollback(const ClChangeSet *cs, const ClChange *c, bool *supported)
{
	*supported = false;
	return NIL;
}
