#!/usr/bin/env bash
# Build the seed corpora and dictionaries of the fuzz harnesses from the
# shared test material, into a directory of its own (nothing is committed):
#
#   test/fuzz/seeds.sh <outdir> [shared-dir]     (default shared: ../shared beside the checkout)
#
# Makes <outdir>/{sql,xml,yaml,json,expr}/ (one seed per file) and
# <outdir>/<format>.dict.  Sources: shared/spec/vectors, shared/spec/model-cases,
# shared/spec/checksum-cases, shared/corpus, and test/data of this checkout.
#
# Besides every changelog file on its own, each root changelog (the corpus
# sets' roots from expected/runs.json, every model case and vector) is packed
# with the files it names, in the harness's multi-file form
# ("@@@ <path>" lines start files; see fuzz_changelog.c), so includes,
# includeAll, sqlFile and loadData are reachable from the first run.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:?usage: seeds.sh <outdir> [shared-dir]}
shared=${2:-$(cd "$repo/.." && pwd)/shared}
[ -d "$shared/spec" ] || { echo "seeds.sh: no $shared/spec" >&2; exit 2; }

MAX_SEED=${FUZZ_MAX_SEED:-262144}	# single files larger than this are skipped
MAX_PACK=${FUZZ_MAX_PACK:-61440}	# packed seeds stop growing at this size

mkdir -p "$out"/{sql,xml,yaml,json,expr}

fmt_of() {
	case "${1,,}" in
		*.sql) echo sql ;;
		*.xml) echo xml ;;
		*.yaml | *.yml) echo yaml ;;
		*.json) echo json ;;
		*) echo "" ;;
	esac
}

# 1. every changelog file on its own (its content is the root changelog)
n=0
while IFS= read -r -d '' f; do
	fmt=$(fmt_of "$f")
	[ -n "$fmt" ] || continue
	[ "$(stat -c %s "$f")" -le "$MAX_SEED" ] || continue
	cp "$f" "$out/$fmt/single-$(printf '%05d' $n)-$(basename "$f")"
	n=$((n + 1))
done < <(find "$shared/spec/vectors" "$shared/spec/model-cases" "$shared/spec/checksum-cases" \
	"$shared/corpus" "$repo/test/data" -type f \( -name '*.sql' -o -name '*.xml' -o -name '*.yaml' \
	-o -name '*.yml' -o -name '*.json' \) ! -name '*.expected*' ! -path '*/expected/*' -print0 | sort -z)

# 2. packed trees: root + the files it names (by base name), breadth first
pack() {
	local dir=$1 root=$2 dest=$3
	local -a queue=("$root")
	local -A seen=(["$root"]=1)
	local names i f size=0 g rel
	names=$(mktemp)
	(cd "$dir" && find . -type f \( -name '*.sql' -o -name '*.xml' -o -name '*.yaml' -o -name '*.yml' \
		-o -name '*.json' -o -name '*.csv' -o -name '*.tsv' -o -name '*.properties' -o -name '*.txt' \) \
		! -path './expected/*' -printf '%P\n') > "$names.all"
	sed 's|.*/||' "$names.all" | sort -u > "$names"
	: > "$dest"
	i=0
	while [ $i -lt ${#queue[@]} ]; do
		f=${queue[$i]}
		i=$((i + 1))
		[ -f "$dir/$f" ] || continue
		size=$((size + $(stat -c %s "$dir/$f")))
		[ $i -eq 1 ] || [ $size -le "$MAX_PACK" ] || break
		printf '@@@ %s\n' "$f" >> "$dest"
		cat "$dir/$f" >> "$dest"
		printf '\n' >> "$dest"
		# files named in f (by base name), wherever they are in the set
		while IFS= read -r rel; do
			if [ -z "${seen[$rel]:-}" ]; then
				seen[$rel]=1
				queue+=("$rel")
			fi
		done < <({ grep -F -o -f "$names" "$dir/$f" 2>/dev/null || true; } | sort -u |
			awk 'NR == FNR { want[$0] = 1; next } { n = $0; sub(/.*\//, "", n); if (n in want) print }' - "$names.all")
	done
	rm -f "$names" "$names.all"
}

p=0
# corpus sets: the roots the recorded runs use
for set in "$shared"/corpus/*/; do
	[ -f "$set/expected/runs.json" ] || continue
	for root in $(grep -o '"changelog_file": *"[^"]*"' "$set/expected/runs.json" | sed 's/.*: *"//; s/"$//' | sort -u); do
		fmt=$(fmt_of "$root")
		[ -n "$fmt" ] || continue
		pack "$set" "$root" "$out/$fmt/pack-$(printf '%03d' $p)-$(basename "$set")"
		p=$((p + 1))
	done
done
# model cases, vectors and this checkout's test data: every changelog is a root
for dir in "$shared/spec/model-cases" "$shared"/spec/vectors/* "$repo"/test/data/*; do
	[ -d "$dir" ] || continue
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		case "$f" in *.expected*) continue ;; esac
		fmt=$(fmt_of "$f")
		[ -n "$fmt" ] || continue
		pack "$dir" "$(basename "$f")" "$out/$fmt/pack-$(printf '%03d' $p)-$(basename "$f")"
		p=$((p + 1))
	done
done

# 3. expressions, paths and SQL for fuzz_expr ("expr\ngiven\n<flags><delimiter>\nsql")
e=0
expr_seed() {
	printf '%s\n%s\n%s\n' "$1" "$2" "$3" > "$out/expr/seed-$(printf '%04d' $e)"
	[ -z "${4:-}" ] || cat "$4" >> "$out/expr/seed-$(printf '%04d' $e)"
	e=$((e + 1))
}
expr_seed 'dev and !test' 'dev,test' $'\x00'
expr_seed '(a or b), c and not d' 'A, d' $'\x02GO'
expr_seed '@mandatory' '' $'\x04'
expr_seed '!(x and (y or (z and !w)))' 'x,y' $'\x06\\n/$'
expr_seed 'postgresql, !oracle' 'all' $'\x00'
expr_seed '../a/./b\c/../../d.xml' 'db/changelog/x.yaml' $'\x00'
expr_seed 'classpath:C:/x//y/' '' $'\x00'
# contexts and labels as the corpus writes them
{ grep -rhoE '(context|contextFilter|labels)="[^"]{1,80}"' "$shared/corpus" "$shared/spec" 2>/dev/null || true; } \
	| sed 's/^[a-zA-Z]*="//; s/"$//' | sort -u | head -200 | while IFS= read -r x; do
	printf '%s\n%s\n\x00\n' "$x" 'dev,test,tenant_db' > "$out/expr/ctx-$(printf '%s' "$x" | md5sum | cut -c1-12)"
done
for f in "$shared"/spec/vectors/sql/*.sql "$repo"/test/data/changetypes/*.sql; do
	[ -f "$f" ] || continue
	expr_seed 'a and b' 'a' $'\x00' "$f"
	expr_seed 'x' '' $'\x04' "$f"
done

# 4. dictionaries: the vocabulary of dbchangelog-4.28 as parse_tree.c spells it
vocab=$(mktemp)
grep -oE '"[A-Za-z][A-Za-z0-9]{1,40}"' "$repo/src/parse_tree.c" "$repo/src/parse_xml.c" | sed 's/^[^:]*://' | sort -u > "$vocab"
{
	cat "$vocab"
	printf '"%s"\n' '--liquibase formatted sql' '--changeset ' '--rollback ' '--comment: ' '--preconditions ' \
		'--precondition-sql-check ' '--precondition-table-exists ' '--property ' '--validCheckSum: ' '--ignoreLines:' \
		'--ignoreLines:start' '--ignoreLines:end' '/* liquibase rollback' '*/' 'runOnChange:' 'runAlways:' 'context:' \
		'contextFilter:' 'labels:' 'dbms:' 'splitStatements:' 'endDelimiter:' 'stripComments:' 'logicalFilePath:' \
		'failOnError:' 'ignore:' 'rollbackSplitStatements:' 'rollbackEndDelimiter:' 'onFail:' 'onError:' \
		'expectedResult:' 'changeSetId:' 'changesetAuthor:' 'name:' 'value:' 'global:' '$$' 'BEGIN ATOMIC' '${' '}' \
		'\x0A@@@ ' 'GO' ';'
} > "$out/sql.dict"
{
	sed 's/^"\(.*\)"$/"<\1 "\n"\1=\\"\\""\n"<\/\1>"/' "$vocab"
	printf '"%s"\n' '<?xml version=\"1.0\"?>' 'xmlns=\"http://www.liquibase.org/xml/ns/dbchangelog\"' \
		'<!DOCTYPE' '<!ENTITY' 'SYSTEM' '<![CDATA[' ']]>' '&amp;' '&#x' '${' '\x0A@@@ '
} > "$out/xml.dict"
{
	sed 's/^"\(.*\)"$/"\1: "\n"- \1:"/' "$vocab"
	printf '"%s"\n' 'databaseChangeLog:' '- changeSet:' '&a ' '*a' '<<: ' '!!str ' '!!int ' '!!binary ' '---' '...' \
		'? ' '|' '>-' '0x1F' '1:30:00' '2024-01-02' '.inf' '~' '${' '\x0A@@@ '
} > "$out/yaml.dict"
{
	sed 's/^"\(.*\)"$/"\\"\1\\": "/' "$vocab"
	printf '"%s"\n' '{\"databaseChangeLog\": [' '\\u0000' '\\ud800' '1e999' '-0' 'null' 'true' '${' '\x0A@@@ '
} > "$out/json.dict"
rm -f "$vocab"

for d in sql xml yaml json expr; do
	printf '%s: %d seeds\n' "$d" "$(find "$out/$d" -type f | wc -l)"
done
