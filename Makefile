# changelog_sync: run Liquibase changelogs inside PostgreSQL (PGXS build)

EXTENSION = changelog_sync
MODULE_big = changelog_sync
OBJS = \
	src/changelog_sync.o \
	src/changelog.o \
	src/checksum.o \
	src/contexts.o \
	src/engine.o \
	src/execute.o \
	src/explain.o \
	src/fileio.o \
	src/md5.o \
	src/history.o \
	src/parse_json.o \
	src/parse_sql.o \
	src/parse_tree.o \
	src/parse_xml.o \
	src/parse_yaml.o \
	src/preconditions.o \
	src/rollback.o \
	src/serialize.o \
	src/sqlgen.o \
	src/splitter.o

DATA = $(wildcard sql/*--*.sql)

PKG_CONFIG ?= pkg-config
CL_LIBS = yaml-0.1 libxml-2.0 libcjson zlib
PG_CPPFLAGS = -Isrc $(shell $(PKG_CONFIG) --cflags $(CL_LIBS))
SHLIB_LINK = $(shell $(PKG_CONFIG) --libs $(CL_LIBS))

REGRESS = api formatted_sql vectors_sql contexts_labels rerun preconditions errors privileges commands limits rollback beyond xml_basic yaml_basic json_basic parse_errors bad_input changetypes model_cases corpus_sync
REGRESS_OPTS = --inputdir=test --load-extension=changelog_sync
# isolation specs in test/specs, their expected output in test/expected
ISOLATION = concurrent_update liquibase_lock
ISOLATION_OPTS = --inputdir=test --load-extension=changelog_sync

EXTRA_CLEAN = src/*.gcno src/*.gcda results regression.diffs regression.out tmp_check

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# PGXS tracks no header dependencies: rebuild every object when a header changes.
$(OBJS): $(wildcard src/*.h)

# The regression suites under AddressSanitizer and UBSan, with a private build, copy of the
# PostgreSQL installation and cluster (as root; see scripts/sanitize.sh).
.PHONY: sanitizecheck
sanitizecheck:
	bash scripts/sanitize.sh
