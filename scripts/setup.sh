#!/usr/bin/env bash
# changelog_sync: set up a machine and run the main job.
#
#   sudo bash scripts/setup.sh                 # packages, build + install, test cluster, then the example
#   sudo bash scripts/setup.sh --no-example    # the same without the example (scripts/test.sh uses this)
#
# Works on a fresh Debian 12 machine as root and is idempotent: a second run skips apt when every
# package is installed, rebuilds only what changed, and reuses the running cluster.
#
# Options (internal ones are marked):
#   --no-example    skip the main job (the example changelog)
#   --clean         run "make clean" before building (so PG_CFLAGS such as -Werror apply to every file)
#   --cluster-only  (internal) packages and the cluster only: no build, no example
#   --example-only  (internal) the main job only: the cluster must be up and the extension installed
#
# Environment: PG_CFLAGS is passed to make (e.g. PG_CFLAGS="-Wall -Wextra -Werror -Wno-unused-parameter").
# Conventions (cluster location, port, PG_CONFIG ...) are in scripts/env.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=scripts/env.sh source-path=SCRIPTDIR/..
. "$here/env.sh"

do_packages=1 do_build=1 do_cluster=1 do_example=1 do_clean=0
for arg in "$@"; do
	case "$arg" in
		--no-example) do_example=0 ;;
		--clean) do_clean=1 ;;
		--cluster-only) do_build=0 do_example=0 ;;
		--example-only) do_packages=0 do_build=0 do_cluster=0 ;;
		-h | --help)
			sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
			exit 0
			;;
		*)
			echo "setup.sh: unknown option: $arg (try --help)" >&2
			exit 2
			;;
	esac
done

log() { printf '==> %s\n' "$*"; }
die() {
	printf 'setup.sh: error: %s\n' "$*" >&2
	exit 1
}

cls_root_or_sudo "${BASH_SOURCE[0]}" "$@" || die "must run as root (sudo bash scripts/setup.sh)"

export DEBIAN_FRONTEND=noninteractive

# Run a command as the postgres OS user (PostgreSQL refuses to run as root), from a directory
# that user can enter.
as_pg() { (cd / && runuser -u postgres -- "$@"); }

is_installed() { [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]; }

apt_retry() {
	local i
	for i in 1 2 3; do
		if apt-get -o DPkg::Lock::Timeout=300 "$@"; then return 0; fi
		if [ "$i" -lt 3 ]; then
			log "apt-get $1 failed; retrying in $((i * 5))s"
			sleep $((i * 5))
		fi
	done
	return 1
}

install_packages() {
	# The build (PGXS + libyaml/libxml2/cJSON via pkg-config), the server, pg_regress and the TAP
	# modules (postgresql-client-15 ships them; TAP needs IPC::Run). postgresql-server-dev-15 pulls in
	# clang-14/llvm for the JIT bitcode that PGXS builds and installs.
	local want=(postgresql-15 postgresql-server-dev-15 libyaml-dev libxml2-dev libcjson-dev zlib1g-dev jq
		pkg-config make gcc libc6-dev libipc-run-perl perl
		libicu-dev libssl-dev) # test/unit builds src/serialize.c outside the server with ICU and OpenSSL
	local optional=(postgresql-contrib)
	# The Liquibase oracle (../shared/tools/liquibase) needs java and npm; any install will do.
	command -v java >/dev/null 2>&1 || want+=(openjdk-17-jre-headless)
	command -v npm >/dev/null 2>&1 || want+=(npm ca-certificates)

	local missing=() p
	for p in "${want[@]}" "${optional[@]}"; do
		is_installed "$p" || missing+=("$p")
	done
	if [ "${#missing[@]}" -eq 0 ]; then
		log "packages: all installed"
		return 0
	fi
	log "packages: installing ${missing[*]}"
	# A failing third-party source must not stop us; a missing package shows up at install time.
	apt_retry update || log "apt-get update reported errors; trying the install anyway"
	local install=()
	for p in "${missing[@]}"; do
		case " ${optional[*]} " in
			*" $p "*)
				# Only if this release has it (Debian 12 does, as a metapackage).
				if apt-cache show "$p" >/dev/null 2>&1; then install+=("$p"); fi
				;;
			*) install+=("$p") ;;
		esac
	done
	if [ "${#install[@]}" -eq 0 ]; then return 0; fi
	# No stdin in CI: keep existing config files instead of asking.
	apt_retry install -y --no-install-recommends \
		-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${install[@]}" ||
		die "apt-get install failed: ${install[*]}"
}

build_install() {
	[ -x "$PG_CONFIG" ] || die "$PG_CONFIG not found (is postgresql-server-dev-15 installed?)"
	local mk=(make -C "$repo" PG_CONFIG="$PG_CONFIG")
	if [ -n "${PG_CFLAGS:-}" ]; then mk+=(PG_CFLAGS="$PG_CFLAGS"); fi
	if [ "$do_clean" -eq 1 ]; then
		log "build: make clean"
		"${mk[@]}" clean >/dev/null
	fi
	log "build: make${PG_CFLAGS:+ PG_CFLAGS=\"$PG_CFLAGS\"}"
	"${mk[@]}" -j"$(nproc)"
	log "build: make install"
	"${mk[@]}" install
}

# Writes $2 to file $1 (owned by postgres) if it differs; returns 0 if the file changed.
put_pg_file() {
	local dest=$1 content=$2 tmp
	if [ -f "$dest" ] && [ "$(cat "$dest")" = "$content" ]; then return 1; fi
	tmp=$(mktemp)
	printf '%s\n' "$content" >"$tmp"
	install -o postgres -g postgres -m 0600 "$tmp" "$dest"
	rm -f "$tmp"
	return 0
}

# A lock file left by a server that died (a reboot, a killed session) names a PID that may now
# belong to another process; pg_ctl and the postmaster would take that for a running server.
clear_stale_lock() {
	local f=$1 pid
	[ -f "$f" ] || return 0
	pid=$(head -n 1 "$f" 2>/dev/null | tr -dc '0-9')
	if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = postgres ]; then return 0; fi
	log "cluster: removing stale $f (PID ${pid:-?} is not a running postgres)"
	rm -f "$f"
}

server_log_tail() {
	echo "---- last lines of $CLS_RUNDIR/server.log ----" >&2
	tail -n 40 "$CLS_RUNDIR/server.log" >&2 2>/dev/null || true
}

ensure_cluster() {
	id postgres >/dev/null 2>&1 || die "no 'postgres' OS user (is postgresql-15 installed?)"
	[ -x "$CLS_PG_BINDIR/initdb" ] || die "$CLS_PG_BINDIR/initdb not found (is postgresql-15 installed?)"

	mkdir -p "$CLS_RUNDIR"
	chown postgres:postgres "$CLS_RUNDIR"
	chmod 0755 "$CLS_RUNDIR" # root and the test users reach the socket; postgres reads copies here

	local ver=""
	if [ -f "$PGDATA/PG_VERSION" ]; then ver=$(cat "$PGDATA/PG_VERSION"); fi
	if [ -n "$ver" ] && [ "$ver" != "$CLS_PG_MAJOR" ]; then
		log "cluster: $PGDATA is PostgreSQL $ver, not $CLS_PG_MAJOR; recreating it"
		as_pg "$CLS_PG_BINDIR/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null 2>&1 || true
		ver=""
	fi
	if [ -z "$ver" ]; then
		log "cluster: initdb $PGDATA"
		rm -rf "$PGDATA"
		if ! as_pg "$CLS_PG_BINDIR/initdb" -D "$PGDATA" --auth=trust -U postgres \
			--encoding=UTF8 --locale=C >"$CLS_RUNDIR/initdb.log" 2>&1; then
			cat "$CLS_RUNDIR/initdb.log" >&2
			die "initdb failed"
		fi
	fi

	# Our settings live in their own file, included from postgresql.conf; max_locks_per_transaction
	# and everything else stay at their defaults. fsync is off: this cluster is throwaway.
	local changed=0
	if put_pg_file "$PGDATA/changelog_sync.conf" "# written by scripts/setup.sh; rewritten on every run
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '$CLS_RUNDIR'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
fsync = off
synchronous_commit = off
full_page_writes = off"; then changed=1; fi
	if ! grep -qxF "include = 'changelog_sync.conf'" "$PGDATA/postgresql.conf"; then
		printf "\ninclude = 'changelog_sync.conf'\n" >>"$PGDATA/postgresql.conf"
		changed=1
	fi
	if put_pg_file "$PGDATA/pg_hba.conf" "# written by scripts/setup.sh: a throwaway test cluster, trust for local connections only
# TYPE  DATABASE     USER  ADDRESS        METHOD
local   all          all                  trust
host    all          all   127.0.0.1/32   trust
host    all          all   ::1/128        trust
local   replication  all                  trust
host    replication  all   127.0.0.1/32   trust
host    replication  all   ::1/128        trust"; then changed=1; fi

	clear_stale_lock "$PGDATA/postmaster.pid"
	clear_stale_lock "$CLS_RUNDIR/.s.PGSQL.$PGPORT.lock"

	local status=0
	as_pg "$CLS_PG_BINDIR/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 || status=$?
	case "$status" in
		0 | 3) ;; # running, not running
		*) die "pg_ctl status failed with exit status $status" ;;
	esac
	if [ "$status" -eq 0 ]; then
		if [ "$changed" -eq 0 ] && "$CLS_PG_BINDIR/pg_isready" -q -t 5; then
			log "cluster: already running on port $PGPORT ($PGDATA)"
			return 0
		fi
		log "cluster: restarting the running server (settings changed or not answering)"
		if ! as_pg "$CLS_PG_BINDIR/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop; then
			as_pg "$CLS_PG_BINDIR/pg_ctl" -D "$PGDATA" -m immediate -w -t 60 stop ||
				die "could not stop the server on $PGDATA"
		fi
	fi

	log "cluster: starting on 127.0.0.1:$PGPORT and $CLS_RUNDIR, log $CLS_RUNDIR/server.log"
	if ! as_pg "$CLS_PG_BINDIR/pg_ctl" -D "$PGDATA" -l "$CLS_RUNDIR/server.log" -w -t 120 start >/dev/null; then
		server_log_tail
		die "could not start the server (is another one using port $PGPORT?)"
	fi
	"$CLS_PG_BINDIR/pg_isready" -q -t 30 || {
		server_log_tail
		die "the server does not answer on $PGHOST:$PGPORT"
	}
}

run_example() {
	[ -f "$repo/examples/changelog.sql" ] || die "missing $repo/examples/changelog.sql"
	"$CLS_PG_BINDIR/pg_isready" -q -t 10 || die "no server on $PGHOST:$PGPORT: run scripts/setup.sh first"

	# The server reads files as the postgres OS user, which may not reach the checkout (say /root/...).
	local dir="$CLS_RUNDIR/examples"
	rm -rf "$dir"
	cp -R "$repo/examples" "$dir"
	chmod -R a+rX "$dir"

	local db
	for db in cls_example_a cls_example_b; do
		"$CLS_PG_BINDIR/dropdb" --if-exists --force "$db"
		"$CLS_PG_BINDIR/createdb" "$db"
	done

	log "example: changelog_update from a file on the server (database cls_example_a)"
	psql -X -e -P pager=off -P expanded=auto -v ON_ERROR_STOP=1 -v dir="$dir" -d cls_example_a <<'SQL'
CREATE EXTENSION changelog_sync;
SELECT * FROM changelog_update('changelog.sql', base_dir => :'dir');
SELECT customer_count();
SQL

	log "example: changelog_sync with the changelog passed as text (database cls_example_b)"
	psql -X -e -P pager=off -P expanded=auto -v ON_ERROR_STOP=1 -v file="$dir/changelog.sql" -d cls_example_b <<'SQL'
CREATE EXTENSION changelog_sync;
SELECT * FROM changelog_sync('changelog.sql', changelog => pg_read_file(:'file'));
SQL
	log "example: done (databases cls_example_a and cls_example_b; psql -d cls_example_a after '. scripts/env.sh')"
}

if [ "$do_packages" -eq 1 ]; then install_packages; fi
if [ "$do_build" -eq 1 ]; then build_install; fi
if [ "$do_cluster" -eq 1 ]; then ensure_cluster; fi
if [ "$do_example" -eq 1 ]; then run_example; fi
log "setup: ok"
