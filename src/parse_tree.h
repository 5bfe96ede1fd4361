/*-------------------------------------------------------------------------
 *
 * parse_tree.h
 *	  What the XML, YAML and JSON parsers share: the element and attribute
 *	  vocabulary of dbchangelog-4.28.xsd, and the builders that turn an
 *	  element's attributes into model structures, so that every format
 *	  yields identical ClChangeSet / ClChange / ClPreconditions values.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PARSE_TREE_H
#define PARSE_TREE_H

#include "changelog.h"

/* What a change or precondition element may contain besides attributes. */
#define CLS_COLUMNS		0x0001	/* <column>* -> list "columns" */
#define CLS_CONSTRAINTS	0x0002	/* a column may nest <constraints> */
#define CLS_WHERE		0x0004	/* <where> text -> "where" */
#define CLS_WHEREPARAMS 0x0008	/* <whereParams><param/>* -> list "whereParams" */
#define CLS_COMMENT		0x0010	/* <comment> text -> "comment" */
#define CLS_ARGS		0x0020	/* <arg value=""/>* -> list "args" */
#define CLS_PARAMS		0x0040	/* <param name="" value=""/>* -> list "params" */
#define CLS_DIRECT		0x0080	/* a YAML/JSON scalar value is the text field */
#define CLS_NESTED		0x0100	/* and / or / not: nested preconditions */
#define CLS_FILE_TEXT	0x0200	/* path= names a file read into file_text */
#define CLS_COLUMN_TEXT 0x0400	/* column element text is its "value" */

typedef struct ClSchemaElem
{
	const char *name;			/* element name = change / precondition type */
	const char *const *attrs;	/* allowed attributes, NULL-terminated */
	const char *text_field;		/* element text goes to this field, or NULL */
	int			flags;			/* CLS_* */
	const char *const *column_attrs;	/* attributes of a nested <column> */
} ClSchemaElem;

extern const ClSchemaElem *cl_schema_change(const char *name);
extern const ClSchemaElem *cl_schema_precondition(const char *name);
extern bool cl_schema_allows(const char *const *attrs, const char *name);
extern const char *const *cl_schema_constraints_attrs(void);
/* Calls add for every element and attribute name of the schema (repeats included). */
extern void cl_schema_vocabulary(void (*add) (const char *name));
extern const char *const *cl_schema_param_attrs(void);

/* Attribute vocabularies of the structural elements. */
extern const char *const cl_changelog_attrs[];
extern const char *const cl_changeset_attrs[];
extern const char *const cl_property_attrs[];
extern const char *const cl_include_attrs[];
extern const char *const cl_include_all_attrs[];
extern const char *const cl_preconditions_attrs[];
extern const char *const cl_modify_sql_attrs[];
extern const char *const cl_rollback_attrs[];

/* Java's String.trim(): strip chars <= ' ' at both ends; NULL when empty. */
extern char *cl_java_trim(const char *s);

/* Java's Boolean.valueOf(String). */
extern bool cl_java_bool(const char *s);

/* Java's Double.toString(double). */
extern char *cl_java_double(double d);

/*
 * Builders shared by all formats.  attrs is a CLN_OBJECT of expanded
 * scalar attributes (NULL values mean "absent").
 */
extern void cl_apply_changelog_attrs(ClFile *file, ClNode *attrs, int line);
extern ClChangeSet *cl_build_changeset(ClFile *file, ClNode *attrs, int line);
extern ClPreconditions *cl_build_preconditions(ClFile *file, ClNode *attrs,
											   bool changelog_level, int line);
extern void cl_handle_property(ClParseState *st, ClFile *file, ClNode *attrs,
							   int line);
extern void cl_handle_include(ClParseState *st, ClFile *file, ClNode *attrs,
							  int line);
extern void cl_handle_include_all(ClParseState *st, ClFile *file,
								  ClNode *attrs, int line);
extern ClNode *cl_build_visitor(ClFile *file, const char *type, ClNode *attrs,
								ClNode *modattrs, int line);
extern void cl_finish_change(ClParseState *st, ClFile *file, ClChange *ch);
extern void cl_set_comments(ClChangeSet *cs, List *comments);
extern List *cl_remove_property_rule(List *rules, ClFile *file, ClNode *attrs,
									 int line);
extern void cl_apply_remove_rules(List *rules, ClFile *file, ClChange *ch);
extern bool cl_changeset_dbms_skipped(ClChangeSet *cs);
extern const char *const cl_remove_property_attrs[];

/*
 * Finding a repeated key while a YAML or JSON map is built: the position of
 * obj's field called name (-1 if none), and the note that a field was
 * appended.  *keys is the map's index, built once it has more than a few
 * fields (NULL before), so that a map of n keys costs O(n), not O(n^2).
 */
typedef struct ClKeyIndex ClKeyIndex;
extern int	cl_field_position(const ClNode *obj, const char *name,
							  ClKeyIndex **keys);
extern void cl_field_appended(const ClNode *obj, ClKeyIndex **keys);
/* The same index for any names: find a name's position, record or move it. */
extern int	cl_keyindex_find(const ClKeyIndex *ki, const char *name);
extern void cl_keyindex_set(ClKeyIndex **ki, const char *name, int position);


#endif							/* PARSE_TREE_H */
