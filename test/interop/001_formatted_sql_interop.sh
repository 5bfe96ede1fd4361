#!/usr/bin/env bash
# 001_formatted_sql_interop.sh: formatted-SQL changelogs, real Liquibase 4.28 CLI vs changelog_sync.
#
# For every changelog below, difftest.sh runs
#   * --direction all (update): plain differential (rows, schema, data, tracking tables), then
#     cli-then-ext and ext-then-cli interop (status --verbose, validate);
#   * --mode sync: the same differential for changelog-sync / changelog_sync.
# Changelogs: every file of ../shared/spec/vectors/sql, the corpus set liquibase-it-formatted-sql
# (with the command line of its expected/runs.json), and test/interop/data/fixture/interop_features.sql
# under three filter/parameter combinations.
#
# Exit 0 = every case identical. The last line of stdout is the one-line result; progress and the
# differences of failing cases go to stderr, and every case's full log is kept in
# $INTEROP_LOG_DIR (default test/interop/results/001/).
#
# Environment: see lib.sh.
set -euo pipefail

name=001_formatted_sql_interop
need=spec/vectors/sql
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/lib.sh
. "$here/lib.sh"

vectors=$shared/spec/vectors/sql
for f in "$vectors"/*.sql; do
	b=$(basename "$f" .sql)
	add_case "vectors/$b update" --direction all --with-data "$vectors" "$(basename "$f")"
	add_case "vectors/$b sync" --mode sync "$vectors" "$(basename "$f")"
done

for kind in update sync; do
	corpus_cases liquibase-it-formatted-sql "$kind"
done

fixture=$here/data/fixture
fx=interop_features.sql
add_case "fixture no-filter update" --direction all --with-data -Dparam_tbl=ix_param -Dparam_val=pv "$fixture" "$fx"
add_case "fixture no-filter sync" --mode sync -Dparam_tbl=ix_param -Dparam_val=pv "$fixture" "$fx"
add_case "fixture dev,!beta update" --direction all --with-data --contexts dev --labels '!beta' \
	-Dparam_tbl=ix_param2 '-Dparam_val=two words' -Dgreeting=hi "$fixture" "$fx"
add_case "fixture dev,!beta sync" --mode sync --contexts dev --labels '!beta' \
	-Dparam_tbl=ix_param2 '-Dparam_val=two words' -Dgreeting=hi "$fixture" "$fx"
add_case "fixture test,l1-or-gamma update" --direction all --with-data --contexts 'test, Prod' --labels 'l1 or gamma' \
	-Dparam_tbl=ix_param3 -Dparam_val=v3 "$fixture" "$fx"
add_case "fixture test,l1-or-gamma sync" --mode sync --contexts 'test, Prod' --labels 'l1 or gamma' \
	-Dparam_tbl=ix_param3 -Dparam_val=v3 "$fixture" "$fx"

run_cases
