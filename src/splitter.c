/*-------------------------------------------------------------------------
 *
 * splitter.c
 *	  Split SQL text into statements with PostgreSQL's lexical rules.
 *
 * Liquibase splits on ";" outside quotes, on lines holding only "GO", and
 * on an endDelimiter; it does not understand dollar quotes, so a function
 * body is cut at its inner semicolons.  We split at the same places except
 * inside single or double quotes, dollar quotes, comments and a BEGIN ATOMIC
 * body -- where Liquibase differs, its statements would have failed.
 * Splitting never affects checksums.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>

#include "lib/stringinfo.h"
#include "miscadmin.h"

#include "splitter.h"

/* the longest endDelimiter accepted ("GO", "/", "$$" are the usual ones) */
#define CL_MAX_DELIMITER 64

typedef struct Splitter
{
	List	   *out;
	StringInfoData cur;			/* the statement being collected */
	bool		has_code;		/* cur holds more than comments/space */
	bool		strip_comments;
	/* BEGIN ATOMIC tracking inside CREATE FUNCTION / PROCEDURE */
	int			words;			/* keywords seen in this statement */
	bool		routine;		/* statement is CREATE [OR REPLACE] FUNCTION/PROCEDURE */
	int			block_depth;
	char		prev_word[16];
} Splitter;

static void
emit(Splitter *s)
{
	char	   *start = s->cur.data;
	char	   *end = s->cur.data + s->cur.len;

	while (start < end && isspace((unsigned char) *start))
		start++;
	while (end > start && isspace((unsigned char) end[-1]))
		end--;
	if (s->has_code && end > start)
		s->out = lappend(s->out, pnstrdup(start, end - start));
	resetStringInfo(&s->cur);
	s->has_code = false;
	s->words = 0;
	s->routine = false;
	s->block_depth = 0;
	s->prev_word[0] = '\0';
}

/* Track keywords that open or close a BEGIN ATOMIC body. */
static void
note_word(Splitter *s, const char *w, int len)
{
	char		word[16];
	int			i;

	if (len >= (int) sizeof(word))
		len = sizeof(word) - 1;
	for (i = 0; i < len; i++)
		word[i] = pg_toupper((unsigned char) w[i]);
	word[len] = '\0';

	s->words++;
	if (s->words <= 4 &&
		(strcmp(word, "FUNCTION") == 0 || strcmp(word, "PROCEDURE") == 0) &&
		s->cur.len > 0)
	{
		/* "CREATE [OR REPLACE] FUNCTION": the statement began with CREATE */
		const char *c = s->cur.data;

		while (*c && !isalpha((unsigned char) *c))
			c++;
		if (pg_strncasecmp(c, "create", 6) == 0)
			s->routine = true;
	}
	if (s->routine)
	{
		if (strcmp(word, "ATOMIC") == 0 && strcmp(s->prev_word, "BEGIN") == 0)
			s->block_depth++;
		else if (s->block_depth > 0 && strcmp(word, "CASE") == 0)
			s->block_depth++;
		else if (s->block_depth > 0 && strcmp(word, "END") == 0)
			s->block_depth--;
	}
	strlcpy(s->prev_word, word, sizeof(s->prev_word));
}

/*
 * The end delimiter as literal text: "\n" escapes decoded, a trailing "$"
 * (a regex anchor, "GO$") dropped -- unless it follows another "$": "$$$" is
 * a token the CLI matches literally.
 */
static char *
decode_delimiter(const char *d)
{
	StringInfoData out;
	const char *p;

	initStringInfo(&out);
	for (p = d; *p; p++)
	{
		if (*p == '\\' && p[1] == 'n')
		{
			appendStringInfoChar(&out, '\n');
			p++;
		}
		else if (*p == '\\' && p[1] == 'r')
		{
			appendStringInfoChar(&out, '\r');
			p++;
		}
		else if (*p == '\\' && p[1])
		{
			appendStringInfoChar(&out, p[1]);
			p++;
		}
		else
			appendStringInfoChar(&out, *p);
	}
	if (out.len > 1 && out.data[out.len - 1] == '$' && out.data[out.len - 2] != '$')
		out.data[--out.len] = '\0';
	return out.data;
}

/* Is the line starting at p (up to newline) equal to word, ignoring case and space? */
static bool
line_is(const char *p, const char *word, const char **line_end)
{
	const char *e = p;
	const char *s;
	const char *t;
	size_t		n = strlen(word);

	while (*e && *e != '\n' && *e != '\r')
		e++;
	*line_end = e;
	s = p;
	t = e;
	while (s < t && (*s == ' ' || *s == '\t'))
		s++;
	while (t > s && (t[-1] == ' ' || t[-1] == '\t'))
		t--;
	return (size_t) (t - s) == n && n > 0 && pg_strncasecmp(s, word, n) == 0;
}

List *
cl_split_statements(const char *sql, bool split, const char *end_delimiter,
					bool strip_comments)
{
	Splitter	s;
	const char *p = sql;
	char	   *delim = NULL;
	char	   *delim_line = NULL;
	size_t		delim_len = 0;
	bool		at_line_start = true;
	bool		slash;
	uint32		steps = 0;

	memset(&s, 0, sizeof(s));
	initStringInfo(&s.cur);
	s.strip_comments = strip_comments;
	if (end_delimiter != NULL && end_delimiter[0] != '\0')
	{
		char	   *t;

		delim = decode_delimiter(end_delimiter);
		delim_len = strlen(delim);

		/*
		 * Every position is compared with the delimiter: a long one that
		 * nearly matches everywhere makes that text times delimiter.
		 */
		if (delim_len > CL_MAX_DELIMITER)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("endDelimiter is longer than %d bytes", CL_MAX_DELIMITER)));
		/* a delimiter that is a word on its own line ("GO", "/", "\nGO") */
		t = delim;
		while (*t == '\n' || *t == '\r')
			t++;
		delim_line = t;
	}
	/* Liquibase counts a "/" delimiter only right after a line end: "1/2" divides */
	slash = (delim != NULL && strcmp(delim, "/") == 0);

	while (*p)
	{
		const char *line_end;

		if ((++steps & 4095) == 0)
			CHECK_FOR_INTERRUPTS();

		/* delimiter lines: "GO" by default, the end delimiter when given */
		if (split && at_line_start && s.block_depth == 0)
		{
			if ((delim == NULL && line_is(p, "go", &line_end)) ||
				(delim != NULL && delim_line[0] != '\0' && !slash &&
				 line_is(p, delim_line, &line_end)))
			{
				emit(&s);
				p = line_end;
				continue;
			}
		}

		if (*p == '\n' || *p == '\r')
		{
			appendStringInfoChar(&s.cur, *p++);
			at_line_start = true;
			continue;
		}
		at_line_start = false;

		/* -- comment */
		if (p[0] == '-' && p[1] == '-')
		{
			const char *e = p;

			while (*e && *e != '\n' && *e != '\r')
				e++;
			if (!strip_comments)
				appendBinaryStringInfo(&s.cur, p, e - p);
			p = e;
			continue;
		}
		/* block comment, nested as in PostgreSQL */
		if (p[0] == '/' && p[1] == '*')
		{
			const char *e = p + 2;
			int			depth = 1;

			while (*e && depth > 0)
			{
				if (e[0] == '/' && e[1] == '*')
				{
					depth++;
					e += 2;
				}
				else if (e[0] == '*' && e[1] == '/')
				{
					depth--;
					e += 2;
				}
				else
					e++;
			}
			if (!strip_comments)
				appendBinaryStringInfo(&s.cur, p, e - p);
			else
				appendStringInfoChar(&s.cur, ' ');
			p = e;
			continue;
		}
		/* quoted strings and identifiers */
		if (*p == '\'' || *p == '"')
		{
			char		q = *p;
			bool		backslash = (q == '\'' && p > sql &&
									 (p[-1] == 'E' || p[-1] == 'e') &&
									 (p - 1 == sql || !isalnum((unsigned char) p[-2])));
			const char *e = p + 1;

			while (*e)
			{
				if (backslash && *e == '\\' && e[1])
				{
					e += 2;
					continue;
				}
				if (*e == q)
				{
					if (e[1] == q)
					{
						e += 2;
						continue;
					}
					e++;
					break;
				}
				e++;
			}
			appendBinaryStringInfo(&s.cur, p, e - p);
			s.has_code = true;
			p = e;
			continue;
		}
		/* an end delimiter made of "$" ("$$$") wins over a dollar quote */
		if (split && s.block_depth == 0 && delim != NULL && delim[0] == '$' &&
			strncmp(p, delim, delim_len) == 0)
		{
			p += delim_len;
			emit(&s);
			continue;
		}
		/* dollar quote $tag$ ... $tag$ */
		if (*p == '$' && (p == sql || !(isalnum((unsigned char) p[-1]) || p[-1] == '_')))
		{
			const char *t = p + 1;

			while (*t && (isalnum((unsigned char) *t) || *t == '_' ||
						  (unsigned char) *t >= 0x80))
				t++;
			if (*t == '$' && !isdigit((unsigned char) p[1]))
			{
				size_t		taglen = t - p + 1;
				const char *close = strstr(t + 1, pnstrdup(p, taglen));
				const char *e = close ? close + taglen : p + strlen(p);

				appendBinaryStringInfo(&s.cur, p, e - p);
				s.has_code = true;
				p = e;
				continue;
			}
		}
		/* words (keywords for BEGIN ATOMIC tracking) */
		if (isalpha((unsigned char) *p) || *p == '_')
		{
			const char *e = p;

			while (isalnum((unsigned char) *e) || *e == '_' || *e == '$')
				e++;
			/* a word as end delimiter ("X"): a whole word, any case, as Liquibase's tokens */
			if (split && s.block_depth == 0 && delim != NULL &&
				(size_t) (e - p) == delim_len && pg_strncasecmp(p, delim, e - p) == 0)
			{
				p = e;
				emit(&s);
				continue;
			}
			note_word(&s, p, e - p);
			appendBinaryStringInfo(&s.cur, p, e - p);
			s.has_code = true;
			p = e;
			continue;
		}
		/* statement ends */
		if (split && s.block_depth == 0)
		{
			if (delim == NULL && *p == ';')
			{
				p++;
				emit(&s);
				continue;
			}
			if (delim != NULL && delim[0] != '\0' &&
				strncmp(p, delim, delim_len) == 0 &&
				(!slash || p == sql || p[-1] == '\n' || p[-1] == '\r'))
			{
				p += delim_len;
				emit(&s);
				continue;
			}
		}
		if (!isspace((unsigned char) *p))
			s.has_code = true;
		appendStringInfoChar(&s.cur, *p++);
	}
	emit(&s);
	return s.out;
}
