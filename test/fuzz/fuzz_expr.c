/*-------------------------------------------------------------------------
 *
 * fuzz_expr.c
 *	  libFuzzer harness for the small parsers that take caller text
 *	  directly: context and label expressions (contexts.c), dbms lists and
 *	  path normalisation (changelog.c), and the SQL statement splitter
 *	  (splitter.c).
 *
 * Input: "<expression>\n<given list>\n<flags byte><end delimiter>\n<sql>".
 * Missing parts are empty.  Every step runs in its own error scope.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "mb/pg_wchar.h"

#include "changelog.h"
#include "contexts.h"
#include "splitter.h"

#include "fuzz_shim.h"

#undef fprintf

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool allow_internal;

#define STEP(code) \
	do { \
		sigjmp_buf	jb; \
		if (sigsetjmp(jb, 0) == 0) \
		{ \
			PG_exception_stack = &jb; \
			code; \
		} \
		else \
			caught(); \
		PG_exception_stack = NULL; \
	} while (0)

static void
caught(void)
{
	if (fuzz_last_error.sqlerrcode == ERRCODE_INTERNAL_ERROR && !allow_internal)
	{
		fprintf(stderr, "internal error (XX000) from %s:%d: %s\n",
				fuzz_last_error.filename, fuzz_last_error.lineno,
				fuzz_last_error.message);
		abort();
	}
	fuzz_flush_error();
	error_context_stack = NULL;
}

/* next line of *p (NUL-terminated copy), advancing *p */
static char *
next_line(char **p)
{
	char	   *s = *p;
	char	   *e = strchr(s, '\n');

	if (e == NULL)
	{
		*p = s + strlen(s);
		return s;
	}
	*e = '\0';
	*p = e + 1;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		base;
	char	   *text;
	char	   *p;
	char	   *expr;
	char	   *given;
	char	   *delimline;
	char	   *sql;
	int			flags = 0;

	allow_internal = getenv("FUZZ_ALLOW_INTERNAL") != NULL;
	fuzz_stack_base = &base;
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	/* text as the server has it: valid UTF-8, no NUL */
	text[pg_encoding_verifymbstr(PG_UTF8, text, (int) strlen(text))] = '\0';

	p = text;
	expr = next_line(&p);
	given = next_line(&p);
	delimline = next_line(&p);
	sql = p;
	if (delimline[0] != '\0')
	{
		flags = (unsigned char) delimline[0];
		delimline++;
	}

	STEP(cl_check_expression(expr, "context"));
	STEP(cl_check_expression(expr, "label"));
	STEP((void) cl_context_matches(expr, given));
	STEP((void) cl_context_matches(expr, NULL));
	STEP((void) cl_labels_match(expr, given));
	STEP((void) cl_labels_match(given, expr));
	STEP((void) cl_contexts_column(list_make2(expr, given)));
	STEP((void) cl_labels_column(list_make2(expr, given)));
	STEP((void) cl_dbms_matches(expr));
	STEP((void) cl_normalize_path(expr));
	STEP((void) cl_path_join(cl_path_dirname(given), expr));
	STEP((void) cl_split_statements(sql, (flags & 1) == 0,
									(flags & 2) ? delimline : NULL,
									(flags & 4) != 0));
	STEP((void) cl_split_statements(expr, true, NULL, false));

	free(text);
	if (error_context_stack != NULL)
	{
		fprintf(stderr, "error_context_stack left set\n");
		abort();
	}
	fuzz_arena_reset();
	return 0;
}
