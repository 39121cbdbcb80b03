/*
 * cmd_console.c — `radesk` / `radesk console`: authenticate, then hand
 * over to the screens.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "screens/ui.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char console_usage[] = N_(
	"usage: radesk [console]\n"
	"\n"
	"Opens the console for the operator matching your Unix login.\n"
	"Press ? inside for the keys.\n");

int cmd_console(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	rd_status rc;

	rd_err_clear(&err);
	if (argc > 1)
		return rd_cli_usage(_(console_usage),
				    strcmp(argv[1], "--help") != 0 &&
					    strcmp(argv[1], "-h") != 0);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fprintf(stderr, _("radesk: the console needs a terminal; for "
				  "scripts use the subcommands (radesk --help)\n"));
		return EX_USAGE;
	}
	rc = rd_ctx_authenticate(ctx, RD_ROLE_AUDITOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail(NULL, &err);
	return ui_run(ctx);
}
