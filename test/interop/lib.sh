# shellcheck shell=bash
# lib.sh: shared by the interop test scripts (sourced, not run).
# The caller sets "name" (the script's name), "need" (a folder of ../shared it needs) and
# "here" (its folder), then sources this file, adds cases and calls run_cases.
# The last line of stdout is the result: "PASS <name>: N identical, 0 different (...)" or
# "FAIL <name>: N identical, M different[, K not run]: <cases> (...)"; "not run" counts the cases
# difftest.sh could not set up (exit 2) or that timed out.
#
# Environment: INTEROP_JOBS (parallel cases, default 2), INTEROP_CASE_TIMEOUT (seconds per case,
# default 600), INTEROP_LOG_DIR (default test/interop/results/NNN), CLS_SHARED (default
# <repo>/../shared); see difftest.sh for the rest.

# shellcheck source=test/interop/common.sh disable=SC2154 # here and name: set by the caller
. "$here/common.sh"
difftest=$here/difftest.sh
jobs=${INTEROP_JOBS:-2}
case_timeout=${INTEROP_CASE_TIMEOUT:-600}
logdir=${INTEROP_LOG_DIR:-$here/results/${name%%_*}}
[ -d "$shared/$need" ] || { result FAIL "shared ground truth not found at $shared (set CLS_SHARED)"; exit 1; }
if ! setup_msg=$("$difftest" --check-setup 2>&1); then
	result FAIL "setup: ${setup_msg##*error: }"
	exit 1
fi

# ---------------------------------------------------------------- scratch space
# scratch_dir VAR: a new private directory (for derived changelogs ...), removed when the script
# ends; difftest.sh copies its SEARCH_DIR itself, so the server need not read it.
scratch_dirs=()
scratch_dir() {
	local d
	d=$(mktemp -d "${TMPDIR:-/tmp}/cls_interop.XXXXXX")
	scratch_dirs+=("$d")
	printf -v "$1" '%s' "$d"
}
remove_scratch() {
	local d
	for d in ${scratch_dirs[@]+"${scratch_dirs[@]}"}; do rm -rf "$d"; done
}
trap remove_scratch EXIT

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


# corpus_cases SET KIND: a case for each KIND (update or sync) run of the set's expected/runs.json,
# each from a fresh database (a set with two runs, fineract, gets two cases; a later run, which
# expects the earlier ones, is compared with --each: both engines must stop at the same changeset
# and leave the same state; 003 replays the runs in sequence against what the CLI recorded). The
# extension builds CREATE INDEX CONCURRENTLY
# without the keyword, in its transaction (changelog_sync.concurrent_index = plain): the same index.
corpus_cases() {
	local set=$1 kind=$2 corpus=$shared/corpus/$1 runs i ctx lbl kv sfx json
	command -v jq >/dev/null || { result FAIL "jq is needed to read $corpus/expected/runs.json"; exit 1; }
	json=$corpus/expected/runs.json
	runs=$(jq ".${kind} | length" "$json")
	[ "$runs" -ge 1 ] || { result FAIL "$json: no $kind run"; exit 1; }
	for ((i = 0; i < runs; i++)); do
		local -a args=(--ext-set changelog_sync.concurrent_index=plain)
		if [ "$kind" = sync ]; then
			args+=(--mode sync)
		elif [ "$i" = 0 ]; then
			args+=(--direction all --with-data)
		else	# a later run expects the earlier ones: on a fresh database both fail at the same place
			args+=(--direction diff --with-data --each)
		fi
		ctx=$(jq -r ".${kind}[$i].contexts // empty" "$json")
		lbl=$(jq -r ".${kind}[$i].labels // empty" "$json")
		[ "$(jq -r ".${kind}[$i].contexts == null" "$json")" = true ] || args+=(--contexts "$ctx")
		[ "$(jq -r ".${kind}[$i].labels == null" "$json")" = true ] || args+=(--labels "$lbl")
		while IFS= read -r kv; do
			[ -n "$kv" ] && args+=("-D$kv")
		done < <(jq -r ".${kind}[$i].parameters // {} | to_entries[] | \"\(.key)=\(.value)\"" "$json")
		sfx=
		[ "$runs" = 1 ] || sfx=" (run $((i + 1)) of $runs)"
		add_case "corpus/$set $kind$sfx" "${args[@]}" "$corpus" "$(jq -r ".${kind}[$i].changelog_file" "$json")"
	done
}

# run_cases: run every case, $jobs at a time; print the result line and exit
run_cases() {
	rm -rf "$logdir"
	mkdir -p "$logdir"
	pids=()
	# shellcheck disable=SC2317 # called by the trap
	cleanup() {
		local p
		for p in ${pids[@]+"${pids[@]}"}; do kill "$p" 2>/dev/null || true; done
		wait 2>/dev/null || true
		remove_scratch
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
	n_same=0 n_diff=0 n_error=0
	for ((i = 0; i < n; i++)); do
		log=$(logfile "$i")
		rc=$(cat "$log.rc" 2>/dev/null || echo missing)
		if [ "$rc" = 0 ]; then
			echo "  ok    ${case_names[$i]}" >&2
			n_same=$((n_same + 1))
		else
			# exit 1 = DIFFERENT; anything else (2 = setup error, 124 = timeout ...) = not run
			if [ "$rc" = 1 ]; then n_diff=$((n_diff + 1)); else n_error=$((n_error + 1)); fi
			echo "  FAIL  ${case_names[$i]} (exit $rc; log $log)" >&2
			sed 's/^/        /' "$log" >&2
			failed+=("${case_names[$i]}")
		fi
	done

	elapsed=$((SECONDS - start))
	counts="$n_same identical, $n_diff different"
	[ "$n_error" = 0 ] || counts+=", $n_error not run"
	if [ ${#failed[@]} -eq 0 ]; then
		result PASS "$counts (all $n cases identical to the Liquibase 4.28 CLI, ${elapsed}s)"
		exit 0
	fi
	result FAIL "$counts: $(printf '%s; ' "${failed[@]}" | sed 's/; $//') (${elapsed}s, logs in $logdir)"
	exit 1

}
