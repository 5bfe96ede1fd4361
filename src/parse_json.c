/*-------------------------------------------------------------------------
 *
 * parse_json.c
 *	  JSON changelogs: cJSON -> one ClNode tree per entry -> cl_build_from_entries.
 *
 * Liquibase reads JSON with its YAML parser, so a JSON changelog means
 * exactly what the same tree written in YAML means: unquoted numbers and
 * booleans are typed scalars (a number becomes Java's Integer / Long /
 * Double text: 1.50 -> "1.5", integers as written), null is a NULL value,
 * and a repeated key keeps its first position with its last value.
 *
 * cJSON keeps no source positions, so a small scanner walks the (already
 * validated) text in document order next to the cJSON tree: the n-th value
 * the scanner meets is the n-th node of a pre-order walk.  That gives every
 * node its line and every number its original text.
 *
 * For a document of up to CL_TRIM_AFTER_BYTES, cJSON allocates through
 * hooks set for the length of one parse: chunks of a memory context of ours
 * (malloc and free cost more than the parse itself), deleted in PG_FINALLY
 * with the whole tree.  The hooks are process-wide, so they are put back to
 * malloc and free before anything else can run (another library of the
 * backend that set hooks of its own would find malloc and free again: none
 * of PostgreSQL's does).  A bigger document is
 * malloc'd, and each entry's subtree freed once built, so that the tree
 * and the model do not both stay whole.  No cJSON type leaves this file.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <cjson/cJSON.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

#include "changelog.h"
#include "parse_tree.h"
#include "parsers.h"

/* Our own cap, also cJSON's compiled-in CJSON_NESTING_LIMIT (1000). */
#define JSON_MAX_DEPTH 1000

#if CJSON_NESTING_LIMIT > JSON_MAX_DEPTH
#error "cJSON must be built with CJSON_NESTING_LIMIT <= 1000"
#endif

typedef struct JsonPos
{
	int			offset;			/* byte offset of the value's first char */
	int			line;
	int			len;			/* length of a number / literal token */
} JsonPos;

typedef struct JsonBuild
{
	ClFile	   *file;
	const char *utf8;			/* the text cJSON parsed */
	JsonPos    *pos;			/* value starts in document order */
	int			npos;
	int			next;			/* next JsonPos to hand out */
} JsonBuild;

static void json_location(const char *buf, size_t upto, int *line, int *col);
static bool json_check_depth(ClFile *file, const char *buf, size_t len);
static void json_scan(JsonBuild *jb, size_t len);
static char *json_text(JsonBuild *jb, const char *s, int line);
static char *json_number_text(JsonBuild *jb, JsonPos *p);
static ClNode *json_to_node(JsonBuild *jb, cJSON *item, const char *name,
							int depth);
static bool json_pos_matches(JsonBuild *jb, JsonPos *p, cJSON *item);

/* where cJSON allocates while a parse runs (see the file's header) */
static MemoryContext json_cxt = NULL;

static void *
json_malloc(size_t size)
{
	/* NULL rather than an error: cJSON unwinds from a failed allocation */
	return MemoryContextAllocExtended(json_cxt, size, MCXT_ALLOC_NO_OOM);
}

static void
json_free(void *p)
{
	if (p != NULL)
		pfree(p);
}

/* cJSON's allocations from now on: chunks of cxt, or malloc when NULL */
static void
json_use_context(MemoryContext cxt)
{
	cJSON_Hooks hooks = {json_malloc, json_free};

	json_cxt = cxt;
	cJSON_InitHooks(cxt != NULL ? &hooks : NULL);
}

/* 1-based line and column (in characters) of byte offset upto */
static void
json_location(const char *buf, size_t upto, int *line, int *col)
{
	size_t		i;
	int			l = 1;
	int			c = 1;

	for (i = 0; i < upto && buf[i]; i++)
	{
		if (buf[i] == '\n')
		{
			l++;
			c = 1;
		}
		else if (((unsigned char) buf[i] & 0xC0) != 0x80)
			c++;
	}
	*line = l;
	*col = c;
}

/*
 * Refuse nesting deeper than JSON_MAX_DEPTH before cJSON recurses.  Returns
 * whether every bracket and string is closed (a parse error at the end of
 * such a text is not a truncation).
 */
static bool
json_check_depth(ClFile *file, const char *buf, size_t len)
{
	size_t		i;
	int			depth = 0;
	bool		in_string = false;
	bool		any = false;

	for (i = 0; i < len; i++)
	{
		char		c = buf[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (in_string)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = false;
			continue;
		}
		if ((unsigned char) c > ' ')
			any = true;
		if (c == '"')
			in_string = true;
		else if (c == '{' || c == '[')
		{
			if (++depth > JSON_MAX_DEPTH)
			{
				int			line;
				int			col;

				json_location(buf, i, &line, &col);
				cl_parse_error(file, line, col, NULL,
							   "JSON changelog is nested more than %d levels deep",
							   JSON_MAX_DEPTH);
			}
		}
		else if (c == '}' || c == ']')
			depth--;
	}
	return any && depth <= 0 && !in_string;
}

/*
 * Record where every value starts, in document order (object keys are not
 * values).  The text is valid JSON: cJSON accepted it.
 */
static void
json_scan(JsonBuild *jb, size_t len)
{
	const char *buf = jb->utf8;
	size_t		i = 0;
	int			line = 1;
	int			cap = 64;

	jb->pos = palloc(sizeof(JsonPos) * cap);
	jb->npos = 0;
	/* cJSON skips a UTF-8 BOM at the very start; so must we */
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len)
	{
		char		c = buf[i];
		size_t		start = i;
		bool		record = false;
		int			tlen = 0;

		if ((jb->npos & 0xFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		if (c == '\n')
		{
			line++;
			i++;
			continue;
		}
		/* cJSON takes every byte <= ' ' for white space */
		if ((unsigned char) c <= ' ' || c == ',' || c == ':' ||
			c == '}' || c == ']')
		{
			i++;
			continue;
		}
		if (c == '{' || c == '[')
		{
			record = true;
			i++;
		}
		else if (c == '"')
		{
			size_t		j;

			i++;
			while (i < len && buf[i] != '"')
			{
				if (buf[i] == '\\')
				{
					if (strncmp(buf + i, "\\u0000", 6) == 0)
					{
						int			l;
						int			col;

						json_location(buf, i, &l, &col);
						cl_parse_error(jb->file, l, col, NULL,
									   "JSON string contains \\u0000, which text cannot hold");
					}
					i++;
				}
				else if (buf[i] == '\n')
					line++;
				i++;
			}
			i++;				/* the closing quote */
			/* a key is followed by ':' */
			j = i;
			while (j < len && (unsigned char) buf[j] <= ' ')
				j++;
			record = !(j < len && buf[j] == ':');
		}
		else
		{
			/* number, true, false, null */
			while (i < len && (unsigned char) buf[i] > ' ' &&
				   !strchr(",]}", buf[i]))
				i++;
			tlen = (int) (i - start);
			record = true;
		}
		if (record)
		{
			if (jb->npos == cap)
			{
				cap *= 2;
				jb->pos = repalloc(jb->pos, sizeof(JsonPos) * cap);
			}
			jb->pos[jb->npos].offset = (int) start;
			jb->pos[jb->npos].line = line;
			jb->pos[jb->npos].len = tlen;
			jb->npos++;
		}
	}
}

/* A UTF-8 string from cJSON, palloc'd in the server encoding. */
static char *
json_text(JsonBuild *jb, const char *s, int line)
{
	return cl_parser_text(s, strlen(s));
}

/*
 * The text Liquibase would see for a JSON number: Integer/Long/BigInteger
 * print as written (a JSON integer has no leading zeros), "-0" as "0", and
 * anything with a fraction or exponent as Java's Double.toString.
 */
static char *
json_number_text(JsonBuild *jb, JsonPos *p)
{
	char	   *t = pnstrdup(jb->utf8 + p->offset, p->len);
	char	   *end;
	long long	v;

	if (strpbrk(t, ".eE") != NULL)
		return cl_java_double(strtod(t, NULL));
	errno = 0;
	v = strtoll(t, &end, 10);
	if (*end == '\0' && errno == 0)
		return psprintf("%lld", v);
	return t;					/* beyond 64 bits: BigInteger, as written */
}

/* Does the token at p start the kind of value item is? */
static bool
json_pos_matches(JsonBuild *jb, JsonPos *p, cJSON *item)
{
	char		c = jb->utf8[p->offset];

	if (cJSON_IsObject(item))
		return c == '{';
	if (cJSON_IsArray(item))
		return c == '[';
	if (cJSON_IsString(item))
		return c == '"';
	if (cJSON_IsNumber(item))
		return c == '-' || (c >= '0' && c <= '9');
	if (cJSON_IsBool(item))
		return c == 't' || c == 'f';
	if (cJSON_IsNull(item))
		return c == 'n';
	return false;
}

static ClNode *
json_to_node(JsonBuild *jb, cJSON *item, const char *name, int depth)
{
	JsonPos    *p;
	ClNode	   *n;
	cJSON	   *child;
	char	   *key;

	check_stack_depth();
	if (jb->next >= jb->npos)
		elog(ERROR, "JSON position scanner out of step");
	p = &jb->pos[jb->next++];
	/* the scanner must be at the value cJSON gives: never guess */
	if (!json_pos_matches(jb, p, item))
		elog(ERROR, "JSON position scanner out of step at line %d", p->line);

	key = name ? json_text(jb, name, p->line) : NULL;
	if (cJSON_IsObject(item))
	{
		ClKeyIndex *keys = NULL;

		n = cl_node_object(key, p->line);
		for (child = item->child; child; child = child->next)
		{
			ClNode	   *c;
			int			old;

			if (child->string == NULL)
				elog(ERROR, "JSON object member without a name");
			c = json_to_node(jb, child, child->string, depth + 1);
			/* a repeated key: first position, last value */
			old = cl_field_position(n, c->name, &keys);
			if (old >= 0)
				lfirst(list_nth_cell(n->items, old)) = c;
			else
			{
				cl_node_add(n, c);
				cl_field_appended(n, &keys);
			}
		}
	}
	else if (cJSON_IsArray(item))
	{
		n = cl_node_list(key, p->line);
		for (child = item->child; child; child = child->next)
			cl_node_add(n, json_to_node(jb, child, NULL, depth + 1));
	}
	else if (cJSON_IsString(item))
		n = cl_node_scalar(key, json_text(jb, item->valuestring, p->line),
						   p->line);
	else if (cJSON_IsNumber(item))
	{
		n = cl_node_scalar(key, json_number_text(jb, p), p->line);
		n->typed = true;
	}
	else if (cJSON_IsBool(item))
	{
		n = cl_node_scalar(key, cJSON_IsTrue(item) ? "true" : "false", p->line);
		n->typed = true;
	}
	else if (cJSON_IsNull(item))
		n = cl_node_scalar(key, NULL, p->line);
	else
	{
		elog(ERROR, "unexpected cJSON node type %d", item->type);
		n = NULL;				/* keep compiler quiet */
	}
	if ((jb->next & 0x3FF) == 0)
		CHECK_FOR_INTERRUPTS();
	return n;
}

/* How many values (JsonPos entries) item's subtree holds. */
static int
json_count_values(cJSON *item)
{
	int			n = 1;
	cJSON	   *c;

	check_stack_depth();
	for (c = item->child; c; c = c->next)
		n += json_count_values(c);
	return n;
}

/* The entries of databaseChangeLog, converted one at a time (ClEntryOps). */
typedef struct JsonEntries
{
	JsonBuild  *jb;
	cJSON	   *list;			/* the databaseChangeLog array */
	cJSON	  **items;			/* its elements, NULL once released */
	int		   *start;			/* each element's first JsonPos */
	int			released;
	bool		big;			/* a document worth malloc_trim */
} JsonEntries;

static ClNodeKind
json_kind(cJSON *item)
{
	if (cJSON_IsObject(item))
		return CLN_OBJECT;
	if (cJSON_IsArray(item))
		return CLN_LIST;
	return CLN_SCALAR;
}

static ClNodeKind
json_entry_kind(void *arg, int i, int *line)
{
	JsonEntries *je = (JsonEntries *) arg;

	*line = je->jb->pos[je->start[i]].line;
	return json_kind(je->items[i]);
}

static bool
json_entry_has_key(void *arg, int i, bool (*wanted) (const char *key))
{
	JsonEntries *je = (JsonEntries *) arg;
	cJSON	   *c;

	for (c = je->items[i]->child; c; c = c->next)
		if (c->string != NULL && wanted(c->string))
			return true;
	return false;
}

static ClNode *
json_entry_get(void *arg, int i)
{
	JsonEntries *je = (JsonEntries *) arg;

	je->jb->next = je->start[i];
	return json_to_node(je->jb, je->items[i], NULL, 2);
}

/* An entry is built: its cJSON subtree is freed (and, now and then, returned). */
static void
json_entry_release(void *arg, int i)
{
	JsonEntries *je = (JsonEntries *) arg;
	cJSON	   *item = je->items[i];

	je->items[i] = NULL;
	if (!je->big)
		return;					/* the tree's context goes at the end */
	cJSON_DetachItemViaPointer(je->list, item);
	cJSON_Delete(item);
#ifdef __GLIBC__
	if (++je->released % CL_TRIM_EVERY == 0)
		malloc_trim(0);
#endif
}

/*
 * The model from the parsed document: only databaseChangeLog matters (the
 * last one if the key repeats); its entries go to cl_build_from_entries one
 * at a time, each cJSON subtree freed once its entry is built.
 */
static void
json_build(ClParseState *st, ClFile *file, JsonBuild *jb, cJSON *tree, bool big)
{
	static const ClEntryOps ops = {
		json_entry_kind, json_entry_has_key, json_entry_get, json_entry_release,
		true
	};
	cJSON	   *dcl = NULL;
	cJSON	   *c;
	JsonEntries je;
	int			dcl_line = 1;
	int			root_line = jb->pos[0].line;

	/* the position of each value of databaseChangeLog; the rest is skipped */
	memset(&je, 0, sizeof(je));
	jb->next = 1;
	for (c = tree->child; c; c = c->next)
	{
		if (jb->next >= jb->npos)
			elog(ERROR, "JSON position scanner out of step");
		if (c->string != NULL && strcmp(c->string, "databaseChangeLog") == 0)
		{
			dcl = c;
			dcl_line = jb->pos[jb->next].line;
			if (cJSON_IsArray(c))
			{
				cJSON	   *e;
				int			n = cJSON_GetArraySize(c);
				int			k = 0;
				int			next = jb->next + 1;

				je.items = palloc(sizeof(cJSON *) * Max(n, 1));
				je.start = palloc(sizeof(int) * Max(n, 1));
				for (e = c->child; e; e = e->next)
				{
					je.items[k] = e;
					je.start[k++] = next;
					next += json_count_values(e);
				}
				jb->next = next;
				continue;
			}
		}
		jb->next += json_count_values(c);
	}
	/* every value is accounted for: the scanner and cJSON agree */
	if (jb->next != jb->npos)
		elog(ERROR, "JSON position scanner out of step");
	if (!cl_check_changelog_root(file, root_line, json_kind(tree),
								 cJSON_IsNull(tree) ||
								 ((cJSON_IsObject(tree) || cJSON_IsArray(tree)) &&
								  tree->child == NULL),
								 dcl != NULL, dcl_line,
								 dcl ? json_kind(dcl) : CLN_SCALAR,
								 dcl != NULL && cJSON_IsNull(dcl)))
		return;					/* an empty changelog */

	je.jb = jb;
	je.list = dcl;
	je.big = big;
	cl_build_from_entries(st, file, &ops, &je, cJSON_GetArraySize(dcl), dcl_line);
}

void
cl_parse_json(ClParseState *st, ClFile *file)
{
	JsonBuild	jb;
	char	   *utf8;
	size_t		len;
	cJSON	   *volatile tree = NULL;
	const char *end = NULL;
	bool		complete;
	bool		big;
	MemoryContext outer_cxt = json_cxt;
	MemoryContext volatile my_cxt = NULL;

	memset(&jb, 0, sizeof(jb));
	jb.file = file;

	/* cJSON reads UTF-8 */
	utf8 = pg_server_to_any(file->content, file->len, PG_UTF8);
	len = strlen(utf8);
	jb.utf8 = utf8;
	big = len > CL_TRIM_AFTER_BYTES;

	PG_TRY();
	{
		/* an included JSON file is parsed while its includer's tree is alive */
		if (!big)
			my_cxt = AllocSetContextCreate(CurrentMemoryContext, "changelog_sync cJSON",
										   ALLOCSET_DEFAULT_SIZES);
		json_use_context(my_cxt);
		/* len + 1: the NUL terminator must follow the value */
		tree = cJSON_ParseWithLengthOpts(utf8, len + 1, &end, true);
		if (tree == NULL)
		{
			size_t		off = (end && end >= utf8 && end <= utf8 + len)
				? (size_t) (end - utf8) : len;
			int			line;
			int			col;

			/*
			 * Too deep (cJSON's own limit is at most ours) is said with its
			 * place; else whether the text ends inside a value.
			 */
			complete = json_check_depth(file, utf8, len);
			json_location(utf8, off, &line, &col);
			if (off >= len && !complete)
				cl_parse_error(file, line, col,
							   "The JSON text ends before its last value is complete.",
							   "could not parse JSON changelog: unexpected end of input");
			cl_parse_error(file, line, col,
						   "JSON has no comments, trailing commas or single-quoted strings.",
						   "could not parse JSON changelog: syntax error");
		}
		json_scan(&jb, len);
		json_build(st, file, &jb, tree, big);
	}
	PG_FINALLY();
	{
		/* the tree goes with its context, or by cJSON_Delete while malloc is in use */
		if (my_cxt != NULL)
			MemoryContextDelete(my_cxt);
		else if (tree)
			cJSON_Delete(tree);
		json_use_context(outer_cxt);
	}
	PG_END_TRY();
#ifdef __GLIBC__
	/* give a big document's tree (malloc'd by cJSON) back to the system */
	if (big)
		malloc_trim(0);
#endif
	pfree(jb.pos);
}
