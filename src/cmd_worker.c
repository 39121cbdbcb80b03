/*
 * cmd_worker.c — `radesk worker [--once] [--id NAME]`.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "net/http.h"
#include "worker.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char worker_usage[] = N_(
	"usage: radesk worker [--once] [--id NAME]\n"
	"\n"
	"Runs the outbox: claims due jobs (telecom checks, micro-deposits,\n"
	"production orders, waybills, notifications), calls the providers of\n"
	"[provider.*], stores the results and retries transient failures with\n"
	"exponential backoff until [worker] max_attempts, then marks the job\n"
	"dead (supervisors retry or cancel it in the jobs screen).\n"
	"\n"
	"  --once     process every due job, then exit (for cron)\n"
	"  --id NAME  worker name in the jobs table and the log\n"
	"             (default HOST:PID)\n"
	"\n"
	"Without --once it runs until SIGTERM or SIGINT, looking for due jobs\n"
	"every [worker] poll_interval seconds; on a signal it finishes the job\n"
	"in hand and exits. Several workers may run at once. One line per job\n"
	"goes to the [paths] log file when one is set, and to standard error.\n");

static volatile sig_atomic_t g_worker_stop;

/* Where the job lines go: the [paths] log file, and standard error too
 * unless standard error already is that file (a worker the console
 * started writes its standard error there). */
struct log_sink {
	FILE *f;
	int also_stderr;
};

static void log_line(void *ctx, const char *line)
{
	struct log_sink *s = ctx;

	if (s->f) {
		fprintf(s->f, "%s\n", line);
		fflush(s->f);
	}
	if (s->also_stderr)
		fprintf(stderr, "%s\n", line);
}

static void log_open(const struct rd_config *cfg, struct log_sink *s)
{
	struct stat a, b;

	s->f = NULL;
	s->also_stderr = 1;
	if (!cfg->log_file || !*cfg->log_file)
		return;
	s->f = fopen(cfg->log_file, "a");
	if (!s->f) {
		fprintf(stderr, _("radesk worker: cannot open the log %s: %s; "
				  "logging to standard error\n"),
			cfg->log_file, strerror(errno));
		return;
	}
	if (fstat(fileno(s->f), &a) == 0 && fstat(2, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		s->also_stderr = 0;
}

static void on_stop(int sig)
{
	(void)sig;
	g_worker_stop = 1;
}

int cmd_worker(struct rd_ctx *ctx, int argc, char **argv)
{
	struct worker_opts opts;
	struct log_sink sink;
	struct sigaction act;
	struct rd_err err;
	char zId[96], zHost[64];
	int once = 0, n = 0;
	rd_status rc;

	rd_err_clear(&err);
	zId[0] = '\0';
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return rd_cli_usage(_(worker_usage), 0);
		if (!strcmp(argv[i], "--once"))
			once = 1;
		else if (!strcmp(argv[i], "--id") && i + 1 < argc &&
			 strlen(argv[i + 1]) < 60)
			snprintf(zId, sizeof zId, "%s", argv[++i]);
		else
			return rd_cli_usage(_(worker_usage), 1);
	}
	if (!zId[0]) {
		if (gethostname(zHost, sizeof zHost) != 0)
			snprintf(zHost, sizeof zHost, "localhost");
		zHost[sizeof zHost - 1] = '\0';
		snprintf(zId, sizeof zId, "%s:%ld", zHost, (long)getpid());
	}
	/* Only the cron operator runs the outbox ([cron] operator). */
	rc = rd_ctx_authenticate_cron(ctx, &err);
	if (rc != RD_OK)
		return rd_cli_fail("worker", &err);
	net_global_init();
	memset(&act, 0, sizeof act);
	act.sa_handler = on_stop;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	memset(&opts, 0, sizeof opts);
	opts.id = zId;
	log_open(&ctx->cfg, &sink);
	opts.log = log_line;
	opts.log_ctx = &sink;
	if (once) {
		rc = worker_drain(ctx->st, &ctx->cfg, &opts, &g_worker_stop, &n,
				  &err);
		if (sink.f)
			fclose(sink.f);
		if (rc != RD_OK)
			return rd_cli_fail("worker", &err);
		if (!ctx->quiet)
			fprintf(stderr, _("worker %s: %d job(s) processed\n"),
				zId, n);
		return EX_OK;
	}
	rc = worker_loop(ctx->st, &ctx->cfg, &opts, &g_worker_stop, &err);
	if (sink.f)
		fclose(sink.f);
	if (rc != RD_OK)
		return rd_cli_fail("worker", &err);
	return EX_OK;
}
