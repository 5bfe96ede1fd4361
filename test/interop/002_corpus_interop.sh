#!/usr/bin/env bash
# 002_corpus_interop.sh: real-world corpus sets, real Liquibase 4.28 CLI vs changelog_sync.
#
# For every corpus set of ../shared/corpus (with the command lines of its expected/runs.json; a
# set with two runs gives two cases, each on fresh databases), difftest.sh runs --direction all
# (update: rows, schema, data, then the CLI and the extension after each other: each finds nothing
# to do, status and validate pass) and --mode sync. liquibase-it-formatted-sql runs in 001.
#
# Exit 0 = every case identical; see 001_formatted_sql_interop.sh for the output and environment.
set -euo pipefail

name=002_corpus_interop
need=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/lib.sh
. "$here/lib.sh"

sets=(camunda-bpm fineract gravitee-apim-jdbc jhipster-sample-app liquibase-it-json
	liquibase-it-pgsql liquibase-it-yaml)
for set in "${sets[@]}"; do
	for kind in update sync; do
		corpus_cases "$set" "$kind"
	done
done

run_cases
