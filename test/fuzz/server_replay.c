/*
 * server_replay.c
 *	  Feed changelogs (a libFuzzer corpus, seeds, crash reproducers) through
 *	  the extension on a live server and check the server stays up.
 *
 *	  server_replay [-d conninfo] [-t seconds] [-l server.log] [-x] [-v] dir-or-file...
 *
 * Each file is one root changelog, cut as the in-process harness cuts it
 * (at "\n@@@ ", the first NUL or invalid UTF-8 byte); its format is the
 * harness directory name (sql, xml, yaml, json) or the file's extension.
 * For each, over one connection:
 *	  SELECT count(*) FROM changelog_sync(f, changelog => t, dry_run => true)
 *	  SELECT count(*) FROM changelog_update_sql(f, changelog => t)
 *	  (-x) SELECT count(*) FROM changelog_update(f, changelog => t, dry_run => true)
 * Nothing is written: dry runs roll back, update_sql runs nothing.  -x runs
 * the changesets' SQL, so use it only as a role that can do no harm, in a
 * scratch database.
 *
 * A call that takes longer than -t seconds (default 10) is cancelled from
 * here and counted as a hang; a lost connection is counted as a crash (the
 * file is named, and the run waits for the server to accept connections
 * again); an ERROR with SQLSTATE XX000 is counted as an internal error, and
 * a call after which the session is still in a transaction block as a
 * broken session (the run reconnects).
 * -v prints every error with its file.  With -l, the server log is checked for "terminated by signal" lines that
 * appeared during the run.  Exit status 0 when there was none of these.
 */
#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libpq-fe.h>

static const char *conninfo = "";
static int	timeout_s = 10;
static bool execute = false;
static bool verbose = false;
static PGconn *conn;

static long n_files, n_calls, n_ok, n_error, n_internal, n_hang, n_crash, n_intx;

typedef struct
{
	char		state[6];
	long		count;
} StateCount;
static StateCount states[256];
static int	nstates;

static void
count_state(const char *s)
{
	int			i;

	for (i = 0; i < nstates; i++)
		if (strcmp(states[i].state, s) == 0)
		{
			states[i].count++;
			return;
		}
	if (nstates < 256)
	{
		snprintf(states[nstates].state, sizeof(states[nstates].state), "%s", s);
		states[nstates++].count = 1;
	}
}

static void
connect_db(void)
{
	int			tries;

	for (tries = 0; tries < 120; tries++)
	{
		conn = PQconnectdb(conninfo);
		if (PQstatus(conn) == CONNECTION_OK)
		{
			PQclear(PQexec(conn, "SET client_min_messages = error"));
			return;
		}
		PQfinish(conn);
		sleep(1);
	}
	fprintf(stderr, "server_replay: cannot connect: %s\n", conninfo);
	exit(2);
}

/* the longest prefix of s that is valid UTF-8 without NUL */
static size_t
utf8_prefix(const unsigned char *s, size_t len)
{
	size_t		i = 0;

	while (i < len)
	{
		unsigned char c = s[i];
		int			n;
		int			k;

		if (c == 0)
			return i;
		if (c < 0x80)
			n = 1;
		else if (c >= 0xC2 && c <= 0xDF)
			n = 2;
		else if (c >= 0xE0 && c <= 0xEF)
			n = 3;
		else if (c >= 0xF0 && c <= 0xF4)
			n = 4;
		else
			return i;
		if (i + n > len)
			return i;
		for (k = 1; k < n; k++)
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
		if (n == 3 && ((c == 0xE0 && s[i + 1] < 0xA0) || (c == 0xED && s[i + 1] > 0x9F)))
			return i;
		if (n == 4 && ((c == 0xF0 && s[i + 1] < 0x90) || (c == 0xF4 && s[i + 1] > 0x8F)))
			return i;
		i += n;
	}
	return i;
}

/* run one call; false when the connection was lost */
static bool
call(const char *sql, const char *fname, const char *text, const char *path)
{
	const char *params[2] = {fname, text};
	PGresult   *res;
	bool		cancelled = false;
	time_t		start = time(NULL);

	n_calls++;
	if (!PQsendQueryParams(conn, sql, 2, NULL, params, NULL, NULL, 0))
		goto lost;
	for (;;)
	{
		struct pollfd pfd = {PQsocket(conn), POLLIN, 0};
		int			rc;

		if (!PQconsumeInput(conn))
			goto lost;
		if (!PQisBusy(conn))
			break;
		rc = poll(&pfd, 1, 1000);
		if (rc < 0 && errno != EINTR)
			goto lost;
		if (!cancelled && time(NULL) - start >= timeout_s)
		{
			PGcancel   *c = PQgetCancel(conn);
			char		errbuf[256];

			if (c)
			{
				PQcancel(c, errbuf, sizeof(errbuf));
				PQfreeCancel(c);
			}
			cancelled = true;
			n_hang++;
			printf("HANG (> %d s, cancelled): %s\n", timeout_s, path);
			fflush(stdout);
		}
		if (cancelled && time(NULL) - start >= timeout_s * 6)
		{
			printf("HANG (cancel ignored for %d s): %s\n", timeout_s * 5, path);
			fflush(stdout);
			goto lost;
		}
	}
	while ((res = PQgetResult(conn)) != NULL)
	{
		if (PQresultStatus(res) == PGRES_TUPLES_OK || PQresultStatus(res) == PGRES_COMMAND_OK)
			n_ok++;
		else if (PQresultStatus(res) == PGRES_FATAL_ERROR)
		{
			const char *st = PQresultErrorField(res, PG_DIAG_SQLSTATE);

			n_error++;
			count_state(st ? st : "?????");
			if (verbose)
				printf("%s: %s: %s", path, st ? st : "?????", PQresultErrorMessage(res));
			if (st && strcmp(st, "XX000") == 0)
			{
				n_internal++;
				printf("INTERNAL ERROR: %s: %s", path, PQresultErrorMessage(res));
				fflush(stdout);
			}
		}
		PQclear(res);
	}
	if (PQstatus(conn) != CONNECTION_OK)
		goto lost;
	if (PQtransactionStatus(conn) != PQTRANS_IDLE)
	{
		/*
		 * A function call must not leave the session in a transaction block
		 * (ROLLBACK would not do: it is FATAL in that state); reconnect.
		 */
		n_intx++;
		printf("SESSION LEFT IN A TRANSACTION BLOCK: %s\n", path);
		fflush(stdout);
		PQfinish(conn);
		connect_db();
	}
	return true;

lost:
	n_crash++;
	printf("CONNECTION LOST: %s: %s", path, PQerrorMessage(conn));
	fflush(stdout);
	PQfinish(conn);
	connect_db();
	return false;
}

static void
replay_file(const char *path, const char *fmt)
{
	FILE	   *f = fopen(path, "rb");
	char	   *buf;
	long		size;
	size_t		n;
	char	   *text;
	char	   *m;
	char		fname[64];
	const char *ext = fmt;

	if (f == NULL)
		return;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(size + 1);
	n = fread(buf, 1, size, f);
	fclose(f);
	buf[n] = '\0';
	n = utf8_prefix((unsigned char *) buf, n);
	buf[n] = '\0';
	text = buf;
	/* "@@@ <path>" first: the root's name (its extension picks the format) */
	if (strncmp(text, "@@@ ", 4) == 0 && (m = strchr(text, '\n')) != NULL)
	{
		char	   *dot;

		*m = '\0';
		dot = strrchr(text, '.');
		if (dot && strlen(dot + 1) < 8 && strchr(dot, '/') == NULL)
			ext = dot + 1;
		text = m + 1;
	}
	if ((m = strstr(text, "\n@@@ ")) != NULL)
		m[1] = '\0';
	if (ext == NULL || ext[0] == '\0')
		ext = "sql";
	snprintf(fname, sizeof(fname), "db/replay.%s", ext);
	n_files++;
	if (call("SELECT count(*) FROM changelog_sync($1, changelog => $2, dry_run => true)",
			 fname, text, path) &&
		call("SELECT count(*) FROM changelog_update_sql($1, changelog => $2)",
			 fname, text, path) &&
		execute)
		call("SELECT count(*) FROM changelog_update($1, changelog => $2, dry_run => true)",
			 fname, text, path);
	free(buf);
	if (n_files % 1000 == 0)
	{
		printf("... %ld files, %ld calls\n", n_files, n_calls);
		fflush(stdout);
	}
}

static const char *
fmt_of_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL)
		return NULL;
	dot++;
	if (strcmp(dot, "yml") == 0)
		return "yaml";
	if (strcmp(dot, "sql") == 0 || strcmp(dot, "xml") == 0 ||
		strcmp(dot, "yaml") == 0 || strcmp(dot, "json") == 0)
		return dot;
	return NULL;
}

static void
replay_path(const char *path, const char *fmt)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode))
	{
		DIR		   *d = opendir(path);
		struct dirent *de;
		const char *base = strrchr(path, '/');
		const char *dfmt = fmt;

		base = base ? base + 1 : path;
		if (strcmp(base, "sql") == 0 || strcmp(base, "xml") == 0 ||
			strcmp(base, "yaml") == 0 || strcmp(base, "json") == 0)
			dfmt = base;
		if (strcmp(base, "expr") == 0)
		{
			if (d)
				closedir(d);
			return;				/* not changelogs */
		}
		if (d == NULL)
			return;
		while ((de = readdir(d)) != NULL)
		{
			char		child[4096];

			if (de->d_name[0] == '.')
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, de->d_name);
			replay_path(child, dfmt);
		}
		closedir(d);
	}
	else if (S_ISREG(st.st_mode))
	{
		const char *f = fmt_of_name(path);

		replay_file(path, f ? f : fmt);
	}
}

static long
count_signals(const char *log)
{
	FILE	   *f;
	char		line[8192];
	long		n = 0;

	if (log == NULL || (f = fopen(log, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "terminated by signal"))
			n++;
	fclose(f);
	return n;
}

int
main(int argc, char **argv)
{
	int			o;
	const char *log = NULL;
	long		signals_before;
	long		signals_after;
	int			i;

	while ((o = getopt(argc, argv, "d:t:l:xv")) != -1)
	{
		switch (o)
		{
			case 'd':
				conninfo = optarg;
				break;
			case 't':
				timeout_s = atoi(optarg);
				break;
			case 'l':
				log = optarg;
				break;
			case 'x':
				execute = true;
				break;
			case 'v':
				verbose = true;
				break;
			default:
				fprintf(stderr, "usage: %s [-d conninfo] [-t seconds] [-l server.log] [-x] [-v] dir-or-file...\n", argv[0]);
				return 2;
		}
	}
	signals_before = count_signals(log);
	connect_db();
	for (i = optind; i < argc; i++)
		replay_path(argv[i], NULL);
	PQfinish(conn);
	signals_after = count_signals(log);

	printf("files: %ld\ncalls: %ld\nok: %ld\nerrors: %ld\n", n_files, n_calls, n_ok, n_error);
	for (i = 0; i < nstates; i++)
		printf("  %s: %ld\n", states[i].state, states[i].count);
	printf("internal errors (XX000): %ld\nhangs: %ld\nconnections lost: %ld\n"
		   "sessions left in a transaction block: %ld\n",
		   n_internal, n_hang, n_crash, n_intx);
	if (log)
		printf("new \"terminated by signal\" lines in %s: %ld\n", log,
			   signals_after - signals_before);
	return (n_internal || n_hang || n_crash || n_intx ||
			signals_after != signals_before) ? 1 : 0;
}
