/*
 * cmd_db.c — `radesk db migrate|check|backup FILE`.
 */
#include "cli.h"
#include "commands.h"

#include "core/i18n.h"
#include "core/text.h"
#include "store/audit.h"
#include "store/blobcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static const char db_usage[] = N_(
	"usage: radesk db migrate\n"
	"       radesk db check\n"
	"       radesk db backup FILE\n"
	"\n"
	"migrate  applies the migrations this radesk carries (admins).\n"
	"check    runs SQLite's integrity and foreign-key checks, verifies the\n"
	"         audit chain and looks for missing or unreferenced scans in\n"
	"         the blob store; exits 65 (EX_DATAERR) when anything is wrong.\n"
	"backup   writes a consistent copy of the live database to FILE, safe\n"
	"         while consoles and cron jobs are running.\n");

static void print_problem(void *ctx, const char *problem)
{
	char *z = rd_text_sanitize_dup(problem);

	(void)ctx;
	printf("  %s\n", z ? z : "?");
	free(z);
}

static int db_migrate(struct rd_ctx *ctx)
{
	struct rd_err err;
	int have = 0, want = 0, applied = 0;
	rd_status rc;

	rd_err_clear(&err);
	rc = rd_ctx_load_config(ctx, &err);
	if (rc == RD_OK)
		rc = store_open(ctx->cfg.db_path, ctx->cfg.busy_timeout_ms, 0,
				&ctx->st, &err);
	if (rc == RD_OK)
		rc = store_schema_version(ctx->st, &have, &want, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db migrate", &err);
	if (have > want) {
		store_check_schema(ctx->st, &err);
		return rd_cli_fail("db migrate", &err);
	}
	if (have >= 1) {
		/* operators exist from the first migration on: admins only */
		rc = rd_current_login(ctx->login, sizeof ctx->login, &err);
		if (rc == RD_OK)
			rc = store_operator_authenticate(ctx->st, ctx->login,
							 &ctx->op, &err);
		if (rc == RD_OK && ctx->op.role != RD_ROLE_ADMIN)
			rc = rd_err_set(&err, RD_ERR_DENIED,
					_("only admins migrate the database"));
		if (rc != RD_OK)
			return rd_cli_fail("db migrate", &err);
	}
	rc = store_migrate(ctx->st, &applied, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db migrate", &err);
	if (applied > 0) {
		char zDetails[64];

		snprintf(zDetails, sizeof zDetails,
			 "{\"from\":%d,\"to\":%d}", have, want);
		if (store_begin(ctx->st, &err) == RD_OK) {
			if (store_audit_append(ctx->st,
					       ctx->login[0] ? ctx->login : "admin",
					       "db.migrate", "", zDetails,
					       &err) == RD_OK)
				store_commit(ctx->st, &err);
			else
				store_rollback(ctx->st);
		}
		printf(_("applied %d migration(s): schema version %d -> %d\n"),
		       applied, have, want);
	} else {
		printf(_("schema is up to date (version %d)\n"), have);
	}
	return EX_OK;
}

static int db_check(struct rd_ctx *ctx)
{
	struct rd_err err;
	int64_t nRows = 0, badId = 0;
	int problems = 0, blobProblems = 0;
	rd_status rc;

	rd_err_clear(&err);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_SUPERVISOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db check", &err);
	printf(_("checking %s\n"), ctx->cfg.db_path);
	rc = store_check(ctx->st, print_problem, NULL, &problems, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db check", &err);
	printf(_("integrity and foreign keys: %s\n"),
	       problems ? _("PROBLEMS FOUND") : _("ok"));
	rc = store_audit_verify(ctx->st, &nRows, &badId, &err);
	if (rc == RD_ERR_CORRUPT) {
		printf(_("audit chain: BROKEN: %s\n"), rd_err_msg(&err));
		problems++;
	} else if (rc != RD_OK) {
		return rd_cli_fail("db check", &err);
	} else {
		printf(_("audit chain: ok (%lld entries)\n"), (long long)nRows);
	}
	rc = store_blob_check(ctx->st, ctx->cfg.blob_dir, print_problem, NULL,
			      &blobProblems, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db check", &err);
	printf(_("blob store: %s\n"), blobProblems ? _("PROBLEMS FOUND") : _("ok"));
	problems += blobProblems;
	return problems ? EX_DATAERR : EX_OK;
}

static int db_backup(struct rd_ctx *ctx, const char *zDest)
{
	struct rd_err err;
	rd_status rc;

	rd_err_clear(&err);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_ADMIN, &err);
	if (rc != RD_OK)
		return rd_cli_fail("db backup", &err);
	rc = store_backup(ctx->st, zDest, &err);
	if (rc == RD_OK && store_begin(ctx->st, &err) == RD_OK) {
		if (store_audit_append(ctx->st, ctx->login, "db.backup", zDest,
				       "", &err) == RD_OK)
			rc = store_commit(ctx->st, &err);
		else
			store_rollback(ctx->st);
	}
	if (rc != RD_OK)
		return rd_cli_fail("db backup", &err);
	printf(_("backed up %s to %s\n"), ctx->cfg.db_path, zDest);
	return EX_OK;
}

int cmd_db(struct rd_ctx *ctx, int argc, char **argv)
{
	const char *zSub = argc > 1 ? argv[1] : NULL;

	if (!zSub || !strcmp(zSub, "--help") || !strcmp(zSub, "-h"))
		return rd_cli_usage(_(db_usage), !zSub);
	if (!strcmp(zSub, "migrate") && argc == 2)
		return db_migrate(ctx);
	if (!strcmp(zSub, "check") && argc == 2)
		return db_check(ctx);
	if (!strcmp(zSub, "backup") && argc == 3)
		return db_backup(ctx, argv[2]);
	return rd_cli_usage(_(db_usage), 1);
}
