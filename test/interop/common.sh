# shellcheck shell=bash
# shellcheck disable=SC2154,SC2034 # here and name come from the caller, which uses the rest
# common.sh: the preamble of the interop scripts (sourced, not run). The caller sets "name" (the
# script's name) and "here" (its folder). Sets repo, shared (CLS_SHARED or ../shared beside the
# checkout), the test cluster's environment (scripts/env.sh), liquibase (the CLI) and its
# JAVA_OPTS, start, and result STATUS TEXT (the script's last line: "PASS name: ..."/"FAIL ...").
# work_dir PREFIX makes $work, a private directory the server can read, and $dbs, databases to
# drop: both go when the script ends.

repo=$(cd "$here/../.." && pwd)
shared=${CLS_SHARED:-$repo/../shared}
# shellcheck source=scripts/env.sh
[ -f "$repo/scripts/env.sh" ] && . "$repo/scripts/env.sh"
liquibase=$shared/tools/liquibase
export JAVA_OPTS=${JAVA_OPTS:--XX:TieredStopAtLevel=1 -XX:+UseSerialGC}
start=$SECONDS

result() { echo "$1 $name: $2"; }

work_dir() {
	work=$(mktemp -d "${CLS_RUNDIR:-/tmp}/$1.XXXXXX")
	dbs=()
	trap cleanup EXIT
}
# shellcheck disable=SC2317 # called by the trap
cleanup() {
	local d
	for d in ${dbs[@]+"${dbs[@]}"}; do dropdb --if-exists "$d" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
