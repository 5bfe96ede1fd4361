#!/bin/sh
# Unit test of src/md5.c (the checksums' MD5) against OpenSSL's.
set -e
cd "$(dirname "$0")/../.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
OUT=${TMPDIR:-/tmp}/changelog_sync_md5_test
${CC:-cc} -O2 -Wall -Wextra -I"$($PG_CONFIG --includedir-server)" -Isrc -o "$OUT" \
	src/md5.c test/unit/md5_test.c $($PKG_CONFIG --cflags --libs libcrypto)
exec "$OUT"
