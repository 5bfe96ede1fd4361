/*-------------------------------------------------------------------------
 *
 * parse_tree.c
 *	  The changelog vocabulary shared by the XML, YAML and JSON parsers, the
 *	  builders of model structures from attributes, and cl_build_from_tree:
 *	  the YAML/JSON tree (ClNode objects, lists, scalars) -> model.
 *
 * The element and attribute names below are those of Liquibase's
 * dbchangelog-4.28.xsd; a change's attribute tree uses exactly these names,
 * since the checksum serialiser prints them.
 *
 * YAML and JSON are read the way Liquibase reads them: the whole document
 * becomes a tree of maps, lists and scalars, and each map/list is seen as a
 * "parsed node" whose children are the keys of the map, or of every map in
 * the list (Liquibase's ParsedNode.setValue).  Properties of the file are
 * defined in a first pass, then every string scalar is ${}-expanded, then
 * each top-level entry is expanded once more and handled in order.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>
#include <math.h>

#include "common/hashfn.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#include "changelog.h"
#include "fileio.h"
#include "parse_tree.h"
#include "parsers.h"

/* ---------- vocabulary (dbchangelog-4.28.xsd) ---------- */

static const char *const a_addAutoIncrement[] = {
	"catalogName", "schemaName", "tableName", "columnName", "columnDataType",
	"startWith", "incrementBy", "defaultOnNull", "generationType", NULL
};
static const char *const a_addColumn[] = {
	"catalogName", "schemaName", "tableName", NULL
};
static const char *const a_addDefaultValue[] = {
	"catalogName", "schemaName", "tableName", "columnName", "columnDataType",
	"defaultValue", "defaultValueNumeric", "defaultValueDate",
	"defaultValueBoolean", "defaultValueComputed",
	"defaultValueSequenceNext", "defaultValueConstraintName", NULL
};
static const char *const a_addForeignKeyConstraint[] = {
	"baseTableCatalogName", "baseTableSchemaName", "baseTableName",
	"baseColumnNames", "constraintName", "referencedTableCatalogName",
	"referencedTableSchemaName", "referencedTableName",
	"referencedColumnNames", "deferrable", "initiallyDeferred",
	"deleteCascade", "onDelete", "onUpdate", "referencesUniqueColumn",
	"validate", NULL
};
static const char *const a_addLookupTable[] = {
	"existingTableCatalogName", "existingTableSchemaName",
	"existingTableName", "existingColumnName", "newTableCatalogName",
	"newTableSchemaName", "newTableName", "newColumnName",
	"newColumnDataType", "constraintName", NULL
};
static const char *const a_addNotNullConstraint[] = {
	"catalogName", "schemaName", "tableName", "columnName",
	"defaultNullValue", "columnDataType", "constraintName", "validate", NULL
};
static const char *const a_addPrimaryKey[] = {
	"catalogName", "schemaName", "tableName", "columnNames",
	"constraintName", "tablespace", "clustered", "forIndexCatalogName",
	"forIndexSchemaName", "forIndexName", "validate", NULL
};
static const char *const a_addUniqueConstraint[] = {
	"catalogName", "schemaName", "tableName", "columnNames",
	"constraintName", "tablespace", "disabled", "deferrable",
	"initiallyDeferred", "forIndexCatalogName", "forIndexSchemaName",
	"forIndexName", "clustered", "validate", NULL
};
static const char *const a_alterSequence[] = {
	"catalogName", "schemaName", "sequenceName", "startValue", "incrementBy",
	"maxValue", "minValue", "ordered", "cacheSize", "dataType", "cycle", NULL
};
static const char *const a_createIndex[] = {
	"catalogName", "schemaName", "tableName", "indexName", "associatedWith",
	"unique", "clustered", "tablespace", NULL
};
static const char *const a_createProcedure[] = {
	"catalogName", "schemaName", "procedureName", "path", "encoding",
	"relativeToChangelogFile", "dbms", "replaceIfExists", NULL
};
static const char *const a_createSequence[] = {
	"catalogName", "schemaName", "sequenceName", "startValue", "incrementBy",
	"maxValue", "minValue", "ordered", "cacheSize", "dataType", "cycle", NULL
};
static const char *const a_createTable[] = {
	"catalogName", "schemaName", "tableName", "tablespace", "tableType",
	"remarks", "ifNotExists", NULL
};
static const char *const a_createView[] = {
	"catalogName", "schemaName", "viewName", "remarks", "replaceIfExists",
	"fullDefinition", "path", "encoding", "relativeToChangelogFile", NULL
};
static const char *const a_customChange[] = {
	"class", NULL
};
static const char *const a_delete[] = {
	"catalogName", "schemaName", "tableName", NULL
};
static const char *const a_dropAllForeignKeyConstraints[] = {
	"baseTableCatalogName", "baseTableSchemaName", "baseTableName", NULL
};
static const char *const a_dropColumn[] = {
	"catalogName", "schemaName", "tableName", "columnName", NULL
};
static const char *const a_dropDefaultValue[] = {
	"catalogName", "schemaName", "tableName", "columnName", "columnDataType", NULL
};
static const char *const a_dropForeignKeyConstraint[] = {
	"baseTableCatalogName", "baseTableSchemaName", "baseTableName",
	"constraintName", NULL
};
static const char *const a_dropIndex[] = {
	"catalogName", "schemaName", "tableName", "indexName", "associatedWith", NULL
};
static const char *const a_dropNotNullConstraint[] = {
	"catalogName", "schemaName", "tableName", "columnName", "columnDataType",
	"constraintName", NULL
};
static const char *const a_dropPrimaryKey[] = {
	"catalogName", "schemaName", "tableName", "constraintName", "dropIndex", NULL
};
static const char *const a_dropProcedure[] = {
	"procedureName", "catalogName", "schemaName", NULL
};
static const char *const a_dropSequence[] = {
	"catalogName", "schemaName", "sequenceName", "startValue", "incrementBy",
	"maxValue", "minValue", "ordered", "cacheSize", "dataType", "cycle", NULL
};
static const char *const a_dropTable[] = {
	"catalogName", "schemaName", "tableName", "cascadeConstraints", NULL
};
static const char *const a_dropUniqueConstraint[] = {
	"catalogName", "schemaName", "tableName", "constraintName",
	"uniqueColumns", NULL
};
static const char *const a_dropView[] = {
	"viewName", "catalogName", "schemaName", "ifExists", NULL
};
static const char *const a_empty[] = {
	NULL
};
static const char *const a_executeCommand[] = {
	"executable", "os", "timeout", NULL
};
static const char *const a_insert[] = {
	"catalogName", "schemaName", "tableName", "dbms", NULL
};
static const char *const a_loadData[] = {
	"catalogName", "schemaName", "tableName", "relativeToChangelogFile",
	"file", "encoding", "separator", "quotchar", "commentLineStartsWith",
	"usePreparedStatements", NULL
};
static const char *const a_loadUpdateData[] = {
	"catalogName", "schemaName", "tableName", "relativeToChangelogFile",
	"file", "encoding", "separator", "quotchar", "commentLineStartsWith",
	"usePreparedStatements", "primaryKey", "onlyUpdate", NULL
};
static const char *const a_mergeColumns[] = {
	"catalogName", "schemaName", "tableName", "column1Name", "joinString",
	"column2Name", "finalColumnName", "finalColumnType", NULL
};
static const char *const a_modifyDataType[] = {
	"catalogName", "schemaName", "tableName", "columnName", "newDataType", NULL
};
static const char *const a_output[] = {
	"target", NULL
};
static const char *const a_renameColumn[] = {
	"catalogName", "schemaName", "tableName", "oldColumnName",
	"newColumnName", "columnDataType", "remarks", NULL
};
static const char *const a_renameSequence[] = {
	"catalogName", "schemaName", "oldSequenceName", "newSequenceName", NULL
};
static const char *const a_renameTable[] = {
	"catalogName", "schemaName", "oldTableName", "newTableName", NULL
};
static const char *const a_renameView[] = {
	"catalogName", "schemaName", "oldViewName", "newViewName", NULL
};
static const char *const a_setColumnRemarks[] = {
	"catalogName", "schemaName", "tableName", "columnName", "columnDataType",
	"remarks", "columnParentType", NULL
};
static const char *const a_setTableRemarks[] = {
	"catalogName", "schemaName", "tableName", "remarks", NULL
};
static const char *const a_sql[] = {
	"stripComments", "splitStatements", "endDelimiter", "dbms", NULL
};
static const char *const a_sqlFile[] = {
	"path", "stripComments", "splitStatements", "encoding", "endDelimiter",
	"relativeToChangelogFile", "dbms", NULL
};
static const char *const a_stop[] = {
	NULL
};
static const char *const a_tagDatabase[] = {
	"tag", NULL
};
static const char *const a_update[] = {
	"catalogName", "schemaName", "tableName", NULL
};
static const char *const a_and[] = {
	NULL
};
static const char *const a_changeLogPropertyDefined[] = {
	"property", "value", NULL
};
static const char *const a_changeSetExecuted[] = {
	"id", "author", "changeLogFile", NULL
};
static const char *const a_columnExists[] = {
	"catalogName", "schemaName", "tableName", "columnName", NULL
};
static const char *const a_customPrecondition[] = {
	"className", NULL
};
static const char *const a_dbms[] = {
	"type", NULL
};
static const char *const a_expectedQuotingStrategy[] = {
	"strategy", NULL
};
static const char *const a_foreignKeyConstraintExists[] = {
	"catalogName", "schemaName", "foreignKeyTableName", "foreignKeyName", NULL
};
static const char *const a_indexExists[] = {
	"catalogName", "schemaName", "indexName", "tableName", "columnNames", NULL
};
static const char *const a_not[] = {
	NULL
};
static const char *const a_or[] = {
	NULL
};
static const char *const a_primaryKeyExists[] = {
	"catalogName", "schemaName", "primaryKeyName", "tableName", NULL
};
static const char *const a_rowCount[] = {
	"catalogName", "schemaName", "tableName", "expectedRows", NULL
};
static const char *const a_runningAs[] = {
	"username", NULL
};
static const char *const a_sequenceExists[] = {
	"catalogName", "schemaName", "sequenceName", NULL
};
static const char *const a_sqlCheck[] = {
	"expectedResult", NULL
};
static const char *const a_tableExists[] = {
	"catalogName", "schemaName", "tableName", NULL
};
static const char *const a_tableIsEmpty[] = {
	"catalogName", "schemaName", "tableName", NULL
};
static const char *const a_uniqueConstraintExists[] = {
	"catalogName", "schemaName", "constraintName", "tableName",
	"columnNames", NULL
};
static const char *const a_viewExists[] = {
	"catalogName", "schemaName", "viewName", NULL
};
static const char *const a_constraints[] = {
	"nullable", "notNullConstraintName", "primaryKey", "primaryKeyName",
	"primaryKeyTablespace", "unique", "uniqueConstraintName", "references",
	"referencedTableCatalogName", "referencedTableSchemaName",
	"referencedTableName", "referencedColumnNames", "foreignKeyName",
	"deleteCascade", "deferrable", "initiallyDeferred", "checkConstraint",
	"validateNullable", "validateUnique", "validatePrimaryKey",
	"validateForeignKey", NULL
};
static const char *const a_param[] = {
	"name", "value", "valueNumeric", "valueBoolean", "valueDate",
	"valueComputed", "valueSequenceNext", "valueSequenceCurrent", NULL
};
static const char *const a_column[] = {
	"name", "computed", "descending", "type", "value", "valueNumeric",
	"valueBoolean", "valueDate", "valueComputed", "valueSequenceCurrent",
	"valueSequenceNext", "valueBlobFile", "valueClobFile", "defaultValue",
	"defaultValueNumeric", "defaultValueDate", "defaultValueBoolean",
	"defaultValueComputed", "defaultValueSequenceCurrent",
	"defaultValueSequenceNext", "defaultValueConstraintName",
	"autoIncrement", "startWith", "incrementBy", "generationType",
	"defaultOnNull", "remarks", "encoding", NULL
};
static const char *const a_addColumn_column[] = {
	"name", "computed", "descending", "type", "value", "valueNumeric",
	"valueBoolean", "valueDate", "valueComputed", "valueSequenceCurrent",
	"valueSequenceNext", "valueBlobFile", "valueClobFile", "defaultValue",
	"defaultValueNumeric", "defaultValueDate", "defaultValueBoolean",
	"defaultValueComputed", "defaultValueSequenceCurrent",
	"defaultValueSequenceNext", "defaultValueConstraintName",
	"autoIncrement", "startWith", "incrementBy", "generationType",
	"defaultOnNull", "remarks", "encoding", "beforeColumn", "afterColumn",
	"position", NULL
};
static const char *const a_loadData_column[] = {
	"index", "header", "name", "type", "defaultValue", "defaultValueNumeric",
	"defaultValueDate", "defaultValueBoolean", "defaultValueComputed", NULL
};
static const char *const a_loadUpdateData_column[] = {
	"index", "header", "name", "type", "allowUpdate", "defaultValue",
	"defaultValueNumeric", "defaultValueDate", "defaultValueBoolean",
	"defaultValueComputed", NULL
};


static const ClSchemaElem change_schema[] = {
	{"addAutoIncrement", a_addAutoIncrement, NULL, 0, NULL},
	{"addColumn", a_addColumn, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT, a_addColumn_column},
	{"addDefaultValue", a_addDefaultValue, NULL, 0, NULL},
	{"addForeignKeyConstraint", a_addForeignKeyConstraint, NULL, 0, NULL},
	{"addLookupTable", a_addLookupTable, NULL, 0, NULL},
	{"addNotNullConstraint", a_addNotNullConstraint, NULL, 0, NULL},
	{"addPrimaryKey", a_addPrimaryKey, NULL, 0, NULL},
	{"addUniqueConstraint", a_addUniqueConstraint, NULL, 0, NULL},
	{"alterSequence", a_alterSequence, NULL, 0, NULL},
	{"createIndex", a_createIndex, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT, a_column},
	{"createProcedure", a_createProcedure, "procedureText",
	CLS_COMMENT | CLS_DIRECT | CLS_FILE_TEXT, NULL},
	{"createSequence", a_createSequence, NULL, 0, NULL},
	{"createTable", a_createTable, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT, a_column},
	{"createView", a_createView, "selectQuery",
	CLS_DIRECT | CLS_FILE_TEXT, NULL},
	{"customChange", a_customChange, NULL, CLS_PARAMS, NULL},
	{"delete", a_delete, NULL, CLS_WHERE | CLS_WHEREPARAMS, NULL},
	{"dropAllForeignKeyConstraints", a_dropAllForeignKeyConstraints, NULL, 0, NULL},
	{"dropColumn", a_dropColumn, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT, a_column},
	{"dropDefaultValue", a_dropDefaultValue, NULL, 0, NULL},
	{"dropForeignKeyConstraint", a_dropForeignKeyConstraint, NULL, 0, NULL},
	{"dropIndex", a_dropIndex, NULL, 0, NULL},
	{"dropNotNullConstraint", a_dropNotNullConstraint, NULL, 0, NULL},
	{"dropPrimaryKey", a_dropPrimaryKey, NULL, 0, NULL},
	{"dropProcedure", a_dropProcedure, NULL, 0, NULL},
	{"dropSequence", a_dropSequence, NULL, 0, NULL},
	{"dropTable", a_dropTable, NULL, 0, NULL},
	{"dropUniqueConstraint", a_dropUniqueConstraint, NULL, 0, NULL},
	{"dropView", a_dropView, NULL, 0, NULL},
	{"empty", a_empty, NULL, 0, NULL},
	{"executeCommand", a_executeCommand, NULL, CLS_ARGS, NULL},
	{"insert", a_insert, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT, a_column},
	{"loadData", a_loadData, NULL, CLS_COLUMNS, a_loadData_column},
	{"loadUpdateData", a_loadUpdateData, NULL, CLS_COLUMNS, a_loadUpdateData_column},
	{"mergeColumns", a_mergeColumns, NULL, 0, NULL},
	{"modifyDataType", a_modifyDataType, NULL, 0, NULL},
	{"output", a_output, "message", CLS_DIRECT, NULL},
	{"renameColumn", a_renameColumn, NULL, 0, NULL},
	{"renameSequence", a_renameSequence, NULL, 0, NULL},
	{"renameTable", a_renameTable, NULL, 0, NULL},
	{"renameView", a_renameView, NULL, 0, NULL},
	{"setColumnRemarks", a_setColumnRemarks, NULL, 0, NULL},
	{"setTableRemarks", a_setTableRemarks, NULL, 0, NULL},
	{"sql", a_sql, "sql", CLS_COMMENT | CLS_DIRECT, NULL},
	{"sqlFile", a_sqlFile, NULL, CLS_FILE_TEXT, NULL},
	{"stop", a_stop, "message", CLS_DIRECT, NULL},
	{"tagDatabase", a_tagDatabase, NULL, 0, NULL},
	{"update", a_update, NULL,
	CLS_COLUMNS | CLS_CONSTRAINTS | CLS_COLUMN_TEXT | CLS_WHERE | CLS_WHEREPARAMS,
	a_column},
	{NULL, NULL, NULL, 0, NULL}
};

static const ClSchemaElem precondition_schema[] = {
	{"and", a_and, NULL, CLS_NESTED, NULL},
	{"changeLogPropertyDefined", a_changeLogPropertyDefined, NULL, 0, NULL},
	{"changeSetExecuted", a_changeSetExecuted, NULL, 0, NULL},
	{"columnExists", a_columnExists, NULL, 0, NULL},
	{"customPrecondition", a_customPrecondition, NULL, CLS_PARAMS, NULL},
	{"dbms", a_dbms, NULL, 0, NULL},
	{"expectedQuotingStrategy", a_expectedQuotingStrategy, NULL, 0, NULL},
	{"foreignKeyConstraintExists", a_foreignKeyConstraintExists, NULL, 0, NULL},
	{"indexExists", a_indexExists, NULL, 0, NULL},
	{"not", a_not, NULL, CLS_NESTED, NULL},
	{"or", a_or, NULL, CLS_NESTED, NULL},
	{"primaryKeyExists", a_primaryKeyExists, NULL, 0, NULL},
	{"rowCount", a_rowCount, NULL, 0, NULL},
	{"runningAs", a_runningAs, NULL, 0, NULL},
	{"sequenceExists", a_sequenceExists, NULL, 0, NULL},
	{"sqlCheck", a_sqlCheck, "sql", CLS_DIRECT, NULL},
	{"tableExists", a_tableExists, NULL, 0, NULL},
	{"tableIsEmpty", a_tableIsEmpty, NULL, 0, NULL},
	{"uniqueConstraintExists", a_uniqueConstraintExists, NULL, 0, NULL},
	{"viewExists", a_viewExists, NULL, 0, NULL},
	{NULL, NULL, NULL, 0, NULL}
};

const char *const cl_changelog_attrs[] = {
	"logicalFilePath", "context", "contextFilter", "changeLogId",
	"objectQuotingStrategy", NULL
};

const char *const cl_changeset_attrs[] = {
	"id", "author", "context", "contextFilter", "labels", "dbms",
	"runOnChange", "runAlways", "failOnError", "onValidationFail",
	"runInTransaction", "logicalFilePath", "objectQuotingStrategy", "created",
	"runOrder", "ignore", "runWith", "runWithSpoolFile", NULL
};

const char *const cl_property_attrs[] = {
	"file", "relativeToChangelogFile", "errorIfMissing", "name", "value",
	"dbms", "context", "contextFilter", "labels", "global", "target", NULL
};

const char *const cl_include_attrs[] = {
	"id", "author", "file", "relativeToChangelogFile", "errorIfMissing",
	"context", "contextFilter", "labels", "ignore", "created", NULL
};

const char *const cl_include_all_attrs[] = {
	"path", "errorIfMissingOrEmpty", "relativeToChangelogFile",
	"resourceComparator", "filter", "context", "labels", "contextFilter",
	"minDepth", "maxDepth", "endsWithFilter", "ignore", NULL
};

const char *const cl_preconditions_attrs[] = {
	"onFailMessage", "onErrorMessage", "onFail", "onError", "onSqlOutput", NULL
};

const char *const cl_modify_sql_attrs[] = {
	"dbms", "context", "contextFilter", "labels", "applyToRollback", NULL
};

const char *const cl_remove_property_attrs[] = {
	"change", "dbms", "remove", NULL
};

const char *const cl_rollback_attrs[] = {
	"changeSetPath", "changeSetAuthor", "changeSetId", NULL
};

/* ---------- the YAML/JSON "parsed node" view ---------- */

/*
 * Liquibase's ParsedNode: a map's keys, or the keys of every map in a list,
 * become children; scalars (or scalar list elements) become the value.
 */
typedef struct PNode
{
	const char *name;
	ClNode	   *value;			/* the (first) scalar value, or NULL */
	int			nvalues;		/* number of scalar values */
	List	   *values;			/* all scalar values of a list (ClNode); NIL
								 * for a lone scalar (then value) */
	List	   *children;		/* PNode */
	int			line;
} PNode;

typedef struct TreeBuild
{
	ClParseState *st;
	ClFile	   *file;
	List	   *remove_rules;	/* removeChangeSetProperty (char *) */
} TreeBuild;

static const char *valid_quoting[] = {
	"LEGACY", "QUOTE_ALL_OBJECTS", "QUOTE_ONLY_RESERVED_WORDS", NULL
};
static const char *valid_cs_onfail[] = {
	"HALT", "WARN", "CONTINUE", "MARK_RAN", NULL
};
static const char *valid_cl_onfail[] = {"HALT", "WARN", NULL};
static const char *valid_sql_output[] = {"TEST", "FAIL", "IGNORE", NULL};
static const char *valid_validation_fail[] = {"HALT", "MARK_RAN", NULL};
static const char *visitor_types[] = {
	"append", "prepend", "replace", "regExpReplace", NULL
};

static bool in_list(const char *const *list, const char *name);
static char *list_text(const char *const *list);
static const char *check_enum(ClFile *file, int line, const char *what,
							  const char *value, const char **valid);
static int	parse_int_attr(ClFile *file, int line, const char *what,
						   const char *value, int dflt);
static ClNode *set_scalar(ClNode *obj, const char *name, const char *value,
						  bool typed, int line);
static PNode *pnode_make(TreeBuild *b, const char *name, ClNode *v);
static PNode *pn_child(TreeBuild *b, PNode *p, const char *name);
static ClNode *pn_scalar(TreeBuild *b, PNode *p, const char *what);
static const char *pn_str(TreeBuild *b, PNode *p, const char *name);
static ClNode *pn_attrs(TreeBuild *b, PNode *p, const char *const *allowed);
static void expand_tree(TreeBuild *b, ClNode *n, int depth);
static ClChange *tree_change(TreeBuild *b, PNode *p, const ClSchemaElem *spec);
static void tree_columns(TreeBuild *b, ClChange *ch, PNode *c,
						 const ClSchemaElem *spec);
static void tree_param_list(TreeBuild *b, ClNode *attrs, PNode *c,
							const char *listname, const char *itemname,
							const char *const *allowed);
static ClPrecondition *tree_precondition(TreeBuild *b, PNode *p,
										 const ClSchemaElem *spec);
static ClPreconditions *tree_preconditions(TreeBuild *b, PNode *p,
										   bool changelog_level);
static void tree_rollback(TreeBuild *b, ClChangeSet *cs, PNode *p);
static void tree_modify_sql(TreeBuild *b, ClChangeSet *cs, PNode *p);
static void tree_changeset_child(TreeBuild *b, ClChangeSet *cs, PNode *c,
								 List **comments);
static void tree_changeset(TreeBuild *b, PNode *p);
static void tree_property(TreeBuild *b, ClNode *prop, bool prepass);

/* ---------- vocabulary lookups ---------- */

/*
 * An element table's entries by name: open addressing over a static array,
 * filled on first use (a lookup runs for every change and precondition).
 */
#define SCHEMA_SLOTS 256		/* a power of two, over twice a table's size */

typedef struct SchemaIndex
{
	bool		ready;
	const ClSchemaElem *slot[SCHEMA_SLOTS];
} SchemaIndex;

static const ClSchemaElem *
schema_find(const ClSchemaElem *tab, SchemaIndex *ix, const char *name)
{
	uint32		i;

	if (!ix->ready)
	{
		const ClSchemaElem *e;

		for (e = tab; e->name; e++)
		{
			Assert(e - tab < SCHEMA_SLOTS / 2);
			i = cl_name_hash(e->name) & (SCHEMA_SLOTS - 1);
			while (ix->slot[i] != NULL)
				i = (i + 1) & (SCHEMA_SLOTS - 1);
			ix->slot[i] = e;
		}
		ix->ready = true;
	}
	i = cl_name_hash(name) & (SCHEMA_SLOTS - 1);
	while (ix->slot[i] != NULL)
	{
		if (strcmp(ix->slot[i]->name, name) == 0)
			return ix->slot[i];
		i = (i + 1) & (SCHEMA_SLOTS - 1);
	}
	return NULL;
}

const ClSchemaElem *
cl_schema_change(const char *name)
{
	static SchemaIndex ix;

	return schema_find(change_schema, &ix, name);
}

const ClSchemaElem *
cl_schema_precondition(const char *name)
{
	static SchemaIndex ix;

	return schema_find(precondition_schema, &ix, name);
}

static bool
in_list(const char *const *list, const char *name)
{
	if (list == NULL)
		return false;
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return true;
	return false;
}

bool
cl_schema_allows(const char *const *attrs, const char *name)
{
	return in_list(attrs, name);
}

const char *const *
cl_schema_constraints_attrs(void)
{
	return a_constraints;
}

const char *const *
cl_schema_param_attrs(void)
{
	return a_param;
}

/* Every name of the changelog vocabulary, element and attribute names, once or more. */
void
cl_schema_vocabulary(void (*add) (const char *name))
{
	static const char *const elements[] = {
		"databaseChangeLog", "changeSet", "changes", "column", "columns",
		"constraints", "param", "where", "whereParams", "rollback", "comment",
		"preConditions", "validCheckSum", "modifySql", "include", "includeAll",
		"property", "sql", "value", "name", "type", "tableName", "schemaName",
		NULL
	};
	static const char *const *const lists[] = {
		elements, a_constraints, a_param, cl_changelog_attrs, cl_changeset_attrs,
		cl_property_attrs, cl_include_attrs, cl_include_all_attrs,
		cl_preconditions_attrs, cl_modify_sql_attrs, cl_remove_property_attrs,
		cl_rollback_attrs, NULL
	};
	const ClSchemaElem *const tabs[] = {change_schema, precondition_schema, NULL};
	const char *const *const *l;
	const char *const *a;
	const ClSchemaElem *const *t;
	const ClSchemaElem *e;

	for (l = lists; *l; l++)
		for (a = *l; *a; a++)
			add(*a);
	for (t = tabs; *t; t++)
		for (e = *t; e->name; e++)
		{
			add(e->name);
			if (e->text_field)
				add(e->text_field);
			for (a = e->attrs; a && *a; a++)
				add(*a);
			for (a = e->column_attrs; a && *a; a++)
				add(*a);
		}
}

/* "a", "b" and "c" -> "a, b, c" (for hints) */
static char *
list_text(const char *const *list)
{
	StringInfoData buf;

	initStringInfo(&buf);
	for (; list && *list; list++)
		appendStringInfo(&buf, "%s%s", buf.len ? ", " : "", *list);
	return buf.data;
}

/* ---------- small Java-compatible helpers ---------- */

char *
cl_java_trim(const char *s)
{
	const char *end;

	if (s == NULL)
		return NULL;
	while (*s && (unsigned char) *s <= ' ')
		s++;
	end = s + strlen(s);
	while (end > s && (unsigned char) end[-1] <= ' ')
		end--;
	if (end == s)
		return NULL;
	return pnstrdup(s, end - s);
}

bool
cl_java_bool(const char *s)
{
	return s != NULL && pg_strcasecmp(s, "true") == 0;
}

/*
 * Java's Double.toString: the shortest digits that identify the double;
 * plain notation for 1e-3 <= |d| < 1e7, else d.dddE<exp>; at least one
 * digit after the point.
 */
char *
cl_java_double(double d)
{
	char		buf[64];
	char		digits[32];
	int			ndig = 0;
	int			exp10;
	int			prec;
	char	   *p;
	StringInfoData out;
	bool		neg;

	if (isnan(d))
		return pstrdup("NaN");
	if (isinf(d))
		return pstrdup(d > 0 ? "Infinity" : "-Infinity");
	neg = signbit(d);
	if (d == 0)
		return pstrdup(neg ? "-0.0" : "0.0");
	if (neg)
		d = -d;
	for (prec = 1; prec <= 17; prec++)
	{
		snprintf(buf, sizeof(buf), "%.*e", prec - 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	/* buf is "D.DDDDe+XX" */
	for (p = buf; *p && *p != 'e'; p++)
		if (*p >= '0' && *p <= '9')
			digits[ndig++] = *p;
	digits[ndig] = '\0';
	exp10 = atoi(p + 1);
	while (ndig > 1 && digits[ndig - 1] == '0')
		digits[--ndig] = '\0';

	initStringInfo(&out);
	if (neg)
		appendStringInfoChar(&out, '-');
	if (d >= 1e-3 && d < 1e7)
	{
		int			i;

		if (exp10 < 0)
		{
			appendStringInfoString(&out, "0.");
			for (i = -1; i > exp10; i--)
				appendStringInfoChar(&out, '0');
			appendStringInfoString(&out, digits);
		}
		else
		{
			for (i = 0; i <= exp10; i++)
				appendStringInfoChar(&out, i < ndig ? digits[i] : '0');
			appendStringInfoChar(&out, '.');
			if (ndig > exp10 + 1)
				appendStringInfoString(&out, digits + exp10 + 1);
			else
				appendStringInfoChar(&out, '0');
		}
	}
	else
	{
		appendStringInfoChar(&out, digits[0]);
		appendStringInfoChar(&out, '.');
		appendStringInfoString(&out, ndig > 1 ? digits + 1 : "0");
		appendStringInfo(&out, "E%d", exp10);
	}
	return out.data;
}

/* ---------- errors ---------- */


static const char *
check_enum(ClFile *file, int line, const char *what, const char *value,
		   const char **valid)
{
	const char **v;
	StringInfoData hint;

	if (value == NULL)
		return NULL;
	for (v = valid; *v; v++)
		if (strcmp(*v, value) == 0)
			return value;
	initStringInfo(&hint);
	appendStringInfoString(&hint, "Valid values are ");
	for (v = valid; *v; v++)
		appendStringInfo(&hint, "%s%s", v == valid ? "" : (v[1] ? ", " : " and "), *v);
	appendStringInfoChar(&hint, '.');
	cl_parse_error(file, line, 0, hint.data,
				   "invalid value \"%s\" for \"%s\"", value, what);
	return NULL;				/* keep compiler quiet */
}

static int
parse_int_attr(ClFile *file, int line, const char *what, const char *value,
			   int dflt)
{
	char	   *end;
	long		v;
	char	   *t = cl_java_trim(value);

	if (value == NULL)
		return dflt;
	if (t == NULL)
		cl_parse_error(file, line, 0, NULL,
					   "invalid integer \"%s\" for \"%s\"", value, what);
	errno = 0;
	v = strtol(t, &end, 10);
	if (*end != '\0' || errno != 0 || v < INT_MIN || v > INT_MAX)
		cl_parse_error(file, line, 0, NULL,
					   "invalid integer \"%s\" for \"%s\"", value, what);
	return (int) v;
}

/* Set or replace a scalar field, keeping typed. */
static ClNode *
set_scalar(ClNode *obj, const char *name, const char *value, bool typed,
		   int line)
{
	ClNode	   *n = cl_node_set(obj, name, value, line);

	n->typed = typed;
	return n;
}

/* ---------- builders shared by every format ---------- */

/* databaseChangeLog attributes: logicalFilePath, context, quoting. */
void
cl_apply_changelog_attrs(ClFile *file, ClNode *attrs, int line)
{
	const char *v;
	char	   *ctx;

	v = cl_node_str(attrs, "logicalFilePath");
	if (v && v[0])
		file->logical_path = pstrdup(v);
	ctx = cl_java_trim(cl_node_str(attrs, "contextFilter"));
	if (ctx == NULL)
		ctx = cl_java_trim(cl_node_str(attrs, "context"));
	if (ctx)
		file->contexts = lcons(ctx, list_copy(file->contexts));
	v = cl_java_trim(cl_node_str(attrs, "objectQuotingStrategy"));
	if (v)
		file->objectQuotingStrategy =
			pstrdup(check_enum(file, line, "objectQuotingStrategy", v,
							   valid_quoting));
}

ClChangeSet *
cl_build_changeset(ClFile *file, ClNode *attrs, int line)
{
	const char *id = cl_node_str(attrs, "id");
	const char *author = cl_node_str(attrs, "author");
	const char *v;
	char	   *t;
	ClChangeSet *cs;

	if (id == NULL)
		cl_parse_error(file, line, 0, NULL, "changeSet has no \"id\"");
	if (author == NULL)
		cl_parse_error(file, line, 0, NULL,
					   "changeSet \"%s\" has no \"author\"", id);
	cs = cl_new_changeset(file, id, author, line);

	v = cl_node_str(attrs, "runAlways");
	if (v == NULL)
		v = cl_node_str(attrs, "alwaysRun");
	cs->runAlways = cl_java_bool(v);
	cs->runOnChange = cl_java_bool(cl_node_str(attrs, "runOnChange"));
	v = cl_node_str(attrs, "failOnError");
	cs->failOnError = v ? cl_java_bool(v) : true;
	v = cl_node_str(attrs, "runInTransaction");
	cs->runInTransaction = v ? cl_java_bool(v) : true;
	cs->ignore = cl_java_bool(cl_node_str(attrs, "ignore"));

	t = cl_java_trim(cl_node_str(attrs, "contextFilter"));
	if (t == NULL)
		t = cl_java_trim(cl_node_str(attrs, "context"));
	if (t)
		cs->contexts = lappend(cs->contexts, t);
	t = cl_java_trim(cl_node_str(attrs, "labels"));
	if (t)
		cs->labels = lappend(cs->labels, t);
	v = cl_node_str(attrs, "dbms");
	if (v)
		cs->dbms = pstrdup(v);
	v = cl_node_str(attrs, "created");
	if (v)
		cs->created = pstrdup(v);
	v = cl_node_str(attrs, "runOrder");
	if (v)
		cs->runOrder = pstrdup(v);
	v = cl_node_str(attrs, "onValidationFail");
	if (v)
		cs->onValidationFail = pstrdup(check_enum(file, line, "onValidationFail",
												  v, valid_validation_fail));
	t = cl_java_trim(cl_node_str(attrs, "logicalFilePath"));
	if (t)
	{
		char	   *p;

		for (p = t; *p; p++)
			if (*p == '\\')
				*p = '/';
		cs->filename = (t[0] == '/') ? pstrdup(t + 1) : t;
	}
	t = cl_java_trim(cl_node_str(attrs, "objectQuotingStrategy"));
	if (t)
		cs->objectQuotingStrategy =
			pstrdup(check_enum(file, line, "objectQuotingStrategy", t,
							   valid_quoting));
	t = cl_java_trim(cl_node_str(attrs, "runWith"));
	if (t && pg_strcasecmp(t, "jdbc") != 0)
		cl_parse_error(file, line, 0,
					   "Only runWith=\"jdbc\" can run inside the server.",
					   "runWith \"%s\" is not supported", t);
	return cs;
}

ClPreconditions *
cl_build_preconditions(ClFile *file, ClNode *attrs, bool changelog_level,
					   int line)
{
	ClPreconditions *pre = palloc0(sizeof(ClPreconditions));
	const char **valid = changelog_level ? valid_cl_onfail : valid_cs_onfail;
	const char *v;

	pre->file = file->path;
	pre->line = line;
	if ((v = cl_node_str(attrs, "onFail")) != NULL)
		pre->onFail = pstrdup(check_enum(file, line, "onFail", v, valid));
	if ((v = cl_node_str(attrs, "onError")) != NULL)
		pre->onError = pstrdup(check_enum(file, line, "onError", v, valid));
	if ((v = cl_node_str(attrs, "onSqlOutput")) != NULL)
		pre->onSqlOutput = pstrdup(check_enum(file, line, "onSqlOutput", v,
											  valid_sql_output));
	if ((v = cl_node_str(attrs, "onFailMessage")) != NULL)
		pre->onFailMessage = pstrdup(v);
	if ((v = cl_node_str(attrs, "onErrorMessage")) != NULL)
		pre->onErrorMessage = pstrdup(v);
	return pre;
}

void
cl_handle_property(ClParseState *st, ClFile *file, ClNode *attrs, int line)
{
	const char *ctx = cl_node_str(attrs, "contextFilter");
	const char *labels = cl_node_str(attrs, "labels");
	const char *dbms = cl_node_str(attrs, "dbms");
	const char *g = cl_node_str(attrs, "global");
	const char *path = cl_node_str(attrs, "file");
	bool		global = g ? cl_java_bool(g) : true;

	if (ctx == NULL || ctx[0] == '\0')
		ctx = cl_node_str(attrs, "context");
	if (path == NULL)
	{
		const char *name = cl_node_str(attrs, "name");

		if (name == NULL || name[0] == '\0')
			cl_parse_error(file, line, 0,
						   "A property needs \"name\" and \"value\", or \"file\".",
						   "property has no \"name\"");
		cl_define_property(st, file, name, cl_node_str(attrs, "value"),
						   ctx, labels, dbms, global);
	}
	else
	{
		bool		relative = cl_java_bool(cl_node_str(attrs, "relativeToChangelogFile"));
		const char *eim = cl_node_str(attrs, "errorIfMissing");

		if (eim && !cl_java_bool(eim))
		{
			/* errorIfMissing="false": look before reading */
			char	   *resolved = relative
				? cl_path_join(cl_path_dirname(file->path), path)
				: cl_normalize_path(path);
			size_t		len;

			if (cl_source_read(st->source, resolved, &len, true, true) == NULL)
			{
				ereport(WARNING,
						(errmsg("property file \"%s\" does not exist", path),
						 errcontext("changelog file \"%s\", line %d",
									file->path, line)));
				return;
			}
		}
		cl_property_file(st, file, path, relative, ctx, labels, dbms, global,
						 line);
	}
}

void
cl_handle_include(ClParseState *st, ClFile *file, ClNode *attrs, int line)
{
	const char *path = cl_node_str(attrs, "file");
	const char *ctx = cl_node_str(attrs, "contextFilter");
	const char *eim = cl_node_str(attrs, "errorIfMissing");
	bool		ignore;
	char	   *p;

	if (path == NULL)
		cl_parse_error(file, line, 0, NULL, "include has no \"file\"");
	/* an ignored include is read, its changesets reported as filtered out */
	ignore = cl_java_bool(cl_node_str(attrs, "ignore"));
	if (ctx == NULL || cl_java_trim(ctx) == NULL)
		ctx = cl_node_str(attrs, "context");
	p = pstrdup(path);
	for (path = p; *p; p++)
		if (*p == '\\')
			*p = '/';
	st->ignoring += ignore;
	cl_include(st, file, path,
			   cl_java_bool(cl_node_str(attrs, "relativeToChangelogFile")),
			   eim ? cl_java_bool(eim) : true,
			   cl_java_trim(ctx), cl_java_trim(cl_node_str(attrs, "labels")),
			   line);
	st->ignoring -= ignore;
}

void
cl_handle_include_all(ClParseState *st, ClFile *file, ClNode *attrs, int line)
{
	const char *path = cl_node_str(attrs, "path");
	const char *ctx = cl_node_str(attrs, "contextFilter");
	const char *eim = cl_node_str(attrs, "errorIfMissingOrEmpty");
	const char *v;
	bool		ignore;
	int			minDepth;
	int			maxDepth;

	if (path == NULL)
		cl_parse_error(file, line, 0, NULL, "includeAll has no \"path\"");
	if ((v = cl_node_str(attrs, "filter")) != NULL ||
		(v = cl_node_str(attrs, "resourceFilter")) != NULL)
		cl_parse_error(file, line, 0,
					   "Java classes cannot run inside the server; use \"endsWithFilter\", \"minDepth\" or \"maxDepth\".",
					   "includeAll \"filter\" is not supported");
	if ((v = cl_node_str(attrs, "resourceComparator")) != NULL)
		cl_parse_error(file, line, 0,
					   "Java classes cannot run inside the server; files are included in byte order of their paths.",
					   "includeAll \"resourceComparator\" is not supported");
	minDepth = parse_int_attr(file, line, "minDepth",
							  cl_node_str(attrs, "minDepth"), 0);
	maxDepth = parse_int_attr(file, line, "maxDepth",
							  cl_node_str(attrs, "maxDepth"), INT_MAX);
	if (maxDepth < minDepth)
		cl_parse_error(file, line, 0, NULL,
					   "includeAll \"maxDepth\" must not be less than \"minDepth\"");
	ignore = cl_java_bool(cl_node_str(attrs, "ignore"));
	if (ctx == NULL || cl_java_trim(ctx) == NULL)
		ctx = cl_node_str(attrs, "context");
	st->ignoring += ignore;
	cl_include_all(st, file, path,
				   cl_java_bool(cl_node_str(attrs, "relativeToChangelogFile")),
				   eim ? cl_java_bool(eim) : true,
				   minDepth, maxDepth, cl_node_str(attrs, "endsWithFilter"),
				   cl_java_trim(ctx), cl_java_trim(cl_node_str(attrs, "labels")),
				   line);
	st->ignoring -= ignore;
}

/*
 * A modifySql visitor: its own fields (value, or replace and with), then
 * applyToRollback (always), dbms, context and labels from <modifySql>.
 */
ClNode *
cl_build_visitor(ClFile *file, const char *type, ClNode *attrs,
				 ClNode *modattrs, int line)
{
	static const char *const shared[] = {"applyToRollback", "dbms", "contextFilter",
	"context", "labels", NULL};
	ClNode	   *v = cl_node_object(type, line);
	ListCell   *lc;
	const char *const *sp;
	char	   *t;

	/* the visitor's own fields */
	foreach(lc, attrs->items)
	{
		ClNode	   *a = (ClNode *) lfirst(lc);

		if (a->kind == CLN_SCALAR && a->value != NULL &&
			(strcmp(a->name, "value") == 0 || strcmp(a->name, "replace") == 0 ||
			 strcmp(a->name, "with") == 0))
			set_scalar(v, a->name, a->value, a->typed, a->line);
	}

	/*
	 * applyToRollback (always), dbms, context, labels: the visitor's own
	 * (YAML/JSON give them per visitor), else those of <modifySql>.
	 */
	for (sp = shared; *sp; sp++)
	{
		const char *val = cl_node_str(attrs, *sp);

		if (val == NULL)
			val = cl_node_str(modattrs, *sp);
		t = cl_java_trim(val);
		if (strcmp(*sp, "applyToRollback") == 0)
			cl_node_set(v, "applyToRollback", cl_java_bool(val) ? "true" : "false", line);
		else if (t == NULL)
			continue;
		else if (strcmp(*sp, "contextFilter") == 0)
			cl_node_set(v, "context", t, line);
		else if (strcmp(*sp, "context") == 0)
		{
			if (cl_node_str(v, "context") == NULL)
				cl_node_set(v, "context", t, line);
		}
		else
			cl_node_set(v, *sp, t, line);
	}
	return v;
}

/*
 * Read the file a change names: sqlFile / createView / createProcedure
 * (text, and its ${}-expanded form), loadData / loadUpdateData (the CSV's
 * bytes for the checksum, and its decoded text for the statements).
 */
void
cl_finish_change(ClParseState *st, ClFile *file, ClChange *ch)
{
	const ClSchemaElem *spec = cl_schema_change(ch->type);
	const char *path;
	const char *dbms;
	bool		relative = cl_java_bool(cl_node_str(ch->attrs, "relativeToChangelogFile"));

	/* Liquibase never reads the file of a change for another database */
	dbms = cl_node_str(ch->attrs, "dbms");
	if (dbms && dbms[0] && !cl_dbms_matches(dbms))
		return;
	if (strcmp(ch->type, "loadData") == 0 || strcmp(ch->type, "loadUpdateData") == 0)
	{
		char	   *resolved;
		size_t		outlen;

		path = cl_node_str(ch->attrs, "file");
		if (path == NULL || path[0] == '\0')
			cl_parse_error(file, ch->line, 0, NULL,
						   "%s has no \"file\"", ch->type);
		resolved = relative ? cl_path_join(cl_path_dirname(file->path), path)
			: cl_normalize_path(path);
		ch->file_raw = cl_source_read(st->source, resolved, &ch->file_raw_len, false, true);
		if (strlen(resolved) > 3 &&
			pg_strcasecmp(resolved + strlen(resolved) - 3, ".gz") == 0)
			ch->file_raw = cl_gunzip(ch->file_raw, ch->file_raw_len, resolved,
									 &ch->file_raw_len);
		ch->file_text = cl_decode_text(ch->file_raw, ch->file_raw_len,
									   cl_node_str(ch->attrs, "encoding"), resolved, &outlen);
		ch->source = st->source;
		return;
	}
	if (spec == NULL || !(spec->flags & CLS_FILE_TEXT))
		return;
	path = cl_node_str(ch->attrs, "path");
	if (path == NULL && strcmp(ch->type, "sqlFile") != 0)
		return;
	if (path == NULL)
		cl_parse_error(file, ch->line, 0, NULL,
					   "sqlFile has no \"path\"");
	ch->file_text = cl_read_related_file(st, file, path, relative,
										 cl_node_str(ch->attrs, "encoding"),
										 ch->line);
	ch->file_text_expanded = cl_expand(st, file, ch->file_text);
}

/* COMMENTS: every comment joined with newlines, trimmed, NULL if empty. */
void
cl_set_comments(ClChangeSet *cs, List *comments)
{
	StringInfoData buf;
	ListCell   *lc;

	if (comments == NIL)
		return;
	initStringInfo(&buf);
	foreach(lc, comments)
	{
		const char *c = (const char *) lfirst(lc);

		if (foreach_current_index(lc) > 0)
			appendStringInfoChar(&buf, '\n');
		appendStringInfoString(&buf, c ? c : "");
	}
	cs->comments = cl_java_trim(buf.data);
}

/*
 * <removeChangeSetProperty change="addColumn" dbms="..." remove="..."/>:
 * for the rest of this file, drop an attribute from addColumn's columns.
 * Liquibase knows only change="addColumn", and applies a rule only when its
 * dbms list is given and matches.
 */
List *
cl_remove_property_rule(List *rules, ClFile *file, ClNode *attrs, int line)
{
	const char *change = cl_node_str(attrs, "change");
	const char *dbms = cl_java_trim(cl_node_str(attrs, "dbms"));
	const char *remove = cl_node_str(attrs, "remove");
	ListCell   *lc;

	if (change == NULL || strcmp(change, "addColumn") != 0)
		return rules;
	if (dbms == NULL || !cl_dbms_matches(dbms))
		return rules;
	if (remove == NULL ||
		(strcmp(remove, "afterColumn") != 0 && strcmp(remove, "beforeColumn") != 0 &&
		 strcmp(remove, "position") != 0))
		cl_parse_error(file, line, 0,
					   "Valid values are afterColumn, beforeColumn and position.",
					   "invalid value \"%s\" for \"remove\" of removeChangeSetProperty",
					   remove ? remove : "");
	/* three possible rules: a repeated one adds nothing (and no work) */
	foreach(lc, rules)
		if (strcmp((const char *) lfirst(lc), remove) == 0)
			return rules;
	return lappend(rules, pstrdup(remove));
}

void
cl_apply_remove_rules(List *rules, ClFile *file, ClChange *ch)
{
	ListCell   *lc;
	ClNode	   *cols;

	if (rules == NIL || strcmp(ch->type, "addColumn") != 0)
		return;
	cols = cl_node_get(ch->attrs, "columns");
	if (cols == NULL)
		return;
	foreach(lc, rules)
	{
		const char *remove = (const char *) lfirst(lc);
		ListCell   *lc2;

		foreach(lc2, cols->items)
		{
			ClNode	   *col = (ClNode *) lfirst(lc2);
			ClNode	   *attr = cl_node_get(col, remove);

			if (attr)
				col->items = list_delete_ptr(col->items, attr);
		}
	}
}

/*
 * A changeset whose dbms does not include postgresql is not part of the
 * changelog at all for Liquibase (never loaded, recorded or counted in the
 * duplicate check).
 */
bool
cl_changeset_dbms_skipped(ClChangeSet *cs)
{
	return cs->dbms != NULL && cl_java_trim(cs->dbms) != NULL &&
		!cl_dbms_matches(cs->dbms);
}

/* ---------- YAML / JSON tree -> model ---------- */

static PNode *
pnode_make(TreeBuild *b, const char *name, ClNode *v)
{
	PNode	   *p = palloc0(sizeof(PNode));
	ListCell   *lc;

	check_stack_depth();
	p->name = name;
	p->line = v->line;
	switch (v->kind)
	{
		case CLN_SCALAR:
			/* values stays NIL for a lone scalar: value is all there is */
			p->value = v;
			p->nvalues = 1;
			break;
		case CLN_OBJECT:
			foreach(lc, v->items)
			{
				ClNode	   *item = (ClNode *) lfirst(lc);

				p->children = lappend(p->children,
									  pnode_make(b, item->name, item));
			}
			break;
		case CLN_LIST:
			foreach(lc, v->items)
			{
				ClNode	   *e = (ClNode *) lfirst(lc);

				if (e->kind == CLN_OBJECT)
				{
					ListCell   *lc2;

					foreach(lc2, e->items)
					{
						ClNode	   *item = (ClNode *) lfirst(lc2);

						p->children = lappend(p->children,
											  pnode_make(b, item->name, item));
					}
				}
				else if (e->kind == CLN_SCALAR)
				{
					if (p->nvalues++ == 0)
						p->value = e;
					p->values = lappend(p->values, e);
				}
				else
					cl_parse_error(b->file, e->line, 0, NULL,
								   "unexpected nested list in \"%s\"",
								   name ? name : "databaseChangeLog");
			}
			break;
	}
	return p;
}

/* The only child called name, or NULL; several are an error. */
static PNode *
pn_child(TreeBuild *b, PNode *p, const char *name)
{
	PNode	   *found = NULL;
	ListCell   *lc;

	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);

		if (strcmp(c->name, name) == 0)
		{
			if (found)
				cl_parse_error(b->file, c->line, 0, NULL,
							   "\"%s\" is given more than once in \"%s\"",
							   name, p->name);
			found = c;
		}
	}
	return found;
}

/* p's single scalar value (NULL for a null); error for a map or list. */
static ClNode *
pn_scalar(TreeBuild *b, PNode *p, const char *what)
{
	if (p->children != NIL || p->nvalues > 1)
		cl_parse_error(b->file, p->line, 0, NULL,
					   "\"%s\" in \"%s\" must be a single value, not a %s",
					   p->name, what, p->children ? "map" : "list");
	if (p->value == NULL || p->value->value == NULL)
		return NULL;
	return p->value;
}

static const char *
pn_str(TreeBuild *b, PNode *p, const char *name)
{
	PNode	   *c = pn_child(b, p, name);
	ClNode	   *v;

	if (c == NULL)
		return NULL;
	v = pn_scalar(b, c, p->name);
	return v ? v->value : NULL;
}

/* An object of p's scalar children whose names are allowed. */
static ClNode *
pn_attrs(TreeBuild *b, PNode *p, const char *const *allowed)
{
	ClNode	   *attrs = cl_node_object(p->name, p->line);
	ListCell   *lc;

	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);
		ClNode	   *v;

		if (!in_list(allowed, c->name))
			continue;
		v = pn_scalar(b, c, p->name);
		if (v)
		{
			if (cl_node_get(attrs, c->name))
				cl_parse_error(b->file, c->line, 0, NULL,
							   "\"%s\" is given more than once in \"%s\"",
							   c->name, p->name);
			set_scalar(attrs, c->name, v->value, v->typed, c->line);
		}
	}
	return attrs;
}

/* ${} expansion of every string scalar (Liquibase's replaceParameters). */
static void
expand_tree(TreeBuild *b, ClNode *n, int depth)
{
	ListCell   *lc;

	if (n->kind == CLN_SCALAR)
	{
		if (n->value && !n->typed && cl_has_property_ref(n->value))
			n->value = cl_expand(b->st, b->file, n->value);
		return;
	}
	check_stack_depth();
	if ((depth & 63) == 0)
		CHECK_FOR_INTERRUPTS();
	foreach(lc, n->items)
		expand_tree(b, (ClNode *) lfirst(lc), depth + 1);
}

static void
warn_ignored(TreeBuild *b, PNode *c, const char *where)
{
	ereport(WARNING,
			(errmsg("unknown key \"%s\" in \"%s\" ignored", c->name, where),
			 errcontext("changelog file \"%s\", line %d",
						b->file->path, c->line)));
}

static void
tree_column(TreeBuild *b, ClNode *list, PNode *col, const ClSchemaElem *spec)
{
	ClNode	   *obj = cl_node_object("column", col->line);
	ListCell   *lc;
	ClNode	   *v;

	foreach(lc, col->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);

		if (strcmp(c->name, "constraints") == 0 &&
			(spec->flags & CLS_CONSTRAINTS))
		{
			ClNode	   *cons = pn_attrs(b, c, a_constraints);
			ListCell   *lc2;

			if (c->children == NIL && c->value && c->value->value)
				cl_parse_error(b->file, c->line, 0, NULL,
							   "\"constraints\" must be a map");
			foreach(lc2, c->children)
			{
				PNode	   *cc = (PNode *) lfirst(lc2);

				if (!in_list(a_constraints, cc->name))
					warn_ignored(b, cc, "constraints");
			}
			cons->name = pstrdup("constraints");
			if (cl_node_get(obj, "constraints"))
				cl_parse_error(b->file, c->line, 0, NULL,
							   "\"constraints\" is given more than once in a column");
			cl_node_add(obj, cons);
		}
		else if (in_list(spec->column_attrs, c->name))
		{
			v = pn_scalar(b, c, "column");
			if (v)
				set_scalar(obj, c->name, v->value, v->typed, c->line);
		}
		else
			cl_parse_error(b->file, c->line, 0,
						   psprintf("A column of \"%s\" may have: %s.",
									spec->name, list_text(spec->column_attrs)),
						   "unexpected key \"%s\" in a column of \"%s\"",
						   c->name, spec->name);
	}
	/* a column's own scalar value is its "value" */
	if ((spec->flags & CLS_COLUMN_TEXT) && col->children == NIL &&
		col->value && col->value->value && !cl_node_get(obj, "value"))
	{
		char	   *t = cl_java_trim(col->value->value);

		if (t)
			cl_node_set(obj, "value", t, col->line);
	}
	cl_node_add(list, obj);
}

/* "columns:" / "column:" of a change (Liquibase's AbstractChange.load). */
static void
tree_columns(TreeBuild *b, ClChange *ch, PNode *c, const ClSchemaElem *spec)
{
	ClNode	   *list = cl_node_get(ch->attrs, "columns");
	List	   *kids = NIL;
	ListCell   *lc;

	if (list == NULL)
		list = cl_node_add(ch->attrs, cl_node_list("columns", c->line));
	foreach(lc, c->children)
	{
		PNode	   *k = (PNode *) lfirst(lc);

		if (strcmp(k->name, "column") == 0)
			kids = lappend(kids, k);
	}
	if (kids != NIL)
	{
		foreach(lc, c->children)
		{
			PNode	   *k = (PNode *) lfirst(lc);

			/* Liquibase reads only the "column" entries of the list */
			if (strcmp(k->name, "column") != 0)
			{
				ereport(WARNING,
						(errmsg("unknown key \"%s\" in \"%s\" of \"%s\" ignored",
								k->name, c->name, spec->name),
						 errcontext("changelog file \"%s\", line %d",
									b->file->path, k->line)));
				continue;
			}
			tree_column(b, list, k, spec);
		}
	}
	else if (c->children != NIL)
		tree_column(b, list, c, spec);
	else if (c->value && c->value->value)
		cl_parse_error(b->file, c->line, 0,
					   "Write each column as \"- column: {...}\".",
					   "\"%s\" of \"%s\" must be a list of columns",
					   c->name, spec->name);
}

/* whereParams / args / params: a list of small objects. */
static void
tree_param_list(TreeBuild *b, ClNode *attrs, PNode *c, const char *listname,
				const char *itemname, const char *const *allowed)
{
	ClNode	   *list = cl_node_get(attrs, listname);
	ListCell   *lc;
	List	   *kids = NIL;

	if (list == NULL)
		list = cl_node_add(attrs, cl_node_list(listname, c->line));
	foreach(lc, c->children)
	{
		PNode	   *k = (PNode *) lfirst(lc);

		if (strcmp(k->name, itemname) == 0)
			kids = lappend(kids, k);
		else if (strcmp(c->name, itemname) != 0)
			cl_parse_error(b->file, k->line, 0, NULL,
						   "unexpected key \"%s\" in \"%s\"", k->name, c->name);
	}
	if (strcmp(c->name, itemname) == 0)
		kids = list_make1(c);
	foreach(lc, kids)
	{
		PNode	   *k = (PNode *) lfirst(lc);
		ClNode	   *obj = pn_attrs(b, k, allowed);
		ListCell   *lc2;

		foreach(lc2, k->children)
		{
			PNode	   *kc = (PNode *) lfirst(lc2);

			if (!in_list(allowed, kc->name))
				cl_parse_error(b->file, kc->line, 0,
							   psprintf("A \"%s\" may have: %s.", itemname,
										list_text(allowed)),
							   "unexpected key \"%s\" in \"%s\"",
							   kc->name, itemname);
		}
		obj->name = pstrdup(itemname);
		cl_node_add(list, obj);
	}
}

static ClChange *
tree_change(TreeBuild *b, PNode *p, const ClSchemaElem *spec)
{
	ClChange   *ch = cl_new_change(b->file, spec->name, p->line);
	ListCell   *lc;
	ClNode	   *v;

	CHECK_FOR_INTERRUPTS();
	if (p->children == NIL && p->nvalues > 1)
		cl_parse_error(b->file, p->line, 0, NULL,
					   "change \"%s\" must be a map", spec->name);
	if (p->value && p->value->value && p->children == NIL)
	{
		if (!(spec->flags & CLS_DIRECT))
			cl_parse_error(b->file, p->line, 0, NULL,
						   "change \"%s\" must be a map", spec->name);
		set_scalar(ch->attrs, spec->text_field, p->value->value,
				   p->value->typed, p->line);
	}
	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);
		const char *field = NULL;

		if ((spec->flags & CLS_COLUMNS) &&
			(strcmp(c->name, "columns") == 0 || strcmp(c->name, "column") == 0))
		{
			tree_columns(b, ch, c, spec);
			continue;
		}
		if ((spec->flags & CLS_WHEREPARAMS) && strcmp(c->name, "whereParams") == 0)
		{
			tree_param_list(b, ch->attrs, c, "whereParams", "param", a_param);
			continue;
		}
		if ((spec->flags & CLS_ARGS) &&
			(strcmp(c->name, "args") == 0 || strcmp(c->name, "arg") == 0))
		{
			static const char *const arg_attrs[] = {"value", NULL};

			tree_param_list(b, ch->attrs, c, "args", "arg", arg_attrs);
			continue;
		}
		if ((spec->flags & CLS_PARAMS) &&
			(strcmp(c->name, "params") == 0 || strcmp(c->name, "param") == 0))
		{
			static const char *const param_attrs[] = {"name", "value", NULL};

			tree_param_list(b, ch->attrs, c, "params", "param", param_attrs);
			continue;
		}
		if (spec->text_field && strcmp(c->name, spec->text_field) == 0)
			field = spec->text_field;
		else if (strcmp(spec->name, "createProcedure") == 0 &&
				 strcmp(c->name, "procedureBody") == 0)
			field = "procedureText";
		else if ((spec->flags & CLS_WHERE) && strcmp(c->name, "where") == 0)
			field = "where";
		else if ((spec->flags & CLS_COMMENT) && strcmp(c->name, "comment") == 0)
			field = "comment";
		else if (in_list(spec->attrs, c->name))
			field = c->name;
		if (field == NULL)
		{
			warn_ignored(b, c, spec->name);
			continue;
		}
		v = pn_scalar(b, c, spec->name);
		if (v)
			set_scalar(ch->attrs, field, v->value, v->typed, c->line);
	}
	cl_apply_remove_rules(b->remove_rules, b->file, ch);
	cl_finish_change(b->st, b->file, ch);
	return ch;
}

static ClPrecondition *
tree_precondition(TreeBuild *b, PNode *p, const ClSchemaElem *spec)
{
	ClPrecondition *pc = palloc0(sizeof(ClPrecondition));
	ListCell   *lc;
	ClNode	   *v;

	check_stack_depth();
	pc->type = pstrdup(spec->name);
	pc->attrs = cl_node_object(spec->name, p->line);
	pc->line = p->line;
	if (p->value && p->value->value && p->children == NIL &&
		(spec->flags & CLS_DIRECT))
		set_scalar(pc->attrs, spec->text_field, p->value->value,
				   p->value->typed, p->line);
	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);
		const ClSchemaElem *cs;

		if (spec->flags & CLS_NESTED)
		{
			if ((cs = cl_schema_precondition(c->name)) != NULL)
				pc->children = lappend(pc->children,
									   tree_precondition(b, c, cs));
			else if (c->children != NIL)
				cl_parse_error(b->file, c->line, 0, NULL,
							   "unknown precondition \"%s\"", c->name);
			continue;
		}
		if ((spec->flags & CLS_PARAMS) &&
			(strcmp(c->name, "params") == 0 || strcmp(c->name, "param") == 0))
		{
			static const char *const param_attrs[] = {"name", "value", NULL};

			tree_param_list(b, pc->attrs, c, "params", "param", param_attrs);
			continue;
		}
		if (in_list(spec->attrs, c->name) ||
			(spec->text_field && strcmp(c->name, spec->text_field) == 0))
		{
			v = pn_scalar(b, c, spec->name);
			if (v)
				set_scalar(pc->attrs, c->name, v->value, v->typed, c->line);
		}
		else
			warn_ignored(b, c, spec->name);
	}
	return pc;
}

static ClPreconditions *
tree_preconditions(TreeBuild *b, PNode *p, bool changelog_level)
{
	ClPreconditions *pre;
	ListCell   *lc;

	pre = cl_build_preconditions(b->file, pn_attrs(b, p, cl_preconditions_attrs),
								 changelog_level, p->line);
	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);
		const ClSchemaElem *spec = cl_schema_precondition(c->name);

		if (spec)
			pre->conditions = lappend(pre->conditions,
									  tree_precondition(b, c, spec));
		else if (c->children != NIL)
			cl_parse_error(b->file, c->line, 0, NULL,
						   "unknown precondition \"%s\"", c->name);
	}
	return pre;
}

static void
tree_rollback(TreeBuild *b, ClChangeSet *cs, PNode *p)
{
	const char *id = pn_str(b, p, "changeSetId");
	ListCell   *lc;

	cs->has_rollback = true;
	if (id != NULL)
	{
		const char *v;

		cs->rollback_ref_id = pstrdup(id);
		if ((v = pn_str(b, p, "changeSetAuthor")) != NULL)
			cs->rollback_ref_author = pstrdup(v);
		if ((v = pn_str(b, p, "changeSetPath")) != NULL)
			cs->rollback_ref_path = pstrdup(v);
		return;
	}
	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);
		const ClSchemaElem *spec = cl_schema_change(c->name);

		if (spec)
			cs->rollback = lappend(cs->rollback, tree_change(b, c, spec));
		else if (c->children != NIL)
			cl_parse_error(b->file, c->line, 0, NULL,
						   "unknown change type \"%s\"", c->name);
	}
	if (p->nvalues > 1)
		cl_parse_error(b->file, p->line, 0,
					   "Write the rollback SQL as one string, or list changes such as \"- sql: {sql: ...}\".",
					   "unexpected list of values in \"rollback\"");
	if (p->value && p->value->value)
	{
		char	   *sql;

		if (p->value->typed)
			cl_parse_error(b->file, p->line, 0, NULL,
						   "unexpected value \"%s\" in \"rollback\"",
						   p->value->value);
		sql = cl_java_trim(p->value->value);
		if (sql)
		{
			ClChange   *ch = cl_new_change(b->file, "sql", p->line);

			cl_node_set(ch->attrs, "sql", sql, p->line);
			cs->rollback = lappend(cs->rollback, ch);
		}
	}
}

static void
tree_modify_sql(TreeBuild *b, ClChangeSet *cs, PNode *p)
{
	ClNode	   *mod = pn_attrs(b, p, cl_modify_sql_attrs);
	ListCell   *lc;

	foreach(lc, p->children)
	{
		PNode	   *c = (PNode *) lfirst(lc);

		if (in_list(visitor_types, c->name))
		{
			static const char *const vattrs[] = {"value", "replace", "with", "dbms",
			"context", "contextFilter", "labels", "applyToRollback", NULL};

			cs->modifySql = lappend(cs->modifySql,
									cl_build_visitor(b->file, c->name,
													 pn_attrs(b, c, vattrs),
													 mod, c->line));
		}
	}
}

static void
tree_changeset_child(TreeBuild *b, ClChangeSet *cs, PNode *c, List **comments)
{
	const ClSchemaElem *spec;

	if (strcmp(c->name, "comment") == 0)
	{
		ClNode	   *v = pn_scalar(b, c, "changeSet");

		*comments = lappend(*comments, v ? v->value : NULL);
	}
	else if (strcmp(c->name, "rollback") == 0)
		tree_rollback(b, cs, c);
	else if (strcmp(c->name, "validCheckSum") == 0 ||
			 strcmp(c->name, "validCheckSums") == 0)
	{
		ListCell   *lc;

		if (c->children != NIL)
			cl_parse_error(b->file, c->line, 0, NULL,
						   "\"%s\" must be a checksum or a list of checksums",
						   c->name);
		foreach(lc, c->values != NIL ? c->values :
				c->value ? list_make1(c->value) : NIL)
		{
			ClNode	   *v = (ClNode *) lfirst(lc);

			if (v->value)
				cs->validCheckSums = lappend(cs->validCheckSums,
											 pstrdup(v->value));
		}
	}
	else if (strcmp(c->name, "modifySql") == 0)
		tree_modify_sql(b, cs, c);
	else if (strcmp(c->name, "preConditions") == 0)
		cs->preconditions = tree_preconditions(b, c, false);
	else if (strcmp(c->name, "changes") == 0)
	{
		ListCell   *lc;

		foreach(lc, c->children)
			tree_changeset_child(b, cs, (PNode *) lfirst(lc), comments);
	}
	else if (in_list(cl_changeset_attrs, c->name) ||
			 strcmp(c->name, "alwaysRun") == 0)
		 /* handled by cl_build_changeset */ ;
	else if ((spec = cl_schema_change(c->name)) != NULL)
		cs->changes = lappend(cs->changes, tree_change(b, c, spec));
	else if (c->children != NIL)
		cl_parse_error(b->file, c->line, 0,
					   "Check the spelling and capitalization of the change type.",
					   "unknown change type \"%s\"", c->name);
}

static void
tree_changeset(TreeBuild *b, PNode *p)
{
	ClNode	   *attrs;
	ClChangeSet *cs;
	List	   *comments = NIL;
	ListCell   *lc;
	static const char *const cs_attrs_yaml[] = {
		"id", "author", "context", "contextFilter", "labels", "dbms",
		"runOnChange", "runAlways", "alwaysRun", "failOnError",
		"onValidationFail", "runInTransaction", "logicalFilePath",
		"objectQuotingStrategy", "created", "runOrder", "ignore", "runWith",
		"runWithSpoolFile", NULL
	};

	CHECK_FOR_INTERRUPTS();
	if (p->children == NIL)
		cl_parse_error(b->file, p->line, 0, NULL,
					   "\"changeSet\" must be a map");
	attrs = pn_attrs(b, p, cs_attrs_yaml);
	cs = cl_build_changeset(b->file, attrs, p->line);
	/* Liquibase never loads a changeset for another database: reported only */
	if (cl_changeset_dbms_skipped(cs))
	{
		cl_add_changeset(b->st, b->file, cs);
		return;
	}
	foreach(lc, p->children)
		tree_changeset_child(b, cs, (PNode *) lfirst(lc), &comments);
	cl_set_comments(cs, comments);
	cl_add_changeset(b->st, b->file, cs);
}

/* A "property" entry; prepass = Liquibase's first pass (raw values). */
static void
tree_property(TreeBuild *b, ClNode *prop, bool prepass)
{
	PNode	   *p = pnode_make(b, "property", prop);
	ClNode	   *attrs;

	if (prop->kind != CLN_OBJECT)
		cl_parse_error(b->file, prop->line, 0, NULL,
					   "\"property\" must be a map");
	attrs = pn_attrs(b, p, cl_property_attrs);
	if (prepass)
	{
		/* the first pass knows only "context" */
		ClNode	   *f = cl_node_get(attrs, "contextFilter");

		if (f)
			attrs->items = list_delete_ptr(attrs->items, f);
		if (cl_node_get(attrs, "name") == NULL && cl_node_get(attrs, "file") == NULL)
			return;
	}
	cl_handle_property(b->st, b->file, attrs, p->line);
}

#ifdef CL_CLOBBER_TREE
/* a test build: overwrite the tree, so that a model pointing into it shows */
static void
clobber(ClNode *n)
{
	ListCell   *lc;

	if (n == NULL)
		return;
	if (n->kind != CLN_SCALAR)
		foreach(lc, n->items)
			clobber((ClNode *) lfirst(lc));
	if (n->value && n->value[0])
		memset(n->value, 'Z', strlen(n->value));
	/* a shared vocabulary name is no copy of the tree's */
	if (n->name && n->name[0] && cl_intern_name(n->name) != n->name)
		memset(n->name, 'Z', strlen(n->name));
	n->items = NIL;
	n->line = -7;
}
#endif

/* The YAML/JSON document tree is not needed once the model is built. */
void
cl_tree_release(MemoryContext treecxt, ClNode *root)
{
#ifdef CL_CLOBBER_TREE
	clobber(root);
#else
	MemoryContextDelete(treecxt);
#endif
}

/* An entry of databaseChangeLog: what Liquibase does with each key. */
static void
build_entry(TreeBuild *b, ClNode *item, MemoryContext modelcxt)
{
	ListCell   *lc;

	foreach(lc, item->items)
	{
		ClNode	   *entry = (ClNode *) lfirst(lc);
		PNode	   *p = pnode_make(b, entry->name, entry);
		MemoryContext treecxt = MemoryContextSwitchTo(modelcxt);

		if (strcmp(p->name, "changeSet") == 0)
			tree_changeset(b, p);
		else if (strcmp(p->name, "include") == 0)
			cl_handle_include(b->st, b->file, pn_attrs(b, p, cl_include_attrs),
							  p->line);
		else if (strcmp(p->name, "includeAll") == 0)
			cl_handle_include_all(b->st, b->file,
								  pn_attrs(b, p, cl_include_all_attrs),
								  p->line);
		else if (strcmp(p->name, "property") == 0)
			tree_property(b, entry, false);
		else if (strcmp(p->name, "preConditions") == 0)
			cl_add_file_preconditions(b->st, b->file,
									  tree_preconditions(b, p, true));
		else if (strcmp(p->name, "removeChangeSetProperty") == 0)
			b->remove_rules = cl_remove_property_rule(b->remove_rules, b->file,
													  pn_attrs(b, p, cl_remove_property_attrs),
													  p->line);
		else if (strcmp(p->name, "modifyChangeSets") == 0)
			cl_parse_error(b->file, p->line, 0,
						   "Only runWith=\"jdbc\" can run inside the server; include the files directly.",
						   "\"%s\" is not supported", p->name);
		else if (p->children != NIL)
			cl_parse_error(b->file, p->line, 0,
						   "Entries of \"databaseChangeLog\" are changeSet, include, includeAll, property and preConditions.",
						   "unexpected entry \"%s\" in \"databaseChangeLog\"",
						   p->name);
		MemoryContextSwitchTo(treecxt);
	}
}

static bool
is_property_key(const char *key)
{
	return strcmp(key, "property") == 0;
}

static bool
is_first_pass_key(const char *key)
{
	return is_property_key(key) || in_list(cl_changelog_attrs, key);
}

/*
 * The model from the entries of databaseChangeLog, in Liquibase's order:
 * 1. the properties, with their raw values, and the changelog's own
 *    attributes (logicalFilePath, context...), wherever they appear;
 * 2. every string expanded with the properties known after step 1;
 * 3. the changelog's attributes applied;
 * 4. each entry in order, expanded once more, then built.
 * Steps 2 and 4 are done entry by entry, each entry's tree built, used and
 * freed before the next one's (step 2 sees only step 1's properties, as if
 * it had run over the whole document first).
 */
void
cl_build_from_entries(ClParseState *st, ClFile *file, const ClEntryOps *ops,
					  void *arg, int count, int dcl_line)
{
	TreeBuild	b;
	MemoryContext modelcxt = CurrentMemoryContext;
	MemoryContext entrycxt;
	List	   *attr_nodes = NIL;
	ClNode	   *rootattrs;
	ListCell   *lc;
	int			first_pass_properties;
	int			i;

	b.st = st;
	b.file = file;
	b.remove_rules = NIL;
	entrycxt = AllocSetContextCreate(modelcxt, "changelog_sync YAML/JSON entry",
									 CL_PER_ITEM_CONTEXT_SIZES);

	/* 1. properties (raw values) and the changelog's attributes */
	for (i = 0; i < count; i++)
	{
		int			line;
		ClNodeKind	kind = ops->kind(arg, i, &line);
		ClNode	   *item;
		ListCell   *lc2;

		CHECK_FOR_INTERRUPTS();
		if (kind == CLN_LIST)
			cl_parse_error(file, line, 0, NULL,
						   "unexpected nested list in \"%s\"", "databaseChangeLog");
		if (kind != CLN_OBJECT || !ops->has_key(arg, i, is_first_pass_key))
			continue;
		MemoryContextSwitchTo(entrycxt);
		item = ops->get(arg, i);
		foreach(lc2, item->items)
		{
			ClNode	   *c = (ClNode *) lfirst(lc2);

			if (is_property_key(c->name))
			{
				MemoryContextSwitchTo(modelcxt);
				tree_property(&b, c, true);
				MemoryContextSwitchTo(entrycxt);
			}
			else if (in_list(cl_changelog_attrs, c->name))
			{
				/* a single value (a list of one counts), as pn_attrs wants */
				PNode	   *pc = pnode_make(&b, c->name, c);
				ClNode	   *v = pn_scalar(&b, pc, "databaseChangeLog");

				if (v != NULL)
				{
					ClNode	   *copy;

					MemoryContextSwitchTo(modelcxt);
					copy = cl_node_scalar(c->name, v->value, pc->line);
					copy->typed = v->typed;
					attr_nodes = lappend(attr_nodes, copy);
					MemoryContextSwitchTo(entrycxt);
				}
			}
		}
		MemoryContextSwitchTo(modelcxt);
#ifdef CL_CLOBBER_TREE
		/* (a document's own nodes are still needed by step 4) */
		if (ops->fresh)
			clobber(item);
#endif
		MemoryContextReset(entrycxt);
	}
	first_pass_properties = list_length(st->properties);

	/* 2. and 3. the changelog's attributes, expanded as step 2 would */
	rootattrs = cl_node_object("databaseChangeLog", dcl_line);
	foreach(lc, attr_nodes)
	{
		ClNode	   *c = (ClNode *) lfirst(lc);
		char	   *value = c->value;

		if (!c->typed && cl_has_property_ref(value))
		{
			st->property_limit = first_pass_properties;
			value = cl_expand(st, file, value);
			st->property_limit = -1;
		}
		if (cl_node_get(rootattrs, c->name))
			cl_parse_error(file, c->line, 0, NULL,
						   "\"%s\" is given more than once in \"%s\"",
						   c->name, "databaseChangeLog");
		set_scalar(rootattrs, c->name, value, c->typed, c->line);
	}
	cl_apply_changelog_attrs(file, rootattrs, dcl_line);

	/* 2. and 4. each entry: expanded twice, then built */
	for (i = 0; i < count; i++)
	{
		int			line;
		ClNode	   *item;

		CHECK_FOR_INTERRUPTS();
		if (ops->kind(arg, i, &line) != CLN_OBJECT)
		{
			ops->release(arg, i);
			continue;
		}
		MemoryContextSwitchTo(entrycxt);
		item = ops->get(arg, i);
		/* (an error abandons the parse state: no need to reset the limit) */
		st->property_limit = first_pass_properties;
		expand_tree(&b, item, 0);
		st->property_limit = -1;
		expand_tree(&b, item, 0);
		build_entry(&b, item, modelcxt);
		MemoryContextSwitchTo(modelcxt);
		ops->release(arg, i);
#ifdef CL_CLOBBER_TREE
		clobber(item);
#endif
		MemoryContextReset(entrycxt);
	}
	MemoryContextDelete(entrycxt);
}

/* The entries of a whole-document tree. */
typedef struct TreeEntries
{
	ClNode	   *list;
	void		(*release) (void *arg, ClNode *list, int i);
	void	   *release_arg;
} TreeEntries;

static ClNodeKind
tree_entry_kind(void *arg, int i, int *line)
{
	ClNode	   *item = (ClNode *) list_nth(((TreeEntries *) arg)->list->items, i);

	*line = item->line;
	return item->kind;
}

static bool
tree_entry_has_key(void *arg, int i, bool (*wanted) (const char *key))
{
	ClNode	   *item = (ClNode *) list_nth(((TreeEntries *) arg)->list->items, i);
	ListCell   *lc;

	foreach(lc, item->items)
		if (wanted(((ClNode *) lfirst(lc))->name))
			return true;
	return false;
}

static ClNode *
tree_entry_get(void *arg, int i)
{
	return (ClNode *) list_nth(((TreeEntries *) arg)->list->items, i);
}

static void
tree_entry_release(void *arg, int i)
{
	TreeEntries *te = (TreeEntries *) arg;

	if (te->release)
		te->release(te->release_arg, te->list, i);
}

bool
cl_check_changelog_root(ClFile *file, int root_line, ClNodeKind root_kind,
						bool root_empty, bool dcl_found, int dcl_line,
						ClNodeKind dcl_kind, bool dcl_null)
{
	const char *start = "A changelog starts with \"databaseChangeLog:\" followed by a list of entries.";

	if (root_empty)
		cl_parse_error(file, root_line, 0, NULL, "changelog file is empty");
	if (root_kind != CLN_OBJECT)
		cl_parse_error(file, root_line, 0, start,
					   "changelog must be a map with the key \"databaseChangeLog\"");
	if (!dcl_found)
		cl_parse_error(file, root_line, 0, start,
					   "could not find \"databaseChangeLog\"");
	if (dcl_null)
		return false;
	if (dcl_kind != CLN_LIST)
		cl_parse_error(file, dcl_line, 0,
					   "Each entry must begin with \"- changeSet:\", \"- include:\" or another list item.",
					   "\"databaseChangeLog\" must be a list of entries");
	return true;
}

void
cl_build_from_tree(ClParseState *st, ClFile *file, ClNode *root,
				   void (*release) (void *arg, ClNode *list, int i),
				   void *release_arg)
{
	static const ClEntryOps ops = {
		tree_entry_kind, tree_entry_has_key, tree_entry_get, tree_entry_release,
		false
	};
	ClNode	   *dcl = root ? cl_node_get(root, "databaseChangeLog") : NULL;
	TreeEntries te;

	if (!cl_check_changelog_root(file, root ? root->line : 1,
								 root ? root->kind : CLN_SCALAR,
								 root == NULL ||
								 (root->kind == CLN_SCALAR && root->value == NULL) ||
								 (root->kind != CLN_SCALAR && root->items == NIL),
								 dcl != NULL, dcl ? dcl->line : 0,
								 dcl ? dcl->kind : CLN_SCALAR,
								 dcl && dcl->kind == CLN_SCALAR && dcl->value == NULL))
		return;					/* an empty changelog */
	te.list = dcl;
	te.release = release;
	te.release_arg = release_arg;
	cl_build_from_entries(st, file, &ops, &te, list_length(dcl->items), dcl->line);
}

/* ---------- repeated keys in big YAML / JSON maps ---------- */

/* a map with more fields than this gets an index */
#define CL_KEYINDEX_MIN 16

struct ClKeyIndex
{
	int			size;			/* slots, a power of 2 */
	int			count;
	const char **names;			/* NULL = free slot */
	int		   *positions;
};

static void
keyindex_insert(ClKeyIndex *ki, const char *name, int position)
{
	uint32		i;

	if (2 * (ki->count + 1) > ki->size)
	{
		ClKeyIndex	grown;
		int			j;

		grown.size = ki->size * 2;
		grown.count = 0;
		grown.names = palloc0(sizeof(char *) * grown.size);
		grown.positions = palloc(sizeof(int) * grown.size);
		for (j = 0; j < ki->size; j++)
			if (ki->names[j] != NULL)
				keyindex_insert(&grown, ki->names[j], ki->positions[j]);
		pfree(ki->names);
		pfree(ki->positions);
		*ki = grown;
	}
	i = cl_hash(name, strlen(name)) & (ki->size - 1);
	while (ki->names[i] != NULL)
		i = (i + 1) & (ki->size - 1);
	ki->names[i] = name;
	ki->positions[i] = position;
	ki->count++;
}

/* The position recorded for name, or -1 (ki may be NULL: empty). */
int
cl_keyindex_find(const ClKeyIndex *ki, const char *name)
{
	uint32		i;

	if (ki == NULL || name == NULL)
		return -1;
	i = cl_hash(name, strlen(name)) & (ki->size - 1);
	while (ki->names[i] != NULL)
	{
		if (strcmp(ki->names[i], name) == 0)
			return ki->positions[i];
		i = (i + 1) & (ki->size - 1);
	}
	return -1;
}

/* Record (or move) name at position; *ki is created on first use. */
void
cl_keyindex_set(ClKeyIndex **ki, const char *name, int position)
{
	uint32		i;

	if (*ki == NULL)
	{
		*ki = palloc0(sizeof(ClKeyIndex));
		(*ki)->size = 4 * CL_KEYINDEX_MIN;
		(*ki)->names = palloc0(sizeof(char *) * (*ki)->size);
		(*ki)->positions = palloc(sizeof(int) * (*ki)->size);
	}
	i = cl_hash(name, strlen(name)) & ((*ki)->size - 1);
	while ((*ki)->names[i] != NULL)
	{
		if (strcmp((*ki)->names[i], name) == 0)
		{
			(*ki)->positions[i] = position;
			return;
		}
		i = (i + 1) & ((*ki)->size - 1);
	}
	keyindex_insert(*ki, name, position);
}

int
cl_field_position(const ClNode *obj, const char *name, ClKeyIndex **keys)
{
	ListCell   *lc;

	if (name == NULL)
		return -1;
	if (*keys != NULL)
		return cl_keyindex_find(*keys, name);
	foreach(lc, obj->items)
	{
		ClNode	   *n = (ClNode *) lfirst(lc);

		if (n->name && strcmp(n->name, name) == 0)
			return foreach_current_index(lc);
	}
	return -1;
}

void
cl_field_appended(const ClNode *obj, ClKeyIndex **keys)
{
	int			n = list_length(obj->items);
	ClNode	   *last;

	if (*keys == NULL)
	{
		ListCell   *lc;

		if (n <= CL_KEYINDEX_MIN)
			return;
		/* the first of repeated names keeps its position */
		foreach(lc, obj->items)
		{
			ClNode	   *f = (ClNode *) lfirst(lc);

			if (f->name != NULL && cl_keyindex_find(*keys, f->name) < 0)
				cl_keyindex_set(keys, f->name, foreach_current_index(lc));
		}
		return;
	}
	last = (ClNode *) llast(obj->items);
	if (last->name != NULL && cl_keyindex_find(*keys, last->name) < 0)
		keyindex_insert(*keys, last->name, n - 1);
}
