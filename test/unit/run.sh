#!/bin/sh
# Unit test of src/serialize.c outside the server.
#   test/unit/run.sh [spec-dir]      (default ../shared/spec beside the checkout)
# Builds serialize.c against the PostgreSQL server headers with small shims
# (test/unit/shims.c) and runs the recorded checksum cases.
set -e
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
INC="-I$($PG_CONFIG --includedir-server) -Isrc"
LIBS="$($PKG_CONFIG --cflags --libs icu-uc libxml-2.0 yaml-0.1 libcjson libcrypto)"
OUT=${TMPDIR:-/tmp}/changelog_sync_serialize_test
CFLAGS="-O0 -g -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers"
${CC:-cc} $CFLAGS $INC -o "$OUT" \
	src/serialize.c test/unit/shims.c test/unit/serialize_test.c $LIBS -lm
if [ $# -eq 0 ]; then
	set -- "$(cd .. && pwd)/shared/spec"
fi
exec "$OUT" "$@"
