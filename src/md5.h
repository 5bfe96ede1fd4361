/*-------------------------------------------------------------------------
 *
 * md5.h
 *	  MD5 (RFC 1321) for checksums, without a digest context per call.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CL_MD5_H
#define CL_MD5_H

typedef struct ClMd5
{
	uint32		a,
				b,
				c,
				d;
	uint64		len;			/* bytes hashed so far */
	uint8		buf[64];
} ClMd5;

extern void cl_md5_init(ClMd5 *m);
extern void cl_md5_update(ClMd5 *m, const void *data, size_t len);
/* The digest as 32 lowercase hex digits and a NUL (hex holds 33 bytes). */
extern void cl_md5_final_hex(ClMd5 *m, char *hex);

#endif							/* CL_MD5_H */
