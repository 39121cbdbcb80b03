/*
 * cmd_audit.c — `radesk audit verify` and `radesk audit log`.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/audit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char audit_usage[] = N_(
	"usage: radesk audit verify\n"
	"       radesk audit log [--subject APP_NO|LOGIN] [--limit N]\n"
	"\n"
	"verify walks the hash chain from the first entry and names the first\n"
	"entry that was edited, deleted or inserted; it exits 0 when the chain\n"
	"is intact and 65 (EX_DATAERR) when it is not.\n");

static int print_row(void *ctx, const struct store_audit_row *row)
{
	char zAt[32];
	char *zSubject = rd_text_sanitize_dup(row->subject);
	char *zDetails = rd_text_sanitize_dup(row->details);

	(void)ctx;
	rd_time_format_local(row->at, zAt, sizeof zAt, RD_TIME_SECONDS);
	printf("%6lld  %s  %-12s  %-22s  %s  %s\n", (long long)row->id, zAt,
	       row->actor, row->action, zSubject ? zSubject : "",
	       zDetails ? zDetails : "");
	free(zSubject);
	free(zDetails);
	return 0;
}

int cmd_audit(struct rd_ctx *ctx, int argc, char **argv)
{
	struct rd_err err;
	const char *zSub = argc > 1 ? argv[1] : NULL;
	rd_status rc;

	rd_err_clear(&err);
	if (zSub && !strcmp(zSub, "sample"))
		return cmd_audit_sample(ctx, argc - 1, argv + 1);
	if (!zSub || !strcmp(zSub, "--help") || !strcmp(zSub, "-h"))
		return rd_cli_usage(_(audit_usage), !zSub);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("audit", &err);
	if (!strcmp(zSub, "verify") && argc == 2) {
		int64_t nRows = 0, badId = 0, headId = 0;
		char zHead[65];

		rc = store_audit_verify(ctx->st, &nRows, &badId, &err);
		if (rc == RD_ERR_CORRUPT) {
			fprintf(stderr,
				_("audit chain BROKEN after %lld good entries: "
				  "%s\n"),
				(long long)nRows, rd_err_msg(&err));
			return EX_DATAERR;
		}
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		rc = store_audit_head(ctx->st, &headId, zHead, &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		printf(_("audit chain intact: %lld entries, head #%lld %s\n"),
		       (long long)nRows, (long long)headId, zHead);
		return EX_OK;
	}
	if (!strcmp(zSub, "log")) {
		const char *zSubject = NULL;
		int limit = 50;

		for (int i = 2; i < argc; i++) {
			if (!strcmp(argv[i], "--subject") && i + 1 < argc)
				zSubject = argv[++i];
			else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
				limit = atoi(argv[++i]);
			else
				return rd_cli_usage(_(audit_usage), 1);
		}
		if (limit <= 0)
			return rd_cli_usage(_(audit_usage), 1);
		rc = store_audit_list(ctx->st, zSubject, 0, limit, print_row,
				      NULL, &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		return EX_OK;
	}
	return rd_cli_usage(_(audit_usage), 1);
}
