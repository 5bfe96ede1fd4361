/*-------------------------------------------------------------------------
 *
 * sqlgen.c
 *	  SQL generation for Liquibase's platform-agnostic change types on
 *	  PostgreSQL, as the Liquibase 4.28 CLI generates it
 *	  (liquibase-model.md §2 and §4).
 *
 * Each change type is a port of what Liquibase 4.28 does for PostgreSQL:
 * the change class (liquibase.change.core.*) builds statements, and the
 * PostgreSQL branch of each SQL generator (liquibase.sqlgenerator.core.*)
 * renders them.  The data-type mapping is a port of DataTypeFactory and the
 * PostgreSQL branches of liquibase.datatype.core.*, and identifier quoting
 * is PostgresDatabase.escapeObjectName under the changeset's
 * objectQuotingStrategy.
 *
 * Where Liquibase splices a name or a value into the SQL text unescaped, we
 * quote it (identifiers with doubled double quotes, literals with the
 * server's rules), so that no attribute can inject SQL; the generated text
 * is the same as Liquibase's whenever Liquibase's is well-formed.  The
 * attributes that Liquibase defines as SQL (valueComputed, where, a column
 * type, computed index columns, view and procedure bodies...) are emitted
 * verbatim, but an expression must not contain a statement separator.
 *
 * Liquibase qualifies unqualified names with its connection's default
 * schema; we use the caller's current_schema(), read when the change is
 * generated, which is the same schema.
 *
 * Catalog-dependent changes (dropAllForeignKeyConstraints, loadData and
 * loadUpdateData columns without a type) read the live catalog through the
 * caller's SPI connection.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <ctype.h>
#include <limits.h>
#include <math.h>

#include "catalog/namespace.h"
#include "catalog/pg_type.h"
#include "common/keywords.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "parser/gramparse.h"
#include "parser/parser.h"
#include "parser/scanner.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "changelog.h"
#include "fileio.h"
#include "parse_tree.h"
#include "sqlgen.h"

/* ---------- per-change state ---------- */

typedef enum SgQuoting
{
	SG_Q_LEGACY,
	SG_Q_ALL,					/* QUOTE_ALL_OBJECTS */
	SG_Q_RESERVED				/* QUOTE_ONLY_RESERVED_WORDS */
} SgQuoting;

typedef struct SgCtx
{
	const ClChangeSet *cs;
	const ClChange *c;
	const ClNode *a;			/* c->attrs */
	SgQuoting	quoting;
	char	   *cur_schema;		/* current_schema(), read once */
} SgCtx;

typedef List *(*SgGenFn) (SgCtx *x);

typedef struct SgChangeType
{
	const char *name;
	SgGenFn		gen;
	SgGenFn		rollback;		/* NULL: no automatic rollback */
} SgChangeType;

/* ---------- data types (DataTypeFactory) ---------- */

typedef enum SgTypeClass
{
	TC_UNKNOWN,
	TC_BIGINT,
	TC_BLOB,
	TC_BOOLEAN,
	TC_CHAR,
	TC_CLOB,
	TC_CURRENCY,
	TC_FUNCTION,
	TC_DATETIME,
	TC_DATE,
	TC_DECIMAL,
	TC_DOUBLE,
	TC_FLOAT,
	TC_INT,
	TC_MEDIUMINT,
	TC_NCHAR,
	TC_NVARCHAR,
	TC_NUMBER,
	TC_SMALLINT,
	TC_TIME,
	TC_TIMESTAMP,
	TC_TINYINT,
	TC_UUID,
	TC_VARCHAR,
	TC_XML
} SgTypeClass;

typedef struct SgType
{
	SgTypeClass cls;
	char	   *name;			/* canonical name; UnknownType: as given */
	List	   *params;			/* char *, trimmed */
	char	   *addl;			/* "additional information", or NULL */
	char	   *raw;			/* the definition as written */
	bool		autoinc;
} SgType;

/* loadData's LOAD_DATA_TYPE */
typedef enum SgLoadType
{
	LT_NONE,
	LT_BOOLEAN,
	LT_NUMERIC,
	LT_DATE,
	LT_STRING,
	LT_COMPUTED,
	LT_SEQUENCE,
	LT_BLOB,
	LT_CLOB,
	LT_SKIP,
	LT_UUID,
	LT_OTHER,
	LT_UNKNOWN
} SgLoadType;

/* ---------- values (ColumnConfig.getValueObject and friends) ---------- */

typedef enum SgValKind
{
	SGV_NONE,					/* Java null */
	SGV_STRING,					/* String */
	SGV_NUMERIC,				/* ColumnConfig.ValueNumeric: text as written */
	SGV_NUMBER,					/* a Long or Double: its Java text */
	SGV_BOOLEAN,
	SGV_DATE,					/* java.sql.Date / Time / Timestamp */
	SGV_FUNCTION,				/* DatabaseFunction */
	SGV_SEQNEXT,				/* SequenceNextValueFunction */
	SGV_SEQCURRENT,				/* SequenceCurrentValueFunction */
	SGV_SQL						/* SQL computed here (loadData now/today) */
} SgValKind;

typedef struct SgVal
{
	SgValKind	kind;
	char	   *text;
	bool		b;
	char		datekind;		/* 'd' date, 't' time, 's' timestamp */
	char	   *schema;			/* sequence functions: schema or NULL */
} SgVal;

/* ---------- prototypes ---------- */

static void sg_init(SgCtx *x, const ClChangeSet *cs, const ClChange *c);
static void sg_error_callback(void *arg);
static void sg_error(SgCtx *x, int code, const char *fmt,...) pg_attribute_printf(3, 4) pg_attribute_noreturn();
static const SgChangeType *sg_find_type(const char *name);

static const char *sg_attr(SgCtx *x, const char *name);
static const char *sg_req(SgCtx *x, const char *name);
static int	sg_bool(const ClNode *n, const char *name);
static char *sg_bigint(SgCtx *x, const ClNode *n, const char *name);
static char *sg_trim(const char *s);
static char *sg_trim_to_null(const char *s);
static List *sg_split_trim(const char *s);
static List *sg_columns(SgCtx *x);
static List *sg_emit(List *stmts, char *sql);

static bool sg_is_reserved(const char *name);
static bool sg_mixed_case(const char *name);
static char *sg_quote(const char *name);
static char *sg_ident(SgCtx *x, const char *name);
static char *sg_col_fn(SgCtx *x, const char *name, bool quote_functions);
static const char *sg_current_schema(SgCtx *x);
static char *sg_default_schema_sql(SgCtx *x);
static char *sg_qname(SgCtx *x, const char *schema, const char *name);
static char *sg_col_list(SgCtx *x, const char *list);
static char *sg_correct_name(SgCtx *x, const char *name);
static char *sg_literal(const char *s);
static char *sg_dollar_quote(const char *body);

static void sg_check_fragment(SgCtx *x, const char *what, const char *sql);
static void sg_check_sql(SgCtx *x, const char *what, const char *sql, bool at_end);
static bool sg_scan_ident(const char *s, char **name);
static char *sg_sql_ident(SgCtx *x, const char *what, const char *text);
static bool sg_word_char(char c);

static SgType *sg_parse_type(SgCtx *x, const char *def);
static char *sg_type_sql(SgCtx *x, SgType *t);
static char *sg_type_sql_text(SgCtx *x, SgType *t);
static SgLoadType sg_type_load_type(SgTypeClass cls);
static SgLoadType sg_load_type_of(const char *type);

static bool sg_java_number(const char *s, char **text);
static bool sg_numeric_prefix(const char *s);
static char *sg_format_number(const char *s);
static bool sg_parse_iso_date(const char *s, char **iso, char *kind);
static char *sg_date_literal(const char *iso, char kind);
static bool sg_looks_like_function_call(const char *s);
static char *sg_function_sql(const char *text);
static char *sg_seq_function(SgCtx *x, const SgVal *v);

static SgVal sg_value_of(SgCtx *x, const ClNode *col);
static SgVal sg_default_of(SgCtx *x, const ClNode *col);
static char *sg_value_sql(SgCtx *x, const SgVal *v);
static char *sg_object_sql(SgCtx *x, const SgVal *v);
static char *sg_typed_sql(SgCtx *x, SgType *t, const SgVal *v);
static char *sg_boolean_string_sql(SgCtx *x, const char *s);
static char *sg_where(SgCtx *x, const char *where, const ClNode *params);

/* ---------- small helpers ---------- */

static void
sg_init(SgCtx *x, const ClChangeSet *cs, const ClChange *c)
{
	const char *q = cs ? cs->objectQuotingStrategy : NULL;

	memset(x, 0, sizeof(SgCtx));
	x->cs = cs;
	x->c = c;
	x->a = c->attrs;
	if (q == NULL || q[0] == '\0' || strcmp(q, "LEGACY") == 0)
		x->quoting = SG_Q_LEGACY;
	else if (strcmp(q, "QUOTE_ALL_OBJECTS") == 0)
		x->quoting = SG_Q_ALL;
	else if (strcmp(q, "QUOTE_ONLY_RESERVED_WORDS") == 0)
		x->quoting = SG_Q_RESERVED;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid objectQuotingStrategy \"%s\"", q),
				 errhint("Valid values are LEGACY, QUOTE_ALL_OBJECTS and QUOTE_ONLY_RESERVED_WORDS.")));
}

/* Every error raised while generating a change names the change's place. */
static void
sg_error_callback(void *arg)
{
	const ClChange *c = (const ClChange *) arg;

	if (c->file)
		errcontext("%s change in \"%s\", line %d", c->type, c->file, c->line);
	else
		errcontext("%s change", c->type);
}

static void
sg_error(SgCtx *x, int code, const char *fmt,...)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(&buf, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(&buf, needed);
	}
	ereport(ERROR,
			(errcode(code),
			 errmsg("%s", buf.data)));
	pg_unreachable();
}

static const char *
sg_attr(SgCtx *x, const char *name)
{
	return cl_node_str(x->a, name);
}

/* A required attribute (Liquibase's checkRequiredField: null or blank). */
static const char *
sg_req(SgCtx *x, const char *name)
{
	const char *v = cl_node_str(x->a, name);

	if (v == NULL || sg_trim_to_null(v) == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "%s requires attribute \"%s\"", x->c->type, name);
	return v;
}

/* A boolean attribute: -1 when absent, else 0 or 1 ("true" is true). */
static int
sg_bool(const ClNode *n, const char *name)
{
	const char *v = n ? cl_node_str(n, name) : NULL;

	if (v == NULL)
		return -1;
	return pg_strcasecmp(v, "true") == 0 ? 1 : 0;
}

/* A BigInteger attribute, canonical ("010" -> "10"), or NULL when absent. */
static char *
sg_bigint(SgCtx *x, const ClNode *n, const char *name)
{
	const char *v = n ? cl_node_str(n, name) : NULL;
	const char *p;
	bool		neg = false;
	StringInfoData buf;

	if (v == NULL)
		return NULL;
	p = v;
	if (*p == '-' || *p == '+')
		neg = (*p++ == '-');
	if (*p == '\0')
		goto bad;
	for (const char *q = p; *q; q++)
		if (!isdigit((unsigned char) *q))
			goto bad;
	while (*p == '0' && p[1] != '\0')
		p++;
	initStringInfo(&buf);
	if (neg && strcmp(p, "0") != 0)
		appendStringInfoChar(&buf, '-');
	appendStringInfoString(&buf, p);
	return buf.data;

bad:
	sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
			 "invalid integer \"%s\" for attribute \"%s\" of %s",
			 v, name, x->c->type);
}

/* Java's String.trim(): strip characters <= ' ' at both ends. */
static char *
sg_trim(const char *s)
{
	const char *e;

	if (s == NULL)
		return NULL;
	while (*s && (unsigned char) *s <= ' ')
		s++;
	e = s + strlen(s);
	while (e > s && (unsigned char) e[-1] <= ' ')
		e--;
	return pnstrdup(s, e - s);
}

static char *
sg_trim_to_null(const char *s)
{
	char	   *t = sg_trim(s);

	return (t == NULL || t[0] == '\0') ? NULL : t;
}

/*
 * StringUtil.splitAndTrim(s, ","): Java's split (trailing empty strings
 * dropped), each piece trimmed.
 */
static List *
sg_split_trim(const char *s)
{
	List	   *pieces = NIL;
	const char *p = s;

	if (s == NULL)
		return NIL;
	for (;;)
	{
		const char *comma = strchr(p, ',');

		if (comma == NULL)
		{
			pieces = lappend(pieces, pstrdup(p));
			break;
		}
		pieces = lappend(pieces, pnstrdup(p, comma - p));
		p = comma + 1;
	}
	/* Java drops trailing empty strings (but "" alone stays) */
	while (list_length(pieces) > 1 && ((char *) llast(pieces))[0] == '\0')
		pieces = list_delete_last(pieces);
	if (list_length(pieces) == 1 && ((char *) linitial(pieces))[0] == '\0' &&
		s[0] != '\0')
		pieces = NIL;
	{
		ListCell   *lc;

		foreach(lc, pieces)
			lfirst(lc) = sg_trim((char *) lfirst(lc));
	}
	return pieces;
}

/* The change's nested <column> elements (ClNode objects), in order. */
static List *
sg_columns(SgCtx *x)
{
	ClNode	   *list = cl_node_get(x->a, "columns");
	List	   *out = NIL;
	ListCell   *lc;

	if (list == NULL)
		return NIL;
	if (list->kind == CLN_OBJECT)
		return list_make1(list);
	if (list->kind != CLN_LIST)
		return NIL;
	foreach(lc, list->items)
	{
		ClNode	   *item = (ClNode *) lfirst(lc);

		if (item->kind == CLN_OBJECT)
			out = lappend(out, item);
	}
	return out;
}

/* Append a statement, without the trailing blanks some generators leave. */
static List *
sg_emit(List *stmts, char *sql)
{
	int			len = strlen(sql);

	while (len > 0 && isspace((unsigned char) sql[len - 1]))
		sql[--len] = '\0';
	return lappend(stmts, sql);
}

/* ---------- identifiers (PostgresDatabase.escapeObjectName) ---------- */

/*
 * Liquibase's PostgreSQL reserved words are exactly PostgreSQL's reserved
 * and "reserved (can be function or type)" keywords.
 */
static bool
sg_is_reserved(const char *name)
{
	int			kwnum = ScanKeywordLookup(name, &ScanKeywords);

	if (kwnum < 0)
		return false;
	return ScanKeywordCategories[kwnum] == RESERVED_KEYWORD ||
		ScanKeywordCategories[kwnum] == TYPE_FUNC_NAME_KEYWORD;
}

static bool
sg_mixed_case(const char *name)
{
	bool		upper = false;
	bool		lower = false;

	for (const char *p = name; *p; p++)
	{
		if (*p >= 'A' && *p <= 'Z')
			upper = true;
		else if (*p >= 'a' && *p <= 'z')
			lower = true;
	}
	return upper && lower;
}

/* "name" with embedded double quotes doubled */
static char *
sg_quote(const char *name)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '"');
	for (const char *p = name; *p; p++)
	{
		if (*p == '"')
			appendStringInfoChar(&buf, '"');
		appendStringInfoChar(&buf, *p);
	}
	appendStringInfoChar(&buf, '"');
	return buf.data;
}

/*
 * escapeObjectName(name, type): quoted under QUOTE_ALL_OBJECTS, when mixed
 * case under LEGACY, and whenever it contains '-' or any character outside
 * [A-Za-z0-9_], starts with a digit or is a reserved word.  Anything left
 * unquoted is therefore a plain word, which PostgreSQL folds to lower case.
 */
static char *
sg_ident(SgCtx *x, const char *name)
{
	bool		must = false;

	if (name == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "%s: a required name is missing", x->c->type);
	if (x->quoting == SG_Q_ALL)
		return sg_quote(name);
	if (x->quoting == SG_Q_LEGACY && sg_mixed_case(name))
		return sg_quote(name);
	if (isdigit((unsigned char) name[0]) || sg_is_reserved(name))
		must = true;
	for (const char *p = name; *p && !must; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			  (*p >= '0' && *p <= '9') || *p == '_'))
			must = true;
	if (must)
		return sg_quote(name);
	if (name[0] == '\0')
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "%s: an object name is empty", x->c->type);
	return pstrdup(name);
}

/*
 * escapeColumnName(..., quoteNamesThatMayBeFunctions): a name containing
 * '(' is an expression, kept verbatim unless quote_functions.
 */
static char *
sg_col_fn(SgCtx *x, const char *name, bool quote_functions)
{
	if (name == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "%s: a column name is missing", x->c->type);
	if (x->quoting == SG_Q_ALL)
		return sg_quote(name);
	if (strchr(name, '(') != NULL)
	{
		if (quote_functions)
			return sg_quote(name);
		sg_check_fragment(x, "column expression", name);
		return pstrdup(name);
	}
	return sg_ident(x, name);
}

static const char *
sg_current_schema(SgCtx *x)
{
	if (x->cur_schema == NULL)
	{
		List	   *path = fetch_search_path(false);
		char	   *name = NULL;

		if (path != NIL)
			name = get_namespace_name(linitial_oid(path));
		if (name == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_SCHEMA),
					 errmsg("no schema has been selected to create in"),
					 errhint("Give the change a schemaName, or set search_path.")));
		x->cur_schema = name;
	}
	return x->cur_schema;
}

/* The default schema as Liquibase prints it (public, or "public"). */
static char *
sg_default_schema_sql(SgCtx *x)
{
	const char *s = sg_current_schema(x);

	if (x->quoting == SG_Q_ALL)
		return sg_quote(s);
	return pstrdup(quote_identifier(s));
}

/* escapeObjectName(catalog, schema, name, type): always schema-qualified */
static char *
sg_qname(SgCtx *x, const char *schema, const char *name)
{
	char	   *s = sg_trim_to_null(schema);

	if (name == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "%s: a required object name is missing", x->c->type);
	return psprintf("%s.%s",
					s ? sg_ident(x, s) : sg_default_schema_sql(x),
					sg_ident(x, name));
}

/* escapeColumnNameList: "a, b DESC" */
static char *
sg_col_list(SgCtx *x, const char *list)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	foreach(lc, sg_split_trim(list))
	{
		char	   *col = (char *) lfirst(lc);
		int			len = strlen(col);
		bool		desc = false;
		int			i = len;

		/* a trailing whitespace-separated DESC or ASC is a sort order */
		if (len > 4 && (pg_strcasecmp(col + len - 4, "DESC") == 0 ||
						pg_strcasecmp(col + len - 3, "ASC") == 0))
		{
			int			kw = pg_strcasecmp(col + len - 4, "DESC") == 0 ? 4 : 3;

			i = len - kw;
			if (i > 0 && isspace((unsigned char) col[i - 1]))
			{
				desc = (kw == 4);
				while (i > 0 && isspace((unsigned char) col[i - 1]))
					i--;
				col = pnstrdup(col, i);
			}
		}
		if (buf.len > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, sg_ident(x, col));
		if (desc)
			appendStringInfoString(&buf, " DESC");
	}
	return buf.data;
}

/*
 * PostgresDatabase.correctObjectName: the name as stored in the catalog
 * when written unquoted; under LEGACY, names Liquibase would quote keep
 * their case.
 */
static char *
sg_correct_name(SgCtx *x, const char *name)
{
	bool		keep = false;

	if (name == NULL)
		return NULL;
	if (x->quoting == SG_Q_ALL)
		return pstrdup(name);
	if (x->quoting == SG_Q_LEGACY)
		keep = strchr(name, '-') != NULL || sg_mixed_case(name) ||
			isdigit((unsigned char) name[0]) || sg_is_reserved(name);
	if (keep)
		return pstrdup(name);
	{
		char	   *out = pstrdup(name);

		for (char *p = out; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		return out;
	}
}

/* ---------- literals ---------- */

/*
 * A string literal, always through quote_literal_cstr: Liquibase's '...'
 * with doubled quotes, or E'...' when the text holds a backslash (Liquibase
 * keeps it single, which means the same under standard_conforming_strings;
 * the E'' form means the same whatever the setting when it runs).
 */
static char *
sg_literal(const char *s)
{
	if (s == NULL)
		return pstrdup("NULL");
	return quote_literal_cstr(s);
}

/* A dollar-quote tag that does not occur in body: $$, else $cl$, $cl1$... */
static char *
sg_dollar_quote(const char *body)
{
	char	   *tag;
	int			n = 0;

	if (strstr(body, "$$") == NULL)
		return pstrdup("$$");
	tag = pstrdup("$cl$");
	while (strstr(body, tag) != NULL)
		tag = psprintf("$cl%d$", ++n);
	return tag;
}

/* ---------- SQL fragments ---------- */

/*
 * An attribute that Liquibase splices into the SQL as written (an
 * expression, a type): lexed with the server's scanner, it must not contain
 * a ';' outside quotes, so it cannot end the statement and start another,
 * nor end inside a quote or a comment, which would swallow (or, with a later
 * value's newline, un-swallow) the text we print after it.
 */
static void
sg_check_fragment(SgCtx *x, const char *what, const char *sql)
{
	sg_check_sql(x, what, sql, false);
}

/*
 * Lex text with the server's scanner: *separator when it has a ';' token,
 * *sentinel when its last token is the identifier __cl_end__.  False, with
 * the scanner's *message, when it refuses the text (an unterminated comment
 * or quote, trailing junk after a number...); nothing but memory is held
 * while it lexes, so its error can be dropped.
 */
static bool
sg_lex_fragment(const char *text, bool *separator, bool *sentinel, char **message)
{
	MemoryContext cxt = CurrentMemoryContext;
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	int			tok;
	volatile bool ok = true;

	*separator = false;
	*sentinel = false;
	scanner = scanner_init(text, &yyextra, &ScanKeywords, ScanKeywordTokens);
	PG_TRY();
	{
		while ((tok = core_yylex(&yylval, &yylloc, scanner)) != 0)
		{
			if (tok == ';')
				*separator = true;
			*sentinel = (tok == IDENT && strcmp(yylval.str, "__cl_end__") == 0);
		}
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		if (edata->sqlerrcode != ERRCODE_SYNTAX_ERROR)
			PG_RE_THROW();
		*message = pstrdup(edata->message);
		FreeErrorData(edata);
		FlushErrorState();
		ok = false;
	}
	PG_END_TRY();
	scanner_finish(scanner);
	return ok;
}

static void
sg_check_sql(SgCtx *x, const char *what, const char *sql, bool at_end)
{
	bool		sentinel;
	bool		separator;
	char	   *text;
	char	   *message = NULL;

	if (sql == NULL)
		return;
	/* no quote, dollar quote, comment or ';' can start without one of these */
	if (strpbrk(sql, "'\"$-/;") == NULL)
		return;
	/* a trailing "--" comment would hide the sentinel */
	text = psprintf("%s __cl_end__", sql);
	if (!sg_lex_fragment(text, &separator, &sentinel, &message))
	{
		if (strncmp(message, "unterminated", 12) == 0)
			sg_error(x, ERRCODE_SYNTAX_ERROR,
					 "%s of %s must not end inside a comment or a quoted string: %s",
					 what, x->c->type, sql);
		/* the scanner's own words, without the sentinel it may quote */
		while ((text = strstr(message, " __cl_end__")) != NULL)
			memmove(text, text + 11, strlen(text + 11) + 1);
		sg_error(x, ERRCODE_SYNTAX_ERROR, "%s of %s is not valid SQL (%s): %s",
				 what, x->c->type, message, sql);
	}
	if (separator)
		sg_error(x, ERRCODE_SYNTAX_ERROR,
				 "%s of %s must not contain a statement separator: %s",
				 what, x->c->type, sql);
	if (!sentinel && !at_end)
		sg_error(x, ERRCODE_SYNTAX_ERROR,
				 "%s of %s must not end inside a comment: %s",
				 what, x->c->type, sql);
}

/*
 * Lex s as exactly one identifier (a plain word, a keyword or a "quoted"
 * identifier); *name is the identifier as PostgreSQL reads it.
 */
static bool
sg_scan_ident(const char *s, char **name)
{
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	int			tok;
	bool		ok = false;

	scanner = scanner_init(s, &yyextra, &ScanKeywords, ScanKeywordTokens);
	tok = core_yylex(&yylval, &yylloc, scanner);
	if (tok == IDENT)
	{
		*name = pstrdup(yylval.str);
		ok = true;
	}
	else if (tok > 0 && yylval.keyword != NULL &&
			 ScanKeywordLookup(yylval.keyword, &ScanKeywords) >= 0)
	{
		*name = pstrdup(yylval.keyword);
		ok = true;
	}
	if (ok && core_yylex(&yylval, &yylloc, scanner) != 0)
		ok = false;
	scanner_finish(scanner);
	return ok;
}

/*
 * An attribute Liquibase prints verbatim where an identifier goes (a
 * tablespace): the same identifier, quoted if needed.
 */
static char *
sg_sql_ident(SgCtx *x, const char *what, const char *text)
{
	char	   *name;

	if (!sg_scan_ident(text, &name))
		sg_error(x, ERRCODE_INVALID_NAME,
				 "invalid %s \"%s\" in %s", what, text, x->c->type);
	return pstrdup(quote_identifier(name));
}

/* ---------- data types (DataTypeFactory.fromDescription) ---------- */

static const struct
{
	const char *alias;
	SgTypeClass cls;
}			sg_type_registry[] =
{
	{"bigint", TC_BIGINT}, {"java.sql.types.bigint", TC_BIGINT},
	{"java.math.biginteger", TC_BIGINT}, {"java.lang.long", TC_BIGINT},
	{"integer8", TC_BIGINT}, {"bigserial", TC_BIGINT}, {"serial8", TC_BIGINT},
	{"int8", TC_BIGINT},
	{"blob", TC_BLOB}, {"longblob", TC_BLOB}, {"longvarbinary", TC_BLOB},
	{"java.sql.types.blob", TC_BLOB}, {"java.sql.types.longblob", TC_BLOB},
	{"java.sql.types.longvarbinary", TC_BLOB},
	{"java.sql.types.varbinary", TC_BLOB}, {"java.sql.types.binary", TC_BLOB},
	{"varbinary", TC_BLOB}, {"binary", TC_BLOB}, {"image", TC_BLOB},
	{"tinyblob", TC_BLOB}, {"mediumblob", TC_BLOB}, {"long binary", TC_BLOB},
	{"long varbinary", TC_BLOB},
	{"boolean", TC_BOOLEAN}, {"java.sql.types.boolean", TC_BOOLEAN},
	{"java.lang.boolean", TC_BOOLEAN}, {"bit", TC_BOOLEAN}, {"bool", TC_BOOLEAN},
	{"char", TC_CHAR}, {"java.sql.types.char", TC_CHAR}, {"bpchar", TC_CHAR},
	{"character", TC_CHAR},
	{"clob", TC_CLOB}, {"longvarchar", TC_CLOB}, {"text", TC_CLOB},
	{"longtext", TC_CLOB}, {"java.sql.types.longvarchar", TC_CLOB},
	{"java.sql.types.clob", TC_CLOB}, {"nclob", TC_CLOB},
	{"longnvarchar", TC_CLOB}, {"ntext", TC_CLOB},
	{"java.sql.types.longnvarchar", TC_CLOB}, {"java.sql.types.nclob", TC_CLOB},
	{"tinytext", TC_CLOB}, {"mediumtext", TC_CLOB}, {"long varchar", TC_CLOB},
	{"long nvarchar", TC_CLOB},
	{"currency", TC_CURRENCY}, {"money", TC_CURRENCY}, {"smallmoney", TC_CURRENCY},
	{"function", TC_FUNCTION}, {"liquibase.statement.databasefunction", TC_FUNCTION},
	{"datetime", TC_DATETIME}, {"java.sql.types.datetime", TC_DATETIME},
	{"java.util.date", TC_DATETIME}, {"smalldatetime", TC_DATETIME},
	{"datetime2", TC_DATETIME},
	{"date", TC_DATE}, {"java.sql.types.date", TC_DATE}, {"java.sql.date", TC_DATE},
	{"decimal", TC_DECIMAL}, {"java.sql.types.decimal", TC_DECIMAL},
	{"java.math.bigdecimal", TC_DECIMAL},
	{"double", TC_DOUBLE}, {"java.sql.types.double", TC_DOUBLE},
	{"java.lang.double", TC_DOUBLE},
	{"float", TC_FLOAT}, {"java.sql.types.float", TC_FLOAT},
	{"java.lang.float", TC_FLOAT}, {"real", TC_FLOAT}, {"java.sql.types.real", TC_FLOAT},
	{"int", TC_INT}, {"integer", TC_INT}, {"java.sql.types.integer", TC_INT},
	{"java.lang.integer", TC_INT}, {"serial", TC_INT}, {"int4", TC_INT},
	{"serial4", TC_INT},
	{"mediumint", TC_MEDIUMINT},
	{"nchar", TC_NCHAR}, {"java.sql.types.nchar", TC_NCHAR}, {"nchar2", TC_NCHAR},
	{"nvarchar", TC_NVARCHAR}, {"java.sql.types.nvarchar", TC_NVARCHAR},
	{"nvarchar2", TC_NVARCHAR}, {"national", TC_NVARCHAR},
	{"number", TC_NUMBER}, {"numeric", TC_NUMBER}, {"java.sql.types.numeric", TC_NUMBER},
	{"smallint", TC_SMALLINT}, {"java.sql.types.smallint", TC_SMALLINT},
	{"int2", TC_SMALLINT}, {"smallserial", TC_SMALLINT},
	{"time", TC_TIME}, {"java.sql.types.time", TC_TIME}, {"java.sql.time", TC_TIME},
	{"timetz", TC_TIME},
	{"timestamp", TC_TIMESTAMP}, {"java.sql.types.timestamp", TC_TIMESTAMP},
	{"java.sql.types.timestamp_with_timezone", TC_TIMESTAMP},
	{"java.sql.timestamp", TC_TIMESTAMP}, {"timestamptz", TC_TIMESTAMP},
	{"tinyint", TC_TINYINT}, {"java.sql.types.tinyint", TC_TINYINT},
	{"unknown", TC_UNKNOWN},
	{"uuid", TC_UUID}, {"uniqueidentifier", TC_UUID}, {"java.util.uuid", TC_UUID},
	{"varchar", TC_VARCHAR}, {"java.sql.types.varchar", TC_VARCHAR},
	{"java.lang.string", TC_VARCHAR}, {"varchar2", TC_VARCHAR},
	{"character varying", TC_VARCHAR},
	{"xml", TC_XML}, {"xmltype", TC_XML}, {"java.sql.types.sqlxml", TC_XML},
	{NULL, TC_UNKNOWN}
};

static const char *
sg_type_class_name(SgTypeClass cls)
{
	switch (cls)
	{
		case TC_BIGINT:
			return "bigint";
		case TC_BLOB:
			return "blob";
		case TC_BOOLEAN:
			return "boolean";
		case TC_CHAR:
			return "char";
		case TC_CLOB:
			return "clob";
		case TC_CURRENCY:
			return "currency";
		case TC_FUNCTION:
			return "function";
		case TC_DATETIME:
			return "datetime";
		case TC_DATE:
			return "date";
		case TC_DECIMAL:
			return "decimal";
		case TC_DOUBLE:
			return "double";
		case TC_FLOAT:
			return "float";
		case TC_INT:
			return "int";
		case TC_MEDIUMINT:
			return "mediumint";
		case TC_NCHAR:
			return "nchar";
		case TC_NVARCHAR:
			return "nvarchar";
		case TC_NUMBER:
			return "number";
		case TC_SMALLINT:
			return "smallint";
		case TC_TIME:
			return "time";
		case TC_TIMESTAMP:
			return "timestamp";
		case TC_TINYINT:
			return "tinyint";
		case TC_UUID:
			return "uuid";
		case TC_VARCHAR:
			return "varchar";
		case TC_XML:
			return "xml";
		case TC_UNKNOWN:
			break;
	}
	return "UNKNOWN";
}

static bool
sg_is_char_class(SgTypeClass cls)
{
	return cls == TC_CHAR || cls == TC_VARCHAR || cls == TC_NCHAR ||
		cls == TC_NVARCHAR;
}

static bool
sg_has_autoinc_property(SgTypeClass cls)
{
	return cls == TC_BIGINT || cls == TC_INT || cls == TC_NUMBER ||
		cls == TC_DECIMAL || cls == TC_MEDIUMINT || cls == TC_SMALLINT ||
		cls == TC_TINYINT || cls == TC_UNKNOWN;
}

static char *
sg_lower(const char *s)
{
	char	   *out = pstrdup(s);

	for (char *p = out; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return out;
}

static char *
sg_upper(const char *s)
{
	char	   *out = pstrdup(s);

	for (char *p = out; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p -= 'a' - 'A';
	return out;
}

static bool
sg_starts_with_ci(const char *s, const char *prefix)
{
	return pg_strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* Java's \s */
static bool
sg_java_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\x0B' || c == '\f' ||
		c == '\r';
}

/*
 * Remove, as replaceFirst("\\s*" + open + ".*" [+ close]) does, the first
 * open char (with the whitespace before it) through the last close char of
 * its line, or through the end of the line when close is '\0'.
 */
static char *
sg_cut_group(const char *s, char open, char close)
{
	const char *p = strchr(s, open);
	const char *eol;
	const char *q = NULL;
	const char *start;
	StringInfoData buf;

	if (p == NULL)
		return pstrdup(s);
	eol = strpbrk(p, "\n\r");
	if (eol == NULL)
		eol = p + strlen(p);
	if (close != '\0')
	{
		for (const char *r = p + 1; r < eol; r++)
			if (*r == close)
				q = r;
		if (q == NULL)
			return pstrdup(s);
		q++;
	}
	else
		q = eol;
	start = p;
	while (start > s && sg_java_space(start[-1]))
		start--;
	initStringInfo(&buf);
	appendBinaryStringInfo(&buf, s, start - s);
	appendStringInfoString(&buf, q);
	return buf.data;
}

static SgType *
sg_parse_type(SgCtx *x, const char *def)
{
	SgType	   *t = palloc0(sizeof(SgType));
	char	   *name;
	char	   *lname;
	bool		autoinc = false;
	bool		found = false;
	static const char *const quote_pairs[][2] = {
		{"\"", "\""}, {"[", "]"}, {"`", "`"}, {"'", "'"}
	};

	sg_check_fragment(x, "data type", def);
	t->raw = pstrdup(def);
	t->cls = TC_UNKNOWN;
	if (strncmp(def, "${", 2) == 0 && def[strlen(def) - 1] == '}')
	{
		t->name = pstrdup(def);
		return t;
	}

	name = pstrdup(def);
	/* ".+\\(.*\\).*": drop the first "(...)" */
	{
		const char *p = strchr(name + (name[0] ? 1 : 0), '(');

		if (p != NULL && strchr(p, ')') != NULL)
			name = sg_cut_group(name, '(', ')');
	}
	/* ".+\\{.*": drop "{...}" and the rest */
	if (name[0] && strchr(name + 1, '{') != NULL)
		name = sg_cut_group(name, '{', '\0');
	lname = sg_lower(name);
	if (strlen(lname) >= 9 && strcmp(lname + strlen(lname) - 9, " identity") == 0)
	{
		name = pnstrdup(lname, strlen(lname) - 9);
		autoinc = true;
	}
	/* unquote delimited identifiers */
	for (int i = 0; i < 4; i++)
	{
		const char *open = quote_pairs[i][0];
		const char *close = quote_pairs[i][1];

		if (name[0] == open[0])
		{
			char	   *c1 = strchr(name + 1, close[0]);

			if (c1 != NULL && strchr(c1 + 1, close[0]) == NULL)
			{
				name = psprintf("%.*s%s", (int) (c1 - name - 1), name + 1, c1 + 1);
				break;
			}
		}
	}
	lname = sg_lower(name);
	if (!(strncmp(lname, "bit varying", 11) == 0 ||
		  strncmp(lname, "character varying", 17) == 0 ||
		  strncmp(lname, "long varchar", 12) == 0 ||
		  strncmp(lname, "long nvarchar", 13) == 0 ||
		  strncmp(lname, "long binary", 11) == 0 ||
		  strncmp(lname, "long varbinary", 14) == 0))
	{
		char	   *tr = sg_trim(name);
		char	   *sp = tr;

		while (*sp && !sg_java_space(*sp))
			sp++;
		if (*sp)
		{
			char	   *rest = sp;

			while (*rest && sg_java_space(*rest))
				rest++;
			t->addl = pstrdup(rest);
			*sp = '\0';
		}
		name = tr;
	}
	lname = sg_lower(name);
	for (int i = 0; sg_type_registry[i].alias; i++)
	{
		if (strcmp(sg_type_registry[i].alias, lname) == 0)
		{
			t->cls = sg_type_registry[i].cls;
			found = true;
			break;
		}
	}
	if (!found)
		t->name = sg_starts_with_ci(name, "INTERVAL") ? pstrdup(def) : name;
	else if (t->cls == TC_UNKNOWN)
		t->name = pstrdup("UNKNOWN");
	else
		t->name = pstrdup(sg_type_class_name(t->cls));

	/* ".+\\s*\\(.*": the parameters between the first ( and the next ) */
	{
		const char *p = def[0] ? strchr(def + 1, '(') : NULL;

		if (p != NULL)
		{
			const char *e = strchr(p + 1, ')');
			char	   *inner = e ? pnstrdup(p + 1, e - p - 1) : pstrdup(p + 1);
			ListCell   *lc;

			/* a newline ends Java's ".*" */
			if (strpbrk(def, "\n\r") == NULL || strpbrk(def, "\n\r") > p)
			{
				List	   *parts = NIL;
				char	   *s = inner;

				for (;;)
				{
					char	   *comma = strchr(s, ',');

					if (comma == NULL)
					{
						parts = lappend(parts, pstrdup(s));
						break;
					}
					parts = lappend(parts, pnstrdup(s, comma - s));
					s = comma + 1;
				}
				foreach(lc, parts)
				{
					char	   *param = sg_trim_to_null((char *) lfirst(lc));

					if (param == NULL)
						continue;
					if (sg_is_char_class(t->cls))
					{
						char	   *b = strstr(param, " BYTE");

						if (b != NULL)
							param = psprintf("%.*s%s", (int) (b - param), param, b + 5);
					}
					t->params = lappend(t->params, param);
				}
			}
		}
	}

	/* "{autoIncrement:true}" and the like */
	{
		const char *p = strchr(def, '{');

		if (p != NULL)
		{
			const char *e = strchr(p + 1, '}');
			char	   *inner = e ? pnstrdup(p + 1, e - p - 1) : pstrdup(p + 1);
			char	   *s = inner;

			for (;;)
			{
				char	   *comma = strchr(s, ',');
				char	   *item = comma ? pnstrdup(s, comma - s) : pstrdup(s);
				char	   *kv = sg_trim_to_null(item);

				if (kv != NULL)
				{
					char	   *colon = strchr(kv, ':');

					if (colon == NULL)
						sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
								 "data type definition contains unparseable embedded information: \"%s\"",
								 def);
					*colon = '\0';
					if (strcmp(kv, "autoIncrement") == 0 &&
						sg_has_autoinc_property(t->cls))
						t->autoinc = pg_strcasecmp(colon + 1, "true") == 0;
					else if (strcmp(kv, "autoIncrement") == 0)
						sg_error(x, ERRCODE_INVALID_COLUMN_DEFINITION,
								 "autoIncrement is not allowed on data type \"%s\"",
								 pnstrdup(def, p - def));
					else
						sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
								 "property \"%s\" is not allowed on data type \"%s\"",
								 kv, def);
				}
				if (comma == NULL)
					break;
				s = comma + 1;
			}
		}
	}
	if (autoinc && (t->cls == TC_INT || t->cls == TC_BIGINT))
		t->autoinc = true;
	/* finishInitialization */
	lname = sg_lower(def);
	if (t->cls == TC_INT && strncmp(lname, "serial", 6) == 0)
		t->autoinc = true;
	if ((t->cls == TC_BIGINT || t->cls == TC_SMALLINT) &&
		strstr(lname, "serial") != NULL)
		t->autoinc = true;
	return t;
}

/* new DatabaseDataType(name, params) + addAdditionalInformation(addl) */
static char *
sg_dbtype(const char *name, List *params, const char *addl)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfoString(&buf, name);
	if (params != NIL)
	{
		appendStringInfoChar(&buf, '(');
		foreach(lc, params)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(&buf, ", ");
			appendStringInfoString(&buf, (char *) lfirst(lc));
		}
		appendStringInfoChar(&buf, ')');
	}
	if (addl != NULL)
		appendStringInfo(&buf, " %s", addl);
	return buf.data;
}

static bool
sg_parse_int(const char *s, int *out)
{
	char	   *end;
	long		v;

	if (s == NULL || *s == '\0')
		return false;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end != '\0' || errno != 0 || v > INT_MAX || v < INT_MIN ||
		isspace((unsigned char) *s))
		return false;
	*out = (int) v;
	return true;
}

/* CharType / VarcharType: strip " CHAR" from a length, CHARACTER VARYING */
static char *
sg_char_type(const char *upname, SgType *t)
{
	if (list_length(t->params) == 1)
	{
		char	   *p = pstrdup((char *) linitial(t->params));
		int			len = strlen(p);

		/* replaceFirst("(?<=\\d+)\\s*(?i)CHAR$", "") */
		if (len > 4 && pg_strcasecmp(p + len - 4, "CHAR") == 0)
		{
			int			i = len - 4;

			while (i > 0 && sg_java_space(p[i - 1]))
				i--;
			if (i > 0 && isdigit((unsigned char) p[i - 1]))
				p[i] = '\0';
		}
		if (strcmp(p, "2147483647") == 0)
			return pstrdup("CHARACTER VARYING");
		return sg_dbtype(upname, list_make1(p), t->addl);
	}
	return NULL;
}

/* DateTimeType on PostgreSQL */
static char *
sg_datetime_type(SgType *t)
{
	char	   *raw = sg_lower(sg_trim(t->raw));
	bool		tz = strstr(raw, "tz") != NULL || strstr(raw, "with time zone") != NULL;

	if (t->params == NIL)
		return pstrdup(tz ? "TIMESTAMP WITH TIME ZONE" : "TIMESTAMP WITHOUT TIME ZONE");
	return psprintf("TIMESTAMP(%s) %s",
					(char *) (list_length(t->params) == 2 ? lsecond(t->params) : linitial(t->params)),
					tz ? "WITH TIME ZONE" : "WITHOUT TIME ZONE");
}

/*
 * The type as printed, lexed again: it is rebuilt from pieces cut at '(',
 * ',' and ')' and partly upper-cased, so a comment, quote or dollar quote
 * that was whole in the attribute may not be whole any more.
 */
static char *
sg_type_sql(SgCtx *x, SgType *t)
{
	char	   *sql = sg_type_sql_text(x, t);

	sg_check_fragment(x, "data type", sql);
	return sql;
}

/* LiquibaseDataType.toDatabaseDataType(PostgresDatabase) */
static char *
sg_type_sql_text(SgCtx *x, SgType *t)
{
	char	   *raw = sg_trim(t->raw);
	char	   *lraw = sg_lower(raw);
	char	   *s;

	switch (t->cls)
	{
		case TC_BIGINT:
			return sg_dbtype("BIGINT", NIL, t->addl);
		case TC_BLOB:
			if (strncmp(lraw, "blob", 4) == 0 || strcmp(raw, "java.sql.Types.BLOB") == 0)
				return pstrdup("OID");
			return pstrdup("BYTEA");
		case TC_BOOLEAN:
			if (strncmp(lraw, "bit", 3) == 0)
				return sg_dbtype("BIT", t->params, NULL);
			return sg_dbtype("BOOLEAN", t->params, t->addl);
		case TC_CHAR:
		case TC_NCHAR:
			s = sg_char_type(t->cls == TC_CHAR ? "CHAR" : "NCHAR", t);
			if (s)
				return s;
			return sg_dbtype(t->cls == TC_CHAR ? "CHAR" : "NCHAR", t->params, t->addl);
		case TC_VARCHAR:
			s = sg_char_type("VARCHAR", t);
			if (s)
				return s;
			return sg_dbtype("VARCHAR", t->params, t->addl);
		case TC_NVARCHAR:
			return sg_dbtype("VARCHAR", t->params, NULL);
		case TC_CLOB:
			return pstrdup("TEXT");
		case TC_CURRENCY:
			return pstrdup("DECIMAL");
		case TC_DATETIME:
			return sg_datetime_type(t);
		case TC_DATE:
			return pstrdup("date");
		case TC_DECIMAL:
			return sg_dbtype("DECIMAL", t->params, t->addl);
		case TC_DOUBLE:
			return pstrdup("DOUBLE PRECISION");
		case TC_FLOAT:
			if (strcmp(lraw, "real") == 0)
				return pstrdup("REAL");
			return sg_dbtype("FLOAT", t->params, t->addl);
		case TC_INT:
			return pstrdup("INTEGER");
		case TC_MEDIUMINT:
			return sg_dbtype("MEDIUMINT", t->params, t->addl);
		case TC_NUMBER:
			if (t->params != NIL)
			{
				int			p;

				if (sg_parse_int((char *) linitial(t->params), &p) && p > 1000)
					return pstrdup("numeric");
			}
			return sg_dbtype("numeric", t->params, NULL);
		case TC_SMALLINT:
		case TC_TINYINT:
			return pstrdup("SMALLINT");
		case TC_TIME:
			{
				List	   *valid = NIL;
				char	   *out;
				int			p;

				if (t->params != NIL)
				{
					if (!sg_parse_int((char *) linitial(t->params), &p))
						sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
								 "invalid time precision in data type \"%s\"", t->raw);
					if (p <= 6)
						valid = t->params;
				}
				out = sg_dbtype("time", valid, NULL);
				if (valid == NIL && list_length(t->params) >= 2)
					out = sg_dbtype("time", list_make1(lsecond(t->params)), NULL);
				if (strstr(lraw, "tz") != NULL || strstr(lraw, "with time zone") != NULL)
					return psprintf("%s WITH TIME ZONE", out);
				return psprintf("%s WITHOUT TIME ZONE", out);
			}
		case TC_TIMESTAMP:
			{
				char	   *out;

				if (t->params != NIL)
				{
					int			p;

					if (!sg_parse_int((char *) linitial(t->params), &p))
						sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
								 "a timestamp with \"%s\" fractional digits was requested, but \"%s\" does not seem to be an integer",
								 (char *) linitial(t->params), (char *) linitial(t->params));
					if (p > 6)
						sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
								 "a timestamp data type with %d fractional digits was requested, but PostgreSQL only supports 6 digits",
								 p);
					out = psprintf("TIMESTAMP(%d)", p);
				}
				else
					out = pstrdup("TIMESTAMP");
				if (strncmp(raw, "java.sql.Types.TIMESTAMP_WITH_TIMEZONE", 38) == 0)
					return psprintf("%s WITH TIME ZONE", out);
				if (t->addl != NULL)
				{
					char	   *a = t->addl;
					char	   *ua = sg_upper(a);

					if (strstr(ua, "TIMEZONE") != NULL)
					{
						StringInfoData buf;

						initStringInfo(&buf);
						for (char *p = ua; *p; p++)
						{
							if (strncmp(p, "TIMEZONE", 8) == 0)
							{
								appendStringInfoString(&buf, "TIME ZONE");
								p += 7;
							}
							else
								appendStringInfoChar(&buf, *p);
						}
						a = buf.data;
					}
					return psprintf("%s %s", out, a);
				}
				return sg_datetime_type(t);
			}
		case TC_UUID:
			return pstrdup("UUID");
		case TC_XML:
			return pstrdup("XML");
		case TC_FUNCTION:
			return sg_dbtype("FUNCTION", t->params, t->addl);
		case TC_UNKNOWN:
			{
				List	   *params = t->params;
				char	   *lname = sg_lower(t->name);

				if (strcmp(lname, "enum") != 0 && strcmp(lname, "set") != 0 &&
					list_length(params) > 2)
					params = list_truncate(list_copy(params), 2);
				return sg_dbtype(sg_upper(t->name), params, t->addl);
			}
	}
	return NULL;
}

/* LiquibaseDataType.getLoadTypeName */
static SgLoadType
sg_type_load_type(SgTypeClass cls)
{
	switch (cls)
	{
		case TC_BIGINT:
		case TC_INT:
		case TC_SMALLINT:
		case TC_TINYINT:
		case TC_MEDIUMINT:
		case TC_DECIMAL:
		case TC_NUMBER:
		case TC_FLOAT:
		case TC_DOUBLE:
		case TC_CURRENCY:
			return LT_NUMERIC;
		case TC_BOOLEAN:
			return LT_BOOLEAN;
		case TC_BLOB:
			return LT_BLOB;
		case TC_CLOB:
		case TC_XML:
			return LT_CLOB;
		case TC_DATE:
		case TC_DATETIME:
		case TC_TIMESTAMP:
		case TC_TIME:
			return LT_DATE;
		case TC_UUID:
			return LT_UUID;
		case TC_FUNCTION:
			return LT_COMPUTED;
		case TC_CHAR:
		case TC_VARCHAR:
		case TC_NCHAR:
		case TC_NVARCHAR:
		case TC_UNKNOWN:
			break;
	}
	return LT_STRING;
}

/* LoadDataColumnConfig.getTypeEnum: LOAD_DATA_TYPE.valueOf(upper(type)) */
static SgLoadType
sg_load_type_of(const char *type)
{
	static const struct
	{
		const char *name;
		SgLoadType	lt;
	}			names[] =
	{
		{"BOOLEAN", LT_BOOLEAN}, {"NUMERIC", LT_NUMERIC}, {"DATE", LT_DATE},
		{"STRING", LT_STRING}, {"COMPUTED", LT_COMPUTED},
		{"SEQUENCE", LT_SEQUENCE}, {"BLOB", LT_BLOB}, {"CLOB", LT_CLOB},
		{"SKIP", LT_SKIP}, {"UUID", LT_UUID}, {"OTHER", LT_OTHER},
		{"UNKNOWN", LT_UNKNOWN}, {NULL, LT_NONE}
	};

	if (type == NULL)
		return LT_NONE;
	for (int i = 0; names[i].name; i++)
		if (pg_strcasecmp(type, names[i].name) == 0)
			return names[i].lt;
	return LT_UNKNOWN;
}

/* ---------- numbers and dates ---------- */

/*
 * Java's NumberFormat.getInstance(Locale.US).parse(): the longest prefix
 * "-?[0-9,]*(\.[0-9]*)?(E-?[0-9]+)?" holding a digit; false when there is
 * none.  *text is the parsed Long or Double as Java prints it, after
 * LiquibaseDataType.formatNumber (a trailing ".0" dropped).
 */
static bool
sg_java_number(const char *s, char **text)
{
	const char *p = s;
	StringInfoData digits;
	bool		neg = false;
	bool		any = false;
	bool		frac = false;
	char	   *end;
	double		d;

	initStringInfo(&digits);
	if (*p == '-')
	{
		neg = true;
		p++;
	}
	for (; *p; p++)
	{
		if (isdigit((unsigned char) *p))
		{
			appendStringInfoChar(&digits, *p);
			any = true;
		}
		else if (*p == ',' && !frac && any)
			continue;
		else if (*p == '.' && !frac)
		{
			frac = true;
			appendStringInfoChar(&digits, '.');
		}
		else
			break;
	}
	if (!any)
		return false;
	if (*p == 'E' && (isdigit((unsigned char) p[1]) ||
					  (p[1] == '-' && isdigit((unsigned char) p[2]))))
	{
		appendStringInfoChar(&digits, 'e');
		p++;
		if (*p == '-')
			appendStringInfoChar(&digits, *p++);
		while (isdigit((unsigned char) *p))
			appendStringInfoChar(&digits, *p++);
	}
	if (text == NULL)
		return true;
	d = strtod(digits.data, &end);
	if (neg)
		d = -d;
	if (d == floor(d) && fabs(d) < 9.2e18 && !(d == 0 && neg))
		*text = psprintf(INT64_FORMAT, (int64) d);
	else
		*text = sg_format_number(cl_java_double(d));
	return true;
}

/* Does s start with what NumberFormat parses (ColumnConfig.ValueNumeric)? */
static bool
sg_numeric_prefix(const char *s)
{
	return sg_java_number(s, NULL);
}

/* LiquibaseDataType.formatNumber: replaceFirst("\\.0+$", "") */
static char *
sg_format_number(const char *s)
{
	const char *dot = strrchr(s, '.');

	if (dot != NULL && dot[1] != '\0' && strspn(dot + 1, "0") == strlen(dot + 1))
		return pnstrdup(s, dot - s);
	return pstrdup(s);
}

static bool
sg_digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char) s[i]))
			return false;
	return true;
}

/*
 * ISODateFormat.parse then format: *iso is the value as Liquibase prints it
 * ("2001-02-03", "04:05:06", "2001-02-03T04:05:06.12"), *kind 'd', 't' or
 * 's'.  False when it is not a date (Liquibase then takes it as a function).
 */
static bool
sg_parse_iso_date(const char *s, char **iso, char *kind)
{
	int			len = strlen(s);

	if (len == 8 && sg_digits(s, 2) && s[2] == ':' && sg_digits(s + 3, 2) &&
		s[5] == ':' && sg_digits(s + 6, 2))
	{
		*iso = pstrdup(s);
		*kind = 't';
		return true;
	}
	if (len == 10 && sg_digits(s, 4) && s[4] == '-' && sg_digits(s + 5, 2) &&
		s[7] == '-' && sg_digits(s + 8, 2))
	{
		*iso = pstrdup(s);
		*kind = 'd';
		return true;
	}
	if (len >= 19 && sg_digits(s, 4) && s[4] == '-' && sg_digits(s + 5, 2) &&
		s[7] == '-' && sg_digits(s + 8, 2) && (s[10] == 'T' || s[10] == ' ') &&
		sg_digits(s + 11, 2) && s[13] == ':' && sg_digits(s + 14, 2) &&
		s[16] == ':' && sg_digits(s + 17, 2))
	{
		char	   *base = psprintf("%.10sT%.8s", s, s + 11);

		if (len == 19)
		{
			*iso = base;
			*kind = 's';
			return true;
		}
		if (s[19] == '.' && len > 20 && len <= 29 && sg_digits(s + 20, len - 20))
		{
			char		nanos[10];
			int			n = len - 20;
			int			last;

			memset(nanos, '0', 9);
			nanos[9] = '\0';
			memcpy(nanos, s + 20, n);
			for (last = 8; last > 0 && nanos[last] == '0'; last--)
				;
			if (last == 0 && nanos[0] == '0')
				*iso = base;
			else
				*iso = psprintf("%s.%.*s", base, last + 1, nanos);
			*kind = 's';
			return true;
		}
		return false;
	}
	/* "H:m:s" (SimpleDateFormat is lenient about the widths) */
	if (strchr(s, ':') != NULL && strchr(s, '-') == NULL && strchr(s, '.') == NULL)
	{
		int			h,
					m,
					sec;
		char		extra;

		if (sscanf(s, "%2d:%2d:%2d%c", &h, &m, &sec, &extra) == 3 &&
			isdigit((unsigned char) s[0]))
		{
			*iso = psprintf("%02d:%02d:%02d", h, m, sec);
			*kind = 't';
			return true;
		}
	}
	return false;
}

/* AbstractJdbcDatabase.getDateLiteral */
static char *
sg_date_literal(const char *iso, char kind)
{
	if (kind == 's')
	{
		char	   *t = pstrdup(iso);

		t[10] = ' ';
		return sg_literal(t);
	}
	return sg_literal(iso);
}

/* AbstractSqlGenerator.looksLikeFunctionCall */
static bool
sg_looks_like_function_call(const char *s)
{
	return strncmp(s, "\"SYSIBM\"", 8) == 0 || strncmp(s, "to_date(", 8) == 0 ||
		pg_strcasecmp(s, "NOW()") == 0;
}

/* generateDatabaseFunctionValue for a plain DatabaseFunction */
static char *
sg_function_sql(const char *text)
{
	if (sg_starts_with_ci(text, "current_timestamp") ||
		sg_starts_with_ci(text, "current_datetime") ||
		pg_strcasecmp(text, "NOW()") == 0)
		return pstrdup("NOW()");
	return pstrdup(text);
}

/* nextval('s.q') / currval('s.q') */
static char *
sg_seq_function(SgCtx *x, const SgVal *v)
{
	return psprintf("%s(%s)", v->kind == SGV_SEQNEXT ? "nextval" : "currval",
					sg_literal(sg_qname(x, v->schema, v->text)));
}

/* ---------- values ---------- */

static SgVal
sg_val(SgValKind kind, const char *text)
{
	SgVal		v;

	memset(&v, 0, sizeof(v));
	v.kind = kind;
	v.text = text ? pstrdup(text) : NULL;
	return v;
}

/* ColumnConfig.setValueNumeric / setDefaultValueNumeric (from a String) */
static SgVal
sg_numeric_val(SgCtx *x, const char *s)
{
	const char *n = s;

	if (s == NULL || pg_strcasecmp(s, "null") == 0)
		return sg_val(SGV_NONE, NULL);
	if (s[0] == '(')
	{
		int			len;

		n = s + 1;
		len = strlen(n);
		if (len > 0 && n[len - 1] == ')')
			n = pnstrdup(n, len - 1);
	}
	if (sg_numeric_prefix(n))
	{
		sg_check_fragment(x, "numeric value", n);
		return sg_val(SGV_NUMERIC, n);
	}
	sg_check_fragment(x, "computed value", s);
	return sg_val(SGV_FUNCTION, s);
}

/* ColumnConfig.setValueDate / setDefaultValueDate (from a String) */
static SgVal
sg_date_val(SgCtx *x, const char *s)
{
	SgVal		v;
	char	   *iso;
	char		kind;

	if (s == NULL || pg_strcasecmp(s, "null") == 0)
		return sg_val(SGV_NONE, NULL);
	if (sg_parse_iso_date(s, &iso, &kind))
	{
		v = sg_val(SGV_DATE, iso);
		v.datekind = kind;
		return v;
	}
	sg_check_fragment(x, "computed value", s);
	return sg_val(SGV_FUNCTION, s);
}

/* XML gives valueBoolean as xsd:boolean: only "true" is true */
static SgVal
sg_boolean_val(const char *s)
{
	SgVal		v = sg_val(SGV_BOOLEAN, NULL);

	v.b = pg_strcasecmp(s, "true") == 0;
	return v;
}

/* ColumnConfig.getValueObject */
static SgVal
sg_value_of(SgCtx *x, const ClNode *col)
{
	const char *s;

	if ((s = cl_node_str(col, "value")) != NULL)
		return sg_val(SGV_STRING, s);
	if ((s = cl_node_str(col, "valueBoolean")) != NULL)
		return sg_boolean_val(s);
	if ((s = cl_node_str(col, "valueNumeric")) != NULL)
	{
		SgVal		v = sg_numeric_val(x, s);

		if (v.kind != SGV_NONE)
			return v;
	}
	if ((s = cl_node_str(col, "valueDate")) != NULL)
	{
		SgVal		v = sg_date_val(x, s);

		if (v.kind != SGV_NONE)
			return v;
	}
	if ((s = cl_node_str(col, "valueComputed")) != NULL)
	{
		sg_check_fragment(x, "valueComputed", s);
		return sg_val(SGV_FUNCTION, s);
	}
	if (cl_node_str(col, "valueClobFile") != NULL ||
		cl_node_str(col, "valueBlobFile") != NULL)
		sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "valueBlobFile and valueClobFile are not supported");
	if ((s = cl_node_str(col, "valueSequenceNext")) != NULL)
		return sg_val(SGV_SEQNEXT, s);
	if ((s = cl_node_str(col, "valueSequenceCurrent")) != NULL)
		return sg_val(SGV_SEQCURRENT, s);
	return sg_val(SGV_NONE, NULL);
}

/* ColumnConfig.getDefaultValueObject */
static SgVal
sg_default_of(SgCtx *x, const ClNode *col)
{
	const char *s;

	if ((s = cl_node_str(col, "defaultValue")) != NULL)
		return sg_val(SGV_STRING, s);
	if ((s = cl_node_str(col, "defaultValueBoolean")) != NULL)
		return sg_boolean_val(s);
	if ((s = cl_node_str(col, "defaultValueNumeric")) != NULL)
	{
		SgVal		v = sg_numeric_val(x, s);

		if (v.kind != SGV_NONE)
			return v;
	}
	if ((s = cl_node_str(col, "defaultValueDate")) != NULL &&
		sg_trim_to_null(s) != NULL)
	{
		SgVal		v = sg_date_val(x, sg_trim(s));

		if (v.kind != SGV_NONE)
			return v;
	}
	if ((s = cl_node_str(col, "defaultValueComputed")) != NULL)
	{
		sg_check_fragment(x, "defaultValueComputed", s);
		return sg_val(SGV_FUNCTION, s);
	}
	if ((s = cl_node_str(col, "defaultValueSequenceNext")) != NULL)
		return sg_val(SGV_SEQNEXT, s);
	return sg_val(SGV_NONE, NULL);
}

/*
 * A value in INSERT ... VALUES and UPDATE ... SET (InsertGenerator,
 * UpdateGenerator.convertToString).
 */
static char *
sg_value_sql(SgCtx *x, const SgVal *v)
{
	switch (v->kind)
	{
		case SGV_NONE:
			return pstrdup("NULL");
		case SGV_STRING:
			if (pg_strcasecmp(v->text, "NULL") == 0)
				return pstrdup("NULL");
			if (sg_looks_like_function_call(v->text))
			{
				sg_check_fragment(x, "value", v->text);
				return pstrdup(v->text);
			}
			return sg_literal(v->text);
		case SGV_NUMERIC:
		case SGV_NUMBER:
		case SGV_SQL:
			return pstrdup(v->text);
		case SGV_BOOLEAN:
			return pstrdup(v->b ? "TRUE" : "FALSE");
		case SGV_DATE:
			return sg_date_literal(v->text, v->datekind);
		case SGV_FUNCTION:
			return sg_function_sql(v->text);
		case SGV_SEQNEXT:
		case SGV_SEQCURRENT:
			return sg_seq_function(x, v);
	}
	return NULL;
}

/*
 * DataTypeFactory.fromObject(value).objectToSql(value): the type is the
 * value's Java class (whereParams, loadUpdateData keys, addDefaultValue).
 */
static char *
sg_object_sql(SgCtx *x, const SgVal *v)
{
	switch (v->kind)
	{
		case SGV_NONE:
			return pstrdup("NULL");
		case SGV_STRING:
			if (pg_strcasecmp(v->text, "null") == 0)
				return pstrdup("NULL");
			return sg_literal(v->text);
		case SGV_NUMERIC:
		case SGV_NUMBER:
			return sg_format_number(v->text);
		case SGV_SQL:
			return pstrdup(v->text);
		case SGV_BOOLEAN:
			return pstrdup(v->b ? "TRUE" : "FALSE");
		case SGV_DATE:
			return sg_date_literal(v->text, v->datekind);
		case SGV_FUNCTION:
			return sg_function_sql(v->text);
		case SGV_SEQNEXT:
		case SGV_SEQCURRENT:
			return sg_seq_function(x, v);
	}
	return NULL;
}

/* java.sql.Date/Time/Timestamp.toString() */
static char *
sg_java_date_string(const SgVal *v)
{
	if (v->datekind == 's')
	{
		char	   *t = pstrdup(v->text);

		t[10] = ' ';
		return strchr(t, '.') ? t : psprintf("%s.0", t);
	}
	return pstrdup(v->text);
}

/* the value's Java toString() */
static char *
sg_java_string(SgCtx *x, const SgVal *v)
{
	switch (v->kind)
	{
		case SGV_BOOLEAN:
			return pstrdup(v->b ? "true" : "false");
		case SGV_DATE:
			return sg_java_date_string(v);
		case SGV_SEQNEXT:
		case SGV_SEQCURRENT:
			return v->schema ? psprintf("%s.%s", v->schema, v->text) : pstrdup(v->text);
		default:
			return pstrdup(v->text ? v->text : "null");
	}
}

/* BooleanType.objectToSql of a String */
static char *
sg_boolean_string_sql(SgCtx *x, const char *s)
{
	StringInfoData buf;
	char	   *v;
	char	   *l;

	initStringInfo(&buf);
	for (const char *p = s; *p; p++)
		if (*p != '\'')
			appendStringInfoChar(&buf, *p);
	v = buf.data;
	l = sg_lower(v);
	if (strcmp(l, "true") == 0 || strcmp(v, "1") == 0 || strcmp(l, "b'1'") == 0 ||
		strcmp(l, "t") == 0)
		return pstrdup("TRUE");
	if (strcmp(l, "false") == 0 || strcmp(v, "0") == 0 || strcmp(l, "b'0'") == 0 ||
		strcmp(l, "f") == 0)
		return pstrdup("FALSE");
	/* b?([01])\1*(::bit|::"bit")? */
	{
		const char *p = v;
		char		d;
		StringInfoData bits;

		if (*p == 'b')
			p++;
		d = *p;
		if (d == '0' || d == '1')
		{
			initStringInfo(&bits);
			while (*p == d)
				appendStringInfoChar(&bits, *p++);
			if (*p == '\0' || strcmp(p, "::bit") == 0 || strcmp(p, "::\"bit\"") == 0)
				return psprintf("b'%s'::\"bit\"", bits.data);
		}
	}
	sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE, "unknown boolean value: %s", s);
}

/*
 * LiquibaseDataType.objectToSql for a column's type (createTable and
 * addColumn defaults).  Returns "null" where Liquibase's would be null.
 */
static char *
sg_typed_sql(SgCtx *x, SgType *t, const SgVal *v)
{
	char	   *str;

	if (v->kind == SGV_FUNCTION || v->kind == SGV_SEQNEXT ||
		v->kind == SGV_SEQCURRENT || v->kind == SGV_SQL)
		return sg_value_sql(x, v);
	str = sg_java_string(x, v);
	if (pg_strcasecmp(str, "null") == 0)
		return pstrdup("null");
	switch (t->cls)
	{
		case TC_INT:
		case TC_BIGINT:
		case TC_MEDIUMINT:
		case TC_TINYINT:
			sg_check_fragment(x, "default value", str);
			return sg_format_number(str);
		case TC_SMALLINT:
			if (v->kind == SGV_BOOLEAN)
				return pstrdup(v->b ? "1" : "0");
			sg_check_fragment(x, "default value", str);
			return sg_format_number(str);
		case TC_BOOLEAN:
			if (v->kind == SGV_BOOLEAN)
				return pstrdup(v->b ? "TRUE" : "FALSE");
			if (v->kind == SGV_NUMERIC || v->kind == SGV_NUMBER)
				return pstrdup(strcmp(str, "1") == 0 || strcmp(str, "1.0") == 0 ? "TRUE" : "FALSE");
			return sg_boolean_string_sql(x, str);
		case TC_CHAR:
		case TC_VARCHAR:
		case TC_NCHAR:
		case TC_NVARCHAR:
		case TC_BLOB:
			return sg_literal(str);
		case TC_CLOB:
			/* a value already in quotes is kept */
			if (str[0] == '\'')
			{
				sg_check_fragment(x, "default value", str);
				return str;
			}
			return sg_literal(str);
		case TC_XML:
			return psprintf("xml %s", sg_literal(str));
		case TC_DATE:
			if (v->kind == SGV_DATE)
				return sg_date_literal(v->text, v->datekind);
			if (strcmp(str, "CURRENT_TIMESTAMP()") == 0)
				return pstrdup("NOW()");
			return sg_literal(str);
		case TC_TIME:
			if (v->kind == SGV_DATE)
				return sg_date_literal(v->text, v->datekind);
			return sg_literal(str);
		case TC_DATETIME:
		case TC_TIMESTAMP:
			if (v->kind == SGV_DATE)
				return sg_date_literal(v->text, v->datekind);
			/* database.isFunction: ends with "()" or is NOW() */
			if ((strlen(str) >= 2 && strcmp(str + strlen(str) - 2, "()") == 0) ||
				pg_strcasecmp(str, "NOW()") == 0)
			{
				sg_check_fragment(x, "default value", str);
				return str;
			}
			return sg_literal(str);
		case TC_UNKNOWN:
			return sg_literal(str);
		case TC_DECIMAL:
		case TC_NUMBER:
		case TC_FLOAT:
		case TC_DOUBLE:
		case TC_CURRENCY:
		case TC_UUID:
		case TC_FUNCTION:
			/* the base class: numbers formatted, anything else verbatim */
			if (v->kind == SGV_NUMERIC || v->kind == SGV_NUMBER)
				return sg_format_number(str);
			if (v->kind == SGV_DATE)
				return sg_date_literal(v->text, v->datekind);
			sg_check_fragment(x, "default value", str);
			return str;
	}
	return str;
}

/*
 * SqlUtil.replacePredicatePlaceholders: each ":name" becomes the next
 * named param's column, each ":value" or "?" the next param's value.
 */
static char *
sg_where(SgCtx *x, const char *where, const ClNode *params)
{
	char	   *w = sg_trim(where);
	List	   *names = NIL;
	List	   *values = NIL;
	ListCell   *nc;
	ListCell   *vc;
	StringInfoData buf;

	sg_check_sql(x, "where", w, true);
	if (params != NULL && params->kind == CLN_LIST)
	{
		ListCell   *lc;

		foreach(lc, params->items)
		{
			ClNode	   *p = (ClNode *) lfirst(lc);
			SgVal	   *v = palloc(sizeof(SgVal));
			const char *name = cl_node_str(p, "name");

			if (p->kind != CLN_OBJECT)
				continue;
			if (name != NULL)
				names = lappend(names, pstrdup(name));
			*v = sg_value_of(x, p);
			values = lappend(values, v);
		}
	}
	nc = list_head(names);
	vc = list_head(values);
	initStringInfo(&buf);
	for (const char *p = w; *p;)
	{
		if (strncmp(p, ":name", 5) == 0)
		{
			if (nc != NULL)
			{
				appendStringInfoString(&buf, sg_ident(x, (char *) lfirst(nc)));
				nc = lnext(names, nc);
			}
			else
				appendStringInfoString(&buf, ":name");
			p += 5;
		}
		else if (strncmp(p, ":value", 6) == 0 || *p == '?')
		{
			int			len = (*p == '?') ? 1 : 6;

			if (vc != NULL)
			{
				appendStringInfoString(&buf, sg_object_sql(x, (SgVal *) lfirst(vc)));
				vc = lnext(values, vc);
			}
			else
				appendBinaryStringInfo(&buf, p, len);
			p += len;
		}
		else
			appendStringInfoChar(&buf, *p++);
	}
	/* placeholders inside quotes are replaced too, as Liquibase does */
	if (values != NIL)
		sg_check_sql(x, "where with its parameters", buf.data, true);
	return buf.data;
}

/* ---------- shared pieces of the generators ---------- */

/* AbstractJdbcDatabase.getAutoIncrementClause on PostgreSQL */
static char *
sg_autoinc_clause(SgCtx *x, const ClNode *col, const char *start_attr)
{
	const char *gen = cl_node_str(col, "generationType");
	char	   *start = sg_bigint(x, col, start_attr);
	char	   *inc = sg_bigint(x, col, "incrementBy");
	StringInfoData buf;
	bool		gs = start != NULL && strcmp(start, "1") != 0;
	bool		gi = inc != NULL && strcmp(inc, "1") != 0;

	initStringInfo(&buf);
	if (gen == NULL || gen[0] == '\0')
		appendStringInfoString(&buf, "GENERATED BY DEFAULT AS IDENTITY");
	else
	{
		char	   *g = sg_lower(sg_trim(gen));

		if (strcmp(g, "always") != 0 &&
			!(strncmp(g, "by", 2) == 0 && isspace((unsigned char) g[2]) &&
			  strcmp(sg_trim(g + 2), "default") == 0))
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "invalid generationType \"%s\"", gen);
		appendStringInfo(&buf, "GENERATED %s AS IDENTITY", gen);
	}
	if (gs || gi)
	{
		appendStringInfoString(&buf, " (");
		if (gs)
			appendStringInfo(&buf, "START WITH %s", start);
		if (gi)
			appendStringInfo(&buf, "%sINCREMENT BY %s", gs ? " " : "", inc);
		appendStringInfoChar(&buf, ')');
	}
	return buf.data;
}

/* PostgresDatabase.generatePrimaryKeyName: <table>_pkey within 63 bytes */
static char *
sg_pk_name(const char *table)
{
	int			len = strlen(table);

	if (len <= 58)
		return psprintf("%s_pkey", table);
	len = pg_mbcliplen(table, len, 58);
	/* Liquibase then drops one character: the partial one, if it cut one */
	if (len == 58)
		len = pg_mbcliplen(table, len, len - 1);
	return psprintf("%.*s_pkey", len, table);
}

/*
 * An identifier token as written when it is a plain word PostgreSQL folds
 * to ident (so the text stays Liquibase's), else ident quoted as needed.
 */
static char *
sg_ident_as_written(const char *raw, const char *ident)
{
	int			len = 0;

	while (sg_word_char(raw[len]))
		len++;
	if (len > 0 && !isdigit((unsigned char) raw[0]) &&
		(size_t) len == strlen(ident) && pg_strncasecmp(raw, ident, len) == 0 &&
		strcmp(quote_identifier(ident), ident) == 0)
		return pnstrdup(raw, len);
	return pstrdup(quote_identifier(ident));
}

/*
 * createTable's constraints references="[schema.]table(col, ...)": Liquibase
 * prints it verbatim (prefixed with the default schema when it has no dot);
 * we print the same names, read as PostgreSQL reads them, quoted as needed.
 */
static char *
sg_references(SgCtx *x, const char *refs)
{
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	List	   *names = NIL;
	List	   *cols = NIL;
	int			tok;
	int			state = 0;		/* 0 name, 1 after name, 2 col, 3 after col, 4 done */
	StringInfoData buf;
	ListCell   *lc;

	scanner = scanner_init(refs, &yyextra, &ScanKeywords, ScanKeywordTokens);
	while ((tok = core_yylex(&yylval, &yylloc, scanner)) != 0)
	{
		char	   *ident = NULL;

		if (tok == IDENT)
			ident = pstrdup(yylval.str);
		else if (tok > 255 && yylval.keyword != NULL &&
				 ScanKeywordLookup(yylval.keyword, &ScanKeywords) >= 0)
			ident = pstrdup(yylval.keyword);
		if (ident)
			ident = sg_ident_as_written(refs + yylloc, ident);
		if (state == 0 && ident)
		{
			names = lappend(names, ident);
			state = 1;
		}
		else if (state == 1 && tok == '.' && list_length(names) == 1)
			state = 0;
		else if (state == 1 && tok == '(')
			state = 2;
		else if (state == 2 && ident)
		{
			cols = lappend(cols, ident);
			state = 3;
		}
		else if (state == 3 && tok == ',')
			state = 2;
		else if (state == 3 && tok == ')')
			state = 4;
		else
		{
			state = -1;
			break;
		}
	}
	scanner_finish(scanner);
	if (state != 4)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "invalid references \"%s\"", refs);
	initStringInfo(&buf);
	if (list_length(names) == 2)
		appendStringInfo(&buf, "%s.%s", (char *) linitial(names),
						 (char *) lsecond(names));
	else
		appendStringInfo(&buf, "%s.%s", sg_default_schema_sql(x),
						 (char *) linitial(names));
	appendStringInfoChar(&buf, '(');
	foreach(lc, cols)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, (char *) lfirst(lc));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

/* Java's \w */
static bool
sg_word_char(char c)
{
	return isalnum((unsigned char) c) || c == '_';
}

/*
 * addColumn's references: AddColumnGenerator.REFERENCE_PATTERN
 * "([\w\._]+)\s*\(\s*([\w_]+)\s*\)", the table split at its dot.
 */
static void
sg_add_column_references(SgCtx *x, const char *refs, char **schema,
						 char **table, char **col)
{
	const char *p = refs;
	const char *t0,
			   *t1,
			   *c0,
			   *c1;

	t0 = p;
	while (sg_word_char(*p) || *p == '.')
		p++;
	t1 = p;
	while (sg_java_space(*p))
		p++;
	if (t1 == t0 || *p++ != '(')
		goto bad;
	while (sg_java_space(*p))
		p++;
	c0 = p;
	while (sg_word_char(*p))
		p++;
	c1 = p;
	while (sg_java_space(*p))
		p++;
	if (c1 == c0 || *p++ != ')' || *p != '\0')
		goto bad;
	*table = pnstrdup(t0, t1 - t0);
	*col = pnstrdup(c0, c1 - c0);
	*schema = NULL;
	{
		char	   *dot = strchr(*table, '.');

		if (dot != NULL && dot > *table)
		{
			char	   *dot2 = strchr(dot + 1, '.');

			*schema = pnstrdup(*table, dot - *table);
			*table = dot2 ? pnstrdup(dot + 1, dot2 - dot - 1) : pstrdup(dot + 1);
		}
	}
	return;
bad:
	sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
			 "don't know how to find table and column names from \"%s\"", refs);
}

/* an ON DELETE / ON UPDATE rule, as written */
static const char *
sg_fk_rule(SgCtx *x, const char *attr, const char *rule)
{
	static const char *const rules[] = {
		"cascade", "set null", "set default", "restrict", "no action", NULL
	};
	StringInfoData norm;
	char	   *l = sg_lower(sg_trim(rule));
	bool		space = false;

	initStringInfo(&norm);
	for (char *p = l; *p; p++)
	{
		if (isspace((unsigned char) *p))
			space = true;
		else
		{
			if (space && norm.len > 0)
				appendStringInfoChar(&norm, ' ');
			space = false;
			appendStringInfoChar(&norm, *p);
		}
	}
	for (int i = 0; rules[i]; i++)
		if (strcmp(norm.data, rules[i]) == 0)
			return rule;
	sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
			 "invalid %s \"%s\"", attr, rule);
}

/* AddForeignKeyConstraintGenerator */
static char *
sg_add_fk_sql(SgCtx *x, const char *name, const char *base_schema,
			  const char *base_table, const char *base_cols,
			  const char *ref_schema, const char *ref_table,
			  const char *ref_cols, const char *on_update,
			  const char *on_delete, bool deferrable, bool initially_deferred,
			  bool validate)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (%s)",
					 sg_qname(x, base_schema, base_table),
					 name ? sg_ident(x, name) : "null",
					 sg_col_list(x, base_cols),
					 sg_qname(x, ref_schema, ref_table),
					 sg_col_list(x, ref_cols));
	if (on_update != NULL)
		appendStringInfo(&buf, " ON UPDATE %s", sg_fk_rule(x, "onUpdate", on_update));
	if (on_delete != NULL)
		appendStringInfo(&buf, " ON DELETE %s", sg_fk_rule(x, "onDelete", on_delete));
	if (deferrable)
		appendStringInfoString(&buf, " DEFERRABLE");
	if (initially_deferred)
		appendStringInfoString(&buf, " INITIALLY DEFERRED");
	if (!validate)
		appendStringInfoString(&buf, " NOT VALID");
	return buf.data;
}

/* AddUniqueConstraintGenerator */
static char *
sg_add_unique_sql(SgCtx *x, const char *schema, const char *table,
				  const char *cols, const char *name, bool clustered,
				  bool deferrable, bool initially_deferred,
				  const char *for_index_schema, const char *for_index,
				  const char *tablespace)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "ALTER TABLE %s ADD ", sg_qname(x, schema, table));
	if (name != NULL)
		appendStringInfo(&buf, "CONSTRAINT %s ", sg_ident(x, name));
	appendStringInfo(&buf, "UNIQUE%s(%s)", clustered ? " CLUSTERED " : " ",
					 sg_col_list(x, cols));
	if (deferrable)
		appendStringInfoString(&buf, " DEFERRABLE");
	if (initially_deferred)
		appendStringInfoString(&buf, " INITIALLY DEFERRED");
	if (for_index != NULL)
		appendStringInfo(&buf, " USING INDEX %s", sg_qname(x, for_index_schema, for_index));
	if (sg_trim_to_null(tablespace) != NULL)
		appendStringInfo(&buf, "%s TABLESPACE %s",
						 for_index ? "" : " USING INDEX",
						 sg_sql_ident(x, "tablespace", tablespace));
	return buf.data;
}

/* SetNullableGenerator: note the two spaces after ALTER COLUMN */
static char *
sg_set_nullable_sql(SgCtx *x, const char *schema, const char *table,
					const char *column, bool nullable)
{
	return psprintf("ALTER TABLE %s ALTER COLUMN  %s %s",
					sg_qname(x, schema, table), sg_ident(x, column),
					nullable ? "DROP NOT NULL" : "SET NOT NULL");
}

static char *
sg_comment_column_sql(SgCtx *x, const char *schema, const char *table,
					  const char *column, const char *remarks)
{
	return psprintf("COMMENT ON COLUMN %s.%s IS %s",
					sg_qname(x, schema, table), sg_ident(x, column),
					sg_literal(sg_trim(remarks)));
}

/* The DO block dropPrimaryKey runs when it has no constraint name. */
static char *
sg_drop_unnamed_pk_sql(SgCtx *x, const char *schema, const char *table)
{
	const char *s = sg_trim_to_null(schema) ? sg_trim_to_null(schema) : sg_current_schema(x);
	char	   *cs = sg_correct_name(x, s);
	char	   *ct = sg_correct_name(x, table);
	char	   *exec;
	char	   *body;
	char	   *tag;

	/* the name from the catalog quoted (Liquibase writes '"' || name || '"') */
	exec = psprintf("alter table %s.%s drop constraint ",
					sg_trim_to_null(schema) ? sg_ident(x, cs) : sg_default_schema_sql(x),
					sg_ident(x, ct));
	body = psprintf(" DECLARE constraint_name varchar;\n"
					"BEGIN\n"
					"  SELECT tc.CONSTRAINT_NAME into strict constraint_name\n"
					"    FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc\n"
					"    WHERE CONSTRAINT_TYPE = 'PRIMARY KEY'\n"
					"      AND TABLE_NAME = %s AND TABLE_SCHEMA = %s;\n"
					"    EXECUTE %s || quote_ident(constraint_name);\n"
					"END ",
					sg_literal(ct), sg_literal(cs), sg_literal(exec));
	tag = sg_dollar_quote(body);
	return psprintf("DO %s%s%s", tag, body, tag);
}

/* ---------- tables and columns ---------- */

typedef struct SgUnique
{
	char	   *name;
	List	   *cols;
} SgUnique;

static List *
sg_create_table(SgCtx *x)
{
	const char *table = sg_req(x, "tableName");
	const char *schema = sg_attr(x, "schemaName");
	const char *table_type = sg_attr(x, "tableType");
	const char *tablespace = sg_trim_to_null(sg_attr(x, "tablespace"));
	const char *remarks = sg_trim_to_null(sg_attr(x, "remarks"));
	List	   *columns = sg_columns(x);
	List	   *parts = NIL;
	List	   *pk_cols = NIL;
	const ClNode *pk_first = NULL;
	List	   *fks = NIL;
	List	   *uniques = NIL;
	List	   *stmts = NIL;
	StringInfoData buf;
	ListCell   *lc;
	bool		temp = false;

	if (columns == NIL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "createTable requires at least one column");

	/* the primary key columns, in declaration order */
	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		ClNode	   *cons = cl_node_get(col, "constraints");

		if (sg_bool(cons, "primaryKey") == 1)
		{
			pk_cols = lappend(pk_cols, (char *) cl_node_str(col, "name"));
			if (pk_first == NULL)
				pk_first = cons;
		}
	}

	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		ClNode	   *cons = cl_node_get(col, "constraints");
		const char *name = cl_node_str(col, "name");
		const char *type = cl_node_str(col, "type");
		bool		autoinc = sg_bool(col, "autoIncrement") == 1;
		bool		computed = sg_bool(col, "computed") == 1;
		bool		pk = sg_bool(cons, "primaryKey") == 1;
		bool		notnull = pk || sg_bool(cons, "nullable") == 0;
		SgType	   *t = NULL;
		char	   *tsql = NULL;
		SgVal		dflt = sg_default_of(x, col);
		StringInfoData cb;

		if (name == NULL)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "createTable requires a name on every column");
		if (type != NULL)
		{
			t = sg_parse_type(x, autoinc ? psprintf("%s{autoIncrement:true}", type) : type);
			autoinc |= t->autoinc;
			tsql = sg_type_sql(x, t);
		}
		initStringInfo(&cb);
		appendStringInfoString(&cb, sg_col_fn(x, name, t != NULL && !computed));
		if (tsql != NULL)
			appendStringInfo(&cb, " %s", tsql);
		if (t != NULL && dflt.kind != SGV_NONE)
		{
			char	   *vs = sg_java_string(x, &dflt);

			if (strncmp(vs, "GENERATED ALWAYS ", 17) == 0 ||
				strstr(vs, "IDENTITY GENERATED BY DEFAULT") != NULL)
				appendStringInfoChar(&cb, ' ');
			else
				appendStringInfoString(&cb, " DEFAULT ");
			appendStringInfoString(&cb, sg_typed_sql(x, t, &dflt));
		}
		if (autoinc)
		{
			int			len = cb.len;

			if (!(len >= 6 && pg_strcasecmp(cb.data + len - 6, "serial") == 0))
				appendStringInfo(&cb, " %s", sg_autoinc_clause(x, col, "startWith"));
		}
		if (notnull)
			appendStringInfoString(&cb, " NOT NULL");
		parts = lappend(parts, cb.data);

		if (cons != NULL)
		{
			const char *refs = cl_node_str(cons, "references");
			const char *rtable = cl_node_str(cons, "referencedTableName");
			const char *rcols = cl_node_str(cons, "referencedColumnNames");

			if (refs != NULL || (rtable != NULL && rcols != NULL))
			{
				const char *fkname = cl_node_str(cons, "foreignKeyName");
				StringInfoData fb;

				if (sg_trim_to_null(fkname) == NULL)
					sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
							 "createTable with references requires foreignKeyName");
				initStringInfo(&fb);
				appendStringInfo(&fb, "CONSTRAINT %s FOREIGN KEY (%s) REFERENCES ",
								 sg_ident(x, fkname), sg_ident(x, name));
				if (refs != NULL)
					appendStringInfoString(&fb, sg_references(x, refs));
				else
					appendStringInfo(&fb, "%s(%s)",
									 sg_qname(x, cl_node_str(cons, "referencedTableSchemaName"), rtable),
									 sg_col_list(x, rcols));
				if (sg_bool(cons, "deleteCascade") == 1)
					appendStringInfoString(&fb, " ON DELETE CASCADE");
				if (sg_bool(cons, "initiallyDeferred") == 1)
					appendStringInfoString(&fb, " INITIALLY DEFERRED");
				if (sg_bool(cons, "deferrable") == 1)
					appendStringInfoString(&fb, " DEFERRABLE");
				fks = lappend(fks, fb.data);
			}
			if (sg_bool(cons, "unique") == 1)
			{
				const char *uname = cl_node_str(cons, "uniqueConstraintName");
				SgUnique   *u = NULL;
				ListCell   *uc;

				if (uname != NULL)
				{
					foreach(uc, uniques)
					{
						SgUnique   *e = (SgUnique *) lfirst(uc);

						if (e->name && strcmp(e->name, uname) == 0)
							u = e;
					}
				}
				if (u == NULL)
				{
					u = palloc0(sizeof(SgUnique));
					u->name = uname ? pstrdup(uname) : NULL;
					uniques = lappend(uniques, u);
				}
				u->cols = lappend(u->cols, (char *) name);
			}
		}
	}

	if (pk_cols != NIL)
	{
		const char *pkname = sg_trim_to_null(cl_node_str(pk_first, "primaryKeyName"));
		const char *pkts = cl_node_str(pk_first, "primaryKeyTablespace");
		StringInfoData pb;
		StringInfoData cl;

		initStringInfo(&cl);
		foreach(lc, pk_cols)
		{
			if (foreach_current_index(lc) > 0)
				appendStringInfoString(&cl, ", ");
			appendStringInfoString(&cl, (char *) lfirst(lc));
		}
		initStringInfo(&pb);
		appendStringInfo(&pb, "CONSTRAINT %s PRIMARY KEY (%s)",
						 sg_ident(x, pkname ? pkname : sg_pk_name(table)),
						 sg_col_list(x, cl.data));
		if (sg_trim_to_null(pkts) != NULL)
			appendStringInfo(&pb, " USING INDEX TABLESPACE %s",
							 sg_sql_ident(x, "tablespace", pkts));
		if (sg_bool(pk_first, "validatePrimaryKey") == 0)
			appendStringInfoString(&pb, " ENABLE NOVALIDATE");
		if (sg_bool(pk_first, "initiallyDeferred") == 1)
			appendStringInfoString(&pb, " INITIALLY DEFERRED");
		if (sg_bool(pk_first, "deferrable") == 1)
			appendStringInfoString(&pb, " DEFERRABLE");
		parts = lappend(parts, pb.data);
	}
	parts = list_concat(parts, fks);
	/* unnamed unique constraints first, then the named ones */
	for (int pass = 0; pass < 2; pass++)
	{
		foreach(lc, uniques)
		{
			SgUnique   *u = (SgUnique *) lfirst(lc);
			StringInfoData ub;
			StringInfoData cl;
			ListCell   *cc;

			if ((u->name == NULL) != (pass == 0))
				continue;
			initStringInfo(&cl);
			foreach(cc, u->cols)
			{
				if (foreach_current_index(cc) > 0)
					appendStringInfoString(&cl, ", ");
				appendStringInfoString(&cl, (char *) lfirst(cc));
			}
			initStringInfo(&ub);
			if (u->name)
				appendStringInfo(&ub, "CONSTRAINT %s ", sg_ident(x, u->name));
			appendStringInfo(&ub, "UNIQUE (%s)", sg_col_list(x, cl.data));
			parts = lappend(parts, ub.data);
		}
	}

	initStringInfo(&buf);
	appendStringInfoString(&buf, "CREATE ");
	if (table_type != NULL && sg_trim_to_null(table_type) != NULL)
	{
		char	   *tt = sg_upper(sg_trim(table_type));

		for (char *p = tt; *p; p++)
			if (!isalpha((unsigned char) *p) && *p != ' ' && *p != '_')
				sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
						 "invalid tableType \"%s\"", table_type);
		appendStringInfo(&buf, "%s ", tt);
		temp = strstr(sg_lower(tt), "temp") != NULL;
	}
	appendStringInfoString(&buf, "TABLE ");
	if (sg_bool(x->a, "ifNotExists") == 1)
		appendStringInfoString(&buf, "IF NOT EXISTS ");
	appendStringInfo(&buf, "%s (", temp ? sg_ident(x, table) : sg_qname(x, schema, table));
	foreach(lc, parts)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, (char *) lfirst(lc));
	}
	appendStringInfoChar(&buf, ')');
	if (tablespace != NULL)
		appendStringInfo(&buf, " TABLESPACE %s", sg_sql_ident(x, "tablespace", tablespace));
	stmts = sg_emit(stmts, buf.data);

	if (remarks != NULL)
		stmts = sg_emit(stmts, psprintf("COMMENT ON TABLE %s IS %s",
										sg_qname(x, schema, table),
										sg_literal(remarks)));
	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		const char *r = sg_trim_to_null(cl_node_str(col, "remarks"));

		if (r != NULL)
			stmts = sg_emit(stmts, sg_comment_column_sql(x, schema, table,
														 cl_node_str(col, "name"), r));
	}
	return stmts;
}

static List *
sg_create_table_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP TABLE %s",
								 sg_qname(x, sg_attr(x, "schemaName"),
										  sg_req(x, "tableName"))));
}

static List *
sg_add_column(SgCtx *x)
{
	const char *table = sg_req(x, "tableName");
	const char *schema = sg_attr(x, "schemaName");
	List	   *columns = sg_columns(x);
	List	   *adds = NIL;
	List	   *updates = NIL;
	List	   *notnulls = NIL;
	List	   *stmts;
	ListCell   *lc;

	if (columns == NIL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "addColumn requires at least one column");
	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		ClNode	   *cons = cl_node_get(col, "constraints");
		const char *name = cl_node_str(col, "name");
		const char *type = cl_node_str(col, "type");
		bool		autoinc = sg_bool(col, "autoIncrement") == 1;
		bool		pk = sg_bool(cons, "primaryKey") == 1;
		bool		nn = sg_bool(cons, "nullable") == 0;
		SgVal		value = sg_value_of(x, col);
		SgVal		dflt = sg_default_of(x, col);
		StringInfoData buf;
		SgType	   *t = NULL;

		if (sg_trim_to_null(name) == NULL)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "addColumn requires a name on every column");
		if (type == NULL && sg_bool(col, "computed") != 1)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "addColumn requires a type on column \"%s\"", name);
		if (cl_node_str(col, "afterColumn") != NULL ||
			cl_node_str(col, "beforeColumn") != NULL ||
			cl_node_str(col, "position") != NULL)
			sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
					 "afterColumn, beforeColumn and position are not allowed on postgresql");

		initStringInfo(&buf);
		appendStringInfo(&buf, "ALTER TABLE %s ADD %s",
						 sg_qname(x, schema, table), sg_ident(x, name));
		if (type != NULL)
		{
			t = sg_parse_type(x, autoinc ? psprintf("%s{autoIncrement:true}", type) : type);
			appendStringInfo(&buf, " %s", sg_type_sql(x, t));
		}
		if (autoinc)
			appendStringInfo(&buf, " %s", sg_autoinc_clause(x, col, "startWith"));
		if (dflt.kind != SGV_NONE)
		{
			if (dflt.kind == SGV_FUNCTION || dflt.kind == SGV_SEQNEXT)
				appendStringInfo(&buf, " DEFAULT %s", sg_value_sql(x, &dflt));
			else
			{
				if (t == NULL)
					sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
							 "addColumn requires a type on column \"%s\" to render its default value", name);
				appendStringInfo(&buf, " DEFAULT %s",
								 sg_typed_sql(x, sg_parse_type(x, type), &dflt));
			}
		}
		/* NOT NULL here unless a value is set first (then SET NOT NULL after) */
		if (pk || (nn && value.kind == SGV_NONE))
		{
			const char *nnname = (nn && value.kind == SGV_NONE) ?
				cl_node_str(cons, "notNullConstraintName") : NULL;

			if (nnname != NULL && nnname[0] != '\0')
				appendStringInfo(&buf, " CONSTRAINT %s", sg_ident(x, nnname));
			appendStringInfoString(&buf, " NOT NULL");
		}
		if (pk)
			appendStringInfoString(&buf, " PRIMARY KEY");
		adds = sg_emit(adds, buf.data);

		if (sg_bool(cons, "unique") == 1)
			adds = sg_emit(adds, sg_add_unique_sql(x, schema, table, name,
												   cl_node_str(cons, "uniqueConstraintName"),
												   false, false, false, NULL, NULL, NULL));
		if (cons != NULL)
		{
			const char *refs = cl_node_str(cons, "references");
			const char *rtable = cl_node_str(cons, "referencedTableName");
			const char *rcols = cl_node_str(cons, "referencedColumnNames");

			if (refs != NULL || (rtable != NULL && rcols != NULL))
			{
				char	   *rschema = NULL;
				char	   *rt;
				char	   *rc;

				if (refs != NULL)
					sg_add_column_references(x, refs, &rschema, &rt, &rc);
				else
				{
					rt = pstrdup(rtable);
					rc = pstrdup(rcols);
					if (strchr(rt, '.') != NULL && rt[0] != '.')
					{
						char	   *dot = strchr(rt, '.');
						char	   *dot2 = strchr(dot + 1, '.');

						rschema = pnstrdup(rt, dot - rt);
						rt = dot2 ? pnstrdup(dot + 1, dot2 - dot - 1) : pstrdup(dot + 1);
					}
				}
				adds = sg_emit(adds, sg_add_fk_sql(x, cl_node_str(cons, "foreignKeyName"),
												   schema, table, name, rschema, rt, rc,
												   NULL,
												   sg_bool(cons, "deleteCascade") == 1 ? "CASCADE" : NULL,
												   false, false,
												   sg_bool(cons, "validateForeignKey") != 0));
			}
		}
		if (value.kind != SGV_NONE)
		{
			updates = sg_emit(updates, psprintf("UPDATE %s SET %s = %s",
												sg_qname(x, schema, table),
												sg_ident(x, name),
												sg_value_sql(x, &value)));
			if (nn)
				notnulls = sg_emit(notnulls, sg_set_nullable_sql(x, schema, table, name, false));
		}
	}
	stmts = list_concat(adds, updates);
	stmts = list_concat(stmts, notnulls);
	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		const char *r = sg_trim_to_null(cl_node_str(col, "remarks"));

		if (r != NULL)
			stmts = sg_emit(stmts, sg_comment_column_sql(x, schema, table,
														 cl_node_str(col, "name"), r));
	}
	return stmts;
}

static List *
sg_add_column_rb(SgCtx *x)
{
	List	   *stmts = NIL;
	ListCell   *lc;

	foreach(lc, sg_columns(x))
	{
		ClNode	   *col = (ClNode *) lfirst(lc);

		stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP COLUMN %s",
										sg_qname(x, sg_attr(x, "schemaName"),
												 sg_req(x, "tableName")),
										sg_ident(x, cl_node_str(col, "name"))));
	}
	return stmts;
}

static List *
sg_drop_column(SgCtx *x)
{
	const char *table = sg_req(x, "tableName");
	const char *schema = sg_attr(x, "schemaName");
	List	   *columns = sg_columns(x);
	List	   *stmts = NIL;
	ListCell   *lc;

	if (columns == NIL)
		return sg_emit(NIL, psprintf("ALTER TABLE %s DROP COLUMN %s",
									 sg_qname(x, schema, table),
									 sg_ident(x, sg_req(x, "columnName"))));
	foreach(lc, columns)
		stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP COLUMN %s",
										sg_qname(x, schema, table),
										sg_ident(x, cl_node_str((ClNode *) lfirst(lc), "name"))));
	return stmts;
}

static List *
sg_rename_column(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME COLUMN %s TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, sg_req(x, "oldColumnName")),
								 sg_ident(x, sg_req(x, "newColumnName"))));
}

static List *
sg_rename_column_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME COLUMN %s TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, sg_req(x, "newColumnName")),
								 sg_ident(x, sg_req(x, "oldColumnName"))));
}

static List *
sg_modify_data_type(SgCtx *x)
{
	char	   *col = sg_ident(x, sg_req(x, "columnName"));
	char	   *type = sg_type_sql(x, sg_parse_type(x, sg_req(x, "newDataType")));

	return sg_emit(NIL, psprintf("ALTER TABLE %s ALTER COLUMN %s TYPE %s USING (%s::%s)",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 col, type, col, type));
}

static List *
sg_rename_table(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "oldTableName")),
								 sg_ident(x, sg_req(x, "newTableName"))));
}

static List *
sg_rename_table_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "newTableName")),
								 sg_ident(x, sg_req(x, "oldTableName"))));
}

static List *
sg_drop_table(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP TABLE %s%s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_bool(x->a, "cascadeConstraints") == 1 ? " CASCADE" : ""));
}

static List *
sg_merge_columns(SgCtx *x)
{
	const char *table = sg_req(x, "tableName");
	const char *schema = sg_attr(x, "schemaName");
	const char *fin = sg_req(x, "finalColumnName");
	const char *join = sg_attr(x, "joinString");
	List	   *stmts = NIL;

	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s ADD %s %s",
									sg_qname(x, schema, table), sg_ident(x, fin),
									sg_type_sql(x, sg_parse_type(x, sg_req(x, "finalColumnType")))));
	stmts = sg_emit(stmts, psprintf("UPDATE %s SET %s = %s || %s || %s",
									sg_qname(x, schema, table), sg_ident(x, fin),
									sg_ident(x, sg_req(x, "column1Name")),
									sg_literal(join ? join : "null"),
									sg_ident(x, sg_req(x, "column2Name"))));
	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP COLUMN %s",
									sg_qname(x, schema, table),
									sg_ident(x, sg_req(x, "column1Name"))));
	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP COLUMN %s",
									sg_qname(x, schema, table),
									sg_ident(x, sg_req(x, "column2Name"))));
	return stmts;
}

static List *
sg_set_table_remarks(SgCtx *x)
{
	const char *r = sg_attr(x, "remarks");

	return sg_emit(NIL, psprintf("COMMENT ON TABLE %s IS %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_literal(r ? sg_trim(r) : "")));
}

static List *
sg_set_column_remarks(SgCtx *x)
{
	const char *r = sg_attr(x, "remarks");

	return sg_emit(NIL, sg_comment_column_sql(x, sg_attr(x, "schemaName"),
											  sg_req(x, "tableName"),
											  sg_req(x, "columnName"),
											  r ? r : ""));
}

static char *
sg_lookup_fk_name(SgCtx *x)
{
	const char *name = sg_attr(x, "constraintName");

	if (name != NULL)
		return pstrdup(name);
	return psprintf("FK_%s_%s", sg_upper(sg_req(x, "existingTableName")),
					sg_upper(sg_req(x, "newTableName")));
}

static List *
sg_add_lookup_table(SgCtx *x)
{
	const char *etable = sg_req(x, "existingTableName");
	const char *eschema = sg_attr(x, "existingTableSchemaName");
	const char *ecol = sg_req(x, "existingColumnName");
	const char *ntable = sg_req(x, "newTableName");
	const char *nschema = sg_attr(x, "newTableSchemaName");
	const char *ncol = sg_req(x, "newColumnName");
	List	   *stmts = NIL;

	stmts = sg_emit(stmts, psprintf("CREATE TABLE %s AS SELECT DISTINCT %s AS %s FROM %s WHERE %s IS NOT NULL",
									sg_qname(x, nschema, ntable), sg_ident(x, ecol),
									sg_ident(x, ncol), sg_qname(x, eschema, etable),
									sg_ident(x, ecol)));
	stmts = sg_emit(stmts, sg_set_nullable_sql(x, nschema, ntable, ncol, false));
	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s ADD PRIMARY KEY (%s)",
									sg_qname(x, nschema, ntable), sg_col_list(x, ncol)));
	stmts = sg_emit(stmts, sg_add_fk_sql(x, sg_lookup_fk_name(x), eschema, etable,
										 ecol, nschema, ntable, ncol, NULL, NULL,
										 false, false, true));
	return stmts;
}

static List *
sg_add_lookup_table_rb(SgCtx *x)
{
	List	   *stmts = NIL;

	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
									sg_qname(x, sg_attr(x, "existingTableSchemaName"),
											 sg_req(x, "existingTableName")),
									sg_ident(x, sg_lookup_fk_name(x))));
	stmts = sg_emit(stmts, psprintf("DROP TABLE %s",
									sg_qname(x, sg_attr(x, "newTableSchemaName"),
											 sg_req(x, "newTableName"))));
	return stmts;
}

/* ---------- constraints and defaults ---------- */

static List *
sg_add_primary_key(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *name = sg_attr(x, "constraintName");
	const char *cols = sg_req(x, "columnNames");
	const char *ts = sg_attr(x, "tablespace");
	StringInfoData buf;
	List	   *stmts;

	initStringInfo(&buf);
	if (name == NULL)
		appendStringInfo(&buf, "ALTER TABLE %s ADD PRIMARY KEY (%s)",
						 sg_qname(x, schema, table), sg_col_list(x, cols));
	else
		appendStringInfo(&buf, "ALTER TABLE %s ADD CONSTRAINT %s PRIMARY KEY (%s)",
						 sg_qname(x, schema, table), sg_ident(x, name),
						 sg_col_list(x, cols));
	if (sg_trim_to_null(ts) != NULL)
		appendStringInfo(&buf, " USING INDEX TABLESPACE %s",
						 sg_sql_ident(x, "tablespace", ts));
	stmts = sg_emit(NIL, buf.data);
	if (sg_bool(x->a, "clustered") == 1 && name != NULL)
		stmts = sg_emit(stmts, psprintf("CLUSTER %s USING %s",
										sg_qname(x, schema, table), sg_ident(x, name)));
	return stmts;
}

static List *
sg_add_primary_key_rb(SgCtx *x)
{
	const char *name = sg_attr(x, "constraintName");

	if (name == NULL)
		return sg_emit(NIL, sg_drop_unnamed_pk_sql(x, sg_attr(x, "schemaName"),
												   sg_req(x, "tableName")));
	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, name)));
}

static List *
sg_drop_primary_key(SgCtx *x)
{
	const char *name = sg_attr(x, "constraintName");

	if (name == NULL)
		return sg_emit(NIL, sg_drop_unnamed_pk_sql(x, sg_attr(x, "schemaName"),
												   sg_req(x, "tableName")));
	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, name)));
}

/*
 * AddForeignKeyConstraintChange: its attributes are set in a fixed order, so
 * deleteCascade, applied after onDelete, replaces it: true gives CASCADE
 * only when no onDelete was given, and otherwise (or when false) no rule.
 */
static List *
sg_add_foreign_key(SgCtx *x)
{
	const char *on_delete = sg_attr(x, "onDelete");
	int			cascade = sg_bool(x->a, "deleteCascade");

	if (cascade == 1)
		on_delete = on_delete == NULL ? "CASCADE" : NULL;
	else if (cascade == 0)
		on_delete = NULL;
	return sg_emit(NIL, sg_add_fk_sql(x, sg_req(x, "constraintName"),
									  sg_attr(x, "baseTableSchemaName"),
									  sg_req(x, "baseTableName"),
									  sg_req(x, "baseColumnNames"),
									  sg_attr(x, "referencedTableSchemaName"),
									  sg_req(x, "referencedTableName"),
									  sg_req(x, "referencedColumnNames"),
									  sg_attr(x, "onUpdate"), on_delete,
									  sg_bool(x->a, "deferrable") == 1,
									  sg_bool(x->a, "initiallyDeferred") == 1,
									  sg_bool(x->a, "validate") != 0));
}

static List *
sg_add_foreign_key_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "baseTableSchemaName"),
										  sg_req(x, "baseTableName")),
								 sg_ident(x, sg_req(x, "constraintName"))));
}

static List *
sg_drop_foreign_key(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "baseTableSchemaName"),
										  sg_req(x, "baseTableName")),
								 sg_ident(x, sg_req(x, "constraintName"))));
}

/*
 * dropAllForeignKeyConstraints: one DROP CONSTRAINT per foreign key whose
 * base table is the table, read from the live catalog (Liquibase's
 * snapshot, ordered like JDBC's getImportedKeys); nothing when the table
 * does not exist.
 */
static List *
sg_drop_all_foreign_keys(SgCtx *x)
{
	const char *table = sg_req(x, "baseTableName");
	const char *schema = sg_attr(x, "baseTableSchemaName");
	const char *nsp = sg_trim_to_null(schema) ? sg_correct_name(x, sg_trim(schema))
		: sg_current_schema(x);
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	List	   *names = NIL;
	List	   *stmts = NIL;
	ListCell   *lc;
	int			rc;

	values[0] = CStringGetTextDatum(nsp);
	values[1] = CStringGetTextDatum(sg_correct_name(x, table));
	rc = SPI_execute_with_args(
							   "SELECT c.conname::pg_catalog.text"
							   "  FROM pg_catalog.pg_constraint c"
							   "  JOIN pg_catalog.pg_class t ON t.oid OPERATOR(pg_catalog.=) c.conrelid"
							   "  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.relnamespace"
							   "  JOIN pg_catalog.pg_class r ON r.oid OPERATOR(pg_catalog.=) c.confrelid"
							   "  JOIN pg_catalog.pg_namespace rn ON rn.oid OPERATOR(pg_catalog.=) r.relnamespace"
							   " WHERE c.contype OPERATOR(pg_catalog.=) 'f'"
							   "   AND n.nspname OPERATOR(pg_catalog.=) $1"
							   "   AND t.relname OPERATOR(pg_catalog.=) $2"
							   " ORDER BY rn.nspname, r.relname, c.conname",
							   2, argtypes, values, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
	for (uint64 i = 0; i < SPI_processed; i++)
		names = lappend(names, SPI_getvalue(SPI_tuptable->vals[i],
											SPI_tuptable->tupdesc, 1));
	SPI_freetuptable(SPI_tuptable);
	foreach(lc, names)
		stmts = sg_emit(stmts, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
										sg_qname(x, schema, table),
										quote_identifier((char *) lfirst(lc))));
	return stmts;
}

static List *
sg_add_unique(SgCtx *x)
{
	return sg_emit(NIL, sg_add_unique_sql(x, sg_attr(x, "schemaName"),
										  sg_req(x, "tableName"),
										  sg_req(x, "columnNames"),
										  sg_attr(x, "constraintName"),
										  sg_bool(x->a, "clustered") == 1,
										  sg_bool(x->a, "deferrable") == 1,
										  sg_bool(x->a, "initiallyDeferred") == 1,
										  sg_attr(x, "forIndexSchemaName"),
										  sg_attr(x, "forIndexName"),
										  sg_attr(x, "tablespace")));
}

static List *
sg_drop_constraint_rb(SgCtx *x)
{
	const char *name = sg_attr(x, "constraintName");

	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 name ? sg_ident(x, name) : "null"));
}

static List *
sg_drop_unique(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s DROP CONSTRAINT %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, sg_req(x, "constraintName"))));
}

static List *
sg_add_not_null(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *column = sg_req(x, "columnName");
	const char *dnv = sg_attr(x, "defaultNullValue");
	const char *type = sg_attr(x, "columnDataType");
	List	   *stmts = NIL;

	if (dnv != NULL && pg_strcasecmp(dnv, "null") != 0)
	{
		SgVal		v = sg_val(SGV_STRING, dnv);

		if (type != NULL)
		{
			SgType	   *t = sg_parse_type(x, type);

			if (t->cls == TC_BOOLEAN)
			{
				char	   *b = sg_boolean_string_sql(x, dnv);

				if (strstr(sg_lower(type), "bit") != NULL)
				{
					char	   *l = sg_lower(b);
					int			n = 0;
					bool		truth = strcmp(l, "true") == 0 || strcmp(l, "t") == 0 ||
						strcmp(l, "yes") == 0 || strcmp(l, "y") == 0 ||
						(sg_parse_int(l, &n) && n > 0);

					v = sg_val(SGV_SQL, truth ? "B'1'" : "B'0'");
				}
				else
					v = sg_val(SGV_STRING, b);
			}
		}
		stmts = sg_emit(stmts, psprintf("UPDATE %s SET %s = %s WHERE %s IS NULL",
										sg_qname(x, schema, table),
										sg_ident(x, column),
										sg_value_sql(x, &v),
										sg_ident(x, column)));
	}
	return sg_emit(stmts, sg_set_nullable_sql(x, schema, table, column, false));
}

static List *
sg_add_not_null_rb(SgCtx *x)
{
	return sg_emit(NIL, sg_set_nullable_sql(x, sg_attr(x, "schemaName"),
											sg_req(x, "tableName"),
											sg_req(x, "columnName"), true));
}

static List *
sg_drop_not_null(SgCtx *x)
{
	return sg_add_not_null_rb(x);
}

static List *
sg_drop_not_null_rb(SgCtx *x)
{
	return sg_emit(NIL, sg_set_nullable_sql(x, sg_attr(x, "schemaName"),
											sg_req(x, "tableName"),
											sg_req(x, "columnName"), false));
}

/* AddDefaultValueChange + AddDefaultValueGeneratorPostgres */
static List *
sg_add_default_value(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *column = sg_req(x, "columnName");
	const char *type = sg_attr(x, "columnDataType");
	static const char *const dattrs[] = {
		"defaultValue", "defaultValueNumeric", "defaultValueBoolean",
		"defaultValueDate", "defaultValueComputed", "defaultValueSequenceNext", NULL
	};
	const char *s;
	SgVal		v;
	int			given = 0;
	List	   *stmts;

	for (int i = 0; dattrs[i]; i++)
		if (sg_attr(x, dattrs[i]) != NULL)
			given++;
	if (given > 1)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "only one defaultValue* value can be specified");
	if ((s = sg_attr(x, "defaultValue")) != NULL)
		v = sg_val(SGV_STRING, s);
	else if ((s = sg_attr(x, "defaultValueBoolean")) != NULL)
		v = sg_boolean_val(s);
	else if ((s = sg_attr(x, "defaultValueNumeric")) != NULL)
	{
		char	   *num;

		if (sg_java_number(s, &num))
			v = sg_val(SGV_NUMBER, num);
		else
		{
			sg_check_fragment(x, "defaultValueNumeric", s);
			v = sg_val(SGV_FUNCTION, s);
		}
	}
	else if ((s = sg_attr(x, "defaultValueDate")) != NULL)
		v = sg_date_val(x, s);
	else if ((s = sg_attr(x, "defaultValueComputed")) != NULL)
	{
		sg_check_fragment(x, "defaultValueComputed", s);
		v = sg_val(SGV_FUNCTION, s);
	}
	else if ((s = sg_attr(x, "defaultValueSequenceNext")) != NULL)
	{
		v = sg_val(SGV_SEQNEXT, s);
		v.schema = sg_trim_to_null(schema);
	}
	else
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "addDefaultValue requires a defaultValue* attribute");

	if (type != NULL)
	{
		SgType	   *t = sg_parse_type(x, type);
		bool		mismatch = false;

		if (t->cls == TC_BOOLEAN)
			mismatch = v.kind != SGV_BOOLEAN && v.kind != SGV_FUNCTION &&
				v.kind != SGV_SEQNEXT;
		else if (sg_is_char_class(t->cls))
			mismatch = v.kind != SGV_STRING && v.kind != SGV_FUNCTION &&
				v.kind != SGV_SEQNEXT;
		if (mismatch)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "default value of %s does not match defined type of %s",
					 sg_java_string(x, &v), type);
	}
	stmts = sg_emit(NIL, psprintf("ALTER TABLE %s ALTER COLUMN  %s SET DEFAULT %s",
								  sg_qname(x, schema, table), sg_ident(x, column),
								  sg_object_sql(x, &v)));
	if (v.kind == SGV_SEQNEXT)
		stmts = sg_emit(stmts, psprintf("ALTER SEQUENCE %s OWNED BY %s.%s",
										sg_qname(x, v.schema, v.text),
										sg_qname(x, schema, table),
										sg_ident(x, column)));
	return stmts;
}

static List *
sg_drop_default_value(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s ALTER COLUMN %s DROP DEFAULT",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_ident(x, sg_req(x, "columnName"))));
}

/* AddAutoIncrementChange on PostgreSQL: a sequence and a default */
static List *
sg_add_auto_increment(SgCtx *x)
{
	const char *schema = sg_trim_to_null(sg_attr(x, "schemaName"));
	const char *table = sg_req(x, "tableName");
	const char *column = sg_req(x, "columnName");
	char	   *seq = psprintf("%s_%s_seq", table, column);
	char	   *start = sg_bigint(x, x->a, "startWith");
	char	   *inc = sg_bigint(x, x->a, "incrementBy");
	StringInfoData buf;
	List	   *stmts = NIL;
	SgVal		v;

	sg_req(x, "columnDataType");
	if (sg_ident(x, table)[0] != '"' && sg_ident(x, column)[0] != '"')
		seq = sg_lower(seq);
	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE SEQUENCE  IF NOT EXISTS %s", sg_qname(x, schema, seq));
	if (start != NULL)
		appendStringInfo(&buf, " START WITH %s", start);
	if (inc != NULL)
		appendStringInfo(&buf, " INCREMENT BY %s", inc);
	stmts = sg_emit(stmts, buf.data);
	stmts = sg_emit(stmts, sg_set_nullable_sql(x, schema, table, column, false));
	v = sg_val(SGV_SEQNEXT, seq);
	v.schema = (char *) schema;
	stmts = sg_emit(stmts, psprintf("ALTER TABLE %s ALTER COLUMN  %s SET DEFAULT %s",
									sg_qname(x, schema, table), sg_ident(x, column),
									sg_seq_function(x, &v)));
	stmts = sg_emit(stmts, psprintf("ALTER SEQUENCE %s OWNED BY %s.%s",
									sg_qname(x, schema, seq),
									sg_qname(x, schema, table),
									sg_ident(x, column)));
	return stmts;
}

/* ---------- indexes ---------- */

static bool
sg_associated(SgCtx *x)
{
	ListCell   *lc;

	foreach(lc, sg_split_trim(sg_attr(x, "associatedWith")))
	{
		const char *a = (const char *) lfirst(lc);

		if (strcmp(a, "primaryKey") == 0 || strcmp(a, "uniqueConstraint") == 0 ||
			strcmp(a, "foreignKey") == 0)
			return true;
	}
	return false;
}

static List *
sg_create_index(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *name = sg_attr(x, "indexName");
	const char *ts = sg_attr(x, "tablespace");
	List	   *columns = sg_columns(x);
	StringInfoData buf;
	ListCell   *lc;
	List	   *stmts;

	if (columns == NIL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "createIndex requires at least one column");
	if (sg_associated(x))
		return NIL;
	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE %sINDEX ", sg_bool(x->a, "unique") == 1 ? "UNIQUE " : "");
	if (name != NULL)
		appendStringInfo(&buf, "%s ", sg_ident(x, name));
	appendStringInfo(&buf, "ON %s(", sg_qname(x, schema, table));
	foreach(lc, columns)
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		const char *cname = cl_node_str(col, "name");
		int			computed = sg_bool(col, "computed");

		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, ", ");
		if (cname == NULL)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "createIndex requires a name on every column");
		if (computed == -1)
			appendStringInfoString(&buf, sg_col_fn(x, cname, false));
		else if (computed == 1)
		{
			sg_check_fragment(x, "computed column", cname);
			appendStringInfoString(&buf, cname);
		}
		else
			appendStringInfoString(&buf, sg_ident(x, cname));
		if (sg_bool(col, "descending") == 1)
			appendStringInfoString(&buf, " DESC");
	}
	appendStringInfoChar(&buf, ')');
	if (sg_trim_to_null(ts) != NULL)
		appendStringInfo(&buf, " TABLESPACE %s", sg_sql_ident(x, "tablespace", ts));
	stmts = sg_emit(NIL, buf.data);
	if (sg_bool(x->a, "clustered") == 1)
		stmts = sg_emit(stmts, psprintf("CLUSTER %s USING %s",
										sg_qname(x, schema, table),
										name ? sg_ident(x, name) : "null"));
	return stmts;
}

static List *
sg_create_index_rb(SgCtx *x)
{
	const char *name = sg_attr(x, "indexName");

	return sg_emit(NIL, psprintf("DROP INDEX %s",
								 sg_qname(x, sg_attr(x, "schemaName"), name ? name : "null")));
}

static List *
sg_drop_index(SgCtx *x)
{
	const char *name = sg_req(x, "indexName");

	/* unlike createIndex, Liquibase 4.28 does not honour associatedWith here */
	return sg_emit(NIL, psprintf("DROP INDEX %s", sg_qname(x, sg_attr(x, "schemaName"), name)));
}

/* ---------- sequences ---------- */

static void
sg_sequence_options(SgCtx *x, StringInfo buf, bool create)
{
	const char *dt = sg_attr(x, "dataType");
	char	   *start = sg_bigint(x, x->a, "startValue");
	char	   *inc = sg_bigint(x, x->a, "incrementBy");
	char	   *min = sg_bigint(x, x->a, "minValue");
	char	   *max = sg_bigint(x, x->a, "maxValue");
	char	   *cache = sg_bigint(x, x->a, "cacheSize");
	int			cycle = sg_bool(x->a, "cycle");
	int			ordered = sg_bool(x->a, "ordered");

	if (dt != NULL)
	{
		sg_check_fragment(x, "dataType", dt);
		appendStringInfo(buf, " AS %s", dt);
	}
	if (create && start != NULL)
		appendStringInfo(buf, " START WITH %s", start);
	if (inc != NULL)
		appendStringInfo(buf, " INCREMENT BY %s", inc);
	if (min != NULL)
		appendStringInfo(buf, " MINVALUE %s", min);
	if (max != NULL)
		appendStringInfo(buf, " MAXVALUE %s", max);
	if (create)
	{
		if (cache != NULL && strcmp(cache, "0") != 0)
			appendStringInfo(buf, " CACHE %s", cache);
		if (cycle == 1)
			appendStringInfoString(buf, " CYCLE");
	}
	else
	{
		if (ordered != -1)
			appendStringInfoString(buf, ordered ? " ORDER " : " NOORDER ");
		if (cache != NULL)
		{
			if (strcmp(cache, "0") == 0)
				appendStringInfoString(buf, " NOCACHE ");
			else
				appendStringInfo(buf, " CACHE %s", cache);
		}
		if (cycle != -1)
			appendStringInfoString(buf, cycle ? " CYCLE " : " NO CYCLE ");
	}
}

static List *
sg_create_sequence(SgCtx *x)
{
	StringInfoData buf;

	if (sg_attr(x, "ordered") != NULL)
		sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "ordered is not allowed on postgresql");
	initStringInfo(&buf);
	appendStringInfo(&buf, "CREATE SEQUENCE  IF NOT EXISTS %s",
					 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "sequenceName")));
	sg_sequence_options(x, &buf, true);
	return sg_emit(NIL, buf.data);
}

static List *
sg_create_sequence_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP SEQUENCE %s CASCADE",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "sequenceName"))));
}

static List *
sg_alter_sequence(SgCtx *x)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "ALTER SEQUENCE %s",
					 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "sequenceName")));
	sg_sequence_options(x, &buf, false);
	return sg_emit(NIL, buf.data);
}

static List *
sg_drop_sequence(SgCtx *x)
{
	return sg_create_sequence_rb(x);
}

static List *
sg_rename_sequence(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER SEQUENCE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "oldSequenceName")),
								 sg_ident(x, sg_req(x, "newSequenceName"))));
}

static List *
sg_rename_sequence_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER SEQUENCE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "newSequenceName")),
								 sg_ident(x, sg_req(x, "oldSequenceName"))));
}

/* ---------- views and procedures ---------- */

/* the body of a createView / createProcedure: the file or the text */
static char *
sg_body(SgCtx *x, const char *field)
{
	if (sg_attr(x, "path") != NULL)
	{
		const char *t = x->c->file_text_expanded ? x->c->file_text_expanded : x->c->file_text;

		if (t == NULL)
			sg_error(x, ERRCODE_UNDEFINED_FILE,
					 "the file \"%s\" of %s was not read", sg_attr(x, "path"), x->c->type);
		return pstrdup(t);
	}
	return sg_trim_to_null(sg_attr(x, field));
}

static List *
sg_create_view(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *view = sg_req(x, "viewName");
	char	   *query = sg_body(x, "selectQuery");
	bool		replace = sg_bool(x->a, "replaceIfExists") == 1;
	const char *remarks = sg_trim_to_null(sg_attr(x, "remarks"));
	List	   *stmts;
	char	   *sql;

	if (query == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "createView requires a query");
	query = sg_trim(query);
	if (sg_bool(x->a, "fullDefinition") == 1)
	{
		sql = query;
		if (replace && strstr(sg_upper(query), "OR REPLACE") == NULL)
		{
			/* StringClauses.replace("CREATE", "CREATE OR REPLACE") */
			char	   *uq = sg_upper(query);
			char	   *p = strstr(uq, "CREATE");

			if (p != NULL)
			{
				int			off = p - uq;

				sql = psprintf("%.*sCREATE OR REPLACE%s", off, query, query + off + 6);
			}
		}
	}
	else
		sql = psprintf("CREATE %sVIEW %s AS %s",
					   replace && strstr(sg_upper(query), "OR REPLACE") == NULL ? "OR REPLACE " : "",
					   sg_qname(x, schema, view), query);
	stmts = sg_emit(NIL, sql);
	if (remarks != NULL)
		stmts = sg_emit(stmts, psprintf("COMMENT ON VIEW %s IS %s",
										sg_qname(x, schema, view),
										sg_literal(remarks)));
	return stmts;
}

static List *
sg_create_view_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP VIEW %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "viewName"))));
}

static List *
sg_drop_view(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP VIEW %s%s",
								 sg_bool(x->a, "ifExists") == 1 ? "IF EXISTS " : "",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "viewName"))));
}

static List *
sg_rename_view(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "oldViewName")),
								 sg_ident(x, sg_req(x, "newViewName"))));
}

static List *
sg_rename_view_rb(SgCtx *x)
{
	return sg_emit(NIL, psprintf("ALTER TABLE %s RENAME TO %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "newViewName")),
								 sg_ident(x, sg_req(x, "oldViewName"))));
}

/* StringUtil.stripSqlCommentsAndWhitespacesFromTheEnd */
static char *
sg_strip_end_comments(const char *text)
{
	char	   *s = pstrdup(text);
	bool		modified = true;

	while (modified)
	{
		int			len = strlen(s);
		int			i;
		char	   *nl;
		char	   *dash;

		modified = false;
		while (len > 0 && isspace((unsigned char) s[len - 1]))
			len--;
		/* a last block comment */
		if (len >= 4 && s[len - 1] == '/' && s[len - 2] == '*')
		{
			for (i = len - 3; i > 0; i--)
			{
				if (s[i - 1] == '/' && s[i] == '*' && (i < 2 || s[i - 2] != '\\'))
				{
					s[i - 1] = '\0';
					modified = true;
					break;
				}
			}
			if (modified)
				continue;
		}
		/* a "--" on the last line */
		s[len] = '\0';
		nl = strrchr(s, '\n');
		dash = strstr(nl ? nl + 1 : s, "--");
		if (dash == NULL && nl == NULL && strchr(s, '\r'))
			dash = strstr(strrchr(s, '\r') + 1, "--");
		if (dash != NULL)
		{
			*dash = '\0';
			modified = true;
		}
	}
	{
		int			len = strlen(s);

		while (len > 0 && isspace((unsigned char) s[len - 1]))
			s[--len] = '\0';
	}
	return s;
}

/*
 * CreateProcedureGenerator.addSchemaToText: with schemaName, the name after
 * the first PROCEDURE keyword becomes schema.name.
 */
static char *
sg_add_schema_to_text(SgCtx *x, const char *text, const char *schema)
{
	core_yy_extra_type yyextra;
	core_yyscan_t scanner;
	core_YYSTYPE yylval;
	YYLTYPE		yylloc;
	int			tok;
	bool		after = false;
	int			start = -1;

	scanner = scanner_init(text, &yyextra, &ScanKeywords, ScanKeywordTokens);
	while ((tok = core_yylex(&yylval, &yylloc, scanner)) != 0)
	{
		if (after)
		{
			start = yylloc;
			break;
		}
		if (tok > 255 && yylval.keyword != NULL &&
			pg_strcasecmp(yylval.keyword, "procedure") == 0)
			after = true;
	}
	scanner_finish(scanner);
	if (start < 0)
		return pstrdup(text);
	{
		const char *p = text + start;
		const char *e = p;
		List	   *parts = NIL;
		char	   *name;
		char	   *sch = sg_ident(x, schema);
		char	   *final;

		while (*e && (sg_word_char(*e) || *e == '.' || *e == '"' || *e == '$'))
			e++;
		if (e == p)
			return pstrdup(text);
		name = pnstrdup(p, e - p);
		for (;;)
		{
			char	   *dot = strchr(name, '.');

			parts = lappend(parts, dot ? pnstrdup(name, dot - name) : pstrdup(name));
			if (dot == NULL)
				break;
			name = dot + 1;
		}
		if (list_length(parts) == 1)
			final = psprintf("%s.%s", sch, (char *) linitial(parts));
		else if (list_length(parts) == 2)
			final = psprintf("%s.%s", sch, (char *) lsecond(parts));
		else if (list_length(parts) == 3)
			final = psprintf("%s.%s.%s", (char *) linitial(parts), sch,
							 (char *) lthird(parts));
		else
			return pstrdup(text);
		return psprintf("%.*s%s%s", start, text, final, e);
	}
}

/*
 * createProcedure: the text as one statement, never split, without its
 * trailing comments and ';' (CreateProcedureGenerator.removeTrailingDelimiter).
 */
static List *
sg_create_procedure(SgCtx *x)
{
	char	   *body = sg_body(x, "procedureText");
	const char *schema = sg_attr(x, "schemaName");
	int			len;

	if (sg_bool(x->a, "replaceIfExists") != -1)
		sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "replaceIfExists is not allowed on postgresql");
	if (body == NULL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "createProcedure requires procedureText");
	if (sg_trim_to_null(schema) != NULL)
		body = sg_add_schema_to_text(x, body, sg_trim(schema));
	body = sg_strip_end_comments(body);
	len = strlen(body);
	if (len > 0 && body[len - 1] == ';')
		body[--len] = '\0';
	if (sg_trim_to_null(body) == NULL)
		return NIL;
	return lappend(NIL, body);
}

static List *
sg_drop_procedure(SgCtx *x)
{
	return sg_emit(NIL, psprintf("DROP PROCEDURE %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "procedureName"))));
}

/* ---------- data ---------- */

typedef struct SgColVal
{
	char	   *name;
	SgVal		v;
	bool		allow_update;
} SgColVal;

/* InsertStatement.addColumnValue: a LinkedHashMap keeps the first position */
static List *
sg_put_colval(List *cols, const char *name, SgVal v, bool allow_update)
{
	ListCell   *lc;
	SgColVal   *cv;

	foreach(lc, cols)
	{
		cv = (SgColVal *) lfirst(lc);
		if (strcmp(cv->name, name) == 0)
		{
			cv->v = v;
			cv->allow_update = allow_update;
			return cols;
		}
	}
	cv = palloc0(sizeof(SgColVal));
	cv->name = pstrdup(name);
	cv->v = v;
	cv->allow_update = allow_update;
	return lappend(cols, cv);
}

static char *
sg_insert_header(SgCtx *x, const char *schema, const char *table, List *cols)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfo(&buf, "INSERT INTO %s (", sg_qname(x, schema, table));
	foreach(lc, cols)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, sg_ident(x, ((SgColVal *) lfirst(lc))->name));
	}
	appendStringInfoString(&buf, ") VALUES ");
	return buf.data;
}

static char *
sg_insert_values(SgCtx *x, List *cols)
{
	StringInfoData buf;
	ListCell   *lc;

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '(');
	foreach(lc, cols)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, ", ");
		appendStringInfoString(&buf, sg_value_sql(x, &((SgColVal *) lfirst(lc))->v));
	}
	appendStringInfoChar(&buf, ')');
	return buf.data;
}

static List *
sg_insert(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	List	   *cols = NIL;
	ListCell   *lc;

	foreach(lc, sg_columns(x))
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		const char *name = cl_node_str(col, "name");
		SgVal		v;

		if (sg_bool(col, "autoIncrement") == 1)
			continue;
		if (name == NULL)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "insert requires a name on every column");
		v = sg_value_of(x, col);
		if (v.kind == SGV_SEQNEXT || v.kind == SGV_SEQCURRENT)
			v.schema = sg_trim_to_null(schema);
		cols = sg_put_colval(cols, name, v, true);
	}
	if (cols == NIL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "insert requires at least one column");
	return sg_emit(NIL, psprintf("%s%s", sg_insert_header(x, schema, table, cols),
								 sg_insert_values(x, cols)));
}

static int
sg_colval_cmp(const ListCell *a, const ListCell *b)
{
	return strcmp(((SgColVal *) lfirst(a))->name, ((SgColVal *) lfirst(b))->name);
}

/* UpdateGenerator: SET columns sorted by name (a TreeMap) */
static char *
sg_update_sql(SgCtx *x, const char *schema, const char *table, List *cols,
			  const char *where)
{
	StringInfoData buf;
	ListCell   *lc;
	List	   *sorted = list_copy(cols);

	list_sort(sorted, sg_colval_cmp);
	initStringInfo(&buf);
	appendStringInfo(&buf, "UPDATE %s SET", sg_qname(x, schema, table));
	foreach(lc, sorted)
	{
		SgColVal   *cv = (SgColVal *) lfirst(lc);

		appendStringInfo(&buf, "%s %s = %s", foreach_current_index(lc) > 0 ? "," : "",
						 sg_ident(x, cv->name), sg_value_sql(x, &cv->v));
	}
	if (where != NULL)
		appendStringInfo(&buf, " WHERE %s", where);
	return buf.data;
}

static List *
sg_update(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *where = sg_attr(x, "where");
	List	   *cols = NIL;
	ListCell   *lc;

	foreach(lc, sg_columns(x))
	{
		ClNode	   *col = (ClNode *) lfirst(lc);
		const char *name = cl_node_str(col, "name");
		SgVal		v;

		if (name == NULL)
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "update requires a name on every column");
		v = sg_value_of(x, col);
		if (v.kind == SGV_SEQNEXT || v.kind == SGV_SEQCURRENT)
			v.schema = sg_trim_to_null(schema);
		cols = sg_put_colval(cols, name, v, true);
	}
	if (cols == NIL)
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
				 "update requires at least one column");
	return sg_emit(NIL, sg_update_sql(x, schema, table, cols,
									  where ? sg_where(x, where, cl_node_get(x->a, "whereParams")) : NULL));
}

static List *
sg_delete(SgCtx *x)
{
	const char *where = sg_attr(x, "where");

	if (where == NULL)
		return sg_emit(NIL, psprintf("DELETE FROM %s",
									 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName"))));
	return sg_emit(NIL, psprintf("DELETE FROM %s WHERE %s",
								 sg_qname(x, sg_attr(x, "schemaName"), sg_req(x, "tableName")),
								 sg_where(x, where, cl_node_get(x->a, "whereParams"))));
}

/* ---------- loadData / loadUpdateData ---------- */

/* a LoadDataColumnConfig */
typedef struct SgLoadCol
{
	const ClNode *node;			/* the <column>, or NULL when made from a header */
	char	   *name;
	char	   *header;
	int			index;			/* -1: none */
	char	   *type;			/* as written, or a LOAD_DATA_TYPE name */
} SgLoadCol;

/* what one column of a data file's header becomes (sg_load_rows) */
typedef struct SgHeaderCol
{
	SgLoadCol  *c;				/* its column config, or NULL */
	char	   *name;			/* the column it is inserted into */
	bool		skip;			/* type="skip" */
	bool		allow;			/* allowUpdate */
	int			slot;			/* its place in the row */
} SgHeaderCol;

/*
 * RFC4180Parser.findEndOfFieldFromPosition as a scan that can pause where
 * its text runs out and go on once more text is appended.
 */
typedef struct SgFieldScan
{
	bool		in_quote;
	bool		in_do;			/* paused in its inner loop */
	int			next;			/* the quote it stands on; -1: search from */
	int			from;			/* ... this offset */
} SgFieldScan;

/*
 * A field left unfinished at the end of a line, carried to the next one.
 * RFC4180Parser parses the field again from its start with each line added;
 * what that parse learns of the text so far is kept here, so that each line
 * is read once, however many lines the field spans (a CSV cell holding a
 * document of quoted names would otherwise cost lines times length).
 */
typedef struct SgCsvOpen
{
	bool		active;
	StringInfoData text;		/* the field so far, ending in '\n' */
	int			sep_at;			/* its first separator, or -1: none before */
	int			sep_seen;		/* ... this offset */
	int			nquotes;		/* quote characters before */
	int			quotes_seen;	/* ... this offset */
	SgFieldScan scan;			/* the field's end, searched from 0 */
} SgCsvOpen;

/* CSVReader over an RFC4180Parser (opencsv 5.9) */
typedef struct SgCsv
{
	const char *p;				/* next unread character */
	char		sep;
	char		quote;			/* '\1' when there is none */
	int			line;			/* lines read */
	SgCsvOpen	open;
} SgCsv;

static char *
sg_csv_next_line(SgCsv *csv)
{
	const char *s = csv->p;
	const char *e;

	if (*s == '\0')
		return NULL;
	e = s;
	while (*e && *e != '\n' && *e != '\r')
		e++;
	csv->p = e;
	if (*csv->p == '\r')
		csv->p++;
	if (*csv->p == '\n' && (csv->p == e || e[0] == '\r'))
		csv->p++;
	csv->line++;
	return pnstrdup(s, e - s);
}

static int
sg_count_char_n(const char *s, int len, char c)
{
	int			n = 0;
	int			i;

	for (i = 0; i < len; i++)
		if (s[i] == c)
			n++;
	return n;
}

static int
sg_count_char(const char *s, char c)
{
	return sg_count_char_n(s, strlen(s), c);
}

/* RFC4180Parser.handleQuotes */
static char *
sg_csv_unquote(SgCsv *csv, char *e)
{
	StringInfoData buf;
	int			len = strlen(e);

	if (sg_count_char(e, csv->quote) != 1 && e[0] == csv->quote)
	{
		e++;
		len--;
		if (len > 0 && e[len - 1] == csv->quote)
			len--;
		e = pnstrdup(e, len);
	}
	initStringInfo(&buf);
	for (const char *p = e; *p; p++)
	{
		appendStringInfoChar(&buf, *p);
		if (*p == csv->quote && p[1] == csv->quote)
			p++;
	}
	return buf.data;
}

/* A scan for the end of the quoted field at pos */
static void
sg_field_scan_start(SgFieldScan *fs, int pos)
{
	fs->in_quote = false;
	fs->in_do = false;
	fs->next = -1;
	fs->from = pos + 1;
}

/*
 * RFC4180Parser.findEndOfFieldFromPosition over t[0..len): the end of the
 * field, or len when the text runs out first (the scan then stands where
 * appended text would take it on).
 */
static int
sg_field_scan(SgCsv *csv, SgFieldScan *fs, const char *t, int len)
{
	const char *q;
	int			steps = 0;

	if (fs->next == -1)
	{
		q = fs->from < len ? strchr(t + fs->from, csv->quote) : NULL;
		if (q == NULL)
		{
			fs->from = len;
			return len;
		}
		fs->next = q - t;
	}
	for (;;)
	{
		int			next = fs->next;

		if ((++steps & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
		/* the inner loop's condition; when it fails, the outer loop's */
		if (fs->in_do && !(next < len - 1 && t[next + 1] == csv->quote))
		{
			if (next >= len - 1)
				return len;		/* decided by what the next line brings */
			fs->in_do = false;
		}
		if (!fs->in_do)
		{
			if (next >= len - 1)
				return len;
			if (!fs->in_quote && t[next + 1] == csv->sep)
				return next + 1;
			fs->in_do = true;
		}
		/* the inner loop's body: on to the next quote */
		q = strchr(t + next + 1, csv->quote);
		fs->in_quote = !fs->in_quote;
		if (q == NULL)
		{
			fs->next = -1;
			fs->from = len;
			return len;
		}
		fs->next = q - t;
	}
}

/* RFC4180Parser.findEndOfFieldFromPosition */
static int
sg_csv_field_end(SgCsv *csv, const char *line, int len, int pos)
{
	SgFieldScan fs;

	sg_field_scan_start(&fs, pos);
	return sg_field_scan(csv, &fs, line, len);
}

/* RFC4180Parser.parseLine's loop: the fields of line from pos on, appended */
static List *
sg_csv_fields(SgCsv *csv, const char *line, int len, int pos, List *elems)
{
	int			nquote;

	/*
	 * The next quote is searched for again only once pos is past it: a line
	 * of many fields and one late quote is read in linear time.
	 */
	nquote = -2;
	while (pos < len)
	{
		const char *sp = strchr(line + pos, csv->sep);
		int			nsep = sp ? sp - line : -1;

		CHECK_FOR_INTERRUPTS();
		if (nquote != -1 && nquote < pos)
		{
			const char *qp = strchr(line + pos, csv->quote);

			nquote = qp ? qp - line : -1;
		}
		if (nsep == -1)
		{
			elems = lappend(elems, pstrdup(line + pos));
			pos = len;
		}
		else if (nquote == -1 || nquote > nsep || nquote != pos)
		{
			elems = lappend(elems, pnstrdup(line + pos, nsep - pos));
			pos = nsep + 1;
		}
		else
		{
			int			end = sg_csv_field_end(csv, line, len, pos);

			elems = lappend(elems, pnstrdup(line + pos, end - pos));
			pos = end + 1;
		}
	}
	return elems;
}

/* parseLine's test of its last field: unfinished, to go on over the next line */
static bool
sg_csv_unfinished(SgCsv *csv, const char *last, int ll, int nquotes)
{
	char		first = ll > 0 ? last[0] : '\0';

	return (first == csv->quote && (ll < 2 || last[ll - 1] != csv->quote)) ||
		nquotes == 1 || nquotes % 2 != 0 ||
		(first == csv->quote && ll == 1);
}

/* The last field is carried to the next line. */
static void
sg_csv_open_start(SgCsv *csv, const char *field)
{
	SgCsvOpen  *o = &csv->open;

	if (o->text.data == NULL)
		initStringInfo(&o->text);
	else
		resetStringInfo(&o->text);
	appendStringInfoString(&o->text, field);
	appendStringInfoChar(&o->text, '\n');
	o->active = true;
	o->sep_at = -1;
	o->sep_seen = 0;
	o->nquotes = 0;
	o->quotes_seen = 0;
	sg_field_scan_start(&o->scan, 0);
}

/*
 * The end of parseLine: an unfinished last field is carried (and not
 * returned); else a line ending in a separator has an empty last field.
 * Then each field is unquoted.
 */
static List *
sg_csv_finish(SgCsv *csv, const char *line, int len, List *elems)
{
	ListCell   *lc;

	if (elems != NIL)
	{
		char	   *last = (char *) llast(elems);
		int			ll = strlen(last);

		if (sg_csv_unfinished(csv, last, ll, sg_count_char_n(last, ll, csv->quote)))
		{
			sg_csv_open_start(csv, last);
			elems = list_delete_last(elems);
			goto unquote;
		}
	}
	if (len > 0 && line[len - 1] == csv->sep)
		elems = lappend(elems, pstrdup(""));
unquote:
	foreach(lc, elems)
	{
		char	   *e = (char *) lfirst(lc);

		if (strchr(e, csv->quote) != NULL)
			lfirst(lc) = sg_csv_unquote(csv, e);
	}
	return elems;
}

/* RFC4180Parser.parseLine (multi = true) of a line with nothing carried */
static List *
sg_csv_parse_line(SgCsv *csv, char *line)
{
	List	   *elems = NIL;
	int			len = strlen(line);

	if (strchr(line, csv->quote) == NULL)
	{
		char	   *s = line;

		for (;;)
		{
			char	   *c = strchr(s, csv->sep);

			if (c == NULL)
			{
				elems = lappend(elems, pstrdup(s));
				break;
			}
			elems = lappend(elems, pnstrdup(s, c - s));
			s = c + 1;
		}
		return elems;
	}
	return sg_csv_finish(csv, line, len, sg_csv_fields(csv, line, len, 0, NIL));
}

/*
 * parseLine of the carried field followed by the line just appended to it:
 * the carried field's first separator, quote count and end are taken up
 * where they stopped.
 */
static List *
sg_csv_parse_open(SgCsv *csv)
{
	SgCsvOpen  *o = &csv->open;
	const char *t = o->text.data;
	int			len = o->text.len;
	int			end;
	int			n;
	List	   *rest;

	if (o->sep_at < 0)
	{
		const char *s = o->sep_seen < len ? strchr(t + o->sep_seen, csv->sep) : NULL;

		if (s != NULL)
			o->sep_at = o->sep_seen = s - t;
		else
			o->sep_seen = len;
	}
	if (o->sep_at < 0)
		end = len;				/* no separator: the rest of the line */
	else if (t[0] != csv->quote)
		end = o->sep_at;
	else
		end = sg_field_scan(csv, &o->scan, t, len);

	rest = sg_csv_fields(csv, t, len, end + 1, NIL);
	if (rest != NIL)
	{
		/* the field ended on this line: parseLine's end as for any line */
		o->active = false;
		return sg_csv_finish(csv, t, len, lcons(pnstrdup(t, end), rest));
	}

	/* the field is the line's last: its quotes counted on from where they were */
	if (end < o->quotes_seen)
	{
		o->nquotes = 0;
		o->quotes_seen = 0;
	}
	n = o->nquotes + sg_count_char_n(t + o->quotes_seen, end - o->quotes_seen, csv->quote);
	if (sg_csv_unfinished(csv, t, end, n))
	{
		/* carried on: cut to the field (a final separator goes), a line end added */
		if (end < len)
		{
			o->text.len = end;
			o->text.data[end] = '\0';
			if (o->sep_at >= end)
				o->sep_at = -1;
			o->sep_seen = Min(o->sep_seen, end);
			sg_field_scan_start(&o->scan, 0);
		}
		o->nquotes = n;
		o->quotes_seen = end;
		appendStringInfoChar(&o->text, '\n');
		return NIL;
	}
	o->active = false;
	return sg_csv_finish(csv, t, len, list_make1(pnstrdup(t, end)));
}

/* CSVReader.readNext: a record, possibly over several lines; NIL at EOF */
static List *
sg_csv_read(SgCtx *x, SgCsv *csv, bool *eof)
{
	List	   *result = NIL;
	bool		started = false;

	*eof = false;
	do
	{
		char	   *line = sg_csv_next_line(csv);

		CHECK_FOR_INTERRUPTS();
		if (line == NULL)
		{
			if (csv->open.active)
				sg_error(x, ERRCODE_INVALID_TEXT_REPRESENTATION,
						 "error parsing the CSV file of %s on line %d: unterminated quoted field",
						 x->c->type, csv->line + 1);
			if (!started)
				*eof = true;
			return result;
		}
		started = true;
		if (csv->open.active)
		{
			appendStringInfoString(&csv->open.text, line);
			pfree(line);
			result = list_concat(result, sg_csv_parse_open(csv));
		}
		else
			result = list_concat(result, sg_csv_parse_line(csv, line));
	} while (csv->open.active);
	return result;
}

/* LoadDataChange.columnConfigFromName / addColumnsFromHeaders */
static List *
sg_load_columns(SgCtx *x, List *headers)
{
	List	   *cols = NIL;
	ListCell   *lc;

	foreach(lc, sg_columns(x))
	{
		ClNode	   *n = (ClNode *) lfirst(lc);
		SgLoadCol  *c = palloc0(sizeof(SgLoadCol));
		const char *idx = cl_node_str(n, "index");

		c->node = n;
		c->name = (char *) cl_node_str(n, "name");
		c->header = (char *) cl_node_str(n, "header");
		c->type = (char *) cl_node_str(n, "type");
		c->index = -1;
		if (idx != NULL && !sg_parse_int(sg_trim(idx), &c->index))
			sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
					 "invalid column index \"%s\"", idx);
		cols = lappend(cols, c);
	}
	foreach(lc, headers)
	{
		char	   *h = (char *) lfirst(lc);
		int			i = foreach_current_index(lc);
		SgLoadCol  *found = NULL;
		ListCell   *cc;

		foreach(cc, cols)
		{
			SgLoadCol  *c = (SgLoadCol *) lfirst(cc);

			if ((c->name && strcmp(h, c->name) == 0) ||
				(c->header && strcmp(h, c->header) == 0) || c->index == i)
			{
				found = c;
				break;
			}
		}
		if (found == NULL)
		{
			if (sg_trim_to_null(h) == NULL)
				sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
						 "unreferenced unnamed column is not supported");
			found = palloc0(sizeof(SgLoadCol));
			found->name = pstrdup(h);
			cols = lappend(cols, found);
		}
		found->index = i;
		found->header = pstrdup(h);
	}
	return cols;
}

/* LoadDataChange.getColumnConfig */
static SgLoadCol *
sg_load_column_for(List *cols, int index, const char *header)
{
	ListCell   *lc;

	foreach(lc, cols)
	{
		SgLoadCol  *c = (SgLoadCol *) lfirst(lc);

		if (c->index == index)
			return c;
		if (c->header && pg_strcasecmp(c->header, header) == 0)
			return c;
		if (c->name && pg_strcasecmp(c->name, header) == 0)
			return c;
	}
	return NULL;
}

/*
 * LoadDataChange.retrieveMissingColumnLoadTypes: columns without a type
 * take the load type of the live table's column (when the table exists).
 */
static void
sg_load_missing_types(SgCtx *x, List *cols)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	Oid			argtypes[2] = {TEXTOID, TEXTOID};
	Datum		values[2];
	List	   *dbcols = NIL;
	List	   *dbtypes = NIL;
	ListCell   *lc;
	bool		missing = false;
	int			rc;

	foreach(lc, cols)
		if (((SgLoadCol *) lfirst(lc))->type == NULL)
			missing = true;
	if (!missing)
		return;
	values[0] = CStringGetTextDatum(sg_trim_to_null(schema)
									? sg_correct_name(x, sg_trim(schema))
									: sg_current_schema(x));
	values[1] = CStringGetTextDatum(sg_correct_name(x, table));
	rc = SPI_execute_with_args(
							   "SELECT a.attname::pg_catalog.text,"
							   "       (SELECT bt.typname FROM pg_catalog.pg_type bt"
							   "         WHERE bt.oid OPERATOR(pg_catalog.=)"
							   "               CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd'"
							   "                    THEN t.typbasetype ELSE t.oid END)::pg_catalog.text"
							   "  FROM pg_catalog.pg_attribute a"
							   "  JOIN pg_catalog.pg_class c ON c.oid OPERATOR(pg_catalog.=) a.attrelid"
							   "  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
							   "  JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) a.atttypid"
							   " WHERE n.nspname OPERATOR(pg_catalog.=) $1"
							   "   AND c.relname OPERATOR(pg_catalog.=) $2"
							   "   AND c.relkind IN ('r', 'p', 'v', 'm', 'f')"
							   "   AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
							   " ORDER BY a.attnum",
							   2, argtypes, values, NULL, false, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_with_args failed: %s", SPI_result_code_string(rc));
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		dbcols = lappend(dbcols, sg_correct_name(x, SPI_getvalue(SPI_tuptable->vals[i],
																 SPI_tuptable->tupdesc, 1)));
		dbtypes = lappend(dbtypes, SPI_getvalue(SPI_tuptable->vals[i],
												SPI_tuptable->tupdesc, 2));
	}
	SPI_freetuptable(SPI_tuptable);
	if (dbcols == NIL)
		return;					/* no such table: Liquibase leaves the types unset */

	/* a HashMap by corrected name: the last config of a name wins */
	foreach(lc, cols)
	{
		SgLoadCol  *c = (SgLoadCol *) lfirst(lc);
		char	   *cname;
		ListCell   *later;
		ListCell   *dc;
		bool		shadowed = false;

		if (c->type != NULL || c->name == NULL)
			continue;
		cname = sg_correct_name(x, c->name);
		for_each_cell(later, cols, lnext(cols, lc))
		{
			SgLoadCol  *o = (SgLoadCol *) lfirst(later);

			if (o->name && strcmp(sg_correct_name(x, o->name), cname) == 0)
				shadowed = true;
		}
		if (shadowed)
			continue;
		forboth(dc, dbcols, later, dbtypes)
		{
			if (strcmp((char *) lfirst(dc), cname) == 0)
			{
				const char *tn = (const char *) lfirst(later);
				SgType	   *t = sg_parse_type(x, tn ? tn : "unknown");
				static const char *const names[] = {
					NULL, "BOOLEAN", "NUMERIC", "DATE", "STRING", "COMPUTED",
					"SEQUENCE", "BLOB", "CLOB", "SKIP", "UUID", "OTHER", "UNKNOWN"
				};

				c->type = pstrdup(names[sg_type_load_type(t->cls)]);
				break;
			}
		}
	}
}

/*
 * loadData's "now" / "today" in a DATE column (NowAndTodayUtil), computed
 * by the server when the statement runs.
 */
static SgVal
sg_now_today(SgCtx *x, const char *value, const char *coltype)
{
	char	   *l = sg_lower(value);
	const char *base;
	const char *rest;
	StringInfoData buf;

	if (strncmp(l, "today", 5) == 0)
	{
		rest = l + 5;
		base = "CURRENT_DATE";
	}
	else
	{
		rest = l + 3;
		if (pg_strcasecmp(coltype, "date") == 0)
			base = "CURRENT_DATE";
		else if (pg_strcasecmp(coltype, "time") == 0)
			base = "LOCALTIME(0)";
		else
			base = "LOCALTIMESTAMP(3)";
	}
	initStringInfo(&buf);
	appendStringInfoString(&buf, base);
	if (*rest != '\0')
	{
		char		sign = rest[0];
		const char *p = rest + 1;
		const char *unit;
		long		n;
		char	   *end;

		if (sign != '+' && sign != '-')
			goto bad;
		n = strtol(p, &end, 10);
		if (end == p || n < 0)
			goto bad;
		if (strncmp(l, "today", 5) == 0)
		{
			if (*end != '\0')
				goto bad;
			unit = "day";
		}
		else if (*end == 'y')
			unit = "year";
		else if (*end == 'd')
			unit = "day";
		else if (*end == 'h')
			unit = "hour";
		else if (*end == 'm')
			unit = "minute";
		else
			goto bad;
		appendStringInfo(&buf, " %c interval '%ld %s'", sign, n, unit);
		return sg_val(SGV_SQL, psprintf("(%s)", buf.data));
	}
	return sg_val(SGV_SQL, buf.data);
bad:
	sg_error(x, ERRCODE_INVALID_DATETIME_FORMAT,
			 "improper value in 'NOW' or 'TODAY' value: %s", value);
}

/* Liquibase's BASE64_PATTERN: groups of 4, then an optional padded group */
static bool
sg_is_base64(const char *v)
{
	size_t		n = strlen(v);
	size_t		i;

	if (n % 4 != 0)
		return false;
	for (i = 0; i < n; i++)
	{
		unsigned char ch = (unsigned char) v[i];

		if (isalnum(ch) || ch == '+' || ch == '/')
			continue;
		/* "=" only as the last one or two characters */
		if (ch == '=' && (i == n - 1 || (i == n - 2 && v[n - 1] == '=')))
			continue;
		return false;
	}
	return true;
}

/*
 * A CLOB or BLOB cell names a file, relative to the changelog's folder, whose
 * content is the value (ExecutablePreparedStatementBase): a CLOB as UTF-8
 * text, a BLOB as a new large object (JDBC's setBlob on PostgreSQL; the
 * BLOB type is oid here, and a bytea column refuses it as the CLI's does).
 * A BLOB cell that is base64 is not a file name.
 */
static SgVal
sg_lob_file(SgCtx *x, SgLoadCol *c, const char *value, bool blob)
{
	char	   *path;
	char	   *bytes;
	size_t		len;

	if (blob && sg_is_base64(value))
		sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "loadData column \"%s\" is a BLOB given as base64 (\"%.40s\"); this is not supported",
				 c->name ? c->name : c->header, value);
	path = x->c->file ? cl_path_join(cl_path_dirname(x->c->file), value) : pstrdup(value);
	bytes = x->c->source ? cl_source_read(x->c->source, path, &len, true, true) : NULL;
	if (bytes == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("the file \"%s\" that loadData column \"%s\" (a %s) names was not found",
						path, c->name ? c->name : c->header, blob ? "BLOB" : "CLOB"),
				 errhint("In a %s column Liquibase reads each cell as the name of a file, relative to the changelog, and loads its content.",
						 blob ? "BLOB (bytea)" : "CLOB (text)")));
	if (!blob)
	{
		size_t		outlen;

		return sg_val(SGV_STRING, cl_decode_text(bytes, len, NULL, path, &outlen));
	}
	else
	{
		char	   *hex = palloc(len * 2 + 1);

		hex[hex_encode(bytes, len, hex)] = '\0';
		/* setBlob: a large object, its OID the value (BLOB is oid here) */
		return sg_val(SGV_SQL,
					  psprintf("pg_catalog.lo_from_bytea(0, E'\\\\x%s'::pg_catalog.bytea)", hex));
	}
}

/* the value of one CSV cell (LoadDataChange.generateStatements) */
static SgVal
sg_load_value(SgCtx *x, SgLoadCol *c, const char *cell)
{
	const char *value = cell;
	SgLoadType	lt = sg_load_type_of(c->type);

	if (value[0] == '\0')
		value = c->node ? cl_node_str(c->node, "defaultValue") : NULL;
	if (value != NULL && pg_strcasecmp(value, "NULL") == 0)
		return sg_val(SGV_NONE, NULL);
	if (c->type == NULL)
		return sg_val(value ? SGV_STRING : SGV_NONE, value);
	switch (lt)
	{
		case LT_BOOLEAN:
			if (value == NULL)
			{
				const char *d = c->node ? cl_node_str(c->node, "defaultValueBoolean") : NULL;

				return d ? sg_boolean_val(d) : sg_val(SGV_NONE, NULL);
			}
			{
				SgVal		v = sg_val(SGV_BOOLEAN, NULL);
				char	   *l = sg_lower(sg_trim(value));
				int			n;

				v.b = strcmp(l, "true") == 0 || strcmp(l, "t") == 0 ||
					strcmp(l, "yes") == 0 || strcmp(l, "y") == 0 ||
					strcmp(l, "1") == 0 ||
					(strcmp(l, "false") != 0 && strcmp(l, "f") != 0 &&
					 strcmp(l, "no") != 0 && strcmp(l, "n") != 0 &&
					 strcmp(l, "0") != 0 && sg_parse_int(l, &n) && n > 0);
				return v;
			}
		case LT_NUMERIC:
			if (value == NULL)
				value = c->node ? cl_node_str(c->node, "defaultValueNumeric") : NULL;
			return sg_numeric_val(x, value);
		default:
			break;
	}
	if (pg_strcasecmp(c->type, "date") == 0 || pg_strcasecmp(c->type, "datetime") == 0 ||
		pg_strcasecmp(c->type, "time") == 0)
	{
		if (value == NULL)
		{
			const char *d = c->node ? cl_node_str(c->node, "defaultValueDate") : NULL;

			return d ? sg_date_val(x, d) : sg_val(SGV_NONE, NULL);
		}
		if (sg_starts_with_ci(value, "now") || sg_starts_with_ci(value, "today"))
			return sg_now_today(x, value, c->type);
		return sg_date_val(x, value);
	}
	switch (lt)
	{
		case LT_STRING:
			return sg_val(SGV_STRING, value ? value : "");
		case LT_COMPUTED:
			if (value == NULL)
				value = c->node ? cl_node_str(c->node, "defaultValueComputed") : NULL;
			if (value == NULL)
				return sg_val(SGV_NONE, NULL);
			sg_check_fragment(x, "computed value", value);
			return sg_val(SGV_FUNCTION, value);
		case LT_SEQUENCE:
			if (value == NULL)
				sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
						 "must set a sequence name in the loadData column defaultValue attribute");
			{
				SgVal		v = sg_val(SGV_SEQNEXT, value);

				v.schema = sg_trim_to_null(sg_attr(x, "schemaName"));
				return v;
			}
		case LT_BLOB:
		case LT_CLOB:
			if (value == NULL)
				return sg_val(SGV_NONE, NULL);
			return sg_lob_file(x, c, value, lt == LT_BLOB);
		case LT_UUID:
		case LT_OTHER:
		case LT_UNKNOWN:
			return sg_val(value ? SGV_STRING : SGV_NONE, value);
		default:
			break;
	}
	sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE,
			 "loadData type \"%s\" is not supported", c->type);
}

/* The rows of a loadData / loadUpdateData CSV, as lists of SgColVal. */
static List *
sg_load_rows(SgCtx *x)
{
	const char *text = x->c->file_text;
	const char *sep = sg_attr(x, "separator");
	const char *quot = sg_attr(x, "quotchar");
	const char *cmt = cl_node_get(x->a, "commentLineStartsWith") ?
		sg_attr(x, "commentLineStartsWith") : "#";
	SgCsv		csv;
	List	   *headers;
	List	   *cols;
	List	   *rows = NIL;
	bool		eof;
	int			nh;
	SgHeaderCol *hcols;
	char	  **slot_names;
	int			nslots = 0;
	ListCell   *lc;

	if (text == NULL)
		sg_error(x, ERRCODE_UNDEFINED_FILE,
				 "the data file \"%s\" of %s was not read",
				 sg_attr(x, "file") ? sg_attr(x, "file") : "", x->c->type);
	if (sep != NULL && strcmp(sep, "\\t") == 0)
		sep = "\t";
	if (sep != NULL && sep[0] == '\0')
		sg_error(x, ERRCODE_INVALID_PARAMETER_VALUE, "the separator of %s is empty",
				 x->c->type);
	if (cmt != NULL && cmt[0] == '\0')
		cmt = NULL;
	memset(&csv, 0, sizeof(csv));
	csv.p = text;
	csv.sep = sep ? sep[0] : ',';
	if (quot == NULL)
		quot = "\"";
	csv.quote = sg_trim(quot)[0] == '\0' ? '\1' : quot[0];
	/* the CSV is read byte by byte: a character of several bytes cannot be one */
	if (IS_HIGHBIT_SET(csv.sep) || IS_HIGHBIT_SET(csv.quote))
		sg_error(x, ERRCODE_FEATURE_NOT_SUPPORTED,
				 "the %s of %s must be an ASCII character",
				 IS_HIGHBIT_SET(csv.sep) ? "separator" : "quotchar", x->c->type);

	headers = sg_csv_read(x, &csv, &eof);
	if (eof)
		sg_error(x, ERRCODE_INVALID_TEXT_REPRESENTATION,
				 "data file \"%s\" was empty", sg_attr(x, "file") ? sg_attr(x, "file") : "");
	if (list_length(headers) > MaxTupleAttributeNumber)
		sg_error(x, ERRCODE_PROGRAM_LIMIT_EXCEEDED,
				 "data file \"%s\" has %d columns, more than the %d an INSERT can name",
				 sg_attr(x, "file") ? sg_attr(x, "file") : "", list_length(headers),
				 MaxTupleAttributeNumber);
	cols = sg_load_columns(x, headers);
	sg_load_missing_types(x, cols);

	/*
	 * What each header column becomes, decided once: its column config, the
	 * name it is inserted as, and its place in the row (a name given twice
	 * keeps its first place and its last value, as a LinkedHashMap does).
	 */
	nh = list_length(headers);
	hcols = palloc(nh * sizeof(SgHeaderCol));
	slot_names = palloc(nh * sizeof(char *));
	foreach(lc, headers)
	{
		int			i = foreach_current_index(lc);
		SgHeaderCol *hc = &hcols[i];
		char	   *colname = sg_trim((char *) lfirst(lc));
		int			j;

		hc->c = sg_load_column_for(cols, i, colname);
		hc->skip = hc->c && hc->c->type && pg_strcasecmp(hc->c->type, "skip") == 0;
		hc->allow = !(hc->c && hc->c->node && sg_bool(hc->c->node, "allowUpdate") == 0);
		hc->name = (hc->c && hc->c->name) ? hc->c->name : colname;
		hc->slot = -1;
		if (hc->skip)
			continue;
		for (j = 0; j < nslots && hc->slot < 0; j++)
			if (strcmp(slot_names[j], hc->name) == 0)
				hc->slot = j;
		if (hc->slot < 0)
		{
			hc->slot = nslots;
			slot_names[nslots++] = hc->name;
		}
	}

	for (;;)
	{
		List	   *line = sg_csv_read(x, &csv, &eof);
		List	   *row = NIL;
		SgColVal   *vals;

		CHECK_FOR_INTERRUPTS();
		if (eof)
			break;
		if (line == NIL || (list_length(line) == 1 &&
							sg_trim_to_null((char *) linitial(line)) == NULL) ||
			(cmt != NULL && strncmp((char *) linitial(line), cmt, strlen(cmt)) == 0))
			continue;
		if (list_length(line) != list_length(headers))
			sg_error(x, ERRCODE_INVALID_TEXT_REPRESENTATION,
					 "CSV file %s line %d has %d values defined, header has %d; numbers must be equal (check for unquoted strings with embedded commas)",
					 sg_attr(x, "file") ? sg_attr(x, "file") : "", csv.line,
					 list_length(line), list_length(headers));
		vals = palloc(nslots * sizeof(SgColVal));
		foreach(lc, line)
		{
			SgHeaderCol *hc = &hcols[foreach_current_index(lc)];
			const char *cell = (const char *) lfirst(lc);
			SgColVal   *cv;

			if (hc->skip)
				continue;
			cv = &vals[hc->slot];
			cv->name = hc->name;
			cv->allow_update = hc->allow;
			if (hc->c == NULL)
				cv->v = cell[0] ? sg_val(SGV_STRING, cell) : sg_val(SGV_NONE, NULL);
			else
				cv->v = sg_load_value(x, hc->c, cell);
		}
		for (int j = 0; j < nslots; j++)
			row = lappend(row, &vals[j]);
		rows = lappend(rows, row);
	}
	return rows;
}

/* loadData: one INSERT per 51 rows (InsertSetGenerator's batch) */
static List *
sg_load_data(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	List	   *rows = sg_load_rows(x);
	List	   *stmts = NIL;
	StringInfoData buf;
	ListCell   *lc;
	int			n = 0;

	if (rows == NIL)
		return NIL;
	initStringInfo(&buf);
	foreach(lc, rows)
	{
		List	   *row = (List *) lfirst(lc);

		CHECK_FOR_INTERRUPTS();
		if (n == 0)
			appendStringInfoString(&buf, sg_insert_header(x, schema, table,
														  (List *) linitial(rows)));
		else
			appendStringInfoChar(&buf, ',');
		appendStringInfoString(&buf, sg_insert_values(x, row));
		if (++n > 50)
		{
			stmts = sg_emit(stmts, buf.data);
			initStringInfo(&buf);
			n = 0;
		}
	}
	if (n > 0)
		stmts = sg_emit(stmts, buf.data);
	return stmts;
}

/*
 * InsertOrUpdateGenerator.getWhereClause: the primary key split at ','
 * (not trimmed), "col = value" or "col is NULL", joined with AND.
 */
static char *
sg_pk_where(SgCtx *x, List *row, const char *pk)
{
	StringInfoData buf;
	const char *p = pk;

	initStringInfo(&buf);
	for (;;)
	{
		const char *comma = strchr(p, ',');
		char	   *col = comma ? pnstrdup(p, comma - p) : pstrdup(p);
		SgColVal   *cv = NULL;
		ListCell   *lc;

		foreach(lc, row)
			if (strcmp(((SgColVal *) lfirst(lc))->name, col) == 0)
				cv = (SgColVal *) lfirst(lc);
		if (buf.len > 0)
			appendStringInfoString(&buf, " AND ");
		if (cv == NULL || cv->v.kind == SGV_NONE ||
			(cv->v.text && cv->v.kind == SGV_STRING && pg_strcasecmp(cv->v.text, "NULL") == 0))
			appendStringInfo(&buf, "%s is NULL", sg_ident(x, col));
		else
			appendStringInfo(&buf, "%s = %s", sg_ident(x, col), sg_object_sql(x, &cv->v));
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return buf.data;
}

static bool
sg_pk_has(const char *pk, const char *col)
{
	const char *p = pk;

	for (;;)
	{
		const char *comma = strchr(p, ',');
		int			len = comma ? comma - p : (int) strlen(p);

		if ((int) strlen(col) == len && strncmp(p, col, len) == 0)
			return true;
		if (comma == NULL)
			return false;
		p = comma + 1;
	}
}

/* InsertOrUpdateGeneratorPostgres: a DO block per row */
static List *
sg_load_update_data(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *pk = sg_req(x, "primaryKey");
	bool		only_update = sg_bool(x->a, "onlyUpdate") == 1;
	List	   *stmts = NIL;
	ListCell   *lc;

	foreach(lc, sg_load_rows(x))
	{
		List	   *row = (List *) lfirst(lc);
		char	   *where = sg_pk_where(x, row, pk);
		List	   *set = NIL;
		ListCell   *cc;
		StringInfoData body;
		char	   *tag;

		CHECK_FOR_INTERRUPTS();
		foreach(cc, row)
		{
			SgColVal   *cv = (SgColVal *) lfirst(cc);

			if (!sg_pk_has(pk, cv->name) && cv->allow_update)
				set = lappend(set, cv);
		}
		initStringInfo(&body);
		appendStringInfoString(&body, "\nBEGIN\n");
		if (set != NIL)
			appendStringInfo(&body, "%s;\n", sg_update_sql(x, schema, table, set, where));
		else
			appendStringInfo(&body, "perform * from %s WHERE %s;\n",
							 sg_qname(x, schema, table), where);
		if (!only_update)
			appendStringInfo(&body, "IF not found THEN\n%s%s;\nEND IF;\n",
							 sg_insert_header(x, schema, table, row),
							 sg_insert_values(x, row));
		appendStringInfoString(&body, "END;\n");
		tag = sg_dollar_quote(body.data);
		stmts = sg_emit(stmts, psprintf("DO\n%s%s%s\nLANGUAGE plpgsql",
										tag, body.data, tag));
	}
	return stmts;
}

static List *
sg_load_update_data_rb(SgCtx *x)
{
	const char *schema = sg_attr(x, "schemaName");
	const char *table = sg_req(x, "tableName");
	const char *pk = sg_req(x, "primaryKey");
	List	   *stmts = NIL;
	ListCell   *lc;

	foreach(lc, sg_load_rows(x))
		stmts = sg_emit(stmts, psprintf("DELETE FROM %s WHERE %s",
										sg_qname(x, schema, table),
										sg_pk_where(x, (List *) lfirst(lc), pk)));
	return stmts;
}

/* ---------- the change types ---------- */

static List *
sg_no_sql(SgCtx *x)
{
	return NIL;
}

static const SgChangeType sg_change_types[] = {
	{"addAutoIncrement", sg_add_auto_increment, NULL},
	{"addColumn", sg_add_column, sg_add_column_rb},
	{"addDefaultValue", sg_add_default_value, sg_drop_default_value},
	{"addForeignKeyConstraint", sg_add_foreign_key, sg_add_foreign_key_rb},
	{"addLookupTable", sg_add_lookup_table, sg_add_lookup_table_rb},
	{"addNotNullConstraint", sg_add_not_null, sg_add_not_null_rb},
	{"addPrimaryKey", sg_add_primary_key, sg_add_primary_key_rb},
	{"addUniqueConstraint", sg_add_unique, sg_drop_constraint_rb},
	{"alterSequence", sg_alter_sequence, NULL},
	{"createIndex", sg_create_index, sg_create_index_rb},
	{"createProcedure", sg_create_procedure, NULL},
	{"createSequence", sg_create_sequence, sg_create_sequence_rb},
	{"createTable", sg_create_table, sg_create_table_rb},
	{"createView", sg_create_view, sg_create_view_rb},
	{"delete", sg_delete, NULL},
	{"dropAllForeignKeyConstraints", sg_drop_all_foreign_keys, NULL},
	{"dropColumn", sg_drop_column, NULL},
	{"dropDefaultValue", sg_drop_default_value, NULL},
	{"dropForeignKeyConstraint", sg_drop_foreign_key, NULL},
	{"dropIndex", sg_drop_index, NULL},
	{"dropNotNullConstraint", sg_drop_not_null, sg_drop_not_null_rb},
	{"dropPrimaryKey", sg_drop_primary_key, NULL},
	{"dropProcedure", sg_drop_procedure, NULL},
	{"dropSequence", sg_drop_sequence, NULL},
	{"dropTable", sg_drop_table, NULL},
	{"dropUniqueConstraint", sg_drop_unique, NULL},
	{"dropView", sg_drop_view, NULL},
	{"insert", sg_insert, NULL},
	{"loadData", sg_load_data, NULL},
	{"loadUpdateData", sg_load_update_data, sg_load_update_data_rb},
	{"mergeColumns", sg_merge_columns, NULL},
	{"modifyDataType", sg_modify_data_type, NULL},
	{"renameColumn", sg_rename_column, sg_rename_column_rb},
	{"renameSequence", sg_rename_sequence, sg_rename_sequence_rb},
	{"renameTable", sg_rename_table, sg_rename_table_rb},
	{"renameView", sg_rename_view, sg_rename_view_rb},
	{"setColumnRemarks", sg_set_column_remarks, NULL},
	{"setTableRemarks", sg_set_table_remarks, NULL},
	{"update", sg_update, NULL},
	/* no SQL, and nothing to undo */
	{"tagDatabase", sg_no_sql, sg_no_sql},
	{"output", sg_no_sql, sg_no_sql},
	{"empty", sg_no_sql, sg_no_sql},
	{NULL, NULL, NULL}
};

static const SgChangeType *
sg_find_type(const char *name)
{
	if (name == NULL)
		return NULL;
	for (int i = 0; sg_change_types[i].name; i++)
		if (strcmp(sg_change_types[i].name, name) == 0)
			return &sg_change_types[i];
	return NULL;
}

/* ---------- entry points ---------- */

bool
cl_sqlgen_supports(const char *type)
{
	const SgChangeType *t = sg_find_type(type);

	return t != NULL && t->gen != sg_no_sql;
}

List *
cl_sqlgen_change(const ClChangeSet *cs, const ClChange *c)
{
	const SgChangeType *t = sg_find_type(c->type);
	ErrorContextCallback cb;
	SgCtx		x;
	List	   *stmts;

	if (t == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("change type \"%s\" is not supported", c->type)));
	cb.callback = sg_error_callback;
	cb.arg = (void *) c;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	sg_init(&x, cs, c);
	stmts = t->gen(&x);
	error_context_stack = cb.previous;
	return stmts;
}

List *
cl_sqlgen_rollback(const ClChangeSet *cs, const ClChange *c, bool *supported)
{
	const SgChangeType *t = sg_find_type(c->type);
	ErrorContextCallback cb;
	SgCtx		x;
	List	   *stmts;

	*supported = false;
	if (t == NULL || t->rollback == NULL)
		return NIL;
	cb.callback = sg_error_callback;
	cb.arg = (void *) c;
	cb.previous = error_context_stack;
	error_context_stack = &cb;
	sg_init(&x, cs, c);
	stmts = t->rollback(&x);
	error_context_stack = cb.previous;
	*supported = true;
	return stmts;
}
