/*
 * cmd_console.c — `radesk` / `radesk console`: authenticate, then hand
 * over to the screens.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "screens/ui.h"
#include "worker.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <sys/types.h>
#include <unistd.h>

static const char console_usage[] = N_(
	"usage: radesk [console]\n"
	"\n"
	"Opens the console for the operator matching your Unix login.\n"
	"Press ? inside for the keys.\n");

int cmd_console(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	pid_t worker = 0;
	int status;
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
	/* A single-host set-up (and the demo) needs nothing else running:
	 * the console starts a worker process of its own, so outside calls
	 * happen while the console itself never waits on the network. The
	 * worker runs only as [cron] operator, so only that operator's
	 * console starts one. */
	if (ctx->cfg.worker_in_console && rd_ctx_is_cron_operator(ctx) &&
	    worker_spawn_background(&ctx->cfg, ctx->config_path, &worker,
				    &err) != RD_OK) {
		rd_cli_fail(NULL, &err);
		worker = 0;
	}
	status = ui_run(ctx);
	worker_stop_background(&worker);
	return status;
}
