/*
 * cmd_archive.c — `radesk archive purge [--dry-run]`: the retention
 * purge (store/retention.h), for admins.
 */
#include "cli.h"
#include "commands.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/retention.h"
#include "core/timefmt.h"
#include "store/retention.h"

#include <stdio.h>
#include <string.h>
#include <sysexits.h>

static const char archive_usage[] = N_(
	"usage: radesk archive purge [--dry-run]\n"
	"\n"
	"purge removes the personal data and the scans of every application\n"
	"whose certificate ended more than [retention] years_after_expiry\n"
	"(default 5; Electronic Signature Law art. 24) years ago: the names,\n"
	"ID numbers, contacts, addresses and accounts of every version, the\n"
	"manifest, notes, check details, job payloads, the PIN, the scans\n"
	"and the courier label. The application's number, type, states,\n"
	"decisions and the audit log stay; the audit chain still verifies.\n"
	"Each application gets an app.purge audit entry. Nothing younger is\n"
	"ever touched; an application whose certificate end is not known is\n"
	"kept. --dry-run lists what would go and changes nothing. Prints one\n"
	"line per application and a total (admins).\n");

struct purge_out {
	int dry_run;
};

static void print_item(void *pctx, const struct store_purge_item *it)
{
	const struct purge_out *o = pctx;
	char zEnd[32];

	rd_time_format_local(it->cert_end, zEnd, sizeof zEnd, RD_TIME_DATE);
	if (o->dry_run)
		printf(_("would purge %s (certificate ended %s): %d scans\n"),
		       it->app_no, zEnd, it->files);
	else
		printf(_("purged %s (certificate ended %s): %d scans, %d files "
			 "deleted\n"),
		       it->app_no, zEnd, it->files, it->blobs);
}

int cmd_archive(struct rd_ctx *ctx, int argc, char **argv)
{
	struct purge_out o = { 0 };
	struct rd_err err;
	char zCut[32];
	int64_t n = 0, now;
	rd_status rc;

	rd_err_clear(&err);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return rd_cli_usage(_(archive_usage), argc < 2);
	if (strcmp(argv[1], "purge") != 0)
		return rd_cli_usage(_(archive_usage), 1);
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			o.dry_run = 1;
		else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return rd_cli_usage(_(archive_usage), 0);
		else
			return rd_cli_usage(_(archive_usage), 1);
	}
	rc = rd_ctx_authenticate(ctx, RD_ROLE_ADMIN, &err);
	if (rc != RD_OK)
		return rd_cli_fail("archive purge", &err);
	now = rd_now();
	rd_time_format_local(rd_retention_cutoff(now, ctx->cfg.retention_years),
			     zCut, sizeof zCut, RD_TIME_DATE);
	printf(_("retention: %d years after the certificate ended; "
		 "certificates that ended before %s\n"),
	       ctx->cfg.retention_years, zCut);
	rc = store_retention_purge(ctx->st, ctx->cfg.blob_dir, now,
				   ctx->cfg.retention_years, o.dry_run,
				   ctx->op.login, print_item, &o, &n, &err);
	if (rc != RD_OK)
		return rd_cli_fail("archive purge", &err);
	if (o.dry_run)
		printf(_("%lld applications would be purged (dry run: nothing "
			 "changed)\n"), (long long)n);
	else
		printf(_("%lld applications purged\n"), (long long)n);
	return EX_OK;
}
