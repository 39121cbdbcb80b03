/*
 * cmd_init.c — `radesk init`: create the folders and the database, apply
 * the migrations and make the invoking user the first admin.
 */
#include "cli.h"
#include "commands.h"

#include "anchor.h"

#include "core/i18n.h"
#include "fsutil.h"
#include "store/audit.h"

#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

static const char init_usage[] = N_(
	"usage: radesk init [--name DISPLAY_NAME]\n"
	"\n"
	"Creates the folders named in the configuration and the database,\n"
	"applies the migrations and makes you (your Unix login) an admin.\n"
	"Running it again on an initialised database changes nothing.\n");

int cmd_init(struct rd_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *zName = "";
	const char *dirs[8];
	struct rd_err err;
	int64_t nOps = 0;
	int applied = 0, c;
	rd_status rc;

	rd_err_clear(&err);
	optind = 1;
	while ((c = getopt_long(argc, argv, "n:h", opts, NULL)) != -1) {
		if (c == 'n')
			zName = optarg;
		else
			return rd_cli_usage(_(init_usage), c != 'h');
	}
	if (optind != argc)
		return rd_cli_usage(_(init_usage), 1);
	rc = rd_ctx_load_config(ctx, &err);
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);
	rc = rd_current_login(ctx->login, sizeof ctx->login, &err);
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);

	dirs[0] = ctx->cfg.blob_dir;
	dirs[1] = ctx->cfg.inbox_dir;
	dirs[2] = ctx->cfg.quarantine_dir;
	dirs[3] = ctx->cfg.archive_dir;
	dirs[4] = ctx->cfg.reports_dir;
	dirs[5] = ctx->cfg.spool_dir;
	dirs[6] = ctx->cfg.lock_dir;
	dirs[7] = NULL;
	rc = rd_mkdir_parents_of(ctx->cfg.db_path, 0770, &err);
	for (int i = 0; rc == RD_OK && dirs[i]; i++)
		rc = rd_mkdir_p(dirs[i], 0770, &err);
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);

	/* SQLite creates a database 0644 (less the umask); made here 0660
	 * first, so that a shared group (umask 007) can write it, and its
	 * WAL, which SQLite gives the database's mode. */
	if (rc == RD_OK) {
		int fd = open(ctx->cfg.db_path, O_RDWR | O_CREAT | O_CLOEXEC,
			      0660);

		if (fd >= 0)
			close(fd);
	}
	/* The key that signs the audit log's checkpoints (radesk audit
	 * anchor), made once; an existing one is kept. */
	if (rc == RD_OK && access(ctx->cfg.audit_key, F_OK) != 0) {
		char zKeyId[RD_ANCHOR_KEYID_HEX];

		rc = rd_anchor_keygen(ctx->cfg.audit_key, zKeyId, &err);
		if (rc == RD_OK && !ctx->quiet)
			printf(_("made audit key %s (key id %s); keep a copy "
				 "of it apart from the database\n"),
			       ctx->cfg.audit_key, zKeyId);
	}
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);

	rc = store_open(ctx->cfg.db_path, ctx->cfg.busy_timeout_ms, 1, &ctx->st,
			&err);
	if (rc == RD_OK)
		rc = store_migrate(ctx->st, &applied, &err);
	if (rc == RD_OK)
		rc = store_operator_count(ctx->st, &nOps, &err);
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);
	if (nOps > 0) {
		if (!ctx->quiet)
			printf(_("%s is already initialised (%lld operators); "
				 "nothing to do\n"),
			       ctx->cfg.db_path, (long long)nOps);
		return EX_OK;
	}
	rc = store_operator_add(ctx->st, ctx->login, ctx->login, zName,
				RD_ROLE_ADMIN, &err);
	if (rc != RD_OK)
		return rd_cli_fail("init", &err);
	printf(_("created %s (schema version %d); '%s' is its admin\n"),
	       ctx->cfg.db_path, applied, ctx->login);
	return EX_OK;
}
