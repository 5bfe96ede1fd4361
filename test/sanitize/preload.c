/*
 * Preloaded into the sanitizer cluster's server with the ASan runtime by scripts/sanitize.sh. The
 * postgres binary is not instrumented, only the extension is, which brings two problems:
 *
 * - swift_demangle: the ASan runtime initialises itself on the first malloc, which in the server
 *   comes from a library constructor running before libasan's own (libp11-kit's, through libldap
 *   and gnutls), inside newlocale(), which holds glibc's locale lock. The runtime looks up the
 *   optional symbol swift_demangle with dlsym(); when that fails, dlerror() translates its message
 *   with gettext, which takes the same lock, and the process hangs (postgres -V, so pg_ctl start).
 *   Defined here, the lookup succeeds. It demangles nothing.
 *
 * - __ubsan_default_options: gcc's UBSan runtime (libubsan, loaded with the extension) initialises
 *   itself at its first report, in a backend, and reads UBSAN_OPTIONS from /proc/self/environ,
 *   which the server has overwritten by then with its process title ("postgres: user db ...").
 *   The runtime also asks this hook for options; libc's environ is intact (the server moved it),
 *   so it returns UBSAN_OPTIONS from there.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

char	   *swift_demangle(const char *name, size_t len, char *out, size_t *outlen, uint32_t flags);
const char *__ubsan_default_options(void);

char *
swift_demangle(const char *name, size_t len, char *out, size_t *outlen, uint32_t flags)
{
	return NULL;
}

const char *
__ubsan_default_options(void)
{
	const char *s = getenv("UBSAN_OPTIONS");

	return s ? s : "";
}
