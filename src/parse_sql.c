/*-------------------------------------------------------------------------
 *
 * parse_sql.c
 *	  The formatted SQL changelog parser ("--liquibase formatted sql").
 *
 * Liquibase recognises each directive with a whole-line regular expression;
 * attributes on a --changeset line are each found with their own
 * ".*name:(value).*" pattern, whose greedy prefix makes the LAST occurrence
 * win.  This file reproduces those rules by hand, line by line, including
 * the quirks that change what is recorded (see liquibase-core.md §3).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "changelog.h"
#include "parsers.h"

/* The value shape that follows "name:" in an attribute pattern. */
typedef enum AttrShape
{
	SHAPE_WORD,					/* (\w+) */
	SHAPE_NONSPACE,				/* (\S*) */
	SHAPE_NONSPACE1,			/* (\S+) */
	SHAPE_QUOTED,				/* (".*?"|\S*) */
	SHAPE_DBMS					/* ([^,][\w!,]+) */
} AttrShape;

typedef struct SqlParser
{
	ClParseState *st;
	ClFile	   *file;
	char	  **lines;
	int			nlines;
	int			lineno;			/* index of the current line */
	MemoryContext tmp;			/* a changeset line's intermediate strings */
} SqlParser;

/* the state of the changeset being read */
typedef struct OpenChangeSet
{
	ClChangeSet *cs;
	ClChange   *change;
	StringInfoData sql;			/* body lines, each followed by "\n" */
	StringInfoData rollback;
	bool		rollbackSplitGiven;
	bool		rollbackSplit;
	char	   *rollbackEndDelimiter;
	ClChange   *last_change;	/* the change of the changeset closed last */
	const char *prev_sql;		/* its SQL, kept by an empty last changeset */
} OpenChangeSet;

static bool is_space(char c);
static bool is_word(char c);
static const char *skip_space(const char *p);
static const char *match_ci(const char *p, const char *word);
static char *find_attr(const char *line, const char *name, AttrShape shape,
					   bool word_boundary);
static char *strip_quotes(const char *s);
static char *trim_copy(const char *s);
static void format_error(SqlParser *p, const char *expected);
static bool is_directive(const char *line, bool one_char, const char *word,
						 bool need_space_after);
static void raw_changeset(SqlParser *p);
static void finish_sql(SqlParser *p, OpenChangeSet *open, bool at_eof);
static void handle_property(SqlParser *p, const char *line);
static void handle_changeset_line(SqlParser *p, OpenChangeSet *open,
								  const char *line);
static void handle_body_line(SqlParser *p, OpenChangeSet *open,
							 const char *line);
static void handle_preconditions(SqlParser *p, ClChangeSet *cs,
								 const char *args);
static void handle_precondition(SqlParser *p, ClChangeSet *cs,
								const char *name, const char *body);

/* Java's \s (without UNICODE_CHARACTER_CLASS): space, \t \n \x0B \f \r */
static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' || c == '\r';
}

static bool
is_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		(c >= '0' && c <= '9') || c == '_';
}

static const char *
skip_space(const char *p)
{
	while (is_space(*p))
		p++;
	return p;
}

/* Does s start with the n bytes of word, ASCII letters in any case? */
static inline bool
prefix_ci(const char *s, const char *word, size_t n)
{
	/* the first byte rejects almost every candidate without a call */
	if (n == 0)
		return true;
	if (pg_ascii_tolower((unsigned char) s[0]) != pg_ascii_tolower((unsigned char) word[0]))
		return false;
	return pg_strncasecmp(s, word, n) == 0;
}

/* Case-insensitive prefix match; returns the position after it or NULL. */
static const char *
match_ci(const char *p, const char *word)
{
	size_t		n = strlen(word);

	if (prefix_ci(p, word, n))
		return p + n;
	return NULL;
}

/*
 * A line's colons, found once for the many attributes looked up in it:
 * every attribute name ends with its colon, so the candidates are the
 * colons, each with the name just before it.
 */
#define ATTR_MAX_COLONS 32
typedef struct AttrLine
{
	const char *line;
	int			ncolons;		/* -1: more than ATTR_MAX_COLONS */
	const char *colons[ATTR_MAX_COLONS];
} AttrLine;

static void
attr_line_init(AttrLine *al, const char *line)
{
	const char *c = line;

	al->line = line;
	al->ncolons = 0;
	while ((c = strchr(c, ':')) != NULL)
	{
		if (al->ncolons == ATTR_MAX_COLONS)
		{
			al->ncolons = -1;
			return;
		}
		al->colons[al->ncolons++] = c++;
	}
}

/*
 * The colon before colon (the last one first): from the list, or searched
 * for when the line has too many.
 */
static const char *
prev_colon(const AttrLine *al, int *k, const char *colon)
{
	if (al->ncolons >= 0)
		return --(*k) >= 0 ? al->colons[*k] : NULL;
	return memrchr(al->line, ':', colon - al->line);
}

/* The value of name at start (name matched) if its shape matches, else NULL. */
static char *
attr_value(const char *line, const char *start, size_t nlen, AttrShape shape,
		   bool word_boundary)
{
	const char *v;
	const char *e;

	if (word_boundary && start > line && is_word(start[-1]))
		return NULL;
	v = start + nlen;
	switch (shape)
	{
		case SHAPE_WORD:
			for (e = v; is_word(*e); e++)
				;
			if (e == v)
				return NULL;
			return pnstrdup(v, e - v);
		case SHAPE_NONSPACE:
		case SHAPE_NONSPACE1:
			for (e = v; *e && !is_space(*e); e++)
				;
			if (shape == SHAPE_NONSPACE1 && e == v)
				return NULL;
			return pnstrdup(v, e - v);
		case SHAPE_QUOTED:
			if (*v == '"')
			{
				const char *close = strchr(v + 1, '"');

				if (close != NULL)
					return pnstrdup(v, close + 1 - v);
			}
			for (e = v; *e && !is_space(*e); e++)
				;
			return pnstrdup(v, e - v);
		case SHAPE_DBMS:
			if (*v == '\0' || *v == ',')
				return NULL;
			for (e = v + 1; is_word(*e) || *e == '!' || *e == ','; e++)
				;
			if (e == v + 1)
				return NULL;
			return pnstrdup(v, e - v);
	}
	return NULL;
}

/*
 * The value of attribute "name:" as ".*name:(shape).*" would capture it:
 * the last occurrence for which the value shape matches.  NULL when none.
 */
static char *
find_attr_in(const AttrLine *al, const char *name, AttrShape shape,
			 bool word_boundary)
{
	const char *line = al->line;
	size_t		nlen = strlen(name);
	const char *colon;
	int			k;
	char	   *r;

	Assert(nlen > 0 && name[nlen - 1] == ':');
	k = al->ncolons;
	colon = k >= 0 ? NULL : line + strlen(line);
	while ((colon = prev_colon(al, &k, colon)) != NULL)
	{
		if (colon + 1 < line + nlen)
			break;
		if (prefix_ci(colon + 1 - nlen, name, nlen) &&
			(r = attr_value(line, colon + 1 - nlen, nlen, shape, word_boundary)) != NULL)
			return r;
	}
	return NULL;
}

/* find_attr_in for a single lookup in line */
static char *
find_attr(const char *line, const char *name, AttrShape shape,
		  bool word_boundary)
{
	AttrLine	al;

	attr_line_init(&al, line);
	return find_attr_in(&al, name, shape, word_boundary);
}

/* StringUtil.stripEnclosingQuotes: one pair of matching ' or " quotes */
static char *
strip_quotes(const char *s)
{
	size_t		n;

	if (s == NULL)
		return NULL;
	n = strlen(s);
	if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
		return pnstrdup(s + 1, n - 2);
	return pstrdup(s);
}

/* Java String.trim(): strip chars <= ' ' at both ends */
static char *
trim_copy(const char *s)
{
	const char *e;

	while (*s && (unsigned char) *s <= ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (unsigned char) e[-1] <= ' ')
		e--;
	return pnstrdup(s, e - s);
}

static void
format_error(SqlParser *p, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("unexpected formatting in formatted changelog \"%s\" at line %d",
					p->file->path, p->lineno + 1),
			 errdetail("Expected %s.", expected),
			 errcontext("changelog file \"%s\", line %d", p->file->path,
						p->lineno + 1)));
}

/*
 * Does the line look like a directive?  one_char: "-" (a single dash, as
 * Liquibase's ALT_*_ONE_CHARACTER patterns) instead of "--".
 * Pattern: \s*-{1|2}[\s]*word then (need_space_after ? \s : anything).
 */
static bool
is_directive(const char *line, bool one_char, const char *word,
			 bool need_space_after)
{
	const char *p = skip_space(line);
	const char *q;

	if (one_char)
	{
		if (p[0] != '-')
			return false;
		p++;
	}
	else
	{
		if (p[0] != '-' || p[1] != '-')
			return false;
		p += 2;
	}
	p = skip_space(p);
	q = match_ci(p, word);
	if (q == NULL)
		return false;
	if (need_space_after && !is_space(*q))
		return false;
	return true;
}

/* ---------- whole-file handling ---------- */

/* A .sql file without the header: one changeset, id "raw", author "includeAll". */
static void
raw_changeset(SqlParser *p)
{
	ClChangeSet *cs = cl_new_changeset(p->file, "raw", "includeAll", 1);
	ClChange   *c = cl_new_change(p->file, "sql", 1);

	cl_node_set(c->attrs, "sql", cl_expand(p->st, p->file, p->file->content), 1);
	cs->changes = lappend(cs->changes, c);
	cl_add_changeset(p->st, p->file, cs);
}

/*
 * The lines of text, cut in place (text is modified): one allocation for
 * the pointers, none per line, so that a file of many short lines costs
 * little more than its size.
 */
static char **
split_lines(char *text, int *nlines)
{
	int			cap = 64;
	int			n = 0;
	char	  **lines = palloc(sizeof(char *) * cap);
	char	   *s = text;

	while (*s)
	{
		char	   *e = s;

		while (*e && *e != '\n' && *e != '\r')
			e++;
		if (n == cap)
		{
			if (cap >= (int) (MaxAllocSize / sizeof(char *)) - 1)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("changelog file has more than %d lines", cap)));
			cap = Min(cap * 2, (int) (MaxAllocSize / sizeof(char *)) - 1);
			lines = repalloc(lines, sizeof(char *) * cap);
		}
		lines[n++] = s;
		if (*e == '\r' && e[1] == '\n')
		{
			*e = '\0';
			e += 2;
		}
		else if (*e)
			*e++ = '\0';
		s = e;
		if ((n & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	*nlines = n;
	return lines;
}

void
cl_parse_sql(ClParseState *st, ClFile *file)
{
	SqlParser	p;
	OpenChangeSet open;
	int			first;

	memset(&p, 0, sizeof(p));
	memset(&open, 0, sizeof(open));
	p.st = st;
	p.file = file;
	p.lines = split_lines(pnstrdup(file->content, file->len), &p.nlines);
	p.tmp = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync SQL line",
								  ALLOCSET_SMALL_SIZES);

	/* the first non-blank line must be the header */
	for (first = 0; first < p.nlines; first++)
	{
		const char *t = p.lines[first];

		while (*t && (unsigned char) *t <= ' ')
			t++;
		if (*t)
			break;
	}
	if (first == p.nlines)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("changelog file \"%s\" is empty", file->path),
				 errdetail("Liquibase refuses an empty changelog (\"Unable to parse empty file\").")));
	{
		const char *h = skip_space(p.lines[first]);
		const char *q;

		if (h[0] != '-' || h[1] != '-' ||
			(q = match_ci(skip_space(h + 2), "liquibase")) == NULL ||
			match_ci(skip_space(q), "formatted") == NULL)
		{
			MemoryContextDelete(p.tmp);
			raw_changeset(&p);
			return;
		}
	}

	initStringInfo(&open.sql);
	initStringInfo(&open.rollback);

	for (p.lineno = 0; p.lineno < p.nlines; p.lineno++)
	{
		const char *line = p.lines[p.lineno];
		const char *t;
		const char *q;

		if ((p.lineno & 255) == 0)
			CHECK_FOR_INTERRUPTS();

		/*
		 * Every directive starts with "-" (or "/" for a rollback comment)
		 * after spaces: any other line is SQL of the open changeset, or
		 * nothing before the first one.
		 */
		t = skip_space(line);
		if (t[0] != '-' && t[0] != '/')
		{
			if (open.cs != NULL)
			{
				appendStringInfoString(&open.sql, line);
				appendStringInfoChar(&open.sql, '\n');
			}
			continue;
		}

		/* --property name:x value:y (anywhere) */
		if (t[0] == '-' && t[1] == '-' &&
			(q = match_ci(skip_space(t + 2), "property")) != NULL &&
			is_space(*q) && strchr(q, ':') != NULL)
		{
			handle_property(&p, line);
			continue;
		}
		{
			/* \s*?[-]+\s*property\s.* : a malformed property line */
			const char *d = t;

			while (*d == '-')
				d++;
			if (d > t && (q = match_ci(skip_space(d), "property")) != NULL &&
				is_space(*q))
				format_error(&p, "\"--property name:<name> value:<value>\"");
		}

		/* a header line (re)sets the file's logical path */
		if (t[0] == '-' && t[1] == '-' &&
			(q = match_ci(skip_space(t + 2), "liquibase")) != NULL &&
			match_ci(skip_space(q), "formatted") != NULL)
		{
			char	   *lfp = find_attr(line, "logicalFilePath:", SHAPE_NONSPACE, false);

			file->logical_path = (lfp && lfp[0]) ? cl_normalize_path(lfp) : NULL;
		}

		/* --ignoreLines:start ... --ignoreLines:end, --ignoreLines:N */
		if (line[0] == '-' && line[1] == '-' &&
			(q = match_ci(skip_space(line + 2), "ignoreLines:")) != NULL)
		{
			const char *w = q;

			while (is_word(*w))
				w++;
			if (w > q && *w == '\0')
			{
				char	   *arg = pnstrdup(q, w - q);

				if (strcmp(arg, "start") == 0)
				{
					bool		closed = false;

					for (p.lineno++; p.lineno < p.nlines; p.lineno++)
					{
						const char *l2 = p.lines[p.lineno];

						if (l2[0] == '-' && l2[1] == '-' &&
							(q = match_ci(skip_space(l2 + 2), "ignoreLines:")) != NULL &&
							strcmp(q, "end") == 0)
						{
							closed = true;
							break;
						}
					}
					if (!closed)
						break;
					continue;
				}
				else
				{
					char	   *end;
					long		n = strtol(arg, &end, 10);

					if (*end != '\0' || n < 0)
						format_error(&p, "\"--ignoreLines:<count>\" or \"--ignoreLines:start\"");
					p.lineno += (n > p.nlines ? p.nlines : (int) n);
					continue;
				}
			}
		}
		if ((line[0] == '-' && line[1] == '-' &&
			 match_ci(skip_space(line + 2), "ignore:") != NULL) ||
			(line[0] == '-' && line[1] != '-' &&
			 match_ci(skip_space(line + 1), "ignoreLines:") != NULL))
			format_error(&p, "\"--ignoreLines:<count|start>\"");

		/* --changeset author:id */
		if (is_directive(line, false, "changeset", false))
		{
			handle_changeset_line(&p, &open, line);
			continue;
		}
		if (line[0] == '-' && is_directive(line, true, "changeset", true))
			format_error(&p, "\"--changeset <author>:<id>\"");

		if (open.cs != NULL)
			handle_body_line(&p, &open, line);
		else
		{
			/* lines before the first changeset */
			if (line[0] == '-' && line[1] == '-' &&
				(q = match_ci(skip_space(line + 2), "comment")) != NULL &&
				(q[0] == ' ' || (q[0] == ':' && q[1] == ' ')))
				ereport(ERROR,
						(errcode(ERRCODE_SYNTAX_ERROR),
						 errmsg("unexpected formatting at line %d of \"%s\": comment lines are not allowed outside of changesets",
								p.lineno + 1, file->path),
						 errcontext("changelog file \"%s\", line %d", file->path,
									p.lineno + 1)));
			if (is_directive(line, false, "include", false))
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("include is not supported in formatted SQL changelogs"),
						 errdetail("Liquibase 4.28 requires a Pro key for --include and --includeAll in formatted SQL."),
						 errhint("Include the file from an XML, YAML or JSON changelog."),
						 errcontext("changelog file \"%s\", line %d", file->path,
									p.lineno + 1)));
		}
	}
	if (open.cs != NULL)
		finish_sql(&p, &open, true);
	MemoryContextDelete(p.tmp);
}

/* ---------- --property ---------- */

static void
handle_property(SqlParser *p, const char *line)
{
	char	   *name;
	char	   *value;
	char	   *context;
	char	   *labels;
	char	   *dbms;
	char	   *global;

	/* name: and value: allow spaces after the colon (".*name:\s*(\S+).*") */
	{
		const char *s;
		size_t		n = strlen("name:");

		name = NULL;
		for (s = line + strlen(line); s >= line; s--)
		{
			const char *v;
			const char *e;

			if (pg_strncasecmp(s, "name:", n) != 0)
				continue;
			v = s + n;
			while (is_space(*v))
				v++;
			for (e = v; *e && !is_space(*e); e++)
				;
			if (e > v)
			{
				name = pnstrdup(v, e - v);
				break;
			}
		}
		value = NULL;
		n = strlen("value:");
		for (s = line + strlen(line); s >= line; s--)
		{
			const char *v;
			const char *e;

			if (pg_strncasecmp(s, "value:", n) != 0)
				continue;
			v = s + n;
			while (is_space(*v))
				v++;
			for (e = v; *e && !is_space(*e); e++)
				;
			if (e > v)
			{
				value = pnstrdup(v, e - v);
				break;
			}
		}
	}
	context = find_attr(line, "contextFilter:", SHAPE_QUOTED, false);
	if (context == NULL || context[0] == '\0')
		context = find_attr(line, "context:", SHAPE_QUOTED, false);
	labels = find_attr(line, "labels:", SHAPE_QUOTED, false);
	dbms = find_attr(line, "dbms:", SHAPE_DBMS, false);
	global = find_attr(line, "global:", SHAPE_NONSPACE1, false);

	if (name == NULL)
		format_error(p, "\"--property name:<name> value:<value>\"");
	name = cl_expand(p->st, p->file, name);
	value = cl_expand(p->st, p->file, value);
	if (context)
		context = cl_expand(p->st, p->file, strip_quotes(context));
	if (labels)
		labels = cl_expand(p->st, p->file, strip_quotes(labels));
	if (dbms)
		dbms = cl_expand(p->st, p->file, trim_copy(dbms));
	cl_define_property(p->st, p->file, name, value, context, labels, dbms,
					   global == NULL || pg_strcasecmp(global, "true") == 0);
}

/* ---------- --changeset ---------- */

static bool
parse_bool_attr(const AttrLine *al, const char *name, bool dflt, bool *given)
{
	char	   *v = find_attr_in(al, name, SHAPE_WORD, false);

	if (given)
		*given = (v != NULL);
	if (v == NULL)
		return dflt;
	return pg_strcasecmp(v, "true") == 0;
}

/*
 * Match \s*--[\s]*changeset\s+("[^"]+"|[^:]+):\s*("[^"]+"|\S+).* and return
 * the two groups; false when the line does not match.
 */
static bool
match_changeset(const char *line, char **author, char **id, bool *strict_ok)
{
	const char *p = skip_space(line);
	const char *a;
	const char *a_end = NULL;
	const char *i;
	const char *i_end;

	if (p[0] != '-' || p[1] != '-')
		return false;
	p = match_ci(skip_space(p + 2), "changeset");
	if (p == NULL || !is_space(*p))
		return false;
	a = skip_space(p);
	/* "[^"]+" followed by ':' */
	if (*a == '"')
	{
		const char *close = strchr(a + 1, '"');

		if (close && close > a + 1 && close[1] == ':')
			a_end = close + 1;
	}
	if (a_end == NULL)
	{
		const char *colon = strchr(a, ':');

		if (colon == NULL || colon == a)
			return false;
		a_end = colon;
	}
	i = skip_space(a_end + 1);
	i_end = NULL;
	if (*i == '"')
	{
		const char *close = strchr(i + 1, '"');

		if (close && close > i + 1)
			i_end = close + 1;
	}
	if (i_end == NULL)
	{
		for (i_end = i; *i_end && !is_space(*i_end); i_end++)
			;
		if (i_end == i)
			return false;
	}
	*author = pnstrdup(a, a_end - a);
	*id = pnstrdup(i, i_end - i);
	/* the strict form: author:id with nothing between */
	*strict_ok = (i == a_end + 1);
	return true;
}

static void
handle_changeset_line(SqlParser *p, OpenChangeSet *open, const char *line)
{
	char	   *author;
	char	   *id;
	bool		strict_ok;
	ClChangeSet *cs;
	ClChange   *change;
	char	   *v;
	char	   *context;
	char	   *labels;
	char	   *lfp;
	bool		given;
	bool		split;
	int			line_no = p->lineno + 1;
	const char *prev_sql = NULL;

	MemoryContext old;
	bool		no_author;
	AttrLine	al;

	/* the intermediate strings of the id and author, freed at the next line */
	MemoryContextReset(p->tmp);
	old = MemoryContextSwitchTo(p->tmp);
	if (!match_changeset(line, &author, &id, &strict_ok))
		format_error(p, "\"--changeset <author>:<id>\"");
	MemoryContextSwitchTo(old);

	/* close the previous changeset */
	if (open->cs != NULL)
	{
		finish_sql(p, open, false);
		prev_sql = cl_node_str(open->last_change->attrs, "sql");
	}

	if (!strict_ok)
		format_error(p, "\"--changeset <author>:<id>\" with no space after the colon");
	MemoryContextSwitchTo(p->tmp);
	id = cl_expand(p->st, p->file, strip_quotes(id));
	no_author = author[0] == '\0' || trim_copy(strip_quotes(author))[0] == '\0';
	author = cl_expand(p->st, p->file, strip_quotes(author));
	MemoryContextSwitchTo(old);

	cs = cl_new_changeset(p->file, id, author, line_no);
	if (no_author)
		format_error(p, "an author before the colon");

	attr_line_init(&al, line);
	cs->runOnChange = parse_bool_attr(&al, "runOnChange:", false, NULL);
	cs->runAlways = parse_bool_attr(&al, "runAlways:", false, NULL);
	cs->runInTransaction = parse_bool_attr(&al, "runInTransaction:", true, NULL);
	cs->failOnError = parse_bool_attr(&al, "failOnError:", true, NULL);

	context = find_attr_in(&al, "contextFilter:", SHAPE_QUOTED, false);
	if (context == NULL || context[0] == '\0')
		context = find_attr_in(&al, "context:", SHAPE_QUOTED, false);
	if (context != NULL)
	{
		context = cl_expand(p->st, p->file, strip_quotes(context));
		if (context[0] != '\0')
			cs->contexts = lappend(cs->contexts, context);
	}
	labels = find_attr_in(&al, "labels:", SHAPE_QUOTED, false);
	if (labels != NULL)
	{
		labels = cl_expand(p->st, p->file, strip_quotes(labels));
		if (labels[0] != '\0')
			cs->labels = lappend(cs->labels, labels);
	}
	lfp = find_attr_in(&al, "logicalFilePath:", SHAPE_NONSPACE, false);
	if (lfp != NULL && lfp[0] != '\0')
		cs->filename = cl_normalize_path(cl_expand(p->st, p->file, lfp));
	v = find_attr_in(&al, "dbms:", SHAPE_DBMS, false);
	if (v != NULL)
		cs->dbms = cl_expand(p->st, p->file, v);
	v = find_attr_in(&al, "ignore:", SHAPE_WORD, false);
	if (v == NULL)
	{
		/* ".*ignore:(\w*).*" also matches an empty value */
		v = find_attr_in(&al, "ignore:", SHAPE_NONSPACE, false);
		if (v != NULL)
			v = "";
	}
	if (v != NULL)
		cs->ignore = pg_strcasecmp(cl_expand(p->st, p->file, v), "true") == 0;

	change = cl_new_change(p->file, "sql", line_no);
	split = parse_bool_attr(&al, "splitStatements:", true, &given);
	if (given)
		cl_node_set(change->attrs, "splitStatements", split ? "true" : "false", line_no);
	cl_node_set(change->attrs, "stripComments",
				parse_bool_attr(&al, "stripComments:", true, NULL) ? "true" : "false",
				line_no);
	v = find_attr_in(&al, "endDelimiter:", SHAPE_NONSPACE, true);
	if (v != NULL)
		cl_node_set(change->attrs, "endDelimiter", v, line_no);

	/*
	 * Liquibase creates the new change holding the SQL text collected so far
	 * (the previous changeset's); it is replaced when this changeset's own
	 * text is complete.  Only an empty last changeset keeps it (finish_sql).
	 */
	open->prev_sql = prev_sql;
	cs->changes = list_make1(change);

	open->rollbackSplit = parse_bool_attr(&al, "rollbackSplitStatements:", true,
										  &open->rollbackSplitGiven);
	open->rollbackEndDelimiter = find_attr_in(&al, "rollbackEndDelimiter:",
										   SHAPE_NONSPACE, true);
	open->cs = cs;
	open->change = change;
	resetStringInfo(&open->sql);
	resetStringInfo(&open->rollback);
}

/* ---------- lines inside a changeset ---------- */

static void
handle_body_line(SqlParser *p, OpenChangeSet *open, const char *line)
{
	const char *q;
	ClChangeSet *cs = open->cs;

	/* --comment: text  (regex "--[\s]*comment:? (.*)", whole line) */
	if (line[0] == '-' && line[1] == '-' &&
		(q = match_ci(skip_space(line + 2), "comment")) != NULL)
	{
		if (q[0] == ':' && q[1] == ' ')
		{
			cs->comments = pstrdup(q + 2);
			return;
		}
		if (q[0] == ' ')
		{
			cs->comments = pstrdup(q + 1);
			return;
		}
		if ((q[0] == 's' || q[0] == 'S') &&
			((q[1] == ':' && q[2] == ' ') || q[1] == ' '))
			format_error(p, "\"--comment <comment>\"");
	}
	if (line[0] == '-' && line[1] != '-' &&
		(q = match_ci(skip_space(line + 1), "comment")) != NULL &&
		(q[0] == ' ' || (q[0] == ':' && q[1] == ' ')))
		format_error(p, "\"--comment <comment>\"");

	/* --validCheckSum: value */
	if (line[0] == '-' && line[1] == '-' &&
		(q = match_ci(skip_space(line + 2), "validCheckSum")) != NULL &&
		(q[0] == ' ' || (q[0] == ':' && q[1] == ' ')))
	{
		q += (q[0] == ':') ? 2 : 1;
		cs->validCheckSums = lappend(cs->validCheckSums, pstrdup(q));
		return;
	}
	if (line[0] == '-' && line[1] != '-' &&
		match_ci(skip_space(line + 1), "validCheckSum") != NULL)
		format_error(p, "\"--validCheckSum <checksum>\"");

	/* --rollback text */
	{
		const char *t = skip_space(line);

		if (t[0] == '-' && t[1] == '-' &&
			(q = match_ci(skip_space(t + 2), "rollback ")) != NULL)
		{
			appendStringInfoString(&open->rollback, q);
			appendStringInfoChar(&open->rollback, '\n');
			return;
		}
		if (t[0] == '-' && t[1] != '-' &&
			(q = match_ci(skip_space(t + 1), "rollback")) != NULL && is_space(*q))
			format_error(p, "\"--rollback <rollback SQL>\"");
	}

	/* / * liquibase rollback ... * / */
	{
		const char *t = skip_space(line);

		if (t[0] == '/' && t[1] == '*' &&
			(q = match_ci(skip_space(t + 2), "liquibase")) != NULL &&
			(q = match_ci(skip_space(q), "rollback")) != NULL &&
			*skip_space(q) == '\0')
		{
			for (p->lineno++; p->lineno < p->nlines; p->lineno++)
			{
				const char *l2 = p->lines[p->lineno];
				const char *end = l2 + strlen(l2);

				while (end > l2 && is_space(end[-1]))
					end--;
				if (end - l2 >= 2 && end[-2] == '*' && end[-1] == '/')
				{
					const char *last = end - 2;
					const char *s = l2;

					/* the text before the closing marker, unless blank */
					while (s < last && is_space(*s))
						s++;
					if (s < last)
						appendBinaryStringInfo(&open->rollback, l2, last - l2);
					return;
				}
				appendStringInfoString(&open->rollback, l2);
			}
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("liquibase rollback comment is not closed"),
					 errcontext("changelog file \"%s\", changeset \"%s\" at line %d",
								p->file->path, cs->id, cs->line)));
		}
	}

	/* --preconditions onFail:X onError:Y */
	{
		const char *t = skip_space(line);

		if (t[0] == '-' && t[1] == '-' &&
			(q = match_ci(skip_space(t + 2), "preconditions")) != NULL)
		{
			handle_preconditions(p, cs, q);
			return;
		}
		if (t[0] == '-' && t[1] != '-' &&
			(q = match_ci(skip_space(t + 1), "preconditions")) != NULL && is_space(*q))
			format_error(p, "\"--preconditions onFail:<action> onError:<action>\"");

		/* --precondition-<name> <body> */
		if (t[0] == '-' && t[1] == '-' &&
			(q = match_ci(skip_space(t + 2), "precondition-")) != NULL)
		{
			const char *n = q;

			while (is_word(*n) || *n == '-')
				n++;
			if (n > q && *n == ' ')
			{
				handle_precondition(p, cs, pnstrdup(q, n - q), n + 1);
				return;
			}
			if (n > q && *n == '\0')
				format_error(p, "a precondition body after \"--precondition-<name>\"");
		}
		if (t[0] == '-' && t[1] != '-' &&
			match_ci(skip_space(t + 1), "precondition") != NULL)
			format_error(p, "\"--precondition-sql-check\"");
	}

	appendStringInfoString(&open->sql, line);
	appendStringInfoChar(&open->sql, '\n');
}

static void
handle_preconditions(SqlParser *p, ClChangeSet *cs, const char *args)
{
	ClPreconditions *pre = cs->preconditions;
	char	   *v;

	if (pre == NULL)
	{
		pre = palloc0(sizeof(ClPreconditions));
		pre->file = p->file->path;
		pre->line = p->lineno + 1;
		cs->preconditions = pre;
	}
	if ((v = find_attr(args, "onFail:", SHAPE_WORD, false)) != NULL)
		pre->onFail = v;
	if ((v = find_attr(args, "onError:", SHAPE_WORD, false)) != NULL)
		pre->onError = v;
	if ((v = find_attr(args, "onSqlOutput:", SHAPE_WORD, false)) != NULL ||
		(v = find_attr(args, "onUpdateSQL:", SHAPE_WORD, false)) != NULL)
		pre->onSqlOutput = v;
}

static void
handle_precondition(SqlParser *p, ClChangeSet *cs, const char *name,
					const char *body)
{
	ClPrecondition *c = palloc0(sizeof(ClPrecondition));
	int			line_no = p->lineno + 1;

	if (cs->preconditions == NULL)
		handle_preconditions(p, cs, "");
	c->line = line_no;
	if (pg_strcasecmp(name, "sql-check") == 0)
	{
		const char *b = body;
		const char *e;
		char	   *expected = NULL;
		const char *sql = NULL;

		c->type = "sqlCheck";
		c->attrs = cl_node_object("sqlCheck", line_no);
		if (pg_strncasecmp(b, "expectedResult:", 15) == 0)
			b += 15;
		if (*b == '\'' || *b == '"')
		{
			e = strchr(b + 1, *b);
			if (e && e > b + 1 && e[1] == ' ')
			{
				expected = pnstrdup(b + 1, e - b - 1);
				sql = e + 2;
			}
		}
		else
		{
			for (e = b; is_word(*e); e++)
				;
			if (e > b && *e == ' ')
			{
				expected = pnstrdup(b, e - b);
				sql = e + 1;
			}
		}
		if (expected == NULL)
			format_error(p, "\"--precondition-sql-check expectedResult:<value> <sql>\"");
		cl_node_set(c->attrs, "expectedResult", cl_expand(p->st, p->file, expected), line_no);
		cl_node_set(c->attrs, "sql", cl_expand(p->st, p->file, sql), line_no);
	}
	else if (pg_strcasecmp(name, "table-exists") == 0 ||
			 pg_strcasecmp(name, "view-exists") == 0)
	{
		bool		table = (pg_strcasecmp(name, "table-exists") == 0);
		char	   *obj = find_attr(body, table ? "table:" : "view:", SHAPE_WORD, false);
		char	   *schema = find_attr(body, "schema:", SHAPE_WORD, false);

		c->type = table ? "tableExists" : "viewExists";
		c->attrs = cl_node_object(c->type, line_no);
		if (obj)
			cl_node_set(c->attrs, table ? "tableName" : "viewName",
						cl_expand(p->st, p->file, obj), line_no);
		if (schema)
			cl_node_set(c->attrs, "schemaName", cl_expand(p->st, p->file, schema), line_no);
	}
	else
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("the \"%s\" precondition type is not supported in formatted SQL", name),
				 errhint("Formatted SQL supports sql-check, table-exists and view-exists."),
				 errcontext("changelog file \"%s\", line %d", p->file->path, line_no)));
	cs->preconditions->conditions = lappend(cs->preconditions->conditions, c);
}

/*
 * The changeset's text is complete (next --changeset line, or EOF): set its
 * SQL and rollback, validate, and add it.
 */
static void
finish_sql(SqlParser *p, OpenChangeSet *open, bool at_eof)
{
	ClChangeSet *cs = open->cs;
	ClChange   *change = open->change;
	char	   *text = trim_copy(open->sql.data);
	char	   *rb;

	if (!at_eof || open->sql.len > 0)
	{
		if (text[0] == '\0')
		{
			if (!at_eof)
				ereport(ERROR,
						(errcode(ERRCODE_SYNTAX_ERROR),
						 errmsg("no SQL for changeset \"%s::%s::%s\"",
								cs->filename, cs->id, cs->author),
						 errcontext("changelog file \"%s\", line %d",
									p->file->path, cs->line)));
			/* blank lines only at the end: Liquibase's validation fails */
			ereport(ERROR,
					(errcode(ERRCODE_SYNTAX_ERROR),
					 errmsg("changeset \"%s::%s::%s\" has no SQL",
							cs->filename, cs->id, cs->author),
					 errdetail("'sql' is required."),
					 errcontext("changelog file \"%s\", line %d",
								p->file->path, cs->line)));
		}
		/* text is a copy of our own: the change takes it, expanded if need be */
		cl_node_set_own(change->attrs, "sql",
						cl_has_property_ref(text) ? cl_expand(p->st, p->file, text) : text,
						cs->line);
		if (at_eof && cl_node_str(change->attrs, "endDelimiter") == NULL)
		{
			const char *s = cl_node_str(change->attrs, "sql");
			size_t		n = strlen(s);

			if (n >= 2 && s[n - 1] == '/' && s[n - 2] == '\n')
				cl_node_set(change->attrs, "endDelimiter", "\\n/$", cs->line);
		}
	}
	else if (open->prev_sql != NULL)
		cl_node_set(change->attrs, "sql", open->prev_sql, cs->line);
	else
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("changeset \"%s::%s::%s\" has no SQL",
						cs->filename, cs->id, cs->author),
				 errdetail("'sql' is required."),
				 errcontext("changelog file \"%s\", line %d",
							p->file->path, cs->line)));

	/* rollback */
	rb = open->rollback.len > 0 ? trim_copy(open->rollback.data) : "";
	if (rb[0] != '\0')
	{
		char	   *lower = pstrdup(rb);
		char	   *c;

		for (c = lower; *c; c++)
			*c = pg_tolower((unsigned char) *c);
		cs->has_rollback = true;
		if (strncmp(lower, "not required", 12) == 0 || strncmp(lower, "empty", 5) == 0)
			cs->rollback = list_make1(cl_new_change(p->file, "empty", cs->line));
		else if (strstr(lower, "changesetid") != NULL)
		{
			char	   *flat = pstrdup(open->rollback.data);
			char	   *w;
			char	   *r;

			for (r = w = flat; *r; r++)
				if (*r != '\n' && *r != '\r')
					*w++ = *r;
			*w = '\0';
			cs->rollback_ref_id = find_attr(flat, "changeSetId:", SHAPE_NONSPACE1, false);
			cs->rollback_ref_author = find_attr(flat, "changesetAuthor:", SHAPE_NONSPACE1, false);
			cs->rollback_ref_path = find_attr(flat, "changesetPath:", SHAPE_NONSPACE1, false);
			if (cs->rollback_ref_id == NULL || cs->rollback_ref_author == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_SYNTAX_ERROR),
						 errmsg("\"%s\" not set in rollback block of changeset \"%s\"",
								cs->rollback_ref_id == NULL ? "changesetId" : "changesetAuthor",
								cs->id),
						 errcontext("changelog file \"%s\", line %d",
									p->file->path, cs->line)));
			if (cs->rollback_ref_path == NULL)
				cs->rollback_ref_path = p->file->path;
		}
		else
		{
			ClChange   *rc = cl_new_change(p->file, "sql", cs->line);

			cl_node_set(rc->attrs, "sql",
						cl_expand(p->st, p->file, open->rollback.data), cs->line);
			if (open->rollbackSplitGiven)
				cl_node_set(rc->attrs, "splitStatements",
							open->rollbackSplit ? "true" : "false", cs->line);
			if (open->rollbackEndDelimiter)
				cl_node_set(rc->attrs, "endDelimiter", open->rollbackEndDelimiter,
							cs->line);
			cs->rollback = list_make1(rc);
		}
	}

	cl_add_changeset(p->st, p->file, cs);
	open->last_change = change;
	open->cs = NULL;
	open->change = NULL;
}
