#!/usr/bin/env bash
# changelog_sync: run every test.
#
#   sudo bash scripts/test.sh
#
# 1. scripts/setup.sh --no-example --clean with strict PG_CFLAGS (a build warning fails it);
# 2. copies the checkout (and the ground truth: $CLS_SHARED, ../shared beside it or beside its origin) to $CLS_RUNDIR, where the postgres OS user can
#    read it, since the server reads test files as that user and the checkout may sit under /root;
# 3. make installcheck (pg_regress, plus isolation specs if the Makefile sets ISOLATION), run as
#    root and connecting as postgres over the unix socket, counting one test per pg_regress test;
# 4. the main job of scripts/setup.sh (the example changelog), as one test;
# 5. TAP tests test/t/*.pl, each run with prove as the postgres OS user (initdb refuses root);
# 6. every executable test/unit/*.sh, then test/interop/*.sh, but the tools listed in script_tools
#    below, each one test (exit 0 = passed), run with no arguments from the copy, with
#    scripts/env.sh's variables plus CLS_SRCDIR (the copy) and CLS_REPO (the checkout); after
#    the interop scripts, a summary of the differential suite against the Liquibase CLI: a line
#    per script and "differential: N identical, M different";
# 7. scripts/sanitize.sh, as one test: the pg_regress suites and isolation specs once more, built
#    with AddressSanitizer and UBSan, in a private copy of the installation and a private cluster.
#
# One failing suite does not stop the others. The exit status is non-zero if anything failed, and
# the last line printed is always "N passed, N failed".
#
# Environment: CLS_TEST_TIMEOUT = seconds allowed for one TAP or interop script, or for
# sanitize.sh (default 1800).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=scripts/env.sh source-path=SCRIPTDIR/..
. "$here/env.sh"
if ! cls_root_or_sudo "${BASH_SOURCE[0]}" "$@"; then
	echo "test.sh: must run as root (sudo bash scripts/test.sh)" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

strict_cflags="-Wall -Wextra -Werror -Wno-unused-parameter"
timeout_s=${CLS_TEST_TIMEOUT:-1800}
copy="$CLS_RUNDIR/src-$(basename "$repo")"
shared_copy="$CLS_RUNDIR/shared"

passed=0
failed=0
failures=()
finished=0

section() { printf '\n======== %s ========\n' "$*"; }
pass() {
	passed=$((passed + 1))
	printf 'PASS: %s\n' "$1"
}
fail() {
	failed=$((failed + 1))
	failures+=("$1")
	printf 'FAIL: %s\n' "$1"
}

# The differential suite against the Liquibase CLI: every interop script's result line counted
# as identical / different cases ("N identical, M different[, K not run]" from lib.sh (not run
# counts as different), "K/N ... identical" or
# "K/N ... differ" from the others; a script without a count line counts as one case).
diff_ident=0
diff_diff=0
diff_lines=()
diff_tally() {
	local name=$1 line=$2 i=0 d=0
	if [[ $line =~ ([0-9]+)\ identical,\ ([0-9]+)\ different ]]; then
		i=${BASH_REMATCH[1]} d=${BASH_REMATCH[2]}
		if [[ $line =~ different,\ ([0-9]+)\ not\ run ]]; then d=$((d + BASH_REMATCH[1])); fi
	elif [[ $line =~ ^PASS\ .*:\ ([0-9]+)/([0-9]+)\  ]]; then
		i=${BASH_REMATCH[1]}
	elif [[ $line =~ ^FAIL\ .*:\ ([0-9]+)/([0-9]+)\ .*differ ]]; then
		d=${BASH_REMATCH[1]} i=$((BASH_REMATCH[2] - BASH_REMATCH[1]))
	elif [[ $line =~ ^PASS ]]; then
		i=1
	else
		d=1
	fi
	diff_ident=$((diff_ident + i))
	diff_diff=$((diff_diff + d))
	diff_lines+=("$(printf '%-40s %5d identical, %3d different' "$name" "$i" "$d")")
}
diff_summary() {
	local l
	[ "${#diff_lines[@]}" -gt 0 ] || return 0
	section "differential suite against the Liquibase 4.28 CLI"
	for l in "${diff_lines[@]}"; do echo "$l"; done
	printf 'differential: %d identical, %d different\n' "$diff_ident" "$diff_diff"
}

finish() {
	finished=1
	section "summary"
	local f
	if [ "${#failures[@]}" -gt 0 ]; then
		for f in "${failures[@]}"; do printf 'failed: %s\n' "$f"; done
	fi
	printf '%d passed, %d failed\n' "$passed" "$failed"
	if [ "$failed" -eq 0 ]; then exit 0; fi
	exit 1
}

# Whatever happens (a bug here, a failed copy), the last line is still the count.
# shellcheck disable=SC2317 # called by the trap
on_exit() {
	local rc=$?
	if [ "$finished" -eq 0 ]; then
		trap - EXIT
		fail "test.sh stopped early (exit status $rc)"
		finish
	fi
}
trap on_exit EXIT

# --- 1. packages, strict build, cluster -----------------------------------------------------------
section "setup: packages, build with PG_CFLAGS=\"$strict_cflags\", cluster"
if PG_CFLAGS="$strict_cflags" bash "$here/setup.sh" --no-example --clean </dev/null; then
	pass "build and install (-Werror), cluster up"
else
	fail "setup.sh --no-example (build, install or cluster)"
	echo "nothing else can run without a build and a server" >&2
	finish
fi

# --- 2. a copy the postgres OS user can read ------------------------------------------------------
section "copy: $repo -> $copy"
rm -rf "$copy"
mkdir -p "$copy"
cls_copy_checkout "$repo" "$copy"
rm -rf "$shared_copy"
if shared_src=$(cls_shared_dir "$repo"); then
	cp -RH "$shared_src" "$shared_copy"
else
	echo "note: no ground truth found (../shared beside the checkout or its origin; or set CLS_SHARED); tests that need it will fail" >&2
fi
# postgres owns the copy: pg_regress (as root) and the TAP tests (as postgres) write into it.
chown -R postgres:postgres "$copy"
chmod -R a+rX "$copy"
if [ -d "$shared_copy" ]; then chmod -R a+rX "$shared_copy"; fi
echo "copied $(find "$copy" -type f | wc -l) files"

# --- 3. pg_regress and isolation specs via make installcheck -------------------------------------
# PGXS runs REGRESS, then ISOLATION, in one recipe that stops at the first failing suite, so each
# suite gets its own make (the other one emptied on the command line). TAP_TESTS is emptied too:
# prove would run as root, where initdb refuses; step 5 runs the TAP tests as postgres.
installcheck_suite() {
	local label=$1 rlog rc r_pass r_fail
	shift
	section "make installcheck: $label"
	rlog="$CLS_RUNDIR/installcheck-$label.log"
	# Only the diffs this run writes are shown (pg_regress and isolation write to different places).
	touch "$rlog.start"
	set +e
	make -C "$copy" PG_CONFIG="$PG_CONFIG" TAP_TESTS= "$@" installcheck </dev/null 2>&1 | tee "$rlog"
	rc=${PIPESTATUS[0]}
	set -e
	# PostgreSQL 15 prints "test name ... ok" / "... FAILED" (a parallel group indents the names
	# instead); 16 and later print TAP lines "ok 1 - name" / "not ok 1 - name".
	r_pass=$(grep -cE '\.\.\. ok|\.\.\. failed \(ignored\)|^ok [0-9]+ ' "$rlog" || true)
	r_fail=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$rlog" || true)
	passed=$((passed + r_pass))
	failed=$((failed + r_fail))
	if [ "$r_fail" -gt 0 ]; then
		failures+=("$label: $(grep -E '\.\.\. FAILED|^not ok [0-9]+ ' "$rlog" |
			sed -E 's/^(test |not ok [0-9]+ +- +)?[[:space:]]*//; s/[[:space:]].*//' | tr '\n' ' ')")
	fi
	if [ "$rc" -ne 0 ] && [ "$r_fail" -eq 0 ]; then
		fail "$label: make installcheck exited with status $rc"
	fi
	echo "$label: $r_pass passed, $r_fail failed"
	if [ "$rc" -ne 0 ] || [ "$r_fail" -gt 0 ]; then
		local diffs
		while IFS= read -r -d '' diffs; do
			section "$diffs (first 3000 lines)"
			head -n 3000 "$diffs"
		done < <(find "$copy" -name regression.diffs -newer "$rlog.start" -print0)
	fi
}
installcheck_suite pg_regress ISOLATION=
installcheck_suite isolation REGRESS=

# --- 4. the main job ------------------------------------------------------------------------------
section "main job: scripts/setup.sh --example-only"
if bash "$here/setup.sh" --example-only </dev/null; then
	pass "example (scripts/setup.sh main job)"
else
	fail "example (scripts/setup.sh main job)"
fi

# --- 5. TAP tests ---------------------------------------------------------------------------------
pgxs_top=$(dirname "$(dirname "$(dirname "$("$PG_CONFIG" --pgxs)")")")
shopt -s nullglob
taps=("$copy"/test/t/*.pl)
if [ "${#taps[@]}" -gt 0 ]; then
	section "TAP: ${#taps[@]} file(s) in test/t"
	rm -rf "$copy/tmp_check"
	for t in "${taps[@]}"; do
		name="test/t/$(basename "$t")"
		echo "--- $name"
		# As prove_installcheck does it in PGXS, but as postgres and one file at a time.
		if (cd "$copy" && timeout -k 30 "$timeout_s" runuser -u postgres -- env \
			PATH="$CLS_PG_BINDIR:$copy:$PATH" TESTDIR="$copy" PG_CONFIG="$PG_CONFIG" \
			PG_REGRESS="$pgxs_top/src/test/regress/pg_regress" \
			prove -I "$pgxs_top/src/test/perl/" -I . "$name" </dev/null 2>&1); then
			pass "$name"
		else
			fail "$name"
			log_f="$copy/tmp_check/log/regress_log_$(basename "$t" .pl)"
			if [ -f "$log_f" ]; then
				echo "--- last 100 lines of $log_f"
				tail -n 100 "$log_f"
			fi
		fi
	done
fi

# --- 6. script suites: unit tests, then interoperability with the Liquibase CLI ------------------
# Each executable *.sh is one test (exit 0 = passed), run with no arguments from the copy. Listed
# here: executable scripts that are tools taking arguments, not tests.
script_tools=(test/interop/difftest.sh)
for dir in test/unit test/interop; do
	scripts_=("$copy/$dir"/*.sh)
	if [ "${#scripts_[@]}" -eq 0 ]; then continue; fi
	section "scripts: $dir"
	for t in "${scripts_[@]}"; do
		name="$dir/$(basename "$t")"
		if [ ! -x "$t" ]; then
			echo "--- $name: not executable, not a test (a helper?); skipped"
			continue
		fi
		case " ${script_tools[*]} " in
			*" $name "*)
				echo "--- $name: a tool that takes arguments, not a test; skipped"
				continue
				;;
		esac
		echo "--- $name"
		out_f=$(mktemp)
		if (cd "$copy" && CLS_SRCDIR="$copy" CLS_REPO="$repo" timeout -k 30 "$timeout_s" "$t" </dev/null 2>&1) |
			tee "$out_f"; [ "${PIPESTATUS[0]}" -eq 0 ]; then
			pass "$name"
		else
			fail "$name"
		fi
		if [ "$dir" = test/interop ]; then
			diff_tally "$name" "$(grep -E '^(PASS|FAIL) ' "$out_f" | tail -n 1)"
		fi
		rm -f "$out_f"
	done
done
diff_summary

# --- 7. the regression suites under AddressSanitizer and UBSan ------------------------------------
# Its own build, copy of the PostgreSQL installation and cluster (port 54349) under /var/tmp: the
# installation and the cluster above are not touched. Its last line says what it found.
section "sanitize: scripts/sanitize.sh (pg_regress and isolation under ASan and UBSan)"
if timeout -k 30 "$timeout_s" bash "$here/sanitize.sh" </dev/null 2>&1; then
	pass "sanitize (pg_regress and isolation under ASan and UBSan)"
else
	fail "sanitize (pg_regress and isolation under ASan and UBSan)"
fi

finish
