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
# Environment: INTEROP_JOBS (parallel cases, default 2), INTEROP_CASE_TIMEOUT (seconds per case,
# default 600), CLS_SHARED (default <repo>/../shared); see difftest.sh for the rest.
set -euo pipefail

name=001_formatted_sql_interop
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${CLS_SHARED:-$repo/../shared}
difftest=$here/difftest.sh
jobs=${INTEROP_JOBS:-2}
case_timeout=${INTEROP_CASE_TIMEOUT:-600}
logdir=${INTEROP_LOG_DIR:-$here/results/001}
start=$SECONDS

result() { echo "$1 $name: $2"; }
[ -d "$shared/spec/vectors/sql" ] || { result FAIL "shared ground truth not found at $shared (set CLS_SHARED)"; exit 1; }
if ! setup_msg=$("$difftest" --check-setup 2>&1); then
	result FAIL "setup: ${setup_msg##*error: }"
	exit 1
fi

# ---------------------------------------------------------------- the cases
# Each case: a name and the difftest.sh arguments, stored as one NUL-free line, fields split on \x1f.
case_names=()
case_args=()
add_case() {	# add_case NAME ARG...
	local n=$1; shift
	local IFS=$'\x1f'
	case_names+=("$n")
	case_args+=("$*")
}

vectors=$shared/spec/vectors/sql
for f in "$vectors"/*.sql; do
	b=$(basename "$f" .sql)
	add_case "vectors/$b update" --direction all --with-data "$vectors" "$(basename "$f")"
	add_case "vectors/$b sync" --mode sync "$vectors" "$(basename "$f")"
done

corpus=$shared/corpus/liquibase-it-formatted-sql
command -v jq >/dev/null || { result FAIL "jq is needed to read $corpus/expected/runs.json"; exit 1; }
for kind in update sync; do
	runs=$(jq ".${kind} | length" "$corpus/expected/runs.json")
	[ "$runs" = 1 ] || { result FAIL "$corpus/expected/runs.json: expected one $kind run, found $runs"; exit 1; }
	args=()
	if [ "$kind" = update ]; then args+=(--direction all --with-data); else args+=(--mode sync); fi
	ctx=$(jq -r ".${kind}[0].contexts // empty" "$corpus/expected/runs.json")
	lbl=$(jq -r ".${kind}[0].labels // empty" "$corpus/expected/runs.json")
	[ "$(jq -r ".${kind}[0].contexts == null" "$corpus/expected/runs.json")" = true ] || args+=(--contexts "$ctx")
	[ "$(jq -r ".${kind}[0].labels == null" "$corpus/expected/runs.json")" = true ] || args+=(--labels "$lbl")
	while IFS= read -r kv; do
		[ -n "$kv" ] && args+=("-D$kv")
	done < <(jq -r ".${kind}[0].parameters // {} | to_entries[] | \"\(.key)=\(.value)\"" "$corpus/expected/runs.json")
	add_case "corpus/liquibase-it-formatted-sql $kind" "${args[@]}" "$corpus" \
		"$(jq -r ".${kind}[0].changelog_file" "$corpus/expected/runs.json")"
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

# ---------------------------------------------------------------- run them, $jobs at a time
rm -rf "$logdir"
mkdir -p "$logdir"
pids=()
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local p
	for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

logfile() { echo "$logdir/$(printf '%02d' "$1")_$(echo "${case_names[$1]}" | tr -c 'A-Za-z0-9_.,!-' '_').log"; }

run_case() {	# run_case INDEX: runs in the background, leaves LOG and LOG.rc
	local i=$1 log
	log=$(logfile "$i")
	local IFS=$'\x1f'
	# shellcheck disable=SC2206
	local -a a=(${case_args[$i]})
	local rc=0
	timeout "$case_timeout" "$difftest" "${a[@]}" >"$log" 2>&1 || rc=$?
	[ "$rc" = 124 ] && echo "(case timed out after ${case_timeout}s)" >>"$log"
	echo "$rc" >"$log.rc"
}

n=${#case_names[@]}
for ((i = 0; i < n; i++)); do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
	run_case "$i" &
	pids+=($!)
done
wait || true
pids=()

failed=()
for ((i = 0; i < n; i++)); do
	log=$(logfile "$i")
	rc=$(cat "$log.rc" 2>/dev/null || echo missing)
	if [ "$rc" = 0 ]; then
		echo "  ok    ${case_names[$i]}" >&2
	else
		echo "  FAIL  ${case_names[$i]} (exit $rc; log $log)" >&2
		sed 's/^/        /' "$log" >&2
		failed+=("${case_names[$i]}")
	fi
done

elapsed=$((SECONDS - start))
if [ ${#failed[@]} -eq 0 ]; then
	result PASS "$n/$n cases identical to the Liquibase 4.28 CLI (${elapsed}s)"
	exit 0
fi
result FAIL "${#failed[@]}/$n cases differ from the Liquibase 4.28 CLI: $(printf '%s; ' "${failed[@]}" | sed 's/; $//') (${elapsed}s, logs in $logdir)"
exit 1
