/*
 * cmd_config.c — `radesk config check|show`.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static const char config_usage[] = N_(
	"usage: radesk config check\n"
	"       radesk config show\n"
	"\n"
	"check reads the configuration and says which file it used, or what is\n"
	"wrong and on which line. show prints every key with its value.\n");

struct show_ctx {
	char zSection[64];
};

static void show_key(void *pctx, const char *section, const char *key,
		     const char *value)
{
	struct show_ctx *sc = pctx;

	if (strcmp(sc->zSection, section) != 0) {
		printf("%s[%s]\n", sc->zSection[0] ? "\n" : "", section);
		snprintf(sc->zSection, sizeof sc->zSection, "%s", section);
	}
	printf("%s = %s\n", key, value);
}

int cmd_config(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	struct show_ctx sc;
	rd_status rc;

	rd_err_clear(&err);
	if (argc != 2 || (strcmp(argv[1], "check") && strcmp(argv[1], "show")))
		return rd_cli_usage(_(config_usage),
				    !(argc == 2 && (!strcmp(argv[1], "--help") ||
						    !strcmp(argv[1], "-h"))));
	rc = rd_ctx_load_config(ctx, &err);
	if (rc != RD_OK)
		return rd_cli_fail("config", &err);
	if (!strcmp(argv[1], "check")) {
		printf(_("configuration %s is valid\n"), ctx->cfg.source);
		return EX_OK;
	}
	memset(&sc, 0, sizeof sc);
	printf("# %s\n", ctx->cfg.source);
	rd_config_visit(&ctx->cfg, show_key, &sc);
	return EX_OK;
}
