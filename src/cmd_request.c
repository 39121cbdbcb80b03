/*
 * cmd_request.c — `radesk request list [--all]`: the portal's cancel and
 * refund requests (spec "Requests from the portal after submission"),
 * as ingest stored them for supervisors; `radesk request
 * approve|paid|dismiss`: supervisors act on them (store/request_act.h,
 * the two-person refund).
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "core/money.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/request_act.h"
#include "store/requests.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char request_usage[] = N_(
	"usage: radesk request list [--all]\n"
	"       radesk request approve REQUEST --note TEXT\n"
	"       radesk request paid REQUEST --note TEXT\n"
	"       radesk request dismiss REQUEST --note TEXT\n"
	"\n"
	"Lists the cancellation and refund requests the portal sent after\n"
	"submission (request files in the inbox, taken by `radesk ingest`),\n"
	"newest first: the open ones, or every one with --all. One line each,\n"
	"tab-separated: application, kind, number, requested at, state of the\n"
	"request, state of the application, refund amount and route, reason.\n"
	"A request changes nothing by itself. Needs the supervisor role.\n"
	"Two more columns: the request (APP_NO-KIND-N, its file's name, as\n"
	"the commands below take it) and the supervisor who approved it.\n"
	"\n"
	"approve: a cancellation cancels the application (its unsent jobs\n"
	"stop); a refund is checked against the payment and the application\n"
	"waits for the refund. paid: a DIFFERENT supervisor marks an approved\n"
	"refund paid back (the one who approved it is refused). dismiss: an\n"
	"open request that is not approved is closed, the application left as\n"
	"it is. The note is required: the customer reads it.\n");

/* approve / paid / dismiss REQUEST --note TEXT */
static int request_act(struct rd_ctx *ctx, int argc, char **argv)
{
	enum store_request_act act = !strcmp(argv[1], "approve")
					     ? STORE_REQ_APPROVE
				     : !strcmp(argv[1], "paid")
					     ? STORE_REQ_PAID
					     : STORE_REQ_DISMISS;
	const char *zRef = NULL, *zNote = NULL;
	struct rd_err err;
	int64_t id = 0;
	rd_status rc;

	rd_err_clear(&err);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--note") && i + 1 < argc && !zNote)
			zNote = argv[++i];
		else if (!zRef && strncmp(argv[i], "--", 2))
			zRef = argv[i];
		else
			return rd_cli_usage(_(request_usage), 1);
	}
	if (!zRef || !zNote)
		return rd_cli_usage(_(request_usage), 1);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_AUDITOR, &err);
	if (rc == RD_OK)
		rc = store_request_find(ctx->st, zRef, &id, &err);
	if (rc == RD_OK)
		rc = store_request_act(ctx->st, &ctx->op, id, act, zNote, &err);
	if (rc != RD_OK)
		return rd_cli_fail("request", &err);
	printf(act == STORE_REQ_APPROVE ? _("request %s approved\n")
	       : act == STORE_REQ_PAID	? _("request %s: refund paid\n")
					: _("request %s dismissed\n"),
	       zRef);
	return EX_OK;
}

/* The request's state in words: open, approved (waiting for the second
 * person), or how it was closed. */
static const char *request_state_label(const struct store_request_row *r)
{
	if (!strcmp(r->outcome, "cancelled"))
		return _("cancelled");
	if (!strcmp(r->outcome, "paid"))
		return _("refund paid");
	if (!strcmp(r->outcome, "dismissed"))
		return _("dismissed");
	if (r->approved_by[0] && !strcmp(r->state, "open"))
		return _("approved, to be paid");
	return !strcmp(r->state, "open") ? _("open") : _("closed");
}

int cmd_request(struct rd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_request_row *a = NULL;
	struct rd_err err;
	size_t n = 0;
	int all = 0, c;
	rd_status rc;

	rd_err_clear(&err);
	if (argc < 2)
		return rd_cli_usage(_(request_usage), 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return rd_cli_usage(_(request_usage), 0);
	if (!strcmp(argv[1], "approve") || !strcmp(argv[1], "paid") ||
	    !strcmp(argv[1], "dismiss"))
		return request_act(ctx, argc, argv);
	if (strcmp(argv[1], "list") != 0)
		return rd_cli_usage(_(request_usage), 1);
	optind = 2;
	while ((c = getopt_long(argc, argv, "ah", opts, NULL)) != -1) {
		if (c == 'a')
			all = 1;
		else
			return rd_cli_usage(_(request_usage), c != 'h');
	}
	if (optind != argc)
		return rd_cli_usage(_(request_usage), 1);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc == RD_OK)
		rc = store_request_list(ctx->st, !all, &a, &n, &err);
	if (rc != RD_OK)
		return rd_cli_fail("request", &err);
	for (size_t i = 0; i < n; i++) {
		char zAt[RD_TIME_BUFSZ], zAmt[RD_MONEY_BUFSZ] = "", zReason[1024];
		enum rd_app_state s;
		const char *zState = a[i].app_state;

		rd_time_format_local(a[i].requested_at, zAt, sizeof zAt,
				     RD_TIME_MINUTES);
		if (a[i].refund_amount_fen > 0)
			rd_money_format(a[i].refund_amount_fen, zAmt, sizeof zAmt);
		rd_text_sanitize(a[i].reason, zReason, sizeof zReason);
		if (rd_app_state_from_name(a[i].app_state, &s) == RD_OK)
			zState = rd_app_state_label(s);
		printf("%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
		       a[i].app_no,
		       !strcmp(a[i].kind, "refund") ? _("refund") : _("cancel"),
		       (long long)a[i].seq, zAt,
		       request_state_label(&a[i]),
		       zState, zAmt,
		       !a[i].refund_route[0] ? ""
		       : !strcmp(a[i].refund_route, "bank") ? _("to a bank account")
							   : _("to the original payment"),
		       zReason, a[i].ref, a[i].approved_by);
	}
	free(a);
	return EX_OK;
}
