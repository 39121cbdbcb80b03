/*
 * cmd_request.c — `radesk request list [--all]`: the portal's cancel and
 * refund requests (spec "Requests from the portal after submission"),
 * as ingest stored them for supervisors. Listing changes nothing; acting
 * on a request (and the two-person refund) is the supervisors' work.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "core/money.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/requests.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char request_usage[] = N_(
	"usage: radesk request list [--all]\n"
	"\n"
	"Lists the cancellation and refund requests the portal sent after\n"
	"submission (request files in the inbox, taken by `radesk ingest`),\n"
	"newest first: the open ones, or every one with --all. One line each,\n"
	"tab-separated: application, kind, number, requested at, state of the\n"
	"request, state of the application, refund amount and route, reason.\n"
	"A request changes nothing by itself. Needs the supervisor role.\n");

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
		printf("%s\t%s\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\n", a[i].app_no,
		       !strcmp(a[i].kind, "refund") ? _("refund") : _("cancel"),
		       (long long)a[i].seq, zAt,
		       !strcmp(a[i].state, "open") ? _("open") : _("closed"),
		       zState, zAmt,
		       !a[i].refund_route[0] ? ""
		       : !strcmp(a[i].refund_route, "bank") ? _("to a bank account")
							   : _("to the original payment"),
		       zReason);
	}
	free(a);
	return EX_OK;
}
