#!/usr/bin/env bash
# The bad-input classes too big or too slow for pg_regress, against the test cluster:
# 100,000 changesets, 100 MB changelogs (SQL, XML, YAML, and 100 MB of blank lines), a YAML
# alias bomb at the node cap.  Each runs in a fresh session as a dry run (nothing is written)
# and prints its result, the time, and the backend's peak memory (VmHWM).
#
#   . scripts/env.sh && test/fuzz/big_inputs.sh
#
# Needs a superuser connection (the files are read from the server, and /proc/self/status
# through pg_read_file).  Files go to $CLS_RUNDIR/fuzzbig (removed at the end), the calls to a
# scratch database fuzz_big (created and dropped).  Exit status 0 when every call returned
# (a result or an ERROR) within its statement_timeout and the server stayed up.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
rundir=${CLS_RUNDIR:-/var/tmp/changelog_sync}
dir=$rundir/fuzzbig
db=fuzz_big
timeout=${BIG_TIMEOUT:-120s}
fail=0

mkdir -p "$dir"
trap 'rm -rf "$dir"; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1' EXIT
psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null || exit 2
psql -X -q -d $db -c "CREATE EXTENSION changelog_sync" >/dev/null || exit 2

echo "generating the inputs in $dir"
# 100,000 changesets
awk 'BEGIN { print "--liquibase formatted sql"; for (i = 1; i <= 100000; i++) printf "--changeset big:%d\nselect %d;\n", i, i }' > "$dir/cs100k.sql"
awk 'BEGIN { print "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">"; for (i = 1; i <= 100000; i++) printf "<changeSet id=\"%d\" author=\"big\"><createTable tableName=\"t%d\"><column name=\"id\" type=\"int\"/></createTable></changeSet>\n", i, i; print "</databaseChangeLog>" }' > "$dir/cs100k.xml"
# 100 MB: one formatted SQL changeset of 100 MB; XML and YAML of 10,000 changesets of 10 KB
# (libxml2 without XML_PARSE_HUGE refuses a look-ahead over 10,000,000 bytes: "Huge input lookup")
awk 'BEGIN { print "--liquibase formatted sql"; print "--changeset big:1"; for (i = 1; i <= 2400000; i++) printf "insert into t values (%d, %c%040d%c);\n", i, 39, i, 39 }' > "$dir/mb100.sql"
awk 'BEGIN { s = ""; for (j = 0; j < 1000; j++) s = s "0123456789"; print "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">"; for (i = 1; i <= 10000; i++) printf "<changeSet id=\"%d\" author=\"big\"><sql>select %c%s%c</sql></changeSet>\n", i, 39, s, 39; print "</databaseChangeLog>" }' > "$dir/mb100.xml"
awk 'BEGIN { s = ""; for (j = 0; j < 100; j++) s = s "0123456789"; print "<databaseChangeLog xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\">"; for (i = 1; i <= 9300; i++) printf "<changeSet id=\"%d\" author=\"big\"><sql>select %c%s%c</sql></changeSet>\n", i, 39, s, 39; print "</databaseChangeLog>" }' > "$dir/mb10.xml"
awk 'BEGIN { s = ""; for (j = 0; j < 1000; j++) s = s "0123456789"; print "databaseChangeLog:"; for (i = 1; i <= 10000; i++) printf "  - changeSet:\n      id: %d\n      author: big\n      changes:\n        - sql: \"select %c%s%c\"\n", i, 39, s, 39 }' > "$dir/mb100.yaml"
{ printf -- '--liquibase formatted sql\n--changeset big:1\nselect 1;\n'; head -c 100000000 /dev/zero | tr '\0' '\n'; } > "$dir/blank100.sql"
# YAML aliases expanding to just under, and far over, the 1,000,000-node cap
{
	echo 'a: &a [x, x, x, x, x, x, x, x, x, x]'
	echo 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]'
	echo 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]'
	echo 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'
	echo 'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]'
	echo 'f: [*e, *e, *e, *e, *e, *e, *e]'
	echo 'databaseChangeLog:'
	echo '  - changeSet: {id: 1, author: big, changes: [{sql: select 1}]}'
} > "$dir/alias_cap.yaml"
{
	echo 'a: &a [x, x, x, x, x, x, x, x, x, x]'
	prev=a
	for l in b c d e f g h i; do
		printf '%s: &%s [' $l $l
		for k in 1 2 3 4 5 6 7 8 9; do printf '*%s, ' $prev; done
		printf '*%s]\n' $prev
		prev=$l
	done
	echo 'databaseChangeLog: [*i]'
} > "$dir/alias_bomb.yaml"
chmod -R a+rX "$dir"
ls -la "$dir"

run() {
	local what=$1 file=$2 call=${3:-changelog_sync}
	local out
	out=$(psql -X -At -d $db -v ON_ERROR_STOP=0 2>&1 <<EOF
SET client_min_messages = warning;
SET statement_timeout = '$timeout';
\\timing on
SELECT 'result: ' || count(*) || ' rows' FROM $call('$file', base_dir => '$dir'$( [ "$call" = changelog_sync ] && echo ", dry_run => true"));
\\timing off
SELECT 'peak backend memory: ' || substring(pg_read_file('/proc/self/status') from 'VmHWM:\\s*(\\d+ kB)');
EOF
)
	printf '%-58s %s\n' "$what" "$(echo "$out" | grep -E '^result|^ERROR|^Time|^peak|FATAL|server closed' | tr '\n' ' ')"
	if echo "$out" | grep -qE 'canceling statement|server closed|FATAL'; then
		fail=1
	fi
}

echo
run "100,000 changesets, formatted SQL ($(du -h "$dir/cs100k.sql" | cut -f1))" cs100k.sql
run "100,000 changesets, XML createTable ($(du -h "$dir/cs100k.xml" | cut -f1))" cs100k.xml
run "100,000 changesets, XML, update_sql (statements generated)" cs100k.xml changelog_update_sql
run "100 MB formatted SQL, one changeset" mb100.sql
run "9.9 MB XML, 9,300 changesets of 1 KB" mb10.xml
run "100 MB XML, 10,000 changesets of 10 KB" mb100.xml
run "100 MB YAML, 10,000 changesets of 10 KB" mb100.yaml
run "100 MB of blank lines after a changeset" blank100.sql
run "YAML aliases: 902,233 nodes (under the cap)" alias_cap.yaml
run "YAML alias bomb: 10^9 nodes (over the cap)" alias_bomb.yaml
echo
if pg_isready -q; then echo "server: up"; else echo "server: DOWN"; fail=1; fi
exit $fail
