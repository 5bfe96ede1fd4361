/*-------------------------------------------------------------------------
 *
 * parse_xml.c
 *	  XML changelogs (dbchangelog-4.28.xsd) through libxml2.
 *
 * libxml2 is used through the server's wrapper, as contrib/xml2 does:
 * pg_xml_init / PG_TRY / pg_xml_done, errors reported with xml_ereport.
 * The document is parsed with XML_PARSE_NONET and without NOENT, DTDLOAD or
 * HUGE, so no external entity or DTD is ever read; a document with a
 * DOCTYPE is refused outright.  The document is read in chunks, and each
 * child of databaseChangeLog is copied into palloc'd model structures and
 * freed as soon as it is complete, so libxml's tree never holds the whole
 * document; what is left of it is freed on every path.  XML_PARSE_COMPACT
 * keeps short texts inside their nodes (fewer allocations): the tree is
 * only read, unlinked and freed, never modified.
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

#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/xml.h"

#include "changelog.h"
#include "parse_tree.h"
#include "parsers.h"

#define LB_NAMESPACE "http://www.liquibase.org/xml/ns/dbchangelog"

typedef struct XmlWalk
{
	ClParseState *st;
	ClFile	   *file;
	xmlNodePtr	root;			/* databaseChangeLog, once checked */
	List	   *remove_rules;	/* removeChangeSetProperty (char *) */
	bool		big;			/* a document over CL_TRIM_AFTER_BYTES */
	int			released;		/* changeSet elements freed so far */
} XmlWalk;

/* bytes handed to libxml's push parser at a time */
#define CL_XML_CHUNK 65536

static int	x_line(xmlNodePtr n);
static const char *x_name(xmlNodePtr n);
static char *x_str(const xmlChar *s);
static bool x_is_elem(XmlWalk *w, xmlNodePtr n);
static ClNode *x_attrs(XmlWalk *w, xmlNodePtr n, const char *const *allowed,
					   bool expand);
static char *x_text(XmlWalk *w, xmlNodePtr n, bool expand);
static void x_no_text(XmlWalk *w, xmlNodePtr n);
static void x_blank_text(XmlWalk *w, xmlNodePtr n, xmlNodePtr c);
static void x_no_children(XmlWalk *w, xmlNodePtr n);
static void x_unexpected(XmlWalk *w, xmlNodePtr parent, xmlNodePtr child,
						 const char *expected);
static void x_root_begin(XmlWalk *w, xmlDocPtr doc, xmlNodePtr root);
static void x_root_children(XmlWalk *w, bool all);
static void x_root_child(XmlWalk *w, xmlNodePtr root, xmlNodePtr c);
static ClPreconditions *x_preconditions(XmlWalk *w, xmlNodePtr n,
										bool changelog_level);
static ClPrecondition *x_precondition(XmlWalk *w, xmlNodePtr n);
static void x_changeset(XmlWalk *w, xmlNodePtr n);
static ClChange *x_change(XmlWalk *w, xmlNodePtr n);
static void x_column(XmlWalk *w, ClChange *ch, xmlNodePtr n,
					 const ClSchemaElem *spec);
static void x_item_list(XmlWalk *w, ClNode *attrs, xmlNodePtr n,
						const char *listname, const char *const *allowed,
						bool text_is_value);
static void x_rollback(XmlWalk *w, ClChangeSet *cs, xmlNodePtr n);
static void x_modify_sql(XmlWalk *w, ClChangeSet *cs, xmlNodePtr n);

static int
x_line(xmlNodePtr n)
{
	long		l = xmlGetLineNo(n);

	return l > 0 ? (int) l : 0;
}

static const char *
x_name(xmlNodePtr n)
{
	return (const char *) n->name;
}

/* libxml's UTF-8 -> palloc'd server-encoded text */
static char *
x_str(const xmlChar *s)
{
	const char *c = (const char *) s;

	return cl_parser_text(c, strlen(c));
}

/* Like x_str for a palloc'd string: converted in place of it (freed), or itself. */
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
 * Is n an element we should look at?  Comments, processing instructions and
 * text are skipped (text is checked separately); an element of another
 * namespace is an error.
 */
static bool
x_is_elem(XmlWalk *w, xmlNodePtr n)
{
	if (n->type == XML_ENTITY_REF_NODE)
		cl_parse_error(w->file, x_line(n), 0, NULL,
					   "XML entity references are not supported");
	if (n->type != XML_ELEMENT_NODE)
		return false;
	if (n->ns != NULL && n->ns->href != NULL &&
		strcmp((const char *) n->ns->href, LB_NAMESPACE) != 0)
		cl_parse_error(w->file, x_line(n), 0,
					   "Only elements of the namespace \"" LB_NAMESPACE "\" are supported.",
					   "unsupported element \"%s\" of namespace \"%s\"",
					   x_name(n), (const char *) n->ns->href);
	return true;
}

/* The element's attributes (in no namespace), checked against allowed. */
static ClNode *
x_attrs(XmlWalk *w, xmlNodePtr n, const char *const *allowed, bool expand)
{
	ClNode	   *attrs = cl_node_object(x_name(n), x_line(n));
	xmlAttrPtr	a;

	for (a = n->properties; a != NULL; a = a->next)
	{
		const char *name = (const char *) a->name;
		xmlChar    *raw;
		char	   *value;

		if (a->ns != NULL)
			continue;			/* xsi:schemaLocation and friends */
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
		if (a->children != NULL && a->children->next == NULL &&
			a->children->type == XML_TEXT_NODE && a->children->content != NULL)
			value = x_str(a->children->content);	/* the usual case: one text */
		else
		{
			raw = xmlNodeGetContent((xmlNodePtr) a);
			if (raw == NULL)
				value = pstrdup("");
			else
			{
				/* copied before converting: a conversion error must not leak raw */
				value = pstrdup((const char *) raw);
				xmlFree(raw);
				value = x_own(value);
			}
		}
		if (expand)
			value = x_expand(w, value);
		cl_node_add(attrs, cl_node_scalar_own(name, value, x_line(n)));
	}
	return attrs;
}

/*
 * The element's own text (text and CDATA children, not its elements'),
 * trimmed as Java does; NULL when blank.
 */
/* A text or CDATA child with content */
static bool
x_is_text(xmlNodePtr c)
{
	return (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		c->content != NULL;
}

static char *
x_text(XmlWalk *w, xmlNodePtr n, bool expand)
{
	StringInfoData buf;
	xmlNodePtr	c;
	xmlNodePtr	only = NULL;
	int			ntext = 0;
	char	   *t;

	for (c = n->children; c != NULL; c = c->next)
	{
		if (x_is_text(c))
		{
			only = c;
			ntext++;
		}
	}
	if (ntext == 0)
		return NULL;
	if (ntext == 1)
		t = cl_java_trim((const char *) only->content);
	else
	{
		initStringInfo(&buf);
		for (c = n->children; c != NULL; c = c->next)
			if (x_is_text(c))
				appendStringInfoString(&buf, (const char *) c->content);
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
x_blank(const xmlChar *s)
{
	for (; *s; s++)
		if (*s > ' ')
			return false;
	return true;
}

static void
x_no_text(XmlWalk *w, xmlNodePtr n)
{
	xmlNodePtr	c;

	for (c = n->children; c != NULL; c = c->next)
		x_blank_text(w, n, c);
}

/* child c of n: text in it must be blank */
static void
x_blank_text(XmlWalk *w, xmlNodePtr n, xmlNodePtr c)
{
	if (x_is_text(c) && !x_blank(c->content))
		cl_parse_error(w->file, x_line(c) ? x_line(c) : x_line(n), 0, NULL,
					   "unexpected text in element \"%s\"", x_name(n));
}

/* an element that may hold no elements */
static void
x_no_children(XmlWalk *w, xmlNodePtr n)
{
	xmlNodePtr	c;

	for (c = n->children; c != NULL; c = c->next)
		if (x_is_elem(w, c))
			x_unexpected(w, n, c, NULL);
}

static void
x_unexpected(XmlWalk *w, xmlNodePtr parent, xmlNodePtr child,
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
x_root_begin(XmlWalk *w, xmlDocPtr doc, xmlNodePtr root)
{
	if (doc->intSubset != NULL || doc->extSubset != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_XML_DOCUMENT),
				 errmsg("XML changelog \"%s\" must not have a DOCTYPE declaration",
						w->file->path),
				 errdetail("DTDs and entity declarations are refused, so that no external entity is ever read.")));
	if (!x_is_elem(w, root) || strcmp(x_name(root), "databaseChangeLog") != 0)
		cl_parse_error(w->file, x_line(root), 0,
					   "An XML changelog's root element is <databaseChangeLog xmlns=\"" LB_NAMESPACE "\">.",
					   "unexpected root element \"%s\"", x_name(root));
	cl_apply_changelog_attrs(w->file,
							 x_attrs(w, root, cl_changelog_attrs, false),
							 x_line(root));
	w->root = root;
}

/*
 * The children of databaseChangeLog parsed so far, in order: each one is
 * built into the model, then unlinked and freed (the model holds copies
 * only), so libxml's tree never holds more than the part not built yet.
 * While the document is still being read (all = false) the last child is
 * left: it may be incomplete.
 */
static void
x_root_children(XmlWalk *w, bool all)
{
	xmlNodePtr	root = w->root;
	xmlNodePtr	c;

	while ((c = root->children) != NULL && (all || c != root->last))
	{
		x_root_child(w, root, c);
		xmlUnlinkNode(c);
		xmlFreeNode(c);
	}
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
x_root_child(XmlWalk *w, xmlNodePtr root, xmlNodePtr c)
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
#ifdef __GLIBC__
		if (w->big && ++w->released % CL_TRIM_EVERY == 0)
			malloc_trim(0);
#endif
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
x_preconditions(XmlWalk *w, xmlNodePtr n, bool changelog_level)
{
	ClPreconditions *pre;
	xmlNodePtr	c;

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
x_precondition(XmlWalk *w, xmlNodePtr n)
{
	const ClSchemaElem *spec = cl_schema_precondition(x_name(n));
	ClPrecondition *pc;
	xmlNodePtr	c;

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
x_changeset_order(XmlWalk *w, ClChangeSet *cs, xmlNodePtr c, const char *name,
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
x_changeset(XmlWalk *w, xmlNodePtr n)
{
	ClChangeSet *cs;
	List	   *comments = NIL;
	xmlNodePtr	c;
	xmlNodePtr	k;
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
x_change(XmlWalk *w, xmlNodePtr n)
{
	const ClSchemaElem *spec = cl_schema_change(x_name(n));
	ClChange   *ch;
	ClNode	   *attrs;
	ListCell   *lc;
	xmlNodePtr	c;
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
			xmlNodePtr	k;

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
x_column(XmlWalk *w, ClChange *ch, xmlNodePtr n, const ClSchemaElem *spec)
{
	ClNode	   *list = cl_node_get(ch->attrs, "columns");
	ClNode	   *col;
	xmlNodePtr	c;

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
x_item_list(XmlWalk *w, ClNode *attrs, xmlNodePtr n, const char *listname,
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
x_rollback(XmlWalk *w, ClChangeSet *cs, xmlNodePtr n)
{
	ClNode	   *attrs = x_attrs(w, n, cl_rollback_attrs, true);
	const char *id = cl_node_str(attrs, "changeSetId");
	xmlNodePtr	c;
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
x_modify_sql(XmlWalk *w, ClChangeSet *cs, xmlNodePtr n)
{
	ClNode	   *mod = x_attrs(w, n, cl_modify_sql_attrs, true);
	xmlNodePtr	c;
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

/* ---------- entry point ---------- */

/*
 * Between chunks: check the root once it is there, and build the children
 * complete so far.  An error while building is kept, not thrown: the rest
 * of the document is still read, so that a malformed document is reported
 * as a parse error first, as Liquibase (which parses it whole) does; the
 * kept error is thrown once the document is known to be well-formed.
 */
static ErrorData *
x_build_so_far(XmlWalk *w, xmlDocPtr doc)
{
	MemoryContext cxt = CurrentMemoryContext;
	ErrorData  *volatile err = NULL;
	xmlNodePtr	root;

	PG_TRY();
	{
		if (w->root == NULL && doc != NULL &&
			(root = xmlDocGetRootElement(doc)) != NULL)
			x_root_begin(w, doc, root);
		if (w->root != NULL)
			x_root_children(w, false);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		err = CopyErrorData();
		/* a cancel or a server problem is not a changelog error: at once */
		if (err->sqlerrcode == ERRCODE_QUERY_CANCELED ||
			err->sqlerrcode == ERRCODE_OUT_OF_MEMORY ||
			err->elevel > ERROR)
			PG_RE_THROW();
		FlushErrorState();
	}
	PG_END_TRY();
	return err;
}

void
cl_parse_xml(ClParseState *st, ClFile *file)
{
	XmlWalk		w;
	PgXmlErrorContext *xmlerrcxt;
	xmlParserCtxtPtr volatile ctxt = NULL;
	xmlDocPtr volatile doc = NULL;
	ErrorData  *volatile build_error = NULL;
	char	   *utf8;
	size_t		len;

	w.st = st;
	w.file = file;
	w.root = NULL;
	w.remove_rules = NIL;

	/* libxml gets UTF-8, and is told so whatever the declaration says */
	utf8 = pg_server_to_any(file->content, file->len, PG_UTF8);
	len = strlen(utf8);
	w.big = len > CL_TRIM_AFTER_BYTES;
	w.released = 0;
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

	xmlerrcxt = pg_xml_init(PG_XML_STRICTNESS_ALL);
	PG_TRY();
	{
		xmlNodePtr	root;

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
		ctxt = xmlCreatePushParserCtxt(NULL, NULL, NULL, 0, NULL);
		if (ctxt == NULL || pg_xml_error_occurred(xmlerrcxt))
			xml_ereport(xmlerrcxt, ERROR, ERRCODE_OUT_OF_MEMORY,
						"could not allocate parser context");
		xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_BIG_LINES |
						  XML_PARSE_COMPACT | XML_PARSE_IGNORE_ENC);
		xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
		for (off = 0; rc == 0 && off < len; off += CL_XML_CHUNK)
		{
			int			n = (int) Min((size_t) CL_XML_CHUNK, len - off);

			CHECK_FOR_INTERRUPTS();
			rc = xmlParseChunk(ctxt, utf8 + off, n, 0);
			if (rc != 0 || pg_xml_error_occurred(xmlerrcxt))
				break;
			/* build what is complete while the rest is read */
			if (build_error == NULL)
				build_error = x_build_so_far(&w, ctxt->myDoc);
		}
		if (rc == 0 && !pg_xml_error_occurred(xmlerrcxt))
			rc = xmlParseChunk(ctxt, NULL, 0, 1);
		doc = ctxt->myDoc;
		if (rc != 0 || !ctxt->wellFormed || doc == NULL ||
			pg_xml_error_occurred(xmlerrcxt))
			xml_ereport(xmlerrcxt, ERROR, ERRCODE_INVALID_XML_DOCUMENT,
						psprintf("could not parse XML changelog \"%s\"",
								 file->path));
		/* a malformed document is reported as such, whatever was built */
		if (build_error != NULL)
			ReThrowError(build_error);
		root = xmlDocGetRootElement(doc);
		if (root == NULL)
			cl_parse_error(file, 1, 0, NULL, "XML changelog has no root element");
		if (w.root == NULL)
			x_root_begin(&w, doc, root);
		x_root_children(&w, true);
	}
	PG_CATCH();
	{
		if (doc == NULL && ctxt != NULL)
			doc = ctxt->myDoc;
		if (doc != NULL)
			xmlFreeDoc(doc);
		if (ctxt != NULL)
			xmlFreeParserCtxt(ctxt);
		pg_xml_done(xmlerrcxt, true);
		PG_RE_THROW();
	}
	PG_END_TRY();

	xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	pg_xml_done(xmlerrcxt, false);
#ifdef __GLIBC__
	/* give a big document's tree (malloc'd by libxml) back to the system */
	if (len > CL_TRIM_AFTER_BYTES)
		malloc_trim(0);
#endif
}
