/*
 * cmd_ship.c — `radesk ship list|issues|print|retry|installed`: the
 * fulfilment desk from the command line (the console's shipping screen
 * does the same). Printing is queued for the worker, never done here.
 */
#include "cli.h"
#include "labels.h"
#include "commands.h"
#include "table.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/fulfil.h"
#include "store/withdraw.h"
#include "store/queue.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define SHIP_PAGE 200

static const char ship_usage[] = N_(
	"usage: radesk ship list [--date YYYY-MM-DD]\n"
	"       radesk ship issues\n"
	"       radesk ship print WAYBILL\n"
	"       radesk ship print --all [--date YYYY-MM-DD] [--unprinted]\n"
	"       radesk ship retry APP_NO [--note TEXT]\n"
	"       radesk ship installed APP_NO [--note TEXT]\n"
	"\n"
	"list shows the shipments made on a day (default today, China time):\n"
	"waybill, state, label prints and the last error. issues lists what\n"
	"needs a person: keys that failed quality control, fulfilment jobs that\n"
	"gave up, returned parcels and failed label prints.\n"
	"print queues a label print for the worker (to [print] command, or\n"
	"the spool folder); --all prints every label of the day that is not\n"
	"waiting already, --unprinted only those never printed (supervisor).\n"
	"retry makes a key again after a QC failure, or revives its dead\n"
	"production job (supervisor). installed reports that a renewal's\n"
	"certificate was installed, which completes the application.\n");

/* [from, to) of the local day named by zDate ("" or NULL = today). */
static rd_status day_range(const char *zDate, int64_t *from, int64_t *to,
			   struct rd_err *err)
{
	int y, m, d;

	if (zDate && *zDate) {
		if (rd_time_parse_date(zDate, &y, &m, &d) != RD_OK ||
		    rd_time_from_local(y, m, d, 0, 0, 0, from) != RD_OK)
			return rd_err_set(err, RD_ERR_INVALID,
					  _("%s is not a date (YYYY-MM-DD)"),
					  zDate);
	} else {
		*from = rd_time_local_day(rd_now(), NULL) * 86400 - 8 * 3600;
	}
	*to = *from + 86400;
	return RD_OK;
}

static int ship_list(struct rd_ctx *ctx, const char *zDate)
{
	struct store_ship_row *rows = NULL;
	struct rd_err err;
	int64_t from, to;
	int n = 0, total = 0, first = 0, rcExit = EX_OK;
	rd_status rc;

	rd_err_clear(&err);
	rc = day_range(zDate, &from, &to, &err);
	if (rc != RD_OK)
		return rd_cli_fail("ship", &err);
	rows = calloc(SHIP_PAGE, sizeof *rows);
	if (!rows)
		return rd_exit_code(RD_ERR_NOMEM);
	do {
		rc = store_ship_list(ctx->st, from, to, first, SHIP_PAGE, rows,
				     &n, &total, &err);
		if (rc != RD_OK) {
			rcExit = rd_cli_fail("ship", &err);
			break;
		}
		for (int i = 0; i < n; i++) {
			static const struct rd_col cols[] = {
				{ 18, 0 }, { 16, 0 }, { 10, 0 }, { 8, 0 },
				{ 8, 0 }, { 11, 0 }, { 8, 0 }, { 24, 0 },
				{ RD_COL_REST, 0 }
			};
			const struct store_ship_row *r = &rows[i];
			char zMore[512];
			const char *az[9];
			char *zErr = rd_text_sanitize_dup(r->last_error);

			const char *zPrint = r->print_state[0]
				? rd_label_word(r->print_state) : NULL;
			const char *zState = rd_label_word(r->state);

			/* States in words (labels.c), never the codes. */
			snprintf(zMore, sizeof zMore, _("%d print(s)%s%s%s%s"),
				 r->print_count,
				 r->print_state[0] ? _(", last: ") : "",
				 r->print_state[0]
				 ? (zPrint ? zPrint : _("unknown")) : "",
				 zErr && *zErr ? _(", error: ") : "",
				 zErr ? zErr : "");
			az[0] = r->app_no;
			az[1] = r->waybill_no[0] ? r->waybill_no : "-";
			az[2] = zState ? zState : _("unknown");
			az[3] = r->carrier[0] ? r->carrier : "-";
			az[4] = r->recipient;
			az[5] = r->mobile;
			az[6] = r->city;
			az[7] = r->org_name;
			az[8] = zMore;
			rd_table_row(stdout, cols, 9, az);
			free(zErr);
		}
		first += n;
	} while (n == SHIP_PAGE && first < total);
	if (rcExit == EX_OK)
		printf(_("%d shipment(s)\n"), total);
	free(rows);
	return rcExit;
}

static const char *issue_label(enum store_fulfil_issue_kind k)
{
	switch (k) {
	case STORE_FI_QC_FAILED:
		return _("key failed QC");
	case STORE_FI_JOB_DEAD:
		return _("job gave up");
	case STORE_FI_RETURNED:
		return _("parcel returned");
	case STORE_FI_PRINT_FAILED:
		return _("label print failed");
	}
	return "?";
}

static int ship_issues(struct rd_ctx *ctx)
{
	struct store_fulfil_issue *rows = calloc(SHIP_PAGE, sizeof *rows);
	struct rd_err err;
	int n = 0, total = 0, first = 0, rcExit = EX_OK;

	rd_err_clear(&err);
	if (!rows)
		return rd_exit_code(RD_ERR_NOMEM);
	do {
		if (store_fulfil_issues(ctx->st, first, SHIP_PAGE, rows, &n,
					&total, &err) != RD_OK) {
			rcExit = rd_cli_fail("ship", &err);
			break;
		}
		for (int i = 0; i < n; i++) {
			const struct store_fulfil_issue *r = &rows[i];
			static const struct rd_col cols[] = {
				{ 16, 0 }, { 18, 0 }, { 44, 0 }, { RD_COL_REST, 0 }
			};
			char zAt[RD_TIME_BUFSZ], zWhat[256];
			const char *az[4];

			rd_time_format_local(r->at, zAt, sizeof zAt,
					     RD_TIME_MINUTES);
			snprintf(zWhat, sizeof zWhat, "%s%s%s%s%s%s",
				 issue_label(r->what), r->kind[0] ? " (" : "",
				 r->kind[0] ? (rd_label_word(r->kind)
					       ? rd_label_word(r->kind)
					       : _("job"))
					    : "",
				 r->kind[0] ? ")" : "",
				 r->waybill_no[0] ? " " : "",
				 r->waybill_no);
			az[0] = zAt;
			az[1] = r->app_no;
			az[2] = zWhat;
			az[3] = r->detail;
			rd_table_row(stdout, cols, 4, az);
		}
		first += n;
	} while (n == SHIP_PAGE && first < total);
	if (rcExit == EX_OK)
		printf(_("%d issue(s)\n"), total);
	free(rows);
	return rcExit;
}

/* The value of --NAME VALUE among argv[from..argc), or NULL; *bad is set
 * when the option is there without a value. */
static const char *opt_value(int argc, char **argv, int from,
			     const char *name, int *bad)
{
	for (int i = from; i < argc; i++)
		if (!strcmp(argv[i], name)) {
			if (i + 1 >= argc) {
				*bad = 1;
				return NULL;
			}
			return argv[i + 1];
		}
	return NULL;
}

static int has_flag(int argc, char **argv, int from, const char *name)
{
	for (int i = from; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static int ship_print(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	int64_t id = 0, from, to;
	int queued = 0, bad = 0;
	const char *zDate = opt_value(argc, argv, 2, "--date", &bad);
	rd_status rc;

	rd_err_clear(&err);
	if (bad)
		return rd_cli_usage(_(ship_usage), 1);
	if (has_flag(argc, argv, 2, "--all")) {
		rc = day_range(zDate, &from, &to, &err);
		if (rc == RD_OK)
			rc = store_label_print_batch(
				ctx->st, ctx->op.login, ctx->op.id, from, to,
				has_flag(argc, argv, 2, "--unprinted"), &queued,
				&err);
		if (rc != RD_OK)
			return rd_cli_fail("ship", &err);
		printf(_("%d label print(s) queued\n"), queued);
		return EX_OK;
	}
	if (argc != 3)
		return rd_cli_usage(_(ship_usage), 1);
	rc = store_ship_find_waybill(ctx->st, argv[2], &id, &err);
	if (rc == RD_OK)
		rc = store_label_print_enqueue(ctx->st, ctx->op.login,
					       ctx->op.id, id, &err);
	if (rc != RD_OK)
		return rd_cli_fail("ship", &err);
	printf(_("label of %s queued for printing\n"), argv[2]);
	return EX_OK;
}

/* retry / installed: APP_NO [--note TEXT]. */
static int ship_app_action(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	int64_t app_id = 0;
	int bad = 0;
	const char *zNote = opt_value(argc, argv, 3, "--note", &bad);
	int installed = !strcmp(argv[1], "installed");
	rd_status rc;

	rd_err_clear(&err);
	if (bad || argc < 3 || (argc != 3 && argc != 5) || !strncmp(argv[2], "--", 2))
		return rd_cli_usage(_(ship_usage), 1);
	rc = store_app_id_by_no(ctx->st, argv[2], &app_id, &err);
	if (rc == RD_OK)
		rc = installed ? store_fulfil_installed(ctx->st, ctx->op.login,
							ctx->op.id, app_id,
							zNote, &err)
			       : store_fulfil_retry_production(
					 ctx->st, ctx->op.login, ctx->op.id,
					 app_id, zNote, &err);
	/* A refusal is logged, as the console logs it: for lack of role,
	 * and when the gate (or the state) says no, with its words. */
	if (rc == RD_ERR_DENIED || rc == RD_ERR_STATE)
		store_audit_refusal(ctx->st, &ctx->op,
				    installed ? "install_report"
					      : "production.retry",
				    argv[2],
				    rc == RD_ERR_DENIED ? "supervisor only"
							: rd_err_msg(&err),
				    NULL);
	if (rc != RD_OK)
		return rd_cli_fail("ship", &err);
	printf(installed ? _("%s completed: install reported\n")
			 : _("%s: production retried\n"),
	       argv[2]);
	return EX_OK;
}

int cmd_ship(struct rd_ctx *ctx, int argc, char **argv)
{
	const char *zSub = argc > 1 ? argv[1] : NULL;
	struct rd_err err;
	int bad = 0;
	const char *zDate;
	rd_status rc;

	rd_err_clear(&err);
	if (!zSub || !strcmp(zSub, "--help") || !strcmp(zSub, "-h"))
		return rd_cli_usage(_(ship_usage), !zSub);
	if (strcmp(zSub, "list") && strcmp(zSub, "issues") &&
	    strcmp(zSub, "print") && strcmp(zSub, "retry") &&
	    strcmp(zSub, "installed"))
		return rd_cli_usage(_(ship_usage), 1);
	if ((!strcmp(zSub, "issues") && argc != 2) ||
	    (!strcmp(zSub, "print") && argc < 3))
		return rd_cli_usage(_(ship_usage), 1);
	zDate = opt_value(argc, argv, 2, "--date", &bad);
	if (!strcmp(zSub, "list") && (bad || (argc != 2 && !(argc == 4 && zDate))))
		return rd_cli_usage(_(ship_usage), 1);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_AUDITOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("ship", &err);
	if (!strcmp(zSub, "list"))
		return ship_list(ctx, zDate);
	if (!strcmp(zSub, "issues"))
		return ship_issues(ctx);
	if (!strcmp(zSub, "print"))
		return ship_print(ctx, argc, argv);
	return ship_app_action(ctx, argc, argv);
}
