#!/bin/bash
# bench/instructions.sh: instructions of one no-op changelog_update of N changesets per format,
# counted by callgrind in a single-user backend (deterministic, unlike wall times on a shared
# machine).  As root, after scripts/setup.sh has installed the extension; needs valgrind.
#
#   bash bench/instructions.sh [N]        # default N = 10000; prints "format instructions"
set -euo pipefail
n=${1:-10000}
here=$(cd "$(dirname "$0")" && pwd)
bindir=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
[ -x "$bindir/postgres" ] || bindir=/usr/lib/postgresql/15/bin
command -v valgrind >/dev/null || apt-get install -y -q valgrind >/dev/null

work=$(mktemp -d /tmp/cls_instr.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 755 "$work"
python3 "$here/gen.py" --n "$n" --seed 1 --out "$work/cl" >/dev/null
chmod -R a+rX "$work/cl"
chown postgres "$work"
runuser -u postgres -- "$bindir/initdb" -D "$work/data" -A trust >/dev/null

single() {	# single DB: SQL on stdin, in a single-user backend
	runuser -u postgres -- "$bindir/postgres" --single -D "$work/data" "$1" 2>/dev/null
}
for f in sql xml yaml json; do
	echo "CREATE DATABASE cg_$f;" | single postgres >/dev/null
	single "cg_$f" >/dev/null <<SQL
CREATE EXTENSION changelog_sync;
SELECT count(*) FROM changelog_sync('$work/cl/changelog.$f');
SQL
	# the no-op, counted from the function's entry to its return
	out=$(echo "SELECT count(*) FROM changelog_update('$work/cl/changelog.$f');" |
		runuser -u postgres -- valgrind --tool=callgrind --toggle-collect=changelog_update \
			--callgrind-out-file="$work/callgrind.$f" \
			"$bindir/postgres" --single -D "$work/data" "cg_$f" 2>&1 | grep -E "Collected|ERROR" || true)
	echo "$f ${out##* }"
done
