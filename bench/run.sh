#!/usr/bin/env bash
# bench/run.sh: the changelog_sync benchmark of issue 8 (run on demand; not part of the tests).
#
#   bash bench/run.sh                      # N = 100, 1,000, 10,000; CLI at N <= 1,000; ~15 minutes
#   bash bench/run.sh --big                # adds N = 100,000 (1 run each; ~25 more minutes)
#   bash bench/run.sh --n "1000" --formats "xml" --reps 5 --no-cli
#
# Options:
#   --n "LIST"         changeset counts (default "100 1000 10000")
#   --big              add 100000 (reps for N >= 100000: --big-reps, default 1)
#   --formats "LIST"   among sql xml yaml json (default all four)
#   --reps R           runs per measurement at N >= 10,000, the median is reported (default 3)
#   --small-reps R     runs per measurement at N < 10,000 (default 5: they are cheap, and noisy)
#   --cli-max N        run the Liquibase CLI only up to this N (default 1000; 0 = never)
#   --cli-reps R       CLI runs per measurement (default 1: a CLI run costs seconds to minutes)
#   --each             also time CALL changelog_update_each (commits per changeset, as the CLI)
#   --port P           the benchmark cluster's port (default 54339)
#   --root DIR         its directory (default /dev/shm/changelog_sync_bench, a tmpfs: see below;
#                      --root /var/tmp/changelog_sync_bench puts it on disk)
#   --stop             stop the benchmark cluster at the end (default: leave it running)
#   --seed S           generator seed (default 8)
#
# What it does, for each N and format, each measurement on a fresh database
# (CREATE DATABASE from a template holding the extension, then CHECKPOINT):
#   update   SELECT changelog_update(...) on an empty database
#   noop     the same call again on that database (everything already ran)
#   parse    changelog_status(...) on an empty database (parse, checksums, descriptions; no writes)
#   sync     changelog_sync(...) on an empty database
#   each     CALL changelog_update_each(...) (with --each)
#   cli_update, cli_noop, cli_sync   the Liquibase CLI's update, update again, changelog-sync
# and for each N (the same for every format):
#   raw      the same statements as one script, BEGIN; \i raw.sql; COMMIT (what psql -1 -f does:
#            one round trip per statement)
#   raw_srv  the same script run inside the server as one EXECUTE (no round trips: the stricter
#            limit, measured exactly as the extension is)
#   insert   the DATABASECHANGELOG rows, one INSERT each, BEGIN; \i history_xml.sql; COMMIT
#   insert_srv  the same INSERTs as one EXECUTE inside the server
#
# Time: "ms" is server time, clock_timestamp() around the call inside the server (for the
# extension: a PL/pgSQL wrapper around the SELECT; for raw/insert: clock_timestamp() before the
# first and after the last statement, so it holds the client round trips of the script, which
# are part of the physical limit of sending statements). COMMIT is timed apart (commit_ms).
# The CLI's time is the wall time of the process (JVM start-up included, as a user waits for it).
#
# Memory, from /proc/<backend pid>/status: the peak is reset (clear_refs) before the call;
# hwm_mb = VmHWM after the call - VmRSS before it (resident growth, shared buffers touched
# included); anon_mb = peak RssAnon sampled every 10 ms - RssAnon before (private memory);
# left_mb = RssAnon after COMMIT - before; ctx_left_mb = growth of pg_backend_memory_contexts
# (the server's own caches, e.g. the relcache entries of created tables, count here).
#
# Locks: every measurement runs in ONE transaction on a dedicated cluster started here with
# max_locks_per_transaction = 2048 (lock table ~ 2048 x 110 slots), because one transaction
# holds a lock per created relation and the default (64) fails at 5,000-10,000 created objects
# (10,000 changesets of this mix create ~3,700 relations and hold ~7,000 locks). The raw
# baseline needs the same. --each gives the per-changeset-commit alternative.
#
# Storage: by default the cluster lives on a tmpfs. Every DDL statement creates, truncates or
# unlinks relation files, and on this machine's ext4 that kernel work (inode allocation slowed by
# the files of the databases just dropped) was 50 % of an update's time and varied 2-3x from run
# to run, the same for the extension and for the raw script. A tmpfs keeps the filesystem out of
# both, so the ratios measure the engine (and are stricter: a smaller denominator).
#
# Output: bench/results/<stamp>/results.tsv (every run), table.md (medians, ratios, targets),
# and the table on stdout; the CLI's log only when it failed. Needs root (runuser for the cluster, /proc/PID/clear_refs).
set -euo pipefail
export PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/sbin:/sbin:$PATH
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

NS="100 1000 10000"
FORMATS="sql xml yaml json"
REPS=3
SMALL_REPS=5
BIG_REPS=1
CLI_MAX=1000
CLI_REPS=1
EACH=0
PORT=54339
ROOT=/dev/shm/changelog_sync_bench
STOP=0
SEED=8
BIG=0
while [ $# -gt 0 ]; do
	case $1 in
	--n) NS=$2; shift ;;
	--big) BIG=1 ;;
	--big-reps) BIG_REPS=$2; shift ;;
	--formats) FORMATS=$2; shift ;;
	--reps) REPS=$2; shift ;;
	--small-reps) SMALL_REPS=$2; shift ;;
	--cli-max) CLI_MAX=$2; shift ;;
	--no-cli) CLI_MAX=0 ;;
	--cli-reps) CLI_REPS=$2; shift ;;
	--each) EACH=1 ;;
	--port) PORT=$2; shift ;;
	--root) ROOT=$2; shift ;;
	--stop) STOP=1 ;;
	--seed) SEED=$2; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 0 ;;
	*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
[ "$BIG" = 1 ] && NS="$NS 100000"
[ "$(id -u)" = 0 ] || { echo "run.sh: run as root (runuser, /proc/PID/clear_refs)" >&2; exit 2; }

LIQUIBASE=${LIQUIBASE:-$repo/../shared/tools/liquibase}
PGDATA_B=$ROOT/pgdata
DATA=$ROOT/data
export PGHOST=$ROOT PGPORT=$PORT PGUSER=postgres PGDATABASE=postgres
stamp=$(date -u +%Y%m%dT%H%M%SZ)
OUT=$here/results/$stamp
mkdir -p "$OUT"
export TMPD
TMPD=$(mktemp -d /tmp/clsbench.XXXXXX)
trap 'rm -rf "$TMPD"' EXIT
TSV=$OUT/results.tsv
printf 'n\tfmt\ttest\trep\tms\tcommit_ms\twall_ms\thwm_mb\tanon_mb\tleft_mb\tctx_left_mb\n' >"$TSV"

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
as_pg() { (cd / && runuser -u postgres -- "$@"); }
now_ns() { date +%s%N; }
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# ---------------------------------------------------------------- the cluster
start_cluster() {
	mkdir -p "$ROOT" "$DATA"
	chown postgres: "$ROOT"
	if [ ! -f "$PGDATA_B/PG_VERSION" ]; then
		log "cluster: initdb $PGDATA_B"
		as_pg initdb -D "$PGDATA_B" --auth=trust -U postgres --encoding=UTF8 --locale=C >"$ROOT/initdb.log" 2>&1
		cat >>"$PGDATA_B/postgresql.conf" <<EOF

# changelog_sync benchmark (bench/run.sh)
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ROOT'
max_locks_per_transaction = 2048
shared_buffers = 256MB
max_wal_size = 16GB
checkpoint_timeout = 1h
autovacuum = off
EOF
	fi
	if ! as_pg pg_ctl -D "$PGDATA_B" status >/dev/null 2>&1; then
		log "cluster: start on port $PORT"
		as_pg pg_ctl -D "$PGDATA_B" -l "$ROOT/server.log" -w -t 120 start >/dev/null
	fi
	q -c "SELECT 1" >/dev/null
}

make_template() {
	q -c "DROP DATABASE IF EXISTS bench_tpl" 2>/dev/null || true
	q -c "CREATE DATABASE bench_tpl"
	q -d bench_tpl <<'EOF'
CREATE EXTENSION changelog_sync;
CREATE FUNCTION bench_ms(q text) RETURNS float8 LANGUAGE plpgsql AS $f$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
    EXECUTE q;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1000;
END $f$;
EOF
}

fresh_db() {	# fresh_db NAME: a new database from the template, then a checkpoint
	q -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1
	q -c "CREATE DATABASE $1 TEMPLATE bench_tpl"
	q -c "CHECKPOINT"
}
drop_db() { q -c "DROP DATABASE IF EXISTS $1" >/dev/null 2>&1 || true; }

# ---------------------------------------------------------------- one measurement
# record N FMT TEST REP MS COMMIT_MS WALL_MS: memory from $TMPD's probe files
record() {
	local before after end watch ctx0=$8 ctx1=$9
	read -r rss0 anon0 <"$TMPD/before"
	read -r hwm rss1 anon1 <"$TMPD/after"
	read -r rss2 anon2 <"$TMPD/end"
	watch=$(cat "$TMPD/watch" 2>/dev/null || echo 0)
	[ "$watch" -lt "$anon1" ] && watch=$anon1
	awk -v n="$1" -v f="$2" -v t="$3" -v r="$4" -v ms="$5" -v cm="$6" -v w="$7" \
		-v hwm="$hwm" -v rss0="$rss0" -v anon0="$anon0" -v watch="$watch" -v anon2="$anon2" \
		-v ctx0="$ctx0" -v ctx1="$ctx1" 'BEGIN {
		printf "%s\t%s\t%s\t%s\t%.3f\t%.3f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\n", n, f, t, r, ms, cm, w,
			(hwm - rss0) / 1024, (watch - anon0) / 1024, (anon2 - anon0) / 1024, (ctx1 - ctx0) / 1048576 }' >>"$TSV"
}

# measure DB N FMT TEST REP KIND BODY
#   KIND fn:   BODY is a SELECT, timed by bench_ms() inside one transaction
#   KIND expr: BODY is an expression giving the SQL text bench_ms() executes (evaluated untimed)
#   KIND proc: BODY is a CALL (commits itself), timed by clock_timestamp() around it
#   KIND file: BODY is a SQL file, run between BEGIN and COMMIT
measure() {
	local db=$1 n=$2 fmt=$3 test=$4 rep=$5 kind=$6 body=$7 t0 t1 out
	{
		echo '\set ON_ERROR_STOP 1'
		echo 'SET client_min_messages = warning;'
		echo '\o /dev/null'
		[ "$kind" != file ] && echo "LOAD 'changelog_sync';"
		echo 'SELECT pg_backend_pid() AS pid \gset'
		echo '\setenv BPID :pid'
		echo 'SELECT sum(total_bytes) AS ctx0 FROM pg_backend_memory_contexts \gset'
		echo "\\! $here/mem.sh before"
		case $kind in
		fn)
			echo 'BEGIN;'
			echo "SELECT bench_ms(\$q\$$body\$q\$) AS ms \\gset"
			;;
		expr)
			echo 'BEGIN;'
			echo "SELECT bench_ms($body) AS ms \\gset"
			;;
		proc)
			echo 'SELECT clock_timestamp() AS t0 \gset'
			echo "$body"
			echo "SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000 AS ms \\gset"
			echo 'BEGIN;'
			;;
		file)
			echo 'BEGIN;'
			echo 'SELECT clock_timestamp() AS t0 \gset'
			echo "\\i $body"
			echo "SELECT extract(epoch FROM clock_timestamp() - :'t0'::timestamptz) * 1000 AS ms \\gset"
			;;
		esac
		echo "\\! $here/mem.sh after"
		echo 'SELECT clock_timestamp() AS c0 \gset'
		echo 'COMMIT;'
		echo "SELECT extract(epoch FROM clock_timestamp() - :'c0'::timestamptz) * 1000 AS commit_ms \\gset"
		echo "\\! $here/mem.sh end"
		echo 'SELECT sum(total_bytes) AS ctx1 FROM pg_backend_memory_contexts \gset'
		echo '\echo RESULT :ms :commit_ms :ctx0 :ctx1'
	} >"$TMPD/call.sql"
	t0=$(now_ns)
	if ! out=$(q -d "$db" -f "$TMPD/call.sql" 2>"$TMPD/err"); then
		log "FAILED: $test N=$n $fmt: $(head -c 2000 "$TMPD/err")"
		printf '%s\t%s\t%s\t%s\tFAIL\t\t\t\t\t\t\n' "$n" "$fmt" "$test" "$rep" >>"$TSV"
		return 1
	fi
	t1=$(now_ns)
	set -- $(echo "$out" | awk '$1 == "RESULT" {print $2, $3, $4, $5}')
	record "$n" "$fmt" "$test" "$rep" "$1" "$2" "$(( (t1 - t0) / 1000000 ))" "$3" "$4"
	log "$(printf '%-10s N=%-6s %-4s #%s %10.1f ms' "$test" "$n" "$fmt" "$rep" "$1")"
}

cli() {	# cli DB N FMT TEST REP DIR ARGS...: the Liquibase CLI, wall time
	local db=$1 n=$2 fmt=$3 test=$4 rep=$5 dir=$6 t0 t1 ms
	shift 6
	t0=$(now_ns)
	if ! (cd "$TMPD" && "$LIQUIBASE" --url="jdbc:postgresql://127.0.0.1:$PORT/$db" --username=postgres --password=x \
		--search-path="$dir" --changelog-file="changelog.$fmt" --log-level=WARNING "$@") >"$OUT/cli_${test}_${n}_$fmt.log" 2>&1; then
		log "FAILED: CLI $test N=$n $fmt (see $OUT/cli_${test}_${n}_$fmt.log)"
		printf '%s\t%s\t%s\t%s\tFAIL\t\t\t\t\t\t\n' "$n" "$fmt" "$test" "$rep" >>"$TSV"
		return 1
	fi
	t1=$(now_ns)
	rm -f "$OUT/cli_${test}_${n}_$fmt.log"	# kept only when the CLI failed
	ms=$(( (t1 - t0) / 1000000 ))
	printf '%s\t%s\t%s\t%s\t%s\t\t%s\t\t\t\t\n' "$n" "$fmt" "$test" "$rep" "$ms" "$ms" >>"$TSV"
	log "$(printf '%-10s N=%-6s %-4s #%s %10.1f ms (wall)' "$test" "$n" "$fmt" "$rep" "$ms")"
}

# ---------------------------------------------------------------- the run
start_cluster
make_template
{
	echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB memory, $(uname -sr)"
	echo "cpu: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
	echo "server: $(q -At -c 'SELECT version()')"
	echo "settings: $(q -At -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings WHERE name IN ('max_locks_per_transaction', 'shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'autovacuum', 'max_connections')")"
	echo "extension: $(cd "$repo" && git rev-parse --short HEAD 2>/dev/null)$(cd "$repo" && git diff --quiet HEAD -- src 2>/dev/null || echo '+local changes'), changelog_sync.so md5 $(md5sum "$(pg_config --pkglibdir)/changelog_sync.so" | cut -c1-12)"
	echo "liquibase: $("$LIQUIBASE" --version 2>/dev/null | awk '/Liquibase Version/ {print $NF}' | head -1)"
	echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "storage: $ROOT ($(df -T "$ROOT" | awk 'NR == 2 {print $2}'))"
	echo "options: n=[$NS] formats=[$FORMATS] reps=$REPS small_reps=$SMALL_REPS big_reps=$BIG_REPS cli_max=$CLI_MAX cli_reps=$CLI_REPS each=$EACH seed=$SEED"
} >"$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

for n in $NS; do
	dir=$DATA/$n
	if [ ! -f "$dir/meta.json" ] || [ "$here/gen.py" -nt "$dir/meta.json" ] || ! grep -q "\"seed\": $SEED," "$dir/meta.json"; then
		log "generate N=$n"
		python3 "$here/gen.py" --n "$n" --seed "$SEED" --out "$dir"
	fi
	chmod -R a+rX "$DATA"
	reps=$REPS
	[ "$n" -lt 10000 ] && reps=$SMALL_REPS
	[ "$n" -ge 100000 ] && reps=$BIG_REPS

	# the physical limits: the raw statements, the bare INSERTs
	for r in $(seq "$reps"); do
		fresh_db b_raw
		measure b_raw "$n" - raw "$r" file "$dir/raw.sql" || true
		drop_db b_raw
		fresh_db b_ins
		q -d b_ins -f "$dir/tracking.sql" >/dev/null
		measure b_ins "$n" - insert "$r" file "$dir/history_xml.sql" || true
		drop_db b_ins
		fresh_db b_raw
		measure b_raw "$n" - raw_srv "$r" expr "pg_read_file('$dir/raw.sql')" || true
		drop_db b_raw
		fresh_db b_ins
		q -d b_ins -f "$dir/tracking.sql" >/dev/null
		measure b_ins "$n" - insert_srv "$r" expr "pg_read_file('$dir/history_xml.sql')" || true
		drop_db b_ins
	done

	for fmt in $FORMATS; do
		args="'changelog.$fmt', base_dir => '$dir'"
		for r in $(seq "$reps"); do
			fresh_db b_upd
			if measure b_upd "$n" "$fmt" update "$r" fn "SELECT count(*) FROM changelog_update($args)"; then
				q -d b_upd -c CHECKPOINT
				measure b_upd "$n" "$fmt" noop "$r" fn "SELECT count(*) FROM changelog_update($args)" || true
			fi
			drop_db b_upd
			fresh_db b_sync
			measure b_sync "$n" "$fmt" parse "$r" fn "SELECT count(*) FROM changelog_status($args)" || true
			measure b_sync "$n" "$fmt" sync "$r" fn "SELECT count(*) FROM changelog_sync($args)" || true
			drop_db b_sync
			if [ "$EACH" = 1 ]; then
				fresh_db b_each
				measure b_each "$n" "$fmt" each "$r" proc "CALL changelog_update_each($args);" || true
				drop_db b_each
			fi
		done
		if [ "$n" -le "$CLI_MAX" ]; then
			for r in $(seq "$CLI_REPS"); do
				fresh_db b_cli
				if cli b_cli "$n" "$fmt" cli_update "$r" "$dir" update; then
					q -d b_cli -c CHECKPOINT
					cli b_cli "$n" "$fmt" cli_noop "$r" "$dir" update || true
				fi
				drop_db b_cli
				fresh_db b_clisync
				cli b_clisync "$n" "$fmt" cli_sync "$r" "$dir" changelog-sync || true
				drop_db b_clisync
			done
		fi
	done
done

{
	echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
	so_md5=$(md5sum "$(pg_config --pkglibdir)/changelog_sync.so" | cut -c1-12)
	grep -q "md5 $so_md5" "$OUT/machine.txt" || echo "WARNING: changelog_sync.so changed during the run (now md5 $so_md5)"
} >>"$OUT/machine.txt"
python3 "$here/report.py" "$OUT" | tee "$OUT/table.md"
log "results in $OUT"
if [ "$STOP" = 1 ]; then
	as_pg pg_ctl -D "$PGDATA_B" -m fast -w stop >/dev/null
fi
