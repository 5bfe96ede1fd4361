/*-------------------------------------------------------------------------
 *
 * changelog.c
 *	  The changelog model: attribute trees, the tree of included files,
 *	  properties and ${} expansion, paths.  Format-independent.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "common/hashfn.h"
#include "common/pg_prng.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

#include "changelog.h"
#include "contexts.h"
#include "fileio.h"
#include "parse_tree.h"
#include "parsers.h"

#define PG_VERSION_NUM_MINOR (PG_VERSION_NUM % 100)

/* How many files one changelog tree may parse (a file included twice counts twice). */
#define CL_MAX_FILES 100000
/* changelog_sync.max_changesets: how many changesets a changelog tree may have */
int			cl_max_changesets = 500000;
/* How deep includes may nest before we call it a runaway. */
#define CL_MAX_INCLUDE_DEPTH 100
/* At most this many nested ${} substitutions, and this much text, per expansion. */
#define CL_MAX_SUBSTITUTIONS 1000000
#define CL_MAX_EXPANDED (64 * 1024 * 1024)
/* At most this much text put in by ${} substitutions in a whole parse. */
#define CL_MAX_EXPANDED_TOTAL (256 * 1024 * 1024)
/* How deep ${} values may refer to further properties. */
#define CL_MAX_EXPAND_DEPTH 20

static void parse_file(ClParseState *st, ClFile *parent, const char *path,
					   const char *context, const char *labels,
					   bool missing_ok, int line);
static void check_duplicates(ClChangeLog *log, ClRunFilter *filter);
static char *expand_depth(ClParseState *st, ClFile *file, const char *text,
						  int depth, int64 *budget);
static bool is_changelog_extension(const char *path);

uint32
cl_hash(const char *s, size_t len)
{
	static uint64 seed;
	static bool seeded = false;

	if (!seeded)
	{
		seed = pg_prng_uint64(&pg_global_prng_state);
		seeded = true;
	}
	return (uint32) hash_bytes_extended((const unsigned char *) s, len, seed);
}

/* ---------- attribute trees ---------- */

/*
 * The changelog vocabulary, for cl_intern_name: an open-addressing table of
 * pointers to the schema's own string constants, filled once per backend.
 * Only those names are shared, so the table never grows, whatever documents
 * are parsed; a static array, not a ClKeyIndex, because it allocates nothing
 * (it outlives every memory context a parse uses).
 */
#define CL_INTERN_SLOTS 4096	/* a power of two, well above the vocabulary */

static const char *intern_slot[CL_INTERN_SLOTS];
static int	intern_count = 0;
static bool intern_ready = false;

static uint32
intern_hash(const char *s)
{
	return cl_name_hash(s);
}

static void
intern_add(const char *name)
{
	uint32		i = intern_hash(name) & (CL_INTERN_SLOTS - 1);

	/* keep half the table free, so a lookup always meets an empty slot */
	if (intern_count >= CL_INTERN_SLOTS / 2)
		return;
	while (intern_slot[i] != NULL)
	{
		if (strcmp(intern_slot[i], name) == 0)
			return;
		i = (i + 1) & (CL_INTERN_SLOTS - 1);
	}
	intern_slot[i] = name;
	intern_count++;
}

char *
cl_intern_name(const char *name)
{
	uint32		i;

	if (!intern_ready)
	{
		cl_schema_vocabulary(intern_add);
		intern_ready = true;
	}
	i = intern_hash(name) & (CL_INTERN_SLOTS - 1);
	while (intern_slot[i] != NULL)
	{
		if (intern_slot[i][0] == name[0] && strcmp(intern_slot[i], name) == 0)
			return unconstify(char *, intern_slot[i]);
		i = (i + 1) & (CL_INTERN_SLOTS - 1);
	}
	return pstrdup(name);
}

static ClNode *
node_new(ClNodeKind kind, const char *name, int line)
{
	ClNode	   *n = palloc0(sizeof(ClNode));

	n->kind = kind;
	n->name = name ? cl_intern_name(name) : NULL;
	n->line = line;
	return n;
}

ClNode *
cl_node_object(const char *name, int line)
{
	return node_new(CLN_OBJECT, name, line);
}

ClNode *
cl_node_list(const char *name, int line)
{
	return node_new(CLN_LIST, name, line);
}

ClNode *
cl_node_scalar(const char *name, const char *value, int line)
{
	ClNode	   *n = node_new(CLN_SCALAR, name, line);

	n->value = value ? pstrdup(value) : NULL;
	return n;
}

/* A scalar that takes value (palloc'd by the caller) instead of a copy. */
ClNode *
cl_node_scalar_own(const char *name, char *value, int line)
{
	ClNode	   *n = node_new(CLN_SCALAR, name, line);

	n->value = value;
	return n;
}

ClNode *
cl_node_add(ClNode *parent, ClNode *child)
{
	Assert(parent->kind != CLN_SCALAR);
	parent->items = lappend(parent->items, child);
	return child;
}

ClNode *
cl_node_get(const ClNode *obj, const char *name)
{
	ListCell   *lc;

	if (obj == NULL || obj->kind != CLN_OBJECT)
		return NULL;
	foreach(lc, obj->items)
	{
		ClNode	   *n = (ClNode *) lfirst(lc);

		if (n->name && n->name[0] == name[0] && strcmp(n->name, name) == 0)
			return n;
	}
	return NULL;
}

ClNode *
cl_node_set(ClNode *obj, const char *name, const char *value, int line)
{
	ClNode	   *n = cl_node_get(obj, name);

	if (n && n->kind == CLN_SCALAR)
	{
		n->value = value ? pstrdup(value) : NULL;
		return n;
	}
	return cl_node_add(obj, cl_node_scalar(name, value, line));
}

ClNode *
cl_node_set_own(ClNode *obj, const char *name, char *value, int line)
{
	ClNode	   *n = cl_node_get(obj, name);

	if (n && n->kind == CLN_SCALAR)
	{
		n->value = value;
		return n;
	}
	return cl_node_add(obj, cl_node_scalar_own(name, value, line));
}

const char *
cl_node_str(const ClNode *obj, const char *name)
{
	ClNode	   *n = cl_node_get(obj, name);

	if (n == NULL || n->kind != CLN_SCALAR)
		return NULL;
	return n->value;
}

bool
cl_node_bool(const ClNode *obj, const char *name, bool dflt)
{
	const char *v = cl_node_str(obj, name);

	if (v == NULL)
		return dflt;
	return pg_strcasecmp(v, "true") == 0;
}

/* ---------- changesets and changes ---------- */

ClChangeSet *
cl_new_changeset(ClFile *file, const char *id, const char *author, int line)
{
	ClChangeSet *cs = palloc0(sizeof(ClChangeSet));

	cs->id = pstrdup(id);
	cs->author = pstrdup(author);
	cs->physical_path = file->path;
	cs->filename = file->logical_path ? file->logical_path : file->path;
	cs->line = line;
	cs->failOnError = true;
	cs->runInTransaction = true;
	cs->contexts = list_copy(file->contexts);
	cs->labels = list_copy(file->labels);
	cs->objectQuotingStrategy = file->objectQuotingStrategy;
	return cs;
}

ClChange *
cl_new_change(ClFile *file, const char *type, int line)
{
	ClChange   *c = palloc0(sizeof(ClChange));

	c->type = cl_intern_name(type);	/* read only, as every type name */
	c->attrs = cl_node_object(type, line);
	c->file = file->path;
	c->line = line;
	return c;
}

void
cl_add_changeset(ClParseState *st, ClFile *file, ClChangeSet *cs)
{
	CHECK_FOR_INTERRUPTS();

	/*
	 * Includes multiply: a root of a few thousand include lines of one file
	 * would build millions of changesets, gigabytes, before the duplicate
	 * check could refuse them.
	 */
	if (list_length(st->result->changesets) >= cl_max_changesets)
		cl_parse_error(file, cs->line, 0,
					   "Is a file included many times? Its changesets would be duplicates. A superuser can raise changelog_sync.max_changesets.",
					   "the changelog tree has more than %d changesets", cl_max_changesets);
	if (cs->id == NULL || cs->id[0] == '\0')
		cl_syntax_error(file, cs->line, 0,
						"changeset has no id");
	if (cs->author == NULL || cs->author[0] == '\0')
		cl_syntax_error(file, cs->line, 0,
						"changeset \"%s\" has no author", cs->id);
	/*
	 * An ignored changeset, or one for another database, is not even loaded
	 * by Liquibase (not run, not recorded, not checked for duplicates); it is
	 * counted as filtered out, so it is kept only to be reported.  The
	 * changesets of an ignored include are ignored too.
	 */
	if (st->ignoring > 0)
		cs->ignore = true;
	if (cs->ignore || (cs->dbms != NULL && !cl_dbms_matches(cs->dbms)))
	{
		cs->excluded = cs->ignore ? "ignored" : "dbms mismatch";
		cs->changes = NIL;
		cs->modifySql = NIL;
		cs->preconditions = NULL;
		st->result->changesets = lappend(st->result->changesets, cs);
		return;
	}

	/*
	 * Only the modifySql visitors that apply to this run (dbms, the caller's
	 * contexts and labels) are kept: Liquibase hashes and runs just those,
	 * so the checksum depends on the run's contexts.
	 */
	if (cs->modifySql != NIL)
	{
		List	   *keep = NIL;
		ListCell   *lc;

		foreach(lc, cs->modifySql)
		{
			ClNode	   *v = (ClNode *) lfirst(lc);
			const char *ctx = cl_node_str(v, "context");
			const char *labels = cl_node_str(v, "labels");

			if (!cl_dbms_matches(cl_node_str(v, "dbms")))
				continue;
			if (ctx && ctx[0] &&
				!cl_context_matches(ctx, st->filter ? st->filter->contexts : NULL))
				continue;
			if (labels && labels[0] && st->filter && st->filter->labels &&
				!cl_labels_match(st->filter->labels, labels))
				continue;
			keep = lappend(keep, v);
		}
		cs->modifySql = keep;
	}
	st->result->changesets = lappend(st->result->changesets, cs);
}

void
cl_add_file_preconditions(ClParseState *st, ClFile *file, ClPreconditions *pre)
{
	ClFilePreconditions *fp = palloc0(sizeof(ClFilePreconditions));

	fp->file = file->path;
	fp->pre = pre;
	st->result->file_preconditions =
		lappend(st->result->file_preconditions, fp);
}

bool
cl_dbms_matches(const char *dbms)
{
	char	   *copy;
	char	   *tok;
	char	   *save;
	bool		any_positive = false;
	bool		matched = false;

	if (dbms == NULL)
		return true;
	copy = pstrdup(dbms);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
	{
		char	   *t = tok;
		bool		neg = false;
		size_t		n;

		while (*t == ' ' || *t == '\t')
			t++;
		n = strlen(t);
		while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			t[--n] = '\0';
		if (n == 0)
			continue;
		if (*t == '!')
		{
			neg = true;
			t++;
			while (*t == ' ')
				t++;
		}
		if (neg)
		{
			if (pg_strcasecmp(t, "postgresql") == 0 || pg_strcasecmp(t, "all") == 0)
				return false;
			continue;
		}
		any_positive = true;
		if (pg_strcasecmp(t, "postgresql") == 0 || pg_strcasecmp(t, "all") == 0)
			matched = true;
	}
	/* only negations (or nothing): everything not excluded matches */
	return any_positive ? matched : true;
}

/* ---------- errors ---------- */

void
cl_parse_error(ClFile *file, int line, int col, const char *hint,
			   const char *fmt,...)
{
	StringInfoData buf;
	va_list		args;

	initStringInfo(&buf);
	for (;;)
	{
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	if (col > 0)
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s", buf.data),
				 hint ? errhint("%s", hint) : 0,
				 errcontext("changelog file \"%s\", line %d, column %d",
							file ? file->path : "?", line, col)));
	else
		ereport(ERROR,
				(errcode(ERRCODE_SYNTAX_ERROR),
				 errmsg("%s", buf.data),
				 hint ? errhint("%s", hint) : 0,
				 errcontext("changelog file \"%s\", line %d",
							file ? file->path : "?", line)));
	pg_unreachable();
}

/* ---------- paths ---------- */

/*
 * Is the path already in the form cl_normalize_path gives (relative, '/'
 * separated, no empty, "." or ".." segment, no prefix)?  Then it needs no copy.
 */
bool
cl_path_is_normal(const char *path)
{
	const char *p = path;
	const char *seg = path;

	if (*p == '\0' || *p == '/')
		return *p == '\0';
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
		return false;
	if (strncmp(path, "classpath:", 10) == 0)
		return false;
	for (;; p++)
	{
		if (*p == '\\')
			return false;
		if (*p == '/' || *p == '\0')
		{
			size_t		n = p - seg;

			if (n == 0 || (n == 1 && seg[0] == '.') ||
				(n == 2 && seg[0] == '.' && seg[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			seg = p + 1;
		}
	}
}

/* The normalised form of path: path itself when it already is (no copy). */
const char *
cl_normal_path(const char *path)
{
	return cl_path_is_normal(path) ? path : cl_normalize_path(path);
}

char *
cl_normalize_path(const char *path)
{
	StringInfoData out;
	char	   *p;
	char	   *copy;
	char	   *seg;
	char	   *save;
	List	   *segs = NIL;
	ListCell   *lc;
	bool		first = true;

	if (strncmp(path, "classpath:", 10) == 0)
		path += 10;
	copy = pstrdup(path);
	for (p = copy; *p; p++)
		if (*p == '\\')
			*p = '/';
	p = copy;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) && p[1] == ':')
		p += 2;
	for (seg = strtok_r(p, "/", &save); seg; seg = strtok_r(NULL, "/", &save))
	{
		if (strcmp(seg, ".") == 0 || seg[0] == '\0')
			continue;
		if (strcmp(seg, "..") == 0 && segs != NIL &&
			strcmp((char *) llast(segs), "..") != 0)
		{
			segs = list_delete_last(segs);
			continue;
		}
		segs = lappend(segs, seg);
	}
	initStringInfo(&out);
	foreach(lc, segs)
	{
		if (!first)
			appendStringInfoChar(&out, '/');
		appendStringInfoString(&out, (char *) lfirst(lc));
		first = false;
	}
	return out.data;
}

char *
cl_path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return pstrdup("");
	return pnstrdup(path, slash - path);
}

char *
cl_path_join(const char *dir, const char *rel)
{
	if (dir == NULL || dir[0] == '\0')
		return cl_normalize_path(rel);
	return cl_normalize_path(psprintf("%s/%s", dir, rel));
}

static const char *
path_extension(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(path, '.');

	if (dot == NULL || (slash && dot < slash))
		return "";
	return dot + 1;
}

static bool
is_changelog_extension(const char *path)
{
	const char *ext = path_extension(path);

	return pg_strcasecmp(ext, "sql") == 0 || pg_strcasecmp(ext, "xml") == 0 ||
		pg_strcasecmp(ext, "yaml") == 0 || pg_strcasecmp(ext, "yml") == 0 ||
		pg_strcasecmp(ext, "json") == 0;
}

/* ---------- properties ---------- */

/* A property name as it is compared: case-folded as pg_strncasecmp folds. */
static char *
fold_property_name(const char *name, size_t len)
{
	char	   *f = palloc(len + 1);
	size_t		i;

	for (i = 0; i < len; i++)
		f[i] = (char) pg_tolower((unsigned char) name[i]);
	f[len] = '\0';
	return f;
}

/*
 * Bring the index of properties by name up to date: every property appended
 * since (changelog definitions, or the caller's parameters at the start) is
 * chained after the earlier ones of its name.
 */
static void
index_properties(ClParseState *st)
{
	int			n = list_length(st->properties);
	MemoryContext old;

	if (st->prop_indexed == n)
		return;
	old = MemoryContextSwitchTo(st->cxt);
	if (n > st->prop_size)
	{
		int			size = Max(n, 2 * st->prop_size);

		size = Max(size, 16);
		st->prop_next = st->prop_next ? repalloc(st->prop_next, size * sizeof(int))
			: palloc(size * sizeof(int));
		st->prop_tail = st->prop_tail ? repalloc(st->prop_tail, size * sizeof(int))
			: palloc(size * sizeof(int));
		st->prop_size = size;
	}
	for (; st->prop_indexed < n; st->prop_indexed++)
	{
		int			pos = st->prop_indexed;
		ClProperty *p = (ClProperty *) list_nth(st->properties, pos);
		char	   *key = fold_property_name(p->name, strlen(p->name));
		int			first = cl_keyindex_find(st->prop_index, key);

		st->prop_next[pos] = -1;
		if (first < 0)
		{
			cl_keyindex_set(&st->prop_index, key, pos);
			st->prop_tail[pos] = pos;
		}
		else
		{
			st->prop_next[st->prop_tail[first]] = pos;
			st->prop_tail[first] = pos;
			pfree(key);
		}
	}
	MemoryContextSwitchTo(old);
}

/*
 * The first property called name (case-insensitively, as in Liquibase) that
 * the file sees: a global one, or one the file itself defined.
 */
static ClProperty *
find_property(ClParseState *st, ClFile *file, const char *name, size_t len)
{
	char	   *key = fold_property_name(name, len);
	int			pos;

	index_properties(st);
	pos = cl_keyindex_find(st->prop_index, key);
	pfree(key);
	for (; pos >= 0; pos = st->prop_next[pos])
	{
		ClProperty *p = (ClProperty *) list_nth(st->properties, pos);

		if (st->property_limit >= 0 && pos >= st->property_limit)
			break;
		if (!p->global && (file == NULL || p->file == NULL ||
						   strcmp(p->file, file->path) != 0))
			continue;
		return p;
	}
	return NULL;
}

const char *
cl_builtin_property(const char *name, size_t len)
{
	/*
	 * What Liquibase's PostgreSQL database object answers to ${database.x}
	 * (its getters); the versions are this server's.
	 */
	static const char *const builtins[][2] = {
		{"database.typeName", "postgresql"},
		{"database.shortName", "postgresql"},
		{"database.defaultSchemaName", "public"},
		{"database.defaultCatalogName", "public"},
		{"database.databaseChangeLogTableName", "databasechangelog"},
		{"database.databaseChangeLogLockTableName", "databasechangeloglock"},
		{"database.currentDateTimeFunction", "NOW()"},
		{"database.lineComment", "--"},
		{"database.autoIncrementClause", "GENERATED BY DEFAULT AS IDENTITY"},
		{"database.databaseProductName", "PostgreSQL"},
		{"database.databaseProductVersion", PG_VERSION},
		{"database.databaseMajorVersion", PG_MAJORVERSION},
		{"database.databaseMinorVersion", CppAsString2(PG_VERSION_NUM_MINOR)},
		{"database.isSafeToRunUpdate", "true"},
		{"database.requiresPassword", "true"},
		{"database.requiresUsername", "true"},
		{"database.supportsAutoIncrement", "true"},
		{"database.supportsForeignKeyDisable", "false"},
		{"database.supportsInitiallyDeferrableColumns", "true"},
		{"database.supportsRestrictForeignKeys", "true"},
		{"database.supportsSchemas", "true"},
		{"database.supportsSequences", "true"},
		{"database.supportsTablespaces", "true"},
	};
	size_t		i;

	for (i = 0; i < lengthof(builtins); i++)
		if (strlen(builtins[i][0]) == len &&
			pg_strncasecmp(builtins[i][0], name, len) == 0)
			return builtins[i][1];
	return NULL;
}

void
cl_define_property(ClParseState *st, ClFile *file, const char *name,
				   const char *value, const char *context, const char *labels,
				   const char *dbms, bool global)
{
	ClProperty *p;

	if (name == NULL || name[0] == '\0')
		cl_syntax_error(file, 0, 0, "property has no name");
	if (dbms && dbms[0] && !cl_dbms_matches(dbms))
		return;
	if (context && context[0] &&
		!cl_context_matches(context, st->filter ? st->filter->contexts : NULL))
		return;
	if (labels && labels[0] && st->filter && st->filter->labels &&
		!cl_labels_match(st->filter->labels, labels))
		return;
	/* first definition wins */
	if (find_property(st, file, name, strlen(name)) != NULL)
		return;
	p = palloc0(sizeof(ClProperty));
	p->name = pstrdup(name);
	p->value = pstrdup(value ? value : "");
	p->global = global;
	p->file = file ? file->path : NULL;
	st->properties = lappend(st->properties, p);
}

void
cl_property_file(ClParseState *st, ClFile *file, const char *path,
				 bool relative, const char *context, const char *labels,
				 const char *dbms, bool global, int line)
{
	char	   *text = cl_read_related_file(st, file, path, relative,
											"ISO-8859-1", line);
	char	   *p = text;

	/* java.util.Properties, the common subset: key=value / key: value lines */
	while (*p)
	{
		char	   *eol = strpbrk(p, "\r\n");
		char	   *line_end = eol ? eol : p + strlen(p);
		char	   *s = p;
		char	   *sep;
		char	   *key;
		char	   *val;
		StringInfoData v;

		CHECK_FOR_INTERRUPTS();
		while (s < line_end && (*s == ' ' || *s == '\t' || *s == '\f'))
			s++;
		if (s < line_end && *s != '#' && *s != '!')
		{
			StringInfoData logical;

			/* join continuation lines ending in a backslash */
			initStringInfo(&logical);
			appendBinaryStringInfo(&logical, s, line_end - s);
			while (logical.len > 0 && logical.data[logical.len - 1] == '\\' && *line_end)
			{
				char	   *n2;

				logical.data[--logical.len] = '\0';
				p = line_end;
				if (*p == '\r' && p[1] == '\n')
					p += 2;
				else
					p++;
				while (*p == ' ' || *p == '\t')
					p++;
				n2 = strpbrk(p, "\r\n");
				line_end = n2 ? n2 : p + strlen(p);
				appendBinaryStringInfo(&logical, p, line_end - p);
			}
			s = logical.data;
			sep = s;
			while (*sep && *sep != '=' && *sep != ':' && *sep != ' ' && *sep != '\t')
				sep++;
			key = pnstrdup(s, sep - s);
			while (*sep == ' ' || *sep == '\t')
				sep++;
			if (*sep == '=' || *sep == ':')
				sep++;
			while (*sep == ' ' || *sep == '\t')
				sep++;
			initStringInfo(&v);
			for (val = sep; *val; val++)
			{
				if (*val == '\\' && val[1])
				{
					val++;
					switch (*val)
					{
						case 't':
							appendStringInfoChar(&v, '\t');
							break;
						case 'n':
							appendStringInfoChar(&v, '\n');
							break;
						case 'r':
							appendStringInfoChar(&v, '\r');
							break;
						default:
							appendStringInfoChar(&v, *val);
					}
				}
				else
					appendStringInfoChar(&v, *val);
			}
			if (key[0])
				cl_define_property(st, file, key, v.data, context, labels,
								   dbms, global);
		}
		if (*line_end == '\0')
			break;
		p = line_end;
		if (*p == '\r' && p[1] == '\n')
			p += 2;
		else
			p++;
	}
}

static char *
expand_depth(ClParseState *st, ClFile *file, const char *text, int depth,
			 int64 *budget)
{
	StringInfoData out;
	const char *p = text;

	CHECK_FOR_INTERRUPTS();
	if (text == NULL)
		return NULL;
	if (!cl_has_property_ref(text))
		return pstrdup(text);
	initStringInfo(&out);
	while (*p)
	{
		const char *start;
		const char *end;
		const char *name;
		size_t		nlen;
		ClProperty *prop;
		const char *value = NULL;

		CHECK_FOR_INTERRUPTS();
		start = strstr(p, "${");
		if (start == NULL)
		{
			appendStringInfoString(&out, p);
			break;
		}
		appendBinaryStringInfo(&out, p, start - p);
		end = strchr(start + 2, '}');
		if (end == NULL)
		{
			appendStringInfoString(&out, start);
			break;
		}
		name = start + 2;
		nlen = end - name;
		prop = find_property(st, file, name, nlen);
		if (prop)
			value = prop->value;
		else
			value = cl_builtin_property(name, nlen);
		if (value && depth < CL_MAX_EXPAND_DEPTH)
		{
			char	   *v;

			/* a property that refers to itself several times grows exponentially */
			if (--(*budget) < 0 || out.len > CL_MAX_EXPANDED)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("property \"%.*s\" expands to too much text", (int) nlen, name),
						 errhint("A property whose value refers to itself is expanded again and again; remove the self-reference.")));
			v = expand_depth(st, file, value, depth + 1, budget);
			appendStringInfoString(&out, v);
			/* what the parse keeps: few references, each to a big value */
			if (depth == 0 &&
				(st->expanded_total += strlen(v)) > CL_MAX_EXPANDED_TOTAL)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("properties expand to more than %d MB of text in this changelog",
								CL_MAX_EXPANDED_TOTAL / (1024 * 1024)),
						 errdetail("The last reference was to property \"%.*s\".", (int) nlen, name)));
			pfree(v);
		}
		else
			appendBinaryStringInfo(&out, start, end + 1 - start);
		p = end + 1;
	}
	return out.data;
}

char *
cl_parser_text(const char *s, size_t len)
{
	char	   *r;

	/*
	 * In a UTF-8 database the document was verified when it was read, and
	 * the parsers refuse escapes that would make bad UTF-8 (a lone
	 * surrogate, a code point past U+10FFFF): only a NUL from an escape is
	 * left for the check.
	 */
	if (GetDatabaseEncoding() == PG_UTF8 && memchr(s, '\0', len) == NULL)
		return pnstrdup(s, len);
	r = pg_any_to_server(s, (int) len, PG_UTF8);
	return r == s ? pnstrdup(s, len) : r;
}

char *
cl_expand(ClParseState *st, ClFile *file, const char *text)
{
	int64		budget = CL_MAX_SUBSTITUTIONS;

	return expand_depth(st, file, text, 0, &budget);
}

/* ---------- files and includes ---------- */

char *
cl_read_related_file(ClParseState *st, ClFile *file, const char *path,
					 bool relative, const char *encoding, int line)
{
	char	   *resolved;
	char	   *raw;
	size_t		len;
	size_t		outlen;

	if (path == NULL || path[0] == '\0')
		cl_syntax_error(file, line, 0, "a file path is required");
	resolved = relative ? cl_path_join(cl_path_dirname(file->path), path)
		: cl_normalize_path(path);
	raw = cl_source_read(st->source, resolved, &len, false, true);
	return cl_decode_text(raw, len, encoding, resolved, &outlen);
}

static void
dispatch(ClParseState *st, ClFile *file)
{
	const char *ext = path_extension(file->path);

	if (pg_strcasecmp(ext, "sql") == 0)
		cl_parse_sql(st, file);
	else if (pg_strcasecmp(ext, "xml") == 0)
		cl_parse_xml(st, file);
	else if (pg_strcasecmp(ext, "yaml") == 0 || pg_strcasecmp(ext, "yml") == 0)
		cl_parse_yaml(st, file);
	else if (pg_strcasecmp(ext, "json") == 0)
		cl_parse_json(st, file);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unrecognized changelog format of file \"%s\"", file->path),
				 errhint("A changelog file name must end in .sql, .xml, .yaml, .yml or .json.")));
}

static List *
append_nonempty(List *list, const char *value)
{
	if (value == NULL)
		return list;
	while (*value == ' ' || *value == '\t' || *value == '\n' || *value == '\r')
		value++;
	if (*value == '\0')
		return list;
	return lappend(list, pstrdup(value));
}

static void
parse_file(ClParseState *st, ClFile *parent, const char *path,
		   const char *context, const char *labels, bool missing_ok, int line)
{
	ClFile	   *file;
	ListCell   *lc;
	size_t		len;
	char	   *content;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	foreach(lc, st->file_stack)
	{
		if (strcmp((char *) lfirst(lc), path) == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_RECURSION),
					 errmsg("changelog file \"%s\" includes itself", path),
					 parent ? errcontext("changelog file \"%s\", line %d",
										 parent->path, line) : 0));
	}
	if (++st->files_parsed > CL_MAX_FILES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the changelog tree includes more than %d files", CL_MAX_FILES),
				 errhint("Look for files included many times over (each include of a file parses it again).")));
	if (st->depth >= CL_MAX_INCLUDE_DEPTH)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("includes nested more than %d deep at \"%s\"",
						CL_MAX_INCLUDE_DEPTH, path)));

	content = cl_source_read(st->source, path, &len, missing_ok, false);
	if (content == NULL)
		return;

	file = palloc0(sizeof(ClFile));
	file->path = pstrdup(path);
	file->content = content;
	file->len = len;
	/*
	 * Inherited contexts and labels, innermost first as Liquibase collects
	 * them (this include's, then the including file's, and so on outwards);
	 * the changeset's own come last.
	 */
	file->contexts = append_nonempty(NIL, context);
	file->labels = append_nonempty(NIL, labels);
	if (parent)
	{
		file->contexts = list_concat(file->contexts, parent->contexts);
		file->labels = list_concat(file->labels, parent->labels);
	}

	st->file_stack = lappend(st->file_stack, file->path);
	st->depth++;
	dispatch(st, file);
	st->depth--;
	st->file_stack = list_delete_last(st->file_stack);
}

void
cl_include(ClParseState *st, ClFile *file, const char *path,
		   bool relativeToChangelogFile, bool errorIfMissing,
		   const char *context, const char *labels, int line)
{
	char	   *resolved;

	if (path == NULL || path[0] == '\0')
		cl_syntax_error(file, line, 0, "include has no \"file\" attribute");
	resolved = relativeToChangelogFile
		? cl_path_join(cl_path_dirname(file->path), path)
		: cl_normalize_path(path);
	if (!is_changelog_extension(resolved))
		cl_syntax_error(file, line, 0,
						"included file \"%s\" is not a changelog (.sql, .xml, .yaml, .yml or .json)",
						path);
	if (cl_source_is_dir(st->source, resolved))
		cl_syntax_error(file, line, 0,
						"included file \"%s\" is a directory", path);
	parse_file(st, file, resolved, context, labels, !errorIfMissing, line);
}

static int
path_depth_below(const char *dir, const char *path)
{
	const char *p = path + strlen(dir);
	int			depth = 1;

	if (dir[0] != '\0' && *p == '/')
		p++;
	for (; *p; p++)
		if (*p == '/')
			depth++;
	return depth;
}

void
cl_include_all(ClParseState *st, ClFile *file, const char *path,
			   bool relativeToChangelogFile, bool errorIfMissingOrEmpty,
			   int minDepth, int maxDepth, const char *endsWithFilter,
			   const char *context, const char *labels, int line)
{
	char	   *dir;
	bool		exists;
	List	   *files;
	ListCell   *lc;
	int			count = 0;

	if (path == NULL || path[0] == '\0')
		cl_syntax_error(file, line, 0, "includeAll has no \"path\" attribute");
	dir = relativeToChangelogFile
		? cl_path_join(cl_path_dirname(file->path), path)
		: cl_normalize_path(path);
	files = cl_source_list(st->source, dir, &exists);
	if (maxDepth <= 0)
		maxDepth = INT_MAX;
	foreach(lc, files)
	{
		char	   *f = (char *) lfirst(lc);
		int			d = path_depth_below(dir, f);

		if (d < minDepth || d > maxDepth)
			continue;
		if (!is_changelog_extension(f))
			continue;
		if (endsWithFilter && endsWithFilter[0] &&
			!(strlen(f) >= strlen(endsWithFilter) &&
			  pg_strcasecmp(f + strlen(f) - strlen(endsWithFilter),
							endsWithFilter) == 0))
			continue;
		if (strcmp(f, file->path) == 0)
			continue;
		parse_file(st, file, f, context, labels, false, line);
		count++;
	}
	if (count == 0 && errorIfMissingOrEmpty)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("includeAll path \"%s\" %s", path,
						exists ? "contains no changelog files" : "does not exist"),
				 errhint("Set errorIfMissingOrEmpty=\"false\" to allow this."),
				 errcontext("changelog file \"%s\", line %d", file->path, line)));
}

/* ---------- the whole tree ---------- */

static void
changeset_error_callback(void *arg)
{
	ClChangeSet **csp = (ClChangeSet **) arg;

	if (*csp)
		errcontext("changeset \"%s\" by \"%s\" in \"%s\", line %d",
				   (*csp)->id, (*csp)->author, (*csp)->physical_path, (*csp)->line);
}

/*
 * The duplicate check's key: the text "file::id::author", as Liquibase
 * compares it, in buf (KEY_BUF bytes) when it fits, else palloc'd.
 */
#define KEY_BUF 512

static char *
changeset_key(const ClChangeSet *cs, char *buf)
{
	size_t		lf = strlen(cs->filename);
	size_t		li = strlen(cs->id);
	size_t		la = strlen(cs->author);
	char	   *key = (lf + li + la + 5 > KEY_BUF) ? palloc(lf + li + la + 5) : buf;

	memcpy(key, cs->filename, lf);
	memcpy(key + lf, "::", 2);
	memcpy(key + lf + 2, cs->id, li);
	memcpy(key + lf + 2 + li, "::", 2);
	memcpy(key + lf + 4 + li, cs->author, la + 1);
	return key;
}

static uint32
changeset_key_hash(const ClChangeSet *cs)
{
	char		buf[KEY_BUF];
	char	   *key = changeset_key(cs, buf);
	uint32		h = cl_hash(key, strlen(key));

	if (key != buf)
		pfree(key);
	return h;
}

/* (only for changesets whose keys hash alike) */
static bool
changeset_keys_equal(const ClChangeSet *a, const ClChangeSet *b)
{
	char		bufa[KEY_BUF];
	char		bufb[KEY_BUF];
	char	   *ka = changeset_key(a, bufa);
	char	   *kb = changeset_key(b, bufb);
	bool		eq = strcmp(ka, kb) == 0;

	if (ka != bufa)
		pfree(ka);
	if (kb != bufb)
		pfree(kb);
	return eq;
}

static void
check_duplicates(ClChangeLog *log, ClRunFilter *filter)
{
	ListCell   *a;
	StringInfoData dups;
	int			ndups = 0;
	int			n = list_length(log->changesets);
	int			size = 16;
	ClChangeSet **slots;
	uint32	   *hashes;
	ErrorContextCallback cb;
	ClChangeSet *current = NULL;

	/* an open-addressing set of changesets, keyed by file, id and author */
	while (size < n * 2)
		size *= 2;
	slots = palloc0(sizeof(ClChangeSet *) * size);
	hashes = palloc(sizeof(uint32) * size);
	initStringInfo(&dups);
	cb.callback = changeset_error_callback;
	cb.arg = &current;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	foreach(a, log->changesets)
	{
		ClChangeSet *cs = (ClChangeSet *) lfirst(a);
		ClChangeSet *other;
		uint32		hash;
		uint32		i;
		const char *reason;

		CHECK_FOR_INTERRUPTS();
		current = cs;
		/* as Liquibase, only changesets that pass the filters must be unique */
		if (cs->excluded || (filter && !cl_changeset_passes(cs, filter, &reason)))
			continue;
		hash = changeset_key_hash(cs);
		i = hash & (size - 1);
		while ((other = slots[i]) != NULL &&
			   (hashes[i] != hash || !changeset_keys_equal(other, cs)))
			i = (i + 1) & (size - 1);
		if (other != NULL)
		{
			appendStringInfo(&dups, "\n          %s::%s::%s", cs->filename, cs->id, cs->author);
			ndups++;
		}
		else
		{
			slots[i] = cs;
			hashes[i] = hash;
		}
	}
	error_context_stack = cb.previous;
	pfree(slots);
	pfree(hashes);
	if (ndups > 0)
		ereport(ERROR,
				(errcode(ERRCODE_DUPLICATE_OBJECT),
				 errmsg("%d changesets had duplicate identifiers", ndups),
				 errdetail("Duplicates (file::id::author):%s", dups.data),
				 errhint("A changeset is identified by its file, id and author; each must be unique.")));
}

ClChangeLog *
cl_parse_changelog(struct ClSource *source, const char *path,
				   const char *content, ClRunFilter *filter, List *parameters)
{
	ClParseState st;
	char	   *root;

	memset(&st, 0, sizeof(st));
	st.source = source;
	st.filter = filter;
	st.property_limit = -1;
	st.cxt = CurrentMemoryContext;
	st.result = palloc0(sizeof(ClChangeLog));
	/* the caller's parameters win over every changelog definition */
	st.properties = list_copy(parameters);

	root = cl_normalize_path(path);
	if (root[0] == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"changelog_file\" must name a file")));
	if (content != NULL)
		cl_source_add_text(source, root, content, strlen(content));
	if (cl_source_is_dir(source, root))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("changelog file \"%s\" is a directory", root)));
	parse_file(&st, NULL, root, NULL, NULL, false, 0);
	check_duplicates(st.result, filter);
	st.result->properties = st.properties;
	return st.result;
}
