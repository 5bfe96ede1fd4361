#!/usr/bin/env bash
# changelog_sync: the regression suite under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   sudo bash scripts/sanitize.sh          (or: sudo make sanitizecheck)
#
# Everything happens in a private directory under /var/tmp, removed at the end; the system
# PostgreSQL installation and the test cluster of scripts/env.sh are never touched:
# 1. copies the checkout (and ../shared beside it, as scripts/test.sh does) and builds the
#    extension there with PGXS and the system pg_config (read only), with gcc (pg_config's CC) and
#    -fsanitize=address,undefined -fno-sanitize-recover=undefined;
# 2. copies the PostgreSQL installation (pg_config --bindir's parent and --sharedir) under a root R
#    and installs the sanitized build there with "make install DESTDIR=R". PostgreSQL finds its
#    share and lib directories relative to its own binary, so R's postgres loads R's
#    changelog_sync.so (checked: pg_config of R, the server's pg_config view, its
#    pg_available_extensions, and the libraries mapped by a backend);
# 3. initdb and start a cluster from R as the postgres OS user, on port $CLS_SANITIZE_PORT (54349)
#    and a socket in the private directory, with gcc's ASan runtime (and test/sanitize/preload.c)
#    preloaded into the server: the postgres binary is not instrumented, the extension is;
# 4. a canary (test/sanitize/canary.c, built with the same flags): a heap overflow and an
#    undefined shift must each kill their backend with an ASan or a UBSan report, or the run stops
#    there, since a clean run would then prove nothing;
# 5. make installcheck (REGRESS, then ISOLATION, from the Makefile) with R's pg_regress,
#    pg_isolation_regress and psql against that cluster.
# It passes if every test passes, no sanitizer reported anything and no server process died.
# ASan reports go to files ($W/log/asan.PID); UBSan's go to the server log (see UBSAN_OPTIONS).
# What it cannot see: an overrun inside one of PostgreSQL's memory-context blocks (palloc'd chunks
# share malloc'd blocks; ASan sees the block's edges, so large chunks are checked, small ones
# are not) and anything in the uninstrumented server itself.
# The last line printed is "sanitize: ok (...)" or "sanitize: FAILED (...)".
#
# Environment: CLS_SANITIZE_PORT (default 54349); CLS_SANITIZE_KEEP=1 keeps the private
# directory (build, installation, cluster, logs) to look at afterwards.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/.." && pwd)
# shellcheck source=scripts/env.sh source-path=SCRIPTDIR/..
. "$here/env.sh"
if ! cls_root_or_sudo "${BASH_SOURCE[0]}" "$@"; then
	echo "sanitize: FAILED (must run as root: sudo bash scripts/sanitize.sh)"
	exit 1
fi

t0=$(date +%s)
say() { printf '==> sanitize: %s\n' "$*"; }
die() {
	printf 'sanitize: FAILED (%s; %ss)\n' "$*" "$(($(date +%s) - t0))"
	exit 1
}

port=${CLS_SANITIZE_PORT:-54349}
sys_pg_config=$PG_CONFIG # the system's pg_config: to build, never to install
san_flags=("-fsanitize=address,undefined" -fno-sanitize-recover=undefined -fno-omit-frame-pointer)

[ -x "$sys_pg_config" ] || die "$sys_pg_config not found (is postgresql-server-dev-$CLS_PG_MAJOR installed?)"
id postgres >/dev/null 2>&1 || die "no 'postgres' OS user (is postgresql-$CLS_PG_MAJOR installed?)"
sys_bindir=$("$sys_pg_config" --bindir)
sys_pkglibdir=$("$sys_pg_config" --pkglibdir)
sys_sharedir=$("$sys_pg_config" --sharedir)
sys_pgroot=$(dirname "$sys_bindir") # /usr/lib/postgresql/15: bin/ and lib/
# The compiler PGXS uses (gcc on Debian); its ASan runtime goes into the server.
cc=$(sed -n 's/^CC = //p' "$(dirname "$("$sys_pg_config" --pgxs)")/../Makefile.global")
cc=${cc:-gcc}
libasan=$(readlink -f "$("$cc" -print-file-name=libasan.so)")
[ -f "$libasan" ] || die "$cc has no libasan.so (Debian: libgcc-12-dev, for gcc 12)"

# W: the private directory; the postgres OS user must traverse it (the server runs from R, reads
# the test files in src and shared, writes pgdata and the logs).
W=$(mktemp -d /var/tmp/changelog_sync_sanitize.XXXXXX)
chmod 0755 "$W"
if [ "${CLS_SANITIZE_KEEP:-0}" = 1 ]; then say "CLS_SANITIZE_KEEP=1: $W stays"; fi
R=$W/root # root of the relocated installation
src=$W/src # the copy of the checkout: build, then tests (abs_srcdir/../../shared = $W/shared)
shared=$W/shared
data=$W/pgdata
sock=$W/sock
logs=$W/log
bindir=$R$sys_bindir
pkglibdir=$R$sys_pkglibdir
sharedir=$R$sys_sharedir
started=0

as_pg() { (cd / && runuser -u postgres -- "$@"); }

# shellcheck disable=SC2317 # called by the traps
cleanup() {
	local rc=$?
	trap - EXIT
	trap '' INT TERM HUP # finish cleaning up (timeout's -k still ends a hang)
	if [ "$started" -eq 1 ]; then
		as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
			as_pg "$bindir/pg_ctl" -D "$data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
	fi
	if [ "${CLS_SANITIZE_KEEP:-0}" != 1 ]; then rm -rf "$W"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# --- 1. copy the checkout and ../shared; sanitized build ------------------------------------------
say "copy $repo -> $src"
mkdir -p "$src" "$sock" "$logs" "$W/lib"
cls_copy_checkout "$repo" "$src"
if shared_src=$(cls_shared_dir "$repo"); then
	cp -RH "$shared_src" "$shared"
else
	echo "note: no ground truth found (../shared beside the checkout or its origin; or set CLS_SHARED); tests that need it will fail" >&2
fi

# PG_CFLAGS comes after PGXS's own CFLAGS (so -O1 wins over -O2) and reaches the link of the
# shared library too, which makes gcc add libasan and libubsan to its NEEDED list.
# with_llvm=no: no JIT bitcode (the cluster runs with jit = off anyway).
mk=(make -C "$src" PG_CONFIG="$sys_pg_config" with_llvm=no
	PG_CFLAGS="${san_flags[*]} -O1 -g" PG_LDFLAGS="${san_flags[*]}")
say "build: ${mk[*]:3}"
"${mk[@]}" clean >/dev/null
if ! "${mk[@]}" -j"$(nproc)" >"$logs/build.log" 2>&1; then
	tail -n 40 "$logs/build.log"
	die "the sanitized build failed"
fi
so=$src/changelog_sync.so
syms=$(nm -D "$so")
grep -q ' U __asan_init' <<<"$syms" || die "$so is not instrumented by AddressSanitizer"
grep -q ' U __ubsan_handle_' <<<"$syms" || die "$so is not instrumented by UBSan"

# --- 2. a relocated copy of the installation, with the sanitized build installed into it ----------
say "copy of the installation: $sys_pgroot and $sys_sharedir under $R"
mkdir -p "$R$sys_pgroot" "$sharedir"
cp -a "$sys_pgroot/." "$R$sys_pgroot/"
cp -a "$sys_sharedir/." "$sharedir/"
# Whatever the system has of changelog_sync goes: only this build may be found.
rm -rf "$pkglibdir/changelog_sync.so" "$pkglibdir/bitcode/changelog_sync" \
	"$pkglibdir/bitcode/changelog_sync.index.bc" "$sharedir"/extension/changelog_sync[.-]*
if ! "${mk[@]}" install DESTDIR="$R" >>"$logs/build.log" 2>&1; then
	tail -n 40 "$logs/build.log"
	die "make install DESTDIR=$R failed"
fi
pg_config_r=$bindir/pg_config
[ "$("$pg_config_r" --sharedir)" = "$sharedir" ] ||
	die "the copy's pg_config says sharedir=$("$pg_config_r" --sharedir), not $sharedir"
[ "$("$pg_config_r" --pkglibdir)" = "$pkglibdir" ] ||
	die "the copy's pg_config says pkglibdir=$("$pg_config_r" --pkglibdir), not $pkglibdir"
cmp -s "$so" "$pkglibdir/changelog_sync.so" || die "the sanitized build is not in $pkglibdir"

# The canary and the preload shim (see their comments), built from the copy.
"$cc" "${san_flags[@]}" -O1 -g -fPIC -shared -I"$("$sys_pg_config" --includedir-server)" \
	-o "$pkglibdir/sanitize_canary.so" "$src/test/sanitize/canary.c" >>"$logs/build.log" 2>&1 ||
	die "could not build test/sanitize/canary.c (see $logs/build.log)"
shim=$W/lib/preload.so
"$cc" -O2 -Wall -fPIC -shared -o "$shim" "$src/test/sanitize/preload.c" >>"$logs/build.log" 2>&1 ||
	die "could not build test/sanitize/preload.c (see $logs/build.log)"

chown -R postgres:postgres "$src" "$sock" "$logs"
chmod -R a+rX "$src" "$R" "$W/lib"
if [ -d "$shared" ]; then chmod -R a+rX "$shared"; fi

# --- 3. a cluster from the copy, with the sanitizer runtimes -------------------------------------
say "initdb $data"
install -d -o postgres -g postgres -m 0700 "$data"
if ! as_pg "$bindir/initdb" -D "$data" --auth=trust -U postgres --encoding=UTF8 --locale=C \
	>"$logs/initdb.log" 2>&1; then
	cat "$logs/initdb.log" >&2
	die "initdb failed"
fi
cat >>"$data/postgresql.conf" <<EOF

# scripts/sanitize.sh: a throwaway cluster, unix socket only
listen_addresses = ''
port = $port
unix_socket_directories = '$sock'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_connections = on
fsync = off
synchronous_commit = off
full_page_writes = off
jit = off
EOF

# LD_PRELOAD: libasan first (ASan insists on coming first), then the shim of test/sanitize/preload.c
# (a hang at startup, and UBSAN_OPTIONS in a backend). libubsan comes with the extension.
# ASan: detect_leaks=0, since memory contexts are freed wholesale or at exit, which LeakSanitizer
# would report; allocator_may_return_null=1, so a failed malloc returns NULL as the server expects
# (it raises "out of memory") instead of aborting; abort_on_error=1, so a report kills the backend,
# the test that triggered it fails and the server log says so; reports go to $logs/asan.PID.
# UBSan: no recovery (-fno-sanitize-recover, halt_on_error), abort, stack trace. No log_path: gcc's
# libubsan passes it to __sanitizer_set_report_path, which libasan (loaded first) also exports,
# so it would move ASan's reports and leave UBSan's on stderr; they go to the server log.
preload="$libasan $shim"
asan_options="detect_leaks=0:abort_on_error=1:allocator_may_return_null=1:disable_coredump=1:log_path=$logs/asan"
ubsan_options="print_stacktrace=1:halt_on_error=1:abort_on_error=1:disable_coredump=1"
say "start on port $port, socket $sock, LD_PRELOAD=$preload"
if ! as_pg env LD_PRELOAD="$preload" ASAN_OPTIONS="$asan_options" UBSAN_OPTIONS="$ubsan_options" \
	"$bindir/pg_ctl" -D "$data" -l "$logs/server.log" -w -t 120 start >/dev/null; then
	tail -n 40 "$logs/server.log" >&2 || true
	die "the server did not start"
fi
started=1

export PGHOST=$sock PGPORT=$port PGUSER=postgres PGDATABASE=postgres
unset PGDATA PGSERVICE
psql_r=("$bindir/psql" -X -At -v ON_ERROR_STOP=1)
# The server runs from R: its paths, the extension it offers, the library it loads (with ASan).
paths=$("${psql_r[@]}" -c "SELECT string_agg(setting, ' ' ORDER BY name) FROM pg_config WHERE name IN ('PKGLIBDIR', 'SHAREDIR')")
[ "$paths" = "$pkglibdir $sharedir" ] || die "the server's PKGLIBDIR and SHAREDIR are $paths"
offered=$("${psql_r[@]}" -c "SELECT count(*) FROM pg_available_extensions WHERE name = 'changelog_sync'")
[ "$offered" = 1 ] || die "the server does not offer changelog_sync"
maps=$("${psql_r[@]}" -c "LOAD 'changelog_sync'" -c "SELECT pg_read_file('/proc/self/maps')")
grep -qF "$pkglibdir/changelog_sync.so" <<<"$maps" || die "a backend did not load $pkglibdir/changelog_sync.so"
grep -qF "$libasan" <<<"$maps" || die "a backend has no $libasan"
say "the server runs from $R and loads its sanitized changelog_sync.so"

wait_ready() {
	for _ in $(seq 1 120); do
		if "$bindir/pg_isready" -q && "${psql_r[@]}" -c 'SELECT 1' >/dev/null 2>&1; then return 0; fi
		sleep 0.5
	done
	return 1
}

# --- 4. the canary: each sanitizer must catch its bug ---------------------------------------------
ready_count() { grep -c 'database system is ready to accept connections' "$logs/server.log" || true; }
# Runs SQL that must kill its backend, then waits for the server to be back after the crash.
expect_crash() {
	local sql=$1 before
	before=$(ready_count)
	local out
	if out=$("${psql_r[@]}" -d sanitize_canary -c "$sql" 2>&1); then
		die "canary: '$sql' did not kill its backend: the sanitizers are not working"
	fi
	case $out in
		*"server closed the connection unexpectedly"*) ;;
		*) die "canary: '$sql' failed without killing its backend: $out" ;;
	esac
	for _ in $(seq 1 120); do
		if [ "$(ready_count)" -gt "$before" ] && "$bindir/pg_isready" -q; then return 0; fi
		sleep 0.5
	done
	die "canary: the server did not come back after '$sql'"
}
say "canary: a heap overflow and an undefined shift must be caught"
"${psql_r[@]}" -c "CREATE DATABASE sanitize_canary" >/dev/null
"${psql_r[@]}" -d sanitize_canary >/dev/null <<'SQL'
CREATE FUNCTION canary_heap_overflow(int) RETURNS void AS 'sanitize_canary' LANGUAGE C STRICT;
CREATE FUNCTION canary_shift(int) RETURNS int AS 'sanitize_canary' LANGUAGE C STRICT;
-- synchronous_commit is off: without a checkpoint the first crash can lose these functions
CHECKPOINT;
SQL
expect_crash "SELECT canary_heap_overflow(8)"
grep -qs 'ERROR: AddressSanitizer: heap-buffer-overflow' "$logs"/asan.* ||
	die "canary: no ASan report of the heap overflow in $logs"
expect_crash "SELECT canary_shift(40)"
grep -qs 'runtime error: shift exponent 40' "$logs/server.log" ||
	die "canary: no UBSan report of the shift in $logs/server.log"
"${psql_r[@]}" -c "DROP DATABASE sanitize_canary" >/dev/null
mkdir -p "$logs/canary"
mv "$logs"/asan.* "$logs/canary/"
log_offset=$(stat -c %s "$logs/server.log") # the suites' part of the server log starts here
say "canary: both caught (ASan report file, UBSan report in the server log); reports moved aside"

# --- 5. the regression suites --------------------------------------------------------------------
# As scripts/test.sh does it: one make per suite (PGXS stops at the first failing one), but with
# R's pg_config, hence R's pg_regress, pg_isolation_regress and psql.
# shellcheck disable=SC2016 # make's $(...), not the shell's
printf 'print-%%:\n\t@echo $(words $($*))\n' >"$W/print.mk"
n_tests() {
	make -s --no-print-directory -C "$src" -f Makefile -f "$W/print.mk" \
		PG_CONFIG="$pg_config_r" "print-$1"
}
failures=()
n_REGRESS=0 n_ISOLATION=0
run_suite() {
	local label=$1 var=$2 want log r_pass r_fail rc diffs names status
	shift 2
	want=$(n_tests "$var")
	# A crash in the previous suite must not fail this one: wait for the end of crash recovery.
	wait_ready || die "the server does not answer before the $label suite"
	log=$logs/installcheck-$label.log
	say "make installcheck: $label ($want tests)"
	set +e
	make -C "$src" PG_CONFIG="$pg_config_r" with_llvm=no TAP_TESTS= "$@" installcheck </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	set -e
	r_pass=$(grep -cE '\.\.\. ok|\.\.\. failed \(ignored\)|^ok [0-9]+ ' "$log" || true)
	r_fail=$(grep -cE '\.\.\. FAILED|^not ok [0-9]+ ' "$log" || true)
	printf -v "n_$var" '%s' "$r_pass"
	if [ "$r_fail" -gt 0 ] || [ "$rc" -ne 0 ] || [ "$r_pass" -ne "$want" ]; then
		names=$( (grep -E '\.\.\. FAILED|^not ok [0-9]+ ' "$log" || true) |
			sed -E 's/^(test |not ok [0-9]+ +- +)?[[:space:]]*//; s/[[:space:]].*//' | tr '\n' ' ')
		status=""
		if [ "$rc" -ne 0 ]; then status=" (make exit status $rc)"; fi
		failures+=("$label: $r_pass of $want passed${names:+, failed: ${names% }}$status")
		while IFS= read -r -d '' diffs; do
			printf '\n---- %s (first 300 lines)\n' "$diffs"
			head -n 300 "$diffs"
		done < <(find "$src" -name regression.diffs -print0)
	fi
}
run_suite pg_regress REGRESS ISOLATION=
run_suite isolation ISOLATION REGRESS=

# --- 6. the verdict ------------------------------------------------------------------------------
as_pg "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
started=0
suite_log=$logs/server-suites.log
tail -c +"$((log_offset + 1))" "$logs/server.log" >"$suite_log"
# The test a backend served: pg_regress and pg_isolation_regress name it in application_name,
# which log_connections records with the backend's PID.
pid_test() {
	local t
	t=$(grep -m 1 -oE "\[$1\] .*connection authorized: .*application_name=[^ ]+" "$logs/server.log" |
		sed -E 's/.*application_name=//')
	echo "${t:-unknown}"
}
problems=()

# ASan reports: one file per process that reported.
shopt -s nullglob
reports=("$logs"/asan.* "$logs"/ubsan.*)
shopt -u nullglob
for f in "${reports[@]}"; do
	pid=${f##*.}
	printf '\n======== %s: PID %s, test %s ========\n' "$f" "$pid" "$(pid_test "$pid")"
	cat "$f"
done
if [ "${#reports[@]}" -gt 0 ]; then problems+=("${#reports[@]} ASan report file(s)"); fi

# Sanitizer reports in the server log (UBSan's; ASan's if it could not write its file): the
# report's first line and the lines up to the next line of the server's (they start with a date).
san_re='==[0-9]+==ERROR: AddressSanitizer|: runtime error: '
n_san=$(grep -cE "$san_re" "$suite_log" || true)
if [ "$n_san" -gt 0 ]; then
	problems+=("$n_san sanitizer report(s) in the server log")
	printf '\n======== sanitizer reports in %s ========\n' "$logs/server.log"
	awk -v re="$san_re" '
		$0 ~ re { inblock = 1; print ""; print; next }
		/^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / { inblock = 0 }
		inblock { print }' "$suite_log" | head -n 2000
fi

# Server processes that died, each with its test and what it was running.
crash_re='server process \(PID [0-9]+\) (was terminated by signal|exited with exit code [1-9])'
n_crash=$(grep -cE "$crash_re" "$suite_log" || true)
if [ "$n_crash" -gt 0 ]; then
	problems+=("$n_crash server process(es) died")
	printf '\n======== server processes that died ========\n'
	grep -E -A 1 "$crash_re" "$suite_log" | grep -v '^--$' | while IFS= read -r line; do
		pid=$(sed -nE 's/.*server process \(PID ([0-9]+)\).*/\1/p' <<<"$line")
		if [ -n "$pid" ]; then
			printf '%s [test %s]\n' "$line" "$(pid_test "$pid")"
		elif [[ "$line" == *"Failed process was running"* ]]; then
			printf '%s\n' "$line"
		fi
	done
fi
if [ "${#failures[@]}" -gt 0 ]; then problems+=("${failures[@]}"); fi

secs=$(($(date +%s) - t0))
if [ "${#problems[@]}" -eq 0 ]; then
	echo "sanitize: ok ($n_REGRESS regress + $n_ISOLATION isolation tests, no ASan/UBSan report, ${secs}s)"
	exit 0
fi
summary=$(printf '%s; ' "${problems[@]}")
echo "sanitize: FAILED (${summary}${secs}s)"
exit 1
