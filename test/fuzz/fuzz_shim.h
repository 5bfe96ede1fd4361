/*-------------------------------------------------------------------------
 *
 * fuzz_shim.h
 *	  What the fuzz harnesses share with the backend shims (pg_shim.c,
 *	  xml_shim.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef FUZZ_SHIM_H
#define FUZZ_SHIM_H

/* the server's default max_stack_depth */
#define FUZZ_MAX_STACK (2 * 1024 * 1024)

typedef struct FuzzError
{
	int			sqlerrcode;
	const char *message;
	const char *detail;
	const char *hint;
	const char *context;
	const char *filename;
	int			lineno;
	const char *funcname;
} FuzzError;

/* the last ERROR (valid until fuzz_arena_reset) */
extern FuzzError fuzz_last_error;
extern long fuzz_warnings;
extern char *fuzz_stack_base;
extern size_t fuzz_arena_peak;
extern size_t fuzz_arena_limit;

extern void fuzz_arena_reset(void);
extern size_t fuzz_arena_bytes(void);
extern void fuzz_flush_error(void);

/* xml_shim.c: no error context may be left installed between inputs */
extern int	fuzz_xml_contexts_open(void);
extern long fuzz_xml_entity_loads;

#endif							/* FUZZ_SHIM_H */
