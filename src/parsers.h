/*-------------------------------------------------------------------------
 *
 * parsers.h
 *	  One parser per changelog format; each fills the model of changelog.h.
 *
 * Every parser gets the parse state and the file (content already read and
 * validated), adds changesets with cl_add_changeset, and calls cl_include /
 * cl_include_all / cl_define_property for the structural elements.  No
 * library type leaves its parse_*.c file.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PARSERS_H
#define PARSERS_H

#include "changelog.h"

extern void cl_parse_sql(ClParseState *st, ClFile *file);
extern void cl_parse_xml(ClParseState *st, ClFile *file);
extern void cl_parse_yaml(ClParseState *st, ClFile *file);
extern void cl_parse_json(ClParseState *st, ClFile *file);

/*
 * YAML and JSON share one tree walker: both libraries' output is turned into
 * ClNode trees (objects, lists, scalars), from which this builds the model.
 * cl_build_from_tree takes the whole document as one tree (release, if not
 * NULL, is told when entry i of the list is done with); the entries of
 * databaseChangeLog can also come one at a time (ClEntryOps), so that only
 * one entry's tree exists at a time.
 */
extern void cl_build_from_tree(ClParseState *st, ClFile *file, ClNode *root,
							   void (*release) (void *arg, ClNode *list, int i),
							   void *release_arg);
extern void cl_tree_release(MemoryContext treecxt, ClNode *root);

typedef struct ClEntryOps
{
	/* entry i's kind (CLN_*) and line, without building its tree */
	ClNodeKind	(*kind) (void *arg, int i, int *line);
	/* does object entry i have a key for which wanted() holds? */
	bool		(*has_key) (void *arg, int i, bool (*wanted) (const char *key));
	/* entry i's tree, built in CurrentMemoryContext; any i, any order */
	ClNode	   *(*get) (void *arg, int i);
	/* entry i is done with (the last call for it) */
	void		(*release) (void *arg, int i);
	/* get builds a new tree each time (not the document's own nodes) */
	bool		fresh;
} ClEntryOps;

/*
 * The shape of a YAML/JSON document before its entries are built: errors
 * for a document that is not { databaseChangeLog: [ ... ] }; false for an
 * empty changelog (databaseChangeLog: null).  root_empty: null, {} or [].
 */
extern bool cl_check_changelog_root(ClFile *file, int root_line,
									ClNodeKind root_kind, bool root_empty,
									bool dcl_found, int dcl_line,
									ClNodeKind dcl_kind, bool dcl_null);

/* the count entries of the databaseChangeLog list at dcl_line, through ops */
extern void cl_build_from_entries(ClParseState *st, ClFile *file,
								  const ClEntryOps *ops, void *arg,
								  int count, int dcl_line);

#endif							/* PARSERS_H */
