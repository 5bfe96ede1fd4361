/*-------------------------------------------------------------------------
 *
 * pg_shim.c
 *	  Stand-ins for the backend functions the parser files call, so that the
 *	  parsers (src/changelog.c, parse_*.c, contexts.c, splitter.c, fileio.c,
 *	  checksum.c, serialize.c) can be fuzzed outside the server; the unit
 *	  test of serialize.c (test/unit/run.sh) links it too.
 *
 * Faithful where it matters for finding bugs:
 *	- palloc & co. allocate from one arena that is reset after every input,
 *	  as the server resets the call's memory context; pfree and repalloc
 *	  really free, so AddressSanitizer sees use-after-free.  A request above
 *	  MaxAllocSize is an ERROR, as in the server.  A chunk allocated by a
 *	  library (malloc) and not freed is reported by LeakSanitizer.  Holding
 *	  more than FUZZ_ARENA_LIMIT_MB (default 512) at once aborts: for a fuzz
 *	  input of a few dozen kB, that is a memory amplification.
 *	- ereport(ERROR) builds the message, runs the error context callbacks
 *	  and siglongjmps to PG_exception_stack, so PG_TRY / PG_CATCH /
 *	  PG_FINALLY in the parsers work exactly as in the backend.
 *	- check_stack_depth() fails past FUZZ_MAX_STACK bytes below the stack
 *	  base the harness records (the server's max_stack_depth is 2MB).
 *	- StringInfo, psprintf: the backend's overflow checks (1 GB).
 *	- pg_any_to_server verifies UTF-8 like the server does.
 *
 * Functions that only the server can provide (file access, privileges) are
 * never reached: the harness gives every file in memory.  They abort.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "common/unicode_norm.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/pg_list.h"
#include "nodes/value.h"
#include "storage/fd.h"
#include "utils/acl.h"
#include "utils/datetime.h"
#include "utils/memutils.h"

#include "fuzz_shim.h"

#undef snprintf
#undef vsnprintf
#undef fprintf
#undef printf

/* ---------- memory: one arena, reset per input ---------- */

typedef struct Chunk
{
	struct Chunk *prev;
	struct Chunk *next;
	size_t		size;
	uint64		magic;
} Chunk;

#define CHUNK_MAGIC UINT64CONST(0x5A5A636C73796E63)

static Chunk arena = {&arena, &arena, 0, 0};
static size_t arena_bytes;
static bool in_report;			/* building an error report: no limit */
size_t		fuzz_arena_peak;
size_t		fuzz_arena_limit = 0;	/* 0: FUZZ_ARENA_LIMIT_MB, default 512 */

static void *
chunk_alloc(Size size, bool zero)
{
	Chunk	   *c;

	if (!AllocSizeIsValid(size))
		elog(ERROR, "invalid memory alloc request size %zu", (size_t) size);
	if (fuzz_arena_limit == 0)
	{
		const char *mb = getenv("FUZZ_ARENA_LIMIT_MB");

		fuzz_arena_limit = (size_t) (mb ? atol(mb) : 512) * 1024 * 1024;
	}
	if (!in_report && arena_bytes + size > fuzz_arena_limit)
	{
		/*
		 * A fuzz input is at most a few dozen kB: this much memory is an
		 * amplification the server would suffer too.  A finding.
		 */
		fprintf(stderr, "fuzz shim: the input made the parsers hold more than %zu MB\n",
				fuzz_arena_limit / (1024 * 1024));
		abort();
	}
	c = zero ? calloc(1, sizeof(Chunk) + size) : malloc(sizeof(Chunk) + size);
	if (c == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_OUT_OF_MEMORY),
				 errmsg("out of memory")));
	c->size = size;
	c->magic = CHUNK_MAGIC;
	c->next = arena.next;
	c->prev = &arena;
	arena.next->prev = c;
	arena.next = c;
	arena_bytes += size;
	if (arena_bytes > fuzz_arena_peak)
		fuzz_arena_peak = arena_bytes;
	return c + 1;
}

static Chunk *
chunk_of(void *p)
{
	Chunk	   *c = ((Chunk *) p) - 1;

	if (c->magic != CHUNK_MAGIC)
	{
		fprintf(stderr, "fuzz shim: pfree/repalloc of a pointer palloc did not return\n");
		abort();
	}
	return c;
}

void *
palloc(Size size)
{
	return chunk_alloc(size, false);
}

void *
palloc0(Size size)
{
	return chunk_alloc(size, true);
}

void *
palloc_extended(Size size, int flags)
{
	return chunk_alloc(size, (flags & MCXT_ALLOC_ZERO) != 0);
}

/*
 * Memory contexts: one arena serves them all (reset after every input), so
 * creating one hands out a token and deleting or resetting one does nothing.
 */
static char fuzz_context_token;
MemoryContext CurrentMemoryContext = (MemoryContext) &fuzz_context_token;

MemoryContext
AllocSetContextCreateInternal(MemoryContext parent, const char *name,
							  Size minContextSize, Size initBlockSize,
							  Size maxBlockSize)
{
	return (MemoryContext) &fuzz_context_token;
}

void
MemoryContextDelete(MemoryContext context)
{
}

void
MemoryContextReset(MemoryContext context)
{
}

void *
MemoryContextAlloc(MemoryContext context, Size size)
{
	return chunk_alloc(size, false);
}

void *
MemoryContextAllocZero(MemoryContext context, Size size)
{
	return chunk_alloc(size, true);
}

void *
MemoryContextAllocExtended(MemoryContext context, Size size, int flags)
{
	/* the arena's limit is an error even under MCXT_ALLOC_NO_OOM (thrown through cJSON, safely) */
	return chunk_alloc(size, (flags & MCXT_ALLOC_ZERO) != 0);
}

void
pfree(void *pointer)
{
	Chunk	   *c = chunk_of(pointer);

	c->prev->next = c->next;
	c->next->prev = c->prev;
	arena_bytes -= c->size;
	c->magic = 0;
	free(c);
}

void *
repalloc(void *pointer, Size size)
{
	Chunk	   *c = chunk_of(pointer);
	void	   *n;

	if (!AllocSizeIsValid(size))
		elog(ERROR, "invalid memory alloc request size %zu", (size_t) size);
	n = chunk_alloc(size, false);
	memcpy(n, pointer, Min(size, c->size));
	pfree(pointer);
	return n;
}

/* Free everything palloc'd since the last reset (the call's context). */
void
fuzz_arena_reset(void)
{
	Chunk	   *c = arena.next;

	while (c != &arena)
	{
		Chunk	   *next = c->next;

		c->magic = 0;
		free(c);
		c = next;
	}
	arena.next = arena.prev = &arena;
	arena_bytes = 0;
}

size_t
fuzz_arena_bytes(void)
{
	return arena_bytes;
}

char *
pstrdup(const char *in)
{
	size_t		n = strlen(in);
	char	   *p = palloc(n + 1);

	memcpy(p, in, n + 1);
	return p;
}

char *
pnstrdup(const char *in, Size len)
{
	size_t		n = strnlen(in, len);
	char	   *p = palloc(n + 1);

	memcpy(p, in, n);
	p[n] = '\0';
	return p;
}

size_t
pvsnprintf(char *buf, size_t len, const char *fmt, va_list args)
{
	int			nprinted;

	nprinted = pg_vsnprintf(buf, len, fmt, args);
	if (unlikely(nprinted < 0))
		elog(ERROR, "vsnprintf failed: %m with format string \"%s\"", fmt);
	if ((size_t) nprinted < len)
		return (size_t) nprinted;
	if (unlikely((size_t) nprinted > MaxAllocSize - 1))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory")));
	return nprinted + 1;
}

char *
psprintf(const char *fmt,...)
{
	int			save_errno = errno;
	size_t		len = 128;

	for (;;)
	{
		char	   *result;
		va_list		args;
		size_t		newlen;

		result = (char *) palloc(len);
		errno = save_errno;
		va_start(args, fmt);
		newlen = pvsnprintf(result, len, fmt, args);
		va_end(args);
		if (newlen < len)
			return result;
		pfree(result);
		len = newlen;
	}
}

/* ---------- StringInfo (the backend's stringinfo.c) ---------- */

StringInfo
makeStringInfo(void)
{
	StringInfo	res = (StringInfo) palloc(sizeof(StringInfoData));

	initStringInfo(res);
	return res;
}

void
initStringInfo(StringInfo str)
{
	int			size = 1024;

	str->data = (char *) palloc(size);
	str->maxlen = size;
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	int			save_errno = errno;

	for (;;)
	{
		va_list		args;
		int			needed;

		errno = save_errno;
		va_start(args, fmt);
		needed = appendStringInfoVA(str, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(str, needed);
	}
}

int
appendStringInfoVA(StringInfo str, const char *fmt, va_list args)
{
	int			avail;
	size_t		nprinted;

	avail = str->maxlen - str->len;
	if (avail < 16)
		return 32;
	nprinted = pvsnprintf(str->data + str->len, (size_t) avail, fmt, args);
	if (nprinted < (size_t) avail)
	{
		str->len += (int) nprinted;
		return 0;
	}
	str->data[str->len] = '\0';
	return (int) nprinted;
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	if (str->len + 1 >= str->maxlen)
		enlargeStringInfo(str, 1);
	str->data[str->len] = ch;
	str->len++;
	str->data[str->len] = '\0';
}

void
appendStringInfoSpaces(StringInfo str, int count)
{
	if (count > 0)
	{
		enlargeStringInfo(str, count);
		while (--count >= 0)
			str->data[str->len++] = ' ';
		str->data[str->len] = '\0';
	}
}

void
appendBinaryStringInfo(StringInfo str, const char *data, int datalen)
{
	Assert(str != NULL);
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendBinaryStringInfoNT(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0)
		elog(ERROR, "invalid string enlargement request size: %d", needed);
	if (((Size) needed) >= (MaxAllocSize - (Size) str->len))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory"),
				 errdetail("Cannot enlarge string buffer containing %d bytes by %d more bytes.",
						   str->len, needed)));
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	if (newlen > (int) MaxAllocSize)
		newlen = (int) MaxAllocSize;
	str->data = (char *) repalloc(str->data, newlen);
	str->maxlen = newlen;
}

/* ---------- errors ---------- */

sigjmp_buf *PG_exception_stack = NULL;
ErrorContextCallback *error_context_stack = NULL;
volatile sig_atomic_t InterruptPending = false;

FuzzError	fuzz_last_error;
long		fuzz_warnings;

/* the report being built */
static struct
{
	bool		active;
	int			elevel;
	int			sqlerrcode;
	int			saved_errno;
	StringInfoData message;
	StringInfoData detail;
	StringInfoData hint;
	StringInfoData context;
	bool		in_context;
} edata;

static void
report_reset(int elevel)
{
	edata.active = true;
	in_report = true;
	edata.elevel = elevel;
	edata.sqlerrcode = elevel >= ERROR ? ERRCODE_INTERNAL_ERROR :
		elevel == WARNING ? ERRCODE_WARNING : ERRCODE_SUCCESSFUL_COMPLETION;
	edata.saved_errno = errno;
	edata.in_context = false;
	/* these buffers live in the arena, like ErrorContext's in the server */
	initStringInfo(&edata.message);
	initStringInfo(&edata.detail);
	initStringInfo(&edata.hint);
	initStringInfo(&edata.context);
}

bool
errstart(int elevel, const char *domain)
{
	if (elevel < WARNING && elevel != NOTICE && elevel != INFO)
		return false;			/* DEBUG, LOG: not interesting */
	if (edata.active)
	{
		fprintf(stderr, "fuzz shim: ereport while building another report\n");
		abort();
	}
	if (elevel >= FATAL)
	{
		fprintf(stderr, "fuzz shim: FATAL or PANIC report\n");
		abort();
	}
	report_reset(elevel);
	return true;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

int
errcode(int sqlerrcode)
{
	edata.sqlerrcode = sqlerrcode;
	return 0;
}

int
errcode_for_file_access(void)
{
	edata.sqlerrcode = ERRCODE_IO_ERROR;
	return 0;
}

#define APPEND_VA(buf, fmt) \
	do { \
		for (;;) \
		{ \
			va_list		args; \
			int			needed; \
			errno = edata.saved_errno; \
			va_start(args, fmt); \
			needed = appendStringInfoVA(&(buf), fmt, args); \
			va_end(args); \
			if (needed == 0) \
				break; \
			enlargeStringInfo(&(buf), needed); \
		} \
	} while (0)

int
errmsg(const char *fmt,...)
{
	resetStringInfo(&edata.message);
	APPEND_VA(edata.message, fmt);
	return 0;
}

int
errmsg_internal(const char *fmt,...)
{
	resetStringInfo(&edata.message);
	APPEND_VA(edata.message, fmt);
	return 0;
}

int
errdetail(const char *fmt,...)
{
	resetStringInfo(&edata.detail);
	APPEND_VA(edata.detail, fmt);
	return 0;
}

int
errdetail_internal(const char *fmt,...)
{
	resetStringInfo(&edata.detail);
	APPEND_VA(edata.detail, fmt);
	return 0;
}

int
errhint(const char *fmt,...)
{
	resetStringInfo(&edata.hint);
	APPEND_VA(edata.hint, fmt);
	return 0;
}

int
set_errcontext_domain(const char *domain)
{
	return 0;
}

int
errcontext_msg(const char *fmt,...)
{
	if (edata.context.len > 0)
		appendStringInfoChar(&edata.context, '\n');
	APPEND_VA(edata.context, fmt);
	return 0;
}

int
errhidestmt(bool hide_stmt)
{
	return 0;
}

int
errhidecontext(bool hide_ctx)
{
	return 0;
}

int
errposition(int cursorpos)
{
	return 0;
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	ErrorContextCallback *econtext;
	int			elevel = edata.elevel;

	/* the error context callbacks, as the server calls them */
	for (econtext = error_context_stack; econtext != NULL;
		 econtext = econtext->previous)
		econtext->callback(econtext->arg);

	if (edata.message.len == 0)
	{
		fprintf(stderr, "fuzz shim: report without a message at %s:%d\n",
				filename, lineno);
		abort();
	}
	in_report = false;
	if (elevel < ERROR)
	{
		fuzz_warnings++;
		edata.active = false;
		return;
	}

	fuzz_last_error.sqlerrcode = edata.sqlerrcode;
	fuzz_last_error.message = edata.message.data;
	fuzz_last_error.detail = edata.detail.data;
	fuzz_last_error.hint = edata.hint.data;
	fuzz_last_error.context = edata.context.data;
	fuzz_last_error.filename = filename;
	fuzz_last_error.lineno = lineno;
	fuzz_last_error.funcname = funcname;
	edata.active = false;

	pg_re_throw();
}

void
pg_re_throw(void)
{
	if (PG_exception_stack == NULL)
	{
		fprintf(stderr, "fuzz shim: ERROR outside of PG_TRY: %s\n",
				fuzz_last_error.message ? fuzz_last_error.message : "?");
		abort();
	}
	siglongjmp(*PG_exception_stack, 1);
}

/* after a caught error: what the harness calls FlushErrorState */
void
fuzz_flush_error(void)
{
	edata.active = false;
	in_report = false;
	memset(&fuzz_last_error, 0, sizeof(fuzz_last_error));
}

/* The backend's calls for an error kept and thrown later (parse_xml.c). */
ErrorData *
CopyErrorData(void)
{
	ErrorData  *e = palloc0(sizeof(ErrorData));

	e->elevel = ERROR;
	e->sqlerrcode = fuzz_last_error.sqlerrcode;
	e->message = fuzz_last_error.message ? pstrdup(fuzz_last_error.message) : NULL;
	e->detail = fuzz_last_error.detail ? pstrdup(fuzz_last_error.detail) : NULL;
	e->hint = fuzz_last_error.hint ? pstrdup(fuzz_last_error.hint) : NULL;
	e->context = fuzz_last_error.context ? pstrdup(fuzz_last_error.context) : NULL;
	e->filename = fuzz_last_error.filename;
	e->lineno = fuzz_last_error.lineno;
	e->funcname = fuzz_last_error.funcname;
	return e;
}

void
FlushErrorState(void)
{
	fuzz_flush_error();
}

void
ReThrowError(ErrorData *e)
{
	fuzz_last_error.sqlerrcode = e->sqlerrcode;
	fuzz_last_error.message = e->message;
	fuzz_last_error.detail = e->detail;
	fuzz_last_error.hint = e->hint;
	fuzz_last_error.context = e->context;
	fuzz_last_error.filename = e->filename;
	fuzz_last_error.lineno = e->lineno;
	fuzz_last_error.funcname = e->funcname;
	pg_re_throw();
}

/* ---------- interrupts and the stack ---------- */

char	   *fuzz_stack_base;
long		fuzz_interrupt_checks;

void
ProcessInterrupts(void)
{
	InterruptPending = false;
}

void
check_stack_depth(void)
{
	char		here;

	if (fuzz_stack_base != NULL &&
		fuzz_stack_base - &here > (long) FUZZ_MAX_STACK)
		ereport(ERROR,
				(errcode(ERRCODE_STATEMENT_TOO_COMPLEX),
				 errmsg("stack depth limit exceeded")));
}

bool
stack_is_too_deep(void)
{
	char		here;

	return fuzz_stack_base != NULL &&
		fuzz_stack_base - &here > (long) FUZZ_MAX_STACK;
}

/* ---------- List (the parts of the backend's list.c we use) ---------- */

static List *
new_list(NodeTag type, int min_size)
{
	List	   *l = palloc0(sizeof(List));

	l->type = type;
	l->length = min_size;
	l->max_length = Max(min_size, 4);
	l->elements = palloc(l->max_length * sizeof(ListCell));
	return l;
}

static void
ensure_room(List *l, int n)
{
	if (n > l->max_length)
	{
		int			m = l->max_length;

		while (m < n)
			m *= 2;
		l->elements = repalloc(l->elements, m * sizeof(ListCell));
		l->max_length = m;
	}
}

List *
list_make1_impl(NodeTag t, ListCell datum1)
{
	List	   *l = new_list(t, 1);

	l->elements[0] = datum1;
	return l;
}

List *
list_make2_impl(NodeTag t, ListCell datum1, ListCell datum2)
{
	List	   *l = new_list(t, 2);

	l->elements[0] = datum1;
	l->elements[1] = datum2;
	return l;
}

List *
list_make3_impl(NodeTag t, ListCell datum1, ListCell datum2, ListCell datum3)
{
	List	   *l = new_list(t, 3);

	l->elements[0] = datum1;
	l->elements[1] = datum2;
	l->elements[2] = datum3;
	return l;
}

List *
lappend(List *list, void *datum)
{
	if (list == NIL)
		list = new_list(T_List, 0);
	ensure_room(list, list->length + 1);
	list->elements[list->length++].ptr_value = datum;
	return list;
}

List *
lappend_int(List *list, int datum)
{
	if (list == NIL)
		list = new_list(T_IntList, 0);
	ensure_room(list, list->length + 1);
	list->elements[list->length++].int_value = datum;
	return list;
}

List *
lcons(void *datum, List *list)
{
	if (list == NIL)
		list = new_list(T_List, 0);
	ensure_room(list, list->length + 1);
	memmove(&list->elements[1], &list->elements[0],
			list->length * sizeof(ListCell));
	list->elements[0].ptr_value = datum;
	list->length++;
	return list;
}

List *
list_copy(const List *oldlist)
{
	List	   *l;

	if (oldlist == NIL)
		return NIL;
	l = new_list(oldlist->type, oldlist->length);
	memcpy(l->elements, oldlist->elements, oldlist->length * sizeof(ListCell));
	return l;
}

List *
list_copy_tail(const List *oldlist, int nskip)
{
	List	   *l;

	if (nskip < 0)
		nskip = 0;
	if (oldlist == NIL || nskip >= oldlist->length)
		return NIL;
	l = new_list(oldlist->type, oldlist->length - nskip);
	memcpy(l->elements, &oldlist->elements[nskip],
		   (oldlist->length - nskip) * sizeof(ListCell));
	return l;
}

List *
list_concat(List *list1, const List *list2)
{
	int			new_len;

	if (list1 == NIL)
		return list_copy(list2);
	if (list2 == NIL)
		return list1;
	new_len = list1->length + list2->length;
	ensure_room(list1, new_len);
	memcpy(&list1->elements[list1->length], &list2->elements[0],
		   list2->length * sizeof(ListCell));
	list1->length = new_len;
	return list1;
}

List *
list_concat_copy(const List *list1, const List *list2)
{
	return list_concat(list_copy(list1), list2);
}

void
list_free(List *list)
{
	if (list == NIL)
		return;
	pfree(list->elements);
	pfree(list);
}

void
list_free_deep(List *list)
{
	ListCell   *lc;

	foreach(lc, list)
		pfree(lfirst(lc));
	list_free(list);
}

List *
list_delete_nth_cell(List *list, int n)
{
	Assert(n >= 0 && n < list->length);
	if (list->length == 1)
	{
		list_free(list);
		return NIL;
	}
	memmove(&list->elements[n], &list->elements[n + 1],
			(list->length - 1 - n) * sizeof(ListCell));
	list->length--;
	return list;
}

List *
list_delete_cell(List *list, ListCell *cell)
{
	return list_delete_nth_cell(list, cell - list->elements);
}

List *
list_delete_last(List *list)
{
	if (list == NIL)
		return NIL;
	return list_delete_nth_cell(list, list->length - 1);
}

List *
list_delete_first(List *list)
{
	if (list == NIL)
		return NIL;
	return list_delete_nth_cell(list, 0);
}

List *
list_delete_ptr(List *list, void *datum)
{
	ListCell   *cell;

	foreach(cell, list)
	{
		if (lfirst(cell) == datum)
			return list_delete_cell(list, cell);
	}
	return list;
}

List *
list_truncate(List *list, int new_size)
{
	if (new_size <= 0)
		return NIL;
	if (list != NIL && new_size < list->length)
		list->length = new_size;
	return list;
}

bool
list_member_ptr(const List *list, const void *datum)
{
	const ListCell *cell;

	foreach(cell, list)
	{
		if (lfirst(cell) == datum)
			return true;
	}
	return false;
}

/* equal() for the String nodes contexts.c compares */
bool
list_member(const List *list, const void *datum)
{
	const ListCell *cell;
	const Node *d = datum;

	if (d == NULL || nodeTag(d) != T_String)
	{
		fprintf(stderr, "fuzz shim: list_member of a node other than String\n");
		abort();
	}
	foreach(cell, list)
	{
		const Node *n = lfirst(cell);

		if (n != NULL && nodeTag(n) == T_String &&
			strcmp(strVal(n), strVal(d)) == 0)
			return true;
	}
	return false;
}

List *
list_append_unique_ptr(List *list, void *datum)
{
	if (list_member_ptr(list, datum))
		return list;
	return lappend(list, datum);
}

void
list_sort(List *list, list_sort_comparator cmp)
{
	typedef int (*qsort_comparator) (const void *a, const void *b);

	if (list == NIL || list->length < 2)
		return;
	qsort(list->elements, list->length, sizeof(ListCell),
		  (qsort_comparator) cmp);
}

String *
makeString(char *str)
{
	String	   *v = palloc(sizeof(String));

	v->type = T_String;
	v->sval = str;
	return v;
}

/* ---------- encoding (a UTF8 database) ---------- */

int
GetDatabaseEncoding(void)
{
	return PG_UTF8;
}

const char *
GetDatabaseEncodingName(void)
{
	return "UTF8";
}

int
pg_get_client_encoding(void)
{
	return PG_UTF8;
}

int
pg_database_encoding_max_length(void)
{
	return 4;
}

bool
pg_verify_mbstr(int encoding, const char *mbstr, int len, bool noError)
{
	int			ok = pg_encoding_verifymbstr(encoding, mbstr, len);

	if (ok == len)
		return true;
	if (noError)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
			 errmsg("invalid byte sequence for encoding \"%s\"",
					pg_enc2name_tbl[encoding].name)));
	return false;
}

int
pg_mblen(const char *mbstr)
{
	return pg_utf_mblen((const unsigned char *) mbstr);
}

/* single-byte encodings to UTF-8; Latin-1 mapping for all of them */
char *
pg_any_to_server(const char *s, int len, int encoding)
{
	char	   *out;
	char	   *o;
	int			i;

	if (len <= 0)
		return unconstify(char *, s);
	if (encoding == PG_UTF8 || encoding == PG_SQL_ASCII)
	{
		(void) pg_verify_mbstr(PG_UTF8, s, len, false);
		return unconstify(char *, s);
	}
	if (pg_encoding_max_length(encoding) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("conversion from %s to UTF8 is not supported in the fuzz shim",
						pg_encoding_to_char(encoding))));
	if ((size_t) len > (MaxAllocSize - 1) / 2)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory")));
	out = o = palloc((size_t) len * 2 + 1);
	for (i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c == 0)
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("invalid byte sequence for encoding \"%s\": 0x00",
							pg_encoding_to_char(encoding))));
		if (c < 0x80)
			*o++ = (char) c;
		else
		{
			*o++ = (char) (0xC0 | (c >> 6));
			*o++ = (char) (0x80 | (c & 0x3F));
		}
	}
	*o = '\0';
	return out;
}

char *
pg_server_to_any(const char *s, int len, int encoding)
{
	if (encoding != PG_UTF8 && encoding != PG_SQL_ASCII)
	{
		fprintf(stderr, "fuzz shim: pg_server_to_any to %d\n", encoding);
		abort();
	}
	return unconstify(char *, s);
}

/* NFC through ICU (as test/unit/shims.c) */
pg_wchar *
unicode_normalize(UnicodeNormalizationForm form, const pg_wchar *input)
{
	UErrorCode	err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t		n = 0;
	UChar	   *u16;
	UChar	   *o16;
	int32_t		len16;
	int32_t		olen;
	pg_wchar   *out;
	int32_t		outlen;

	if (form != UNICODE_NFC || U_FAILURE(err))
		abort();
	while (input[n])
		n++;
	u16 = palloc((2 * (size_t) n + 1) * sizeof(UChar));
	u_strFromUTF32(u16, 2 * n + 1, &len16, (const UChar32 *) input, n, &err);
	if (U_FAILURE(err))
		elog(ERROR, "u_strFromUTF32 failed: %s", u_errorName(err));
	o16 = palloc((4 * (size_t) len16 + 16) * sizeof(UChar));
	olen = unorm2_normalize(nfc, u16, len16, o16, 4 * len16 + 16, &err);
	if (U_FAILURE(err))
		elog(ERROR, "unorm2_normalize failed: %s", u_errorName(err));
	out = palloc(((size_t) olen + 1) * sizeof(pg_wchar));
	u_strToUTF32((UChar32 *) out, olen + 1, &outlen, o16, olen, &err);
	if (U_FAILURE(err))
		elog(ERROR, "u_strToUTF32 failed: %s", u_errorName(err));
	out[outlen] = 0;
	pfree(u16);
	pfree(o16);
	return out;
}

/* ---------- dates (the backend's datetime.c) ---------- */

int
date2j(int year, int month, int day)
{
	int			julian;
	int			century;

	if (month > 2)
	{
		month += 1;
		year += 4800;
	}
	else
	{
		month += 13;
		year += 4799;
	}
	century = year / 100;
	julian = year * 365 - 32167;
	julian += year / 4 - century + century / 4;
	julian += 7834 * month / 256 + day;
	return julian;
}

void
j2date(int jd, int *year, int *month, int *day)
{
	unsigned int julian;
	unsigned int quad;
	unsigned int extra;
	int			y;

	julian = jd;
	julian += 32044;
	quad = julian / 146097;
	extra = (julian - quad * 146097) * 4 + 3;
	julian += 60 + quad * 3 + extra / 146097;
	quad = julian / 1461;
	julian -= quad * 1461;
	y = julian * 4 / 1461;
	julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366))
		+ 123;
	y += quad * 4;
	*year = y - 4800;
	quad = julian * 2141 / 65536;
	*day = julian - 7834 * quad / 256;
	*month = (quad + 10) % MONTHS_PER_YEAR + 1;
}

int
j2day(int date)
{
	date += 1;
	date %= 7;
	if (date < 0)
		date += 7;
	return date;
}

/* ---------- server-only services: never reached in the harness ---------- */

static void
server_only(const char *what)
{
	fprintf(stderr, "fuzz shim: %s called, but the harness has no server files\n",
			what);
	abort();
}

Oid
GetUserId(void)
{
	return 10;
}

bool
has_privs_of_role(Oid member, Oid role)
{
	server_only("has_privs_of_role");
	return false;
}

FILE *
AllocateFile(const char *name, const char *mode)
{
	server_only("AllocateFile");
	return NULL;
}

int
FreeFile(FILE *file)
{
	server_only("FreeFile");
	return 0;
}

DIR *
AllocateDir(const char *dirname)
{
	server_only("AllocateDir");
	return NULL;
}

struct dirent *
ReadDir(DIR *dir, const char *dirname)
{
	server_only("ReadDir");
	return NULL;
}

int
FreeDir(DIR *dir)
{
	server_only("FreeDir");
	return 0;
}

char *
unpack_sql_state(int sql_state)
{
	static char buf[12];
	int			i;

	for (i = 0; i < 5; i++)
	{
		buf[i] = PGUNSIXBIT(sql_state);
		sql_state >>= 6;
	}
	buf[i] = '\0';
	return buf;
}
