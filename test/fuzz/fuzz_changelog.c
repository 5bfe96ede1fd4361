/*-------------------------------------------------------------------------
 *
 * fuzz_changelog.c
 *	  libFuzzer harness: one changelog tree through the real parsers, then
 *	  through what the engine computes from the model before it runs
 *	  anything (filters, CONTEXTS / LABELS columns, checksums v9 and v8,
 *	  DESCRIPTION, statement splitting).
 *
 * Built once per format (FUZZ_EXT = "sql", "xml", "yaml", "json"): the
 * input is the root changelog "db/changelog.<ext>".  A line "@@@ <path>"
 * starts another in-memory file, so includes, includeAll, sqlFile,
 * loadData, property files and include cycles are reachable:
 *
 *	  <root changelog text>
 *	  @@@ db/other.yaml
 *	  <its text>
 *
 * Each file is cut at its first NUL or invalid UTF-8 byte: the server never
 * hands the parsers such text (a text argument cannot hold it, a server
 * file with it is refused by fileio.c before any parser sees it).
 *
 * A finding is: a crash or sanitizer report, a hang (libFuzzer -timeout),
 * a leak (LeakSanitizer, per input), an ERROR without a proper SQLSTATE
 * (XX000 = elog, an internal error), a libxml error handler left
 * installed, or an external entity loaded.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "mb/pg_wchar.h"

#include "changelog.h"
#include "checksum.h"
#include "contexts.h"
#include "fileio.h"
#include "serialize.h"
#include "splitter.h"

#include "fuzz_shim.h"

#undef fprintf
#undef printf
#undef snprintf

#ifndef FUZZ_EXT
#error "define FUZZ_EXT"
#endif

#define MARKER "\n@@@ "
#define ROOT_MARKER "@@@ "

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int			LLVMFuzzerInitialize(int *argc, char ***argv);

static bool verbose;
static bool allow_internal;
static bool parse_only;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	verbose = getenv("FUZZ_VERBOSE") != NULL;
	allow_internal = getenv("FUZZ_ALLOW_INTERNAL") != NULL;
	parse_only = getenv("FUZZ_PARSE_ONLY") != NULL;
	xmlInitParser();
	return 0;
}

/* the longest prefix of s[0..len) that is valid UTF-8 without NUL */
static size_t
valid_prefix(const char *s, size_t len)
{
	return (size_t) pg_encoding_verifymbstr(PG_UTF8, s, (int) len);
}

static void
add_file(ClSource *src, const char *path, const char *s, size_t len)
{
	len = valid_prefix(s, len);
	cl_source_add_text(src, path, s, len);
}

static void
split_sql(const ClChange *c, const char *sql)
{
	const char *split = cl_node_str(c->attrs, "splitStatements");
	const char *strip = cl_node_str(c->attrs, "stripComments");

	if (sql == NULL)
		return;
	(void) cl_split_statements(sql,
							   split == NULL || pg_strcasecmp(split, "true") == 0,
							   cl_node_str(c->attrs, "endDelimiter"),
							   strip != NULL && pg_strcasecmp(strip, "true") == 0);
}

static void
check_change(const ClChange *c)
{
	if (strcmp(c->type, "sql") == 0)
		split_sql(c, cl_node_str(c->attrs, "sql"));
	else if (strcmp(c->type, "sqlFile") == 0)
		split_sql(c, c->file_text_expanded);
	(void) cl_change_description(c);
}

/* what the engine derives from every changeset before running it */
static void
post_process(ClChangeLog *log, ClRunFilter *filter)
{
	ListCell   *lc;

	foreach(lc, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(lc);
		const char *reason;
		ListCell   *lc2;

		if (cs->id == NULL || cs->author == NULL || cs->filename == NULL)
		{
			fprintf(stderr, "changeset without id, author or filename\n");
			abort();
		}
		(void) cl_changeset_passes(cs, filter, &reason);
		(void) cl_contexts_column(cs->contexts);
		(void) cl_labels_column(cs->labels);
		if (cs->excluded)
			continue;
		(void) cl_changeset_checksum(cs, 9);
		(void) cl_changeset_checksum(cs, 8);
		(void) cl_changeset_description(cs);
		foreach(lc2, cs->changes)
			check_change((ClChange *) lfirst(lc2));
		foreach(lc2, cs->rollback)
			check_change((ClChange *) lfirst(lc2));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sigjmp_buf	jb;
	char		base;
	char	   *volatile text = NULL;
	ClRunFilter filter;
	static const char *const ctx[] = {NULL, "dev", "dev, test", "@x,prod"};
	static const char *const lab[] = {NULL, NULL, "a", "!b and (c or d)"};
	volatile bool failed = false;
	void	   *xml_handler_ctx = xmlStructuredErrorContext;

	fuzz_stack_base = &base;
	memset(&filter, 0, sizeof(filter));
	filter.contexts = (char *) ctx[size % 4];
	filter.labels = (char *) lab[size % 4];

	if (sigsetjmp(jb, 0) == 0)
	{
		ClSource   *src;
		char	   *p;
		char	   *root = "db/changelog." FUZZ_EXT;
		List	   *params = NIL;
		ClProperty *param;
		ClChangeLog *log;

		PG_exception_stack = &jb;
		text = palloc(size + 1);
		memcpy(text, data, size);
		text[size] = '\0';

		src = cl_source_create(NULL);
		p = text;
		/* "@@@ <path>" on the first line names the root */
		if (strncmp(p, ROOT_MARKER, strlen(ROOT_MARKER)) == 0 && strchr(p, '\n'))
		{
			char	   *eol = strchr(p, '\n');

			*eol = '\0';
			p += strlen(ROOT_MARKER);
			root = pnstrdup(p, valid_prefix(p, strlen(p)));
			if (root[0] == '\0')
				root = "db/changelog." FUZZ_EXT;
			p = eol + 1;
		}
		{
			char	   *path = root;

			for (;;)
			{
				char	   *next = strstr(p, MARKER);
				char	   *eol;

				add_file(src, path, p, next ? (size_t) (next - p) + 1 : strlen(p));
				if (next == NULL)
					break;
				path = next + strlen(MARKER);
				eol = strchr(path, '\n');
				if (eol == NULL)
					break;
				*eol = '\0';
				path = pnstrdup(path, valid_prefix(path, strlen(path)));
				p = eol + 1;
				if (path[0] == '\0')
					break;
			}
		}

		param = palloc0(sizeof(ClProperty));
		param->name = "schema";
		param->value = "app";
		param->global = true;
		params = lappend(params, param);

		cl_check_expression(filter.labels, "label");
		cl_check_expression(filter.contexts, "context");
		log = cl_parse_changelog(src, root, NULL, &filter, params);
		if (verbose)
			fprintf(stderr, "parsed: %d changesets, arena %zu bytes (peak %zu)\n",
					list_length(log->changesets), fuzz_arena_bytes(),
					fuzz_arena_peak);
		if (!parse_only)
			post_process(log, &filter);
	}
	else
	{
		failed = true;
		if (verbose)
			fprintf(stderr, "ERROR %s: %s%s%s [%s:%d]\n",
					unpack_sql_state(fuzz_last_error.sqlerrcode),
					fuzz_last_error.message,
					fuzz_last_error.detail && fuzz_last_error.detail[0] ? "\nDETAIL: " : "",
					fuzz_last_error.detail ? fuzz_last_error.detail : "",
					fuzz_last_error.filename, fuzz_last_error.lineno);
		if (fuzz_last_error.sqlerrcode == ERRCODE_INTERNAL_ERROR &&
			!allow_internal)
		{
			fprintf(stderr, "internal error (XX000) from %s:%d (%s): %s\n",
					fuzz_last_error.filename, fuzz_last_error.lineno,
					fuzz_last_error.funcname, fuzz_last_error.message);
			abort();
		}
		fuzz_flush_error();
		/* as the server's top-level error recovery does */
		error_context_stack = NULL;
	}
	PG_exception_stack = NULL;
	if (error_context_stack != NULL)
	{
		fprintf(stderr, "error_context_stack left set\n");
		abort();
	}
	if (fuzz_xml_contexts_open() != 0 ||
		xmlStructuredErrorContext != xml_handler_ctx)
	{
		fprintf(stderr, "libxml error handler left installed (%d open)\n",
				fuzz_xml_contexts_open());
		abort();
	}
	if (fuzz_xml_entity_loads != 0)
	{
		fprintf(stderr, "libxml loaded an external entity\n");
		abort();
	}
	if (verbose && !failed)
		fprintf(stderr, "OK\n");
	if (verbose)
		fprintf(stderr, "input %zu bytes, arena peak %zu bytes\n", size,
				fuzz_arena_peak);
	fuzz_arena_peak = 0;
	fuzz_arena_reset();
	return 0;
}
