/*-------------------------------------------------------------------------
 *
 * xml_shim.c
 *	  The server's libxml2 wrapper (src/backend/utils/adt/xml.c of
 *	  PostgreSQL 15: pg_xml_init, pg_xml_done, pg_xml_error_occurred,
 *	  xml_ereport and the error handler / entity loader they install),
 *	  reproduced for the fuzz harness.
 *
 * Differences, on purpose: the entity loader counts its calls (the harness
 * treats any external entity load as a finding), and a pg_xml_done that
 * finds libxml's error state out of sync aborts instead of warning.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "lib/stringinfo.h"
#include "utils/xml.h"

#include "fuzz_shim.h"

#undef fprintf

#define ERRCXT_MAGIC	68275028

struct PgXmlErrorContext
{
	int			magic;
	PgXmlStrictness strictness;
	bool		err_occurred;
	StringInfoData err_buf;
	xmlStructuredErrorFunc saved_errfunc;
	void	   *saved_errcxt;
	xmlExternalEntityLoader saved_entityfunc;
};

static int	open_contexts;
long		fuzz_xml_entity_loads;

int
fuzz_xml_contexts_open(void)
{
	return open_contexts;
}

static xmlParserInputPtr
xmlPgEntityLoader(const char *URL, const char *ID, xmlParserCtxtPtr ctxt)
{
	fuzz_xml_entity_loads++;
	return xmlNewStringInputStream(ctxt, (const xmlChar *) "");
}

static void
chopStringInfoNewlines(StringInfo str)
{
	while (str->len > 0 && str->data[str->len - 1] == '\n')
		str->data[--str->len] = '\0';
}

static void
appendStringInfoLineSeparator(StringInfo str)
{
	chopStringInfoNewlines(str);
	if (str->len > 0)
		appendStringInfoChar(str, '\n');
}

static void
xml_errorHandler(void *data, xmlErrorPtr error)
{
	PgXmlErrorContext *xmlerrcxt = (PgXmlErrorContext *) data;
	xmlParserCtxtPtr ctxt = (xmlParserCtxtPtr) error->ctxt;
	xmlParserInputPtr input = (ctxt != NULL) ? ctxt->input : NULL;
	xmlNodePtr	node = error->node;
	const xmlChar *name = (node != NULL && node->type == XML_ELEMENT_NODE) ?
	node->name : NULL;
	int			domain = error->domain;
	int			level = error->level;
	StringInfo	errorBuf;

	if (xmlerrcxt->magic != ERRCXT_MAGIC)
	{
		fprintf(stderr, "xml_errorHandler called with invalid PgXmlErrorContext\n");
		abort();
	}

	switch (domain)
	{
		case XML_FROM_PARSER:
		case XML_FROM_NONE:
		case XML_FROM_MEMORY:
		case XML_FROM_IO:
			if (error->code == XML_WAR_UNDECLARED_ENTITY)
				return;
			break;
		case XML_FROM_VALID:
			if (xmlerrcxt->strictness == PG_XML_STRICTNESS_LEGACY)
				return;
			break;
		default:
			if (xmlerrcxt->strictness == PG_XML_STRICTNESS_WELLFORMED)
				return;
			break;
	}

	errorBuf = makeStringInfo();
	if (error->line > 0)
		appendStringInfo(errorBuf, "line %d: ", error->line);
	if (name != NULL)
		appendStringInfo(errorBuf, "element %s: ", name);
	if (error->message != NULL)
		appendStringInfoString(errorBuf, error->message);
	else
		appendStringInfoString(errorBuf, "(no message provided)");

	if (input != NULL)
	{
		xmlGenericErrorFunc errFuncSaved = xmlGenericError;
		void	   *errCtxSaved = xmlGenericErrorContext;

		xmlSetGenericErrorFunc((void *) errorBuf,
							   (xmlGenericErrorFunc) appendStringInfo);
		appendStringInfoLineSeparator(errorBuf);
		xmlParserPrintFileContext(input);
		xmlSetGenericErrorFunc(errCtxSaved, errFuncSaved);
	}
	chopStringInfoNewlines(errorBuf);

	if (xmlerrcxt->strictness == PG_XML_STRICTNESS_LEGACY)
	{
		appendStringInfoLineSeparator(&xmlerrcxt->err_buf);
		appendBinaryStringInfo(&xmlerrcxt->err_buf, errorBuf->data,
							   errorBuf->len);
	}
	else if (level >= XML_ERR_ERROR)
	{
		appendStringInfoLineSeparator(&xmlerrcxt->err_buf);
		appendBinaryStringInfo(&xmlerrcxt->err_buf, errorBuf->data,
							   errorBuf->len);
		xmlerrcxt->err_occurred = true;
	}
	else if (level >= XML_ERR_WARNING)
		ereport(WARNING, (errmsg_internal("%s", errorBuf->data)));
	else
		ereport(NOTICE, (errmsg_internal("%s", errorBuf->data)));

	pfree(errorBuf->data);
	pfree(errorBuf);
}

void
pg_xml_init_library(void)
{
	static bool done = false;

	if (!done)
	{
		xmlInitParser();
		done = true;
	}
}

PgXmlErrorContext *
pg_xml_init(PgXmlStrictness strictness)
{
	PgXmlErrorContext *errcxt;

	pg_xml_init_library();
	errcxt = (PgXmlErrorContext *) palloc(sizeof(PgXmlErrorContext));
	errcxt->magic = ERRCXT_MAGIC;
	errcxt->strictness = strictness;
	errcxt->err_occurred = false;
	initStringInfo(&errcxt->err_buf);

	errcxt->saved_errfunc = xmlStructuredError;
	errcxt->saved_errcxt = xmlStructuredErrorContext;
	xmlSetStructuredErrorFunc((void *) errcxt, xml_errorHandler);
	if (xmlStructuredErrorContext != (void *) errcxt)
	{
		fprintf(stderr, "could not set up XML error handler\n");
		abort();
	}
	errcxt->saved_entityfunc = xmlGetExternalEntityLoader();
	xmlSetExternalEntityLoader(xmlPgEntityLoader);
	open_contexts++;
	return errcxt;
}

void
pg_xml_done(PgXmlErrorContext *errcxt, bool isError)
{
	if (errcxt->magic != ERRCXT_MAGIC)
	{
		fprintf(stderr, "pg_xml_done called with invalid PgXmlErrorContext\n");
		abort();
	}
	if (xmlStructuredErrorContext != (void *) errcxt)
	{
		fprintf(stderr, "libxml error handling state is out of sync with xml.c\n");
		abort();
	}
	xmlSetStructuredErrorFunc(errcxt->saved_errcxt, errcxt->saved_errfunc);
	xmlSetExternalEntityLoader(errcxt->saved_entityfunc);
	errcxt->magic = 0;
	pfree(errcxt->err_buf.data);
	pfree(errcxt);
	open_contexts--;
}

bool
pg_xml_error_occurred(PgXmlErrorContext *errcxt)
{
	return errcxt->err_occurred;
}

void
xml_ereport(PgXmlErrorContext *errcxt, int level, int sqlcode, const char *msg)
{
	char	   *detail;

	if (errcxt->magic != ERRCXT_MAGIC)
		elog(ERROR, "xml_ereport called with invalid PgXmlErrorContext");
	errcxt->err_occurred = false;
	if (errcxt->err_buf.len > 0)
		detail = errcxt->err_buf.data;
	else
		detail = NULL;
	ereport(level,
			(errcode(sqlcode),
			 errmsg_internal("%s", msg),
			 detail ? errdetail_internal("%s", detail) : 0));
}
