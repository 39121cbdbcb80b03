/*
 * cmd_audit.c — `radesk audit verify|log|anchor|keygen`.
 */
#include "cli.h"
#include "commands.h"

#include "anchor.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/audit.h"
#include "labels.h"
#include "table.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char audit_usage[] = N_(
	"usage: radesk audit verify\n"
	"       radesk audit log [--subject APP_NO|LOGIN] [--limit N]\n"
	"       radesk audit anchor [--quiet]\n"
	"       radesk audit keygen\n"
	"       radesk audit sample ... (radesk audit sample --help)\n"
	"\n"
	"verify walks the hash chain from the first entry and names the first\n"
	"entry that was edited, deleted or inserted, then compares the chain\n"
	"with the latest signed checkpoint ([audit] anchors): entries cut off\n"
	"the end, a database rolled back to an older copy and a checkpoint\n"
	"whose signature fails are reported. It exits 0 when all is well and\n"
	"65 (EX_DATAERR) when not.\n"
	"anchor appends a signed checkpoint (entries, head id and hash, time)\n"
	"to [audit] anchors and to syslog; cron runs it, and every report\n"
	"takes one. It runs as [cron] operator or a supervisor.\n"
	"keygen makes the Ed25519 key [audit] key (mode 0600) when there is\n"
	"none; radesk init makes it too. An existing key is never replaced.\n");

static int print_row(void *ctx, const struct store_audit_row *row)
{
	static const struct rd_col cols[] = {
		{ 6, 1 }, { 19, 0 }, { 12, 0 }, { 22, 0 }, { 28, 0 },
		{ RD_COL_REST, 0 }
	};
	char zId[24], zAt[32];
	const char *az[6];

	(void)ctx;
	snprintf(zId, sizeof zId, "%" PRId64, row->id);
	rd_time_format_local(row->at, zAt, sizeof zAt, RD_TIME_SECONDS);
	az[0] = zId;
	az[1] = zAt;
	az[2] = row->actor;
	az[3] = rd_label_audit_action(row->action);
	az[4] = row->subject;
	az[5] = row->details;
	rd_table_row(stdout, cols, 6, az);
	return 0;
}

static void time_text(int64_t t, char *out, size_t n)
{
	rd_time_format_local(t, out, n, RD_TIME_SECONDS);
}

/*
 * Compare the database with the latest checkpoint. Returns 0 when it
 * matches or there is none yet (said on stdout), else 1 after saying
 * what is wrong on stderr.
 */
static int check_anchor(struct rd_ctx *ctx, struct rd_err *err)
{
	struct rd_anchor a;
	int nLines = 0, nBad = 0, firstBad = 0;
	int64_t count = 0, headId = 0;
	char zHead[65], zAtHash[65], zWhen[32];
	rd_status rc;

	rc = rd_anchor_read_latest(&ctx->cfg, &a, &nLines, &nBad, &firstBad,
				   err);
	if (rc == RD_ERR_NOTFOUND) {
		printf(_("no signed checkpoint yet: %s\n"), rd_err_msg(err));
		return 0;
	}
	if (rc != RD_OK) {
		fprintf(stderr, "radesk audit: %s\n", rd_err_msg(err));
		return 1;
	}
	if (nBad > 0) {
		fprintf(stderr,
			_("CHECKPOINT SIGNATURE FAILS: %d of %d lines in %s do "
			  "not verify with the key %s (first: line %d); the "
			  "file was edited or written with another key\n"),
			nBad, nLines, ctx->cfg.audit_anchors,
			ctx->cfg.audit_key, firstBad);
		return 1;
	}
	rc = store_audit_tip(ctx->st, &count, &headId, zHead, err);
	if (rc != RD_OK) {
		fprintf(stderr, "radesk audit: %s\n", rd_err_msg(err));
		return 1;
	}
	time_text(a.at, zWhen, sizeof zWhen);
	if (a.head_id == 0) {
		printf(_("latest checkpoint (%s): empty log\n"), zWhen);
		return 0;
	}
	rc = store_audit_hash_at(ctx->st, a.head_id, zAtHash, err);
	if (rc == RD_ERR_NOTFOUND) {
		struct rd_anchor old;
		int found = 0;

		/* The checkpoint's head is gone. A database put back to an
		 * older copy has an earlier checkpoint's head as its own. */
		if (headId > 0 &&
		    rd_anchor_find_head(&ctx->cfg, headId, zHead, &old, &found,
					err) == RD_OK &&
		    found) {
			char zOld[32];

			time_text(old.at, zOld, sizeof zOld);
			fprintf(stderr,
				_("DATABASE ROLLED BACK (or cut back): it is as "
				  "the checkpoint of %s saw it (%" PRId64 " entries, head #%"
				  PRId64 "), but the checkpoint of %s counted %"
				  PRId64 " entries up to #%" PRId64
				  "; an older copy was put back\n"),
				zOld, old.count, old.head_id, zWhen, a.count,
				a.head_id);
			return 1;
		}
		fprintf(stderr,
			_("ENTRIES DELETED FROM THE END: the checkpoint of %s "
			  "counted %" PRId64 " entries up to #%" PRId64
			  "; the database has %" PRId64 " (head #%" PRId64
			  "): %" PRId64 " entries after #%" PRId64
			  " are missing\n"),
			zWhen, a.count, a.head_id, count, headId,
			a.count - count, headId);
		return 1;
	}
	if (rc != RD_OK) {
		fprintf(stderr, "radesk audit: %s\n", rd_err_msg(err));
		return 1;
	}
	if (strcmp(zAtHash, a.head) != 0) {
		fprintf(stderr,
			_("DATABASE ROLLED BACK OR REPLACED: entry #%" PRId64
			  " is not the one the checkpoint of %s signed (hash "
			  "%.16s…, signed %.16s…); the database was put back "
			  "to an older copy, or its end cut off, and written "
			  "again\n"),
			a.head_id, zWhen, zAtHash, a.head);
		return 1;
	}
	if (count < a.count) {
		fprintf(stderr,
			_("DATABASE ROLLED BACK: the checkpoint of %s counted "
			  "%" PRId64 " entries, the database has %" PRId64
			  "\n"),
			zWhen, a.count, count);
		return 1;
	}
	printf(_("matches the latest signed checkpoint (%s: %" PRId64
		 " entries, head #%" PRId64 "); %" PRId64
		 " entries written since\n"),
	       zWhen, a.count, a.head_id, count - a.count);
	return 0;
}

static int audit_verify(struct rd_ctx *ctx)
{
	int64_t nRows = 0, badId = 0, headId = 0;
	struct rd_err err;
	char zHead[65];
	int bad = 0;
	rd_status rc;

	rd_err_clear(&err);
	rc = store_audit_verify(ctx->st, &nRows, &badId, &err);
	if (rc == RD_ERR_CORRUPT) {
		fprintf(stderr,
			_("audit chain BROKEN after %lld good entries: %s\n"),
			(long long)nRows, rd_err_msg(&err));
		bad = 1;
	} else if (rc != RD_OK) {
		return rd_cli_fail("audit", &err);
	} else {
		rc = store_audit_head(ctx->st, &headId, zHead, &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		printf(_("audit chain intact: %lld entries, head #%lld %s\n"),
		       (long long)nRows, (long long)headId, zHead);
	}
	rd_err_clear(&err);
	bad |= check_anchor(ctx, &err);
	return bad ? EX_DATAERR : EX_OK;
}

static int audit_anchor(struct rd_ctx *ctx, int quiet)
{
	struct rd_anchor a;
	struct rd_err err;

	rd_err_clear(&err);
	if (rd_anchor_take(ctx->st, &ctx->cfg, &a, &err) != RD_OK)
		return rd_cli_fail("audit", &err);
	if (!quiet)
		printf(_("checkpoint: %" PRId64 " entries, head #%" PRId64
			 " %s, signed with key %s, in %s\n"),
		       a.count, a.head_id, a.head, a.key_id,
		       ctx->cfg.audit_anchors);
	return EX_OK;
}

static int audit_keygen(struct rd_ctx *ctx)
{
	char zKeyId[RD_ANCHOR_KEYID_HEX];
	struct rd_err err;

	rd_err_clear(&err);
	if (rd_anchor_keygen(ctx->cfg.audit_key, zKeyId, &err) != RD_OK)
		return rd_cli_fail("audit", &err);
	printf(_("made audit key %s (key id %s); keep a copy of it apart "
		 "from the database\n"),
	       ctx->cfg.audit_key, zKeyId);
	return EX_OK;
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
	if (!strcmp(zSub, "anchor")) {
		int quiet = argc == 3 && !strcmp(argv[2], "--quiet");

		if (argc > 3 || (argc == 3 && !quiet))
			return rd_cli_usage(_(audit_usage), 1);
		/* cron's own run, or a supervisor by hand */
		rc = rd_ctx_is_cron_operator(ctx)
			     ? rd_ctx_authenticate_cron(ctx, &err)
			     : rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR,
						   &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		return audit_anchor(ctx, quiet);
	}
	if (!strcmp(zSub, "keygen")) {
		if (argc != 2)
			return rd_cli_usage(_(audit_usage), 1);
		rc = rd_ctx_authenticate(ctx, RD_ROLE_ADMIN, &err);
		if (rc != RD_OK)
			return rd_cli_fail("audit", &err);
		return audit_keygen(ctx);
	}
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("audit", &err);
	if (!strcmp(zSub, "verify") && argc == 2)
		return audit_verify(ctx);
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
