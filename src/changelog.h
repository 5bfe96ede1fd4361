/*-------------------------------------------------------------------------
 *
 * changelog.h
 *	  The in-memory changelog model shared by every parser and the engine.
 *
 * The four parsers (formatted SQL, XML, YAML, JSON) all produce these
 * structures; nothing downstream knows which format a changeset came from.
 * Everything is palloc'd in the run's memory context.
 *
 * A change is generic: its type name (the XML element name, e.g.
 * "createTable") plus a tree of attributes (ClNode) in document order.  That
 * tree is what the checksum serialiser walks and what SQL generation reads.
 *
 *-------------------------------------------------------------------------
 */
#ifndef CHANGELOG_H
#define CHANGELOG_H

#include "nodes/pg_list.h"

/* ---------- generic attribute tree ---------- */

typedef enum ClNodeKind
{
	CLN_SCALAR,					/* text value */
	CLN_OBJECT,					/* ordered named fields (items are ClNode with name) */
	CLN_LIST					/* ordered elements (items are ClNode) */
} ClNodeKind;

typedef struct ClNode
{
	char	   *name;			/* key in the parent object; for list elements
								 * the element name ("column", "param") or NULL;
								 * shared, never written through (see
								 * cl_intern_name) */
	char	   *value;			/* CLN_SCALAR: text after ${} expansion; NULL
								 * for an explicit YAML/JSON null */
	List	   *items;			/* CLN_OBJECT / CLN_LIST children */
	int32		line;			/* 1-based source line, 0 if unknown */
	uint8		kind;			/* ClNodeKind; one byte keeps the node at 32 */
	bool		typed;			/* CLN_SCALAR: an unquoted YAML/JSON number or
								 * boolean (affects number formatting) */
} ClNode;

/*
 * A node name: the one shared copy of a name of the changelog vocabulary
 * ("tableName", "column"...), else a palloc'd copy.  Millions of nodes carry
 * a few hundred distinct names.
 */
extern char *cl_intern_name(const char *name);

/*
 * A hash of len bytes, seeded once per backend at random: the tables keyed
 * by what a changelog or the history holds (ids, map keys, anchors) cannot
 * be flooded with keys chosen to collide.
 */
extern uint32 cl_hash(const char *s, size_t len);

/* FNV-1a of a NUL-terminated name: cheap for the short names of the vocabulary. */
static inline uint32
cl_name_hash(const char *s)
{
	uint32		h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char) *s) * 16777619u;
	return h;
}

extern ClNode *cl_node_object(const char *name, int line);
extern ClNode *cl_node_list(const char *name, int line);
extern ClNode *cl_node_scalar(const char *name, const char *value, int line);
extern ClNode *cl_node_scalar_own(const char *name, char *value, int line);
/* Append child to an object or list; returns child. */
extern ClNode *cl_node_add(ClNode *parent, ClNode *child);
/* Set (or replace) a scalar field of an object. */
extern ClNode *cl_node_set(ClNode *obj, const char *name, const char *value, int line);
/* The same, taking value (palloc'd by the caller) instead of a copy. */
extern ClNode *cl_node_set_own(ClNode *obj, const char *name, char *value, int line);
/* Field lookup in an object (exact name); NULL if absent. */
extern ClNode *cl_node_get(const ClNode *obj, const char *name);
/* Scalar text of a field, or NULL when absent or null. */
extern const char *cl_node_str(const ClNode *obj, const char *name);
/* Boolean field ("true" case-insensitively is true); dflt when absent. */
extern bool cl_node_bool(const ClNode *obj, const char *name, bool dflt);

/* ---------- changes ---------- */

typedef struct ClChange
{
	char	   *type;			/* "sql", "sqlFile", "createTable", ... */
	ClNode	   *attrs;			/* CLN_OBJECT: attributes and nested elements */
	char	   *file_text;		/* sqlFile / createView path= / createProcedure
								 * path=: the referenced file's text, read at
								 * parse time (not expanded); NULL otherwise */
	char	   *file_text_expanded; /* file_text with ${} expanded: what
									 * sqlFile executes, what createView /
									 * createProcedure hash and run */
	char	   *file_raw;		/* loadData / loadUpdateData: the CSV file's
								 * bytes as read (hashed); file_text is the
								 * decoded text */
	size_t		file_raw_len;
	struct ClSource *source;	/* loadData / loadUpdateData: where the CLOB
								 * and BLOB files its cells name are read */
	char	   *file;			/* physical path of the changelog file */
	int			line;
} ClChange;

/* ---------- preconditions ---------- */

typedef struct ClPrecondition
{
	char	   *type;			/* "and", "or", "not", "tableExists", "sqlCheck", ... */
	ClNode	   *attrs;			/* attributes; element text (sqlCheck) as "sql" */
	List	   *children;		/* ClPrecondition, for and / or / not */
	int			line;
} ClPrecondition;

typedef struct ClPreconditions
{
	char	   *onFail;			/* HALT, CONTINUE, MARK_RAN, WARN; NULL = HALT */
	char	   *onError;
	char	   *onFailMessage;
	char	   *onErrorMessage;
	char	   *onSqlOutput;
	List	   *conditions;		/* ClPrecondition, AND-ed */
	char	   *file;
	int			line;
} ClPreconditions;

/* ---------- changesets ---------- */

typedef struct ClChangeSet
{
	char	   *id;
	char	   *author;
	char	   *filename;		/* FILENAME as recorded (logical path if any) */
	char	   *physical_path;	/* the file it was read from */
	int			line;			/* line of the changeset start */

	bool		runAlways;
	bool		runOnChange;
	bool		failOnError;	/* default true */
	bool		runInTransaction;	/* default true */
	bool		ignore;
	const char *excluded;		/* set by cl_add_changeset for an ignored
								 * changeset or one for another dbms: it is
								 * only reported ("filtered"), never loaded,
								 * run, recorded or checked for duplicates */

	/*
	 * Context expressions: the inherited ones innermost first (the file's own
	 * databaseChangeLog context, its include's, then outwards), the
	 * changeset's own last.  Each must hold; CONTEXTS is derived from it
	 * (cl_contexts_column).  Labels likewise.
	 */
	List	   *contexts;		/* char * */
	List	   *labels;			/* char *, each a comma list */
	char	   *dbms;			/* NULL when not given */

	char	   *comments;		/* NULL when none */
	char	   *objectQuotingStrategy;	/* NULL = inherit / LEGACY */
	char	   *onValidationFail;	/* NULL = HALT */
	bool		validation_failed;	/* set by the engine: cannot run, and
									 * onValidationFail says MARK_RAN */
	void	   *history_row;	/* the engine's: its stored row (history.c), */
	uint64		history_generation; /* as of this history generation (0: none) */
	char	   *created;
	char	   *runOrder;
	List	   *validCheckSums; /* char * */

	List	   *changes;		/* ClChange */
	ClPreconditions *preconditions; /* NULL when none */

	/* rollback */
	bool		has_rollback;	/* an explicit rollback was given */
	List	   *rollback;		/* ClChange (raw SQL is a "sql" change) */
	char	   *rollback_ref_id;	/* rollback changeSetId=... form */
	char	   *rollback_ref_author;
	char	   *rollback_ref_path;

	List	   *modifySql;		/* ClNode objects; name = visitor type */
} ClChangeSet;

/* A changelog-level <preConditions> of one file, evaluated before the run. */
typedef struct ClFilePreconditions
{
	char	   *file;
	ClPreconditions *pre;
} ClFilePreconditions;

typedef struct ClChangeLog
{
	List	   *changesets;		/* ClChangeSet, in execution order */
	List	   *file_preconditions; /* ClFilePreconditions */
	List	   *properties;		/* ClProperty, as defined when parsing ended */
} ClChangeLog;

/* ---------- the parse of a changelog tree ---------- */

struct ClSource;

/* Options of a run that influence parsing (property context filters). */
typedef struct ClRunFilter
{
	char	   *contexts;		/* the caller's contexts, NULL = none given */
	char	   *labels;			/* the caller's label expression, NULL = none */
} ClRunFilter;

typedef struct ClProperty
{
	char	   *name;
	char	   *value;
	bool		global;
	char	   *file;			/* defining file, for global=false */
} ClProperty;

/*
 * After parsing a document this big, libxml's or cJSON's freed tree is given
 * back to the system (malloc_trim costs about as much as parsing 2 MB, so a
 * smaller document keeps its freed memory for the model to reuse).
 */
#define CL_TRIM_AFTER_BYTES (8 * 1024 * 1024)
/* in such a document, while its tree is freed piece by piece: every this many pieces */
#define CL_TRIM_EVERY 4096
/* and a call whose memory still holds this much at its end */
#define CL_TRIM_AFTER_CALL_BYTES (64 * 1024 * 1024)

/*
 * A context reset after each changeset or entry: a first block big enough
 * for what one usually needs, so that a reset keeps it instead of handing
 * blocks back to malloc and asking again thousands of times.
 */
#define CL_PER_ITEM_CONTEXT_SIZES	(64 * 1024), (64 * 1024), ALLOCSET_DEFAULT_MAXSIZE

typedef struct ClParseState
{
	struct ClSource *source;
	ClRunFilter *filter;
	List	   *properties;		/* ClProperty, first definition wins */
	List	   *file_stack;		/* char *, files being parsed (cycle check) */
	ClChangeLog *result;
	int			depth;			/* include depth */
	int			files_parsed;	/* files parsed so far (fan-out guard) */
	int			ignoring;		/* inside include/includeAll ignore="true" */
	int			property_limit; /* >= 0: ${} sees only the first this many
								 * properties (YAML/JSON first expansion) */
	/* properties by case-folded name (find_property), in the parse's context */
	MemoryContext cxt;
	struct ClKeyIndex *prop_index;	/* name -> first property of that name */
	int		   *prop_next;		/* per property: next of that name, or -1 */
	int		   *prop_tail;		/* per first property: last of that name */
	int			prop_indexed;	/* properties indexed so far */
	int			prop_size;		/* prop_next / prop_tail allocated */
	int64		expanded_total; /* bytes ${} substitutions put in, whole parse */
} ClParseState;

/*
 * What a file being parsed inherits from the include that brought it in, and
 * where it is.  Parsers receive one and pass a copy down to includes.
 */
typedef struct ClFile
{
	char	   *path;			/* normalised path relative to the source root */
	char	   *logical_path;	/* changelog-level logicalFilePath, or NULL */
	char	   *content;		/* NUL-terminated, server encoding, valid */
	size_t		len;
	List	   *contexts;		/* inherited context expressions */
	List	   *labels;			/* inherited label lists */
	char	   *objectQuotingStrategy;
} ClFile;

/*
 * changelog_sync.max_changesets: the most changesets a changelog tree may
 * have (each costs a few kB of memory; includes can multiply them).
 */
extern int	cl_max_changesets;

/* Parse the whole tree rooted at path; content is NULL to read from source. */
extern ClChangeLog *cl_parse_changelog(struct ClSource *source, const char *path,
									   const char *content, ClRunFilter *filter,
									   List *parameters);

/* -- services for the format parsers (changelog.c) -- */

/* A new changeset with Liquibase's defaults, inheriting from file. */
extern ClChangeSet *cl_new_changeset(ClFile *file, const char *id,
									 const char *author, int line);
/* Append a finished changeset to the result (after validation). */
extern void cl_add_changeset(ClParseState *st, ClFile *file, ClChangeSet *cs);
extern ClChange *cl_new_change(ClFile *file, const char *type, int line);

/* ${name} expansion as Liquibase does it; unknown names left verbatim. */
extern char *cl_expand(ClParseState *st, ClFile *file, const char *text);
/*
 * Text a parser (libxml2, libyaml, cJSON) produced from the document, as a
 * palloc'd string in the server encoding.
 */
extern char *cl_parser_text(const char *s, size_t len);

/* Does text hold a "${" (a property reference cl_expand would look at)? */
static inline bool
cl_has_property_ref(const char *text)
{
	const char *p = text;

	/* strchr is much cheaper than strstr on the short texts of a changelog */
	while ((p = strchr(p, '$')) != NULL)
	{
		if (p[1] == '{')
			return true;
		p++;
	}
	return false;
}

/* The value of a built-in property (database.typeName ...), or NULL. */
extern const char *cl_builtin_property(const char *name, size_t len);

/* Define a property (first definition wins); filters by context/labels/dbms. */
extern void cl_define_property(ClParseState *st, ClFile *file, const char *name,
							   const char *value, const char *context,
							   const char *labels, const char *dbms, bool global);
/* Read a .properties file and define each key. */
extern void cl_property_file(ClParseState *st, ClFile *file, const char *path,
							 bool relative, const char *context,
							 const char *labels, const char *dbms, bool global,
							 int line);

/* include / includeAll; context and labels may be NULL. */
extern void cl_include(ClParseState *st, ClFile *file, const char *path,
					   bool relativeToChangelogFile, bool errorIfMissing,
					   const char *context, const char *labels, int line);
extern void cl_include_all(ClParseState *st, ClFile *file, const char *path,
						   bool relativeToChangelogFile,
						   bool errorIfMissingOrEmpty, int minDepth,
						   int maxDepth, const char *endsWithFilter,
						   const char *context, const char *labels, int line);

/*
 * Read a file a change refers to (sqlFile path, createView/createProcedure
 * path, loadData file): resolved against the including file when relative,
 * else against the root; decoded from encoding (NULL = UTF-8) to server
 * text.  Not property-expanded.
 */
extern char *cl_read_related_file(ClParseState *st, ClFile *file,
								  const char *path, bool relative,
								  const char *encoding, int line);

/* Record a changelog-level precondition block for file. */
extern void cl_add_file_preconditions(ClParseState *st, ClFile *file,
									  ClPreconditions *pre);

/* Does a dbms list ("postgresql", "!oracle", "all", "none") match us? */
extern bool cl_dbms_matches(const char *dbms);

/* Path helpers (Liquibase's normalisation: '\\' -> '/', no leading '/', no . or ..) */
extern char *cl_normalize_path(const char *path);
extern bool cl_path_is_normal(const char *path);
extern const char *cl_normal_path(const char *path);
extern char *cl_path_dirname(const char *path);
extern char *cl_path_join(const char *dir, const char *rel);

/* Raise a syntax error located at file:line[:col], with an optional hint. */
extern void cl_parse_error(ClFile *file, int line, int col, const char *hint,
						   const char *fmt,...)
			pg_attribute_printf(5, 6) pg_attribute_noreturn();
#define cl_syntax_error(file, line, col, ...) \
	cl_parse_error(file, line, col, NULL, __VA_ARGS__)

#endif							/* CHANGELOG_H */
