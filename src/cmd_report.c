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
 */
#include "cli.h"
#include "commands.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/timefmt.h"
#include "fsutil.h"
#include "reports/common.h"
#include "reports/daily.h"
#include "store/audit.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

/* Longest period `report range` accepts, in days. */
#define REPORT_RANGE_MAX_DAYS 366

static const char report_usage[] = N_(
	"usage: radesk report daily [--date YYYY-MM-DD] [--out DIR] [--unmasked]\n"
	"                           [--quiet]\n"
	"       radesk report range --from YYYY-MM-DD --to YYYY-MM-DD [--out DIR]\n"
	"                           [--unmasked] [--quiet]\n"
	"\n"
	"daily writes DIR/radesk-daily-YYYY-MM-DD.xlsx for one day (default: the\n"
	"day before today, UTC+08:00); range writes radesk-range-FROM_TO.xlsx for\n"
	"a period of at most 366 days. DIR defaults to [paths] reports.\n"
	"Personal data is masked; --unmasked needs the supervisor role and is\n"
	"audited. One report runs at a time: a second one exits 75 (EX_TEMPFAIL).\n"
	"Running again for the same date replaces the file.\n");

struct report_args {
	int isRange;
	int64_t fromDay, toDay;
	const char *zOut;
	int unmasked;
	int quiet;
};

static rd_status parse_day(const char *z, int64_t *day, struct rd_err *err)
{
	int y, m, d;

	if (rd_time_parse_date(z, &y, &m, &d) != RD_OK)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("'%s' is not a date; write YYYY-MM-DD"), z);
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

/* Audit the run and move the file into place in one transaction: the
 * entry exists exactly when the file was published. */
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
	if (rc == RD_OK)
		rc = rd_report_publish(zTmp, zFinal, err);
	if (rc != RD_OK) {
		store_rollback(ctx->st);
		return rc;
	}
	return store_commit(ctx->st, err);
}

int cmd_report(struct rd_ctx *ctx, int argc, char **argv)
{
	struct report_args a;
	struct rd_report_spec spec;
	struct rd_report_stats stats;
	struct rd_calendar cal;
	struct rd_err err;
	char zFinal[4096], zTmp[4200], zName[128], zFrom[16], zTo[16];
	int haveCal = 0, lockFd = -1, haveTmp = 0, ex;
	rd_status rc;

	rd_err_clear(&err);
	ex = parse_args(argc, argv, &a, &err);
	if (ex != 0)
		return ex < 0 ? EX_OK : ex;
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

	memset(&spec, 0, sizeof spec);
	spec.from_day = a.fromDay;
	spec.to_day = a.toDay;
	spec.unmasked = a.unmasked;
	spec.cal = &cal;
	spec.generated_at = rd_now();
	spec.generated_by = ctx->login;
	spec.tmpdir = getenv("TMPDIR");
	rc = rd_report_write(ctx->st, &spec, zTmp, &stats, &err);
	if (rc != RD_OK)
		goto fail;
	rc = publish_audited(ctx, &a, zTmp, zFinal, zName, zFrom, zTo, &stats,
			     &err);
	if (rc != RD_OK)
		goto fail;
	haveTmp = 0;
	if (!a.quiet && !ctx->quiet)
		printf(_("wrote %s: %lld decisions, %lld payments, %lld open "
			 "(%lld overdue), %lld quarantined\n"),
		       zFinal, (long long)stats.nDecisions,
		       (long long)stats.nPayments, (long long)stats.nBacklog,
		       (long long)stats.nOverdue,
		       (long long)stats.nQuarantined);
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
