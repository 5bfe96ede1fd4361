#!/usr/bin/env bash
# 008_vectors_interop.sh: the XML, YAML and JSON checksum vectors of ../shared/spec/vectors, real
# Liquibase 4.28 CLI vs changelog_sync, as 001 does for the formatted-SQL ones.
#
# For every root changelog of vectors/xml, vectors/yaml and vectors/json (the .xml / .yaml / .yml /
# .json files; the .sql files there are only included by them through sqlFile), with the format
# folder as the search path, as the vectors were recorded, difftest.sh runs
#   * --direction all --with-data (update): plain differential (rows, schema, data, tracking
#     tables), then cli-then-ext and ext-then-cli interop (status --verbose, validate);
#   * --mode sync: the same differential for changelog-sync / changelog_sync.
# The vectors run on an empty database, with no setup, contexts, labels or parameters.
#
# Exit 0 = every case identical; see 001_formatted_sql_interop.sh for the output.
# Environment: see lib.sh.
set -euo pipefail

name=008_vectors_interop
need=spec/vectors
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/lib.sh
. "$here/lib.sh"

vectors=$shared/spec/vectors
shopt -s nullglob
for fmt in xml yaml json; do
	files=("$vectors/$fmt"/*.xml "$vectors/$fmt"/*.yaml "$vectors/$fmt"/*.yml "$vectors/$fmt"/*.json)
	[ ${#files[@]} -gt 0 ] || { result FAIL "no changelog in $vectors/$fmt"; exit 1; }
	for f in "${files[@]}"; do
		b=$(basename "$f")
		add_case "$fmt/$b update" --direction all --with-data "$vectors/$fmt" "$b"
		add_case "$fmt/$b sync" --mode sync "$vectors/$fmt" "$b"
	done
done

run_cases
