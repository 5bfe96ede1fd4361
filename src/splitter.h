/*-------------------------------------------------------------------------
 *
 * splitter.h
 *	  Splitting SQL text into statements the way a PostgreSQL user expects:
 *	  never inside quotes, dollar quotes or comments.
 *
 *-------------------------------------------------------------------------
 */
#ifndef SPLITTER_H
#define SPLITTER_H

#include "nodes/pg_list.h"

/*
 * Split sql into statements (List of char *, trimmed, empty ones dropped).
 * split=false keeps one statement.  end_delimiter (NULL = ";" and "GO" lines)
 * is Liquibase's endDelimiter.  strip_comments removes -- and block comments.
 */
extern List *cl_split_statements(const char *sql, bool split,
								 const char *end_delimiter,
								 bool strip_comments);

#endif							/* SPLITTER_H */
