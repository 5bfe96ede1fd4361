/*-------------------------------------------------------------------------
 *
 * checksum.c
 *	  Liquibase changeset checksums, version 9 (written) and 8 (validated).
 *
 * A changeset's checksum hashes the hashes of its changes (liquibase-core.md
 * §2.2).  sql and sqlFile hash their text with whitespace bytes removed;
 * every other change hashes Liquibase's serialisation of it (serialize.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"

#include "changelog.h"
#include "checksum.h"
#include "md5.h"
#include "serialize.h"

static char *to_utf8(const char *text, size_t *len);
static char *collapse_ws(const char *text);
static char *v8_sql_hex(const ClChange *change, const char *text,
						bool strip_default);

char *
cl_md5_hex(const char *data, size_t len)
{
	ClMd5		m;
	char	   *hex = palloc(33);

	cl_md5_init(&m);
	cl_md5_update(&m, data, len);
	cl_md5_final_hex(&m, hex);
	return hex;
}

/* The UTF-8 bytes of server text (Liquibase hashes UTF-8). */
static char *
to_utf8(const char *text, size_t *len)
{
	char	   *u = pg_server_to_any(text, strlen(text), PG_UTF8);

	*len = strlen(u);
	return u;
}

char *
cl_md5_nows(const char *text)
{
	size_t		len;
	const char *u = to_utf8(text, &len);
	const char *end = u + len;
	const char *p = u;
	ClMd5		m;
	char	   *hex = palloc(33);

	/* the bytes that are not whitespace, hashed a buffer at a time */
	char		buf[1024];
	size_t		n = 0;

	cl_md5_init(&m);
	while (p < end)
	{
		char		c = *p++;

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		buf[n++] = c;
		if (n == sizeof(buf))
		{
			cl_md5_update(&m, buf, n);
			n = 0;
		}
	}
	cl_md5_update(&m, buf, n);
	cl_md5_final_hex(&m, hex);
	return hex;
}

/* trim, then every run of space/TAB/CR/LF becomes one space (v8) */
static char *
collapse_ws(const char *text)
{
	StringInfoData out;
	const char *p = text;
	bool		pending = false;

	initStringInfo(&out);
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	for (; *p; p++)
	{
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		{
			pending = true;
			continue;
		}
		if (pending)
			appendStringInfoChar(&out, ' ');
		pending = false;
		appendStringInfoChar(&out, *p);
	}
	return out.data;
}

static char *
v8_sql_hex(const ClChange *change, const char *text, bool strip_default)
{
	const char *end = cl_node_str(change->attrs, "endDelimiter");
	char	   *s;
	size_t		len;
	char	   *u;

	s = psprintf("%s:%s:%s:%s",
				 end ? end : "null",
				 cl_node_bool(change->attrs, "splitStatements", true) ? "true" : "false",
				 cl_node_bool(change->attrs, "stripComments", strip_default) ? "true" : "false",
				 collapse_ws(text ? text : ""));
	u = to_utf8(s, &len);
	return cl_md5_hex(u, len);
}

/*
 * loadData / loadUpdateData: MD5(tableName + ":<v>:" + MD5(stream)), where
 * the stream is the file's bytes without CR, without empty lines and lines
 * starting with the comment prefix's first character, joined with LF.
 */
static char *
load_data_hex(const ClChange *change, int version)
{
	const char *table = cl_node_str(change->attrs, "tableName");
	const char *comment = cl_node_str(change->attrs, "commentLineStartsWith");
	char		cc = (comment && comment[0]) ? comment[0] : '#';
	StringInfoData stream;
	const char *p = change->file_raw ? change->file_raw : "";
	const char *end = p + change->file_raw_len;
	char	   *inner;

	initStringInfo(&stream);
	while (p < end)
	{
		const char *nl = memchr(p, '\n', end - p);
		const char *le = nl ? nl : end;
		StringInfoData line;
		const char *q;

		initStringInfo(&line);
		for (q = p; q < le; q++)
			if (*q != '\r')
				appendStringInfoChar(&line, *q);
		if (line.len > 0 && line.data[0] != cc)
		{
			if (stream.len > 0)
				appendStringInfoChar(&stream, '\n');
			appendBinaryStringInfo(&stream, line.data, line.len);
		}
		pfree(line.data);
		p = nl ? nl + 1 : end;
	}
	inner = psprintf("%s:%d:%s", table ? table : "", version,
					 cl_md5_hex(stream.data, stream.len));
	return cl_md5_hex(inner, strlen(inner));
}

char *
cl_change_hex(const ClChange *change, int version)
{
	const char *type = change->type;

	if (strcmp(type, "sql") == 0)
	{
		const char *sql = cl_node_str(change->attrs, "sql");

		if (version < 9)
			return v8_sql_hex(change, sql, false);
		return cl_md5_nows(sql ? sql : "");
	}
	if (strcmp(type, "sqlFile") == 0)
	{
		const char *text = change->file_text ? change->file_text : "";

		if (version < 9)
			return v8_sql_hex(change, text, false);
		return cl_md5_nows(text);
	}
	if (strcmp(type, "loadData") == 0 || strcmp(type, "loadUpdateData") == 0)
		return load_data_hex(change, version);
	if (version >= 9 &&
		(strcmp(type, "createView") == 0 || strcmp(type, "createProcedure") == 0))
	{
		/*
		 * MD5("9:" + MD5(serialisation without the text fields) + ":9:" +
		 * MD5(text without whitespace)); note: no trailing colon.  The text
		 * (inline or from path=) is ${}-expanded.
		 */
		const char *text = change->file_text_expanded;
		char	   *ser = cl_serialize_change(change, version);
		char	   *inner;

		if (text == NULL)
			text = cl_node_str(change->attrs,
							   strcmp(type, "createView") == 0 ? "selectQuery" : "procedureText");
		inner = psprintf("%d:%s:%d:%s", version, cl_md5_hex(ser, strlen(ser)), version,
						 cl_md5_nows(text ? text : ""));
		return cl_md5_hex(inner, strlen(inner));
	}
	{
		/* the serialiser's text is already UTF-8 */
		char	   *ser = cl_serialize_change(change, version);

		return cl_md5_hex(ser, strlen(ser));
	}
}

/* "<version>:<hex><sep>" into the changeset's hash (no format string: this runs for every change) */
static void
hash_versioned(ClMd5 *m, int version, const char *hex, char sep)
{
	char		v[16];
	int			n;

	if (version >= 0 && version <= 9)
	{
		v[0] = (char) ('0' + version);
		n = 1;
	}
	else
		n = snprintf(v, sizeof(v), "%d", version);
	v[n++] = ':';
	cl_md5_update(m, v, n);
	cl_md5_update(m, hex, strlen(hex));
	cl_md5_update(m, &sep, 1);
}

/*
 * MD5 of "<v>:<change hex>:" for each change then "<v>:<visitor hex>;" for
 * each modifySql visitor, as "<v>:<hex>"; the text is hashed as it is
 * produced, never joined.
 */
char *
cl_changeset_checksum(const ClChangeSet *cs, int version)
{
	ClMd5		m;
	ListCell   *lc;
	char	   *out = palloc(48);
	int			n;

	cl_md5_init(&m);
	foreach(lc, cs->changes)
	{
		ClChange   *c = (ClChange *) lfirst(lc);

		if (version >= 9 && !cl_dbms_matches(cl_node_str(c->attrs, "dbms")))
			continue;
		hash_versioned(&m, version, cl_change_hex(c, version), ':');
	}
	foreach(lc, cs->modifySql)
	{
		ClNode	   *v = (ClNode *) lfirst(lc);
		char	   *ser;

		ser = cl_serialize_visitor(v, version);
		/* a visitor Liquibase does not know contributes nothing */
		if (ser == NULL)
			continue;
		hash_versioned(&m, version, cl_md5_hex(ser, strlen(ser)), ';');
	}
	n = snprintf(out, 48, "%d:", version);
	cl_md5_final_hex(&m, out + n);
	return out;
}

int
cl_checksum_version(const char *stored)
{
	const char *p = stored;
	int			v = 0;

	if (stored == NULL || stored[0] == '\0')
		return 0;
	while (*p >= '0' && *p <= '9')
	{
		v = v * 10 + (*p - '0');
		if (v > 1000)
			break;
		p++;
	}
	if (p > stored && *p == ':')
		return v;
	return 1;
}
