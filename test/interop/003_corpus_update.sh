#!/usr/bin/env bash
# 003_corpus_update.sh: changelog_update on real-world corpus sets against what the Liquibase 4.28
# CLI recorded for them (../shared/corpus/<set>/expected): the DATABASECHANGELOG rows
# (databasechangelog.tsv, every column but the dates and deployment id) and the schema
# (schema.sql: pg_dump --schema-only without the tracking tables), after the set's update runs of
# expected/runs.json on a fresh database.
#
#   003_corpus_update.sh [SET ...]     (default: every set listed below)
#
# Exit 0 = every set identical. The last line of stdout is the one-line result; differences go to
# stderr. Needs the test cluster of scripts/env.sh and jq.
set -euo pipefail

name=003_corpus_update
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/common.sh
. "$here/common.sh"

# Every set. fineract creates indexes CONCURRENTLY, which cannot run inside a transaction: the
# runs use changelog_sync.concurrent_index = plain (the same indexes, built in the transaction).
sets=("$@")
[ ${#sets[@]} -gt 0 ] || sets=(camunda-bpm jhipster-sample-app gravitee-apim-jdbc liquibase-it-formatted-sql
	liquibase-it-yaml liquibase-it-json liquibase-it-pgsql fineract)

command -v jq >/dev/null || { result FAIL "jq is needed"; exit 1; }
[ -d "$shared/corpus" ] || { result FAIL "shared ground truth not found at $shared (set CLS_SHARED)"; exit 1; }

work_dir corpus-update

clean_dump() {	# drop what differs per run or is the same in every dump
	grep -v -E '^-- Dumped (from|by) |^\\(un)?restrict |^(CREATE EXTENSION|COMMENT ON EXTENSION).* changelog_sync( |;)|^-- Name: (EXTENSION )?changelog_sync; Type: (EXTENSION|COMMENT);|^CREATE SCHEMA cls;|^-- Name: cls; Type: SCHEMA;|^--$' |
		cat -s
}

failed=()
for set in "${sets[@]}"; do
	src=$shared/corpus/$set
	runs=$src/expected/runs.json
	[ -f "$runs" ] || { echo "  FAIL  $set: no $runs" >&2; failed+=("$set"); continue; }
	# the server reads the files as the postgres user
	cp -r "$src" "$work/$set"
	chmod -R a+rX "$work"
	db=cls_cu_$(echo "$set" | tr -c 'a-z0-9\n' '_')_$$
	dbs+=("$db")
	createdb "$db"
	psql -X -q -d "$db" -c 'CREATE SCHEMA cls; CREATE EXTENSION changelog_sync SCHEMA cls' >/dev/null
	err=""
	n=$(jq '.update | length' "$runs")
	for ((i = 0; i < n; i++)); do
		run=$(jq -c ".update[$i]" "$runs")
		if ! out=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" \
			-v file="$(jq -r .changelog_file <<<"$run")" -v dir="$work/$set" \
			-v contexts="$(jq -r '.contexts // ""' <<<"$run")" -v labels="$(jq -r '.labels // ""' <<<"$run")" \
			-v params="$(jq -c '.parameters // {}' <<<"$run")" 2>&1 <<'SQL'
SET client_min_messages = warning;
SET search_path = public;
SET changelog_sync.concurrent_index = plain;
SELECT count(*) FROM cls.changelog_update(:'file', base_dir => :'dir',
    contexts => nullif(:'contexts', ''), labels => nullif(:'labels', ''), parameters => :'params');
SQL
		); then
			err="update run $((i + 1)) failed: $out"
			break
		fi
	done
	if [ -n "$err" ]; then
		echo "  FAIL  $set: $err" >&2
		failed+=("$set")
		continue
	fi
	psql -X -q -d "$db" -c "COPY (SELECT id, author, filename, orderexecuted, exectype, md5sum, description, comments, tag, contexts, labels FROM public.databasechangelog ORDER BY orderexecuted) TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER E'\t')" >"$work/$set.rows.tsv"
	pg_dump -d "$db" --schema-only --no-owner --no-privileges --exclude-table=databasechangelog \
		--exclude-table=databasechangeloglock --exclude-schema=cls | clean_dump >"$work/$set.schema.sql"
	ok=1
	if ! diff -u "$src/expected/databasechangelog.tsv" "$work/$set.rows.tsv" >"$work/$set.rows.diff"; then
		ok=0
		echo "  FAIL  $set: DATABASECHANGELOG differs from expected/databasechangelog.tsv" >&2
		head -n 60 "$work/$set.rows.diff" | sed 's/^/        /' >&2
	fi
	if ! diff -u <(clean_dump <"$src/expected/schema.sql") "$work/$set.schema.sql" >"$work/$set.schema.diff"; then
		ok=0
		echo "  FAIL  $set: the schema differs from expected/schema.sql" >&2
		head -n 60 "$work/$set.schema.diff" | sed 's/^/        /' >&2
	fi
	if [ $ok = 1 ]; then
		echo "  ok    $set ($(($(wc -l <"$work/$set.rows.tsv") - 1)) rows)" >&2
	else
		failed+=("$set")
	fi
	dropdb --if-exists "$db" >/dev/null 2>&1 || true
done

elapsed=$((SECONDS - start))
if [ ${#failed[@]} -eq 0 ]; then
	result PASS "${#sets[@]}/${#sets[@]} corpus sets identical to what Liquibase 4.28 recorded (${elapsed}s)"
	exit 0
fi
result FAIL "${#failed[@]}/${#sets[@]} corpus sets differ: ${failed[*]} (${elapsed}s)"
exit 1
