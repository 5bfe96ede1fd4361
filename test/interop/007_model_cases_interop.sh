#!/usr/bin/env bash
# 007_model_cases_interop.sh: the model cases of ../shared/spec/model-cases (XML, YAML, JSON: every
# change type, includes, properties, quoting, preconditions), applied for real by the Liquibase
# 4.28 CLI and by changelog_update on fresh databases: the same catalog state, data and
# DATABASECHANGELOG rows, and (--direction all) each engine accepting what the other recorded.
#
# The cases assume objects that exist before them (tables person, org, p, schemas s1, MySchema,
# ...): test/interop/data/model-setup/<case>.sql creates the minimal set, in both databases, before
# either tool runs (difftest.sh --setup); each file says what it is for. Cases without a setup file
# need none.
#
# Cases that cannot run whole on a real database, even for the CLI, and what is done instead
# (derived changelogs are written at run time from the original, minus the changesets or lines
# named here, as <case>.part.xml next to it, so relative paths still resolve):
#   autoinc      ai2 and ai3 (addAutoIncrement) set a default on columns ai1 made identity
#                columns: PostgreSQL refuses. The whole file runs with --each (both must fail at
#                ai2, leaving ai1 committed), and autoinc.part.xml (without ai2, ai3) runs whole.
#   constraints  co7b generates "... DEFERRABLE INITIALLY DEFERRED USING INDEX TABLESPACE ...", a
#                syntax error: whole file with --each (both fail at co7b), and the part without
#                co7b runs whole.
#   sequence     sq3b generates "ALTER SEQUENCE ... ORDER", a syntax error: whole file with --each
#                (both fail at sq3b), and the part without sq3b runs whole.
#   sql          sq6 has a dollar-quoted body that Liquibase cuts at its inner semicolons, so the
#                CLI fails on it, while the extension runs it whole (README, by design): sq6 is
#                left out of every update case. sq12 (endDelimiter "/") leaves "select 1/ select
#                2", a syntax error: the file without sq6 runs with --each (both fail at sq12),
#                and the part without sq6 and sq12 runs whole. The whole file is compared with
#                --mode sync.
#   misc         mi8 is an executeCommand, which the extension refuses by design (it cannot run
#                inside the server): the part without mi8 runs whole; the whole file is compared
#                with --mode sync (changelog_sync records every change type).
#   types        varchar(max), nvarchar(max) and enum('a','b') are no PostgreSQL types, so the
#                CLI's CREATE TABLE fails: the whole file runs with --each (both fail at ty1, the
#                only changeset) and is compared with --mode sync; types.part.xml, without those
#                three columns, runs whole (its setup makes MEDIUMINT, YEAR and MYTYPE domains).
#   stop         stops on purpose at its first changeset: --each, both must fail there; also
#                compared with --mode sync.
#   pre_halt, pre_err_halt, pre_err_default, pre_fail_err
#                a changeset mid-file fails (a precondition HALTs or errors, or its SQL fails):
#                --each, so that the changesets before it stay committed on both sides.
#   pre_top_halt the changelog-level precondition fails before any changeset: --each, both fail.
#   extra        e2 adds a NOT NULL column without default, e3 then inserts without it: its setup
#                adds a BEFORE INSERT trigger that fills the column, so the file runs whole.
#   loaddata     a text column without a column config is loaded as a CLOB (the cell names a file,
#                and its cells name none): its setup uses varchar columns, so the CSV values are
#                loaded as values. The CLOB path itself is compared by data/repro/loaddata_clob.xml
#                (a cell naming a file that exists), run here as the case "loaddata_clob.xml".
#   data/repro   the minimal changelogs of the differences this script found (all fixed) run as
#                cases too: the ones that fail on purpose with --each.
# The failing cases are compared with --direction diff only (there is nothing to hand over);
# the others with --direction all --with-data. pre.xml runs against the database its
# pre.expected.dbcl.txt describes. structure.xml also runs with the contexts and labels of
# structure.ctx-dev-prod-label-l1.expected.sql (dev,prod / l1).
# Not here: rollback.future-rollback and rb/ (rollback-sql previews, see 005 and test/sql).
#
# Exit 0 = every case identical; see 001_formatted_sql_interop.sh for the output.
# Environment: see lib.sh.
set -euo pipefail

name=007_model_cases_interop
need=spec/model-cases
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/lib.sh
. "$here/lib.sh"

mc=$shared/spec/model-cases
setups=$here/data/model-setup

# derive SRC DEST IDS [LINE_ERE]: SRC without the <changeSet>s whose id is in the comma list IDS
# and without the lines matching LINE_ERE; fails unless every id and at least one line was found.
derive() {
	local src=$1 dest=$2 ids=$3 re=${4:-} want counts
	counts=$(awk -v ids=",$ids," -v re="$re" '
		skip { if (index($0, "</changeSet>")) skip = 0; next }
		match($0, /<changeSet id="[^"]*"/) {
			id = substr($0, RSTART + 15, RLENGTH - 16)
			if (index(ids, "," id ",")) { dropped++; if (!index($0, "</changeSet>")) skip = 1; next }
		}
		re != "" && $0 ~ re { lines++; next }
		{ print > dest }
		END { printf "%d %d", dropped, lines }' dest="$dest" "$src")
	want=$(if [ -n "$ids" ]; then echo "$ids" | tr ',' '\n' | wc -l; else echo 0; fi)
	if [ "${counts% *}" != "$want" ] || { [ -n "$re" ] && [ "${counts#* }" = 0 ]; }; then
		result FAIL "cannot derive $(basename "$dest") from $src: dropped $counts (changesets, lines), expected $want changesets"
		exit 1
	fi
}

parts=
scratch_dir parts
cp -R "$mc"/. "$parts/"
derive "$mc/autoinc.xml" "$parts/autoinc.part.xml" ai2,ai3
derive "$mc/constraints.xml" "$parts/constraints.part.xml" co7b
derive "$mc/sequence.xml" "$parts/sequence.part.xml" sq3b
derive "$mc/sql.xml" "$parts/sql.nosq6.xml" sq6
derive "$mc/sql.xml" "$parts/sql.part.xml" sq6,sq12
derive "$mc/misc.xml" "$parts/misc.part.xml" mi8
derive "$mc/types.xml" "$parts/types.part.xml" "" 'name="c_(nvarchar_max|varchar_max|enum)"'

setup_for() {	# setup_for CASE: the --setup option for a case, if it has a setup file
	if [ -f "$setups/$1.sql" ]; then echo "--setup"; echo "$setups/$1.sql"; fi
}
# update CASE SEARCH_DIR FILE [DIFFTEST_OPTIONS...]: whole update, both interop directions, data
update() {
	local c=$1 dir=$2 file=$3; shift 3
	local -a s
	mapfile -t s < <(setup_for "$c")
	add_case "$file update${*:+ $*}" --direction all --with-data ${s[@]+"${s[@]}"} "$@" "$dir" "$file"
}
# fails CASE SEARCH_DIR FILE: both fail mid-file; per-changeset commits on both sides
fails() {
	local c=$1 dir=$2 file=$3
	local -a s
	mapfile -t s < <(setup_for "$c")
	add_case "$file update --each (both fail)" --direction diff --with-data --each ${s[@]+"${s[@]}"} "$dir" "$file"
}
sync_case() {	# sync_case SEARCH_DIR FILE: changelog-sync / changelog_sync
	add_case "$2 sync" --mode sync "$1" "$2"
}

# runnable whole
for c in altertable createtable dml dropallfk extra incdepth incfilter include index loaddata \
	proc quoting structure view rollback pre pre_continue pre_warn pre_markran pre_err_cont \
	pre_top_warn pre_fail_nonpre; do
	update "$c" "$mc" "$c.xml"
done
update structure "$mc" structure.xml --contexts dev,prod --labels l1
update model_yaml "$mc" model.yaml
update model_json "$mc" model.json
# the minimal changelogs of the differences found here (fixed; data/repro in README.md)
repro=$here/data/repro
update loaddata_clob "$repro" loaddata_clob.xml
update end_delimiter_dollar "$repro" end_delimiter_dollar.xml
update include_ignore "$repro" include_ignore.xml
update yaml_entry_groups "$repro" yaml_entry_groups.yaml
update json_late_entries "$repro" json_late_entries.json
fails each_later_syntax_error "$repro" each_later_syntax_error.xml
fails each_first_fails "$repro" each_first_fails.xml
fails loaddata_clob_missing "$repro" loaddata_clob_missing.xml

# the runnable parts, and the whole files failing the same way on both sides
for c in autoinc constraints sequence sql misc types; do
	update "$c" "$parts" "$c.part.xml"
done
for c in autoinc constraints sequence types stop pre_halt pre_err_halt pre_err_default pre_fail_err pre_top_halt; do
	fails "$c" "$mc" "$c.xml"
done
fails sql "$parts" sql.nosq6.xml

# changesets no update case records (sq6, sq12, mi8, the three columns, mi10, mi11): the records of
# changelog-sync (the changesets of the other split files are recorded by their .part.xml)
for c in sql misc types stop; do
	sync_case "$mc" "$c.xml"
done

run_cases
