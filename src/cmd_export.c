/*
 * cmd_export.c — `radesk export dossier APP_NO [-o FILE] [--quiet]`.
 *
 * The dossier holds the whole record, scans of identity documents
 * included, which cannot be masked: exporting it needs the supervisor
 * role. The work (temporary file, audit entry 'export.dossier' with the
 * archive's SHA-256, rename) is rd_export_dossier(), shared with the
 * console.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "reports/export.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static const char export_usage[] = N_(
	"usage: radesk export dossier APP_NO [-o FILE] [--quiet]\n"
	"\n"
	"Writes the application's complete record as a zip: its data and every\n"
	"version as JSON, the scans (hashes verified), findings, verification\n"
	"results, decisions, notes, the audit entries with their chain hashes,\n"
	"and a SHA256SUMS file (check with `sha256sum -c SHA256SUMS`). The same\n"
	"data always gives the same archive. FILE defaults to\n"
	"[paths] reports/dossier-APP_NO.zip. Needs the supervisor role; audited.\n");

int cmd_export(struct rd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rd_dossier_stats stats;
	struct rd_err err;
	const char *zOut = NULL, *zAppNo;
	char zFinal[4096], zHex[RD_SHA256_HEX];
	int quiet = 0, c;
	rd_status rc;

	rd_err_clear(&err);
	if (argc < 2)
		return rd_cli_usage(_(export_usage), 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return rd_cli_usage(_(export_usage), 0);
	if (strcmp(argv[1], "dossier") != 0)
		return rd_cli_usage(_(export_usage), 1);
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		if (c == 'o')
			zOut = optarg;
		else if (c == 'q')
			quiet = 1;
		else
			return rd_cli_usage(_(export_usage), c != 'h');
	}
	if (optind + 1 != argc)
		return rd_cli_usage(_(export_usage), 1);
	zAppNo = argv[optind];
	if (!rd_export_app_no_valid(zAppNo)) {
		rd_err_set(&err, RD_ERR_INVALID,
			   _("'%s' is not an application number"), zAppNo);
		return rd_cli_fail("export", &err);
	}
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("export", &err);
	if (zOut) {
		if ((size_t)snprintf(zFinal, sizeof zFinal, "%s", zOut) >=
		    sizeof zFinal) {
			rd_err_set(&err, RD_ERR_INVALID, _("path too long: %s"),
				   zOut);
			return rd_cli_fail("export", &err);
		}
	} else if (rd_export_dossier_path(ctx->cfg.reports_dir, zAppNo, zFinal,
					  sizeof zFinal, &err) != RD_OK) {
		return rd_cli_fail("export", &err);
	}
	rc = rd_export_dossier(ctx->st, ctx->login, zAppNo, ctx->cfg.blob_dir,
			       zFinal, &stats, zHex, &err);
	if (rc != RD_OK)
		return rd_cli_fail("export", &err);
	if (!quiet && !ctx->quiet)
		printf(_("wrote %s: %d entries, %d scans verified, sha256 %s\n"),
		       zFinal, stats.nEntries, stats.nScans, zHex);
	return EX_OK;
}
