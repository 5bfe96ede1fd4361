#!/usr/bin/env python3
"""Benchmark changelog generator for changelog_sync (issue 8).

Deterministic from a seed: the same (n, seed) always gives byte-identical files.

    python3 bench/gen.py --n 1000 --seed 8 --out DIR

writes into DIR:
    changelog.sql   formatted SQL   (preconditions: --precondition-sql-check)
    changelog.xml   XML             (preconditions: not/tableExists, sqlCheck)
    changelog.yaml  YAML            (same model as the XML)
    changelog.json  JSON            (same model as the XML)
    raw.sql         the same statements as a plain SQL script, for `psql -1 -f`
                    (the physical limit of update: no parsing, no history)
    history_<fmt>.sql
                    one INSERT per changeset into DATABASECHANGELOG with the
                    values a sync writes for that format (FILENAME, CONTEXTS,
                    LABELS, COMMENTS, DESCRIPTION as Liquibase words them;
                    MD5SUM is a stand-in of the same width, "9:" + 32 hex
                    digits, because Liquibase's checksum is not recomputed
                    here), for the bare-INSERT baseline of sync
    tracking.sql    Liquibase's DDL of DATABASECHANGELOG/DATABASECHANGELOGLOCK
                    (run before the bare INSERTs, outside the timing)
    meta.json       counts per change type, objects created, bytes per file

The mix (per changeset, drawn from the seeded generator; the first is always
a createTable):
    createTable 20 %  a table t<k>: id integer primary key, name varchar(50)
                      not null, parent_id integer, created_at timestamp with
                      a computed default (2 relations: the table, its pkey)
    addColumn   15 %  c<i> varchar(100) on an existing table
    createIndex 15 %  ix<i> on an existing table (name or parent_id)
    addForeignKeyConstraint 10 %  fk<i>: t<a>.parent_id -> t<b>.id
    insert      25 %  one row into an existing table
    sql         15 %  two statements: an UPDATE and a COMMENT ON TABLE
About 10 % of changesets carry a context, 10 % labels, 5 % a comment; every
20th createTable has a precondition (table does not exist yet, onFail
MARK_RAN) and every 50th insert an sqlCheck precondition (always true on a
fresh database), so with no context/label filter every change runs and the
raw script is exactly equivalent.
"""
import argparse
import hashlib
import json
import os
import random

AUTHOR = "bench"
WEIGHTS = [("createTable", 20), ("addColumn", 15), ("createIndex", 15),
           ("addForeignKeyConstraint", 10), ("insert", 25), ("sql", 15)]


def build(n, seed):
    """The abstract changesets: a list of dicts, format-neutral."""
    rnd = random.Random(seed)
    kinds = [k for k, w in WEIGHTS for _ in range(w)]
    tables = []            # table numbers created so far
    rows = {}              # table -> next id
    cols = {}              # table -> number of added columns
    out = []
    n_tables_pre = 0
    n_inserts = 0
    for i in range(1, n + 1):
        kind = "createTable" if not tables else rnd.choice(kinds)
        cs = {"id": str(i), "kind": kind}
        r = rnd.random()
        if r < 0.05:
            cs["context"] = "dev"
        elif r < 0.10:
            cs["context"] = "prod"
        r = rnd.random()
        if r < 0.10:
            cs["labels"] = "v%d" % (1 + i * 3 // max(n, 1))
        if rnd.random() < 0.05:
            cs["comment"] = "changeset %d of the benchmark" % i
        if kind == "createTable":
            t = len(tables) + 1
            tables.append(t)
            rows[t] = 1
            cols[t] = 0
            cs["table"] = "t%d" % t
            if t % 20 == 1:
                n_tables_pre += 1
                cs["pre"] = "not_table"
        else:
            # recent tables more often, any table possible
            if rnd.random() < 0.7:
                t = tables[-1 - rnd.randrange(min(len(tables), 8))]
            else:
                t = rnd.choice(tables)
            cs["table"] = "t%d" % t
            if kind == "addColumn":
                cols[t] += 1
                cs["column"] = "c%d" % i
            elif kind == "createIndex":
                cs["index"] = "ix%d" % i
                cs["column"] = rnd.choice(["name", "parent_id"])
            elif kind == "addForeignKeyConstraint":
                ref = rnd.choice(tables[max(0, tables.index(t) - 50):tables.index(t) + 1])
                cs["fk"] = "fk%d" % i
                cs["ref"] = "t%d" % ref
            elif kind == "insert":
                cs["rowid"] = rows[t]
                rows[t] += 1
                cs["name"] = "row %d of %s" % (cs["rowid"], cs["table"])
                n_inserts += 1
                if n_inserts % 50 == 0:
                    cs["pre"] = "sql_check"
            elif kind == "sql":
                cs["text"] = "UPDATE %s SET name = name || '+' WHERE id < 3;\nCOMMENT ON TABLE %s IS 'touched by changeset %d';" % (
                    cs["table"], cs["table"], i)
        out.append(cs)
    return out


def sql_of(cs):
    """The plain SQL of a changeset (what the raw script runs)."""
    k, t = cs["kind"], cs["table"]
    if k == "createTable":
        return ["CREATE TABLE %s (id INTEGER NOT NULL, name VARCHAR(50) NOT NULL, parent_id INTEGER, "
                "created_at TIMESTAMP WITHOUT TIME ZONE DEFAULT now(), CONSTRAINT %s_pkey PRIMARY KEY (id))" % (t, t)]
    if k == "addColumn":
        return ["ALTER TABLE %s ADD %s VARCHAR(100)" % (t, cs["column"])]
    if k == "createIndex":
        return ["CREATE INDEX %s ON %s(%s)" % (cs["index"], t, cs["column"])]
    if k == "addForeignKeyConstraint":
        return ["ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (parent_id) REFERENCES %s (id)" % (t, cs["fk"], cs["ref"])]
    if k == "insert":
        return ["INSERT INTO %s (id, name) VALUES (%d, '%s')" % (t, cs["rowid"], cs["name"])]
    if k == "sql":
        return [s.strip() for s in cs["text"].split(";") if s.strip()]
    raise ValueError(k)


def pre_sql_check(cs):
    """The precondition as an sqlCheck: an index lookup (pg_class_relname_nsp_index), so its cost
    does not grow with the catalog; the raw script runs the same query."""
    q = ("SELECT count(*) FROM pg_catalog.pg_class WHERE relname = '%s' "
         "AND relnamespace = pg_catalog.current_schema()::pg_catalog.regnamespace" % cs["table"])
    return ("0" if cs["pre"] == "not_table" else "1", q)


def description(cs):
    """DESCRIPTION as Liquibase words it (for the bare-INSERT rows)."""
    k, t = cs["kind"], cs["table"]
    if k == "createTable":
        return "createTable tableName=%s" % t
    if k == "addColumn":
        return "addColumn tableName=%s" % t
    if k == "createIndex":
        return "createIndex indexName=%s, tableName=%s" % (cs["index"], t)
    if k == "addForeignKeyConstraint":
        return "addForeignKeyConstraint baseTableName=%s, constraintName=%s, referencedTableName=%s" % (t, cs["fk"], cs["ref"])
    if k == "insert":
        return "insert tableName=%s" % t
    return "sql"


# ---------------------------------------------------------------- formatted SQL

def emit_formatted_sql(css):
    out = ["--liquibase formatted sql\n"]
    for cs in css:
        attrs = ""
        if "context" in cs:
            attrs += " context:%s" % cs["context"]
        if "labels" in cs:
            attrs += " labels:%s" % cs["labels"]
        out.append("\n--changeset %s:%s%s\n" % (AUTHOR, cs["id"], attrs))
        if "comment" in cs:
            out.append("--comment: %s\n" % cs["comment"])
        if "pre" in cs:
            exp, q = pre_sql_check(cs)
            out.append("--preconditions onFail:MARK_RAN\n")
            out.append("--precondition-sql-check expectedResult:%s %s\n" % (exp, q))
        for s in sql_of(cs):
            out.append(s + ";\n")
    return "".join(out)


# ---------------------------------------------------------------- XML

def xq(s):
    return (s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def emit_xml(css):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n'
           '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"\n'
           '  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n'
           '  xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog '
           'http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-4.28.xsd">\n']
    for cs in css:
        attrs = ' id="%s" author="%s"' % (cs["id"], AUTHOR)
        if "context" in cs:
            attrs += ' context="%s"' % cs["context"]
        if "labels" in cs:
            attrs += ' labels="%s"' % cs["labels"]
        out.append("  <changeSet%s>\n" % attrs)
        # the XSD wants preConditions before comment
        if cs.get("pre") == "not_table":
            out.append('    <preConditions onFail="MARK_RAN"><not><tableExists tableName="%s"/></not></preConditions>\n' % cs["table"])
        elif cs.get("pre") == "sql_check":
            exp, q = pre_sql_check(cs)
            out.append('    <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="%s">%s</sqlCheck></preConditions>\n' % (exp, xq(q)))
        if "comment" in cs:
            out.append("    <comment>%s</comment>\n" % xq(cs["comment"]))
        k, t = cs["kind"], cs["table"]
        if k == "createTable":
            out.append('    <createTable tableName="%s">\n'
                       '      <column name="id" type="int"><constraints primaryKey="true" nullable="false"/></column>\n'
                       '      <column name="name" type="varchar(50)"><constraints nullable="false"/></column>\n'
                       '      <column name="parent_id" type="int"/>\n'
                       '      <column name="created_at" type="timestamp" defaultValueComputed="now()"/>\n'
                       '    </createTable>\n' % t)
        elif k == "addColumn":
            out.append('    <addColumn tableName="%s"><column name="%s" type="varchar(100)"/></addColumn>\n' % (t, cs["column"]))
        elif k == "createIndex":
            out.append('    <createIndex indexName="%s" tableName="%s"><column name="%s"/></createIndex>\n' % (cs["index"], t, cs["column"]))
        elif k == "addForeignKeyConstraint":
            out.append('    <addForeignKeyConstraint baseTableName="%s" baseColumnNames="parent_id" constraintName="%s" '
                       'referencedTableName="%s" referencedColumnNames="id"/>\n' % (t, cs["fk"], cs["ref"]))
        elif k == "insert":
            out.append('    <insert tableName="%s"><column name="id" valueNumeric="%d"/><column name="name" value="%s"/></insert>\n'
                       % (t, cs["rowid"], xq(cs["name"])))
        elif k == "sql":
            out.append("    <sql>%s</sql>\n" % xq(cs["text"]))
        out.append("  </changeSet>\n")
    out.append("</databaseChangeLog>\n")
    return "".join(out)


# ---------------------------------------------------------------- YAML / JSON model

def model(cs):
    """The changeset as Liquibase's YAML/JSON map."""
    m = {"id": cs["id"], "author": AUTHOR}
    if "context" in cs:
        m["context"] = cs["context"]
    if "labels" in cs:
        m["labels"] = cs["labels"]
    if "comment" in cs:
        m["comment"] = cs["comment"]
    if cs.get("pre") == "not_table":
        m["preConditions"] = [{"onFail": "MARK_RAN"}, {"not": [{"tableExists": {"tableName": cs["table"]}}]}]
    elif cs.get("pre") == "sql_check":
        exp, q = pre_sql_check(cs)
        m["preConditions"] = [{"onFail": "MARK_RAN"}, {"sqlCheck": {"expectedResult": exp, "sql": q}}]
    k, t = cs["kind"], cs["table"]
    if k == "createTable":
        ch = {"createTable": {"tableName": t, "columns": [
            {"column": {"name": "id", "type": "int", "constraints": {"primaryKey": True, "nullable": False}}},
            {"column": {"name": "name", "type": "varchar(50)", "constraints": {"nullable": False}}},
            {"column": {"name": "parent_id", "type": "int"}},
            {"column": {"name": "created_at", "type": "timestamp", "defaultValueComputed": "now()"}}]}}
    elif k == "addColumn":
        ch = {"addColumn": {"tableName": t, "columns": [{"column": {"name": cs["column"], "type": "varchar(100)"}}]}}
    elif k == "createIndex":
        ch = {"createIndex": {"indexName": cs["index"], "tableName": t, "columns": [{"column": {"name": cs["column"]}}]}}
    elif k == "addForeignKeyConstraint":
        ch = {"addForeignKeyConstraint": {"baseTableName": t, "baseColumnNames": "parent_id", "constraintName": cs["fk"],
                                          "referencedTableName": cs["ref"], "referencedColumnNames": "id"}}
    elif k == "insert":
        ch = {"insert": {"tableName": t, "columns": [{"column": {"name": "id", "valueNumeric": cs["rowid"]}},
                                                     {"column": {"name": "name", "value": cs["name"]}}]}}
    else:
        ch = {"sql": {"sql": cs["text"]}}
    m["changes"] = [ch]
    return {"changeSet": m}


def yscalar(v):
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, int):
        return str(v)
    # always single-quoted: no YAML 1.1 typing surprises; '' escapes '
    return "'" + v.replace("'", "''").replace("\n", " ") + "'" if "\n" not in v else None


def yemit(v, indent, out):
    pad = " " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)):
                out.append("%s%s:\n" % (pad, k))
                yemit(x, indent + 2, out)
            elif isinstance(x, str) and "\n" in x:
                out.append("%s%s: |-\n" % (pad, k))
                for line in x.split("\n"):
                    out.append("%s  %s\n" % (pad, line))
            else:
                out.append("%s%s: %s\n" % (pad, k, yscalar(x)))
    elif isinstance(v, list):
        for x in v:
            # "- key: ..." with the map's remaining keys indented under it
            sub = []
            yemit(x, indent + 2, sub)
            first = sub[0]
            sub[0] = pad + "- " + first[indent + 2:]
            out.extend(sub)
    else:
        raise ValueError(v)


def emit_yaml(css):
    out = ["databaseChangeLog:\n"]
    for cs in css:
        yemit([model(cs)], 2, out)
    return "".join(out)


def emit_json(css):
    parts = [json.dumps(model(cs), separators=(", ", ": ")) for cs in css]
    return '{"databaseChangeLog": [\n  ' + ",\n  ".join(parts) + "\n]}\n"


# ---------------------------------------------------------------- baselines

def emit_raw(css):
    out = ["-- the benchmark's statements as one plain script (run with psql -1 -f);\n"
           "-- a changeset's precondition is the same catalog query, run before its statements\n"]
    for cs in css:
        if "pre" in cs:
            out.append(pre_sql_check(cs)[1] + ";\n")
        for s in sql_of(cs):
            out.append(s + ";\n")
    return "".join(out)


TRACKING = """CREATE TABLE IF NOT EXISTS databasechangeloglock (ID INTEGER NOT NULL, LOCKED BOOLEAN NOT NULL, LOCKGRANTED TIMESTAMP WITHOUT TIME ZONE, LOCKEDBY VARCHAR(255), CONSTRAINT databasechangeloglock_pkey PRIMARY KEY (ID));
INSERT INTO databasechangeloglock (ID, LOCKED) SELECT 1, FALSE WHERE NOT EXISTS (SELECT 1 FROM databasechangeloglock WHERE ID = 1);
CREATE TABLE IF NOT EXISTS databasechangelog (ID VARCHAR(255) NOT NULL, AUTHOR VARCHAR(255) NOT NULL, FILENAME VARCHAR(255) NOT NULL, DATEEXECUTED TIMESTAMP WITHOUT TIME ZONE NOT NULL, ORDEREXECUTED INTEGER NOT NULL, EXECTYPE VARCHAR(10) NOT NULL, MD5SUM VARCHAR(35), DESCRIPTION VARCHAR(255), COMMENTS VARCHAR(255), TAG VARCHAR(255), LIQUIBASE VARCHAR(20), CONTEXTS VARCHAR(255), LABELS VARCHAR(255), DEPLOYMENT_ID VARCHAR(10));
"""


def q(s):
    return "NULL" if s is None else "'" + s.replace("'", "''") + "'"


def emit_history(css, filename):
    out = ["-- DATABASECHANGELOG rows of a sync of %s, one INSERT each (run with psql -1 -f)\n" % filename]
    for order, cs in enumerate(css, 1):
        md5 = "9:" + hashlib.md5(("%s|%s" % (filename, "\n".join(sql_of(cs)))).encode()).hexdigest()
        out.append("INSERT INTO databasechangelog (ID, AUTHOR, FILENAME, DATEEXECUTED, ORDEREXECUTED, EXECTYPE, MD5SUM, "
                   "DESCRIPTION, COMMENTS, TAG, LIQUIBASE, CONTEXTS, LABELS, DEPLOYMENT_ID) VALUES "
                   "(%s, %s, %s, clock_timestamp()::timestamp, %d, 'EXECUTED', %s, %s, %s, NULL, '4.28.0', %s, %s, '1234567890');\n"
                   % (q(cs["id"]), q(AUTHOR), q(filename), order, q(md5), q(description(cs)),
                      q(cs.get("comment", "")), q(cs.get("context")), q(cs.get("labels"))))
    return "".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, required=True, help="number of changesets")
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--out", required=True, help="output directory (created)")
    ap.add_argument("--formats", default="sql,xml,yaml,json")
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    css = build(a.n, a.seed)
    emitters = {"sql": emit_formatted_sql, "xml": emit_xml, "yaml": emit_yaml, "json": emit_json}
    sizes = {}
    for fmt in a.formats.split(","):
        name = "changelog.%s" % fmt
        text = emitters[fmt](css)
        with open(os.path.join(a.out, name), "w") as f:
            f.write(text)
        sizes[name] = len(text.encode())
        with open(os.path.join(a.out, "history_%s.sql" % fmt), "w") as f:
            f.write(emit_history(css, name))
    with open(os.path.join(a.out, "raw.sql"), "w") as f:
        f.write(emit_raw(css))
    with open(os.path.join(a.out, "tracking.sql"), "w") as f:
        f.write(TRACKING)
    counts = {}
    for cs in css:
        counts[cs["kind"]] = counts.get(cs["kind"], 0) + 1
    meta = {"n": a.n, "seed": a.seed, "changes": counts,
            "statements": sum(len(sql_of(cs)) for cs in css),
            "relations_created": 2 * counts.get("createTable", 0) + counts.get("createIndex", 0),
            "with_context": sum(1 for cs in css if "context" in cs),
            "with_labels": sum(1 for cs in css if "labels" in cs),
            "with_preconditions": sum(1 for cs in css if "pre" in cs),
            "bytes": sizes}
    with open(os.path.join(a.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
