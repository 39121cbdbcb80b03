/*
 * cmd_demo.c — `radesk demo [--apps N] [--seed S] [--scans DIR]`: write
 * realistic synthetic bundles into the inbox (demo.h) and ingest them
 * through ingest_file(), the code path of `radesk ingest`.
 */
#include "cli.h"
#include "commands.h"

#include "clock.h"
#include "core/calendar.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "demo.h"
#include "scandoc.h"
#include "fsutil.h"
#include "ingest/ingest.h"
#include "store/ingest_store.h"

#include <jansson.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sysexits.h>
#include <unistd.h>

#ifndef DATADIR
#define DATADIR "/usr/local/share/radesk"
#endif

static const char demo_usage[] = N_(
	"usage: radesk demo [--apps N] [--seed S] [--scans DIR]\n"
	"\n"
	"Fills a demo or training database: writes N (default 80) realistic\n"
	"synthetic submission bundles into the configured inbox and ingests\n"
	"them exactly as `radesk ingest` would. All three application types;\n"
	"valid identity numbers except for about one in seven, which carry a\n"
	"planted defect (wrong check character, account name differs,\n"
	"expired renewal, missing scan, second application for the same\n"
	"certificate, wrong amount, failed liveness); a few applications\n"
	"rejected and resubmitted; about half of the clean applications\n"
	"older than three days approved, so the worker carries them through\n"
	"production and the courier; submission times over the last 14 days,\n"
	"so the queue shows on-time, due-today and overdue work. A planted\n"
	"missing scan of a replacement is quarantined, as the spec demands.\n"
	"\n"
	"The same --seed (default 2026) and clock (RADESK_NOW) give the same\n"
	"data. Each application's own scans are drawn (form with its fields,\n"
	"signature and seal; business licence; ID card), some photographed at\n"
	"an angle, small or noisy, and a few carry a planted reading defect\n"
	"(another company's licence, no seal, an ID number one digit off, an\n"
	"unreadable photo) that the worker's reading finds ([scan_read]).\n"
	"With --scans DIR the sample files of DIR are packed instead. Admins\n"
	"only; never on a production database.\n");

static int is_dir(const char *z)
{
	struct stat sb;

	return stat(z, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* Folder of path into out ("." when it has none). */
static void dir_of(const char *path, char *out, size_t n)
{
	const char *e = strrchr(path, '/');

	if (!e)
		snprintf(out, n, ".");
	else if (e == path)
		snprintf(out, n, "/");
	else
		snprintf(out, n, "%.*s", (int)(e - path), path);
}

/* Where the sample scans are: see the usage text. */
static rd_status find_scans(const struct rd_ctx *ctx, const char *zOpt,
			    char *out, size_t n, struct rd_err *err)
{
	char zDir[PATH_MAX], zExe[PATH_MAX];
	ssize_t len;

	if (zOpt) {
		snprintf(out, n, "%s", zOpt);
		if (is_dir(out))
			return RD_OK;
		return rd_err_set(err, RD_ERR_NOTFOUND,
				  _("--scans %s: no such folder"), zOpt);
	}
	if (ctx->cfg.source && ctx->cfg.source[0] != '(') {
		dir_of(ctx->cfg.source, zDir, sizeof zDir);
		if ((size_t)snprintf(out, n, "%s/../etc/demo/scans", zDir) < n &&
		    is_dir(out))
			return RD_OK;
	}
	len = readlink("/proc/self/exe", zExe, sizeof zExe - 1);
	if (len > 0) {
		zExe[len] = '\0';
		dir_of(zExe, zDir, sizeof zDir);
		if ((size_t)snprintf(out, n, "%s/../etc/demo/scans", zDir) < n &&
		    is_dir(out))
			return RD_OK;
	}
	snprintf(out, n, "%s/demo/scans", DATADIR);
	if (is_dir(out))
		return RD_OK;
	return rd_err_set(err, RD_ERR_NOTFOUND,
			  _("cannot find the demo scans (etc/demo/scans); "
			    "give their folder with --scans DIR"));
}

static int parse_count(const char *z, long lo, long hi, long *out)
{
	char *e;
	long v;

	errno = 0;
	v = strtol(z, &e, 10);
	if (errno || e == z || *e || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Refuse to plant the same seed twice: its app numbers would collide. */
static rd_status check_fresh(struct store *st, const struct demo_plan *p,
			     struct rd_err *err)
{
	for (size_t i = 0; i < demo_plan_count(p); i++) {
		const struct demo_step *s = demo_plan_step(p, i);
		int64_t v = 0;
		rd_status rc;

		if (s->kind != DEMO_STEP_BUNDLE || s->version != 1)
			continue;
		rc = store_ingest_current_version(st, s->app_no, &v, err);
		if (rc != RD_OK)
			return rc;
		if (v > 0)
			return rd_err_set(err, RD_ERR_EXISTS,
					  _("application %s of this seed is "
					    "already in the database; use "
					    "another --seed"),
					  s->app_no);
	}
	return RD_OK;
}

/*
 * A few portal requests (bundle format "Requests from the portal"), as
 * the portal drops them, ingested like any request file: a cancellation
 * and two refunds (original payment, bank account) of the three newest
 * applications not approved. *n counts those stored.
 */
static rd_status demo_requests(const struct ingest_env *env,
			       const struct demo_plan *plan,
			       const char *inbox, size_t *n,
			       struct rd_err *err)
{
	static const char *const azReason[] = { "客户已另行办理，申请撤销",
						"重复支付，申请退回",
						"不再需要，申请退费至对公账户" };
	const char *aNo[3];
	char zPath[PATH_MAX], zAt[40];
	int64_t at = rd_now() - 30 * 60;
	struct rd_tm tm;
	int k = 0;
	rd_status rc = RD_OK;

	*n = 0;
	for (size_t i = demo_plan_count(plan); i-- > 0 && k < 3;) {
		const struct demo_step *s = demo_plan_step(plan, i);
		int skip = s->kind != DEMO_STEP_BUNDLE;

		for (size_t j = 0; !skip && j < demo_plan_count(plan); j++) {
			const struct demo_step *t = demo_plan_step(plan, j);

			skip = t->kind != DEMO_STEP_BUNDLE &&
			       !strcmp(t->app_no, s->app_no);
		}
		for (int j = 0; !skip && j < k; j++)
			skip = !strcmp(aNo[j], s->app_no);
		if (!skip)
			aNo[k++] = s->app_no;
	}
	if (rd_time_to_local(at, &tm) != RD_OK)
		return rd_err_set(err, RD_ERR_INTERNAL, "clock");
	snprintf(zAt, sizeof zAt, "%04d-%02d-%02dT%02d:%02d:%02d+08:00",
		 tm.year % 10000, tm.mon % 100, tm.day % 100, tm.hour % 100,
		 tm.min % 100, tm.sec % 100);
	for (int i = 0; i < k && rc == RD_OK; i++) {
		struct ingest_result res;
		json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:s}", "format",
				      "radesk-request/1", "app_no", aNo[i],
				      "kind", i ? "refund" : "cancel",
				      "requested_at", zAt, "reason",
				      azReason[i]);
		char *z;

		if (j && i)
			json_object_set_new(
				j, "refund",
				i == 1 ? json_pack("{s:I,s:s}", "amount_fen",
						   (json_int_t)5000, "route",
						   "original")
				       : json_pack("{s:I,s:s,s:s}",
						   "amount_fen",
						   (json_int_t)5000, "route",
						   "bank", "account",
						   "6222020200001234567"));
		z = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!z)
			return rd_err_set(err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
		snprintf(zPath, sizeof zPath, "%s/%s-%s-1.json", inbox, aNo[i],
			 i ? "refund" : "cancel");
		rc = rd_write_file_atomic(zPath, z, strlen(z), 0640, err);
		free(z);
		if (rc == RD_OK)
			rc = ingest_file(env, zPath, &res, err);
		if (rc == RD_OK && res.outcome == INGEST_INGESTED)
			(*n)++;
	}
	return rc;
}

int cmd_demo(struct rd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "apps", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "scans", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct demo_opts o;
	struct demo_plan *plan = NULL;
	struct ingest_env env;
	struct rd_calendar cal;
	struct rd_err err;
	const char *zScansOpt = NULL;
	char zScans[PATH_MAX], zPath[PATH_MAX];
	size_t nIn = 0, nDup = 0, nBad = 0, nRej = 0, nApproved = 0, nReq = 0;
	int c, lockFd = -1, rcExit = EX_OK;
	long v;
	rd_status rc;

	rd_err_clear(&err);
	rd_cal_init(&cal);
	memset(&o, 0, sizeof o);
	o.nApps = 80;
	o.seed = 2026;
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:s:d:h", opts, NULL)) != -1) {
		if (c == 'n' && parse_count(optarg, 1, DEMO_MAX_APPS, &v) == 0) {
			o.nApps = (int)v;
		} else if (c == 's' && parse_count(optarg, 0, LONG_MAX, &v) == 0) {
			o.seed = (uint64_t)v;
		} else if (c == 'd') {
			zScansOpt = optarg;
		} else {
			if (c == 'n' || c == 's')
				fprintf(stderr, _("radesk demo: bad value '%s' for --%s\n"),
					optarg, c == 'n' ? "apps" : "seed");
			return rd_cli_usage(_(demo_usage), c != 'h');
		}
	}
	if (optind < argc)
		return rd_cli_usage(_(demo_usage), 1);

	rc = rd_ctx_authenticate(ctx, RD_ROLE_ADMIN, &err);
	if (rc == RD_OK)
		rc = rd_lock_take(ctx->cfg.lock_dir, "ingest", &lockFd, &err);
	if (rc == RD_OK)
		rc = ingest_calendar_load(&ctx->cfg, &cal, &err);
	if (rc == RD_OK)
		rc = find_scans(ctx, zScansOpt, zScans, sizeof zScans, &err);
	if (rc == RD_OK)
		rc = rd_mkdir_p(ctx->cfg.inbox_dir, 0770, &err);
	if (rc != RD_OK)
		goto fail;
	o.now = rd_now();
	o.tariff_fen[RD_APP_REPLACE] = ctx->cfg.tariff_replace_fen;
	o.tariff_fen[RD_APP_RENEW] = ctx->cfg.tariff_renew_fen;
	o.tariff_fen[RD_APP_NEW] = ctx->cfg.tariff_new_fen;
	o.scans_dir = zScans;
	o.draw_scans = !zScansOpt; /* --scans DIR packs those files instead */
	rc = demo_plan_new(&o, &plan, &err);
	if (rc == RD_OK)
		rc = check_fresh(ctx->st, plan, &err);
	if (rc != RD_OK)
		goto fail;

	env.st = ctx->st;
	env.cfg = &ctx->cfg;
	env.cal = &cal;
	env.actor = "demo";
	for (size_t i = 0; i < demo_plan_count(plan); i++) {
		const struct demo_step *s = demo_plan_step(plan, i);
		struct ingest_result res;

		rd_err_clear(&err);
		if (s->kind == DEMO_STEP_REJECT ||
		    s->kind == DEMO_STEP_APPROVE) {
			int rej = s->kind == DEMO_STEP_REJECT;

			rc = store_demo_decide(ctx->st, s->app_no, ctx->op.id,
					       rej ? RD_ACT_REJECT
						   : RD_ACT_APPROVE,
					       rej ? s->reason_code : NULL,
					       rej ? s->note : NULL, s->at,
					       &err);
			if (rc != RD_OK) {
				rd_err_prefix(&err, "%s: ", s->app_no);
				goto fail;
			}
			*(rej ? &nRej : &nApproved) += 1;
			continue;
		}
		rc = demo_bundle_write(plan, s, ctx->cfg.inbox_dir, zPath,
				       sizeof zPath, &err);
		if (rc == RD_OK)
			rc = ingest_file(&env, zPath, &res, &err);
		if (rc != RD_OK) {
			rd_err_prefix(&err, "%s-v%d: ", s->app_no, s->version);
			goto fail;
		}
		if (res.outcome == INGEST_INGESTED)
			nIn++;
		else if (res.outcome == INGEST_DUPLICATE)
			nDup++;
		else
			nBad++;
	}
	rc = demo_requests(&env, plan, ctx->cfg.inbox_dir, &nReq, &err);
	if (rc != RD_OK)
		goto fail;
	printf(P_("demo: %zu application", "demo: %zu applications",
		  demo_plan_apps(plan)),
	       demo_plan_apps(plan));
	printf(_(" (%zu bundles, %zu rejected and resubmitted) written; "
		 "ingest: %zu ingested, %zu duplicate, %zu quarantined\n"),
	       demo_plan_bundles(plan), nRej, nIn, nDup, nBad);
	printf(P_("demo: %zu application approved earlier; the worker takes "
		  "it on through production and the courier\n",
		  "demo: %zu applications approved earlier; the worker takes "
		  "them on through production and the courier\n",
		  nApproved),
	       nApproved);
	printf(P_("demo: %zu portal request waits for a supervisor (P in "
		  "the queue)\n",
		  "demo: %zu portal requests wait for a supervisor (P in "
		  "the queue)\n",
		  nReq),
	       nReq);
	goto done;
fail:
	rcExit = rd_cli_fail("demo", &err);
done:
	demo_plan_free(&plan);
	if (o.draw_scans)
		scandoc_shutdown(); /* the font caches, for leak checkers */
	rd_lock_release(&lockFd);
	rd_cal_fini(&cal);
	return rcExit;
}
