/*-------------------------------------------------------------------------
 *
 * fileio.h
 *	  The one interface through which changelog files are read.
 *
 * The engine never opens a file itself.  A ClSource answers "read this path"
 * and "list this directory" for paths relative to the changelog root; it may
 * be backed by in-memory text (a changelog passed as an argument, or a map of
 * path to content) layered over the server's file system under base_dir.
 * Reading a server file checks the caller's privilege at every open.
 *
 *-------------------------------------------------------------------------
 */
#ifndef FILEIO_H
#define FILEIO_H

#include "nodes/pg_list.h"

typedef struct ClSource ClSource;

/* A source: in-memory files first, then the server under base_dir (if allowed). */
extern ClSource *cl_source_create(const char *base_dir);

/* Add an in-memory file (path relative to the root, content as UTF-8/server text). */
extern void cl_source_add_text(ClSource *src, const char *path,
							   const char *content, size_t len);

/*
 * Read a file.  Returns palloc'd, NUL-terminated text converted to the
 * server encoding (after validating it as UTF-8 and stripping a BOM), and
 * sets *len.  When the file does not exist: returns NULL if missing_ok, else
 * ERROR.  A directory, a special file, or an unreadable file is an ERROR.
 * raw = true returns the bytes unconverted and unvalidated (sqlFile hashes
 * bytes in their declared encoding).
 */
extern char *cl_source_read(ClSource *src, const char *path, size_t *len,
							bool missing_ok, bool raw);

/* Does path exist as a directory (in memory or on the server)? */
extern bool cl_source_is_dir(ClSource *src, const char *path);

/*
 * List regular files below dir, recursively, as paths relative to the root
 * ("dir/sub/file.xml"), sorted byte-wise.  Sets *exists to false (and returns
 * NIL) if the directory does not exist.
 */
extern List *cl_source_list(ClSource *src, const char *dir, bool *exists);

/* Decode bytes in a named encoding ("UTF-8", "ISO-8859-1", ...) to server text. */
extern char *cl_decode_text(const char *bytes, size_t len, const char *encoding,
							const char *path, size_t *outlen);

/* Decompress gzip data (capped); ERROR on corrupt input. */
extern char *cl_gunzip(const char *data, size_t len, const char *path,
					   size_t *outlen);

#endif							/* FILEIO_H */
