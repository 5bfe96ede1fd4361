#!/usr/bin/env bash
# A short fuzz run of every parser, for the test suite (a few thousand inputs per harness,
# about two minutes): builds the libFuzzer harnesses of test/fuzz/ (the parsers outside the
# server, under AddressSanitizer, LeakSanitizer and UBSan), replays every regression input of
# test/fuzz/regress/, then fuzzes each harness from the shared seeds.
#
#   test/unit/fuzz_short.sh [shared-dir]     (default ../shared beside the checkout)
#
# Exit 0: no crash, sanitizer report, leak, hang (> 3 s per input here, as the suite may share the
# machine; the long run of test/fuzz/README.md uses 1 s) or internal error.
# The inputs of test/fuzz/regress-open/ reproduce bugs reported but not fixed yet (in files
# outside the parsers); they are replayed and reported, and do not fail this test.
# Environment: FUZZ_SHORT_RUNS (inputs per harness, default 3000), FUZZ_SHORT_SECONDS (time
# cap per harness, default 15), TMPDIR.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${1:-$(cd "$repo/.." && pwd)/shared}
runs=${FUZZ_SHORT_RUNS:-3000}
secs=${FUZZ_SHORT_SECONDS:-15}
work=$(mktemp -d "${TMPDIR:-/tmp}/changelog_sync_fuzz_short.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail=0

echo "fuzz_short: building the harnesses"
if ! "$repo/test/fuzz/build.sh" "$work/bin" > "$work/build.log" 2>&1; then
	tail -n 30 "$work/build.log"
	echo "fuzz_short: build failed"
	exit 1
fi
echo "fuzz_short: building the seeds from $shared"
if ! "$repo/test/fuzz/seeds.sh" "$work/seeds" "$shared" > "$work/seeds.log" 2>&1; then
	tail -n 30 "$work/seeds.log"
	echo "fuzz_short: seeds failed"
	exit 1
fi

common=(-timeout=${FUZZ_SHORT_TIMEOUT:-3} -rss_limit_mb=2048 -malloc_limit_mb=2048 -close_fd_mask=1)

# 1. regression inputs: each must run clean
for f in sql xml yaml json expr; do
	d=$repo/test/fuzz/regress/$f
	[ -d "$d" ] || continue
	n=$(find "$d" -type f | wc -l)
	[ "$n" -gt 0 ] || continue
	if "$work/bin/fuzz_$f" "${common[@]}" "$d"/* > "$work/regress-$f.log" 2>&1; then
		echo "ok: fuzz_$f replays $n regression inputs"
	else
		echo "FAIL: fuzz_$f on a regression input:"
		grep -E "ERROR|SUMMARY|Running:|internal error|libxml|==[0-9]+==" "$work/regress-$f.log" | tail -n 20
		fail=1
	fi
done
for f in sql xml yaml json expr; do
	d=$repo/test/fuzz/regress-open/$f
	[ -d "$d" ] || continue
	for x in "$d"/*; do
		[ -f "$x" ] || continue
		if "$work/bin/fuzz_$f" "${common[@]}" "$x" > "$work/open.log" 2>&1; then
			echo "note: $(basename "$x") (a reported, open bug) now runs clean: move it to test/fuzz/regress/$f/"
		else
			echo "known open bug still reproduces: test/fuzz/regress-open/$f/$(basename "$x") ($(grep -oE 'fuzz shim: .*|libFuzzer: timeout|SUMMARY: .*|internal error.*' "$work/open.log" | head -1))"
		fi
	done
done

# 2. a short fuzz run per harness
for f in sql xml yaml json expr; do
	mkdir -p "$work/corpus/$f"
	dict=()
	[ -f "$work/seeds/$f.dict" ] && dict=(-dict="$work/seeds/$f.dict")
	"$work/bin/fuzz_$f" "${common[@]}" -runs="$runs" -max_total_time="$secs" -max_len=16384 \
		"${dict[@]}" -artifact_prefix="$work/$f-" -print_final_stats=1 \
		"$work/corpus/$f" "$work/seeds/$f" > "$work/fuzz-$f.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz-$f.log")
	if [ $rc -eq 0 ]; then
		echo "ok: fuzz_$f ran ${execs:-?} inputs"
	else
		echo "FAIL: fuzz_$f (exit $rc):"
		grep -E "ERROR|SUMMARY|internal error|libxml|==[0-9]+==|Test unit written" "$work/fuzz-$f.log" | tail -n 20
		for a in "$work/$f-"*; do
			[ -f "$a" ] || continue
			echo "--- reproducer $(basename "$a") (base64):"
			head -c 4096 "$a" | base64
		done
		fail=1
	fi
done
[ $fail -eq 0 ] && echo "fuzz_short: passed" || echo "fuzz_short: FAILED"
exit $fail
