/*
 * cmd_report.c — `radesk report daily|range`: the Excel workbook for a day
 * or a period, for cron and supervisors.
 *
 * Cron contract: one run at a time (lock "report"; a second run exits 75
 * EX_TEMPFAIL at once rather than wait), the file is written under a
 * temporary name and renamed into place (readers never see a part), a
 * rerun for the same date replaces the file with the same data, --quiet
 * prints nothing on success, and the exit status says what happened
 * (sysexits.h). Every run is audited ('report.daily' / 'report.range');
 * an --unmasked run needs a supervisor and is audited 'report.unmasked'.
 *
 * SIGTERM, SIGINT and SIGHUP stop a run at the next progress point: the
 * temporary file is removed, nothing is published or audited, exit 75.
 * Once publishing has begun the run completes. --progress prints
 * machine-readable lines for the console, which runs this command as a
 * child process (screens/reports.c):
 *     tmp<TAB>PATH                  the temporary file (to clean up after
 *                                   a SIGKILL)
 *     progress<TAB>PART<TAB>ROWS<TAB>0|1   (1: the part is done)
 *     done<TAB>PATH                 published
 */
#include "cli.h"
#include "commands.h"

#include "anchor.h"
#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "fsutil.h"
#include "reports/common.h"
#include "reports/daily.h"
#include "store/audit.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* Longest period `report range` accepts, in days. */
#define REPORT_RANGE_MAX_DAYS 366

static const char report_usage[] = N_(
	"usage: radesk report daily [--date YYYY-MM-DD] [--out DIR] [--unmasked]\n"
	"                           [--quiet] [--progress]\n"
	"       radesk report range --from YYYY-MM-DD --to YYYY-MM-DD [--out DIR]\n"
	"                           [--unmasked] [--quiet] [--progress]\n"
	"\n"
	"daily writes DIR/radesk-daily-YYYY-MM-DD.xlsx for one day (default: the\n"
	"day before today, UTC+08:00; --date also takes today or yesterday) and\n"
	"says which day it wrote; range writes radesk-range-FROM_TO.xlsx for\n"
	"a period of at most 366 days. DIR defaults to [paths] reports.\n"
	"Personal data is masked; --unmasked needs the supervisor role and is\n"
	"audited. One report runs at a time: a second one exits 75 (EX_TEMPFAIL).\n"
	"Running again for the same date replaces the file. --progress prints\n"
	"machine-readable progress lines (for the console). SIGTERM stops a run\n"
	"and leaves nothing behind. Each run ends with a signed checkpoint of\n"
	"the audit log (radesk audit anchor). cron runs it as [cron] operator.\n");

struct report_args {
	int isRange;
	int64_t fromDay, toDay;
	const char *zOut;
	int unmasked;
	int quiet;
	int progress;
};

static volatile sig_atomic_t report_stop;

static void on_stop_signal(int sig)
{
	report_stop = sig;
}

/* Progress lines (--progress), at most ten a second besides the ends of
 * parts; and the cancellation point for the stop signals. */
struct progress_ctx {
	int print;
	int64_t lastMs;
};

static rd_status check_stop(struct rd_err *err)
{
	if (report_stop)
		return rd_err_set(err, RD_ERR_CANCELLED,
				  _("stopped by signal %d; nothing was "
				    "written"),
				  (int)report_stop);
	return RD_OK;
}

static rd_status on_progress(void *ctx, const char *zPart, int64_t nRows,
			     int done, struct rd_err *err)
{
	struct progress_ctx *p = ctx;
	int64_t ms;

	if (report_stop)
		return check_stop(err);
	if (!p->print)
		return RD_OK;
	ms = rd_mono_ms();
	if (!done && ms - p->lastMs < 100)
		return RD_OK;
	p->lastMs = ms;
	printf("progress\t%s\t%lld\t%d\n", zPart, (long long)nRows, done);
	fflush(stdout);
	return RD_OK;
}

static void install_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static rd_status parse_day(const char *z, int64_t *day, struct rd_err *err)
{
	int y, m, d;

	/* "today" and "yesterday" in the business time zone (UTC+08:00). */
	if (!strcmp(z, "today") || !strcmp(z, "yesterday")) {
		*day = rd_time_local_day(rd_now(), NULL) -
		       (z[0] == 'y' ? 1 : 0);
		return RD_OK;
	}
	if (rd_time_parse_date(z, &y, &m, &d) != RD_OK)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("'%s' is not a date; write YYYY-MM-DD, "
				    "today or yesterday"),
				  z);
	*day = rd_time_days_from_civil(y, m, d);
	return RD_OK;
}

/* 0 on success, else an exit status (usage already printed). */
static int parse_args(int argc, char **argv, struct report_args *a,
		      struct rd_err *err)
{
	static const struct option opts[] = {
		{ "date", required_argument, NULL, 'd' },
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "out", required_argument, NULL, 'o' },
		{ "unmasked", no_argument, NULL, 'U' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "progress", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *zDate = NULL, *zFrom = NULL, *zTo = NULL;
	int c;

	memset(a, 0, sizeof *a);
	if (argc < 2)
		return rd_cli_usage(_(report_usage), 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		rd_cli_usage(_(report_usage), 0);
		return -1;
	}
	if (!strcmp(argv[1], "range"))
		a->isRange = 1;
	else if (strcmp(argv[1], "daily") != 0)
		return rd_cli_usage(_(report_usage), 1);
	optind = 2;
	while ((c = getopt_long(argc, argv, "d:f:t:o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': zDate = optarg; break;
		case 'f': zFrom = optarg; break;
		case 't': zTo = optarg; break;
		case 'o': a->zOut = optarg; break;
		case 'U': a->unmasked = 1; break;
		case 'q': a->quiet = 1; break;
		case 'P': a->progress = 1; break;
		case 'h':
			rd_cli_usage(_(report_usage), 0);
			return -1;
		default: return rd_cli_usage(_(report_usage), 1);
		}
	}
	if (optind != argc)
		return rd_cli_usage(_(report_usage), 1);
	if (a->isRange) {
		if (zDate || !zFrom || !zTo)
			return rd_cli_usage(_(report_usage), 1);
		if (parse_day(zFrom, &a->fromDay, err) != RD_OK ||
		    parse_day(zTo, &a->toDay, err) != RD_OK)
			return rd_cli_fail("report", err);
		if (a->toDay < a->fromDay) {
			rd_err_set(err, RD_ERR_INVALID,
				   _("--to %s is before --from %s"), zTo, zFrom);
			return rd_cli_fail("report", err);
		}
		if (a->toDay - a->fromDay + 1 > REPORT_RANGE_MAX_DAYS) {
			rd_err_set(err, RD_ERR_LIMIT,
				   _("a period of at most %d days, please"),
				   REPORT_RANGE_MAX_DAYS);
			return rd_cli_fail("report", err);
		}
	} else {
		if (zFrom || zTo)
			return rd_cli_usage(_(report_usage), 1);
		if (zDate) {
			if (parse_day(zDate, &a->fromDay, err) != RD_OK)
				return rd_cli_fail("report", err);
		} else {
			a->fromDay = rd_time_local_day(rd_now(), NULL) - 1;
		}
		a->toDay = a->fromDay;
	}
	return 0;
}

static void day_text(int64_t day, char out[16])
{
	int y, m, d;

	rd_time_civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d-%02d-%02d", y, m, d);
}

/* Audit the run, then move the file into place: a published report
 * always has its entry (see below for the one crash window). */
static rd_status publish_audited(struct rd_ctx *ctx,
				 const struct report_args *a,
				 const char *zTmp, const char *zFinal,
				 const char *zName, const char *zFrom,
				 const char *zTo,
				 const struct rd_report_stats *stats,
				 struct rd_err *err)
{
	char zDetails[512];
	rd_status rc;

	snprintf(zDetails, sizeof zDetails,
		 "{\"from\":\"%s\",\"to\":\"%s\",\"decisions\":%lld,"
		 "\"payments\":%lld,\"backlog\":%lld,\"unmasked\":%s}",
		 zFrom, zTo, (long long)stats->nDecisions,
		 (long long)stats->nPayments, (long long)stats->nBacklog,
		 a->unmasked ? "true" : "false");
	rc = store_begin(ctx->st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_audit_append(ctx->st, ctx->login,
				a->isRange ? "report.range" : "report.daily",
				zName, zDetails, err);
	if (rc == RD_OK && a->unmasked)
		rc = store_audit_append(ctx->st, ctx->login, "report.unmasked",
					zName, zDetails, err);
	if (rc != RD_OK) {
		store_rollback(ctx->st);
		return rc;
	}
	/* The entry commits before the file takes its name: a crash in
	 * between leaves an entry for a report that is not there (the next
	 * run writes it), never a workbook — possibly unmasked — that the
	 * audit trail does not know. */
	rc = store_commit(ctx->st, err);
	if (rc == RD_OK)
		rc = rd_report_publish(zTmp, zFinal, err);
	return rc;
}

int cmd_report(struct rd_ctx *ctx, int argc, char **argv)
{
	struct report_args a;
	struct rd_report_spec spec;
	struct rd_report_stats stats;
	struct rd_calendar cal;
	struct progress_ctx prog = { 0, 0 };
	struct rd_err err;
	char zFinal[4096], zTmp[4200], zName[128], zFrom[16], zTo[16];
	int haveCal = 0, lockFd = -1, haveTmp = 0, ex;
	rd_status rc;

	rd_err_clear(&err);
	ex = parse_args(argc, argv, &a, &err);
	if (ex != 0)
		return ex < 0 ? EX_OK : ex;
	install_stop_signals();
	prog.print = a.progress;
	/* cron's nightly run is the cron operator's ([cron] operator, which
	 * must exist and be enabled); people run reports from the console's
	 * reports screen (a child process, as them) with their role. */
	if (rd_ctx_is_cron_operator(ctx)) {
		rc = rd_ctx_authenticate_cron(ctx, &err);
		if (rc != RD_OK)
			goto fail;
	}
	rc = rd_ctx_authenticate(ctx, a.unmasked ? RD_ROLE_SUPERVISOR
						 : RD_ROLE_AUDITOR,
				 &err);
	if (rc != RD_OK)
		goto fail;
	rc = rd_report_calendar_load(&ctx->cfg, &cal, &err);
	if (rc != RD_OK)
		goto fail;
	haveCal = 1;
	rc = rd_lock_take(ctx->cfg.lock_dir, "report", &lockFd, &err);
	if (rc != RD_OK)
		goto fail;

	day_text(a.fromDay, zFrom);
	day_text(a.toDay, zTo);
	if (a.isRange)
		snprintf(zName, sizeof zName, "radesk-range-%s_%s.xlsx", zFrom,
			 zTo);
	else
		snprintf(zName, sizeof zName, "radesk-daily-%s.xlsx", zFrom);
	if (!a.zOut)
		a.zOut = ctx->cfg.reports_dir;
	if ((size_t)snprintf(zFinal, sizeof zFinal, "%s/%s", a.zOut, zName) >=
	    sizeof zFinal) {
		rc = rd_err_set(&err, RD_ERR_INVALID, _("--out path too long"));
		goto fail;
	}
	rc = rd_report_tmp_reserve(zFinal, zTmp, sizeof zTmp, &err);
	if (rc != RD_OK)
		goto fail;
	haveTmp = 1;
	if (a.progress) {
		printf("tmp\t%s\n", zTmp);
		fflush(stdout);
	}

	memset(&spec, 0, sizeof spec);
	spec.from_day = a.fromDay;
	spec.to_day = a.toDay;
	spec.unmasked = a.unmasked;
	spec.cal = &cal;
	spec.generated_at = rd_now();
	spec.generated_by = ctx->login;
	spec.tmpdir = getenv("TMPDIR");
	spec.progress = on_progress;
	spec.progress_ctx = &prog;
	spec.reasons_file = ctx->cfg.reasons_file;
	rc = rd_report_write(ctx->st, &spec, zTmp, &stats, &err);
	/* The last point to stop: from here on the run completes. */
	if (rc == RD_OK)
		rc = check_stop(&err);
	if (rc != RD_OK)
		goto fail;
	rc = publish_audited(ctx, &a, zTmp, zFinal, zName, zFrom, zTo, &stats,
			     &err);
	if (rc != RD_OK)
		goto fail;
	haveTmp = 0;
	/* Every report leaves a signed checkpoint of the audit chain; the
	 * workbook is out already, so a failure here is a warning. */
	{
		struct rd_err e2;

		rd_err_clear(&e2);
		if (rd_anchor_take(ctx->st, &ctx->cfg, NULL, &e2) != RD_OK) {
			char *z = rd_text_sanitize_dup(rd_err_msg(&e2));

			fprintf(stderr, _("radesk report: warning: no audit "
					  "checkpoint taken: %s\n"),
				z ? z : "?");
			free(z);
		}
	}
	if (a.progress) {
		printf("done\t%s\n", zFinal);
		fflush(stdout);
	}
	if (!a.quiet && !ctx->quiet) {
		char zDays[64];
		int64_t today = rd_time_local_day(rd_now(), NULL);

		/* Which day(s) were written, said in words for the near ones:
		 * "2026-12-06 (yesterday)". */
		if (a.isRange)
			snprintf(zDays, sizeof zDays, _("%s to %s"), zFrom, zTo);
		else if (a.fromDay == today)
			snprintf(zDays, sizeof zDays, _("%s (today)"), zFrom);
		else if (a.fromDay == today - 1)
			snprintf(zDays, sizeof zDays, _("%s (yesterday)"), zFrom);
		else
			snprintf(zDays, sizeof zDays, "%s", zFrom);
		printf(_("wrote %s for %s: %lld decisions, %lld payments, %lld "
			 "open (%lld overdue), %lld quarantined\n"),
		       zFinal, zDays, (long long)stats.nDecisions,
		       (long long)stats.nPayments, (long long)stats.nBacklog,
		       (long long)stats.nOverdue,
		       (long long)stats.nQuarantined);
	}
	ex = EX_OK;
	goto done;
fail:
	ex = rd_cli_fail("report", &err);
done:
	if (haveTmp)
		unlink(zTmp);
	rd_lock_release(&lockFd);
	if (haveCal)
		rd_cal_fini(&cal);
	return ex;
}
