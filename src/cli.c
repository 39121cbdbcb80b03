/*
 * cli.c — shared plumbing of the subcommands.
 */
#include "cli.h"
#include "catalog.h"
#include "store/gate.h"

#include "core/i18n.h"
#include "core/text.h"
#include "store/audit.h"

#include <jansson.h>

#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <unistd.h>

rd_status rd_current_login(char *out, size_t n, struct rd_err *err)
{
	const char *zOverride = getenv("RADESK_USER");
	struct passwd *pw;

	if (zOverride && *zOverride && getuid() == 0) {
		snprintf(out, n, "%s", zOverride);
		return RD_OK;
	}
	pw = getpwuid(getuid());
	if (!pw || !pw->pw_name)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("cannot tell who you are: uid %ld has no "
				    "passwd entry"),
				  (long)getuid());
	snprintf(out, n, "%s", pw->pw_name);
	return RD_OK;
}

/*
 * [ui] language: "auto" follows the locale; "zh_CN" or "en" override the
 * message language (GNU gettext reads LANGUAGE), switching LC_MESSAGES
 * away from C first when needed, since gettext ignores LANGUAGE there.
 */
static rd_status apply_language(const char *zLang, struct rd_err *err)
{
	const char *zCur;

	if (!zLang || !strcmp(zLang, "auto"))
		return RD_OK;
	if (strcmp(zLang, "zh_CN") != 0 && strcmp(zLang, "en") != 0)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("[ui] language must be auto, zh_CN or en, "
				    "not '%s'"),
				  zLang);
	setenv("LANGUAGE", zLang, 1);
	zCur = setlocale(LC_MESSAGES, NULL);
	if (zCur && (!strcmp(zCur, "C") || !strcmp(zCur, "POSIX") ||
		     !strncmp(zCur, "C.", 2))) {
		if (!setlocale(LC_MESSAGES, "zh_CN.UTF-8"))
			setlocale(LC_MESSAGES, "en_US.UTF-8");
	}
	return RD_OK;
}

rd_status rd_ctx_load_config(struct rd_ctx *ctx, struct rd_err *err)
{
	rd_status rc;

	if (ctx->cfg_loaded)
		return RD_OK;
	rc = rd_config_load(&ctx->cfg, ctx->config_path, err);
	if (rc != RD_OK)
		return rc;
	ctx->cfg_loaded = 1;
	return apply_language(ctx->cfg.language, err);
}

/* The approval gate's checklist, from [review] checklist: every path
 * that decides (console, commands) then requires the same items. A file
 * that does not load leaves the store without one; the console says
 * why on its status line. */
static void give_checklist(struct rd_ctx *ctx)
{
	struct rd_catalog cat;
	const char **aCode = NULL;
	unsigned *aTypes = NULL;

	if (!ctx->cfg.checklist_file)
		return;
	rd_catalog_init(&cat);
	if (rd_catalog_load(&cat, ctx->cfg.checklist_file, NULL) == RD_OK &&
	    cat.n) {
		aCode = calloc(cat.n, sizeof *aCode);
		aTypes = calloc(cat.n, sizeof *aTypes);
		if (aCode && aTypes) {
			for (size_t i = 0; i < cat.n; i++) {
				aCode[i] = cat.a[i].code;
				aTypes[i] = cat.a[i].types;
			}
			store_gate_set_checklist(ctx->st, aCode, aTypes, cat.n,
						 NULL);
		}
	}
	free(aCode);
	free(aTypes);
	rd_catalog_fini(&cat);
}

rd_status rd_ctx_open_store(struct rd_ctx *ctx, struct rd_err *err)
{
	rd_status rc;

	if (ctx->st)
		return RD_OK;
	rc = rd_ctx_load_config(ctx, err);
	if (rc != RD_OK)
		return rc;
	rc = store_open(ctx->cfg.db_path, ctx->cfg.busy_timeout_ms, 0,
			&ctx->st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_check_schema(ctx->st, err);
	if (rc == RD_OK)
		give_checklist(ctx);
	if (rc != RD_OK)
		store_close(&ctx->st);
	return rc;
}

/*
 * Audit a refusal at the command level ('operator.refused', subject the
 * login): why, the role that was needed (or NULL) and the command. If
 * the entry cannot be written the refusal still stands.
 */
static void audit_refusal(struct rd_ctx *ctx, const char *zWhy,
			  const char *zNeeds)
{
	struct rd_err e;
	char zCmd[96];
	json_t *j;
	char *zDetails;

	snprintf(zCmd, sizeof zCmd, "%s%s%s", ctx->cmd ? ctx->cmd : "",
		 ctx->sub ? " " : "", ctx->sub ? ctx->sub : "");
	j = json_pack("{s:s,s:s}", "reason", zWhy, "command", zCmd);
	if (j && zNeeds)
		json_object_set_new(j, "needs", json_string(zNeeds));
	zDetails = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(j);
	rd_err_clear(&e);
	if (zDetails && store_begin(ctx->st, &e) == RD_OK) {
		if (store_audit_append(ctx->st, ctx->login, "operator.refused",
				       ctx->login, zDetails, &e) == RD_OK)
			store_commit(ctx->st, &e);
		else
			store_rollback(ctx->st);
	}
	free(zDetails);
}

rd_status rd_ctx_authenticate(struct rd_ctx *ctx, enum rd_role min_role,
			      struct rd_err *err)
{
	rd_status rc = rd_ctx_open_store(ctx, err);

	if (rc != RD_OK)
		return rc;
	rc = rd_current_login(ctx->login, sizeof ctx->login, err);
	if (rc != RD_OK)
		return rc;
	rc = store_operator_authenticate(ctx->st, ctx->login, &ctx->op, err);
	if (rc != RD_OK)
		return rc;
	if (!rd_role_at_least(ctx->op.role, min_role)) {
		audit_refusal(ctx, "role", rd_role_name(min_role));
		return rd_err_set(err, RD_ERR_DENIED,
				  _("this needs the %s role; '%s' is %s"),
				  rd_role_label(min_role), ctx->login,
				  rd_role_label(ctx->op.role));
	}
	return RD_OK;
}

int rd_ctx_is_cron_operator(struct rd_ctx *ctx)
{
	struct rd_err e;
	char zLogin[64];

	rd_err_clear(&e);
	if (rd_ctx_load_config(ctx, &e) != RD_OK || !ctx->cfg.cron_operator ||
	    !*ctx->cfg.cron_operator)
		return 0;
	if (rd_current_login(zLogin, sizeof zLogin, &e) != RD_OK)
		return 0;
	return !strcmp(zLogin, ctx->cfg.cron_operator);
}

rd_status rd_ctx_authenticate_cron(struct rd_ctx *ctx, struct rd_err *err)
{
	rd_status rc = rd_ctx_open_store(ctx, err);
	const char *zCron;

	if (rc != RD_OK)
		return rc;
	zCron = ctx->cfg.cron_operator ? ctx->cfg.cron_operator : "";
	if (!*zCron)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("radesk %s runs as the operator named by "
				    "[cron] operator in %s, which is not set; "
				    "name the account cron and systemd use "
				    "(see radesk(1), FILES)"),
				  ctx->cmd ? ctx->cmd : "", ctx->cfg.source);
	rc = rd_current_login(ctx->login, sizeof ctx->login, err);
	if (rc != RD_OK)
		return rc;
	if (strcmp(ctx->login, zCron) != 0) {
		/* Known or not, the attempt is logged under the login. */
		audit_refusal(ctx, "not_cron_operator", NULL);
		return rd_err_set(err, RD_ERR_DENIED,
				  _("radesk %s runs only as the cron operator "
				    "'%s', not as '%s'; run it through cron or "
				    "systemd, or as that user"),
				  ctx->cmd ? ctx->cmd : "", zCron, ctx->login);
	}
	/* Unknown or disabled: refused and audited there. */
	return store_operator_authenticate(ctx->st, ctx->login, &ctx->op, err);
}

void rd_ctx_fini(struct rd_ctx *ctx)
{
	store_close(&ctx->st);
	if (ctx->cfg_loaded)
		rd_config_fini(&ctx->cfg);
	ctx->cfg_loaded = 0;
}

int rd_exit_code(rd_status st)
{
	switch (st) {
	case RD_OK:
		return EX_OK;
	case RD_ERR_INVALID:
	case RD_ERR_LIMIT:
		return EX_DATAERR;
	case RD_ERR_NOTFOUND:
		return EX_NOINPUT;
	case RD_ERR_DENIED:
		return EX_NOPERM;
	case RD_ERR_BUSY:
	case RD_ERR_NET:
	case RD_ERR_CANCELLED:
		return EX_TEMPFAIL;
	case RD_ERR_PROTO:
		return EX_PROTOCOL;
	case RD_ERR_CONFIG:
		return EX_CONFIG;
	case RD_ERR_IO:
		return EX_IOERR;
	case RD_ERR_NOMEM:
		return EX_OSERR;
	case RD_ERR_CORRUPT:
		return EX_DATAERR;
	case RD_ERR_UNSUPPORTED:
		return EX_UNAVAILABLE;
	case RD_ERR_EXISTS:
	case RD_ERR_CONFLICT:
	case RD_ERR_STATE:
		return EX_DATAERR;
	case RD_ERR_DB:
	case RD_ERR_INTERNAL:
	default:
		return EX_SOFTWARE;
	}
}

int rd_cli_fail(const char *cmd, const struct rd_err *err)
{
	char *zMsg = rd_text_sanitize_dup(rd_err_msg(err));

	fprintf(stderr, "radesk%s%s: %s\n", cmd ? " " : "", cmd ? cmd : "",
		zMsg ? zMsg : rd_strerror(err->code));
	free(zMsg);
	return rd_exit_code(err->code);
}

int rd_cli_usage(const char *text, int is_error)
{
	fputs(text, is_error ? stderr : stdout);
	return is_error ? EX_USAGE : EX_OK;
}
