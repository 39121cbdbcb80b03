/*
 * cmd_sample.c — `radesk audit sample`: the quarterly self-audit sample
 * (store/sample.h), reached through `radesk audit sample ...`.
 */
#include "cli.h"
#include "commands.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/sample.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "crypto.h"
#include "store/sample.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char sample_usage[] = N_(
	"usage: radesk audit sample --quarter YYYYQN [--seed N]\n"
	"       radesk audit sample list --quarter YYYYQN\n"
	"       radesk audit sample review --quarter YYYYQN APP_NO\n"
	"                          --verdict agree|disagree --note TEXT\n"
	"       radesk audit sample workbook --quarter YYYYQN [--out DIR]\n"
	"\n"
	"The quarterly self-audit (CA/Browser Forum BR 8.7). The first form\n"
	"draws at least 3% of the applications approved in the quarter at\n"
	"random (the seed, random unless given, is recorded and audited) and\n"
	"assigns each to an enabled supervisor or admin who did not decide\n"
	"it (supervisors). list shows the items and their re-reviews. review\n"
	"records your verdict and note on an item assigned to you; audited.\n"
	"workbook writes DIR/radesk-sample-YYYYQN.xlsx (DIR defaults to\n"
	"[paths] reports) with the items and a summary.\n");

struct opts {
	const char *quarter, *verdict, *note, *out, *app_no;
	uint64_t seed;
	int have_seed;
};

static int parse(int argc, char **argv, int first, struct opts *o)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h"))
			return 1;
		if (i + 1 < argc && !strcmp(a, "--quarter"))
			o->quarter = argv[++i];
		else if (i + 1 < argc && !strcmp(a, "--verdict"))
			o->verdict = argv[++i];
		else if (i + 1 < argc && !strcmp(a, "--note"))
			o->note = argv[++i];
		else if (i + 1 < argc && !strcmp(a, "--out"))
			o->out = argv[++i];
		else if (i + 1 < argc && !strcmp(a, "--seed")) {
			char *end;

			errno = 0;
			o->seed = strtoull(argv[++i], &end, 10);
			if (errno || *end || argv[i][0] == '-')
				return -1;
			o->have_seed = 1;
		} else if (a[0] != '-' && !o->app_no)
			o->app_no = a;
		else
			return -1;
	}
	return o->quarter ? 0 : -1;
}

static int print_row(void *ctx, const struct store_sample_row *r)
{
	char zAt[32] = "", *zNote = rd_text_sanitize_dup(r->note);

	(void)ctx;
	if (r->reviewed_at)
		rd_time_format_local(r->reviewed_at, zAt, sizeof zAt,
				     RD_TIME_MINUTES);
	printf("%-18s  %-12s  %-12s  %-9s  %-16s  %s\n", r->app_no, r->decider,
	       r->reviewer,
	       r->verdict[0] ? (!strcmp(r->verdict, "agree") ? _("agree")
							       : _("disagree"))
			     : C_("sample", "open"),
	       zAt, zNote ? zNote : "");
	free(zNote);
	return 0;
}

struct wb_ctx {
	lxw_worksheet *ws;
	lxw_row_t row;
	int64_t n, reviewed, agree, disagree;
};

static int write_row(void *pctx, const struct store_sample_row *r)
{
	struct wb_ctx *c = pctx;
	char zDec[32] = "", zRev[32] = "";

	rd_time_format_local(r->decided_at, zDec, sizeof zDec, RD_TIME_MINUTES);
	if (r->reviewed_at)
		rd_time_format_local(r->reviewed_at, zRev, sizeof zRev,
				     RD_TIME_MINUTES);
	/* every cell a string: never a formula */
	worksheet_write_string(c->ws, c->row, 0, r->app_no, NULL);
	worksheet_write_string(c->ws, c->row, 1, r->decider, NULL);
	worksheet_write_string(c->ws, c->row, 2, zDec, NULL);
	worksheet_write_string(c->ws, c->row, 3, r->reviewer, NULL);
	worksheet_write_string(c->ws, c->row, 4,
			       !r->verdict[0] ? "未复核"
			       : !strcmp(r->verdict, "agree") ? "同意" : "不同意",
			       NULL);
	worksheet_write_string(c->ws, c->row, 5, r->note, NULL);
	worksheet_write_string(c->ws, c->row, 6, zRev, NULL);
	c->row++;
	c->n++;
	if (r->verdict[0]) {
		c->reviewed++;
		if (!strcmp(r->verdict, "agree"))
			c->agree++;
		else
			c->disagree++;
	}
	return 0;
}

static int workbook(struct rd_ctx *ctx, const struct opts *o)
{
	static const char *const head[] = { "申请编号", "审核人", "审核时间",
					    "复核人", "复核结论", "复核说明",
					    "复核时间" };
	struct store_sample_info info;
	struct wb_ctx c = { 0 };
	struct rd_err err;
	lxw_workbook *wb;
	lxw_worksheet *sum;
	char zPath[4096], zTmp[4200], zSeed[32];
	rd_status rc;

	rd_err_clear(&err);
	snprintf(zPath, sizeof zPath, "%s/radesk-sample-%s.xlsx",
		 o->out ? o->out : ctx->cfg.reports_dir, o->quarter);
	snprintf(zTmp, sizeof zTmp, "%s.tmp.%ld", zPath, (long)getpid());
	wb = workbook_new(zTmp);
	if (!wb) {
		rd_err_set(&err, RD_ERR_IO, _("cannot write %s"), zTmp);
		return rd_cli_fail("audit sample", &err);
	}
	c.ws = workbook_add_worksheet(wb, "抽样复核");
	sum = workbook_add_worksheet(wb, "汇总");
	for (int i = 0; i < 7; i++)
		worksheet_write_string(c.ws, 0, (lxw_col_t)i, head[i], NULL);
	c.row = 1;
	rc = store_sample_list(ctx->st, o->quarter, &info, write_row, &c, &err);
	snprintf(zSeed, sizeof zSeed, "%llu", (unsigned long long)info.seed);
	worksheet_write_string(sum, 0, 0, "季度", NULL);
	worksheet_write_string(sum, 0, 1, o->quarter, NULL);
	worksheet_write_string(sum, 1, 0, "随机种子", NULL);
	worksheet_write_string(sum, 1, 1, zSeed, NULL);
	worksheet_write_string(sum, 2, 0, "核准申请数", NULL);
	worksheet_write_number(sum, 2, 1, (double)info.population, NULL);
	worksheet_write_string(sum, 3, 0, "抽取数", NULL);
	worksheet_write_number(sum, 3, 1, (double)c.n, NULL);
	worksheet_write_string(sum, 4, 0, "已复核", NULL);
	worksheet_write_number(sum, 4, 1, (double)c.reviewed, NULL);
	worksheet_write_string(sum, 5, 0, "同意", NULL);
	worksheet_write_number(sum, 5, 1, (double)c.agree, NULL);
	worksheet_write_string(sum, 6, 0, "不同意", NULL);
	worksheet_write_number(sum, 6, 1, (double)c.disagree, NULL);
	if (workbook_close(wb) != LXW_NO_ERROR && rc == RD_OK)
		rc = rd_err_set(&err, RD_ERR_IO, _("cannot write %s"), zTmp);
	if (rc == RD_OK && rename(zTmp, zPath) != 0)
		rc = rd_err_set(&err, RD_ERR_IO, _("cannot write %s"), zPath);
	if (rc != RD_OK) {
		unlink(zTmp);
		return rd_cli_fail("audit sample", &err);
	}
	printf(_("wrote %s: %lld items, %lld re-reviewed\n"), zPath,
	       (long long)c.n, (long long)c.reviewed);
	return EX_OK;
}

int cmd_audit_sample(struct rd_ctx *ctx, int argc, char **argv)
{
	struct opts o;
	struct rd_err err;
	const char *zSub = argc > 1 && argv[1][0] != '-' ? argv[1] : "";
	int64_t from, to, pop = 0, drawn = 0;
	int first = zSub[0] ? 2 : 1, pr;
	rd_status rc;

	memset(&o, 0, sizeof o);
	rd_err_clear(&err);
	if (zSub[0] && strcmp(zSub, "list") && strcmp(zSub, "review") &&
	    strcmp(zSub, "workbook"))
		return rd_cli_usage(_(sample_usage), 1);
	pr = parse(argc, argv, first, &o);
	if (pr > 0)
		return rd_cli_usage(_(sample_usage), 0);
	if (pr < 0 || rd_quarter_parse(o.quarter, &from, &to) != RD_OK ||
	    (!strcmp(zSub, "review") != (o.app_no != NULL)) ||
	    (!strcmp(zSub, "review") && (!o.verdict || !o.note)))
		return rd_cli_usage(_(sample_usage), 1);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("audit sample", &err);
	if (!strcmp(zSub, "list")) {
		struct store_sample_info info;

		rc = store_sample_list(ctx->st, o.quarter, &info, print_row,
				       NULL, &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit sample", &err);
		printf(_("sample of %s: seed %llu, %lld approved applications\n"),
		       o.quarter, (unsigned long long)info.seed,
		       (long long)info.population);
		return EX_OK;
	}
	if (!strcmp(zSub, "review")) {
		rc = store_sample_review(ctx->st, o.quarter, o.app_no, ctx->op.id,
					 ctx->op.login, o.verdict, o.note,
					 rd_now(), &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit sample", &err);
		printf(_("re-review of %s recorded\n"), o.app_no);
		return EX_OK;
	}
	if (!strcmp(zSub, "workbook"))
		return workbook(ctx, &o);
	if (!o.have_seed && rd_random_bytes(&o.seed, sizeof o.seed) != RD_OK) {
		rd_err_set(&err, RD_ERR_IO, _("no random seed"));
		return rd_cli_fail("audit sample", &err);
	}
	o.seed &= INT64_MAX; /* stored in an INTEGER column */
	rc = store_sample_draw(ctx->st, o.quarter, from, to, o.seed,
			       ctx->op.login, rd_now(), &pop, &drawn, &err);
	if (rc != RD_OK)
		return rd_cli_fail("audit sample", &err);
	printf(_("sample of %s: %lld of %lld approved applications drawn "
		 "(seed %llu)\n"),
	       o.quarter, (long long)drawn, (long long)pop,
	       (unsigned long long)o.seed);
	return EX_OK;
}
