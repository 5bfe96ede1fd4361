/*-------------------------------------------------------------------------
 *
 * fileio.c
 *	  Reading changelog files: in-memory text layered over server files.
 *
 * Every read of a server file checks, at the moment it is opened, that the
 * caller may read server files (superuser or pg_read_server_files), as COPY
 * FROM a file does.  Files are opened with AllocateFile so an error closes
 * them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "catalog/pg_authid.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "storage/fd.h"
#include "utils/acl.h"
#include "utils/memutils.h"

#include "changelog.h"
#include "fileio.h"

/* A changelog file larger than this is refused (palloc's limit is 1 GB). */
#define CL_MAX_FILE_SIZE ((size_t) MaxAllocSize - 1)
/* includeAll listings: how many files at most. */
#define CL_MAX_LISTING 100000

typedef struct ClMemFile
{
	char	   *path;			/* normalised, relative to the root */
	char	   *content;
	size_t		len;
} ClMemFile;

struct ClSource
{
	char	   *root;			/* server directory; NULL = none */
	List	   *files;			/* ClMemFile */
};

static void check_read_privilege(const char *path);
static char *server_path(ClSource *src, const char *path);
static char *validate_text(char *buf, size_t *len, const char *path);
static int	cmp_strings(const ListCell *a, const ListCell *b);

ClSource *
cl_source_create(const char *base_dir)
{
	ClSource   *src = palloc0(sizeof(ClSource));

	if (base_dir != NULL)
	{
		size_t		n;

		src->root = pstrdup(base_dir);
		n = strlen(src->root);
		while (n > 1 && src->root[n - 1] == '/')
			src->root[--n] = '\0';
	}
	return src;
}

void
cl_source_add_text(ClSource *src, const char *path, const char *content,
				   size_t len)
{
	ClMemFile  *f = palloc0(sizeof(ClMemFile));

	f->path = cl_normalize_path(path);
	f->content = pnstrdup(content, len);
	f->len = len;
	src->files = lappend(src->files, f);
}

static ClMemFile *
find_mem(ClSource *src, const char *path)
{
	ListCell   *lc;

	foreach(lc, src->files)
	{
		ClMemFile  *f = (ClMemFile *) lfirst(lc);

		if (strcmp(f->path, path) == 0)
			return f;
	}
	return NULL;
}

static void
check_read_privilege(const char *path)
{
	if (!has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to read changelog file \"%s\" on the server",
						path),
				 errdetail("Only roles with privileges of the \"pg_read_server_files\" role may read server files."),
				 errhint("Pass the changelog as text with the \"changelog\" argument, or ask for pg_read_server_files.")));
}

static char *
server_path(ClSource *src, const char *path)
{
	if (src->root == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("changelog file \"%s\" is not available", path),
				 errhint("Pass base_dir to read files from the server.")));
	if (strcmp(src->root, "/") == 0)
		return psprintf("/%s", path);
	return psprintf("%s/%s", src->root, path);
}

/*
 * Validate text: no NUL byte, valid UTF-8 (reported with its line), strip a
 * BOM, and convert to the server encoding.
 */
static char *
validate_text(char *buf, size_t *len, const char *path)
{
	char	   *start = buf;
	size_t		n = *len;
	const char *nul;
	int			valid;
	char	   *converted;

	if (n >= 3 && (unsigned char) buf[0] == 0xEF &&
		(unsigned char) buf[1] == 0xBB && (unsigned char) buf[2] == 0xBF)
	{
		start += 3;
		n -= 3;
	}
	nul = memchr(start, '\0', n);
	if (nul != NULL)
	{
		int			line = 1;
		const char *p;

		for (p = start; p < nul; p++)
			if (*p == '\n')
				line++;
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("changelog file \"%s\" contains a NUL byte at line %d",
						path, line),
				 errdetail("A changelog must be text encoded in UTF-8.")));
	}
	valid = pg_encoding_verifymbstr(PG_UTF8, start, n);
	if (valid < (int) n)
	{
		int			line = 1;
		int			col = 1;
		int			i;

		for (i = 0; i < valid; i++)
		{
			if (start[i] == '\n')
			{
				line++;
				col = 1;
			}
			else if (((unsigned char) start[i] & 0xC0) != 0x80)
				col++;
		}
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("changelog file \"%s\" is not valid UTF-8 at line %d, column %d",
						path, line, col),
				 errdetail("A changelog must be text encoded in UTF-8.")));
	}
	converted = pg_any_to_server(start, n, PG_UTF8);
	if (converted != start)
		*len = strlen(converted);
	else
	{
		converted = pnstrdup(start, n);
		*len = n;
	}
	return converted;
}

char *
cl_source_read(ClSource *src, const char *path, size_t *len, bool missing_ok,
			   bool raw)
{
	ClMemFile  *mem = find_mem(src, path);
	char	   *full;
	struct stat st;
	FILE	   *fp;
	char	   *buf;
	size_t		nread;

	if (mem != NULL)
	{
		const char *text = mem->content;

		*len = mem->len;
		if (raw)
			return pnstrdup(mem->content, mem->len);
		/* in-memory text already is server-encoded text; a BOM goes, as from a file */
		if (memchr(text, '\0', *len) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("changelog file \"%s\" contains a NUL byte", path)));
		if (GetDatabaseEncoding() == PG_UTF8 && *len >= 3 &&
			memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		{
			text += 3;
			*len -= 3;
		}
		return pnstrdup(text, *len);
	}

	if (src->root == NULL)
	{
		if (missing_ok)
			return NULL;
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FILE),
				 errmsg("changelog file \"%s\" was not given", path),
				 errhint("Pass base_dir to read included files from the server, or give their text.")));
	}

	check_read_privilege(path);
	full = server_path(src, path);
	if (stat(full, &st) != 0)
	{
		if (errno == ENOENT && missing_ok)
			return NULL;
		if (errno == ELOOP || errno == ENAMETOOLONG || errno == ENOTDIR)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("changelog file \"%s\" cannot be opened: %m", path)));
		if (errno == ENOENT)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_FILE),
					 errmsg("changelog file \"%s\" does not exist", path),
					 errdetail("Looked for \"%s\".", full)));
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not stat file \"%s\": %m", full)));
	}
	if (S_ISDIR(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("changelog file \"%s\" is a directory", path)));
	if (!S_ISREG(st.st_mode))
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("changelog file \"%s\" is not a regular file", path)));
	if ((size_t) st.st_size > CL_MAX_FILE_SIZE)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("changelog file \"%s\" is too large", path),
				 errdetail("The file has %lld bytes; the limit is %zu.",
						   (long long) st.st_size, CL_MAX_FILE_SIZE)));

	fp = AllocateFile(full, PG_BINARY_R);
	if (fp == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open file \"%s\" for reading: %m", full)));
	buf = palloc((size_t) st.st_size + 1);
	nread = fread(buf, 1, (size_t) st.st_size, fp);
	if (ferror(fp))
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not read file \"%s\": %m", full)));
	FreeFile(fp);
	buf[nread] = '\0';
	*len = nread;
	if (raw)
		return buf;
	return validate_text(buf, len, path);
}

bool
cl_source_is_dir(ClSource *src, const char *path)
{
	struct stat st;
	ListCell   *lc;
	size_t		n = strlen(path);

	foreach(lc, src->files)
	{
		ClMemFile  *f = (ClMemFile *) lfirst(lc);

		if (strcmp(f->path, path) == 0)
			return false;
		if (strncmp(f->path, path, n) == 0 && f->path[n] == '/')
			return true;
	}
	if (src->root == NULL ||
		!has_privs_of_role(GetUserId(), ROLE_PG_READ_SERVER_FILES))
		return false;
	if (stat(server_path(src, path), &st) != 0)
		return false;
	return S_ISDIR(st.st_mode);
}

static int
cmp_strings(const ListCell *a, const ListCell *b)
{
	return strcmp((const char *) lfirst(a), (const char *) lfirst(b));
}

static void
list_dir(const char *full, const char *rel, List **out, int depth)
{
	DIR		   *dir;
	struct dirent *de;

	check_stack_depth();
	if (depth > 64)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("directory \"%s\" is nested too deeply", rel)));
	dir = AllocateDir(full);
	if (dir == NULL)
		ereport(ERROR,
				(errcode_for_file_access(),
				 errmsg("could not open directory \"%s\": %m", full)));
	while ((de = ReadDir(dir, full)) != NULL)
	{
		char	   *child;
		char	   *childrel;
		struct stat st;

		CHECK_FOR_INTERRUPTS();
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		child = psprintf("%s/%s", full, de->d_name);
		childrel = rel[0] ? psprintf("%s/%s", rel, de->d_name) : pstrdup(de->d_name);
		if (lstat(child, &st) != 0)
			continue;
		/* a symbolic link to a directory is not followed (no loops) */
		if (S_ISLNK(st.st_mode) && (stat(child, &st) != 0 || S_ISDIR(st.st_mode)))
			continue;
		if (S_ISDIR(st.st_mode))
			list_dir(child, childrel, out, depth + 1);
		else if (S_ISREG(st.st_mode))
		{
			if (list_length(*out) >= CL_MAX_LISTING)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("includeAll found more than %d files", CL_MAX_LISTING)));
			*out = lappend(*out, childrel);
		}
	}
	FreeDir(dir);
}

List *
cl_source_list(ClSource *src, const char *dir, bool *exists)
{
	List	   *out = NIL;
	ListCell   *lc;
	size_t		n = strlen(dir);
	struct stat st;

	*exists = false;
	foreach(lc, src->files)
	{
		ClMemFile  *f = (ClMemFile *) lfirst(lc);

		if (n == 0 || (strncmp(f->path, dir, n) == 0 && f->path[n] == '/'))
		{
			out = lappend(out, f->path);
			*exists = true;
		}
	}
	if (src->root != NULL)
	{
		char	   *full;

		check_read_privilege(dir);
		full = n ? server_path(src, dir) : pstrdup(src->root);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
		{
			List	   *disk = NIL;

			*exists = true;
			list_dir(full, dir, &disk, 0);
			foreach(lc, disk)
			{
				if (find_mem(src, (char *) lfirst(lc)) == NULL)
					out = lappend(out, lfirst(lc));
			}
		}
	}
	list_sort(out, cmp_strings);
	return out;
}

char *
cl_decode_text(const char *bytes, size_t len, const char *encoding,
			   const char *path, size_t *outlen)
{
	int			enc;
	char	   *copy;

	if (encoding == NULL || encoding[0] == '\0')
		encoding = "UTF-8";
	enc = pg_char_to_encoding(encoding);
	if (enc < 0)
	{
		/* Java names PostgreSQL does not know */
		if (pg_strcasecmp(encoding, "ISO-8859-1") == 0 ||
			pg_strcasecmp(encoding, "ISO8859_1") == 0)
			enc = PG_LATIN1;
		else if (pg_strcasecmp(encoding, "US-ASCII") == 0 ||
				 pg_strcasecmp(encoding, "ASCII") == 0)
			enc = PG_SQL_ASCII;
		else if (pg_strcasecmp(encoding, "Cp1252") == 0)
			enc = PG_WIN1252;
		else
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown encoding \"%s\" for file \"%s\"",
							encoding, path)));
	}
	copy = palloc(len + 1);
	memcpy(copy, bytes, len);
	copy[len] = '\0';
	*outlen = len;
	if (enc == PG_UTF8 || enc == PG_SQL_ASCII)
		return validate_text(copy, outlen, path);
	if (memchr(copy, '\0', len) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
				 errmsg("file \"%s\" contains a NUL byte", path)));
	{
		char	   *conv = pg_any_to_server(copy, len, enc);

		*outlen = strlen(conv);
		return conv;
	}
}

/*
 * Decompress a gzip file (loadData reads "x.csv.gz" decompressed, as
 * Liquibase does).  The output is capped, so a zip bomb is an error.
 */
char *
cl_gunzip(const char *data, size_t len, const char *path, size_t *outlen)
{
	z_stream	zs;
	StringInfoData out;
	volatile bool initialized = false;
	int			rc = Z_OK;

	memset(&zs, 0, sizeof(zs));
	initStringInfo(&out);
	PG_TRY();
	{
		if (inflateInit2(&zs, 15 + 32) != Z_OK)	/* gzip or zlib header */
			ereport(ERROR,
					(errcode(ERRCODE_OUT_OF_MEMORY),
					 errmsg("could not start decompressing \"%s\"", path)));
		initialized = true;
		zs.next_in = (Bytef *) data;
		zs.avail_in = (uInt) len;
		while (rc != Z_STREAM_END)
		{
			CHECK_FOR_INTERRUPTS();
			if ((size_t) out.len + 65536 >= CL_MAX_FILE_SIZE)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("decompressed file \"%s\" is too large", path)));
			enlargeStringInfo(&out, 65536);
			zs.next_out = (Bytef *) out.data + out.len;
			zs.avail_out = 65536;
			rc = inflate(&zs, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("could not decompress \"%s\": %s", path,
								zs.msg ? zs.msg : "invalid gzip data")));
			out.len += 65536 - zs.avail_out;
			if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0)
				ereport(ERROR,
						(errcode(ERRCODE_DATA_CORRUPTED),
						 errmsg("could not decompress \"%s\": the file is truncated", path)));
		}
		out.data[out.len] = '\0';
	}
	PG_FINALLY();
	{
		if (initialized)
			inflateEnd(&zs);
	}
	PG_END_TRY();
	*outlen = out.len;
	return out.data;
}
