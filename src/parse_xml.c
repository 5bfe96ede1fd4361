/*-------------------------------------------------------------------------
 *
 * parse_xml.c
 *	  XML changelogs (dbchangelog-4.28.xsd) through libxml2.
 *
 * libxml2 is used through the server's wrapper, as contrib/xml2 does:
 * pg_xml_init / PG_TRY / pg_xml_done, errors reported with xml_ereport.
 * The document is read by libxml's SAX2 push parser with XML_PARSE_NONET,
 * without NOENT, DTDLOAD or HUGE, and with no entity, DTD or resolver
 * callbacks, so no external entity or DTD is ever read; a DOCTYPE stops
 * the parse at once and is refused.  The SAX events build a small tree of
 * our own (XNode, in a memory context of the parse): each child of
 * databaseChangeLog is copied into palloc'd model structures once its end
 * tag is read, a batch at a time, and its nodes are then freed, so the tree
 * never holds the whole document.  libxml builds no tree at all (its
 * tree, malloc'd node by node and freed again, had cost three times the
 * parse itself).
 *
 * Names are matched by local name in the Liquibase namespace (or no
 * namespace).  Attributes in another namespace (xsi:schemaLocation, ...)
 * are ignored; the schema location is never fetched.  Unknown elements and
 * attributes are errors, as Liquibase's XSD validation makes them.
 *
 * As in Liquibase, attribute values and element text are ${}-expanded
 * (cl_expand) when their top-level element is handled; element text is
 * trimmed like Java's String.trim().  The databaseChangeLog element's own
 * attributes are not expanded.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/xml.h"

#include "changelog.h"
#include "parse_tree.h"
#include "parsers.h"

#define LB_NAMESPACE "http://www.liquibase.org/xml/ns/dbchangelog"

/* An attribute in no namespace: local name (libxml's dictionary), UTF-8 value */
typedef struct XAttr
{
	const char *name;
	char	   *value;
	int			len;
} XAttr;

/*
 * A node of the document as the SAX events give it: an element, or the text
 * (or one CDATA section) between two elements or comments of one parent.
 * Names and namespace URIs point into libxml's dictionary, which outlives
 * every node; values and text are copies.
 */
typedef struct XNode XNode;
struct XNode
{
	bool		is_elem;
	bool		cdata;			/* text: a CDATA section's (kept apart, as a
								 * tree keeps it, for libxml's text limit) */
	int			line;
	const char *name;			/* element: local name */
	const char *href;			/* element: namespace URI, or NULL */
	int			nattrs;
	XAttr	   *attrs;
	XNode	   *parent;
	XNode	   *children;
	XNode	   *last;
	XNode	   *next;
	char	   *content;		/* text: NUL-terminated UTF-8 */
	int			len;
	int			cap;
};

typedef struct XmlWalk
{
	ClParseState *st;
	ClFile	   *file;
	xmlParserCtxtPtr ctxt;
	MemoryContext root_cxt;		/* the root element and its attributes */
	MemoryContext node_cxt;		/* the root's children read so far */
	XNode	   *root;			/* databaseChangeLog, once started */
	XNode	   *cur;			/* the element being read */
	int			pending;		/* complete children of the root not built */
	bool		split_text;		/* a comment or PI ends the text node */
	bool		doctype;		/* a DOCTYPE was seen: parse stopped */
	bool		oom;			/* out of memory in a callback: parse stopped */
	int			depth;			/* elements open */
	const char *limit;			/* a limit of libxml's passed: parse stopped */
	int			limit_line;
	ErrorData  *build_error;	/* a changelog error, thrown after the parse */
	ErrorData  *fatal;			/* a cancel or server error: parse stopped */
	List	   *remove_rules;	/* removeChangeSetProperty (char *) */
} XmlWalk;

/* bytes handed to libxml's push parser at a time */
#define CL_XML_CHUNK 65536
/* complete children of the root built at a time */
#define CL_XML_BATCH 64

/*
 * The most attributes (namespace declarations included) one start tag may
 * have.  libxml2 checks a tag's attributes for duplicates pairwise, inside
 * one call that cannot be interrupted: a tag of 300,000 attributes keeps a
 * backend deaf to cancels for 20 seconds.  Liquibase's widest element has
 * about 30.
 */
#define CL_XML_MAX_ATTRIBUTES 1000

/*
 * The most namespace declarations in scope at an element: libxml2 looks a
 * name's prefix up among all of them, for every element and attribute.  A
 * changelog declares three or four, on its root.
 */
#define CL_XML_MAX_NAMESPACES 100
/* distinct names (elements, attributes, prefixes) a document may use */
#define CL_XML_MAX_NAMES 100000
/* nesting the scan follows (past libxml's 256 levels it is an error anyway) */
#define CL_XML_SCAN_DEPTH 300

static bool x_is_elem(XmlWalk *w, XNode *n);
static void x_check_markup(ClFile *file, const char *s, size_t len);
static ClNode *x_attrs(XmlWalk *w, XNode *n, const char *const *allowed,
					   bool expand);
static char *x_text(XmlWalk *w, XNode *n, bool expand);
static void x_no_text(XmlWalk *w, XNode *n);
static void x_blank_text(XmlWalk *w, XNode *n, XNode *c);
static void x_no_children(XmlWalk *w, XNode *n);
static void x_unexpected(XmlWalk *w, XNode *parent, XNode *child,
						 const char *expected);
static void x_root_begin(XmlWalk *w, XNode *root);
static void x_root_child(XmlWalk *w, XNode *root, XNode *c);
static ClPreconditions *x_preconditions(XmlWalk *w, XNode *n,
										bool changelog_level);
static ClPrecondition *x_precondition(XmlWalk *w, XNode *n);
static void x_changeset(XmlWalk *w, XNode *n);
static ClChange *x_change(XmlWalk *w, XNode *n);
static void x_column(XmlWalk *w, ClChange *ch, XNode *n,
					 const ClSchemaElem *spec);
static void x_item_list(XmlWalk *w, ClNode *attrs, XNode *n,
						const char *listname, const char *const *allowed,
						bool text_is_value);
static void x_rollback(XmlWalk *w, ClChangeSet *cs, XNode *n);
static void x_modify_sql(XmlWalk *w, ClChangeSet *cs, XNode *n);

#define x_line(n) ((n)->line)
#define x_name(n) ((n)->name)

/* libxml's UTF-8 in a palloc'd string: converted in place of it (freed), or itself. */
static char *
x_own(char *s)
{
	char	   *r = pg_any_to_server(s, strlen(s), PG_UTF8);

	if (r != s)
		pfree(s);
	return r;
}

/* ${} expansion that frees the text it replaces (the parse keeps no garbage) */
static char *
x_expand(XmlWalk *w, char *s)
{
	char	   *r;

	if (!cl_has_property_ref(s))
		return s;				/* nothing to expand: no copy */
	r = cl_expand(w->st, w->file, s);

	if (r != s)
		pfree(s);
	return r;
}

/*
 * Is n an element we should look at?  Text is skipped (it is checked
 * separately); an element of another namespace is an error.
 */
static bool
x_is_elem(XmlWalk *w, XNode *n)
{
	if (!n->is_elem)
		return false;
	if (n->href != NULL && strcmp(n->href, LB_NAMESPACE) != 0)
		cl_parse_error(w->file, x_line(n), 0,
					   "Only elements of the namespace \"" LB_NAMESPACE "\" are supported.",
					   "unsupported element \"%s\" of namespace \"%s\"",
					   x_name(n), n->href);
	return true;
}

/* The element's attributes (in no namespace), checked against allowed. */
static ClNode *
x_attrs(XmlWalk *w, XNode *n, const char *const *allowed, bool expand)
{
	ClNode	   *attrs = cl_node_object(x_name(n), x_line(n));
	int			i;

	for (i = 0; i < n->nattrs; i++)
	{
		const char *name = n->attrs[i].name;
		char	   *value;

		if (!cl_schema_allows(allowed, name))
		{
			StringInfoData hint;
			const char *const *p;

			initStringInfo(&hint);
			if (allowed == NULL || allowed[0] == NULL)
				appendStringInfo(&hint, "Element \"%s\" has no attributes.",
								 x_name(n));
			else
			{
				appendStringInfo(&hint, "Element \"%s\" allows: ", x_name(n));
				for (p = allowed; *p; p++)
					appendStringInfo(&hint, "%s%s", p == allowed ? "" : ", ", *p);
				appendStringInfoChar(&hint, '.');
			}
			cl_parse_error(w->file, x_line(n), 0, hint.data,
						   "unexpected attribute \"%s\" on element \"%s\"",
						   name, x_name(n));
		}
		value = cl_parser_text(n->attrs[i].value, n->attrs[i].len);
		if (expand)
			value = x_expand(w, value);
		cl_node_add(attrs, cl_node_scalar_own(name, value, x_line(n)));
	}
	return attrs;
}

/*
 * The element's own text (its text and CDATA, not its elements'), trimmed
 * as Java does; NULL when blank.
 */
static char *
x_text(XmlWalk *w, XNode *n, bool expand)
{
	StringInfoData buf;
	XNode	   *c;
	XNode	   *only = NULL;
	int			ntext = 0;
	char	   *t;

	for (c = n->children; c != NULL; c = c->next)
	{
		if (!c->is_elem)
		{
			only = c;
			ntext++;
		}
	}
	if (ntext == 0)
		return NULL;
	if (ntext == 1)
		t = cl_java_trim(only->content);
	else
	{
		initStringInfo(&buf);
		for (c = n->children; c != NULL; c = c->next)
			if (!c->is_elem)
				appendBinaryStringInfo(&buf, c->content, c->len);
		t = cl_java_trim(buf.data);
		pfree(buf.data);
	}
	if (t == NULL)
		return NULL;
	t = x_own(t);
	return expand ? x_expand(w, t) : t;
}

/* only what Java's trim() removes */
static bool
x_blank(const char *s)
{
	for (; *s; s++)
		if ((unsigned char) *s > ' ')
			return false;
	return true;
}

static void
x_no_text(XmlWalk *w, XNode *n)
{
	XNode	   *c;

	for (c = n->children; c != NULL; c = c->next)
		x_blank_text(w, n, c);
}

/* child c of n: text in it must be blank */
static void
x_blank_text(XmlWalk *w, XNode *n, XNode *c)
{
	if (!c->is_elem && !x_blank(c->content))
		cl_parse_error(w->file, x_line(c) ? x_line(c) : x_line(n), 0, NULL,
					   "unexpected text in element \"%s\"", x_name(n));
}

/* an element that may hold no elements */
static void
x_no_children(XmlWalk *w, XNode *n)
{
	XNode	   *c;

	for (c = n->children; c != NULL; c = c->next)
		if (x_is_elem(w, c))
			x_unexpected(w, n, c, NULL);
}

static void
x_unexpected(XmlWalk *w, XNode *parent, XNode *child,
			 const char *expected)
{
	cl_parse_error(w->file, x_line(child), 0,
				   expected ? psprintf("Element \"%s\" may contain: %s.",
									   x_name(parent), expected) : NULL,
				   "unexpected element \"%s\" in \"%s\"",
				   x_name(child), x_name(parent));
}

/* ---------- databaseChangeLog ---------- */

static void
x_root_begin(XmlWalk *w, XNode *root)
{
	if (!x_is_elem(w, root) || strcmp(x_name(root), "databaseChangeLog") != 0)
		cl_parse_error(w->file, x_line(root), 0,
					   "An XML changelog's root element is <databaseChangeLog xmlns=\"" LB_NAMESPACE "\">.",
					   "unexpected root element \"%s\"", x_name(root));
	cl_apply_changelog_attrs(w->file,
							 x_attrs(w, root, cl_changelog_attrs, false),
							 x_line(root));
}

/* The changelog entries that are one element of attributes, and their handlers. */
typedef struct XSimpleEntry
{
	const char *name;
	const char *const *attrs;
	void		(*handle) (ClParseState *st, ClFile *file, ClNode *attrs, int line);
} XSimpleEntry;

static const XSimpleEntry *
x_simple_entry(const char *name)
{
	static const XSimpleEntry entries[] = {
		{"include", cl_include_attrs, cl_handle_include},
		{"includeAll", cl_include_all_attrs, cl_handle_include_all},
		{"property", cl_property_attrs, cl_handle_property},
	};
	size_t		i;

	for (i = 0; i < lengthof(entries); i++)
		if (strcmp(name, entries[i].name) == 0)
			return &entries[i];
	return NULL;
}

static void
x_root_child(XmlWalk *w, XNode *root, XNode *c)
{
	const char *name;
	int			line;
	const XSimpleEntry *simple;

	if (!x_is_elem(w, c))
	{
		x_blank_text(w, root, c);
		return;
	}
	CHECK_FOR_INTERRUPTS();
	name = x_name(c);
	line = x_line(c);
	if (strcmp(name, "changeSet") == 0)
	{
		x_changeset(w, c);
	}
	else if ((simple = x_simple_entry(name)) != NULL)
	{
		x_no_text(w, c);
		x_no_children(w, c);
		simple->handle(w->st, w->file, x_attrs(w, c, simple->attrs, true), line);
	}
	else if (strcmp(name, "preConditions") == 0)
	{
		cl_add_file_preconditions(w->st, w->file,
								  x_preconditions(w, c, true));
	}
	else if (strcmp(name, "removeChangeSetProperty") == 0)
	{
		x_no_text(w, c);
		x_no_children(w, c);
		w->remove_rules =
			cl_remove_property_rule(w->remove_rules, w->file,
									x_attrs(w, c, cl_remove_property_attrs, true),
									line);
	}
	else if (strcmp(name, "modifyChangeSets") == 0)
		cl_parse_error(w->file, line, 0,
					   "Only runWith=\"jdbc\" can run inside the server; include the files directly.",
					   "element \"%s\" is not supported", name);
	else
		x_unexpected(w, root, c,
					 "removeChangeSetProperty, property, preConditions, changeSet, include, includeAll");
}

/* ---------- preconditions ---------- */

static ClPreconditions *
x_preconditions(XmlWalk *w, XNode *n, bool changelog_level)
{
	ClPreconditions *pre;
	XNode	   *c;

	pre = cl_build_preconditions(w->file,
								 x_attrs(w, n, cl_preconditions_attrs, true),
								 changelog_level, x_line(n));
	x_no_text(w, n);
	for (c = n->children; c != NULL; c = c->next)
	{
		if (!x_is_elem(w, c))
			continue;
		pre->conditions = lappend(pre->conditions, x_precondition(w, c));
	}
	return pre;
}

static ClPrecondition *
x_precondition(XmlWalk *w, XNode *n)
{
	const ClSchemaElem *spec = cl_schema_precondition(x_name(n));
	ClPrecondition *pc;
	XNode	   *c;

	check_stack_depth();
	if (spec == NULL)
		cl_parse_error(w->file, x_line(n), 0,
					   "Preconditions are and, or, not, dbms, runningAs, changeSetExecuted, tableExists, columnExists, sequenceExists, foreignKeyConstraintExists, indexExists, uniqueConstraintExists, primaryKeyExists, viewExists, tableIsEmpty, rowCount, sqlCheck, changeLogPropertyDefined, expectedQuotingStrategy and customPrecondition.",
					   "unknown precondition \"%s\"", x_name(n));
	pc = palloc0(sizeof(ClPrecondition));
	pc->type = pstrdup(spec->name);
	pc->line = x_line(n);
	pc->attrs = x_attrs(w, n, spec->attrs, true);
	if (spec->text_field)
	{
		char	   *t = x_text(w, n, true);

		if (t)
			cl_node_set(pc->attrs, spec->text_field, t, pc->line);
	}
	else
		x_no_text(w, n);
	for (c = n->children; c != NULL; c = c->next)
	{
		if (!x_is_elem(w, c))
			continue;
		if (spec->flags & CLS_NESTED)
			pc->children = lappend(pc->children, x_precondition(w, c));
		else if ((spec->flags & CLS_PARAMS) && strcmp(x_name(c), "param") == 0)
		{
			static const char *const param_attrs[] = {"name", "value", NULL};

			x_item_list(w, pc->attrs, c, "params", param_attrs, false);
		}
		else
			x_unexpected(w, n, c, NULL);
	}
	if ((spec->flags & CLS_NESTED) && pc->children == NIL)
		cl_parse_error(w->file, pc->line, 0, NULL,
					   "precondition \"%s\" needs at least one nested precondition",
					   spec->name);
	return pc;
}

/* ---------- changeSet ---------- */

/*
 * The order dbchangelog-4.28.xsd gives a changeSet's children, which the
 * Liquibase 4.28 CLI always validates (it even refuses a changelog that
 * names no schema; this extension accepts those): validCheckSum
 * elements, at most one preConditions, then comments, changes and rollbacks
 * in any order, then modifySql elements.  Returns the new stage: 0 start,
 * 1 after preConditions, 2 in the body, 3 in modifySql.
 */
static int
x_changeset_order(XmlWalk *w, ClChangeSet *cs, XNode *c, const char *name,
				  int stage)
{
	int			next;
	const char *after;

	if (strcmp(name, "validCheckSum") == 0)
		next = 0;
	else if (strcmp(name, "preConditions") == 0)
		next = 1;
	else if (strcmp(name, "modifySql") == 0)
		next = 3;
	else
		next = 2;
	if (next >= stage)
		return next;
	after = stage == 1 ? "preConditions" : stage == 2 ? "a comment, change or rollback" : "modifySql";
	cl_parse_error(w->file, x_line(c), 0,
				   "The order in a changeSet (dbchangelog-4.28.xsd) is: validCheckSum, preConditions, "
				   "then comment, changes and rollback, then modifySql.",
				   "element \"%s\" must not follow %s in changeSet \"%s\"",
				   name, after, cs->id);
	return stage;				/* not reached */
}

static void
x_changeset(XmlWalk *w, XNode *n)
{
	ClChangeSet *cs;
	List	   *comments = NIL;
	XNode	   *c;
	XNode	   *k;
	int			stage = 0;

	CHECK_FOR_INTERRUPTS();
	cs = cl_build_changeset(w->file, x_attrs(w, n, cl_changeset_attrs, true),
							x_line(n));
	x_no_text(w, n);
	/* Liquibase never loads a changeset for another database: reported only */
	if (cl_changeset_dbms_skipped(cs))
	{
		cl_add_changeset(w->st, w->file, cs);
		return;
	}
	for (c = n->children; c != NULL; c = c->next)
	{
		const char *name;

		if (!x_is_elem(w, c))
			continue;
		name = x_name(c);
		stage = x_changeset_order(w, cs, c, name, stage);
		if (strcmp(name, "comment") == 0)
		{
			x_attrs(w, c, NULL, false);
			x_no_children(w, c);
			comments = lappend(comments, x_text(w, c, true));
		}
		else if (strcmp(name, "validCheckSum") == 0)
		{
			char	   *t;

			x_attrs(w, c, NULL, false);
			for (k = c->children; k; k = k->next)
				if (x_is_elem(w, k) && strcmp(x_name(k), "comment") != 0)
					x_unexpected(w, c, k, "comment");
			t = x_text(w, c, true);
			if (t)
				cs->validCheckSums = lappend(cs->validCheckSums, t);
		}
		else if (strcmp(name, "preConditions") == 0)
		{
			if (cs->preconditions)
				cl_parse_error(w->file, x_line(c), 0, NULL,
							   "changeSet \"%s\" has more than one preConditions element",
							   cs->id);
			cs->preconditions = x_preconditions(w, c, false);
		}
		else if (strcmp(name, "rollback") == 0)
			x_rollback(w, cs, c);
		else if (strcmp(name, "modifySql") == 0)
			x_modify_sql(w, cs, c);
		else
			cs->changes = lappend(cs->changes, x_change(w, c));
	}
	cl_set_comments(cs, comments);
	cl_add_changeset(w->st, w->file, cs);
}

/* ---------- changes ---------- */

static ClChange *
x_change(XmlWalk *w, XNode *n)
{
	const ClSchemaElem *spec = cl_schema_change(x_name(n));
	ClChange   *ch;
	ClNode	   *attrs;
	ListCell   *lc;
	XNode	   *c;
	int			line = x_line(n);

	CHECK_FOR_INTERRUPTS();
	if (spec == NULL)
		cl_parse_error(w->file, line, 0,
					   "Check the spelling and capitalization of the change type; extensions are not supported.",
					   "unknown change type \"%s\"", x_name(n));
	ch = cl_new_change(w->file, spec->name, line);
	attrs = x_attrs(w, n, spec->attrs, true);
	foreach(lc, attrs->items)
		cl_node_add(ch->attrs, (ClNode *) lfirst(lc));

	for (c = n->children; c != NULL; c = c->next)
	{
		const char *name;

		if (!x_is_elem(w, c))
			continue;
		name = x_name(c);
		if ((spec->flags & CLS_COLUMNS) && strcmp(name, "column") == 0)
			x_column(w, ch, c, spec);
		else if (((spec->flags & CLS_WHERE) && strcmp(name, "where") == 0) ||
				 ((spec->flags & CLS_COMMENT) && strcmp(name, "comment") == 0))
		{
			char	   *t;

			x_attrs(w, c, NULL, false);
			x_no_children(w, c);
			if (cl_node_get(ch->attrs, name))
				cl_parse_error(w->file, x_line(c), 0, NULL,
							   "element \"%s\" appears more than once in \"%s\"",
							   name, spec->name);
			t = x_text(w, c, true);
			if (t)
				cl_node_set(ch->attrs, name, t, x_line(c));
		}
		else if ((spec->flags & CLS_WHEREPARAMS) && strcmp(name, "whereParams") == 0)
		{
			XNode	   *k;

			x_attrs(w, c, NULL, false);
			for (k = c->children; k; k = k->next)
			{
				if (!x_is_elem(w, k))
					continue;
				if (strcmp(x_name(k), "param") != 0)
					x_unexpected(w, c, k, "param");
				x_item_list(w, ch->attrs, k, "whereParams",
							cl_schema_param_attrs(), false);
			}
		}
		else if ((spec->flags & CLS_ARGS) && strcmp(name, "arg") == 0)
		{
			static const char *const arg_attrs[] = {"value", NULL};

			x_item_list(w, ch->attrs, c, "args", arg_attrs, false);
		}
		else if ((spec->flags & CLS_PARAMS) && strcmp(name, "param") == 0)
		{
			static const char *const param_attrs[] = {"name", "value", NULL};

			x_item_list(w, ch->attrs, c, "params", param_attrs, true);
		}
		else
		{
			StringInfoData exp;

			initStringInfo(&exp);
			if (spec->flags & CLS_COLUMNS)
				appendStringInfoString(&exp, "column");
			if (spec->flags & CLS_WHERE)
				appendStringInfoString(&exp, ", where, whereParams");
			if (spec->flags & CLS_COMMENT)
				appendStringInfo(&exp, "%scomment", exp.len ? ", " : "");
			if (spec->flags & CLS_ARGS)
				appendStringInfo(&exp, "%sarg", exp.len ? ", " : "");
			if (spec->flags & CLS_PARAMS)
				appendStringInfo(&exp, "%sparam", exp.len ? ", " : "");
			if (exp.len == 0)
				cl_parse_error(w->file, x_line(c), 0, NULL,
							   "unexpected element \"%s\" in \"%s\"; \"%s\" has no nested elements",
							   name, spec->name, spec->name);
			x_unexpected(w, n, c, exp.data);
		}
	}

	/* element text */
	if (spec->text_field)
	{
		char	   *t = x_text(w, n, true);

		if (t)
			cl_node_set(ch->attrs, spec->text_field, t, line);
	}
	else if (strcmp(spec->name, "update") != 0 &&
			 strcmp(spec->name, "delete") != 0 &&
			 strcmp(spec->name, "loadData") != 0 &&
			 strcmp(spec->name, "loadUpdateData") != 0)
		x_no_text(w, n);

	cl_apply_remove_rules(w->remove_rules, w->file, ch);
	cl_finish_change(w->st, w->file, ch);
	return ch;
}

static void
x_column(XmlWalk *w, ClChange *ch, XNode *n, const ClSchemaElem *spec)
{
	ClNode	   *list = cl_node_get(ch->attrs, "columns");
	ClNode	   *col;
	XNode	   *c;

	if (list == NULL)
		list = cl_node_add(ch->attrs, cl_node_list("columns", x_line(n)));
	col = x_attrs(w, n, spec->column_attrs, true);
	col->name = pstrdup("column");
	for (c = n->children; c != NULL; c = c->next)
	{
		ClNode	   *cons;

		if (!x_is_elem(w, c))
			continue;
		if (!(spec->flags & CLS_CONSTRAINTS) || strcmp(x_name(c), "constraints") != 0)
			x_unexpected(w, n, c,
						 (spec->flags & CLS_CONSTRAINTS) ? "constraints" : NULL);
		if (cl_node_get(col, "constraints"))
			cl_parse_error(w->file, x_line(c), 0, NULL,
						   "a column has more than one \"constraints\" element");
		x_no_text(w, c);
		x_no_children(w, c);
		cons = x_attrs(w, c, cl_schema_constraints_attrs(), true);
		cons->name = pstrdup("constraints");
		cl_node_add(col, cons);
	}
	if (spec->flags & CLS_COLUMN_TEXT)
	{
		char	   *t = x_text(w, n, true);

		if (t && cl_node_get(col, "value") == NULL)
			cl_node_set(col, "value", t, x_line(n));
	}
	else
		x_no_text(w, n);
	cl_node_add(list, col);
}

/* <param>, <arg>: an object appended to the list listname */
static void
x_item_list(XmlWalk *w, ClNode *attrs, XNode *n, const char *listname,
			const char *const *allowed, bool text_is_value)
{
	ClNode	   *list = cl_node_get(attrs, listname);
	ClNode	   *item;

	if (list == NULL)
		list = cl_node_add(attrs, cl_node_list(listname, x_line(n)));
	item = x_attrs(w, n, allowed, true);
	x_no_children(w, n);
	if (text_is_value)
	{
		char	   *t = x_text(w, n, true);

		if (t && cl_node_get(item, "value") == NULL)
			cl_node_set(item, "value", t, x_line(n));
	}
	else
		x_no_text(w, n);
	cl_node_add(list, item);
}

/* ---------- rollback and modifySql ---------- */

static void
x_rollback(XmlWalk *w, ClChangeSet *cs, XNode *n)
{
	ClNode	   *attrs = x_attrs(w, n, cl_rollback_attrs, true);
	const char *id = cl_node_str(attrs, "changeSetId");
	XNode	   *c;
	char	   *text;

	cs->has_rollback = true;
	if (id != NULL)
	{
		const char *v;

		cs->rollback_ref_id = pstrdup(id);
		if ((v = cl_node_str(attrs, "changeSetAuthor")) != NULL)
			cs->rollback_ref_author = pstrdup(v);
		if ((v = cl_node_str(attrs, "changeSetPath")) != NULL)
			cs->rollback_ref_path = pstrdup(v);
		return;
	}
	for (c = n->children; c != NULL; c = c->next)
	{
		if (!x_is_elem(w, c))
			continue;
		if (strcmp(x_name(c), "comment") == 0)
			continue;
		if (strcmp(x_name(c), "rollback") == 0)
			x_unexpected(w, n, c, NULL);
		cs->rollback = lappend(cs->rollback, x_change(w, c));
	}
	/* raw SQL text after the nested changes, as Liquibase adds them */
	text = x_text(w, n, true);
	if (text)
	{
		ClChange   *ch = cl_new_change(w->file, "sql", x_line(n));

		cl_node_set(ch->attrs, "sql", text, x_line(n));
		cs->rollback = lappend(cs->rollback, ch);
	}
}

static void
x_modify_sql(XmlWalk *w, ClChangeSet *cs, XNode *n)
{
	ClNode	   *mod = x_attrs(w, n, cl_modify_sql_attrs, true);
	XNode	   *c;
	bool		any = false;

	x_no_text(w, n);
	for (c = n->children; c != NULL; c = c->next)
	{
		static const char *const replace_attrs[] = {"replace", "with", NULL};
		static const char *const value_attrs[] = {"value", NULL};
		const char *name;
		const char *const *allowed;
		ClNode	   *attrs;
		const char *const *req;

		if (!x_is_elem(w, c))
			continue;
		name = x_name(c);
		if (strcmp(name, "replace") == 0 || strcmp(name, "regExpReplace") == 0)
			allowed = replace_attrs;
		else if (strcmp(name, "append") == 0 || strcmp(name, "prepend") == 0)
			allowed = value_attrs;
		else
		{
			x_unexpected(w, n, c, "append, prepend, replace, regExpReplace");
			allowed = NULL;		/* keep compiler quiet */
		}
		attrs = x_attrs(w, c, allowed, true);
		for (req = allowed; *req; req++)
			if (cl_node_get(attrs, *req) == NULL)
				cl_parse_error(w->file, x_line(c), 0, NULL,
							   "element \"%s\" needs the attribute \"%s\"",
							   name, *req);
		x_no_text(w, c);
		x_no_children(w, c);
		cs->modifySql = lappend(cs->modifySql,
								cl_build_visitor(w->file, name, attrs, mod,
												 x_line(c)));
		any = true;
	}
	if (!any)
		cl_parse_error(w->file, x_line(n), 0,
					   "A modifySql element holds append, prepend, replace or regExpReplace.",
					   "modifySql is empty");
}

/* ---------- SAX events ---------- */

/*
 * Memory for a node: the root in the parse's context, the rest in the
 * context of the root's children.  Nothing may be thrown through libxml,
 * so an allocation that fails stops the parser and is reported after it.
 */
static void *
x_alloc(XmlWalk *w, MemoryContext cxt, Size size, int flags)
{
	void	   *p = MemoryContextAllocExtended(cxt, size, flags | MCXT_ALLOC_NO_OOM);

	if (p == NULL)
	{
		w->oom = true;
		xmlStopParser(w->ctxt);
	}
	return p;
}

/* the line libxml has read up to: where a tree builder dates a node */
static int
x_cur_line(XmlWalk *w)
{
	return w->ctxt->input != NULL ? w->ctxt->input->line : 0;
}

/*
 * The limits libxml's own tree builder applies without XML_PARSE_HUGE
 * (which we never set): elements nested more than xmlParserMaxDepth (256)
 * deep, a text of more than XML_MAX_TEXT_LENGTH (10,000,000) bytes.
 */
static void
x_limit(XmlWalk *w, const char *what)
{
	w->limit = what;
	w->limit_line = x_cur_line(w);
	xmlStopParser(w->ctxt);
}

/* Has a callback stopped the parser?  Then the events still queued are ignored. */
static bool
x_stopped(XmlWalk *w)
{
	return w->oom || w->fatal != NULL || w->limit != NULL || w->doctype;
}

/* the element or text node n, linked as the last child of the current element */
static void
x_link(XmlWalk *w, XNode *n)
{
	XNode	   *p = w->cur;

	n->parent = p;
	n->line = x_cur_line(w);
	if (p->last)
		p->last->next = n;
	else
		p->children = n;
	p->last = n;
}

/* The error being handled, copied into cxt; NULL if copying it fails too. */
static ErrorData *
x_copy_error(MemoryContext cxt)
{
	ErrorData  *volatile err = NULL;

	PG_TRY();
	{
		err = CopyErrorData();
	}
	PG_CATCH();
	{
		err = NULL;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(cxt);
	return err;
}

/*
 * Build the root (begin) or the complete children of the root read so far
 * into the model, in order, then free their nodes.  Runs inside a SAX
 * callback, so nothing is thrown from here: a changelog error is kept (the
 * rest of the document is still read, so that a malformed document is
 * reported as such first, as Liquibase, which parses it whole, does) and
 * nothing more is built; a cancel or a server error stops the parser and
 * is thrown as soon as libxml returns.
 */
static void
x_build(XmlWalk *w, bool begin)
{
	MemoryContext cxt = CurrentMemoryContext;

	if (w->build_error == NULL && w->fatal == NULL)
	{
		PG_TRY();
		{
			if (begin)
				x_root_begin(w, w->root);
			else
			{
				XNode	   *c;

				for (c = w->root->children; c != NULL; c = c->next)
					x_root_child(w, w->root, c);
			}
		}
		PG_CATCH();
		{
			ErrorData  *err;

			MemoryContextSwitchTo(cxt);
			err = x_copy_error(cxt);
			FlushErrorState();
			if (err == NULL)
			{
				w->oom = true;
				xmlStopParser(w->ctxt);
			}
			else if (err->sqlerrcode == ERRCODE_QUERY_CANCELED ||
					 err->sqlerrcode == ERRCODE_OUT_OF_MEMORY)
			{
				w->fatal = err;
				xmlStopParser(w->ctxt);
			}
			else
				w->build_error = err;
		}
		PG_END_TRY();
	}
	if (!begin)
	{
		w->root->children = w->root->last = NULL;
		w->pending = 0;
		MemoryContextReset(w->node_cxt);
	}
}

static void
x_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
			const xmlChar *URI, int nb_namespaces, const xmlChar **namespaces,
			int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	XmlWalk    *w = (XmlWalk *) ctx;
	MemoryContext cxt = w->cur == NULL ? w->root_cxt : w->node_cxt;
	XNode	   *n;
	int			i;

	if (x_stopped(w))
		return;
	if (++w->depth > (int) xmlParserMaxDepth)
	{
		x_limit(w, "elements are nested more than 256 levels deep (libxml2's limit without XML_PARSE_HUGE)");
		return;
	}

	/*
	 * libxml2's name dictionary stops growing at 4,608 buckets, so each name
	 * costs more the more distinct names came before it (a document of a
	 * million distinct attribute names: seconds).  A changelog has a few
	 * hundred.
	 */
	if (xmlDictSize(w->ctxt->dict) > CL_XML_MAX_NAMES)
	{
		x_limit(w, "more than " CppAsString2(CL_XML_MAX_NAMES) " distinct element and attribute names");
		return;
	}
	n = x_alloc(w, cxt, sizeof(XNode) + nb_attributes * sizeof(XAttr),
				MCXT_ALLOC_ZERO);
	if (n == NULL)
		return;
	n->is_elem = true;
	n->name = (const char *) localname;
	n->href = (const char *) URI;
	n->attrs = (XAttr *) (n + 1);
	/* five pointers an attribute: local name, prefix, URI, value, its end */
	for (i = 0; i < nb_attributes; i++)
	{
		const xmlChar **a = attributes + 5 * i;
		int			len = (int) (a[4] - a[3]);
		char	   *v;
		char	   *amp;

		if (a[2] != NULL)
			continue;			/* xsi:schemaLocation and friends */
		v = x_alloc(w, cxt, len + 1, 0);
		if (v == NULL)
			return;
		memcpy(v, a[3], len);
		v[len] = '\0';

		/*
		 * Without entity substitution libxml hands an escaped '&' (&amp;,
		 * &#38;) on as "&#38;", for a tree builder to decode; no other '&'
		 * can be left in a value, there being no DTD to declare entities.
		 */
		if ((amp = memchr(v, '&', len)) != NULL)
		{
			char	   *r = amp;
			char	   *o = amp;

			while (*r)
			{
				if (strncmp(r, "&#38;", 5) == 0)
				{
					*o++ = '&';
					r += 5;
				}
				else
					*o++ = *r++;
			}
			*o = '\0';
			len = (int) (o - v);
		}
		n->attrs[n->nattrs].name = (const char *) a[0];
		n->attrs[n->nattrs].value = v;
		n->attrs[n->nattrs].len = len;
		n->nattrs++;
	}
	if (w->cur == NULL)
	{
		n->line = x_cur_line(w);
		w->root = n;
		w->cur = n;
		x_build(w, true);
		return;
	}
	x_link(w, n);
	w->cur = n;
	w->split_text = false;
}

static void
x_sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		  const xmlChar *URI)
{
	XmlWalk    *w = (XmlWalk *) ctx;

	if (x_stopped(w) || w->cur == NULL)
		return;
	w->depth--;
	w->cur = w->cur->parent;
	w->split_text = false;
	if (w->cur == NULL)
		x_build(w, false);		/* the root is closed: what is left */
	else if (w->cur == w->root && ++w->pending >= CL_XML_BATCH)
		x_build(w, false);
}

/*
 * Text, or a CDATA section: appended to the current element's last text
 * node of the same kind.  Blank text between the root's children is not
 * kept (only text that is not blank matters there, as an error), so that
 * comments between changesets cost nothing.
 */
static void
x_text_event(XmlWalk *w, const xmlChar *ch, int len, bool cdata)
{
	XNode	   *t;

	if (x_stopped(w) || w->cur == NULL)
		return;
	if (w->cur == w->root)
	{
		int			i;

		for (i = 0; i < len && ch[i] <= ' '; i++)
			;
		if (i == len)
			return;
	}
	t = w->cur->last;
	if (t != NULL && (t->is_elem || t->cdata != cdata || w->split_text))
		t = NULL;				/* a new text node */
	if ((Size) (t ? t->len : 0) + len > XML_MAX_TEXT_LENGTH)
	{
		x_limit(w, "a text of more than 10000000 bytes (libxml2's limit without XML_PARSE_HUGE)");
		return;
	}
	if (t == NULL)
	{
		t = x_alloc(w, w->node_cxt, sizeof(XNode), MCXT_ALLOC_ZERO);
		if (t == NULL)
			return;
		t->cdata = cdata;
		t->cap = Max(len + 1, 64);
		t->content = x_alloc(w, w->node_cxt, t->cap, 0);
		if (t->content == NULL)
			return;
		x_link(w, t);
		w->split_text = false;
	}
	else if ((Size) t->len + len + 1 > (Size) t->cap)
	{
		Size		cap = Max((Size) t->cap * 2, (Size) t->len + len + 1);
		char	   *c;

		cap = Min(cap, (Size) XML_MAX_TEXT_LENGTH + 1);
		c = x_alloc(w, w->node_cxt, cap, 0);
		if (c == NULL)
			return;
		memcpy(c, t->content, t->len);
		pfree(t->content);
		t->content = c;
		t->cap = (int) cap;
	}
	memcpy(t->content + t->len, ch, len);
	t->len += len;
	t->content[t->len] = '\0';
}

static void
x_sax_text(void *ctx, const xmlChar *ch, int len)
{
	x_text_event((XmlWalk *) ctx, ch, len, false);
}

static void
x_sax_cdata(void *ctx, const xmlChar *ch, int len)
{
	x_text_event((XmlWalk *) ctx, ch, len, true);
}

/* a comment or processing instruction separates text nodes, as in a tree */
static void
x_sax_comment(void *ctx, const xmlChar *value)
{
	((XmlWalk *) ctx)->split_text = true;
}

static void
x_sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	((XmlWalk *) ctx)->split_text = true;
}

/* <!DOCTYPE ...>: nothing of it is read; refused once libxml returns */
static void
x_sax_doctype(void *ctx, const xmlChar *name, const xmlChar *ExternalID,
			  const xmlChar *SystemID)
{
	XmlWalk    *w = (XmlWalk *) ctx;

	w->doctype = true;
	xmlStopParser(w->ctxt);
}

/* ---------- entry point ---------- */

/* After libxml returns: what a callback could not throw. */
static void
x_throw_kept(XmlWalk *w)
{
	if (w->fatal != NULL)
		ReThrowError(w->fatal);
	if (w->oom)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory"),
				 errdetail("Failed while reading XML changelog \"%s\".",
						   w->file->path)));
	if (w->limit != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_XML_DOCUMENT),
				 errmsg("could not parse XML changelog \"%s\"", w->file->path),
				 errdetail("line %d: %s", w->limit_line, w->limit)));
	if (w->doctype)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_XML_DOCUMENT),
				 errmsg("XML changelog \"%s\" must not have a DOCTYPE declaration",
						w->file->path),
				 errdetail("DTDs and entity declarations are refused, so that no external entity is ever read.")));
}

/* the bytes of a start tag that x_check_markup looks at */
static const bool x_tag_stop[256] = {
	['"'] = true, ['\''] = true, ['='] = true, ['>'] = true, ['<'] = true, ['x'] = true
};

/* XML's white space */
#define X_BLANK(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')

/* The first occurrence of the n bytes seq in [p, end), or NULL. */
static const char *
x_find(const char *p, const char *end, const char *seq, size_t n)
{
	while (end - p >= (ptrdiff_t) n)
	{
		const char *c = memchr(p, seq[0], end - p - n + 1);

		if (c == NULL)
			return NULL;
		if (memcmp(c, seq, n) == 0)
			return c;
		p = c + 1;
	}
	return NULL;
}

/* A limit x_check_markup found passed, at the tag that starts at tag. */
static void
x_markup_limit(ClFile *file, const char *s, const char *tag, const char *end,
			   const char *what, int limit)
{
	const char *name_end = tag + 1;
	const char *c;
	int			line = 1;
	int			col = 1;

	while (name_end < end && name_end - tag <= 64 &&
		   !isspace((unsigned char) *name_end) &&
		   *name_end != '/' && *name_end != '>')
		name_end++;
	for (c = s; (c = memchr(c, '\n', tag - c)) != NULL; c++)
	{
		line++;
		s = c + 1;
	}
	for (c = s; c < tag; c++)
		col += ((*c & 0xC0) != 0x80);
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("element \"%.*s\" has more than %d %s",
					(int) (name_end - tag - 1), tag + 1, limit, what),
			 errcontext("changelog file \"%s\", line %d, column %d",
						file->path, line, col)));
}

/*
 * Refuse, before libxml reads them, a start tag of more than
 * CL_XML_MAX_ATTRIBUTES attributes and more than CL_XML_MAX_NAMESPACES
 * namespace declarations in scope (see there).  A scan of the document's
 * markup: text is skipped to the next '<', comments, CDATA sections and
 * processing instructions to their ends, quoted attribute values to their
 * closing quote; a start tag's '=' signs outside quotes are its attributes,
 * those whose name is xmlns or xmlns:... its namespace declarations, in
 * scope until its end tag.  A DOCTYPE ends the scan (the parse stops at a
 * DOCTYPE before anything after it is read); so does malformed markup, or
 * nesting past libxml's limit, which the parse then reports.
 */
static void
x_check_markup(ClFile *file, const char *s, size_t len)
{
	const char *p = s;
	const char *end = s + len;
	int			ns_at[CL_XML_SCAN_DEPTH];
	int			depth = 0;
	int			ns_in_scope = 0;

	while (p < end)
	{
		const char *tag = memchr(p, '<', end - p);
		int			nattrs = 0;
		int			nns = 0;

		if (tag == NULL || tag + 1 >= end)
			return;
		p = tag + 1;
		if (*p == '!')
		{
			const char *close;

			if (end - p >= 3 && p[1] == '-' && p[2] == '-')
				close = x_find(p + 3, end, "-->", 3);
			else if (end - p >= 8 && memcmp(p, "![CDATA[", 8) == 0)
				close = x_find(p + 8, end, "]]>", 3);
			else
				return;
			if (close == NULL)
				return;
			p = close + 3;
			continue;
		}
		if (*p == '?')
		{
			const char *close = x_find(p + 1, end, "?>", 2);

			if (close == NULL)
				return;
			p = close + 2;
			continue;
		}
		if (*p == '/')
		{
			/* an end tag: its element's declarations go out of scope */
			if (depth > 0)
				ns_in_scope -= ns_at[--depth];
			continue;
		}
		for (;;)
		{
			while (p < end && !x_tag_stop[(unsigned char) *p])
				p++;
			if (p == end || *p == '<')
				return;
			if (*p == '>')
				break;
			if (*p == '"' || *p == '\'')
			{
				const char *q = memchr(p + 1, *p, end - p - 1);

				if (q == NULL)
					return;
				p = q + 1;
				continue;
			}
			if (*p == 'x')
			{
				/* an attribute called xmlns or xmlns:...: a declaration */
				if (X_BLANK(p[-1]) && end - p > 5 && memcmp(p, "xmlns", 5) == 0 &&
					(p[5] == ':' || p[5] == '=' || X_BLANK(p[5])) &&
					ns_in_scope + ++nns > CL_XML_MAX_NAMESPACES)
					x_markup_limit(file, s, tag, end, "namespace declarations in scope",
								   CL_XML_MAX_NAMESPACES);
			}
			else if (++nattrs > CL_XML_MAX_ATTRIBUTES)	/* '=': an attribute */
				x_markup_limit(file, s, tag, end, "attributes", CL_XML_MAX_ATTRIBUTES);
			p++;
		}
		/* p is at the start tag's '>'; "/>" closes the element at once */
		p++;
		if (p[-2] != '/')
		{
			if (depth == CL_XML_SCAN_DEPTH)
				return;
			ns_at[depth++] = nns;
			ns_in_scope += nns;
		}
	}
}

void
cl_parse_xml(ClParseState *st, ClFile *file)
{
	XmlWalk		w;
	xmlSAXHandler sax;
	PgXmlErrorContext *xmlerrcxt;
	xmlParserCtxtPtr volatile ctxt = NULL;
	char	   *utf8;
	size_t		len;

	memset(&w, 0, sizeof(w));
	w.st = st;
	w.file = file;
	w.root_cxt = CurrentMemoryContext;

	/* libxml gets UTF-8, and is told so whatever the declaration says */
	utf8 = pg_server_to_any(file->content, file->len, PG_UTF8);
	len = strlen(utf8);
	if (strncmp(utf8, "<?xml version=\"1.1\"", 19) == 0 ||
		strncmp(utf8, "<?xml version='1.1'", 19) == 0)
	{
		/* libxml reads 1.1 as 1.0 but warns; Liquibase's parser accepts it */
		utf8 = pstrdup(utf8);
		utf8[17] = '0';
	}
	if (len > (size_t) INT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("XML changelog \"%s\" is too large", file->path)));

	{
		size_t		i = 0;

		while (i < len && (utf8[i] == ' ' || utf8[i] == '\t' || utf8[i] == '\n' || utf8[i] == '\r'))
			i++;
		if (i == len)
			cl_parse_error(file, 1, 0, NULL, "changelog file is empty");
	}
	x_check_markup(file, utf8, len);

	/*
	 * SAX2 events only: no entity, DTD or resolver callback, so nothing is
	 * ever declared or loaded; errors go to the server's handler that
	 * pg_xml_init installs.
	 */
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = x_sax_start;
	sax.endElementNs = x_sax_end;
	sax.characters = x_sax_text;
	sax.ignorableWhitespace = x_sax_text;
	sax.cdataBlock = x_sax_cdata;
	sax.comment = x_sax_comment;
	sax.processingInstruction = x_sax_pi;
	sax.internalSubset = x_sax_doctype;

	w.node_cxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync XML nodes",
									   ALLOCSET_DEFAULT_SIZES);
	xmlerrcxt = pg_xml_init(PG_XML_STRICTNESS_ALL);
	PG_TRY();
	{
		size_t		off;
		int			rc = 0;

		/*
		 * The push parser, fed in chunks: libxml refuses a look-ahead past
		 * 10 MB without XML_PARSE_HUGE, and a whole document in memory is
		 * all look-ahead.  Fed this way a changelog of any size parses,
		 * while one text or attribute of more than 10 MB is still refused.
		 * No network, no entity substitution, no DTD loading, no HUGE; the
		 * text is UTF-8 whatever its declaration says.
		 */
		ctxt = xmlCreatePushParserCtxt(&sax, &w, NULL, 0, NULL);
		if (ctxt == NULL || pg_xml_error_occurred(xmlerrcxt))
			xml_ereport(xmlerrcxt, ERROR, ERRCODE_OUT_OF_MEMORY,
						"could not allocate parser context");
		w.ctxt = ctxt;
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_IGNORE_ENC);
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		for (off = 0; rc == 0 && off < len; off += CL_XML_CHUNK)
		{
			int			n = (int) Min((size_t) CL_XML_CHUNK, len - off);

			CHECK_FOR_INTERRUPTS();
			rc = xmlParseChunk(ctxt, utf8 + off, n, 0);
			x_throw_kept(&w);
			if (rc != 0 || pg_xml_error_occurred(xmlerrcxt))
				break;
		}
		if (rc == 0 && !pg_xml_error_occurred(xmlerrcxt))
		{
			rc = xmlParseChunk(ctxt, NULL, 0, 1);
			x_throw_kept(&w);
		}
		if (rc != 0 || !ctxt->wellFormed || pg_xml_error_occurred(xmlerrcxt))
			xml_ereport(xmlerrcxt, ERROR, ERRCODE_INVALID_XML_DOCUMENT,
						psprintf("could not parse XML changelog \"%s\"",
								 file->path));
		/* a malformed document is reported as such, whatever was built */
		if (w.build_error != NULL)
			ReThrowError(w.build_error);
		if (w.root == NULL)
			cl_parse_error(file, 1, 0, NULL, "XML changelog has no root element");
	}
	PG_CATCH();
	{
		if (ctxt != NULL)
			xmlFreeParserCtxt(ctxt);
		pg_xml_done(xmlerrcxt, true);
		MemoryContextDelete(w.node_cxt);
		PG_RE_THROW();
	}
	PG_END_TRY();

	xmlFreeParserCtxt(ctxt);
	pg_xml_done(xmlerrcxt, false);
	MemoryContextDelete(w.node_cxt);
}
