#!/bin/sh
# Unit test of src/serialize.c outside the server.
#   test/unit/run.sh [spec-dir]      (default ../shared/spec beside the checkout)
# Builds serialize.c against the PostgreSQL server headers with the fuzz
# harnesses' stand-in for the backend (test/fuzz/pg_shim.c, with libpgcommon
# and libpgport) and runs the recorded checksum cases.
set -e
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
INC="-I$($PG_CONFIG --includedir-server) -Isrc -Itest/fuzz"
# Debian keeps libpgcommon.a / libpgport.a next to the server's own libraries
PGSTATIC=
for d in "$($PG_CONFIG --libdir)" "$($PG_CONFIG --pkglibdir)"; do
	if [ -f "$d/libpgcommon.a" ]; then PGSTATIC=$d; break; fi
done
[ -n "$PGSTATIC" ] || { echo "run.sh: libpgcommon.a not found" >&2; exit 2; }
LIBS="$($PKG_CONFIG --cflags --libs icu-uc libxml-2.0 yaml-0.1 libcjson libcrypto) $PGSTATIC/libpgcommon.a $PGSTATIC/libpgport.a"
OUT=${TMPDIR:-/tmp}/changelog_sync_serialize_test
# -no-pie: libpgcommon.a is not built position-independent
CFLAGS="-O0 -g -no-pie -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers"
${CC:-cc} $CFLAGS $INC -o "$OUT" \
	src/serialize.c test/fuzz/pg_shim.c test/unit/serialize_test.c $LIBS -lm
if [ $# -eq 0 ]; then
	set -- "$(cd .. && pwd)/shared/spec"
fi
exec "$OUT" "$@"
