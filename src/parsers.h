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
 * YAML and JSON share one tree walker: both libraries' output is first turned
 * into a ClNode tree (objects, lists, scalars), then this builds the model.
 */
extern void cl_build_from_tree(ClParseState *st, ClFile *file, ClNode *root);
extern void cl_tree_release(MemoryContext treecxt, ClNode *root);

#endif							/* PARSERS_H */
