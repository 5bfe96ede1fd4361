/*-------------------------------------------------------------------------
 *
 * serialize.c
 *	  Liquibase 4.28's change serialisation (StringChangeLogSerializer) and
 *	  the DESCRIPTION column.
 *
 * Liquibase does not hash the changelog text of a generic change: it loads
 * the change into a Java object (with all the conversions its setters and
 * ColumnConfig.load apply), serialises every non-null property as
 * `name="value"` lines sorted by their full text, and hashes that.  This
 * file reproduces the load step from our attribute tree (ClNode) and then
 * the serialiser:
 *
 *	serialise(obj) = typeName + ":" + body(obj, 1)
 *	body(o, ind)   = "[" + "\n" + sorted, de-duplicated lines + "\n"
 *					 + pad(ind - 1) + "]"		(just "[" + pad + "]" if empty)
 *	line		   = pad(ind) + name + "=\"" + value + "\""		scalar
 *				   | pad(ind) + body(nested, ind + 1)			e.g. constraints
 *				   | pad(ind) + name + "=" + list				columns
 *	list		   = "[\n" + items joined ",\n" + "\n" + pad(ind - 1) + "]"
 *
 * Everything Liquibase does to a value before it reaches the serialiser is
 * modelled here, per change type (see change_specs):
 *	- Boolean properties: Boolean.valueOf(text), i.e. "true" in any case is
 *	  true, anything else (including "1", "yes" given as text) is false.
 *	- BigInteger properties: new BigInteger(text) ("010" -> 10, "+5" -> 5).
 *	- ColumnConfig: valueNumeric/defaultValueNumeric (parentheses stripped,
 *	  non-numbers become valueComputed/defaultValueComputed), valueDate/
 *	  defaultValueDate (ISODateFormat round trip, non-dates become computed),
 *	  createIndex's column pruning, the insert/update sequence schema prefix.
 *	- Unquoted YAML/JSON scalars (ClNode.typed) are resolved like SnakeYAML
 *	  2.2 with Liquibase's timestamp constructor and turned into the Java
 *	  object's toString() (1.50 -> "1.5", yes -> "true", 010 -> "8",
 *	  2024-01-02 -> "Tue Jan 02 00:00:00 UTC 2024").
 *	- Getter defaults (output target, stop message), trimToNull setters,
 *	  addForeignKeyConstraint's deleteCascade, excluded fields.
 * Finally the text goes through CheckSum.compute's normalisation (LF line
 * endings, no U+FFFD, NFC) and is returned in UTF-8.
 *
 * The JVM is assumed to run in UTC (as it did when the reference checksums
 * were recorded); dates use the proleptic Gregorian calendar.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <math.h>

#include "common/unicode_norm.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "nodes/pg_list.h"

#include "serialize.h"

/* ---------- Java-level values ---------- */

typedef enum JKind
{
	JK_STRING,
	JK_INT,
	JK_FLOAT,
	JK_BOOL,
	JK_DATE						/* java.util.Date (unquoted YAML date) */
} JKind;

typedef struct JVal
{
	JKind		kind;
	const char *s;				/* the object's toString() */
	int64		millis;			/* JK_DATE: epoch milliseconds */
} JVal;

/* ---------- per change type knowledge ---------- */

typedef enum FieldType
{
	FT_STR,						/* String / DatabaseFunction: text */
	FT_BOOL,					/* Boolean: Boolean.valueOf */
	FT_BIGINT,					/* BigInteger */
	FT_COLUMNS					/* List<ColumnConfig> */
} FieldType;

#define FF_NOT_V9		0x01	/* excluded from version 9 checksums */
#define FF_NEVER		0x02	/* never serialised (getter is always null) */
#define FF_TRIM			0x04	/* setter applies trimToNull */

typedef struct FieldSpec
{
	const char *name;
	FieldType	type;
	int			flags;
} FieldSpec;

typedef enum ColumnKind
{
	CK_PLAIN,					/* ColumnConfig */
	CK_ADD,						/* AddColumnConfig */
	CK_LOAD						/* LoadDataColumnConfig */
} ColumnKind;

#define CS_COLS_ALWAYS	0x01	/* the columns getter never returns null */
#define CS_COLS_INDEX	0x02	/* createIndex prunes its columns */
#define CS_SEQ_SCHEMA	0x04	/* insert/update prefix sequence values */

typedef struct ChangeSpec
{
	const char *name;
	const FieldSpec *fields;
	ColumnKind	colkind;
	int			flags;
} ChangeSpec;

/* ---------- the serialised object model ---------- */

typedef enum ItemKind
{
	IK_SCALAR,					/* name="value" */
	IK_OBJECT,					/* anonymous nested block (constraints) */
	IK_LIST,					/* name=[ objects ] */
	IK_STRLIST,					/* name=[ plain strings ] */
	IK_MAP						/* name={ k="v" } */
} ItemKind;

typedef struct SerObj SerObj;

typedef struct SerItem
{
	ItemKind	kind;
	const char *name;
	const char *value;			/* IK_SCALAR */
	SerObj	   *obj;			/* IK_OBJECT */
	SerObj	  **objs;			/* IK_LIST */
	const char **keys;			/* IK_MAP */
	const char **strs;			/* IK_STRLIST, IK_MAP values */
	int			n;				/* IK_LIST / IK_STRLIST / IK_MAP length */
} SerItem;

struct SerObj
{
	SerItem    *items;
	int			nitems;
	int			maxitems;
};

/* ---------- prototypes ---------- */

static bool str_eq(const char *a, const char *b);
static bool str_ieq_ascii(const char *a, const char *b);
static bool str_starts(const char *s, const char *prefix);
static char *java_trim(const char *s);
static char *trim_to_null(const char *s);
static uint32 utf8_next(const unsigned char **p);
static void utf8_append(StringInfo buf, uint32 cp);
static int	utf16_cmp(const char *a, const char *b);
static int	utf16_len(const char *s);
static int	to_utf16(const char *s, uint16 **out);
static char *limit_size(const char *s, int max);

static char *bignum_to_decimal(const char *digits, int base, bool negative);
static char *java_double_to_string(double d);

static int64 floor_div(int64 a, int64 b);
static int64 floor_mod(int64 a, int64 b);
static int64 days_from_civil(int64 y, int m, int d);
static void civil_from_days(int64 z, int64 *y, int *m, int *d);
static int64 lenient_millis(int64 y, int64 mon, int64 d, int64 h, int64 mi,
							int64 s, int64 ms);
static void append_year4(StringInfo buf, int64 y);
static void append_2d(StringInfo buf, int64 v);
static void append_date_part(StringInfo buf, int64 millis);
static void append_time_part(StringInfo buf, int64 millis);
static char *format_timestamp(int64 millis, int nanos);
static char *java_date_to_string(int64 millis);

static bool sdf_number(const uint16 *t, int len, int *pos, int64 *value);
static bool sdf_parse(const uint16 *t, int len, const char *pattern,
					  int64 *fields);
static bool iso_offset_parse(const uint16 *t, int len, int *nanos);
static char *iso_date_normalize(const char *s);

static bool yaml_is_bool(const char *s, bool *val);
static bool yaml_is_int(const char *s);
static bool yaml_is_float(const char *s);
static bool yaml_is_null(const char *s);
static bool yaml_is_timestamp(const char *s);
static char *yaml_construct_int(const char *s);
static char *yaml_construct_float(const char *s);
static void yaml_construct_timestamp(const char *s, JVal *out);
static bool yaml_resolve(const char *text, JVal *out);

static const ClNode *obj_field(const ClNode *obj, const char *name);
static bool node_jval(const ClNode *n, JVal *jv);
static const char *conv_str(const ClNode *n);
static const char *conv_bool(const ClNode *n);
static const char *conv_bigint(const ClNode *n);
static const char *conv_int(const ClNode *n);
static const char *conv_typed(const ClNode *n, FieldType type);
static const char *java_bigint(const char *s, bool int32_only);
static bool decimalformat_parses(const char *s);
static char *strip_numeric_parens(const char *s);
static bool conv_date(const ClNode *n, const char **date, const char **computed);

static SerObj *serobj_new(void);
static SerItem *serobj_add(SerObj *o, ItemKind kind, const char *name);
static void serobj_set(SerObj *o, const char *name, const char *value);
static const char *serobj_get(const SerObj *o, const char *name);
static SerItem *serobj_find(const SerObj *o, ItemKind kind, const char *name);
static void sort_strings(char **v, int n);
static char *render_obj(const SerObj *o, int indent);
static void append_pad(StringInfo buf, int indent);
static void append_pair(StringInfo buf, const char *name, const char *value);
static void render_list(StringInfo buf, const SerItem *it, int indent);
static void render_strlist(StringInfo buf, const SerItem *it, int indent);
static void render_map(StringInfo buf, const SerItem *it, int indent);

static const ChangeSpec *find_spec(const char *type);
static void collect_columns(const ClNode *attrs, List **cols);
static SerObj *build_constraints(const ClNode *cons);
static SerObj *build_column(const ClNode *col, ColumnKind kind, bool index_col,
							const char *seq_schema);
static SerObj *build_generic(const ClNode *obj);
static void build_custom_change(const ClNode *attrs, SerObj *o);
static SerObj *build_change(const ClChange *change, int version, int flags);
static List *java_split_trim(const char *s);
static uint32 java_string_hash(const char *s);
static SerObj *build_visitor(const ClNode *v, int version);
static char *finish_checksum_text(const char *s);

/* ====================================================================
 * Small string helpers
 * ====================================================================
 */

static inline bool
str_eq(const char *a, const char *b)
{
	/*
	 * The same pointer (a literal, an interned name), else the first two
	 * characters rule out most names without a call.
	 */
	if (a == b)
		return a != NULL;
	return a != NULL && b != NULL && a[0] == b[0] &&
		(a[0] == '\0' || (a[1] == b[1] && strcmp(a + 1, b + 1) == 0));
}

/* String.equalsIgnoreCase for ASCII words */
static bool
str_ieq_ascii(const char *a, const char *b)
{
	return a != NULL && b != NULL && pg_strcasecmp(a, b) == 0;
}

static bool
str_starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

/* String.trim(): drop leading and trailing characters <= U+0020 */
static char *
java_trim(const char *s)
{
	size_t		len = strlen(s);
	size_t		start = 0;

	while (start < len && (unsigned char) s[start] <= ' ')
		start++;
	while (len > start && (unsigned char) s[len - 1] <= ' ')
		len--;
	return pnstrdup(s + start, len - start);
}

/* StringUtil.trimToNull */
static char *
trim_to_null(const char *s)
{
	char	   *t;

	if (s == NULL)
		return NULL;
	t = java_trim(s);
	if (t[0] == '\0')
		return NULL;
	return t;
}

/*
 * Decode one UTF-8 character and advance.  Invalid bytes are returned as
 * themselves (never fails; server strings are valid anyway).
 */
static uint32
utf8_next(const unsigned char **p)
{
	const unsigned char *s = *p;
	uint32		c = s[0];
	int			n;
	int			i;

	if (c < 0x80)
		n = 0;
	else if ((c & 0xE0) == 0xC0)
	{
		n = 1;
		c &= 0x1F;
	}
	else if ((c & 0xF0) == 0xE0)
	{
		n = 2;
		c &= 0x0F;
	}
	else if ((c & 0xF8) == 0xF0)
	{
		n = 3;
		c &= 0x07;
	}
	else
	{
		*p = s + 1;
		return c;
	}
	for (i = 1; i <= n; i++)
	{
		if ((s[i] & 0xC0) != 0x80)
		{
			*p = s + 1;
			return s[0];
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	*p = s + n + 1;
	return c;
}

static void
utf8_append(StringInfo buf, uint32 cp)
{
	if (cp < 0x80)
		appendStringInfoChar(buf, (char) cp);
	else if (cp < 0x800)
	{
		appendStringInfoChar(buf, (char) (0xC0 | (cp >> 6)));
		appendStringInfoChar(buf, (char) (0x80 | (cp & 0x3F)));
	}
	else if (cp < 0x10000)
	{
		appendStringInfoChar(buf, (char) (0xE0 | (cp >> 12)));
		appendStringInfoChar(buf, (char) (0x80 | ((cp >> 6) & 0x3F)));
		appendStringInfoChar(buf, (char) (0x80 | (cp & 0x3F)));
	}
	else
	{
		appendStringInfoChar(buf, (char) (0xF0 | (cp >> 18)));
		appendStringInfoChar(buf, (char) (0x80 | ((cp >> 12) & 0x3F)));
		appendStringInfoChar(buf, (char) (0x80 | ((cp >> 6) & 0x3F)));
		appendStringInfoChar(buf, (char) (0x80 | (cp & 0x3F)));
	}
}

/*
 * Java String.compareTo (UTF-16 code unit order) on UTF-8 strings.  Code
 * points above U+FFFF are surrogate pairs in Java, so they sort between
 * U+D7FF and U+E000.
 */
static int
utf16_cmp(const char *a, const char *b)
{
	const unsigned char *pa = (const unsigned char *) a;
	const unsigned char *pb = (const unsigned char *) b;

	/* the common prefix, and ASCII at the first difference, decide alone */
	while (*pa && *pa == *pb)
	{
		pa++;
		pb++;
	}
	if (*pa < 0x80 && *pb < 0x80)
		return (*pa > *pb) - (*pa < *pb);
	/* else decode from the start of the character where they differ */
	while (pa > (const unsigned char *) a &&
		   ((*pa & 0xC0) == 0x80 || (*pb & 0xC0) == 0x80))
	{
		pa--;
		pb--;
	}
	while (*pa && *pb)
	{
		uint32		ca = utf8_next(&pa);
		uint32		cb = utf8_next(&pb);

		if (ca >= 0xE000 && ca <= 0xFFFF)
			ca += 0x200000;
		if (cb >= 0xE000 && cb <= 0xFFFF)
			cb += 0x200000;
		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	if (*pa)
		return 1;
	if (*pb)
		return -1;
	return 0;
}

/* Java String.length() of a UTF-8 string */
static int
utf16_len(const char *s)
{
	const unsigned char *p = (const unsigned char *) s;
	int			n = 0;

	while (*p)
		n += (utf8_next(&p) >= 0x10000) ? 2 : 1;
	return n;
}

/* UTF-16 code units of a UTF-8 string (palloc'd); returns the count */
static int
to_utf16(const char *s, uint16 **out)
{
	const unsigned char *p = (const unsigned char *) s;
	uint16	   *u = palloc((strlen(s) + 1) * sizeof(uint16));
	int			n = 0;

	while (*p)
	{
		uint32		c = utf8_next(&p);

		if (c >= 0x10000)
		{
			c -= 0x10000;
			u[n++] = (uint16) (0xD800 + (c >> 10));
			u[n++] = (uint16) (0xDC00 + (c & 0x3FF));
		}
		else
			u[n++] = (uint16) c;
	}
	*out = u;
	return n;
}

/*
 * StringUtil.limitSize: longer than max UTF-16 units -> first max-3 units
 * plus "...".  A surrogate pair cut in half leaves a lone surrogate in Java,
 * which the JDBC driver sends as '?'.
 */
static char *
limit_size(const char *s, int max)
{
	StringInfoData buf;
	const unsigned char *p = (const unsigned char *) s;
	int			keep = max - 3;
	int			used = 0;

	if (utf16_len(s) <= max)
		return pstrdup(s);
	initStringInfo(&buf);
	while (*p && used < keep)
	{
		const unsigned char *start = p;
		uint32		c = utf8_next(&p);
		int			units = (c >= 0x10000) ? 2 : 1;

		if (used + units > keep)
		{
			appendStringInfoChar(&buf, '?');
			break;
		}
		appendBinaryStringInfo(&buf, (const char *) start, (int) (p - start));
		used += units;
	}
	appendStringInfoString(&buf, "...");
	return buf.data;
}

/* ====================================================================
 * Java number formatting
 * ====================================================================
 */

/* Decimal text of an unsigned number written in base 2, 8, 10 or 16. */
static char *
bignum_to_decimal(const char *digits, int base, bool negative)
{
	int			ndig = strlen(digits);
	int			maxlimbs = ndig / 2 + 2;
	uint32	   *limb = palloc0(maxlimbs * sizeof(uint32));
	int			nlimbs = 1;
	int			i;
	StringInfoData buf;
	bool		zero;

	for (i = 0; i < ndig; i++)
	{
		int			c = (unsigned char) digits[i];
		uint64		carry;
		int			j;

		if (c >= '0' && c <= '9')
			carry = c - '0';
		else if (c >= 'a' && c <= 'f')
			carry = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			carry = c - 'A' + 10;
		else
			continue;
		for (j = 0; j < nlimbs; j++)
		{
			uint64		v = (uint64) limb[j] * base + carry;

			limb[j] = (uint32) (v % 1000000000);
			carry = v / 1000000000;
		}
		if (carry && nlimbs < maxlimbs)
			limb[nlimbs++] = (uint32) carry;
	}
	while (nlimbs > 1 && limb[nlimbs - 1] == 0)
		nlimbs--;
	zero = (nlimbs == 1 && limb[0] == 0);
	initStringInfo(&buf);
	if (negative && !zero)
		appendStringInfoChar(&buf, '-');
	appendStringInfo(&buf, "%u", limb[nlimbs - 1]);
	for (i = nlimbs - 2; i >= 0; i--)
		appendStringInfo(&buf, "%09u", limb[i]);
	return buf.data;
}

/*
 * Double.toString: the shortest decimal that reads back as the same double
 * (JDK 19+ algorithm; older JDKs agree for ordinary values), in plain
 * notation for 1e-3 <= |d| < 1e7 and as d.dddE<n> otherwise.
 */
static char *
java_double_to_string(double d)
{
	char		tmp[64];
	char		digits[32];
	int			ndigits = 0;
	int			exp10;
	int			prec;
	char	   *p;
	bool		neg;
	double		ad;
	StringInfoData buf;
	int			i;

	if (isnan(d))
		return pstrdup("NaN");
	if (isinf(d))
		return pstrdup(d > 0 ? "Infinity" : "-Infinity");
	if (d == 0)
		return pstrdup(signbit(d) ? "-0.0" : "0.0");

	for (prec = 1; prec <= 17; prec++)
	{
		snprintf(tmp, sizeof(tmp), "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}

	/* tmp is [-]d[.ddd]e[+-]xx */
	p = tmp;
	neg = (*p == '-');
	if (neg)
		p++;
	while (*p && *p != 'e')
	{
		if (*p >= '0' && *p <= '9' && ndigits < (int) sizeof(digits) - 1)
			digits[ndigits++] = *p;
		p++;
	}
	digits[ndigits] = '\0';
	exp10 = (*p == 'e') ? atoi(p + 1) : 0;
	while (ndigits > 1 && digits[ndigits - 1] == '0')
		digits[--ndigits] = '\0';

	initStringInfo(&buf);
	if (neg)
		appendStringInfoChar(&buf, '-');
	ad = fabs(d);
	if (ad >= 1e-3 && ad < 1e7)
	{
		if (exp10 >= 0)
		{
			for (i = 0; i <= exp10; i++)
				appendStringInfoChar(&buf, i < ndigits ? digits[i] : '0');
			appendStringInfoChar(&buf, '.');
			if (ndigits > exp10 + 1)
				appendStringInfoString(&buf, digits + exp10 + 1);
			else
				appendStringInfoChar(&buf, '0');
		}
		else
		{
			appendStringInfoString(&buf, "0.");
			for (i = 0; i < -exp10 - 1; i++)
				appendStringInfoChar(&buf, '0');
			appendStringInfoString(&buf, digits);
		}
	}
	else
	{
		appendStringInfoChar(&buf, digits[0]);
		appendStringInfoChar(&buf, '.');
		if (ndigits > 1)
			appendStringInfoString(&buf, digits + 1);
		else
			appendStringInfoChar(&buf, '0');
		appendStringInfo(&buf, "E%d", exp10);
	}
	return buf.data;
}

/* ====================================================================
 * Calendar arithmetic (UTC, lenient like java.util.GregorianCalendar)
 * ====================================================================
 */

static int64
floor_div(int64 a, int64 b)
{
	int64		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

static int64
floor_mod(int64 a, int64 b)
{
	return a - floor_div(a, b) * b;
}

/* days since 1970-01-01 of a proleptic Gregorian date */
static int64
days_from_civil(int64 y, int m, int d)
{
	int64		era;
	int64		yoe;
	int64		doy;
	int64		doe;

	y -= (m <= 2);
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64 z, int64 *y, int *m, int *d)
{
	int64		era;
	int64		doe;
	int64		yoe;
	int64		doy;
	int64		mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int) (doy - (153 * mp + 2) / 5 + 1);
	*m = (int) (mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Calendar.set(...) of possibly out-of-range fields, then getTime() */
static int64
lenient_millis(int64 y, int64 mon, int64 d, int64 h, int64 mi, int64 s,
			   int64 ms)
{
	int64		m0 = mon - 1;
	int64		days;

	y += floor_div(m0, 12);
	days = days_from_civil(y, (int) floor_mod(m0, 12) + 1, 1) + (d - 1);
	return (((days * 24 + h) * 60 + mi) * 60 + s) * 1000 + ms;
}

/* SimpleDateFormat "yyyy": year of era, at least four digits */
static void
append_year4(StringInfo buf, int64 y)
{
	if (y <= 0)
		y = 1 - y;
	appendStringInfo(buf, "%04lld", (long long) y);
}

static void
append_2d(StringInfo buf, int64 v)
{
	appendStringInfo(buf, "%02lld", (long long) v);
}

/* "yyyy-MM-dd" of an instant */
static void
append_date_part(StringInfo buf, int64 millis)
{
	int64		y;
	int			m;
	int			d;

	civil_from_days(floor_div(millis, 86400000), &y, &m, &d);
	append_year4(buf, y);
	appendStringInfoChar(buf, '-');
	append_2d(buf, m);
	appendStringInfoChar(buf, '-');
	append_2d(buf, d);
}

/* "HH:mm:ss" of an instant */
static void
append_time_part(StringInfo buf, int64 millis)
{
	int64		secs = floor_mod(millis, 86400000) / 1000;

	append_2d(buf, secs / 3600);
	appendStringInfoChar(buf, ':');
	append_2d(buf, (secs / 60) % 60);
	appendStringInfoChar(buf, ':');
	append_2d(buf, secs % 60);
}

/* ISODateFormat.format(java.sql.Timestamp) */
static char *
format_timestamp(int64 millis, int nanos)
{
	StringInfoData buf;

	initStringInfo(&buf);
	append_date_part(&buf, millis);
	appendStringInfoChar(&buf, 'T');
	append_time_part(&buf, millis);
	if (nanos != 0)
	{
		char		ns[16];
		int			last;

		snprintf(ns, sizeof(ns), "%09d", nanos);
		for (last = 8; last > 0 && ns[last] == '0'; last--)
			;
		ns[last + 1] = '\0';
		appendStringInfoChar(&buf, '.');
		appendStringInfoString(&buf, ns);
	}
	return buf.data;
}

/* java.util.Date.toString() in a UTC JVM: "EEE MMM dd HH:mm:ss zzz yyyy" */
static char *
java_date_to_string(int64 millis)
{
	static const char *const dow[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
	"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	StringInfoData buf;
	int64		days = floor_div(millis, 86400000);
	int64		y;
	int			m;
	int			d;

	civil_from_days(days, &y, &m, &d);
	initStringInfo(&buf);
	appendStringInfo(&buf, "%s %s ", dow[floor_mod(days + 4, 7)], mon[m - 1]);
	append_2d(&buf, d);
	appendStringInfoChar(&buf, ' ');
	append_time_part(&buf, millis);
	appendStringInfo(&buf, " UTC %lld", (long long) y);
	return buf.data;
}

/* ====================================================================
 * ISODateFormat.parse + format (java.text.SimpleDateFormat, lenient)
 * ====================================================================
 */

/*
 * The integer NumberFormat SimpleDateFormat uses for numeric fields: "NaN",
 * an optional '-', "\u221E" or ASCII digits; Number.intValue() of the result.
 */
static bool
sdf_number(const uint16 *t, int len, int *pos, int64 *value)
{
	int			p = *pos;
	bool		neg = false;
	uint64		acc = 0;
	bool		overflow = false;
	bool		any = false;

	if (p + 3 <= len && t[p] == 'N' && t[p + 1] == 'a' && t[p + 2] == 'N')
	{
		*value = 0;
		*pos = p + 3;
		return true;
	}
	if (p < len && t[p] == '-')
	{
		neg = true;
		p++;
	}
	if (p < len && t[p] == 0x221E)
	{
		*value = neg ? PG_INT32_MIN : PG_INT32_MAX;
		*pos = p + 1;
		return true;
	}
	while (p < len && t[p] >= '0' && t[p] <= '9')
	{
		int			dg = t[p] - '0';

		if (acc > (PG_UINT64_MAX - dg) / 10)
			overflow = true;
		else
			acc = acc * 10 + dg;
		any = true;
		p++;
	}
	if (!any)
		return false;
	if (overflow || acc > (uint64) PG_INT64_MAX + (neg ? 1 : 0))
		*value = neg ? PG_INT32_MIN : PG_INT32_MAX;	/* Double.intValue() */
	else
	{
		int64		v = neg ? (int64) (0 - acc) : (int64) acc;

		*value = (int32) (uint32) (uint64) v;	/* Long.intValue() */
	}
	*pos = p;
	return true;
}

/*
 * Lenient SimpleDateFormat.parse(String) of a prefix of t.  Pattern letters
 * y M d H m s are numeric fields, anything else a literal character.  fields
 * receives year, month (1-based), day, hour, minute, second; unparsed ones
 * keep the epoch defaults.
 */
static bool
sdf_parse(const uint16 *t, int len, const char *pattern, int64 *fields)
{
	int			pos = 0;
	const char *p;

	fields[0] = 1970;
	fields[1] = 1;
	fields[2] = 1;
	fields[3] = fields[4] = fields[5] = 0;
	for (p = pattern; *p; p++)
	{
		const char *letters = "yMdHms";
		const char *f = strchr(letters, *p);

		if (f != NULL)
		{
			/* skip spaces and tabs before a number; fail at the end */
			for (;;)
			{
				if (pos >= len)
					return false;
				if (t[pos] != ' ' && t[pos] != '\t')
					break;
				pos++;
			}
			if (!sdf_number(t, len, &pos, &fields[f - letters]))
				return false;
		}
		else
		{
			if (pos >= len || t[pos] != (uint16) (unsigned char) *p)
				return false;
			pos++;
		}
	}
	return true;
}

/*
 * OffsetDateTime.parse(s) (ISO_OFFSET_DATE_TIME, strict) for a string that
 * has '.' at index 19; on success returns the nanoseconds.
 */
static bool
iso_offset_parse(const uint16 *t, int len, int *nanos)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			i;
	int			v[6];
	int			pos;
	int			nd = 0;
	int			frac = 0;
	int			maxday;
	int			year;

	/* yyyy-MM-ddTHH:mm:ss. */
	static const char *const shape = "dddd-dd-ddTdd:dd:dd.";

	if (len < 21)
		return false;
	for (i = 0; i < 20; i++)
	{
		if (shape[i] == 'd')
		{
			if (t[i] < '0' || t[i] > '9')
				return false;
		}
		else if (shape[i] == 'T')
		{
			if (t[i] != 'T' && t[i] != 't')
				return false;
		}
		else if (t[i] != (uint16) shape[i])
			return false;
	}
	year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
	for (i = 0; i < 5; i++)
		v[i + 1] = (t[5 + 3 * i] - '0') * 10 + (t[6 + 3 * i] - '0');
	/* v[1] month, v[2] day, v[3] hour, v[4] minute, v[5] second */
	if (v[1] < 1 || v[1] > 12 || v[3] > 23 || v[4] > 59 || v[5] > 59)
		return false;
	maxday = mdays[v[1] - 1];
	if (v[1] == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
		maxday = 29;
	if (v[2] < 1 || v[2] > maxday)
		return false;
	pos = 20;
	while (pos < len && t[pos] >= '0' && t[pos] <= '9')
	{
		if (nd == 9)
			return false;
		frac = frac * 10 + (t[pos] - '0');
		nd++;
		pos++;
	}
	for (i = nd; i < 9; i++)
		frac *= 10;
	if (pos >= len)
		return false;
	if (t[pos] == 'Z' || t[pos] == 'z')
		pos++;
	else if (t[pos] == '+' || t[pos] == '-')
	{
		int			hh;
		int			mm;
		int			ss = 0;

		if (pos + 6 > len || t[pos + 3] != ':')
			return false;
		for (i = 1; i <= 5; i++)
			if (i != 3 && (t[pos + i] < '0' || t[pos + i] > '9'))
				return false;
		hh = (t[pos + 1] - '0') * 10 + (t[pos + 2] - '0');
		mm = (t[pos + 4] - '0') * 10 + (t[pos + 5] - '0');
		pos += 6;
		if (pos < len && t[pos] == ':')
		{
			if (pos + 3 > len || t[pos + 1] < '0' || t[pos + 1] > '9' ||
				t[pos + 2] < '0' || t[pos + 2] > '9')
				return false;
			ss = (t[pos + 1] - '0') * 10 + (t[pos + 2] - '0');
			pos += 3;
		}
		if (hh > 18 || mm > 59 || ss > 59 || (hh == 18 && (mm > 0 || ss > 0)))
			return false;
	}
	else
		return false;
	if (pos != len)
		return false;
	*nanos = frac;
	return true;
}

/*
 * ISODateFormat.parse(s) followed by ISODateFormat.format(result): the text
 * Liquibase serialises for a valueDate / defaultValueDate.  NULL when the
 * parse throws (Liquibase then uses the text as valueComputed).
 */
static char *
iso_date_normalize(const char *s)
{
	uint16	   *t;
	int			len = to_utf16(s, &t);
	int64		f[6];
	bool		has_space = false;
	bool		has_colon = false;
	bool		has_dash = false;
	bool		has_dot = false;
	int			i;
	int64		ms;
	StringInfoData buf;

	for (i = 0; i < len; i++)
	{
		has_space |= (t[i] == ' ');
		has_colon |= (t[i] == ':');
		has_dash |= (t[i] == '-');
		has_dot |= (t[i] == '.');
	}

	switch (len)
	{
		case 8:
			if (!sdf_parse(t, len, "H:m:s", f))
				return NULL;
			break;
		case 10:
			if (!sdf_parse(t, len, "y-M-d", f))
				return NULL;
			ms = lenient_millis(f[0], f[1], f[2], 0, 0, 0, 0);
			initStringInfo(&buf);
			append_date_part(&buf, ms);
			return buf.data;
		case 19:
			if (!sdf_parse(t, len, has_space ? "y-M-d H:m:s" : "y-M-dTH:m:s", f))
				return NULL;
			ms = lenient_millis(f[0], f[1], f[2], f[3], f[4], f[5], 0);
			return format_timestamp(ms, 0);
		default:
			if (has_colon && !has_dash)
			{
				if (has_dot)
					return NULL;
				if (!sdf_parse(t, len, "H:m:s", f))
					return NULL;
				break;
			}
			if (len < 19 || t[19] != '.')
				return NULL;
			if (!sdf_parse(t, 19, has_space ? "y-M-d H:m:s" : "y-M-dTH:m:s", f))
				return NULL;
			ms = lenient_millis(f[0], f[1], f[2], f[3], f[4], f[5], 0);
			{
				int			nanos;

				if (!iso_offset_parse(t, len, &nanos))
				{
					/* Integer.parseInt(substring(20)), spaces made 'T' */
					int			p = 20;
					bool		neg = false;
					int64		acc = 0;
					int			k;

					if (p < len && (t[p] == '-' || t[p] == '+'))
					{
						neg = (t[p] == '-');
						p++;
					}
					if (p >= len)
						return NULL;
					for (; p < len; p++)
					{
						if (t[p] < '0' || t[p] > '9')
							return NULL;
						acc = acc * 10 + (t[p] - '0');
						if (acc > (int64) PG_INT32_MAX + 1)
							return NULL;
					}
					if (neg)
						acc = -acc;
					if (acc > PG_INT32_MAX || acc < PG_INT32_MIN)
						return NULL;
					nanos = (int32) acc;
					/* for (; length < 29; length++) nanos *= 10; (int) */
					for (k = len; k < 29; k++)
						nanos = (int32) ((uint32) nanos * 10u);
				}
				if (nanos < 0 || nanos > 999999999)
					return NULL;	/* Timestamp.setNanos throws */
				return format_timestamp(ms, nanos);
			}
	}

	/* java.sql.Time: only the time of day is printed */
	ms = lenient_millis(1970, 1, 1, f[3], f[4], f[5], 0);
	initStringInfo(&buf);
	append_time_part(&buf, ms);
	return buf.data;
}

/* ====================================================================
 * YAML 1.1 typing of plain scalars (SnakeYAML 2.2 Resolver + constructors,
 * Liquibase's CustomConstructYamlTimestamp)
 * ====================================================================
 */

static bool
yaml_is_bool(const char *s, bool *val)
{
	static const char *const t[] = {"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", NULL};
	static const char *const f[] = {"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", NULL};
	int			i;

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

#define IS_DIGIT(c) ((c) >= '0' && (c) <= '9')
#define IS_HEX(c) (IS_DIGIT(c) || ((c) >= 'a' && (c) <= 'f') || ((c) >= 'A' && (c) <= 'F'))

/* (":" [0-5]?[0-9])+ at p; returns the end or NULL */
static const char *
yaml_sexagesimal_tail(const char *p)
{
	int			groups = 0;

	while (*p == ':')
	{
		p++;
		if (p[0] >= '0' && p[0] <= '5' && IS_DIGIT(p[1]))
			p += 2;
		else if (IS_DIGIT(p[0]))
			p += 1;
		else
			return NULL;
		groups++;
	}
	return groups ? p : NULL;
}

/* Resolver.INT */
static bool
yaml_is_int(const char *s)
{
	const char *p = s;
	const char *q;

	if (*p == '-' || *p == '+')
		p++;
	if (p[0] == '0' && p[1] == 'b')
	{
		q = p + 2;
		while (*q == '_')
			q++;
		if (*q != '0' && *q != '1')
			return false;
		while (*q == '0' || *q == '1' || *q == '_')
			q++;
		return *q == '\0';
	}
	if (p[0] == '0' && p[1] == 'x')
	{
		q = p + 2;
		while (*q == '_')
			q++;
		if (!IS_HEX(*q))
			return false;
		while (IS_HEX(*q) || *q == '_')
			q++;
		return *q == '\0';
	}
	if (p[0] == '0')
	{
		if (p[1] == '\0')
			return true;
		q = p + 1;
		while (*q == '_')
			q++;
		if (*q < '0' || *q > '7')
			return false;
		while ((*q >= '0' && *q <= '7') || *q == '_')
			q++;
		return *q == '\0';
	}
	if (*p >= '1' && *p <= '9')
	{
		q = p + 1;
		while (IS_DIGIT(*q) || *q == '_')
			q++;
		if (*q == '\0')
			return true;
		q = yaml_sexagesimal_tail(q);
		return q != NULL && *q == '\0';
	}
	return false;
}

/* ([eE][-+]?[0-9]+)? at p; returns the end */
static const char *
yaml_exponent(const char *p, bool *present)
{
	const char *q = p;

	*present = false;
	if (*q != 'e' && *q != 'E')
		return p;
	q++;
	if (*q == '-' || *q == '+')
		q++;
	if (!IS_DIGIT(*q))
		return p;
	while (IS_DIGIT(*q))
		q++;
	*present = true;
	return q;
}

/* Resolver.FLOAT */
static bool
yaml_is_float(const char *s)
{
	const char *p = s;
	const char *q;
	bool		e;

	if (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 || strcmp(s, ".NAN") == 0)
		return true;
	if (*p == '-' || *p == '+')
		p++;
	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 || strcmp(p, ".INF") == 0)
		return true;
	if (*p == '.')
	{
		q = p + 1;
		if (!IS_DIGIT(*q) && *q != '_')
			return false;
		while (IS_DIGIT(*q) || *q == '_')
			q++;
		q = yaml_exponent(q, &e);
		return *q == '\0';
	}
	if (!IS_DIGIT(*p))
		return false;
	q = p + 1;
	while (IS_DIGIT(*q) || *q == '_')
		q++;
	if (*q == '.')
	{
		q++;
		while (IS_DIGIT(*q) || *q == '_')
			q++;
		q = yaml_exponent(q, &e);
		return *q == '\0';
	}
	if (*q == 'e' || *q == 'E')
	{
		q = yaml_exponent(q, &e);
		return e && *q == '\0';
	}
	if (*q == ':')
	{
		q = yaml_sexagesimal_tail(q);
		if (q == NULL || *q != '.')
			return false;
		q++;
		while (IS_DIGIT(*q) || *q == '_')
			q++;
		return *q == '\0';
	}
	return false;
}

/* Resolver.NULL / EMPTY */
static bool
yaml_is_null(const char *s)
{
	return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
		strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* take 1..max digits; returns count */
static int
take_digits(const char **p, int min, int max, int *val)
{
	int			n = 0;

	*val = 0;
	while (n < max && IS_DIGIT(**p))
	{
		*val = *val * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min ? n : 0;
}

/* Resolver.TIMESTAMP */
static bool
yaml_is_timestamp(const char *s)
{
	const char *p = s;
	int			v;
	int			n;

	if (strlen(s) > 50)
		return false;
	if (!take_digits(&p, 4, 4, &v) || *p++ != '-')
		return false;
	n = take_digits(&p, 1, 2, &v);
	if (!n || *p++ != '-')
		return false;
	if (take_digits(&p, 1, 2, &v) == 2 && n == 2 && *p == '\0')
		return true;			/* yyyy-mm-dd */
	/* the time form: back up over the day and re-read it */
	p = s + 5 + n + 1;
	if (!take_digits(&p, 1, 2, &v))
		return false;
	if (*p == 'T' || *p == 't')
		p++;
	else if (*p == ' ' || *p == '\t')
	{
		while (*p == ' ' || *p == '\t')
			p++;
	}
	else
		return false;
	if (!take_digits(&p, 1, 2, &v) || *p++ != ':')
		return false;
	if (!take_digits(&p, 2, 2, &v) || *p++ != ':')
		return false;
	if (!take_digits(&p, 2, 2, &v))
		return false;
	if (*p == '.')
	{
		p++;
		while (IS_DIGIT(*p))
			p++;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == 'Z')
		p++;
	else if (*p == '-' || *p == '+')
	{
		p++;
		if (!take_digits(&p, 1, 2, &v))
			return false;
		if (*p == ':')
		{
			p++;
			if (!take_digits(&p, 2, 2, &v))
				return false;
		}
	}
	return *p == '\0';
}

/* ConstructYamlInt: the Integer/Long/BigInteger's decimal text */
static char *
yaml_construct_int(const char *s)
{
	StringInfoData v;
	const char *p;
	bool		neg = false;
	char	   *val;

	initStringInfo(&v);
	for (p = s; *p; p++)
		if (*p != '_')
			appendStringInfoChar(&v, *p);
	val = v.data;
	if (*val == '-' || *val == '+')
	{
		neg = (*val == '-');
		val++;
	}
	if (strcmp(val, "0") == 0)
		return pstrdup("0");
	if (str_starts(val, "0b"))
		return bignum_to_decimal(val + 2, 2, neg);
	if (str_starts(val, "0x"))
		return bignum_to_decimal(val + 2, 16, neg);
	if (val[0] == '0')
		return bignum_to_decimal(val + 1, 8, neg);
	if (strchr(val, ':') != NULL)
	{
		/*
		 * base 60, accumulated in a Java int: val += part * bes; bes *= 60,
		 * i.e. the value modulo 2^32
		 */
		uint32		acc = 0;
		int32		ival;

		for (p = val; *p; p++)
		{
			if (*p == ':')
				continue;
			acc = acc * 60u + (uint32) strtol(p, (char **) &p, 10);
			p--;
		}
		ival = (int32) acc;
		if (neg && ival < 0)
			return pstrdup(s);	/* Java fails here ("--n"); keep the text */
		return psprintf("%s%d", (neg && ival != 0) ? "-" : "", ival);
	}
	return bignum_to_decimal(val, 10, neg);
}

/* ConstructYamlFloat: Double.toString of the value */
static char *
yaml_construct_float(const char *s)
{
	StringInfoData v;
	const char *p;
	char	   *val;
	int			sign = 1;
	double		d;

	initStringInfo(&v);
	for (p = s; *p; p++)
		if (*p != '_')
			appendStringInfoChar(&v, *p);
	val = v.data;
	if (*val == '-' || *val == '+')
	{
		sign = (*val == '-') ? -1 : 1;
		val++;
	}
	if (pg_strcasecmp(val, ".inf") == 0)
		return pstrdup(sign < 0 ? "-Infinity" : "Infinity");
	if (pg_strcasecmp(val, ".nan") == 0)
		return pstrdup("NaN");
	if (strchr(val, ':') != NULL)
	{
		/* val += part * bes, from the last part, bes *= 60 in a Java int */
		const char *end = val + strlen(val);
		int32		bes = 1;

		d = 0.0;
		while (end > val)
		{
			const char *start = end;

			while (start > val && start[-1] != ':')
				start--;
			d += strtod(pnstrdup(start, end - start), NULL) * bes;
			bes = (int32) ((uint32) bes * 60u);
			end = (start > val) ? start - 1 : val;
		}
		return java_double_to_string(sign * d);
	}
	d = strtod(val, NULL);
	return java_double_to_string(d * sign);
}

/*
 * CustomConstructYamlTimestamp: a date alone becomes a java.util.Date (UTC
 * midnight); a date-time without offset becomes the String
 * "yyyy-MM-dd HH:mm:ss"; with an offset, the String Date.toString().
 */
static void
yaml_construct_timestamp(const char *s, JVal *out)
{
	const char *p = s;
	int			year,
				month,
				day,
				hour,
				minute,
				sec;
	const char *secstart;
	StringInfoData secs;
	double		fractions;
	int64		sec_s;
	int64		usec;
	int64		ms;
	bool		has_tz = false;
	int64		offset_min = 0;

	take_digits(&p, 4, 4, &year);
	p++;
	take_digits(&p, 1, 2, &month);
	p++;
	take_digits(&p, 1, 2, &day);
	if (*p == '\0')
	{
		out->kind = JK_DATE;
		out->millis = lenient_millis(year, month, day, 0, 0, 0, 0);
		out->s = java_date_to_string(out->millis);
		return;
	}
	if (*p == 'T' || *p == 't')
		p++;
	else
		while (*p == ' ' || *p == '\t')
			p++;
	take_digits(&p, 1, 2, &hour);
	p++;
	take_digits(&p, 2, 2, &minute);
	p++;
	secstart = p;
	take_digits(&p, 2, 2, &sec);
	initStringInfo(&secs);
	appendBinaryStringInfo(&secs, secstart, 2);
	if (*p == '.')
	{
		p++;
		appendStringInfoChar(&secs, '.');
		while (IS_DIGIT(*p))
			appendStringInfoChar(&secs, *p++);
	}
	fractions = strtod(secs.data, NULL);
	sec_s = (int64) round(floor(fractions));
	usec = (int64) floor((fractions - sec_s) * 1000 + 0.5);
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '-' || *p == '+')
	{
		bool		neg = (*p == '-');
		int			tzh;
		int			tzm = 0;

		p++;
		take_digits(&p, 1, 2, &tzh);
		if (*p == ':')
		{
			p++;
			take_digits(&p, 2, 2, &tzm);
		}
		/* without minutes the zone id is "GMT+h00" / "GMT+hh00" */
		has_tz = true;
		/* TimeZone.getTimeZone falls back to GMT for an invalid id */
		if (tzh > 23 || tzm > 59)
			offset_min = 0;
		else
			offset_min = (neg ? -1 : 1) * (tzh * 60 + tzm);
	}
	ms = lenient_millis(year, month, day, hour, minute, sec_s, usec);
	out->kind = JK_STRING;
	if (has_tz)
		out->s = java_date_to_string(ms - offset_min * 60000);
	else
	{
		StringInfoData buf;

		initStringInfo(&buf);
		append_date_part(&buf, ms);
		appendStringInfoChar(&buf, ' ');
		append_time_part(&buf, ms);
		out->s = buf.data;
	}
}

/*
 * The Java object SnakeYAML builds for a plain scalar.  false when it is
 * null.
 */
static bool
yaml_resolve(const char *text, JVal *out)
{
	char		c = text[0];
	size_t		len = strlen(text);
	bool		b;

	out->millis = 0;
	if (c != '\0' && strchr("yYnNtTfFoO", c) != NULL && len <= 10 &&
		yaml_is_bool(text, &b))
	{
		out->kind = JK_BOOL;
		out->s = b ? "true" : "false";
		return true;
	}
	if (c != '\0' && strchr("-+0123456789", c) != NULL && len <= 1024 &&
		yaml_is_int(text))
	{
		out->kind = JK_INT;
		out->s = yaml_construct_int(text);
		return true;
	}
	if (c != '\0' && strchr("-+0123456789.", c) != NULL && len <= 1024 &&
		yaml_is_float(text))
	{
		out->kind = JK_FLOAT;
		out->s = yaml_construct_float(text);
		return true;
	}
	if (yaml_is_null(text))
		return false;
	if (IS_DIGIT(c) && yaml_is_timestamp(text))
	{
		yaml_construct_timestamp(text, out);
		return true;
	}
	out->kind = JK_STRING;
	out->s = text;
	return true;
}

/* ====================================================================
 * Liquibase value conversion (ParsedNode.convertObject and setters)
 * ====================================================================
 */

/* first field of an object with that name */
static const ClNode *
obj_field(const ClNode *obj, const char *name)
{
	ListCell   *lc;

	if (obj == NULL || obj->kind != CLN_OBJECT)
		return NULL;
	foreach(lc, obj->items)
	{
		const ClNode *c = (const ClNode *) lfirst(lc);

		if (c != NULL && str_eq(c->name, name))
			return c;
	}
	return NULL;
}

/*
 * One of 64 bits for a name (its length, first, middle and last bytes; a
 * constant for a literal).  The mask of the names an object holds rules out
 * most of the fields a serialiser asks for without a scan.
 */
static inline uint64
name_bit(const char *s)
{
	size_t		len = strlen(s);
	uint32		h = (uint32) len;

	if (len > 0)
	{
		h = h * 31 + (unsigned char) s[0];
		h = h * 31 + (unsigned char) s[len / 2];
		h = h * 31 + (unsigned char) s[len - 1];
	}
	return UINT64CONST(1) << ((h ^ (h >> 6) ^ (h >> 12)) & 63);
}

/* An object's fields for many lookups: the mask of its names, then obj_field */
typedef struct FieldIndex
{
	const ClNode *obj;
	uint64		names;
} FieldIndex;

static void
field_index_init(FieldIndex *fi, const ClNode *obj)
{
	ListCell   *lc;

	fi->obj = obj;
	fi->names = 0;
	if (obj == NULL || obj->kind != CLN_OBJECT)
		return;
	foreach(lc, obj->items)
	{
		const ClNode *c = (const ClNode *) lfirst(lc);

		if (c != NULL && c->name != NULL)
			fi->names |= name_bit(c->name);
	}
}

/* obj_field, when name's bit (name_bit(name)) is among the object's */
static inline const ClNode *
field_get_bit(const FieldIndex *fi, const char *name, uint64 bit)
{
	return (fi->names & bit) ? obj_field(fi->obj, name) : NULL;
}

static inline const ClNode *
field_get(const FieldIndex *fi, const char *name)
{
	return field_get_bit(fi, name, name_bit(name));
}

/*
 * Set each of a NULL-terminated list of fields (none set yet) from the
 * object, as a boolean or a string; bits (one per name, zero until
 * computed here once) are the names' name_bit.
 */
static const char *conv_bool(const ClNode *n);
static const char *conv_str(const ClNode *n);
static void serobj_set_new(SerObj *o, const char *name, const char *value);

static void
set_listed(SerObj *o, const FieldIndex *fi, const char *const *names,
		   uint64 *bits, bool as_bool)
{
	int			i;

	if (names[0] != NULL && bits[0] == 0)
	{
		for (i = 0; names[i]; i++)
			bits[i] = name_bit(names[i]);
	}
	for (i = 0; names[i]; i++)
	{
		const ClNode *n = field_get_bit(fi, names[i], bits[i]);

		serobj_set_new(o, names[i], as_bool ? conv_bool(n) : conv_str(n));
	}
}

/* The Java value of a scalar node; false when absent, null or not a scalar */
static bool
node_jval(const ClNode *n, JVal *jv)
{
	if (n == NULL || n->kind != CLN_SCALAR || n->value == NULL)
		return false;
	if (n->typed)
		return yaml_resolve(n->value, jv);
	jv->kind = JK_STRING;
	jv->s = n->value;
	jv->millis = 0;
	return true;
}

/* a String property: toString() */
static const char *
conv_str(const ClNode *n)
{
	JVal		jv;

	if (!node_jval(n, &jv))
		return NULL;
	return jv.s;
}

/* a Boolean property: Boolean.valueOf(toString()) */
static const char *
conv_bool(const ClNode *n)
{
	JVal		jv;

	if (!node_jval(n, &jv))
		return NULL;
	return str_ieq_ascii(jv.s, "true") ? "true" : "false";
}

/*
 * new BigInteger(s) / Integer.valueOf(s): optional sign, ASCII digits.
 * Anything else makes Liquibase fail to load the changelog; we keep the
 * text so the serialiser still produces something.
 */
static const char *
java_bigint(const char *s, bool int32_only)
{
	const char *p = s;
	bool		neg = false;
	const char *digits;
	char	   *res;

	if (*p == '-' || *p == '+')
	{
		neg = (*p == '-');
		p++;
	}
	digits = p;
	if (*p == '\0')
		return s;
	for (; *p; p++)
		if (!IS_DIGIT(*p))
			return s;
	res = bignum_to_decimal(digits, 10, neg);
	if (int32_only)
	{
		char	   *end;
		long long	v = strtoll(res, &end, 10);

		if (strlen(res) > 11 || v > PG_INT32_MAX || v < PG_INT32_MIN)
			return s;
	}
	return res;
}

/* a BigInteger property */
static const char *
conv_bigint(const ClNode *n)
{
	JVal		jv;

	if (!node_jval(n, &jv))
		return NULL;
	return java_bigint(jv.s, false);
}

/* an Integer property (AddColumnConfig.position, loadData column index) */
static const char *
conv_int(const ClNode *n)
{
	JVal		jv;

	if (!node_jval(n, &jv))
		return NULL;
	return java_bigint(jv.s, true);
}

static const char *
conv_typed(const ClNode *n, FieldType type)
{
	switch (type)
	{
		case FT_BOOL:
			return conv_bool(n);
		case FT_BIGINT:
			return conv_bigint(n);
		default:
			return conv_str(n);
	}
}

/*
 * NumberFormat.getInstance(Locale.US).parse(s) succeeds: "NaN", or an
 * optional '-' followed by "\u221E" or by a run of digits, '.' (once) and
 * ',' (before the '.') that contains at least one digit.
 */
static bool
decimalformat_parses(const char *s)
{
	const char *p = s;
	bool		dot = false;

	if (str_starts(p, "NaN"))
		return true;
	if (*p == '-')
		p++;
	if (str_starts(p, "\xE2\x88\x9E"))
		return true;
	for (; *p; p++)
	{
		if (IS_DIGIT(*p))
			return true;
		if (*p == '.')
		{
			if (dot)
				return false;
			dot = true;
		}
		else if (*p == ',')
		{
			if (dot)
				return false;
		}
		else
			return false;
	}
	return false;
}

/*
 * replaceFirst("^\\(", "") then replaceFirst("\\)$", "") for a value that
 * starts with '(' (Java's $ also matches before a final line terminator).
 */
static char *
strip_numeric_parens(const char *s)
{
	char	   *r = pstrdup(s + 1);
	size_t		len = strlen(r);
	static const char *const terms[] = {"\r\n", "\n", "\r", "\xC2\x85",
	"\xE2\x80\xA8", "\xE2\x80\xA9", NULL};
	int			i;

	if (len > 0 && r[len - 1] == ')')
	{
		r[len - 1] = '\0';
		return r;
	}
	for (i = 0; terms[i]; i++)
	{
		size_t		tl = strlen(terms[i]);

		if (len > tl && strcmp(r + len - tl, terms[i]) == 0 && r[len - tl - 1] == ')')
		{
			memmove(r + len - tl - 1, r + len - tl, tl + 1);
			return r;
		}
	}
	return r;
}

/*
 * ColumnConfig valueDate / defaultValueDate: getChildValue(Date.class).
 * Sets *date to the formatted date, or *computed to the text when it is
 * not a date.  false when absent.
 */
static bool
conv_date(const ClNode *n, const char **date, const char **computed)
{
	JVal		jv;
	char	   *r;

	*date = NULL;
	*computed = NULL;
	if (!node_jval(n, &jv))
		return false;
	if (jv.kind == JK_DATE)
	{
		*date = format_timestamp(jv.millis, (int) floor_mod(jv.millis, 1000) * 1000000);
		return true;
	}
	r = iso_date_normalize(jv.s);
	if (r != NULL)
		*date = r;
	else
		*computed = jv.s;
	return true;
}

/* ====================================================================
 * The serialised object model and StringChangeLogSerializer
 * ====================================================================
 */

static SerObj *
serobj_new(void)
{
	return (SerObj *) palloc0(sizeof(SerObj));
}

static SerItem *
serobj_add(SerObj *o, ItemKind kind, const char *name)
{
	SerItem    *it;

	if (o->nitems == o->maxitems)
	{
		o->maxitems = o->maxitems ? o->maxitems * 2 : 16;
		if (o->items)
			o->items = repalloc(o->items, o->maxitems * sizeof(SerItem));
		else
			o->items = palloc(o->maxitems * sizeof(SerItem));
	}
	it = &o->items[o->nitems++];
	memset(it, 0, sizeof(SerItem));
	it->kind = kind;
	it->name = name;
	return it;
}

static SerItem *
serobj_find(const SerObj *o, ItemKind kind, const char *name)
{
	int			i;

	for (i = 0; i < o->nitems; i++)
		if (o->items[i].kind == kind && str_eq(o->items[i].name, name))
			return &o->items[i];
	return NULL;
}

/* set a scalar property; NULL removes it */
static void
serobj_set(SerObj *o, const char *name, const char *value)
{
	SerItem    *it = serobj_find(o, IK_SCALAR, name);

	if (it != NULL)
	{
		if (value != NULL)
			it->value = value;
		else
		{
			int			idx = it - o->items;

			memmove(&o->items[idx], &o->items[idx + 1],
					(o->nitems - idx - 1) * sizeof(SerItem));
			o->nitems--;
		}
	}
	else if (value != NULL)
		serobj_add(o, IK_SCALAR, name)->value = value;
}

/*
 * Set a scalar property the object does not have yet (the fields of one
 * spec, in order): no search; a NULL value adds nothing.
 */
static void
serobj_set_new(SerObj *o, const char *name, const char *value)
{
	Assert(serobj_find(o, IK_SCALAR, name) == NULL);
	if (value != NULL)
		serobj_add(o, IK_SCALAR, name)->value = value;
}

static const char *
serobj_get(const SerObj *o, const char *name)
{
	SerItem    *it = serobj_find(o, IK_SCALAR, name);

	return it ? it->value : NULL;
}

/* insertion sort in UTF-16 order (objects have few lines) */
static void
sort_strings(char **v, int n)
{
	int			i;

	for (i = 1; i < n; i++)
	{
		char	   *x = v[i];
		int			j = i - 1;

		while (j >= 0 && utf16_cmp(v[j], x) > 0)
		{
			v[j + 1] = v[j];
			j--;
		}
		v[j + 1] = x;
	}
}

static void
append_pad(StringInfo buf, int indent)
{
	int			n = 4 * indent;

	if (n <= 0)
		return;
	/* one memset (appendStringInfoSpaces writes a byte at a time) */
	enlargeStringInfo(buf, n);
	memset(buf->data + buf->len, ' ', n);
	buf->len += n;
	buf->data[buf->len] = '\0';
}

/* name="value" (without a format string: this runs for every field) */
static void
append_pair(StringInfo buf, const char *name, const char *value)
{
	appendStringInfoString(buf, name);
	appendBinaryStringInfo(buf, "=\"", 2);
	appendStringInfoString(buf, value ? value : "null");
	appendStringInfoChar(buf, '"');
}

/*
 * serializeObject(LiquibaseSerializable, indent): lines sorted and
 * de-duplicated (TreeSet), CR/CRLF made LF.
 */
static char *
render_obj(const SerObj *o, int indent)
{
	char	  **lines = palloc((o->nitems + 1) * sizeof(char *));
	int		   *starts = palloc((o->nitems + 1) * sizeof(int));
	int			n = 0;
	int			i;
	StringInfoData buf;
	char	   *r;
	char	   *w;
	StringInfoData all;

	/* every line in one buffer, each ended by a NUL, then pointed at */
	initStringInfo(&all);
	for (i = 0; i < o->nitems; i++)
	{
		const SerItem *it = &o->items[i];

		starts[n++] = all.len;
		append_pad(&all, indent);
		switch (it->kind)
		{
			case IK_SCALAR:
				append_pair(&all, it->name, it->value);
				break;
			case IK_OBJECT:
				appendStringInfoString(&all, render_obj(it->obj, indent + 1));
				break;
			case IK_LIST:
				appendStringInfoString(&all, it->name);
				appendStringInfoChar(&all, '=');
				render_list(&all, it, indent + 1);
				break;
			case IK_STRLIST:
				appendStringInfoString(&all, it->name);
				appendStringInfoChar(&all, '=');
				render_strlist(&all, it, indent + 1);
				break;
			case IK_MAP:
				appendStringInfoString(&all, it->name);
				appendStringInfoChar(&all, '=');
				render_map(&all, it, indent + 1);
				break;
		}
		appendStringInfoChar(&all, '\0');
	}
	for (i = 0; i < n; i++)
		lines[i] = all.data + starts[i];
	sort_strings(lines, n);

	initStringInfo(&buf);
	appendStringInfoChar(&buf, '[');
	if (n > 0)
	{
		appendStringInfoChar(&buf, '\n');
		for (i = 0; i < n; i++)
		{
			if (i > 0 && strcmp(lines[i], lines[i - 1]) == 0)
				continue;
			if (i > 0)
				appendStringInfoChar(&buf, '\n');
			appendStringInfoString(&buf, lines[i]);
		}
		appendStringInfoChar(&buf, '\n');
	}
	append_pad(&buf, indent - 1);
	appendStringInfoChar(&buf, ']');

	/* .replace("\r\n", "\n").replace("\r", "\n"), when there is a CR */
	if (memchr(buf.data, '\r', buf.len) == NULL)
		return buf.data;
	for (r = w = buf.data; *r; r++)
	{
		if (*r == '\r')
		{
			*w++ = '\n';
			if (r[1] == '\n')
				r++;
		}
		else
			*w++ = *r;
	}
	*w = '\0';
	return buf.data;
}

/* serializeObject(Collection) of serialisable objects */
static void
render_list(StringInfo buf, const SerItem *it, int indent)
{
	int			i;

	if (it->n == 0)
	{
		appendStringInfoString(buf, "[]");
		return;
	}
	appendStringInfoString(buf, "[\n");
	for (i = 0; i < it->n; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ",\n");
		append_pad(buf, indent);
		appendStringInfoString(buf, render_obj(it->objs[i], indent + 1));
	}
	appendStringInfoChar(buf, '\n');
	append_pad(buf, indent - 1);
	appendStringInfoChar(buf, ']');
}

/* serializeObject(Collection) of plain values */
static void
render_strlist(StringInfo buf, const SerItem *it, int indent)
{
	int			i;

	if (it->n == 0)
	{
		appendStringInfoString(buf, "[]");
		return;
	}
	appendStringInfoString(buf, "[\n");
	for (i = 0; i < it->n; i++)
	{
		if (i > 0)
			appendStringInfoString(buf, ",\n");
		append_pad(buf, indent);
		appendStringInfoString(buf, it->strs[i] ? it->strs[i] : "null");
	}
	appendStringInfoChar(buf, '\n');
	append_pad(buf, indent - 1);
	appendStringInfoChar(buf, ']');
}

/* serializeObject(Map): keys sorted, k="v" */
static void
render_map(StringInfo buf, const SerItem *it, int indent)
{
	int		   *order;
	int			i;
	int			j;

	if (it->n == 0)
	{
		appendStringInfoString(buf, "[]");
		return;
	}
	order = palloc(it->n * sizeof(int));
	for (i = 0; i < it->n; i++)
	{
		int			x = i;

		for (j = i - 1; j >= 0 && utf16_cmp(it->keys[order[j]], it->keys[x]) > 0; j--)
			order[j + 1] = order[j];
		order[j + 1] = x;
	}
	appendStringInfoString(buf, "{\n");
	for (i = 0; i < it->n; i++)
	{
		/* a TreeSet of keys: duplicates collapse, the last value wins */
		if (i > 0 && strcmp(it->keys[order[i]], it->keys[order[i - 1]]) == 0)
			continue;
		if (i > 0)
			appendStringInfoString(buf, ",\n");
		append_pad(buf, indent);
		append_pair(buf, it->keys[order[i]], it->strs[order[i]]);
	}
	appendStringInfoChar(buf, '\n');
	append_pad(buf, indent - 1);
	appendStringInfoChar(buf, '}');
}

/* ====================================================================
 * Change types (Liquibase 4.28 change properties)
 * ====================================================================
 */

static const FieldSpec f_addAutoIncrement[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"defaultOnNull", FT_BOOL, 0},
	{"generationType", FT_STR, 0}, {"incrementBy", FT_BIGINT, 0},
	{"schemaName", FT_STR, 0}, {"startWith", FT_BIGINT, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_addColumn[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_addDefaultValue[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"defaultValue", FT_STR, 0},
	{"defaultValueBoolean", FT_BOOL, 0}, {"defaultValueComputed", FT_STR, 0},
	{"defaultValueConstraintName", FT_STR, 0}, {"defaultValueDate", FT_STR, 0},
	{"defaultValueNumeric", FT_STR, 0}, {"defaultValueSequenceNext", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_addForeignKeyConstraint[] = {
	{"baseColumnNames", FT_STR, 0}, {"baseTableCatalogName", FT_STR, 0},
	{"baseTableName", FT_STR, 0}, {"baseTableSchemaName", FT_STR, 0},
	{"constraintName", FT_STR, 0}, {"deferrable", FT_BOOL, 0},
	{"deleteCascade", FT_BOOL, FF_NEVER}, {"initiallyDeferred", FT_BOOL, 0},
	{"onDelete", FT_STR, 0}, {"onUpdate", FT_STR, 0},
	{"referencedColumnNames", FT_STR, 0}, {"referencedTableCatalogName", FT_STR, 0},
	{"referencedTableName", FT_STR, 0}, {"referencedTableSchemaName", FT_STR, 0},
	{"referencesUniqueColumn", FT_BOOL, FF_NEVER}, {"validate", FT_BOOL, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_addLookupTable[] = {
	{"constraintName", FT_STR, 0}, {"existingColumnName", FT_STR, 0},
	{"existingTableCatalogName", FT_STR, 0}, {"existingTableName", FT_STR, 0},
	{"existingTableSchemaName", FT_STR, 0}, {"newColumnDataType", FT_STR, 0},
	{"newColumnName", FT_STR, 0}, {"newTableCatalogName", FT_STR, 0},
	{"newTableName", FT_STR, 0}, {"newTableSchemaName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_addNotNullConstraint[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"defaultNullValue", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {"validate", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_addPrimaryKey[] = {
	{"catalogName", FT_STR, 0}, {"clustered", FT_BOOL, 0},
	{"columnNames", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"forIndexCatalogName", FT_STR, 0}, {"forIndexName", FT_STR, 0},
	{"forIndexSchemaName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {"tablespace", FT_STR, 0},
	{"validate", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_addUniqueConstraint[] = {
	{"catalogName", FT_STR, 0}, {"clustered", FT_BOOL, 0},
	{"columnNames", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"deferrable", FT_BOOL, 0}, {"disabled", FT_BOOL, 0},
	{"forIndexCatalogName", FT_STR, 0}, {"forIndexName", FT_STR, 0},
	{"forIndexSchemaName", FT_STR, 0}, {"initiallyDeferred", FT_BOOL, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"tablespace", FT_STR, 0}, {"validate", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_alterSequence[] = {
	{"cacheSize", FT_BIGINT, 0}, {"catalogName", FT_STR, 0},
	{"cycle", FT_BOOL, 0}, {"dataType", FT_STR, 0},
	{"incrementBy", FT_BIGINT, 0}, {"maxValue", FT_BIGINT, 0},
	{"minValue", FT_BIGINT, 0}, {"ordered", FT_BOOL, 0},
	{"schemaName", FT_STR, 0}, {"sequenceName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_createIndex[] = {
	{"associatedWith", FT_STR, FF_NEVER}, {"catalogName", FT_STR, 0},
	{"clustered", FT_BOOL, 0}, {"columns", FT_COLUMNS, 0},
	{"indexName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {"tablespace", FT_STR, 0},
	{"unique", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_createProcedure[] = {
	{"catalogName", FT_STR, 0}, {"comments", FT_STR, FF_NOT_V9},
	{"dbms", FT_STR, FF_NOT_V9}, {"encoding", FT_STR, FF_NOT_V9},
	{"path", FT_STR, FF_NOT_V9}, {"procedureName", FT_STR, 0},
	{"procedureText", FT_STR, FF_NOT_V9},
	{"relativeToChangelogFile", FT_BOOL, FF_NOT_V9},
	{"replaceIfExists", FT_BOOL, 0}, {"schemaName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_createSequence[] = {
	{"cacheSize", FT_BIGINT, 0}, {"catalogName", FT_STR, 0},
	{"cycle", FT_BOOL, 0}, {"dataType", FT_STR, 0},
	{"incrementBy", FT_BIGINT, 0}, {"maxValue", FT_BIGINT, 0},
	{"minValue", FT_BIGINT, 0}, {"ordered", FT_BOOL, 0},
	{"schemaName", FT_STR, 0}, {"sequenceName", FT_STR, 0},
	{"startValue", FT_BIGINT, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_createTable[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"ifNotExists", FT_BOOL, FF_NEVER}, {"remarks", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"tableType", FT_STR, 0}, {"tablespace", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_createView[] = {
	{"catalogName", FT_STR, 0}, {"encoding", FT_STR, FF_NOT_V9},
	{"fullDefinition", FT_BOOL, 0}, {"path", FT_STR, FF_NOT_V9},
	{"relativeToChangelogFile", FT_BOOL, FF_NOT_V9}, {"remarks", FT_STR, 0},
	{"replaceIfExists", FT_BOOL, 0}, {"schemaName", FT_STR, 0},
	{"selectQuery", FT_STR, FF_NOT_V9}, {"viewName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_delete[] = {
	{"catalogName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {"where", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropAllForeignKeyConstraints[] = {
	{"baseTableCatalogName", FT_STR, 0}, {"baseTableName", FT_STR, 0},
	{"baseTableSchemaName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropColumn[] = {
	{"catalogName", FT_STR, 0}, {"columnName", FT_STR, 0},
	{"columns", FT_COLUMNS, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropDefaultValue[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropForeignKeyConstraint[] = {
	{"baseTableCatalogName", FT_STR, 0}, {"baseTableName", FT_STR, 0},
	{"baseTableSchemaName", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_dropIndex[] = {
	{"catalogName", FT_STR, 0}, {"indexName", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropNotNullConstraint[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropPrimaryKey[] = {
	{"catalogName", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"dropIndex", FT_BOOL, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropProcedure[] = {
	{"catalogName", FT_STR, 0}, {"procedureName", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropSequence[] = {
	{"catalogName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"sequenceName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropTable[] = {
	{"cascadeConstraints", FT_BOOL, 0}, {"catalogName", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropUniqueConstraint[] = {
	{"catalogName", FT_STR, 0}, {"constraintName", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"uniqueColumns", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_dropView[] = {
	{"catalogName", FT_STR, 0}, {"ifExists", FT_BOOL, 0},
	{"schemaName", FT_STR, 0}, {"viewName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_empty[] = {
	{NULL, FT_STR, 0}
};
static const FieldSpec f_executeCommand[] = {
	{"executable", FT_STR, 0}, {"timeout", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_insert[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"dbms", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_loadData[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"commentLineStartsWith", FT_STR, 0}, {"encoding", FT_STR, 0},
	{"file", FT_STR, 0}, {"quotchar", FT_STR, 0},
	{"relativeToChangelogFile", FT_BOOL, 0}, {"schemaName", FT_STR, 0},
	{"separator", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"usePreparedStatements", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_loadUpdateData[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"commentLineStartsWith", FT_STR, 0}, {"encoding", FT_STR, 0},
	{"file", FT_STR, 0}, {"onlyUpdate", FT_BOOL, 0},
	{"primaryKey", FT_STR, 0}, {"quotchar", FT_STR, 0},
	{"relativeToChangelogFile", FT_BOOL, 0}, {"schemaName", FT_STR, 0},
	{"separator", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"usePreparedStatements", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_mergeColumns[] = {
	{"catalogName", FT_STR, 0}, {"column1Name", FT_STR, 0},
	{"column2Name", FT_STR, 0}, {"finalColumnName", FT_STR, 0},
	{"finalColumnType", FT_STR, 0}, {"joinString", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_modifyDataType[] = {
	{"catalogName", FT_STR, 0}, {"columnName", FT_STR, 0},
	{"newDataType", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_output[] = {
	{"message", FT_STR, FF_TRIM}, {"target", FT_STR, FF_TRIM},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_renameColumn[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"newColumnName", FT_STR, 0}, {"oldColumnName", FT_STR, 0},
	{"remarks", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_renameSequence[] = {
	{"catalogName", FT_STR, 0}, {"newSequenceName", FT_STR, 0},
	{"oldSequenceName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_renameTable[] = {
	{"catalogName", FT_STR, 0}, {"newTableName", FT_STR, 0},
	{"oldTableName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_renameView[] = {
	{"catalogName", FT_STR, 0}, {"newViewName", FT_STR, 0},
	{"oldViewName", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{NULL, FT_STR, 0}
};
static const FieldSpec f_setColumnRemarks[] = {
	{"catalogName", FT_STR, 0}, {"columnDataType", FT_STR, 0},
	{"columnName", FT_STR, 0}, {"columnParentType", FT_STR, 0},
	{"remarks", FT_STR, 0}, {"schemaName", FT_STR, 0},
	{"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_setTableRemarks[] = {
	{"catalogName", FT_STR, 0}, {"remarks", FT_STR, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0}, {NULL, FT_STR, 0}
};
/* sql and sqlFile are hashed by checksum.c; listed for DESCRIPTION */
static const FieldSpec f_sql[] = {
	{"comment", FT_STR, 0}, {"dbms", FT_STR, 0},
	{"endDelimiter", FT_STR, 0}, {"splitStatements", FT_BOOL, 0},
	{"sql", FT_STR, 0}, {"stripComments", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_sqlFile[] = {
	{"dbms", FT_STR, 0}, {"encoding", FT_STR, 0},
	{"endDelimiter", FT_STR, 0}, {"path", FT_STR, 0},
	{"relativeToChangelogFile", FT_BOOL, 0}, {"splitStatements", FT_BOOL, 0},
	{"stripComments", FT_BOOL, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_stop[] = {
	{"message", FT_STR, FF_TRIM}, {NULL, FT_STR, 0}
};
static const FieldSpec f_tagDatabase[] = {
	{"tag", FT_STR, 0}, {NULL, FT_STR, 0}
};
static const FieldSpec f_update[] = {
	{"catalogName", FT_STR, 0}, {"columns", FT_COLUMNS, 0},
	{"schemaName", FT_STR, 0}, {"tableName", FT_STR, 0},
	{"where", FT_STR, 0}, {NULL, FT_STR, 0}
};

static const ChangeSpec change_specs[] = {
	{"addAutoIncrement", f_addAutoIncrement, CK_PLAIN, 0},
	{"addColumn", f_addColumn, CK_ADD, CS_COLS_ALWAYS},
	{"addDefaultValue", f_addDefaultValue, CK_PLAIN, 0},
	{"addForeignKeyConstraint", f_addForeignKeyConstraint, CK_PLAIN, 0},
	{"addLookupTable", f_addLookupTable, CK_PLAIN, 0},
	{"addNotNullConstraint", f_addNotNullConstraint, CK_PLAIN, 0},
	{"addPrimaryKey", f_addPrimaryKey, CK_PLAIN, 0},
	{"addUniqueConstraint", f_addUniqueConstraint, CK_PLAIN, 0},
	{"alterSequence", f_alterSequence, CK_PLAIN, 0},
	{"createIndex", f_createIndex, CK_ADD, CS_COLS_ALWAYS | CS_COLS_INDEX},
	{"createProcedure", f_createProcedure, CK_PLAIN, 0},
	{"createSequence", f_createSequence, CK_PLAIN, 0},
	{"createTable", f_createTable, CK_PLAIN, CS_COLS_ALWAYS},
	{"createView", f_createView, CK_PLAIN, 0},
	{"delete", f_delete, CK_PLAIN, 0},
	{"dropAllForeignKeyConstraints", f_dropAllForeignKeyConstraints, CK_PLAIN, 0},
	{"dropColumn", f_dropColumn, CK_PLAIN, 0},
	{"dropDefaultValue", f_dropDefaultValue, CK_PLAIN, 0},
	{"dropForeignKeyConstraint", f_dropForeignKeyConstraint, CK_PLAIN, 0},
	{"dropIndex", f_dropIndex, CK_PLAIN, 0},
	{"dropNotNullConstraint", f_dropNotNullConstraint, CK_PLAIN, 0},
	{"dropPrimaryKey", f_dropPrimaryKey, CK_PLAIN, 0},
	{"dropProcedure", f_dropProcedure, CK_PLAIN, 0},
	{"dropSequence", f_dropSequence, CK_PLAIN, 0},
	{"dropTable", f_dropTable, CK_PLAIN, 0},
	{"dropUniqueConstraint", f_dropUniqueConstraint, CK_PLAIN, 0},
	{"dropView", f_dropView, CK_PLAIN, 0},
	{"empty", f_empty, CK_PLAIN, 0},
	{"executeCommand", f_executeCommand, CK_PLAIN, 0},
	{"insert", f_insert, CK_PLAIN, CS_COLS_ALWAYS | CS_SEQ_SCHEMA},
	{"loadData", f_loadData, CK_LOAD, CS_COLS_ALWAYS},
	{"loadUpdateData", f_loadUpdateData, CK_LOAD, CS_COLS_ALWAYS},
	{"mergeColumns", f_mergeColumns, CK_PLAIN, 0},
	{"modifyDataType", f_modifyDataType, CK_PLAIN, 0},
	{"output", f_output, CK_PLAIN, 0},
	{"renameColumn", f_renameColumn, CK_PLAIN, 0},
	{"renameSequence", f_renameSequence, CK_PLAIN, 0},
	{"renameTable", f_renameTable, CK_PLAIN, 0},
	{"renameView", f_renameView, CK_PLAIN, 0},
	{"setColumnRemarks", f_setColumnRemarks, CK_PLAIN, 0},
	{"setTableRemarks", f_setTableRemarks, CK_PLAIN, 0},
	{"sql", f_sql, CK_PLAIN, 0},
	{"sqlFile", f_sqlFile, CK_PLAIN, 0},
	{"stop", f_stop, CK_PLAIN, 0},
	{"tagDatabase", f_tagDatabase, CK_PLAIN, 0},
	{"update", f_update, CK_PLAIN, CS_COLS_ALWAYS | CS_SEQ_SCHEMA},
	{NULL, NULL, CK_PLAIN, 0}
};

/* ColumnConfig fields loaded as Boolean / BigInteger / plain text */
static const char *const column_bool_fields[] = {
	"computed", "autoIncrement", "descending", "valueBoolean",
	"defaultValueBoolean", "defaultOnNull", NULL
};
static const char *const column_str_fields[] = {
	"name", "type", "encoding", "remarks", "value", "valueBlobFile",
	"valueClobFile", "defaultValueConstraintName", "defaultValue",
	"generationType", NULL
};

/* ConstraintsConfig */
static const char *const constraints_bool_fields[] = {
	"nullable", "primaryKey", "unique", "deleteCascade", "initiallyDeferred",
	"deferrable", "validateNullable", "validateUnique", "validatePrimaryKey",
	"validateForeignKey", NULL
};
static const char *const constraints_str_fields[] = {
	"notNullConstraintName", "primaryKeyName", "primaryKeyTablespace",
	"references", "referencedTableCatalogName", "referencedTableSchemaName",
	"referencedTableName", "referencedColumnNames", "uniqueConstraintName",
	"checkConstraint", "foreignKeyName", NULL
};

static const ChangeSpec *
find_spec(const char *type)
{
	int			i;

	if (type == NULL)
		return NULL;
	for (i = 0; change_specs[i].name != NULL; i++)
		if (strcmp(change_specs[i].name, type) == 0)
			return &change_specs[i];
	return NULL;
}

/*
 * The column objects of a change in document order: a "columns" list of
 * objects (each either the column itself or a wrapper {column: {...}}),
 * and/or "column" fields.
 */
static void
collect_columns(const ClNode *attrs, List **cols)
{
	ListCell   *lc;

	if (attrs == NULL || attrs->kind != CLN_OBJECT)
		return;
	foreach(lc, attrs->items)
	{
		const ClNode *f = (const ClNode *) lfirst(lc);

		if (f == NULL || f->name == NULL)
			continue;
		if (strcmp(f->name, "columns") == 0 || strcmp(f->name, "column") == 0)
		{
			if (f->kind == CLN_OBJECT && strcmp(f->name, "column") == 0)
				*cols = lappend(*cols, (void *) f);
			else if (f->kind == CLN_LIST || f->kind == CLN_OBJECT)
			{
				ListCell   *lc2;

				foreach(lc2, f->items)
				{
					const ClNode *item = (const ClNode *) lfirst(lc2);
					const ClNode *inner;

					if (item == NULL || item->kind != CLN_OBJECT)
						continue;
					inner = obj_field(item, "column");
					if (inner != NULL && inner->kind == CLN_OBJECT &&
						list_length(item->items) == 1)
						*cols = lappend(*cols, (void *) inner);
					else
						*cols = lappend(*cols, (void *) item);
				}
			}
		}
	}
}

/* ColumnConfig.loadConstraints */
static SerObj *
build_constraints(const ClNode *cons)
{
	SerObj	   *o = serobj_new();
	FieldIndex	fi;
	static uint64 bool_bits[lengthof(constraints_bool_fields)];
	static uint64 str_bits[lengthof(constraints_str_fields)];

	field_index_init(&fi, cons);
	set_listed(o, &fi, constraints_bool_fields, bool_bits, true);
	set_listed(o, &fi, constraints_str_fields, str_bits, false);
	return o;
}

/*
 * ColumnConfig.load (plus AddColumnConfig / LoadDataColumnConfig), then the
 * getSerializableFieldValue view of it.
 */
static SerObj *
build_column(const ClNode *col, ColumnKind kind, bool index_col,
			 const char *seq_schema)
{
	SerObj	   *o = serobj_new();
	const ClNode *n;
	const char *s;
	const char *date;
	const char *computed;
	int			i;
	FieldIndex	fi;
	static uint64 str_bits[lengthof(column_str_fields)];
	static uint64 bool_bits[lengthof(column_bool_fields)];

	field_index_init(&fi, col);
	set_listed(o, &fi, column_str_fields, str_bits, false);
	set_listed(o, &fi, column_bool_fields, bool_bits, true);
	serobj_set_new(o, "startWith", conv_bigint(field_get(&fi, "startWith")));
	serobj_set_new(o, "incrementBy", conv_bigint(field_get(&fi, "incrementBy")));

	/* setValueNumeric(String) */
	s = conv_str(field_get(&fi, "valueNumeric"));
	if (s != NULL && !str_ieq_ascii(s, "null"))
	{
		const char *num = (s[0] == '(') ? strip_numeric_parens(s) : s;

		if (decimalformat_parses(num))
			serobj_set(o, "valueNumeric", num);
		else
			serobj_set(o, "valueComputed", s);
	}

	/* valueDate via getChildValue(Date.class) */
	if (conv_date(field_get(&fi, "valueDate"), &date, &computed))
	{
		serobj_set(o, "valueDate", date);
		if (computed)
			serobj_set(o, "valueComputed", computed);
	}

	s = conv_str(field_get(&fi, "valueComputed"));
	if (s != NULL)
		serobj_set(o, "valueComputed", s);
	serobj_set(o, "valueSequenceNext", conv_str(field_get(&fi, "valueSequenceNext")));
	serobj_set(o, "valueSequenceCurrent", conv_str(field_get(&fi, "valueSequenceCurrent")));

	/* setDefaultValueNumeric(String) */
	s = conv_str(field_get(&fi, "defaultValueNumeric"));
	if (s != NULL && !str_ieq_ascii(s, "null"))
	{
		if (strcmp(s, "GENERATED_BY_DEFAULT") == 0)
			serobj_set(o, "autoIncrement", "true");
		else
		{
			const char *num = (s[0] == '(') ? strip_numeric_parens(s) : s;

			if (decimalformat_parses(num))
				serobj_set(o, "defaultValueNumeric", num);
			else
				serobj_set(o, "defaultValueComputed", num);
		}
	}

	if (conv_date(field_get(&fi, "defaultValueDate"), &date, &computed))
	{
		serobj_set(o, "defaultValueDate", date);
		if (computed)
			serobj_set(o, "defaultValueComputed", computed);
	}
	s = conv_str(field_get(&fi, "defaultValueComputed"));
	if (s != NULL)
		serobj_set(o, "defaultValueComputed", s);
	serobj_set(o, "defaultValueSequenceNext",
			   conv_str(field_get(&fi, "defaultValueSequenceNext")));

	if (kind == CK_ADD)
	{
		serobj_set(o, "beforeColumn", conv_str(field_get(&fi, "beforeColumn")));
		serobj_set(o, "afterColumn", conv_str(field_get(&fi, "afterColumn")));
		serobj_set(o, "position", conv_int(field_get(&fi, "position")));
	}
	else if (kind == CK_LOAD)
	{
		serobj_set(o, "index", conv_int(field_get(&fi, "index")));
		serobj_set(o, "header", conv_str(field_get(&fi, "header")));
		serobj_set(o, "allowUpdate", conv_bool(field_get(&fi, "allowUpdate")));
	}

	/*
	 * insert/update: SequenceNext/CurrentValueFunction.setSchemaName on the
	 * column's value object (the first non-null value of getValueObject()).
	 */
	if (seq_schema != NULL)
	{
		static const char *const value_order[] = {
			"value", "valueBoolean", "valueNumeric", "valueDate",
			"valueComputed", "valueClobFile", "valueBlobFile",
			"valueSequenceNext", "valueSequenceCurrent", NULL
		};

		for (i = 0; value_order[i]; i++)
		{
			const char *v = serobj_get(o, value_order[i]);

			if (v == NULL)
				continue;
			if (i >= 7)
				serobj_set(o, value_order[i], psprintf("%s.%s", seq_schema, v));
			break;
		}
	}

	if (index_col)
	{
		/* CreateIndexChange.getSerializableFieldValue("columns") */
		static const char *const pruned[] = {
			"type", "autoIncrement", "defaultValue", "value", "startWith",
			"incrementBy", "encoding", "remarks", NULL
		};

		for (i = 0; pruned[i]; i++)
			serobj_set(o, pruned[i], NULL);
	}
	else
	{
		n = field_get(&fi, "constraints");
		if (n != NULL)
		{
			SerItem    *it = serobj_add(o, IK_OBJECT, "constraints");

			if (n->kind == CLN_LIST)
			{
				ListCell   *lc;
				const ClNode *first = NULL;

				foreach(lc, n->items)
				{
					const ClNode *x = (const ClNode *) lfirst(lc);

					if (x != NULL && x->kind == CLN_OBJECT)
					{
						first = x;
						break;
					}
				}
				n = first;
			}
			it->obj = build_constraints(n);
		}
	}
	return o;
}

/* An unknown change type: every field as it is. */
static SerObj *
build_generic(const ClNode *obj)
{
	SerObj	   *o = serobj_new();
	ListCell   *lc;

	if (obj == NULL || obj->kind != CLN_OBJECT)
		return o;
	foreach(lc, obj->items)
	{
		const ClNode *f = (const ClNode *) lfirst(lc);

		if (f == NULL || f->name == NULL)
			continue;
		if (f->kind == CLN_SCALAR)
		{
			const char *v = conv_str(f);

			if (v != NULL)
				serobj_add(o, IK_SCALAR, f->name)->value = v;
		}
		else if (f->kind == CLN_OBJECT)
			serobj_add(o, IK_OBJECT, f->name)->obj = build_generic(f);
		else
		{
			ListCell   *lc2;
			bool		objects = false;
			SerItem    *it;

			foreach(lc2, f->items)
			{
				const ClNode *x = (const ClNode *) lfirst(lc2);

				if (x != NULL && x->kind != CLN_SCALAR)
					objects = true;
			}
			it = serobj_add(o, objects ? IK_LIST : IK_STRLIST, f->name);
			if (objects)
				it->objs = palloc0((list_length(f->items) + 1) * sizeof(SerObj *));
			else
				it->strs = palloc0((list_length(f->items) + 1) * sizeof(char *));
			foreach(lc2, f->items)
			{
				const ClNode *x = (const ClNode *) lfirst(lc2);

				if (x == NULL)
					continue;
				if (objects)
				{
					if (x->kind != CLN_SCALAR)
						it->objs[it->n++] = build_generic(x);
				}
				else
					it->strs[it->n++] = conv_str(x);
			}
		}
	}
	return o;
}

/*
 * customChange (CustomChangeWrapper without CustomChangeChecksum): "class"
 * and the "param" map.  Params come from "params"/"param" lists or objects
 * whose items carry "name" and "value".
 */
static void
build_custom_change(const ClNode *attrs, SerObj *o)
{
	SerItem    *map;
	ListCell   *lc;
	int			cap = 8;

	serobj_set(o, "class", conv_str(obj_field(attrs, "class")));
	map = serobj_add(o, IK_MAP, "param");
	map->keys = palloc(cap * sizeof(char *));
	map->strs = palloc(cap * sizeof(char *));
	if (attrs == NULL || attrs->kind != CLN_OBJECT)
		return;
	foreach(lc, attrs->items)
	{
		const ClNode *f = (const ClNode *) lfirst(lc);
		List	   *params = NIL;
		ListCell   *lc2;

		if (f == NULL || f->name == NULL ||
			(strcmp(f->name, "params") != 0 && strcmp(f->name, "param") != 0))
			continue;
		if (f->kind == CLN_OBJECT && obj_field(f, "name") != NULL)
			params = lappend(params, (void *) f);
		else if (f->kind != CLN_SCALAR)
		{
			foreach(lc2, f->items)
			{
				const ClNode *x = (const ClNode *) lfirst(lc2);
				const ClNode *inner = obj_field(x, "param");

				if (inner != NULL && inner->kind == CLN_OBJECT)
					x = inner;
				if (x != NULL && x->kind == CLN_OBJECT)
					params = lappend(params, (void *) x);
			}
		}
		foreach(lc2, params)
		{
			const ClNode *p = (const ClNode *) lfirst(lc2);
			const char *name = conv_str(obj_field(p, "name"));
			int			i;

			if (name == NULL)
				continue;
			/* LinkedHashMap.put: a repeated name replaces the value */
			for (i = 0; i < map->n; i++)
				if (strcmp(map->keys[i], name) == 0)
					break;
			if (i == map->n)
			{
				if (map->n == cap)
				{
					cap *= 2;
					map->keys = repalloc(map->keys, cap * sizeof(char *));
					map->strs = repalloc(map->strs, cap * sizeof(char *));
				}
				map->keys[map->n++] = name;
			}
			map->strs[i] = conv_str(obj_field(p, "value"));
		}
	}
}

/* The change as Liquibase's serialiser sees it. */
static SerObj *
build_change(const ClChange *change, int version, int flags)
{
	const ChangeSpec *spec = find_spec(change->type);
	const ClNode *attrs = change->attrs;
	SerObj	   *o;
	const FieldSpec *f;
	FieldIndex	fi;

	if (change->type != NULL && strcmp(change->type, "customChange") == 0)
	{
		o = serobj_new();
		build_custom_change(attrs, o);
		return o;
	}
	if (spec == NULL)
		return build_generic(attrs);

	o = serobj_new();
	field_index_init(&fi, attrs);
	for (f = spec->fields; f->name != NULL; f++)
	{
		if (f->flags & FF_NEVER)
			continue;
		if ((f->flags & FF_NOT_V9) && version >= 9)
			continue;
		if (f->type == FT_COLUMNS)
		{
			List	   *cols = NIL;
			ListCell   *lc;
			SerItem    *it;
			const char *seq_schema = NULL;

			collect_columns(attrs, &cols);
			if (cols == NIL && !(spec->flags & CS_COLS_ALWAYS))
				continue;		/* dropColumn: an empty list is null */
			if ((spec->flags & CS_SEQ_SCHEMA) &&
				!(flags & CL_SERIALIZE_NO_SEQUENCE_SCHEMA))
				seq_schema = conv_str(obj_field(attrs, "schemaName"));
			it = serobj_add(o, IK_LIST, "columns");
			it->objs = palloc0((list_length(cols) + 1) * sizeof(SerObj *));
			foreach(lc, cols)
				it->objs[it->n++] = build_column((const ClNode *) lfirst(lc),
												 spec->colkind,
												 (spec->flags & CS_COLS_INDEX) != 0,
												 seq_schema);
			continue;
		}
		if (strcmp(spec->name, "createProcedure") == 0 &&
			strcmp(f->name, "procedureText") == 0)
		{
			/* v8 serialises the text as the property procedureBody */
			const char *text = conv_str(obj_field(attrs, "procedureText"));

			if (text == NULL)
				text = conv_str(obj_field(attrs, "procedureBody"));
			serobj_set(o, "procedureBody", text);
			continue;
		}
		{
			const char *v = conv_typed(field_get(&fi, f->name), f->type);

			if (f->flags & FF_TRIM)
				v = trim_to_null(v);
			serobj_set_new(o, f->name, v);
		}
	}

	if (strcmp(spec->name, "output") == 0)
	{
		if (serobj_get(o, "target") == NULL)
			serobj_set(o, "target", "STDERR");
	}
	else if (strcmp(spec->name, "stop") == 0)
	{
		/* the default stays unless a value was given (even one trimmed away) */
		if (conv_str(obj_field(attrs, "message")) == NULL)
			serobj_set(o, "message", "Stop command in changelog file");
	}
	else if (strcmp(spec->name, "addForeignKeyConstraint") == 0)
	{
		/* onDelete is loaded before the deprecated deleteCascade setter */
		const char *dc = conv_bool(obj_field(attrs, "deleteCascade"));

		if (dc != NULL)
		{
			if (strcmp(dc, "true") == 0 && serobj_get(o, "onDelete") == NULL)
				serobj_set(o, "onDelete", "CASCADE");
			else
				serobj_set(o, "onDelete", NULL);
		}
	}
	return o;
}

/*
 * StringUtil.splitAndTrim(s, ","): String.split drops trailing empty
 * tokens (before trimming), then each token is trimmed.
 */
static List *
java_split_trim(const char *s)
{
	List	   *raw = NIL;
	List	   *res = NIL;
	const char *p = s;
	ListCell   *lc;
	int			keep;

	for (;;)
	{
		const char *comma = strchr(p, ',');
		size_t		len = comma ? (size_t) (comma - p) : strlen(p);

		raw = lappend(raw, pnstrdup(p, len));
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	keep = list_length(raw);
	while (keep > 0 && ((char *) list_nth(raw, keep - 1))[0] == '\0')
		keep--;
	foreach(lc, raw)
	{
		if (foreach_current_index(lc) >= keep)
			break;
		res = lappend(res, java_trim((char *) lfirst(lc)));
	}
	return res;
}

/* String.hashCode over UTF-16 units */
static uint32
java_string_hash(const char *s)
{
	uint16	   *u;
	int			n = to_utf16(s, &u);
	uint32		h = 0;
	int			i;

	for (i = 0; i < n; i++)
		h = 31 * h + u[i];
	return h;
}

/*
 * A modifySql visitor (AbstractSqlVisitor subclass).  The model gives the
 * visitor's own attributes merged with its modifySql element's (dbms,
 * context, labels, applyToRollback).
 */
static SerObj *
build_visitor(const ClNode *v, int version)
{
	SerObj	   *o;
	const char *name = v->name;
	const char *s;

	if (!str_eq(name, "append") && !str_eq(name, "prepend") &&
		!str_eq(name, "replace") && !str_eq(name, "regExpReplace"))
		return NULL;

	o = serobj_new();
	s = conv_bool(obj_field(v, "applyToRollback"));
	serobj_set(o, "applyToRollback", s ? s : "false");
	if (str_eq(name, "append") || str_eq(name, "prepend"))
		serobj_set(o, "value", conv_str(obj_field(v, "value")));
	else
	{
		serobj_set(o, "replace", conv_str(obj_field(v, "replace")));
		serobj_set(o, "with", conv_str(obj_field(v, "with")));
	}

	if (version < 9)
	{
		const char *dbms = trim_to_null(conv_str(obj_field(v, "dbms")));
		const char *ctx = conv_str(obj_field(v, "contextFilter"));
		const char *labels = trim_to_null(conv_str(obj_field(v, "labels")));

		if (ctx == NULL)
			ctx = conv_str(obj_field(v, "context"));
		if (ctx == NULL)
			ctx = conv_str(obj_field(v, "contexts"));
		ctx = trim_to_null(ctx);

		if (dbms != NULL)
		{
			/* a java.util.HashSet: iteration in hash bucket order */
			List	   *parts = java_split_trim(dbms);
			List	   *uniq = NIL;
			ListCell   *lc;
			int			cap = 16;
			int			n;
			int			i;
			SerItem    *it;
			int		   *bucket;

			foreach(lc, parts)
			{
				ListCell   *lc2;
				bool		dup = false;

				foreach(lc2, uniq)
					if (strcmp((char *) lfirst(lc2), (char *) lfirst(lc)) == 0)
						dup = true;
				if (!dup)
					uniq = lappend(uniq, lfirst(lc));
			}
			n = list_length(uniq);
			if (n > 0)
			{
				while (n > cap * 3 / 4)
					cap *= 2;
				it = serobj_add(o, IK_STRLIST, "applicableDbms");
				it->strs = palloc0((n + 1) * sizeof(char *));
				bucket = palloc(n * sizeof(int));
				i = 0;
				foreach(lc, uniq)
				{
					uint32		h = java_string_hash((char *) lfirst(lc));

					bucket[i++] = (int) ((h ^ (h >> 16)) & (uint32) (cap - 1));
				}
				/* stable: by bucket, then insertion order */
				{
					int			b;

					for (b = 0; b < cap; b++)
					{
						i = 0;
						foreach(lc, uniq)
						{
							if (bucket[i] == b)
								it->strs[it->n++] = (char *) lfirst(lc);
							i++;
						}
					}
				}
			}
		}
		if (ctx != NULL)
			serobj_set(o, "contextFilter", ctx);
		if (labels != NULL)
		{
			/* Labels: lower-cased, de-duplicated, joined with "," */
			List	   *parts = java_split_trim(labels);
			List	   *uniq = NIL;
			ListCell   *lc;
			StringInfoData buf;

			foreach(lc, parts)
			{
				char	   *l = pstrdup((char *) lfirst(lc));
				char	   *c;
				ListCell   *lc2;
				bool		dup = false;

				for (c = l; *c; c++)
					if (*c >= 'A' && *c <= 'Z')
						*c += 'a' - 'A';
				foreach(lc2, uniq)
					if (strcmp((char *) lfirst(lc2), l) == 0)
						dup = true;
				if (!dup)
					uniq = lappend(uniq, l);
			}
			initStringInfo(&buf);
			foreach(lc, uniq)
			{
				if (foreach_current_index(lc) > 0)
					appendStringInfoChar(&buf, ',');
				appendStringInfoString(&buf, (char *) lfirst(lc));
			}
			serobj_set(o, "labels", buf.data);
		}
	}
	return o;
}

/*
 * Are the len bytes at s all ASCII, none a CR?  Eight bytes at a time: a
 * word with a byte >= 0x80 or a CR (13) in it ends the fast loop, and the
 * bytes from there are looked at one by one.
 */
static bool
plain_ascii(const char *s, size_t len)
{
	const uint64 ones = UINT64CONST(0x0101010101010101);
	const uint64 highs = UINT64CONST(0x8080808080808080);
	const uint64 crs = UINT64CONST(0x0d0d0d0d0d0d0d0d);
	const unsigned char *p = (const unsigned char *) s;
	size_t		i = 0;

	for (; i + 8 <= len; i += 8)
	{
		uint64		w;
		uint64		x;

		memcpy(&w, p + i, 8);
		x = w ^ crs;
		/* a high bit, or a CR byte (zero in x: the "has a zero byte" test) */
		if (((w | ((x - ones) & ~x)) & highs) != 0)
			break;
	}
	for (; i < len; i++)
		if (p[i] == '\r' || p[i] >= 0x80)
			return false;
	return true;
}

/*
 * CheckSum.compute's view of the text: line endings standardised, U+FFFD
 * removed, NFC; returned in UTF-8.
 */
static char *
finish_checksum_text(const char *s)
{
	const char *u = s;
	StringInfoData buf;
	const unsigned char *p;
	bool		ascii = true;

	if (GetDatabaseEncoding() != PG_UTF8)
		u = pg_server_to_any(s, strlen(s), PG_UTF8);

	/* the usual text: ASCII without CR is final as it is */
	if (plain_ascii(u, strlen(u)))
		return (char *) u;

	initStringInfo(&buf);
	for (p = (const unsigned char *) u; *p; p++)
	{
		if (*p == '\r')
		{
			appendStringInfoChar(&buf, '\n');
			if (p[1] == '\n')
				p++;
		}
		else if (p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD)
			p += 2;				/* U+FFFD */
		else
		{
			if (*p >= 0x80)
				ascii = false;
			appendStringInfoChar(&buf, (char) *p);
		}
	}
	if (ascii)
		return buf.data;

	/* NFC */
	{
		pg_wchar   *in = palloc((buf.len + 1) * sizeof(pg_wchar));
		pg_wchar   *out;
		int			n = 0;
		int			i;
		StringInfoData res;

		p = (const unsigned char *) buf.data;
		while (*p)
			in[n++] = utf8_next(&p);
		in[n] = 0;
		out = unicode_normalize(UNICODE_NFC, in);
		if (out == NULL)
			return buf.data;
		initStringInfo(&res);
		for (i = 0; out[i] != 0; i++)
			utf8_append(&res, out[i]);
		return res.data;
	}
}

/* ====================================================================
 * Public functions
 * ====================================================================
 */

char *
cl_serialize_change_ext(const ClChange *change, int version, int flags)
{
	SerObj	   *o;
	StringInfoData buf;

	if (change == NULL)
		return pstrdup("");
	o = build_change(change, version, flags);
	initStringInfo(&buf);
	appendStringInfoString(&buf, change->type ? change->type : "");
	appendStringInfoChar(&buf, ':');
	appendStringInfoString(&buf, render_obj(o, 1));
	return finish_checksum_text(buf.data);
}

char *
cl_serialize_change(const ClChange *change, int version)
{
	return cl_serialize_change_ext(change, version, 0);
}

char *
cl_serialize_visitor(const ClNode *visitor, int version)
{
	SerObj	   *o;
	StringInfoData buf;

	if (visitor == NULL || visitor->name == NULL)
		return NULL;
	o = build_visitor(visitor, version);
	if (o == NULL)
		return NULL;
	initStringInfo(&buf);
	appendStringInfoString(&buf, visitor->name);
	appendStringInfoChar(&buf, ':');
	appendStringInfoString(&buf, render_obj(o, 1));
	return finish_checksum_text(buf.data);
}

/*
 * AbstractChange.getDescription: the type name, then "param=value" for the
 * set properties whose name ends in "name" (any case) and contains neither
 * "schema" nor "catalog", plus "path"; sorted, joined with ", ".
 */
char *
cl_change_description(const ClChange *change)
{
	const ChangeSpec *spec;
	char	  **names;
	int			n = 0;
	int			max;
	int			i;
	StringInfoData buf;
	const char *type;

	if (change == NULL)
		return pstrdup("");
	spec = find_spec(change->type);
	type = change->type ? change->type : "";
	max = 8;
	names = palloc(max * sizeof(char *));

	if (spec != NULL || (change->attrs != NULL && change->attrs->kind == CLN_OBJECT))
	{
		ListCell   *lc;
		int			count = 0;
		const FieldSpec *f;

		if (spec != NULL)
		{
			for (f = spec->fields; f->name; f++)
				count++;
		}
		else
			count = list_length(change->attrs->items);

		for (i = 0; i < count; i++)
		{
			const char *pname;
			FieldType	ptype = FT_STR;
			const ClNode *node;
			char	   *lower;
			size_t		len;
			char	   *c;
			const char *v;

			if (spec != NULL)
			{
				pname = spec->fields[i].name;
				ptype = spec->fields[i].type;
				node = obj_field(change->attrs, pname);
			}
			else
			{
				lc = list_nth_cell(change->attrs->items, i);
				node = (const ClNode *) lfirst(lc);
				if (node == NULL || node->name == NULL)
					continue;
				pname = node->name;
			}
			if (ptype == FT_COLUMNS)
				continue;
			lower = pstrdup(pname);
			for (c = lower; *c; c++)
				if (*c >= 'A' && *c <= 'Z')
					*c += 'a' - 'A';
			len = strlen(lower);
			if (!((len >= 4 && strcmp(lower + len - 4, "name") == 0 &&
				   strstr(lower, "schema") == NULL &&
				   strstr(lower, "catalog") == NULL) ||
				  strcmp(lower, "path") == 0))
				continue;
			v = conv_typed(node, ptype);
			if (v == NULL)
				continue;
			if (n == max)
			{
				max *= 2;
				names = repalloc(names, max * sizeof(char *));
			}
			names[n++] = psprintf("%s=%s", pname, v);
		}
	}
	sort_strings(names, n);

	initStringInfo(&buf);
	appendStringInfoString(&buf, type);
	for (i = 0; i < n; i++)
	{
		if (i > 0 && strcmp(names[i], names[i - 1]) == 0)
			continue;
		appendStringInfoString(&buf, i == 0 ? " " : ", ");
		appendStringInfoString(&buf, names[i]);
	}
	return buf.data;
}

/*
 * ChangeSet.getDescription (cut at 255) as MarkChangeSetRanGenerator
 * stores it (cut at 250).  The cuts count UTF-16 units like Java.
 */
char *
cl_changeset_description(const ClChangeSet *cs)
{
	StringInfoData buf;
	ListCell   *lc;
	char	   *s;
	char	   *utf8;

	if (cs == NULL || cs->changes == NIL)
		return pstrdup("empty");
	initStringInfo(&buf);
	foreach(lc, cs->changes)
	{
		if (foreach_current_index(lc) > 0)
			appendStringInfoString(&buf, "; ");
		appendStringInfoString(&buf, cl_change_description((const ClChange *) lfirst(lc)));
	}
	if (GetDatabaseEncoding() == PG_UTF8)
		return limit_size(limit_size(buf.data, 255), 250);

	utf8 = pg_server_to_any(buf.data, buf.len, PG_UTF8);
	s = limit_size(limit_size(utf8, 255), 250);
	return pg_any_to_server(s, strlen(s), PG_UTF8);
}
