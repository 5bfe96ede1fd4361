# shellcheck shell=bash
# changelog_sync: the fixed conventions every script (and every developer shell) uses.
#
#   . scripts/env.sh        # then psql, pg_ctl, make installcheck ... reach the test cluster
#
# The throwaway test cluster runs as the "postgres" OS user, listens on 127.0.0.1:54329 and on a
# unix socket in $CLS_RUNDIR, and trusts every local connection. It never touches a Debian-managed
# cluster (those live under /var/lib/postgresql and use port 5432).
# This file only sets variables: it is safe to source from an interactive shell.

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
