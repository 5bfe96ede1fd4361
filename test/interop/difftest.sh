#!/usr/bin/env bash
# difftest.sh: differential test of changelog_sync against the real Liquibase 4.28 CLI.
#
#   test/interop/difftest.sh [options] SEARCH_DIR CHANGELOG_FILE
#
# SEARCH_DIR plays the CLI's --search-path (the extension's base_dir) and CHANGELOG_FILE,
# relative to it, the --changelog-file (the extension's changelog_file). Every run uses fresh,
# uniquely named databases, dropped on exit (unless --keep).
#
# Options:
#   --mode update|sync    the command: CLI `update` / `changelog-sync` against
#                         cls.changelog_update / cls.changelog_sync (default update)
#   --direction D         what to check (default diff):
#       diff          CLI on one fresh database, extension on another; compare
#                     (a) DATABASECHANGELOG rows, (b) pg_dump --schema-only of everything but the
#                     tracking tables and the extension's schema, (c) the tracking tables' own DDL
#                     and lock row, (d) deployment_id / dateexecuted shape, (e) for update, the
#                     CLI's UPDATE SUMMARY counts against the actions of the result rows
#       cli-then-ext  CLI, then the extension on the same database: the extension must run
#                     exactly what the CLI's own `status --verbose` still lists (runAlways...),
#                     nothing else, and leave every other row untouched
#       ext-then-cli  extension, then the CLI: `status --verbose` must list exactly what it lists
#                     after its own run (normally: "is up to date"), `validate` must pass
#       all           the three above, sharing databases (fewest CLI calls); when the CLI lists
#                     changesets to run again (runAlways ...), also the second runs: CLI after the
#                     extension against the extension after the CLI (rows, and data with --with-data)
#   --contexts C          --contexts=C / contexts => C
#   --labels L            --label-filter=L / labels => L
#   -Dname=value          changelog parameter (repeatable); parameters => {"name": "value", ...}
#   --with-data           also compare pg_dump --data-only (same exclusions)
#   --setup FILE          run the SQL file FILE (psql -v ON_ERROR_STOP=1, search_path public) in
#                         every fresh database before either tool touches it (both sides, and the
#                         reference database of ext-then-cli): the objects a changelog assumes exist.
#                         They are part of the compared schema and data; a failing setup is exit 2
#   --each                update only: the extension side runs CALL changelog_update_each(...),
#                         which commits per changeset like the CLI, instead of SELECT
#                         changelog_update(...). A changeset failing mid-file then leaves the ones
#                         before it committed on both sides. The procedure returns no rows: the
#                         result actions are read from its NOTICEs (changesets it acted on), so the
#                         UPDATE SUMMARY check compares the Run count only
#   --ext-set NAME=VALUE  a setting for the extension's calls (repeatable): SET NAME = 'VALUE'
#                         before each one, e.g. changelog_sync.concurrent_index=plain
#   --keep                keep the databases and the work directory (printed at the end)
#   --timeout S           limit per CLI / psql call, seconds (default 300)
#   -q, --quiet           only the final verdict line and the differences
#   --check-setup         only check the prerequisites (cluster, extension, CLI); no arguments
#
# Output: one section per check, a unified diff (--- cli / +++ ext) for each difference, and a
# final line that starts with `identical` (exit 0) or `DIFFERENT` (exit 1). Exit 2: usage or
# setup error (cluster unreachable, extension not installed, Liquibase missing).
#
# Environment: sources scripts/env.sh (PGHOST/PGPORT/PGUSER, CLS_JDBC_URL) unless CLS_JDBC_URL is
# already set. LIQUIBASE overrides the CLI (default: <repo>/../shared/tools/liquibase).
# JAVA_OPTS defaults to a fast-start JVM setting. DIFFTEST_TMPDIR (default /var/tmp) holds the work
# directory, which the server must be able to read. CLS_EXT_SCHEMA (default cls) names the schema
# the extension is created in. DIFFTEST_EXT_SETUP (development only) names an SQL file run instead
# of CREATE SCHEMA/EXTENSION (psql variable ext_schema). DIFFTEST_NOOP_ACTIONS (default
# "already_ran filtered") lists the result actions that mean "did not execute anything".
set -euo pipefail

prog=difftest
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)

die() { echo "$prog: error: $*" >&2; exit 2; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

# ---------------------------------------------------------------- arguments
ext_set() {	# ext_set NAME=VALUE: one more SET before the extension's calls
	local n=${1%%=*} v=${1#*=}
	[[ $1 == *=* && $n =~ ^[A-Za-z_][A-Za-z0-9_.]*$ ]] || die "bad --ext-set '$1' (expected NAME=VALUE)"
	ext_sets+="set $n = '${v//\'/\'\'}';"$'\n'
}
mode=update
direction="diff"
contexts=
has_contexts=0
labels=
has_labels=0
params=()
with_data=0
setup_file=
each=0
ext_sets=
keep=0
timeout_s=300
quiet=0
check_setup=0
positional=()
while [ $# -gt 0 ]; do
	case "$1" in
		--mode) [ $# -ge 2 ] || die "--mode needs a value"; mode=$2; shift 2 ;;
		--mode=*) mode=${1#*=}; shift ;;
		--direction) [ $# -ge 2 ] || die "--direction needs a value"; direction=$2; shift 2 ;;
		--direction=*) direction=${1#*=}; shift ;;
		--contexts) [ $# -ge 2 ] || die "--contexts needs a value"; contexts=$2; has_contexts=1; shift 2 ;;
		--contexts=*) contexts=${1#*=}; has_contexts=1; shift ;;
		--labels|--label-filter) [ $# -ge 2 ] || die "$1 needs a value"; labels=$2; has_labels=1; shift 2 ;;
		--labels=*|--label-filter=*) labels=${1#*=}; has_labels=1; shift ;;
		-D?*=*) params+=("${1#-D}"); shift ;;
		-D*) die "bad parameter '$1' (expected -Dname=value)" ;;
		--with-data) with_data=1; shift ;;
		--setup) [ $# -ge 2 ] || die "--setup needs a file"; setup_file=$2; shift 2 ;;
		--setup=*) setup_file=${1#*=}; shift ;;
		--each) each=1; shift ;;
		--ext-set) [ $# -ge 2 ] || die "--ext-set needs NAME=VALUE"; ext_set "$2"; shift 2 ;;
		--ext-set=*) ext_set "${1#*=}"; shift ;;
		--keep) keep=1; shift ;;
		--timeout) [ $# -ge 2 ] || die "--timeout needs a value"; timeout_s=$2; shift 2 ;;
		--timeout=*) timeout_s=${1#*=}; shift ;;
		-q|--quiet) quiet=1; shift ;;
		--check-setup) check_setup=1; shift ;;
		-h|--help) usage; exit 0 ;;
		--) shift; positional+=("$@"); break ;;
		-*) die "unknown option '$1' (see --help)" ;;
		*) positional+=("$1"); shift ;;
	esac
done
if [ "$check_setup" = 1 ]; then
	[ ${#positional[@]} -eq 0 ] || die "--check-setup takes no arguments"
	positional=(. .)
fi
[ ${#positional[@]} -eq 2 ] || { usage >&2; die "expected SEARCH_DIR and CHANGELOG_FILE"; }
search_dir=${positional[0]}
changelog=${positional[1]}
case "$mode" in update|sync) ;; *) die "--mode must be update or sync, not '$mode'" ;; esac
case "$direction" in diff|cli-then-ext|ext-then-cli|all) ;;
	*) die "--direction must be diff, cli-then-ext, ext-then-cli or all, not '$direction'" ;; esac
case "$timeout_s" in ''|*[!0-9]*) die "--timeout must be a number of seconds" ;; esac
[ "$each" = 0 ] || [ "$mode" = update ] || die "--each needs --mode update (changelog_update_each only updates)"
if [ -n "$setup_file" ]; then
	if [ ! -f "$setup_file" ] || [ ! -r "$setup_file" ]; then die "--setup file '$setup_file' not found"; fi
	setup_file=$(cd "$(dirname "$setup_file")" && pwd)/$(basename "$setup_file")
fi
[ -d "$search_dir" ] || die "SEARCH_DIR '$search_dir' is not a directory"
[ "$check_setup" = 1 ] || [ -f "$search_dir/$changelog" ] || die "CHANGELOG_FILE '$changelog' not found under '$search_dir'"
for p in ${params[@]+"${params[@]}"}; do
	case "${p%%=*}" in ''|*[!A-Za-z0-9_.-]*) die "bad parameter name in '-D$p'" ;; esac
done

# ---------------------------------------------------------------- environment
if [ -z "${CLS_JDBC_URL:-}" ] && [ -f "$repo/scripts/env.sh" ]; then
	# shellcheck source=/dev/null
	. "$repo/scripts/env.sh"
fi
export PGHOST=${PGHOST:-/var/tmp/changelog_sync}
export PGPORT=${PGPORT:-54329}
export PGUSER=${PGUSER:-postgres}
export PGDATABASE=postgres
jdbc_base=${CLS_JDBC_URL:-jdbc:postgresql://127.0.0.1:$PGPORT/}
ext_schema=${CLS_EXT_SCHEMA:-cls}
noop_actions=${DIFFTEST_NOOP_ACTIONS:-already_ran filtered}
liquibase=${LIQUIBASE:-$repo/../shared/tools/liquibase}
export JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
unset PGOPTIONS PGSERVICE 2>/dev/null || true

for tool in psql pg_dump timeout diff; do
	command -v "$tool" >/dev/null || die "'$tool' is not on PATH"
done
[ -x "$liquibase" ] || die "Liquibase CLI not found at '$liquibase' (set LIQUIBASE)"

say() { [ "$quiet" = 1 ] || printf '%s\n' "$*"; }

# psql against database $1, no psqlrc, stop on error, bounded time
pq() {
	local db=$1; shift
	timeout "$timeout_s" psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"
}

timeout 30 psql -X -q -At -c 'select 1' >/dev/null 2>&1 \
	|| die "cannot connect to PostgreSQL (PGHOST=$PGHOST PGPORT=$PGPORT PGUSER=$PGUSER); is the cluster running?"
[ -n "${DIFFTEST_EXT_SETUP:-}" ] \
	|| [ "$(pq postgres -At -c "select count(*) from pg_available_extensions where name = 'changelog_sync'")" = 1 ] \
	|| die "extension changelog_sync is not installed in this cluster (make && make install)"
if [ "$check_setup" = 1 ]; then
	echo "$prog: setup ok (PGHOST=$PGHOST PGPORT=$PGPORT, JDBC ${jdbc_base}, CLI $liquibase)"
	exit 0
fi

# ---------------------------------------------------------------- work area and cleanup
tag="$(date +%H%M%S)_$$_${RANDOM}"
db_names=()
work=$(mktemp -d "${DIFFTEST_TMPDIR:-/var/tmp}/cls_difftest.XXXXXX")
chmod 755 "$work"

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ "$keep" = 1 ]; then
		echo "$prog: kept work dir $work and databases: ${db_names[*]:-none}" >&2
	else
		local d
		for d in ${db_names[@]+"${db_names[@]}"}; do
			timeout 60 psql -X -q -d postgres -c "drop database if exists \"$d\" with (force)" >/dev/null 2>&1 \
				|| echo "$prog: warning: could not drop database $d" >&2
		done
		rm -rf "$work"
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

make_db() {	# make_db VAR ROLE: a fresh database, with the --setup objects
	local name="cls_dt_${tag}_$2"
	db_names+=("$name")
	pq postgres -c "create database \"$name\" template template0" >/dev/null
	if [ -n "$setup_file" ]; then
		PGOPTIONS="-c search_path=public" pq "$name" -f "$setup_file" >"$work/out/setup_$2.log" 2>&1 \
			|| { sed 's/^/    | /' "$work/out/setup_$2.log" >&2; die "--setup $setup_file failed in database $name"; }
	fi
	printf -v "$1" '%s' "$name"
}

# The server reads the changelog files itself: give it a copy it can traverse.
mkdir -p "$work/search" "$work/cli-cwd" "$work/out"
cp -R "$search_dir"/. "$work/search/"
chmod -R a+rX "$work/search"
base_dir="$work/search"
echo "select (pg_stat_file(:'f')).size" | pq postgres -At -v "f=$base_dir/$changelog" >/dev/null 2>"$work/out/stat.log" \
	|| die "the server cannot read $base_dir/$changelog ($(head -n 1 "$work/out/stat.log")); set DIFFTEST_TMPDIR to a directory the postgres user can traverse"

failures=()
fail() { failures+=("$1"); }

# ---------------------------------------------------------------- the two engines
cli_cmd=update; ext_fn=changelog_update
if [ "$mode" = sync ]; then cli_cmd="changelog-sync"; ext_fn="changelog_sync"; fi
[ "$each" = 1 ] && ext_fn=changelog_update_each

filter_args=()
[ "$has_contexts" = 1 ] && filter_args+=("--contexts=$contexts")
[ "$has_labels" = 1 ] && filter_args+=("--label-filter=$labels")
for p in ${params[@]+"${params[@]}"}; do filter_args+=("-D$p"); done

# run_cli DB LOGNAME COMMAND [ARGS...]: the real Liquibase; output in $work/out/LOGNAME.log, returns its status
run_cli() {
	local db=$1 log="$work/out/$2.log"; shift 2
	local rc=0
	(cd "$work/cli-cwd" && timeout "$timeout_s" "$liquibase" \
		--url="${jdbc_base}${db}" --username="$PGUSER" --password=x \
		--search-path="$base_dir" --changelog-file="$changelog" --log-level=WARNING \
		"$@" ${filter_args[@]+"${filter_args[@]}"}) >"$log" 2>&1 || rc=$?
	[ "$rc" = 124 ] && echo "(timed out after ${timeout_s}s)" >>"$log"
	return "$rc"
}

show_log() {	# show_log FILE: the interesting part of a Liquibase log, indented
	local f=$1
	if grep -q '^ERROR: Exception Primary Reason:' "$f"; then
		awk '/^ERROR: Exception Primary Source:/ {exit} f {print} /^ERROR: Exception Primary Reason:/ {f=1; print}' "$f"
	elif grep -q -E '^(ERROR|Unexpected error)' "$f"; then
		grep -v -E '^\s+at |^\s+\.\.\. [0-9]+ more' "$f" | awk 'f || /^(ERROR|Unexpected error)/ {f=1} f' | head -n 30
	else
		tail -n 25 "$f"
	fi | sed -e '/^[[:space:]]*$/d' -e 's/^/    | /'
}

prepare_ext_db() {	# the extension lives in its own schema, excluded from the dumps
	if [ -n "${DIFFTEST_EXT_SETUP:-}" ]; then	# development only: a stand-in for CREATE EXTENSION
		pq "$1" -v "ext_schema=$ext_schema" -f "$DIFFTEST_EXT_SETUP" >"$work/out/create_ext_$1.log" 2>&1 \
			|| { cat "$work/out/create_ext_$1.log" >&2; die "DIFFTEST_EXT_SETUP $DIFFTEST_EXT_SETUP failed"; }
		return
	fi
	pq "$1" -c "create schema \"$ext_schema\"" -c "create extension changelog_sync schema \"$ext_schema\"" \
		>"$work/out/create_ext_$1.log" 2>&1 \
		|| { cat "$work/out/create_ext_$1.log" >&2; die "CREATE EXTENSION changelog_sync failed"; }
}

# run_ext DB LOGNAME: the extension; its result rows in $work/out/LOGNAME.tsv, messages in .log
run_ext() {
	local db=$1 name=$2
	local -a vars=(-v "cl_file=$changelog" -v "cl_base=$base_dir")
	local args="changelog_file => :'cl_file', base_dir => :'cl_base'"
	if [ "$has_contexts" = 1 ]; then vars+=(-v "cl_ctx=$contexts"); args+=", contexts => :'cl_ctx'"; fi
	if [ "$has_labels" = 1 ]; then vars+=(-v "cl_lbl=$labels"); args+=", labels => :'cl_lbl'"; fi
	if [ ${#params[@]} -gt 0 ]; then
		local i=0 kv obj=""
		for kv in "${params[@]}"; do
			vars+=(-v "cl_pk$i=${kv%%=*}" -v "cl_pv$i=${kv#*=}")
			obj+="${obj:+, }:'cl_pk$i', :'cl_pv$i'"
			i=$((i + 1))
		done
		args+=", parameters => jsonb_build_object($obj)"
	fi
	local rc=0
	if [ "$each" = 1 ]; then
		# a procedure, outside any transaction block; it reports each changeset it acted on with
		# "NOTICE:  changeset FILE::ID::AUTHOR ACTION in N ms": the result rows are made from those
		# (action, id, author, filename; the other columns empty)
		pq "$db" "${vars[@]}" >"$work/out/$name.out" 2>"$work/out/$name.log" <<-EOF || rc=$?
			set search_path = public;
			$ext_sets
			call "$ext_schema".$ext_fn($args);
		EOF
		{
			printf 'action\tid\tauthor\tfilename\torderexecuted\texectype\tmd5sum\tdescription\tcomments\ttag\tcontexts\tlabels\tdeployment_id\n'
			sed -n -E 's/^(psql:[^ ]*: )?NOTICE:  changeset (.*) ([a-z_]+) in [0-9.]+ ms$/\3\t\2/p' "$work/out/$name.log" |
				awk -F'\t' -v OFS='\t' '{
					key = $2; f = index(key, "::"); file = substr(key, 1, f - 1); rest = substr(key, f + 2)
					n = split(rest, p, "::"); author = p[n]; id = substr(rest, 1, length(rest) - length(author) - 2)
					print $1, id, author, file, "", "", "", "", "", "", "", "", "" }'
		} >"$work/out/$name.tsv"
	else
		pq "$db" "${vars[@]}" >"$work/out/$name.tsv" 2>"$work/out/$name.log" <<-EOF || rc=$?
			set search_path = public;
			$ext_sets
			copy (select action, id, author, filename, orderexecuted, exectype, md5sum,
			             replace(replace(description, E'\\r', '\\r'), E'\\n', '\\n'),
			             replace(replace(comments, E'\\r', '\\r'), E'\\n', '\\n'), tag, contexts, labels, deployment_id
			        from "$ext_schema".$ext_fn($args)) to stdout (format csv, header, delimiter E'\\t');
		EOF
	fi
	[ "$rc" = 124 ] && echo "(timed out after ${timeout_s}s)" >>"$work/out/$name.log"
	return "$rc"
}

# ---------------------------------------------------------------- snapshots
# rows DB: the compared DATABASECHANGELOG columns, in the corpus' TSV format
rows() {
	if [ "$(pq "$1" -At -c "select to_regclass('public.databasechangelog') is not null")" != t ]; then
		echo "(no table public.databasechangelog)"
		return
	fi
	pq "$1" -c "copy (select id, author, filename, orderexecuted, exectype, md5sum, description, comments,
	                         tag, contexts, labels, liquibase
	                    from public.databasechangelog
	                   order by orderexecuted, id, author, filename)
	            to stdout (format csv, header, delimiter E'\\t')"
}
# full_rows DB: every column, for "unchanged" checks (key first)
full_rows() {
	pq "$1" -c "copy (select filename || '::' || id || '::' || author as key, orderexecuted, exectype,
	                         md5sum, description, comments, tag, contexts, labels, liquibase,
	                         deployment_id, dateexecuted
	                    from public.databasechangelog
	                   order by orderexecuted, id, author, filename)
	            to stdout (format csv, delimiter E'\\t')"
}
clean_dump() {	# drop what differs per run or is the same in every dump (header, SETs)
	grep -v -E '^-- Dumped (from|by) |^\\(un)?restrict |^(CREATE EXTENSION|COMMENT ON EXTENSION).* changelog_sync( |;)|^-- Name: (EXTENSION )?changelog_sync; Type: (EXTENSION|COMMENT);|^SET |^SELECT pg_catalog\.set_config|^-- PostgreSQL database dump( complete)?$' \
		| awk '{ l[NR] = $0 } END { for (i = 1; i <= NR; i++)
			if (l[i] != "--" || l[i-1] ~ /^-- ./ || l[i+1] ~ /^-- ./) print l[i] }' | cat -s
}
# shellcheck disable=SC2317 # schema_dump, tracking_ddl and shape are called through a variable
schema_dump() {
	timeout "$timeout_s" pg_dump -d "$1" --schema-only --no-owner --no-privileges \
		--exclude-table=public.databasechangelog --exclude-table=public.databasechangeloglock \
		--exclude-schema="$ext_schema" | clean_dump
}
# Values of now() / CURRENT_TIMESTAMP differ between two runs by nature (and inside one
# transaction they are all equal): timestamps, and times of day with fractions of a second (a
# time column given "now"), are masked before data is compared.
data_dump() {
	timeout "$timeout_s" pg_dump -d "$1" --data-only --no-owner --no-privileges \
		--exclude-table=public.databasechangelog --exclude-table=public.databasechangeloglock \
		--exclude-schema="$ext_schema" | clean_dump |
		sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([+-][0-9]{2}(:[0-9]{2})?)?/<timestamp>/g' \
			-e 's/(^|\t)[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+([+-][0-9]{2}(:[0-9]{2})?)?(\t|$)/\1<time>\4/g'
}
# shellcheck disable=SC2317
tracking_ddl() {
	timeout "$timeout_s" pg_dump -d "$1" --schema-only --no-owner --no-privileges \
		--table=public.databasechangelog --table=public.databasechangeloglock | clean_dump
	echo "-- lock rows:"
	if [ "$(pq "$1" -At -c "select to_regclass('public.databasechangeloglock') is not null")" = t ]; then
		pq "$1" -At -F ' | ' -c "select id, locked, lockgranted is null as lockgranted_null, lockedby
		                           from public.databasechangeloglock order by id"
	fi
}
# shellcheck disable=SC2317
shape() {	# deployment_id / dateexecuted shape, independent of the actual times
	[ "$(pq "$1" -At -c "select to_regclass('public.databasechangelog') is not null")" = t ] || { echo "(no table)"; return; }
	pq "$1" -At -F $'\n' -c "select 'rows: ' || count(*),
	        'distinct deployment_id: ' || count(distinct deployment_id),
	        'deployment_id 10 digits: ' || coalesce(bool_and(deployment_id ~ '^[0-9]{10}\$'), true),
	        'dateexecuted not null: ' || coalesce(bool_and(dateexecuted is not null), true)
	   from public.databasechangelog"
}

# compare NAME FILE_CLI FILE_EXT: unified diff, records a failure
compare() {
	local name=$1 a=$2 b=$3
	if diff -q "$a" "$b" >/dev/null; then
		say "  [same] $name"
	else
		echo "  [DIFF] $name"
		diff -u --label "cli: $name" --label "ext: $name" "$a" "$b" | sed 's/^/    /' || true
		fail "$name"
	fi
}

# status_pending DB LOGNAME -> file with the changesets `status --verbose` lists (empty = up to date)
status_pending() {
	local db=$1 name=$2 out="$work/out/$2.pending"
	if ! run_cli "$db" "$name" status --verbose; then
		echo "  [FAIL] CLI status --verbose failed ($name):"; show_log "$work/out/$name.log"
		fail "$name"; : >"$out"; return 1
	fi
	if grep -q -E ' is up to date$' "$work/out/$name.log"; then
		: >"$out"
	elif grep -q -E '^[0-9]+ changesets? (have|has) not been applied to ' "$work/out/$name.log"; then
		# the changeset keys (file::id::author), not the messages of failed DBMS preconditions
		grep -E '^     \S' "$work/out/$name.log" | sed 's/^     //' | grep -F '::' >"$out" || true
	else
		echo "  [FAIL] unexpected CLI status --verbose output ($name):"; show_log "$work/out/$name.log"
		fail "$name"; : >"$out"; return 1
	fi
	return 0
}

# result rows that executed something: their changeset keys (file::id::author)
ext_executed_keys() {	# FILE.tsv -> keys, one a line
	awk -F'\t' -v noop=" $noop_actions " 'NR > 1 && index(noop, " " $1 " ") == 0 { print $4 "::" $2 "::" $3 }' "$1"
}

summarize_actions() {	# FILE.tsv -> "executed=3 already_ran=2"
	awk -F'\t' 'NR > 1 { n[$1]++ } END { for (a in n) printf "%s=%d ", a, n[a] }' "$1" | sed 's/ $//'
}

# ---------------------------------------------------------------- steps
what="$mode of $changelog (search dir $search_dir)"
[ "$has_contexts" = 1 ] && what+=" contexts='$contexts'"
[ "$has_labels" = 1 ] && what+=" labels='$labels'"
[ ${#params[@]} -gt 0 ] && what+=" params: ${params[*]}"
[ -n "$setup_file" ] && what+=" setup: $(basename "$setup_file")"
[ "$each" = 1 ] && what+=" (extension: CALL $ext_fn)"
say "$prog: $direction: $what"

cli_ok=1; ext_ok=1
db_c=; db_e=

step_cli_first() {	# CLI command on a fresh database; sets db_c
	make_db db_c cli
	if ! run_cli "$db_c" cli_run "$cli_cmd"; then
		cli_ok=0
		echo "  [note] CLI $cli_cmd failed:"; show_log "$work/out/cli_run.log"
	fi
}
step_ext_first() {	# extension on a fresh database; sets db_e
	make_db db_e ext
	prepare_ext_db "$db_e"
	if ! run_ext "$db_e" ext_run; then
		ext_ok=0
		echo "  [note] extension $ext_fn failed:"; sed 's/^/    | /' "$work/out/ext_run.log"
	else
		say "  extension result actions: $(summarize_actions "$work/out/ext_run.tsv")"
	fi
}

check_diff() {	# compare db_c (CLI) and db_e (extension)
	if [ "$cli_ok" != "$ext_ok" ]; then
		echo "  [DIFF] outcome: CLI $([ $cli_ok = 1 ] && echo succeeded || echo failed), extension $([ $ext_ok = 1 ] && echo succeeded || echo failed)"
		fail "outcome"
	elif [ "$cli_ok" = 0 ]; then
		say "  [same] outcome: both failed (states compared below)"
	fi
	local s
	for s in rows:rows schema:schema_dump tracking-tables:tracking_ddl shape:shape; do
		"${s#*:}" "$db_c" >"$work/out/cli.${s%%:*}" 2>&1 || true
		"${s#*:}" "$db_e" >"$work/out/ext.${s%%:*}" 2>&1 || true
	done
	compare "databasechangelog rows" "$work/out/cli.rows" "$work/out/ext.rows"
	compare "schema (pg_dump --schema-only)" "$work/out/cli.schema" "$work/out/ext.schema"
	if [ "$with_data" = 1 ]; then
		data_dump "$db_c" >"$work/out/cli.data" 2>&1 || true
		data_dump "$db_e" >"$work/out/ext.data" 2>&1 || true
		compare "data (pg_dump --data-only)" "$work/out/cli.data" "$work/out/ext.data"
	fi
	compare "tracking tables DDL and lock row" "$work/out/cli.tracking-tables" "$work/out/ext.tracking-tables"
	compare "deployment_id/dateexecuted shape" "$work/out/cli.shape" "$work/out/ext.shape"
	# the CLI's UPDATE SUMMARY against the extension's result rows (action column)
	if [ "$cli_ok" = 1 ] && [ "$ext_ok" = 1 ] && grep -q '^UPDATE SUMMARY' "$work/out/cli_run.log"; then
		awk '/^Run:/ {r=$2} /^Previously run:/ {p=$3} /^Filtered out:/ {f=$3} /^Total change sets:/ {t=$4}
		     END {printf "run: %s\npreviously run: %s\nfiltered out: %s\ntotal: %s\n", r, p, f, t}' \
			"$work/out/cli_run.log" >"$work/out/cli.summary"
		# the CLI counts a filtered changeset once however many times its file is included
		awk -F'\t' -v noop=" $noop_actions " 'NR > 1 { t++; if ($1 == "already_ran") p++;
		         else if ($1 == "filtered") { if (!(($2, $3, $4) in seen)) f++; seen[$2, $3, $4] = 1 }
		         else if (index(noop, " " $1 " ") == 0) r++ }
		     END {printf "run: %d\npreviously run: %d\nfiltered out: %d\ntotal: %d\n", r, p, f, t}' \
			"$work/out/ext_run.tsv" >"$work/out/ext.summary"
		if [ "$each" = 1 ]; then	# the procedure reports only the changesets it acted on
			sed -i -n '/^run: /p' "$work/out/cli.summary" "$work/out/ext.summary"
			compare "update summary run count (CLI summary vs procedure NOTICEs)" "$work/out/cli.summary" "$work/out/ext.summary"
		else
			compare "update summary counts (CLI summary vs result actions)" "$work/out/cli.summary" "$work/out/ext.summary"
		fi
	fi
}

# ext-then-cli on db_e: CLI status must list what it lists after its own run; validate must pass.
# $1 = where that reference comes from when the CLI lists anything: "fresh" (a new database that
# gets the CLI's own run) or "db_c" (the CLI database of direction all, before the extension
# touches it). Sets ref_pending (file) for check_cli_then_ext.
ref_pending="$work/out/empty.pending"
: >"$ref_pending"
check_ext_then_cli() {
	local ref_from=$1
	[ "$ext_ok" = 1 ] || { echo "  [FAIL] ext-then-cli: the extension failed, nothing to check"; fail "ext-then-cli"; return 0; }
	status_pending "$db_e" status_after_ext || return 0
	local pend="$work/out/status_after_ext.pending"
	if [ -s "$pend" ]; then
		# the CLI lists something: does it list the same after its own run? (runAlways, ...)
		if [ "$ref_from" = fresh ]; then
			local db_r
			make_db db_r ref
			if run_cli "$db_r" ref_run "$cli_cmd"; then
				status_pending "$db_r" status_ref || return 0
				ref_pending="$work/out/status_ref.pending"
			else
				echo "  [note] reference CLI $cli_cmd failed:"; show_log "$work/out/ref_run.log"
			fi
		elif [ "$cli_ok" = 1 ]; then
			status_pending "$db_c" status_after_cli || return 0
			ref_pending="$work/out/status_after_cli.pending"
		fi
	fi
	if diff -q "$ref_pending" "$pend" >/dev/null; then
		if [ -s "$pend" ]; then
			say "  [same] ext-then-cli status: lists only what it lists after its own $cli_cmd ($(paste -sd, "$pend"))"
		else
			say "  [same] ext-then-cli status: $(grep -m1 ' is up to date$' "$work/out/status_after_ext.log" | sed 's/^[^ ]* //')"
		fi
	else
		echo "  [DIFF] ext-then-cli: status --verbose after the CLI's own $cli_cmd vs after the extension's:"
		diff -u --label "pending after cli $cli_cmd" --label "pending after ext $ext_fn" "$ref_pending" "$pend" | sed 's/^/    /' || true
		fail "ext-then-cli status"
	fi
	if run_cli "$db_e" validate_after_ext validate && grep -q 'No validation errors found' "$work/out/validate_after_ext.log"; then
		say "  [same] ext-then-cli validate: No validation errors found"
	else
		echo "  [FAIL] ext-then-cli validate failed:"
		show_log "$work/out/validate_after_ext.log"
		fail "ext-then-cli validate"
	fi
}

# cli-then-ext on db_c: the extension runs exactly $1 (the CLI's pending list), other rows untouched
check_cli_then_ext() {
	local ref_pending=$1
	[ "$cli_ok" = 1 ] || { echo "  [FAIL] cli-then-ext: the CLI failed, nothing to check"; fail "cli-then-ext"; return; }
	full_rows "$db_c" >"$work/out/before.full"
	prepare_ext_db "$db_c"
	if ! run_ext "$db_c" ext_after_cli; then
		echo "  [FAIL] cli-then-ext: extension $ext_fn failed after the CLI:"; sed 's/^/    | /' "$work/out/ext_after_cli.log"
		fail "cli-then-ext"
		return
	fi
	full_rows "$db_c" >"$work/out/after.full"
	ext_executed_keys "$work/out/ext_after_cli.tsv" >"$work/out/ext_after_cli.keys"
	if diff -q "$ref_pending" "$work/out/ext_after_cli.keys" >/dev/null; then
		say "  [same] cli-then-ext: extension ran $(if [ -s "$ref_pending" ]; then echo "only what the CLI still lists ($(paste -sd, "$ref_pending"))"; else echo nothing; fi) [$(summarize_actions "$work/out/ext_after_cli.tsv")]"
	else
		echo "  [DIFF] cli-then-ext: changesets the extension executed vs the CLI's status --verbose after its own $cli_cmd:"
		diff -u --label "cli status --verbose" --label "ext executed (action not in: $noop_actions)" \
			"$ref_pending" "$work/out/ext_after_cli.keys" | sed 's/^/    /' || true
		echo "    extension result rows:"; sed 's/^/    | /' "$work/out/ext_after_cli.tsv"
		fail "cli-then-ext executed"
	fi
	# every row the CLI did not list must be byte-for-byte unchanged (incl. dateexecuted, deployment_id)
	awk -F'\t' 'NR == FNR { p[$0] = 1; next } !($1 in p)' "$ref_pending" "$work/out/before.full" >"$work/out/before.kept"
	awk -F'\t' 'NR == FNR { p[$0] = 1; next } !($1 in p)' "$ref_pending" "$work/out/after.full" >"$work/out/after.kept"
	if diff -q "$work/out/before.kept" "$work/out/after.kept" >/dev/null; then
		say "  [same] cli-then-ext: all other databasechangelog rows unchanged"
	else
		echo "  [DIFF] cli-then-ext: databasechangelog rows changed by the extension (key, orderexecuted, exectype, md5sum, description, comments, tag, contexts, labels, liquibase, deployment_id, dateexecuted):"
		diff -u --label "after cli $cli_cmd" --label "after ext $ext_fn" "$work/out/before.kept" "$work/out/after.kept" | sed 's/^/    /' || true
		fail "cli-then-ext rows changed"
	fi
	if [ "$quiet" != 1 ]; then
		awk -F'\t' 'NR == FNR { p[$0] = 1; next } ($1 in p)' "$ref_pending" "$work/out/before.full" >"$work/out/rerun.before"
		awk -F'\t' 'NR == FNR { p[$0] = 1; next } ($1 in p)' "$ref_pending" "$work/out/after.full" >"$work/out/rerun.after"
		if [ -s "$work/out/rerun.before" ] || [ -s "$work/out/rerun.after" ]; then
			echo "  [info] cli-then-ext: rows of the changesets the extension ran again, before -> after:"
			sed 's/^/    - /' "$work/out/rerun.before"
			sed 's/^/    + /' "$work/out/rerun.after"
		fi
	fi
}

case "$direction" in
	diff)
		step_cli_first
		step_ext_first
		check_diff
		;;
	cli-then-ext)
		step_cli_first
		if [ "$cli_ok" = 1 ] && status_pending "$db_c" status_after_cli; then
			ref_pending="$work/out/status_after_cli.pending"
			check_cli_then_ext "$ref_pending"
		else
			fail "cli-then-ext"
		fi
		;;
	ext-then-cli)
		step_ext_first
		check_ext_then_cli fresh
		;;
	all)
		step_ext_first
		step_cli_first
		check_diff
		# If the CLI finds nothing pending after the extension, it finds nothing after its own run
		# either (it always lists runAlways changesets), so db_c's status is only asked when needed.
		check_ext_then_cli db_c
		if [ "$cli_ok" = 1 ] && [ ! -e "$work/out/status_after_cli.pending" ] \
			&& { [ ! -e "$work/out/status_after_ext.pending" ] || [ -s "$work/out/status_after_ext.pending" ]; }; then
			status_pending "$db_c" status_after_cli && ref_pending="$work/out/status_after_cli.pending"
		fi
		check_cli_then_ext "$ref_pending"
		# Something is run again (runAlways, ...): db_c had CLI then extension, db_e extension then
		# CLI; the second runs must have written the same rows (RERAN, orderexecuted ...).
		if [ -s "$ref_pending" ] && [ "$cli_ok" = 1 ] && [ "$ext_ok" = 1 ]; then
			if run_cli "$db_e" cli_second "$cli_cmd"; then
				rows "$db_e" >"$work/out/second.cli.rows"
				rows "$db_c" >"$work/out/second.ext.rows"
				compare "second run: rows after ext+CLI (cli) vs CLI+ext (ext)" "$work/out/second.cli.rows" "$work/out/second.ext.rows"
				if [ "$with_data" = 1 ]; then
					data_dump "$db_e" >"$work/out/second.cli.data" 2>&1 || true
					data_dump "$db_c" >"$work/out/second.ext.data" 2>&1 || true
					compare "second run: data after ext+CLI (cli) vs CLI+ext (ext)" "$work/out/second.cli.data" "$work/out/second.ext.data"
				fi
			else
				echo "  [FAIL] second run: the CLI's $cli_cmd after the extension's failed:"; show_log "$work/out/cli_second.log"
				fail "second run"
			fi
		fi
		;;
esac

if [ ${#failures[@]} -eq 0 ]; then
	echo "identical ($direction, $what)"
	exit 0
fi
echo "DIFFERENT ($direction, $what): $(printf '%s; ' "${failures[@]}" | sed 's/; $//')"
exit 1
