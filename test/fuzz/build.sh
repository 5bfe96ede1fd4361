#!/bin/sh
# Build the fuzz harnesses: the parser files of src/ outside the server, with
# test/fuzz/pg_shim.c and xml_shim.c standing in for the backend, linked with
# the real libxml2, libyaml and cJSON, under libFuzzer, AddressSanitizer
# (with LeakSanitizer) and UndefinedBehaviorSanitizer.
#
#   test/fuzz/build.sh [outdir]        (default ${TMPDIR:-/tmp}/changelog_sync_fuzz)
#
# Makes <outdir>/fuzz_sql, fuzz_xml, fuzz_yaml, fuzz_json (changelogs) and
# fuzz_expr (contexts/labels expressions, dbms lists, paths, splitter).
# Environment: CC (default clang), PG_CONFIG, PKG_CONFIG, FUZZ_CFLAGS (extra).
set -eu
cd "$(dirname "$0")/../.."
OUT=${1:-${TMPDIR:-/tmp}/changelog_sync_fuzz}
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
CC=${CC:-clang}
LIBS_PC="libxml-2.0 yaml-0.1 libcjson icu-uc libcrypto zlib"

command -v "$CC" >/dev/null 2>&1 || { echo "build.sh: $CC not found (apt-get install clang)" >&2; exit 2; }
PGLIB=$($PG_CONFIG --libdir)
# Debian keeps libpgcommon.a / libpgport.a next to the server's own libraries
for d in "$PGLIB" "$($PG_CONFIG --pkglibdir)" /usr/lib/postgresql/15/lib; do
	if [ -f "$d/libpgcommon.a" ]; then PGSTATIC=$d; break; fi
done
[ -n "${PGSTATIC:-}" ] || { echo "build.sh: libpgcommon.a not found" >&2; exit 2; }

SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-sanitize=function"
CFLAGS="-D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wno-unused-parameter -Wno-missing-field-initializers -Wno-ignored-attributes $SAN ${FUZZ_CFLAGS:-}"
INC="-I$($PG_CONFIG --includedir-server) -Isrc -Itest/fuzz $($PKG_CONFIG --cflags $LIBS_PC)"
LIBS="$($PKG_CONFIG --libs $LIBS_PC) $PGSTATIC/libpgcommon.a $PGSTATIC/libpgport.a -lm"

SRCS="changelog contexts fileio parse_json parse_sql parse_tree parse_xml parse_yaml splitter checksum md5 serialize"
mkdir -p "$OUT/obj"
OBJS=""
for s in $SRCS; do
	o="$OUT/obj/$s.o"
	if [ ! -f "$o" ] || [ "src/$s.c" -nt "$o" ] || [ -n "$(find src -name '*.h' -newer "$o")" ]; then
		$CC $CFLAGS -fsanitize=fuzzer-no-link $INC -c "src/$s.c" -o "$o"
	fi
	OBJS="$OBJS $o"
done
for s in pg_shim xml_shim; do
	o="$OUT/obj/$s.o"
	$CC $CFLAGS $INC -c "test/fuzz/$s.c" -o "$o"
	OBJS="$OBJS $o"
done

for ext in sql xml yaml json; do
	$CC $CFLAGS -fsanitize=fuzzer $INC -DFUZZ_EXT="\"$ext\"" \
		-o "$OUT/fuzz_$ext" test/fuzz/fuzz_changelog.c $OBJS $LIBS
done
$CC $CFLAGS -fsanitize=fuzzer $INC -o "$OUT/fuzz_expr" test/fuzz/fuzz_expr.c $OBJS $LIBS
echo "built $OUT/fuzz_sql fuzz_xml fuzz_yaml fuzz_json fuzz_expr"

# the live-server driver (libpq, no sanitizers)
PQINC=$($PG_CONFIG --includedir)
PQLIB=$($PG_CONFIG --libdir)
if [ -f "$PQINC/libpq-fe.h" ]; then
	${SERVER_CC:-cc} -O1 -g -Wall -I"$PQINC" -o "$OUT/server_replay" test/fuzz/server_replay.c -L"$PQLIB" -lpq
	echo "built $OUT/server_replay"
fi
