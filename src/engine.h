/*-------------------------------------------------------------------------
 *
 * engine.h
 *	  Running a command over a parsed changelog.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ENGINE_H
#define ENGINE_H

#include "access/tupdesc.h"
#include "utils/tuplestore.h"

#include "changelog.h"

typedef enum ClCommand
{
	CL_CMD_UPDATE,
	CL_CMD_SYNC,
	CL_CMD_STATUS,				/* read-only commands: cl_inspect() */
	CL_CMD_VALIDATE,
	CL_CMD_UNEXPECTED,
	CL_CMD_UPDATE_SQL			/* preview: the statements update would run */
} ClCommand;

typedef struct ClRunOptions
{
	ClCommand	command;
	char	   *changelog_file;
	char	   *changelog_text; /* NULL: read changelog_file under base_dir */
	size_t		changelog_len;
	char	   *base_dir;
	ClRunFilter filter;
	List	   *parameters;		/* ClProperty from the jsonb argument */
	bool		commit_each;	/* procedure: commit after every changeset */
	int			count;			/* apply at most this many (update-count), -1 = all */
	char	   *to_tag;			/* stop after the changeset tagging this */
	bool		dry_run;		/* do everything, report it, roll it back */
	bool		evaluate_preconditions; /* sync: preconditions decide */
	bool		strict;			/* a tag, context or label matching nothing is an error */
} ClRunOptions;

/* Check the filters and parse the changelog tree the options name. */
extern ClChangeLog *cl_parse_source(ClRunOptions *opts);

/*
 * Run the command; one result row per changeset goes to tupstore (which may
 * be NULL: the procedure reports with NOTICEs only).
 */
extern void cl_run(ClRunOptions *opts, Tuplestorestate *tupstore,
				   TupleDesc tupdesc);

/*
 * Read-only commands: status (what would run and why), validate (problems as
 * rows), unexpected (history rows the changelog does not have).
 */
extern void cl_inspect(ClRunOptions *opts, Tuplestorestate *tupstore,
					   TupleDesc tupdesc);

#endif							/* ENGINE_H */
