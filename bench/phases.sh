#!/bin/bash
# bench/phases.sh: where the time of a no-op changelog_update goes, phase by phase.
#
#   bash bench/phases.sh [N] [REPS]       # default N = 10000, REPS = 5
#
# On the development cluster (scripts/setup.sh started it; scripts/env.sh names it), with the
# extension installed.  For each format: a database cls_phases_<fmt> whose history holds the
# benchmark changelog of N changesets (bench/gen.py --seed 8), then REPS no-op calls, each in a
# new backend as in bench/run.sh.  Each call reports its phases at DEBUG1 (report_phase() in
# src/engine.c); the minor page faults of the call come from /proc/<pid>/stat.  Prints the median
# of each column per format (ms; the last column in faults).
set -euo pipefail
n=${1:-10000}
reps=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../scripts/env.sh"

dir=$(mktemp -d /var/tmp/cls_phases.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
python3 "$here/gen.py" --n "$n" --seed 8 --out "$dir" >/dev/null
chmod -R a+rX "$dir"
quiet="-c client_min_messages=warning"

median() { sort -n | awk '{v[NR] = $1} END {print (NR ? v[int((NR + 1) / 2)] : "-")}'; }

printf "%-5s %8s %10s %8s %10s %8s %8s %8s\n" format parse checksums history validate rows call faults
for f in sql xml yaml json; do
	db=cls_phases_$f
	PGOPTIONS="$quiet" psql -qAt -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
	PGOPTIONS="$quiet" psql -qAt -d "$db" >/dev/null <<SQL
CREATE EXTENSION changelog_sync;
SELECT count(*) FROM changelog_sync('$dir/changelog.$f');
CREATE FUNCTION timed(f text) RETURNS float8 LANGUAGE plpgsql AS \$\$
DECLARE t0 timestamptz; n int;
BEGIN
	t0 := clock_timestamp();
	SELECT count(*) INTO n FROM changelog_update(f);
	RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END \$\$;
CREATE FUNCTION faults() RETURNS bigint LANGUAGE sql AS
	\$\$ SELECT (string_to_array(pg_read_file('/proc/' || pg_backend_pid() || '/stat'), ' '))[10]::bigint \$\$;
SQL
	out=$dir/$f.txt
	: >"$out"
	for _ in $(seq "$reps"); do
		# one backend per call; the phases come as DEBUG lines on stderr
		PGOPTIONS="-c client_min_messages=debug1" psql -qAt -d "$db" \
			-c "LOAD 'changelog_sync'" -c "SELECT faults()" \
			-c "SELECT round(timed('$dir/changelog.$f')::numeric, 1)" -c "SELECT faults()" 2>&1 |
			awk '
				/changelog_sync: parsed/ { p = $(NF - 6) }
				/changelog_sync: checksums computed/ { c = $(NF - 6) }
				/changelog_sync: history locked and read/ { h = $(NF - 6) }
				/changelog_sync: stored checksums validated/ { v = $(NF - 6) }
				/changelog_sync: changesets checked and run/ { r = $(NF - 6) }
				/^[0-9.]+$/ { num[++k] = $1 }
				END { print p, c, h, v, r, num[2], num[3] - num[1] }' >>"$out"
	done
	printf "%-5s" "$f"
	for col in 1 2 3 4 5 6 7; do
		w=$([ "$col" = 2 ] || [ "$col" = 4 ] && echo 10 || echo 8)
		printf " %${w}s" "$(awk -v c=$col '{print $c}' "$out" | median)"
	done
	echo
	PGOPTIONS="$quiet" psql -qAt -d postgres -c "DROP DATABASE $db" >/dev/null
done
