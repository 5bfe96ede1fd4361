#!/usr/bin/env bash
# 006_concurrent_cli.sh: the extension and a real Liquibase 4.28 CLI updating the same database at
# the same time, both ways round. Whoever comes second waits for the first (the CLI on our lock
# row, the extension on the CLI's committed LOCKED flag) and then finds everything already ran:
# every changeset runs once, no history row is written twice, nobody fails, the lock is free.
#
# Exit 0 = both orders behave; the last line of stdout is the result.
set -euo pipefail

name=006_concurrent_cli
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/common.sh
. "$here/common.sh"
[ -x "$liquibase" ] || { result FAIL "the Liquibase CLI was not found at $liquibase"; exit 1; }

work_dir concurrent

# On a database with no tracking tables yet, a CLI that starts while our first call is creating
# them in its open transaction fails on creating them too (PostgreSQL cannot create them apart
# from the caller's transaction); it succeeds when run again. So the tables exist before each
# round here.
#
# a changelog whose first changeset takes a few seconds, so the other side surely overlaps
mkdir -p "$work/search"
{
	echo '--liquibase formatted sql'
	echo '--changeset c:slow'
	echo 'create table conc_log (who text, n int);'
	echo 'select pg_sleep(4);'
	for i in $(seq 1 10); do
		echo "--changeset c:$i"
		echo "insert into conc_log values (current_setting('application_name'), $i);"
	done
} >"$work/search/conc.sql"
chmod -R a+rX "$work"

# shellcheck disable=SC2317 # cli and ext are called as "$first" by round
cli() {
	(cd "$work" && PGAPPNAME=cli "$liquibase" --url="${CLS_JDBC_URL}$1?ApplicationName=cli" --username=postgres \
		--password=x --search-path="$work/search" --changelog-file=conc.sql --log-level=WARNING update)
}
# shellcheck disable=SC2317
ext() {
	PGAPPNAME=ext psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -v d="$work/search" <<'SQL'
SET client_min_messages = warning;
SET search_path = public, cls;
SET lock_timeout = '120s';
SELECT count(*) FILTER (WHERE action = 'executed') FROM changelog_update('conc.sql', base_dir => :'d');
SQL
}

failed=()
round() {	# round FIRST: FIRST (cli or ext) starts, the other one a second later
	local first=$1 db rc1=0 rc2=0 p1 p2 second
	db=cls_conc_${first}_$$
	dbs+=("$db")
	createdb "$db"
	psql -X -q -d "$db" -c 'CREATE SCHEMA cls; CREATE EXTENSION changelog_sync SCHEMA cls' \
		-c "SET client_min_messages = warning" -c "SET search_path = public, cls" \
		-c "SELECT count(*) FROM changelog_update('pre.sql', changelog => E'--liquibase formatted sql\\n--changeset c:0\\nselect 1;\\n')" >/dev/null
	if [ "$first" = cli ]; then second=ext; else second=cli; fi
	"$first" "$db" >"$work/$first.log" 2>&1 &
	p1=$!
	# the CLI needs a few seconds to start its JVM and take its lock
	if [ "$first" = cli ]; then sleep 9; else sleep 2; fi
	"$second" "$db" >"$work/$second.log" 2>&1 &
	p2=$!
	wait "$p1" || rc1=$?
	wait "$p2" || rc2=$?
	local rows dup log_rows locked who
	rows=$(psql -X -At -d "$db" -c "SELECT count(*) FROM public.databasechangelog")
	dup=$(psql -X -At -d "$db" -c "SELECT count(*) - count(DISTINCT (id, author, filename)) FROM public.databasechangelog")
	log_rows=$(psql -X -At -d "$db" -c "SELECT count(*) || '/' || count(DISTINCT n) FROM public.conc_log")
	locked=$(psql -X -At -d "$db" -c "SELECT locked FROM public.databasechangeloglock")
	who=$(psql -X -At -d "$db" -c "SELECT string_agg(DISTINCT who, ',') FROM public.conc_log")
	if [ "$rc1" = 0 ] && [ "$rc2" = 0 ] && [ "$rows" = 12 ] && [ "$dup" = 0 ] &&
		[ "$log_rows" = 10/10 ] && [ "$locked" = f ] && [ "$who" = "$first" ]; then
		echo "  ok    $first first, then $second: $first ran each changeset once, $second waited, lock free" >&2
	else
		echo "  FAIL  $first first (exit $rc1), $second second (exit $rc2): rows=$rows dup=$dup inserts=$log_rows locked=$locked ran_by=$who" >&2
		tail -n 15 "$work/cli.log" "$work/ext.log" | sed 's/^/    /' >&2
		failed+=("$first first")
	fi
}

round ext
round cli

elapsed=$((SECONDS - start))
if [ ${#failed[@]} -eq 0 ]; then
	result PASS "2/2 orders: the extension and the Liquibase CLI at the same time run each changeset once (${elapsed}s)"
	exit 0
fi
result FAIL "${failed[*]} (${elapsed}s)"
exit 1
