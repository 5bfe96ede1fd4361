# shellcheck shell=bash
# changelog_sync: the fixed conventions every script (and every developer shell) uses.
#
#   . scripts/env.sh        # then psql, pg_ctl, make installcheck ... reach the test cluster
#
# The throwaway test cluster runs as the "postgres" OS user, listens on 127.0.0.1:54329 and on a
# unix socket in $CLS_RUNDIR, and trusts every local connection. It never touches a Debian-managed
# cluster (those live under /var/lib/postgresql and use port 5432).
# This file only sets variables and defines functions: it is safe to source from an
# interactive shell.

export CLS_PG_MAJOR=15
export CLS_PG_BINDIR=/usr/lib/postgresql/15/bin
export PG_CONFIG="$CLS_PG_BINDIR/pg_config"

# Socket directory, logs and the data directory; owned by postgres.
export CLS_RUNDIR=/var/tmp/changelog_sync
export PGDATA="$CLS_RUNDIR/pgdata"

# libpq defaults: psql, createdb, pg_regress ... connect over the unix socket as postgres.
export PGHOST="$CLS_RUNDIR"
export PGPORT=54329
export PGUSER=postgres
export PGDATABASE=postgres

# The Liquibase CLI (../shared/tools/liquibase) connects over TCP; append a database name.
# Authentication is trust, so any --username=postgres --password=x works.
export CLS_JDBC_URL="jdbc:postgresql://127.0.0.1:54329/"

# PostgreSQL 15's programs first, even where another version (or /usr/local/bin) has its own.
case ":$PATH:" in
	":$CLS_PG_BINDIR:"*) ;;
	*) export PATH="$CLS_PG_BINDIR:$PATH" ;;
esac

# Root's tools (runuser, ...) live in sbin, which a non-login PATH may lack.
case ":$PATH:" in
	*":/usr/sbin:"*) ;;
	*) export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin" ;;
esac

# cls_root_or_sudo SCRIPT [ARGS...]: returns when running as root; otherwise re-executes
# "bash SCRIPT ARGS..." with sudo if sudo needs no password (no stdin in CI), else returns 1.
cls_root_or_sudo() {
	[ "$(id -u)" -eq 0 ] && return 0
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		exec sudo -n -E bash "$@"
	fi
	return 1
}

# cls_copy_checkout REPO DEST: the checkout's tracked and untracked files, but not what .gitignore
# leaves out (no stale objects) nor .git itself, copied into the existing directory DEST.
cls_copy_checkout() {
	local repo=$1 dest=$2
	if git -c safe.directory='*' -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		(cd "$repo" && git -c safe.directory='*' ls-files -co --exclude-standard -z |
			tar --null --no-recursion --ignore-failed-read -T - -cf - 2>/dev/null) |
			tar -xf - -C "$dest"
	else
		tar -C "$repo" --exclude=./.git -cf - . | tar -xf - -C "$dest"
	fi
}

# cls_shared_dir REPO: prints the ground truth (../shared): $CLS_SHARED, else ../shared beside
# the checkout, else beside the repository it was cloned from (a clone made elsewhere, e.g. in a
# temporary directory); prints nothing and returns 1 when there is none.
cls_shared_dir() {
	local repo=$1 origin cand
	if [ -n "${CLS_SHARED:-}" ]; then
		[ -d "$CLS_SHARED" ] && { echo "$CLS_SHARED"; return 0; }
		return 1
	fi
	origin=$(git -c safe.directory='*' -C "$repo" config --get remote.origin.url 2>/dev/null || true)
	for cand in "$repo/../shared" ${origin:+"$origin/../shared"}; do
		if [ -d "$cand" ]; then echo "$cand"; return 0; fi
	done
	return 1
}
