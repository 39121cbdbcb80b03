/*
 * cmd_operator.c — `radesk operator add|list|enable|disable|role`.
 */
#include "cli.h"
#include "commands.h"
#include "table.h"

#include "core/i18n.h"
#include "core/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char operator_usage[] = N_(
	"usage: radesk operator add LOGIN ROLE [DISPLAY_NAME]\n"
	"       radesk operator list\n"
	"       radesk operator enable LOGIN\n"
	"       radesk operator disable LOGIN\n"
	"       radesk operator role LOGIN ROLE\n"
	"\n"
	"ROLE is auditor, supervisor or admin. Only admins manage operators;\n"
	"every change is written to the audit log.\n");

static int print_operator(void *ctx, const struct rd_operator *op)
{
	static const struct rd_col cols[] = {
		{ 16, 0 }, { 10, 0 }, { 20, 0 }, { RD_COL_REST, 0 }
	};
	const char *az[4];

	(void)ctx;
	az[0] = op->login;
	az[1] = rd_role_label(op->role);
	az[2] = op->display_name;
	az[3] = op->enabled ? _("enabled") : _("disabled");
	rd_table_row(stdout, cols, 4, az);
	return 0;
}

int cmd_operator(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	const char *zSub = argc > 1 ? argv[1] : NULL;
	enum rd_role role;
	rd_status rc;

	rd_err_clear(&err);
	if (!zSub || !strcmp(zSub, "--help") || !strcmp(zSub, "-h"))
		return rd_cli_usage(_(operator_usage), !zSub);
	rc = rd_ctx_authenticate(ctx, !strcmp(zSub, "list") ? RD_ROLE_SUPERVISOR
							    : RD_ROLE_ADMIN,
				 &err);
	if (rc != RD_OK)
		return rd_cli_fail("operator", &err);

	if (!strcmp(zSub, "list") && argc == 2) {
		char zL[64], zR[64], zN[128];

		rd_text_fit(_("LOGIN"), 16, zL, sizeof zL);
		rd_text_fit(_("ROLE"), 10, zR, sizeof zR);
		rd_text_fit(_("NAME"), 20, zN, sizeof zN);
		printf("%s  %s  %s  %s\n", zL, zR, zN, _("STATUS"));
		rc = store_operator_list(ctx->st, print_operator, NULL, &err);
	} else if (!strcmp(zSub, "add") && (argc == 4 || argc == 5)) {
		if (rd_role_from_name(argv[3], &role) != RD_OK)
			return rd_cli_usage(_(operator_usage), 1);
		rc = store_operator_add(ctx->st, ctx->login, argv[2],
					argc == 5 ? argv[4] : "", role, &err);
		if (rc == RD_OK)
			printf(_("added %s as %s\n"), argv[2],
			       rd_role_label(role));
	} else if ((!strcmp(zSub, "enable") || !strcmp(zSub, "disable")) &&
		   argc == 3) {
		int on = !strcmp(zSub, "enable");

		if (!on && !strcmp(argv[2], ctx->login))
			rc = rd_err_set(&err, RD_ERR_STATE,
					_("you cannot disable yourself"));
		else
			rc = store_operator_set_enabled(ctx->st, ctx->login,
							argv[2], on, &err);
		if (rc == RD_OK)
			printf(on ? _("enabled %s\n") : _("disabled %s\n"),
			       argv[2]);
	} else if (!strcmp(zSub, "role") && argc == 4) {
		if (rd_role_from_name(argv[3], &role) != RD_OK)
			return rd_cli_usage(_(operator_usage), 1);
		rc = store_operator_set_role(ctx->st, ctx->login, argv[2], role,
					     &err);
		if (rc == RD_OK)
			printf(_("%s is now %s\n"), argv[2],
			       rd_role_label(role));
	} else {
		return rd_cli_usage(_(operator_usage), 1);
	}
	if (rc != RD_OK)
		return rd_cli_fail("operator", &err);
	return EX_OK;
}
