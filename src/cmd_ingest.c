/*
 * cmd_ingest.c — `radesk ingest [--quiet] [FILE...]`, for cron.
 */
#include "cli.h"
#include "commands.h"

#include "core/calendar.h"
#include "core/i18n.h"
#include "core/text.h"
#include "fsutil.h"
#include "ingest/ingest.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char ingest_usage[] = N_(
	"usage: radesk ingest [--quiet] [FILE...]\n"
	"\n"
	"Ingests submission bundles (spec bundle-v1): every bundle in the\n"
	"configured inbox, or the FILEs given. Each is checked against every\n"
	"rule of the spec before anything is stored; a good one becomes an\n"
	"application (or a new version of one) with its scans and automatic\n"
	"pre-check findings, and moves to the archive folder; a duplicate\n"
	"(version not newer than the stored one) is archived without storing\n"
	"anything; a bad one moves to the quarantine folder with a .reason\n"
	"file beside it.\n"
	"\n"
	"Meant for cron: a lock keeps two runs from overlapping. Prints one\n"
	"summary line (--quiet: nothing unless something went wrong) and a\n"
	"progress bar on a terminal.\n"
	"\n"
	"Exit status: 0 all bundles went in (or were duplicates); 65\n"
	"(EX_DATAERR) at least one bundle was quarantined, so cron tells\n"
	"someone; 75 (EX_TEMPFAIL) another ingest is running or the database\n"
	"is busy (try again later); other codes: radesk could not do its part\n"
	"(the bundle stays in the inbox).\n");

static void progress(size_t done, size_t total)
{
	int width = 30, fill;

	if (!total)
		return;
	fill = (int)((done * (size_t)width) / total);
	fprintf(stderr, "\r[%.*s%*s] %zu/%zu", fill,
		"##############################", width - fill, "", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

int cmd_ingest(struct rd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ingest_env env;
	struct rd_calendar cal;
	struct rd_err err;
	char **aPath = NULL;
	size_t nPath = 0, nIn = 0, nDup = 0, nBad = 0, nFail = 0;
	int c, quiet = 0, lockFd = -1, bar, rcExit = EX_OK;
	rd_status rc;

	rd_err_clear(&err);
	rd_cal_init(&cal);
	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (c == 'q')
			quiet = 1;
		else
			return rd_cli_usage(_(ingest_usage), c != 'h');
	}
	/* Only the cron operator ingests ([cron] operator). */
	rc = rd_ctx_authenticate_cron(ctx, &err);
	if (rc == RD_OK)
		rc = rd_lock_take(ctx->cfg.lock_dir, "ingest", &lockFd, &err);
	if (rc == RD_OK)
		rc = ingest_calendar_load(&ctx->cfg, &cal, &err);
	if (rc != RD_OK) {
		rcExit = rd_cli_fail("ingest", &err);
		goto done;
	}
	if (optind < argc) {
		nPath = (size_t)(argc - optind);
		aPath = calloc(nPath, sizeof *aPath);
		for (size_t i = 0; aPath && i < nPath; i++)
			aPath[i] = strdup(argv[optind + (int)i]);
		if (!aPath) {
			nPath = 0;
			rd_err_set(&err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
			rcExit = rd_cli_fail("ingest", &err);
			goto done;
		}
	} else {
		rc = ingest_list_inbox(ctx->cfg.inbox_dir, &aPath, &nPath, &err);
		if (rc != RD_OK) {
			rcExit = rd_cli_fail("ingest", &err);
			goto done;
		}
	}
	env.st = ctx->st;
	env.cfg = &ctx->cfg;
	env.cal = &cal;
	env.actor = "cron:ingest";
	bar = !quiet && nPath > 1 && isatty(2);
	for (size_t i = 0; i < nPath; i++) {
		struct ingest_result res;

		if (!aPath[i])
			continue;
		rd_err_clear(&err);
		rc = ingest_file(&env, aPath[i], &res, &err);
		if (bar)
			fputc('\r', stderr);
		if (rc != RD_OK) {
			char *z = rd_text_sanitize_dup(aPath[i]);

			rd_err_prefix(&err, "%s: ", z ? z : "?");
			free(z);
			rcExit = rd_cli_fail("ingest", &err);
			nFail++;
			if (rc == RD_ERR_BUSY || rc == RD_ERR_DB || rc == RD_ERR_NOMEM)
				break; /* the rest would fail alike */
		} else if (res.outcome == INGEST_INGESTED) {
			nIn++;
		} else if (res.outcome == INGEST_DUPLICATE) {
			nDup++;
		} else {
			char *z = rd_text_sanitize_dup(aPath[i]);

			nBad++;
			fprintf(stderr, _("radesk ingest: %s quarantined: %s\n"),
				z ? z : "?", res.reason);
			free(z);
		}
		if (bar)
			progress(i + 1, nPath);
	}
	if (!quiet || nBad || nFail) {
		printf(_("ingest: %zu ingested, %zu duplicate, %zu quarantined"),
		       nIn, nDup, nBad);
		if (nFail)
			printf(_(", %zu failed"), nFail);
		putchar('\n');
	}
	if (rcExit == EX_OK && nBad)
		rcExit = EX_DATAERR;
done:
	ingest_paths_free(&aPath, nPath);
	rd_lock_release(&lockFd);
	rd_cal_fini(&cal);
	return rcExit;
}
