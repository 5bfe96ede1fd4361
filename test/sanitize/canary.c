/*
 * scripts/sanitize.sh's canary: two functions with a deliberate bug each, built with the same
 * sanitizer flags as the extension and called on the sanitizer cluster before the suites run. If
 * either does not produce its report, the sanitizers are not live in the server (say the runtime
 * was not preloaded) and a clean run of the suites would prove nothing.
 */
#include "postgres.h"

#include <stdlib.h>

#include "fmgr.h"

PG_MODULE_MAGIC;

PG_FUNCTION_INFO_V1(canary_heap_overflow);
PG_FUNCTION_INFO_V1(canary_shift);

/* AddressSanitizer: writes one byte past the end of a malloc'd block of n bytes. */
Datum
canary_heap_overflow(PG_FUNCTION_ARGS)
{
	int32		n = PG_GETARG_INT32(0);
	volatile char *p = malloc(n);

	if (p == NULL)
		elog(ERROR, "out of memory");
	p[n] = 'x';
	free((void *) p);
	PG_RETURN_VOID();
}

/* UBSan: 1 << s, undefined for s >= 32. */
Datum
canary_shift(PG_FUNCTION_ARGS)
{
	int32		s = PG_GETARG_INT32(0);

	PG_RETURN_INT32(1 << s);
}
