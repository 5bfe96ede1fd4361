#!/usr/bin/env bash
# Run the fuzz harnesses in chunks, one process at a time, and log the result.
#
#   test/fuzz/run.sh [-w workdir] [-n inputs-per-chunk] [-c chunks] [-f "sql xml yaml json expr"]
#                    [-t timeout-seconds] [-s shared-dir] [-b]
#
# Builds the harnesses (test/fuzz/build.sh) and the seed corpora (test/fuzz/seeds.sh) into
# the work directory unless they are there, then for each chunk and each harness runs libFuzzer
# for the given number of inputs on the harness's growing corpus (<workdir>/corpus/<fmt>).
# libFuzzer stops at its first finding (crash, sanitizer report, leak, timeout, RSS or malloc
# limit); the chunk is then recorded as a finding, its reproducer kept in <workdir>/artifacts,
# and the run goes on.  -b: skip the build (reuse <workdir>/bin).
#
# <workdir>/log.tsv gets a line per chunk (harness, inputs executed, new corpus units, peak RSS
# MB, slowest input seconds, exit status, artifact); the last lines printed are the totals.
# Exit status: 0 when no chunk had a finding.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=${TMPDIR:-/tmp}/changelog_sync_fuzzwork
runs=100000
chunks=1
fmts="sql xml yaml json expr"
timeout_s=1
shared=""
build=1
while getopts "w:n:c:f:t:s:b" o; do
	case $o in
		w) work=$OPTARG ;;
		n) runs=$OPTARG ;;
		c) chunks=$OPTARG ;;
		f) fmts=$OPTARG ;;
		t) timeout_s=$OPTARG ;;
		s) shared=$OPTARG ;;
		b) build=0 ;;
		*) sed -n '2,16p' "$0"; exit 2 ;;
	esac
done
mkdir -p "$work"/{bin,corpus,artifacts}
if [ $build -eq 1 ] || [ ! -x "$work/bin/fuzz_sql" ]; then
	"$here/build.sh" "$work/bin" >/dev/null || { echo "run.sh: build failed" >&2; exit 2; }
fi
if [ ! -f "$work/seeds/sql.dict" ]; then
	"$here/seeds.sh" "$work/seeds" $shared >/dev/null || { echo "run.sh: seeds failed" >&2; exit 2; }
fi
[ -f "$work/log.tsv" ] || printf 'time\tharness\tinputs\tnew_units\tpeak_rss_mb\tslowest_s\texit\tartifact\n' > "$work/log.tsv"

total=0
findings=0
for ((c = 1; c <= chunks; c++)); do
	for f in $fmts; do
		corpus=$work/corpus/$f
		if [ ! -d "$corpus" ]; then
			mkdir -p "$corpus"
			cp "$work/seeds/$f"/* "$corpus"/ 2>/dev/null
		fi
		dict=()
		[ -f "$work/seeds/$f.dict" ] && dict=(-dict="$work/seeds/$f.dict")
		maxlen=65536
		[ "$f" = expr ] && maxlen=16384
		out=$work/last-$f.log
		touch "$work/.stamp"
		"$work/bin/fuzz_$f" -runs="$runs" -timeout="$timeout_s" -rss_limit_mb=2048 \
			-malloc_limit_mb=2048 -max_len=$maxlen -len_control=1000 "${dict[@]}" \
			-artifact_prefix="$work/artifacts/$f-" -print_final_stats=1 \
			"$corpus" > "$out" 2>&1
		rc=$?
		inputs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out" | tail -1)
		newu=$(sed -n 's/^stat::new_units_added: *//p' "$out" | tail -1)
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$out" | tail -1)
		slow=$(sed -n 's/^stat::slowest_unit_time_sec: *//p' "$out" | tail -1)
		if [ -z "$inputs" ]; then
			# stopped by a finding: libFuzzer prints no final stats; take the last status line
			inputs=$(grep -oE '^#[0-9]+' "$out" | tail -1 | tr -d '#')
			rss=$(grep -oE 'rss: [0-9]+Mb' "$out" | tail -1 | grep -oE '[0-9]+')
		fi
		art=""
		if [ $rc -ne 0 ]; then
			findings=$((findings + 1))
			art=$(find "$work/artifacts" -type f -newer "$work/.stamp" ! -name 'finding-*' 2>/dev/null | head -1)
			cp "$out" "$work/artifacts/finding-$(date +%s)-$f.log"
		fi
		total=$((total + ${inputs:-0}))
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$f" "${inputs:-0}" "${newu:-0}" \
			"${rss:-?}" "${slow:-?}" "$rc" "$art" | tee -a "$work/log.tsv"
	done
done
echo "inputs: $total"
echo "findings: $findings"
[ $findings -eq 0 ]
