/*-------------------------------------------------------------------------
 *
 * parse_yaml.c
 *	  YAML changelogs: libyaml events -> ClNode tree -> cl_build_from_tree,
 *	  the entries' trees freed in groups as the model is built from them.
 *
 * We drive yaml_parser_parse ourselves, one event at a time, so we can
 * CHECK_FOR_INTERRUPTS between events and ereport safely: the parser and
 * the current event are released in PG_FINALLY.  Anchors and aliases are
 * resolved here, by copying the anchored node, with a cap on nesting depth
 * and on the total number of nodes (so an alias bomb fails quickly instead
 * of eating memory).
 *
 * Plain scalars are typed as Liquibase's YAML library (SnakeYAML, YAML 1.1
 * rules) would type them, and carry the text Java would print for the
 * resulting object: yes/on/true -> "true", 0x1F -> "31", 1.50 -> "1.5",
 * ~ / null / empty -> NULL; an unquoted date becomes a java.util.Date
 * ("Tue Jan 02 00:00:00 UTC 2024", JVM time zone taken as UTC), printed
 * "2024-01-02T00:00:00" under valueDate / defaultValueDate.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>
#include <yaml.h>

#include "common/int.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"
#include "utils/datetime.h"

#include "changelog.h"
#include "parse_tree.h"
#include "parsers.h"

#define YAML_MAX_DEPTH		1000	/* nested collections */
#define YAML_MAX_NODES		1000000 /* nodes, aliases expanded */
#define YAML_MAX_ALIAS_BYTES (64 * 1024 * 1024)	/* text copied by aliases */
#define YAML_MAX_DIRECTIVES	64		/* %YAML / %TAG lines */

#define YAML_TAG_PREFIX "tag:yaml.org,2002:"

/* entries of a top-level list whose trees share one memory context */
#define YAML_ENTRIES_PER_GROUP 256

/*
 * The trees of consecutive entries of a list at the second level (the
 * entries of databaseChangeLog), allocated in their own context so that
 * they are freed as soon as the model is built from them.
 */
typedef struct YamlGroup
{
	ClNode	   *list;			/* the list they are entries of */
	int			first;			/* index of the first entry */
	int			count;
	int			released;		/* entries the builder is done with */
	MemoryContext cxt;			/* NULL once deleted */
} YamlGroup;

typedef struct YamlFrame
{
	ClNode	   *node;			/* the object or list being built */
	char	   *anchor;			/* its anchor, or NULL */
	char	   *key;			/* mapping: key awaiting its value */
	ClKeyIndex *keys;			/* mapping: its keys, once it is big */
	int			key_line;
	bool		key_is_merge;	/* the pending key is "<<" */
} YamlFrame;

typedef struct YamlAnchor
{
	char	   *name;
	ClNode	   *node;
} YamlAnchor;

typedef struct YamlBuild
{
	ClFile	   *file;
	YamlFrame  *stack;
	int			depth;
	int			cap;
	List	   *anchors;		/* YamlAnchor */
	ClKeyIndex *anchor_index;	/* anchor name -> its latest position */
	long		nodes;			/* nodes created, aliases included */
	int64		alias_bytes;	/* text copied by aliases */
	ClNode	   *root;
	int			documents;
	MemoryContext treecxt;		/* the document outside the groups */
	List	   *groups;			/* YamlGroup, in document order */
	YamlGroup  *group;			/* the group being filled */
	int			next_group;		/* first group not released yet */
} YamlBuild;

static char *yaml_str(const yaml_char_t *s, size_t len);
static void count_node(YamlBuild *yb, int line, int col);
static ClNode *copy_node(YamlBuild *yb, ClNode *n, const char *name, int line,
						 int col);
static void add_value(YamlBuild *yb, ClNode *node, int line, int col);
static void push_frame(YamlBuild *yb, ClNode *node, char *anchor, int line,
					   int col);
static void pop_frame(YamlBuild *yb, int line, int col);
static void set_anchor(YamlBuild *yb, char *anchor, ClNode *node);
static ClNode *find_anchor(YamlBuild *yb, const char *name);
static ClNode *make_scalar(YamlBuild *yb, yaml_event_t *ev, int line, int col);
static bool is_bool(const char *s, bool *val);
static bool is_null(const char *s);
static bool match_int(const char *s);
static bool match_float(const char *s);
static bool match_timestamp(const char *s, bool *date_only);
static char *int_text(YamlBuild *yb, const char *s, int line, int col);
static char *float_text(const char *s);
static char *timestamp_text(const char *s, bool date_only, bool iso);
static void handle_event(YamlBuild *yb, yaml_event_t *ev);

/* libyaml's UTF-8 -> palloc'd server-encoded text (libyaml frees its own) */
static char *
yaml_str(const yaml_char_t *s, size_t len)
{
	return cl_parser_text((const char *) s, len);
}

static void
count_node(YamlBuild *yb, int line, int col)
{
	if (++yb->nodes > YAML_MAX_NODES)
		cl_parse_error(yb->file, line, col,
					   "Aliases can expand a small file into a huge tree; this one is refused.",
					   "YAML changelog has more than %d nodes once aliases are expanded",
					   YAML_MAX_NODES);
}

/* Text an alias copies, counted against YAML_MAX_ALIAS_BYTES. */
static void
count_alias_bytes(YamlBuild *yb, size_t len, int line, int col)
{
	if ((yb->alias_bytes += len) > YAML_MAX_ALIAS_BYTES)
		cl_parse_error(yb->file, line, col,
					   "Aliases can expand a small file into a huge tree; this one is refused.",
					   "YAML aliases copy more than %d MB of text",
					   YAML_MAX_ALIAS_BYTES / (1024 * 1024));
}

/* A deep copy of an anchored node, counted against the node and text caps. */
static ClNode *
copy_node(YamlBuild *yb, ClNode *n, const char *name, int line, int col)
{
	ClNode	   *c = palloc(sizeof(ClNode));
	ListCell   *lc;

	check_stack_depth();
	count_node(yb, line, col);
	if ((yb->nodes & 0x3FF) == 0)
		CHECK_FOR_INTERRUPTS();
	*c = *n;
	c->name = name ? cl_intern_name(name) : NULL;
	/* a name outside the vocabulary is copied too (a YAML key can be long) */
	if (c->name != NULL && c->name != name)
		count_alias_bytes(yb, strlen(c->name), line, col);
	/* its own text: the anchor's entry may be freed before this one is built */
	if (c->value != NULL)
	{
		size_t		len = strlen(c->value);

		count_alias_bytes(yb, len, line, col);
		c->value = pnstrdup(c->value, len);
	}
	c->items = NIL;
	foreach(lc, n->items)
	{
		ClNode	   *item = (ClNode *) lfirst(lc);

		c->items = lappend(c->items, copy_node(yb, item, item->name, line, col));
	}
	return c;
}

static void
set_anchor(YamlBuild *yb, char *anchor, ClNode *node)
{
	YamlAnchor *a;
	MemoryContext old;

	if (anchor == NULL)
		return;
	/* the anchors outlive the entries' groups (they are read while parsing) */
	old = MemoryContextSwitchTo(yb->treecxt);
	a = palloc(sizeof(YamlAnchor));
	a->name = pstrdup(anchor);
	a->node = node;
	yb->anchors = lappend(yb->anchors, a);
	cl_keyindex_set(&yb->anchor_index, a->name, list_length(yb->anchors) - 1);
	MemoryContextSwitchTo(old);
}

/*
 * Before each event: the memory context its nodes go to.  A node that
 * starts an entry of a second-level list goes to the current group, or a
 * new one; everything above that level to the tree's own context.
 */
static void
choose_context(YamlBuild *yb, yaml_event_t *ev)
{
	ClNode	   *list;
	YamlGroup  *g = yb->group;

	if (yb->depth > 2)
		return;					/* inside an entry: its group's context */
	if (yb->depth < 2 || yb->stack[1].node->kind != CLN_LIST ||
		(ev->type != YAML_SCALAR_EVENT && ev->type != YAML_SEQUENCE_START_EVENT &&
		 ev->type != YAML_MAPPING_START_EVENT && ev->type != YAML_ALIAS_EVENT))
	{
		MemoryContextSwitchTo(yb->treecxt);
		return;
	}
	list = yb->stack[1].node;
	if (g == NULL || g->list != list || g->count >= YAML_ENTRIES_PER_GROUP)
	{
		MemoryContextSwitchTo(yb->treecxt);
		g = palloc0(sizeof(YamlGroup));
		g->list = list;
		g->first = list_length(list->items);
		g->cxt = AllocSetContextCreate(yb->treecxt, "changelog_sync YAML entries",
									   ALLOCSET_DEFAULT_SIZES);
		yb->groups = lappend(yb->groups, g);
		yb->group = g;
	}
	g->count++;
	MemoryContextSwitchTo(g->cxt);
}

/* The builder is done with entry i of list: free its group once all are. */
static void
release_entry(YamlBuild *yb, ClNode *list, int i)
{
	while (yb->next_group < list_length(yb->groups))
	{
		YamlGroup  *g = (YamlGroup *) list_nth(yb->groups, yb->next_group);

		if (g->list != list || i >= g->first + g->count)
		{
			yb->next_group++;	/* another list's, or past: not ours */
			continue;
		}
		if (i < g->first)
			return;
		if (++g->released == g->count)
		{
#ifndef CL_CLOBBER_TREE
			MemoryContextDelete(g->cxt);
			g->cxt = NULL;
#endif
			yb->next_group++;
		}
		return;
	}
}

/* The latest definition of an anchor wins. */
static ClNode *
find_anchor(YamlBuild *yb, const char *name)
{
	int			pos = cl_keyindex_find(yb->anchor_index, name);

	if (pos < 0)
		return NULL;
	return ((YamlAnchor *) list_nth(yb->anchors, pos))->node;
}

/* Put a finished node where it belongs: root, list element or map value. */
static void
add_value(YamlBuild *yb, ClNode *node, int line, int col)
{
	YamlFrame  *f;
	int			old;

	if (yb->depth == 0)
	{
		yb->root = node;
		return;
	}
	f = &yb->stack[yb->depth - 1];
	if (f->node->kind == CLN_LIST)
	{
		/* a second-level list itself lives outside its entries' groups */
		MemoryContext old = MemoryContextSwitchTo(yb->depth == 2 ? yb->treecxt
												  : CurrentMemoryContext);

		node->name = NULL;
		cl_node_add(f->node, node);
		MemoryContextSwitchTo(old);
		return;
	}
	if (f->key == NULL)
		elog(ERROR, "YAML mapping value without a key");

	if (f->key_is_merge)
	{
		/* "<<": merge the entries of a map, or of each map in a list */
		List	   *sources = NIL;
		ListCell   *lc;

		if (node->kind == CLN_OBJECT)
			sources = list_make1(node);
		else if (node->kind == CLN_LIST)
		{
			foreach(lc, node->items)
			{
				ClNode	   *m = (ClNode *) lfirst(lc);

				if (m->kind != CLN_OBJECT)
					cl_parse_error(yb->file, line, col, NULL,
								   "a YAML merge key \"<<\" needs a map or a list of maps");
				sources = lappend(sources, m);
			}
		}
		else
			cl_parse_error(yb->file, line, col, NULL,
						   "a YAML merge key \"<<\" needs a map or a list of maps");
		foreach(lc, sources)
		{
			ClNode	   *m = (ClNode *) lfirst(lc);
			ListCell   *lc2;

			foreach(lc2, m->items)
			{
				ClNode	   *e = (ClNode *) lfirst(lc2);

				/* keys already there (explicit or merged earlier) win */
				if (cl_field_position(f->node, e->name, &f->keys) >= 0)
					continue;
				cl_node_add(f->node, e);
				cl_field_appended(f->node, &f->keys);
			}
		}
		f->key = NULL;
		f->key_is_merge = false;
		return;
	}

	node->name = f->key;
	old = cl_field_position(f->node, f->key, &f->keys);
	if (old >= 0)
	{
		/* a repeated key keeps its first position and takes the new value */
		lfirst(list_nth_cell(f->node->items, old)) = node;
	}
	else
	{
		cl_node_add(f->node, node);
		cl_field_appended(f->node, &f->keys);
	}
	f->key = NULL;
}

static void
push_frame(YamlBuild *yb, ClNode *node, char *anchor, int line, int col)
{
	YamlFrame  *f;

	if (yb->depth >= YAML_MAX_DEPTH)
		cl_parse_error(yb->file, line, col, NULL,
					   "YAML changelog is nested more than %d levels deep",
					   YAML_MAX_DEPTH);
	if (yb->depth == yb->cap)
	{
		yb->cap = yb->cap ? yb->cap * 2 : 16;
		yb->stack = yb->stack
			? repalloc(yb->stack, sizeof(YamlFrame) * yb->cap)
			: palloc(sizeof(YamlFrame) * yb->cap);
	}
	f = &yb->stack[yb->depth++];
	memset(f, 0, sizeof(YamlFrame));
	f->node = node;
	f->anchor = anchor;
}

static void
pop_frame(YamlBuild *yb, int line, int col)
{
	YamlFrame  *f;
	ClNode	   *node;

	if (yb->depth == 0)
		elog(ERROR, "YAML collection end without a start");
	f = &yb->stack[--yb->depth];
	node = f->node;
	if (node->kind == CLN_OBJECT && f->key != NULL)
		elog(ERROR, "YAML mapping ended with a key and no value");
	set_anchor(yb, f->anchor, node);
	add_value(yb, node, node->line, col);
}

/* ---------- YAML 1.1 plain scalar resolution (as SnakeYAML) ---------- */

static bool
is_bool(const char *s, bool *val)
{
	static const char *const t[] = {"yes", "Yes", "YES", "true", "True", "TRUE",
	"on", "On", "ON", NULL};
	static const char *const f[] = {"no", "No", "NO", "false", "False", "FALSE",
	"off", "Off", "OFF", NULL};
	int			i;
	size_t		len = strlen(s);

	if (len < 2 || len > 5)
		return false;
	for (i = 0; t[i]; i++)
		if (strcmp(s, t[i]) == 0)
		{
			*val = true;
			return true;
		}
	for (i = 0; f[i]; i++)
		if (strcmp(s, f[i]) == 0)
		{
			*val = false;
			return true;
		}
	return false;
}

static bool
is_null(const char *s)
{
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
		strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static bool
all_of(const char *s, const char *set)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!strchr(set, *s))
			return false;
	return true;
}

/* (":" [0-5]?[0-9])+ ; returns the end, or NULL */
static const char *
match_sexagesimal_tail(const char *p)
{
	int			groups = 0;

	while (*p == ':')
	{
		p++;
		if (p[0] >= '0' && p[0] <= '5' && p[1] >= '0' && p[1] <= '9')
			p += 2;
		else if (p[0] >= '0' && p[0] <= '9')
			p += 1;
		else
			return NULL;
		groups++;
	}
	return groups ? p : NULL;
}

/*
 * [-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(0|[1-9][0-9_]*) |
 * [-+]?0x[0-9a-fA-F_]+ | [-+]?[1-9][0-9_]*(:[0-5]?[0-9])+
 */
static bool
match_int(const char *s)
{
	const char *p = s;

	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] == 'b')
		return all_of(p + 2, "01_");
	if (p[0] == '0' && p[1] == 'x')
		return all_of(p + 2, "0123456789abcdefABCDEF_");
	if (p[0] == '0')
		return p[1] == '\0' || all_of(p + 1, "01234567_");
	if (p[0] >= '1' && p[0] <= '9')
	{
		const char *q = p + 1;

		while (*q && strchr("0123456789_", *q))
			q++;
		if (*q == '\0')
			return true;
		q = match_sexagesimal_tail(q);
		return q != NULL && *q == '\0';
	}
	return false;
}

/*
 * [-+]?(\.[0-9]+|[0-9_]+(\.[0-9_]*)?)([eE][-+]?[0-9]+)? |
 * [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(inf|Inf|INF) |
 * \.(nan|NaN|NAN)
 */
static bool
match_float(const char *s)
{
	const char *p = s;
	const char *q;
	bool		digits = false;

	if (s[0] == '.' &&
		(strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 || strcmp(s, ".NAN") == 0))
		return true;
	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '.' &&
		(strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0))
		return true;

	/* sexagesimal */
	if (*p >= '0' && *p <= '9')
	{
		q = p + 1;
		while (*q && strchr("0123456789_", *q))
			q++;
		if (*q == ':')
		{
			q = match_sexagesimal_tail(q);
			if (q == NULL || *q != '.')
				return false;
			q++;
			while (*q && strchr("0123456789_", *q))
				q++;
			return *q == '\0';
		}
	}

	q = p;
	if (*q == '.')
	{
		q++;
		if (!(*q >= '0' && *q <= '9'))
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
		digits = true;
	}
	else
	{
		while (*q && strchr("0123456789_", *q))
		{
			if (*q != '_')
				digits = true;
			q++;
		}
		if (q == p)
			return false;
		if (*q == '.')
		{
			q++;
			while (*q && strchr("0123456789_", *q))
			{
				if (*q != '_')
					digits = true;
				q++;
			}
		}
	}
	if (*q == 'e' || *q == 'E')
	{
		q++;
		if (*q == '-' || *q == '+')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	return *q == '\0' && digits;
}

static int
digits_at(const char *p, int min, int max, int *val)
{
	int			n = 0;

	*val = 0;
	while (n < max && p[n] >= '0' && p[n] <= '9')
	{
		*val = *val * 10 + (p[n] - '0');
		n++;
	}
	return n >= min ? n : 0;
}

/*
 * [0-9]{4}-[0-9]{2}-[0-9]{2} |
 * [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}
 *   (\.[0-9]*)?([ \t]*(Z|[-+][0-9]{1,2}(:[0-9]{2})?))?
 */
static bool
match_timestamp(const char *s, bool *date_only)
{
	const char *p = s;
	int			v;
	int			n;

	if (digits_at(p, 4, 4, &v) != 4 || p[4] != '-')
		return false;
	p += 5;
	if ((n = digits_at(p, 1, 2, &v)) == 0 || p[n] != '-')
		return false;
	p += n + 1;
	if ((n = digits_at(p, 1, 2, &v)) == 0)
		return false;
	p += n;
	if (*p == '\0')
	{
		/* date only: two-digit month and day */
		*date_only = true;
		return strlen(s) == 10;
	}
	*date_only = false;
	if (*p == 'T' || *p == 't')
		p++;
	else if (*p == ' ' || *p == '\t')
		while (*p == ' ' || *p == '\t')
			p++;
	else
		return false;
	if ((n = digits_at(p, 1, 2, &v)) == 0 || p[n] != ':')
		return false;
	p += n + 1;
	if (digits_at(p, 2, 2, &v) != 2 || p[2] != ':')
		return false;
	p += 3;
	if (digits_at(p, 2, 2, &v) != 2)
		return false;
	p += 2;
	if (*p == '.')
	{
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == 'Z')
		p++;
	else if (*p == '-' || *p == '+')
	{
		p++;
		if ((n = digits_at(p, 1, 2, &v)) == 0)
			return false;
		p += n;
		if (*p == ':')
		{
			if (digits_at(p + 1, 2, 2, &v) != 2)
				return false;
			p += 3;
		}
	}
	return *p == '\0';
}

/* Java's Integer/Long/BigInteger text of a YAML 1.1 int. */
static char *
int_text(YamlBuild *yb, const char *s, int line, int col)
{
	StringInfoData clean;
	const char *p;
	bool		neg = false;
	int			base = 10;
	char	   *digits;
	char	   *end;
	unsigned long long v;

	initStringInfo(&clean);
	for (p = s; *p; p++)
		if (*p != '_')
			appendStringInfoChar(&clean, *p);
	p = clean.data;
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	if (strchr(p, ':'))
	{
		/* sexagesimal: a:b:c = (a*60 + b)*60 + c */
		int64		total = 0;
		char	   *copy = pstrdup(p);
		char	   *tok;
		char	   *save;

		for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
		{
			int64		part;

			errno = 0;
			part = strtoll(tok, NULL, 10);
			if (errno == ERANGE ||
				pg_mul_s64_overflow(total, 60, &total) ||
				pg_add_s64_overflow(total, part, &total))
				cl_parse_error(yb->file, line, col, NULL,
							   "YAML integer \"%s\" is out of range", s);
		}
		return psprintf("%lld", (long long) (neg ? -total : total));
	}
	if (p[0] == '0' && p[1] == 'b')
	{
		base = 2;
		p += 2;
	}
	else if (p[0] == '0' && p[1] == 'x')
	{
		base = 16;
		p += 2;
	}
	else if (p[0] == '0' && p[1] != '\0')
	{
		base = 8;
		p += 1;
	}
	digits = (char *) p;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (*end != '\0')
		cl_parse_error(yb->file, line, col, NULL,
					   "invalid YAML integer \"%s\"", s);
	if (errno == ERANGE || v > (unsigned long long) PG_INT64_MAX + (neg ? 1 : 0))
	{
		if (base != 10)
			cl_parse_error(yb->file, line, col, NULL,
						   "YAML integer \"%s\" is out of range", s);
		/* BigInteger: decimal digits as written, without leading zeros */
		while (*digits == '0' && digits[1])
			digits++;
		return psprintf("%s%s", neg ? "-" : "", digits);
	}
	if (v == 0)
		return pstrdup("0");
	return psprintf("%s%llu", neg ? "-" : "", v);
}

/* Java's Double.toString of a YAML 1.1 float. */
static char *
float_text(const char *s)
{
	StringInfoData clean;
	const char *p;
	bool		neg = false;

	initStringInfo(&clean);
	for (p = s; *p; p++)
		if (*p != '_')
			appendStringInfoChar(&clean, *p);
	p = clean.data;
	if (strstr(p, ".nan") || strstr(p, ".NaN") || strstr(p, ".NAN"))
		return pstrdup("NaN");
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	if (pg_strcasecmp(p, ".inf") == 0)
		return pstrdup(neg ? "-Infinity" : "Infinity");
	if (strchr(p, ':'))
	{
		double		total = 0;
		char	   *copy = pstrdup(p);
		char	   *last = strrchr(copy, ':');
		char	   *tok;
		char	   *save;

		*last = '\0';
		for (tok = strtok_r(copy, ":", &save); tok; tok = strtok_r(NULL, ":", &save))
			total = total * 60 + strtod(tok, NULL);
		total = total * 60 + strtod(last + 1, NULL);
		return cl_java_double(neg ? -total : total);
	}
	return cl_java_double(neg ? -strtod(p, NULL) : strtod(p, NULL));
}

/*
 * Liquibase's timestamp constructor: a date is a java.util.Date (printed
 * "EEE MMM dd HH:mm:ss zzz yyyy", UTC); a time without zone becomes the
 * string "yyyy-MM-dd HH:mm:ss"; a time with a zone a java.util.Date.  iso:
 * the value goes to valueDate / defaultValueDate, where a Date is printed
 * "yyyy-MM-ddTHH:mm:ss".
 */
static char *
timestamp_text(const char *s, bool date_only, bool iso)
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	int			y = 0,
				mo = 0,
				d = 0,
				h = 0,
				mi = 0,
				sec = 0;
	const char *p = s;
	int			n;
	bool		has_zone = false;
	int			zh = 0,
				zm = 0,
				zsign = 1;
	int			jd;
	long long	secs;

	p += digits_at(p, 4, 4, &y) + 1;
	n = digits_at(p, 1, 2, &mo);
	p += n + 1;
	n = digits_at(p, 1, 2, &d);
	p += n;
	if (!date_only)
	{
		while (*p == 'T' || *p == 't' || *p == ' ' || *p == '\t')
			p++;
		p += digits_at(p, 1, 2, &h) + 1;
		p += digits_at(p, 2, 2, &mi) + 1;
		p += digits_at(p, 2, 2, &sec);
		if (*p == '.')
		{
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '-' || *p == '+')
		{
			has_zone = true;
			zsign = (*p == '-') ? -1 : 1;
			p++;
			p += digits_at(p, 1, 2, &zh);
			if (*p == ':')
				digits_at(p + 1, 2, 2, &zm);
		}
		if (!has_zone)
			return psprintf("%04d-%02d-%02d%c%02d:%02d:%02d", y, mo, d,
							iso ? 'T' : ' ', h, mi, sec);
	}
	/* seconds since the epoch of this UTC instant, normalised */
	jd = date2j(y, mo, d);
	secs = ((long long) jd * 24 + h) * 3600 + mi * 60 + sec;
	secs -= (long long) zsign * (zh * 3600 + zm * 60);
	jd = (int) (secs / 86400);
	secs %= 86400;
	j2date(jd, &y, &mo, &d);
	if (iso)
		return psprintf("%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d,
						(int) (secs / 3600), (int) ((secs / 60) % 60),
						(int) (secs % 60));
	return psprintf("%s %s %02d %02d:%02d:%02d UTC %d",
					days[j2day(jd)], months[mo - 1], d,
					(int) (secs / 3600), (int) ((secs / 60) % 60),
					(int) (secs % 60), y);
}

static ClNode *
make_scalar(YamlBuild *yb, yaml_event_t *ev, int line, int col)
{
	char	   *text = yaml_str(ev->data.scalar.value, ev->data.scalar.length);
	const char *tag = (const char *) ev->data.scalar.tag;
	bool		plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	const char *key = NULL;
	ClNode	   *n;
	bool		b;
	bool		date_only;

	if (yb->depth > 0 && yb->stack[yb->depth - 1].node->kind == CLN_OBJECT)
		key = yb->stack[yb->depth - 1].key;

	n = cl_node_scalar(NULL, NULL, line);
	if (tag != NULL && strcmp(tag, "!") != 0)
	{
		const char *t;

		if (strncmp(tag, YAML_TAG_PREFIX, strlen(YAML_TAG_PREFIX)) != 0)
			cl_parse_error(yb->file, line, col, NULL,
						   "unsupported YAML tag \"%s\"", tag);
		t = tag + strlen(YAML_TAG_PREFIX);
		if (strcmp(t, "str") == 0)
			n->value = text;
		else if (strcmp(t, "null") == 0)
			n->value = NULL;
		else if (strcmp(t, "bool") == 0 && is_bool(text, &b))
		{
			n->value = pstrdup(b ? "true" : "false");
			n->typed = true;
		}
		else if (strcmp(t, "int") == 0 && match_int(text))
		{
			n->value = int_text(yb, text, line, col);
			n->typed = true;
		}
		else if (strcmp(t, "float") == 0 && (match_float(text) || match_int(text)))
		{
			n->value = float_text(text);
			n->typed = true;
		}
		else
			cl_parse_error(yb->file, line, col, NULL,
						   "YAML value \"%s\" cannot have the tag \"%s\"",
						   text, tag);
		return n;
	}
	if (!plain || tag != NULL)
	{
		n->value = text;
		return n;
	}
	/* only these first characters can start a null, bool, number or date */
	if (text[0] != '\0' && strchr("~nNyYtTfFoO0123456789+-.", text[0]) == NULL)
		n->value = text;
	else if (is_null(text))
		n->value = NULL;
	else if (is_bool(text, &b))
	{
		n->value = pstrdup(b ? "true" : "false");
		n->typed = true;
	}
	else if (match_int(text))
	{
		n->value = int_text(yb, text, line, col);
		n->typed = true;
	}
	else if (match_float(text))
	{
		n->value = float_text(text);
		n->typed = true;
	}
	else if (match_timestamp(text, &date_only))
		n->value = timestamp_text(text, date_only,
								  key && (strcmp(key, "valueDate") == 0 ||
										  strcmp(key, "defaultValueDate") == 0));
	else
		n->value = text;
	return n;
}

static void
handle_event(YamlBuild *yb, yaml_event_t *ev)
{
	int			line = (int) ev->start_mark.line + 1;
	int			col = (int) ev->start_mark.column + 1;
	YamlFrame  *f = yb->depth > 0 ? &yb->stack[yb->depth - 1] : NULL;
	bool		at_key = f && f->node->kind == CLN_OBJECT && f->key == NULL;
	char	   *anchor = NULL;
	ClNode	   *n;

	choose_context(yb, ev);
	switch (ev->type)
	{
		case YAML_STREAM_START_EVENT:
		case YAML_STREAM_END_EVENT:
		case YAML_DOCUMENT_END_EVENT:
		case YAML_NO_EVENT:
			break;

		case YAML_DOCUMENT_START_EVENT:
			if (++yb->documents > 1)
				cl_parse_error(yb->file, line, col,
							   "A changelog file holds exactly one YAML document.",
							   "YAML changelog has more than one document");
			break;

		case YAML_SCALAR_EVENT:
			/* only alias expansion is capped (copy_node); a big file is just big */
			if (at_key)
			{
				char	   *key = yaml_str(ev->data.scalar.value,
										   ev->data.scalar.length);

				f->key = key;
				f->key_line = line;
				f->key_is_merge = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
					strcmp(key, "<<") == 0;
				/* (an explicit key later replaces a merged one: add_value) */
				break;
			}
			n = make_scalar(yb, ev, line, col);
			if (ev->data.scalar.anchor)
				set_anchor(yb, yaml_str(ev->data.scalar.anchor,
										strlen((char *) ev->data.scalar.anchor)), n);
			add_value(yb, n, line, col);
			break;

		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			{
				const char *tag = ev->type == YAML_SEQUENCE_START_EVENT
					? (const char *) ev->data.sequence_start.tag
					: (const char *) ev->data.mapping_start.tag;
				const yaml_char_t *a = ev->type == YAML_SEQUENCE_START_EVENT
					? ev->data.sequence_start.anchor
					: ev->data.mapping_start.anchor;

				if (at_key)
					cl_parse_error(yb->file, line, col, NULL,
								   "YAML map keys must be plain values");
				if (tag && strcmp(tag, "!") != 0 &&
					strcmp(tag, YAML_TAG_PREFIX "seq") != 0 &&
					strcmp(tag, YAML_TAG_PREFIX "map") != 0)
					cl_parse_error(yb->file, line, col, NULL,
								   "unsupported YAML tag \"%s\"", tag);
				if (a)
					anchor = yaml_str(a, strlen((const char *) a));
				n = ev->type == YAML_SEQUENCE_START_EVENT
					? cl_node_list(NULL, line) : cl_node_object(NULL, line);
				push_frame(yb, n, anchor, line, col);
			}
			break;

		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			pop_frame(yb, line, col);
			break;

		case YAML_ALIAS_EVENT:
			{
				char	   *name = yaml_str(ev->data.alias.anchor,
											strlen((char *) ev->data.alias.anchor));
				ClNode	   *target = find_anchor(yb, name);

				if (at_key)
					cl_parse_error(yb->file, line, col, NULL,
								   "YAML map keys must be plain values, not aliases");
				if (target == NULL)
					cl_parse_error(yb->file, line, col, NULL,
								   "YAML alias \"*%s\" refers to no anchor, or to the collection that contains it",
								   name);
				add_value(yb, copy_node(yb, target, NULL, line, col), line, col);
			}
			break;
	}
}

static void
yaml_release(void *arg, ClNode *list, int i)
{
	release_entry((YamlBuild *) arg, list, i);
}

/*
 * Refuse more than YAML_MAX_DIRECTIVES lines that start with '%' (%YAML,
 * %TAG) before libyaml reads them: it compares each %TAG with every one
 * before it, all inside the one call that returns the document's start,
 * where no cancel reaches (10 MB of them ran for six minutes).  Outside
 * directives a '%' can start a line only inside a scalar at column 0.
 */
static void
check_directives(ClFile *file, const char *s, size_t len)
{
	const char *p = s;
	const char *end = s + len;
	int			n = 0;

	while ((p = memchr(p, '%', end - p)) != NULL)
	{
		/* libyaml also breaks lines at NEL, LS and PS */
		bool		line_start = p == s || p[-1] == '\n' || p[-1] == '\r' ||
			(p - s >= 2 && (unsigned char) p[-2] == 0xC2 && (unsigned char) p[-1] == 0x85) ||
			(p - s >= 3 && (unsigned char) p[-3] == 0xE2 && (unsigned char) p[-2] == 0x80 &&
			 ((unsigned char) p[-1] == 0xA8 || (unsigned char) p[-1] == 0xA9));

		if (line_start && ++n > YAML_MAX_DIRECTIVES)
		{
			int			line = 1;
			const char *c;

			for (c = s; c < p; c++)
				line += (*c == '\n' || (*c == '\r' && c[1] != '\n'));
			cl_parse_error(file, line, 1,
						   "A line that starts with '%' is a directive (%YAML, %TAG) before a document; inside a quoted text, indent the line.",
						   "YAML changelog has more than %d lines that start with '%%'",
						   YAML_MAX_DIRECTIVES);
		}
		p++;
	}
}

void
cl_parse_yaml(ClParseState *st, ClFile *file)
{
	YamlBuild	yb;
	yaml_parser_t parser;
	yaml_event_t event;
	volatile bool parser_live = false;
	volatile bool event_live = false;
	char	   *utf8;
	size_t		len;
	MemoryContext treecxt;
	MemoryContext modelcxt;

	memset(&yb, 0, sizeof(yb));
	yb.file = file;

	/*
	 * The document tree lives only until the model is built from it: the
	 * model copies what it keeps, so memory is not held twice.
	 */
	treecxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync YAML tree",
									ALLOCSET_DEFAULT_SIZES);
	modelcxt = MemoryContextSwitchTo(treecxt);
	yb.treecxt = treecxt;

	/* libyaml reads UTF-8 */
	utf8 = pg_server_to_any(file->content, file->len, PG_UTF8);
	len = strlen(utf8);
	check_directives(file, utf8, len);

	PG_TRY();
	{
		if (!yaml_parser_initialize(&parser))
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("could not initialize the YAML parser")));
		parser_live = true;
		yaml_parser_set_input_string(&parser, (const unsigned char *) utf8, len);
		yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

		for (;;)
		{
			bool		done;

			CHECK_FOR_INTERRUPTS();
			if (!yaml_parser_parse(&parser, &event))
			{
				const char *problem = parser.problem ? parser.problem : "syntax error";
				int			line = (int) parser.problem_mark.line + 1;
				int			col = (int) parser.problem_mark.column + 1;

				if (parser.context)
					cl_parse_error(file, line, col, NULL,
								   "could not parse YAML changelog: %s %s (line %d, column %d)",
								   problem, parser.context,
								   (int) parser.context_mark.line + 1,
								   (int) parser.context_mark.column + 1);
				cl_parse_error(file, line, col, NULL,
							   "could not parse YAML changelog: %s", problem);
			}
			event_live = true;
			done = (event.type == YAML_STREAM_END_EVENT);
			handle_event(&yb, &event);
			yaml_event_delete(&event);
			event_live = false;
			if (done)
				break;
		}
	}
	PG_FINALLY();
	{
		if (event_live)
			yaml_event_delete(&event);
		if (parser_live)
			yaml_parser_delete(&parser);
	}
	PG_END_TRY();

	MemoryContextSwitchTo(modelcxt);
	cl_build_from_tree(st, file, yb.root, yaml_release, &yb);
	cl_tree_release(treecxt, yb.root);
}
