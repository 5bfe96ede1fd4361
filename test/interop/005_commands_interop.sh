#!/usr/bin/env bash
# 005_commands_interop.sh: the rest of the command set, real Liquibase 4.28 CLI vs the extension.
# Each scenario is a sequence of commands run by the CLI on one fresh database and by the
# extension's functions on another; afterwards DATABASECHANGELOG (every column but dates and
# deployment ids) and the schema and data must be the same:
#   update, rollback-count          | update-count, tag, update, rollback to the tag
#   changelog-sync-to-tag           | mark-next-changeset-ran, twice
#   update, clear-checksums, update | update, rollback of everything (a fresh database's schema)
# on a formatted SQL changelog and an XML one (test/interop/data/commands), and a corpus set.
#
# Exit 0 = every scenario identical; the last line of stdout is the result.
set -euo pipefail

name=005_commands_interop
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/common.sh
. "$here/common.sh"
[ -x "$liquibase" ] || { result FAIL "the Liquibase CLI was not found at $liquibase"; exit 1; }

work_dir commands
cp -R "$here/data/commands" "$work/commands"
cp -R "$shared/corpus/liquibase-it-yaml" "$work/it-yaml"
chmod -R a+rX "$work"
search=$work/commands

# the CLI against DB with CHANGELOG: cli DB CHANGELOG COMMAND [ARGS...]
cli() {
	local db=$1 cl=$2; shift 2
	(cd "$work" && "$liquibase" --url="${CLS_JDBC_URL}$db" --username=postgres --password=x \
		--search-path="$search" --changelog-file="$cl" --log-level=WARNING "$@") >>"$work/cli.log" 2>&1
}
# the extension: ext DB SQL (with :'f' and :'d' bound to the changelog file and folder)
ext() {
	printf 'SET client_min_messages = warning;\nSET search_path = public, cls;\n%s;\n' "$3" |
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -v f="$2" -v d="$search" >>"$work/ext.log" 2>&1
}
state() {	# what is compared: rows, then schema and data without the tracking tables
	psql -X -q -At -d "$1" -c "SELECT to_regclass('public.databasechangelog') IS NOT NULL" | grep -q t &&
		psql -X -q -d "$1" -c "SELECT id, author, filename, orderexecuted, exectype, md5sum, description, comments, tag, contexts, labels FROM public.databasechangelog ORDER BY orderexecuted"
	pg_dump -d "$1" --no-owner --no-privileges --exclude-table=databasechangelog \
		--exclude-table=databasechangeloglock --exclude-schema=cls |
		grep -v -E '^-- Dumped (from|by) |^\\(un)?restrict |changelog_sync|^CREATE SCHEMA cls;|^-- Name: cls;|^--$' | cat -s |
		sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?/<timestamp>/g' -e 's/[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]+/<time>/g'	# now() differs
}

failed=()
scenario() {	# scenario NAME CHANGELOG then pairs of "cli: ARGS" / "ext: SQL" lines on stdin
	local title=$1 cl=$2 line n=$((${#dbs[@]} + 1)) a b ok=1
	a=cls_cmd_cli_$$_$n
	b=cls_cmd_ext_$$_$n
	dbs+=("$a" "$b")
	createdb "$a"
	createdb "$b"
	psql -X -q -d "$b" -c 'CREATE SCHEMA cls; CREATE EXTENSION changelog_sync SCHEMA cls'
	while IFS= read -r line; do
		case "$line" in
			cli:*)
				# shellcheck disable=SC2086 # the arguments are words
				cli "$a" "$cl" ${line#cli:} || { ok=0; echo "    CLI failed: ${line#cli:}" >&2; } ;;
			ext:*)
				ext "$b" "$cl" "${line#ext:}" || { ok=0; echo "    extension failed: ${line#ext:}" >&2; } ;;
		esac
	done
	if [ $ok = 1 ] && ! diff -u <(state "$a") <(state "$b") >"$work/diff"; then
		ok=0
		sed 's/^/    /' "$work/diff" | head -n 60 >&2
	fi
	if [ $ok = 1 ]; then
		echo "  ok    $title ($cl)" >&2
	else
		echo "  FAIL  $title ($cl)" >&2
		tail -n 20 "$work/cli.log" "$work/ext.log" | sed 's/^/    /' >&2
		failed+=("$title ($cl)")
	fi
	: >"$work/cli.log"
	: >"$work/ext.log"
}

for cl in cmd.sql cmd.xml; do
	scenario "update, rollback-count 2" "$cl" <<'EOF'
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
cli: rollback-count --count=2
ext: SELECT count(*) FROM changelog_rollback(:'f', base_dir => :'d', count => 2)
EOF
	scenario "update-count 2, tag, update, rollback to the tag" "$cl" <<'EOF'
cli: update-count --count=2
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d', count => 2)
cli: tag --tag=t2
ext: SELECT changelog_tag('t2')
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
cli: rollback --tag=t2
ext: SELECT count(*) FROM changelog_rollback(:'f', base_dir => :'d', to_tag => 't2')
EOF
	scenario "mark-next-changeset-ran twice" "$cl" <<'EOF'
cli: mark-next-changeset-ran
ext: SELECT count(*) FROM changelog_mark_next_ran(:'f', base_dir => :'d')
cli: mark-next-changeset-ran
ext: SELECT count(*) FROM changelog_mark_next_ran(:'f', base_dir => :'d')
EOF
	scenario "update, clear-checksums, update" "$cl" <<'EOF'
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
cli: clear-checksums
ext: SELECT changelog_clear_checksums()
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
EOF
	scenario "update, rollback of everything" "$cl" <<'EOF'
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
cli: rollback-count --count=99
ext: SELECT count(*) FROM changelog_rollback(:'f', base_dir => :'d', count => 99)
EOF
done
scenario "changelog-sync-to-tag v1" cmd.xml <<'EOF'
cli: changelog-sync-to-tag --tag=v1
ext: SELECT count(*) FROM changelog_sync(:'f', base_dir => :'d', to_tag => 'v1')
EOF
scenario "update, rollback to a tagDatabase tag" cmd.xml <<'EOF'
cli: update
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d')
cli: rollback --tag=v1
ext: SELECT count(*) FROM changelog_rollback(:'f', base_dir => :'d', to_tag => 'v1')
EOF

# a corpus set (YAML, with includes of XML and SQL): an update in two steps around a tag. (Its
# rollback to the tag differs by design: a changeset after the tag has a sqlFile, which has no
# automatic rollback; the CLI finds that out only after rolling back the newer changesets and
# stops half-way, the extension works every rollback out first and changes nothing.)
search=$work/it-yaml
scenario "update-count 5, tag, update" changelogs/yaml/common.tests.changelog.yaml <<'EOF'
cli: update-count --count=5 -DloginUser=postgres
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d', count => 5, parameters => '{"loginUser": "postgres"}')
cli: tag --tag=t5
ext: SELECT changelog_tag('t5')
cli: update -DloginUser=postgres
ext: SELECT count(*) FROM changelog_update(:'f', base_dir => :'d', parameters => '{"loginUser": "postgres"}')
EOF

n=13
elapsed=$((SECONDS - start))
if [ ${#failed[@]} -eq 0 ]; then
	result PASS "$n/$n command scenarios identical to the Liquibase 4.28 CLI (${elapsed}s)"
	exit 0
fi
result FAIL "${#failed[@]}/$n scenarios differ: $(printf '%s; ' "${failed[@]}" | sed 's/; $//') (${elapsed}s)"
exit 1
