#!/usr/bin/env bash
# 002_corpus_interop.sh: real-world corpus sets, real Liquibase 4.28 CLI vs changelog_sync.
#
# For every corpus set below (../shared/corpus, with the command line of its expected/runs.json),
# difftest.sh runs --direction all (update: rows, schema, data, then the CLI and the extension
# after each other) and --mode sync. The sets are those whose change types the extension runs
# today: the list grows with the generated change types.
#
# Exit 0 = every case identical; see 001_formatted_sql_interop.sh for the output and environment.
set -euo pipefail

name=002_corpus_interop
need=corpus
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=test/interop/lib.sh
. "$here/lib.sh"

sets=(camunda-bpm)
for set in "${sets[@]}"; do
	for kind in update sync; do
		corpus_cases "$set" "$kind"
	done
done

run_cases
