/*-------------------------------------------------------------------------
 *
 * contexts.c
 *	  Liquibase context and label expressions (liquibase-core.md §4).
 *
 * Grammar (case-insensitive, whitespace free between tokens):
 *	  expr   := or (',' or)*			-- ',' means or
 *	  or     := and ('or' and)*
 *	  and    := unary ('and' unary)*
 *	  unary  := ('!' | 'not') unary | '(' expr ')' | word
 * A word is tested for membership in a set (the caller's contexts, or the
 * changeset's labels).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "nodes/value.h"

#include "changelog.h"
#include "contexts.h"

#define CL_MAX_EXPR_DEPTH 200

typedef struct ExprState
{
	const char *text;			/* the whole expression, for messages */
	const char *p;				/* current position */
	List	   *set;			/* lower-cased words to test against */
	bool		evaluate;		/* false: syntax check only */
	bool		saw_mandatory;	/* an "@word" was seen */
	const char *what;			/* "context" or "label" */
	int			depth;
} ExprState;

static bool parse_expr(ExprState *s);

static bool
is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool
is_wordchar(char c)
{
	return c != '\0' && !is_ws(c) && c != '(' && c != ')' && c != ',' && c != '!';
}

static void
skip_ws(ExprState *s)
{
	while (is_ws(*s->p))
		s->p++;
}

static void expr_error(ExprState *s, const char *expected) pg_attribute_noreturn();

static void
expr_error(ExprState *s, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_SYNTAX_ERROR),
			 errmsg("invalid %s expression \"%s\"", s->what, s->text),
			 errdetail("Expected %s at position %d.", expected,
					   (int) (s->p - s->text) + 1)));
}

/* Is the next token the keyword kw (followed by a non-word char)? */
static bool
at_keyword(ExprState *s, const char *kw)
{
	size_t		n = strlen(kw);

	return pg_strncasecmp(s->p, kw, n) == 0 && !is_wordchar(s->p[n]);
}

static bool
in_set(List *set, const char *word, size_t len)
{
	ListCell   *lc;

	foreach(lc, set)
	{
		const char *w = (const char *) lfirst(lc);

		if (strlen(w) == len && pg_strncasecmp(w, word, len) == 0)
			return true;
	}
	return false;
}

static bool
parse_unary(ExprState *s)
{
	bool		v;

	check_stack_depth();
	if (++s->depth > CL_MAX_EXPR_DEPTH)
		expr_error(s, "less nesting");
	skip_ws(s);
	if (*s->p == '!')
	{
		s->p++;
		v = !parse_unary(s);
	}
	else if (at_keyword(s, "not"))
	{
		s->p += 3;
		v = !parse_unary(s);
	}
	else if (*s->p == '(')
	{
		s->p++;
		v = parse_expr(s);
		skip_ws(s);
		if (*s->p != ')')
			expr_error(s, "\")\"");
		s->p++;
	}
	else if (is_wordchar(*s->p))
	{
		const char *w = s->p;

		while (is_wordchar(*s->p))
			s->p++;
		if (*w == '@')
		{
			s->saw_mandatory = true;
			w++;
		}
		v = in_set(s->set, w, s->p - w);
	}
	else
		expr_error(s, "a name, \"!\", \"not\" or \"(\"");
	s->depth--;
	return v;
}

static bool
parse_and(ExprState *s)
{
	bool		v = parse_unary(s);

	for (;;)
	{
		skip_ws(s);
		if (!at_keyword(s, "and"))
			return v;
		s->p += 3;
		v = parse_unary(s) && v;
	}
}

static bool
parse_or(ExprState *s)
{
	bool		v = parse_and(s);

	for (;;)
	{
		skip_ws(s);
		if (!at_keyword(s, "or"))
			return v;
		s->p += 2;
		v = parse_and(s) || v;
	}
}

static bool
parse_expr(ExprState *s)
{
	bool		v = parse_or(s);

	for (;;)
	{
		skip_ws(s);
		if (*s->p != ',')
			return v;
		s->p++;
		v = parse_or(s) || v;
	}
}

/* Evaluate; an empty or blank expression is true. */
static bool
evaluate(const char *expr, List *set, const char *what, bool *mandatory)
{
	ExprState	s;
	bool		v;

	memset(&s, 0, sizeof(s));
	s.text = expr;
	s.p = expr;
	s.set = set;
	s.what = what;
	skip_ws(&s);
	if (*s.p == '\0')
	{
		if (mandatory)
			*mandatory = false;
		return true;
	}
	v = parse_expr(&s);
	skip_ws(&s);
	if (*s.p != '\0')
		expr_error(&s, "\"and\", \"or\", \",\" or the end");
	if (mandatory)
		*mandatory = s.saw_mandatory;
	return v;
}

/* A comma list as a list of trimmed, non-empty words. */
static List *
comma_list(const char *text)
{
	List	   *out = NIL;
	const char *p = text;

	if (text == NULL)
		return NIL;
	while (*p)
	{
		const char *e = p;
		const char *s;
		const char *t;

		while (*e && *e != ',')
			e++;
		s = p;
		t = e;
		while (s < t && is_ws(*s))
			s++;
		while (t > s && is_ws(t[-1]))
			t--;
		if (t > s)
			out = lappend(out, pnstrdup(s, t - s));
		p = *e ? e + 1 : e;
	}
	return out;
}

bool
cl_context_matches(const char *expr, const char *given)
{
	bool		mandatory;
	bool		v;

	if (expr == NULL)
		return true;
	v = evaluate(expr, comma_list(given), "context", &mandatory);
	if (given == NULL || comma_list(given) == NIL)
		return !mandatory;		/* no contexts: all run but "@" ones */
	return v;
}

bool
cl_labels_match(const char *filter, const char *labels)
{
	if (filter == NULL)
		return true;
	return evaluate(filter, comma_list(labels), "label", NULL);
}

void
cl_check_expression(const char *expr, const char *what)
{
	if (expr != NULL)
		(void) evaluate(expr, NIL, what, NULL);
}

bool
cl_changeset_passes(const ClChangeSet *cs, const ClRunFilter *filter,
					const char **reason)
{
	ListCell   *lc;

	if (cs->excluded)
	{
		*reason = cs->excluded;
		return false;
	}
	if (!cl_dbms_matches(cs->dbms))
	{
		*reason = "dbms mismatch";
		return false;
	}
	foreach(lc, cs->contexts)
	{
		if (!cl_context_matches((char *) lfirst(lc), filter->contexts))
		{
			*reason = "context mismatch";
			return false;
		}
	}
	if (filter->labels != NULL && comma_list(filter->labels) != NIL &&
		cs->labels != NIL)
	{
		StringInfoData all;

		initStringInfo(&all);
		foreach(lc, cs->labels)
		{
			if (all.len)
				appendStringInfoChar(&all, ',');
			appendStringInfoString(&all, (char *) lfirst(lc));
		}
		if (!cl_labels_match(filter->labels, all.data))
		{
			*reason = "label mismatch";
			return false;
		}
	}
	*reason = NULL;
	return true;
}

char *
cl_contexts_column(List *contexts)
{
	StringInfoData out;
	ListCell   *lc;

	if (contexts == NIL)
		return NULL;
	initStringInfo(&out);
	foreach(lc, contexts)
	{
		const char *c = (const char *) lfirst(lc);
		bool		wrap = strpbrk(c, ", \t\n\r") != NULL;

		if (out.len)
			appendStringInfoString(&out, " AND ");
		appendStringInfo(&out, wrap ? "(%s)" : "%s", c);
	}
	return out.data;
}

char *
cl_labels_column(List *labels)
{
	StringInfoData out;
	ListCell   *lc;
	List	   *seen = NIL;

	if (labels == NIL)
		return NULL;
	initStringInfo(&out);
	foreach(lc, labels)
	{
		ListCell   *w;

		foreach(w, comma_list((const char *) lfirst(lc)))
		{
			char	   *l = (char *) lfirst(w);
			char	   *c;

			for (c = l; *c; c++)
				*c = pg_tolower((unsigned char) *c);
			if (list_member(seen, makeString(l)))
				continue;
			seen = lappend(seen, makeString(l));
			if (out.len)
				appendStringInfoChar(&out, ',');
			appendStringInfoString(&out, l);
		}
	}
	return out.len ? out.data : NULL;
}

/* The names in an expression (not the operators), lower-cased. */
static List *
expression_words(const char *expr)
{
	List	   *out = NIL;
	const char *p = expr;

	while (p && *p)
	{
		const char *w;
		char	   *word;
		char	   *c;

		while (*p && !is_wordchar(*p))
			p++;
		w = p;
		while (is_wordchar(*p))
			p++;
		if (p == w)
			break;
		if (*w == '@')
			w++;
		word = pnstrdup(w, p - w);
		for (c = word; *c; c++)
			*c = pg_tolower((unsigned char) *c);
		if (strcmp(word, "and") != 0 && strcmp(word, "or") != 0 && strcmp(word, "not") != 0)
			out = lappend(out, word);
	}
	return out;
}

static bool
word_in(List *words, const char *w)
{
	ListCell   *lc;

	foreach(lc, words)
		if (strcmp((char *) lfirst(lc), w) == 0)
			return true;
	return false;
}

void
cl_check_strict(const ClChangeLog *log, const ClRunFilter *filter)
{
	List	   *ctx_words = NIL;
	List	   *label_words = NIL;
	ListCell   *lc;
	ListCell   *wc;
	StringInfoData missing;

	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		ListCell   *ec;

		foreach(ec, cs->contexts)
			ctx_words = list_concat(ctx_words, expression_words((char *) lfirst(ec)));
		foreach(ec, cs->labels)
			label_words = list_concat(label_words, expression_words((char *) lfirst(ec)));
	}
	initStringInfo(&missing);
	foreach(wc, expression_words(filter->contexts))
		if (!word_in(ctx_words, (char *) lfirst(wc)))
			appendStringInfo(&missing, "%scontext \"%s\"", missing.len ? ", " : "",
							 (char *) lfirst(wc));
	foreach(wc, expression_words(filter->labels))
		if (!word_in(label_words, (char *) lfirst(wc)))
			appendStringInfo(&missing, "%slabel \"%s\"", missing.len ? ", " : "",
							 (char *) lfirst(wc));
	if (missing.len > 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("no changeset of the changelog uses %s", missing.data),
				 errhint("strict => true refuses a context or label that matches nothing; check for a typo.")));
}
