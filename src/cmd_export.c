/*
 * cmd_export.c — `radesk export dossier APP_NO [-o FILE] [--quiet]`.
 *
 * The dossier holds the whole record, scans of identity documents
 * included, which cannot be masked: exporting it needs the supervisor
 * role. The archive is written under a temporary name and renamed into
 * place in the same transaction that appends the 'export.dossier' audit
 * entry (with the archive's SHA-256).
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "crypto.h"
#include "reports/common.h"
#include "reports/dossier.h"
#include "store/audit.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char export_usage[] = N_(
	"usage: radesk export dossier APP_NO [-o FILE] [--quiet]\n"
	"\n"
	"Writes the application's complete record as a zip: its data and every\n"
	"version as JSON, the scans (hashes verified), findings, verification\n"
	"results, decisions, notes, the audit entries with their chain hashes,\n"
	"and a SHA256SUMS file (check with `sha256sum -c SHA256SUMS`). The same\n"
	"data always gives the same archive. FILE defaults to\n"
	"[paths] reports/dossier-APP_NO.zip. Needs the supervisor role; audited.\n");

/* Application numbers go into a file name: be strict. */
static int app_no_valid(const char *z)
{
	size_t n = strlen(z);

	if (n == 0 || n > 64)
		return 0;
	return strspn(z, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			 "0123456789-_") == n;
}

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
	char zFinal[4096], zTmp[4200], zHex[RD_SHA256_HEX], zDetails[512];
	int quiet = 0, haveTmp = 0, c, ex;
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
	if (!app_no_valid(zAppNo)) {
		rd_err_set(&err, RD_ERR_INVALID,
			   _("'%s' is not an application number"), zAppNo);
		return rd_cli_fail("export", &err);
	}
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		goto fail;
	if (zOut)
		snprintf(zFinal, sizeof zFinal, "%s", zOut);
	else
		snprintf(zFinal, sizeof zFinal, "%s/dossier-%s.zip",
			 ctx->cfg.reports_dir, zAppNo);
	rc = rd_report_tmp_reserve(zFinal, zTmp, sizeof zTmp, &err);
	if (rc != RD_OK)
		goto fail;
	haveTmp = 1;
	rc = rd_dossier_write(ctx->st, zAppNo, ctx->cfg.blob_dir, zTmp, &stats,
			      &err);
	if (rc == RD_OK)
		rc = rd_sha256_file(zTmp, zHex, NULL, &err);
	if (rc != RD_OK)
		goto fail;
	snprintf(zDetails, sizeof zDetails,
		 "{\"sha256\":\"%s\",\"entries\":%d,\"scans\":%d}", zHex,
		 stats.nEntries, stats.nScans);
	rc = store_begin(ctx->st, &err);
	if (rc != RD_OK)
		goto fail;
	rc = store_audit_append(ctx->st, ctx->login, "export.dossier", zAppNo,
				zDetails, &err);
	if (rc == RD_OK)
		rc = rd_report_publish(zTmp, zFinal, &err);
	if (rc != RD_OK) {
		store_rollback(ctx->st);
		goto fail;
	}
	rc = store_commit(ctx->st, &err);
	if (rc != RD_OK)
		goto fail;
	haveTmp = 0;
	if (!quiet && !ctx->quiet)
		printf(_("wrote %s: %d entries, %d scans verified, sha256 %s\n"),
		       zFinal, stats.nEntries, stats.nScans, zHex);
	ex = EX_OK;
	goto done;
fail:
	ex = rd_cli_fail("export", &err);
done:
	if (haveTmp)
		unlink(zTmp);
	return ex;
}
