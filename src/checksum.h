/*-------------------------------------------------------------------------
 *
 * checksum.h
 *	  Liquibase checksums (version 9, and version 8 for validation).
 *
 *-------------------------------------------------------------------------
 */
#ifndef CHECKSUM_H
#define CHECKSUM_H

#include "changelog.h"

#define CL_CHECKSUM_VERSION 9

/* Lowercase hex MD5 of bytes (palloc'd). */
extern char *cl_md5_hex(const char *data, size_t len);
/* MD5 of text with every space, tab, CR and LF byte removed. */
extern char *cl_md5_nows(const char *text);
/* The hash of one change for the given version (8 or 9). */
extern char *cl_change_hex(const ClChange *change, int version);
/* "<version>:<hex>" for a changeset. */
extern char *cl_changeset_checksum(const ClChangeSet *cs, int version);
/* Version of a stored checksum ("9:..." -> 9, no prefix -> 1, NULL -> 0). */
extern int	cl_checksum_version(const char *stored);

#endif							/* CHECKSUM_H */
