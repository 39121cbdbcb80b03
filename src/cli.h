/*
 * cli.h — what every subcommand shares: the context (configuration,
 * store, the operator at the keyboard), exit codes and error printing.
 */
#ifndef RD_CLI_H
#define RD_CLI_H

#include "config.h"
#include "core/err.h"
#include "core/state.h"
#include "store/operators.h"
#include "store/store.h"

struct rd_ctx {
	const char *config_path;   /* --config, or NULL */
	const char *argv0;
	struct rd_config cfg;
	int cfg_loaded;
	struct store *st;          /* opened by rd_ctx_open_store() */
	struct rd_operator op;     /* set by rd_ctx_authenticate() */
	char login[64];            /* the Unix login (or RADESK_USER as root) */
	int quiet;
	const char *cmd;           /* the command being run ("audit"), for */
	const char *sub;           /* audit entries; sub may be NULL */
};

/* A subcommand: returns an exit status (sysexits.h). */
typedef int (*rd_cmd_fn)(struct rd_ctx *ctx, int argc, char **argv);

struct rd_cmd {
	const char *name;
	rd_cmd_fn run;
	const char *summary;       /* N_() text for `radesk --help` */
	/* Its subcommands, space-separated, or NULL when it has none. The
	 * dispatcher refuses any other and `radesk --commands` lists them,
	 * so the table is the one list (tests/cmdline walks it). */
	const char *subs;
};

/* Load the configuration once (idempotent). */
rd_status rd_ctx_load_config(struct rd_ctx *ctx, struct rd_err *err);

/* Config, then open the database and check its schema version. */
rd_status rd_ctx_open_store(struct rd_ctx *ctx, struct rd_err *err);

/* Store, then map the Unix login to an enabled operator with at least
 * min_role. Refusals are audited. */
rd_status rd_ctx_authenticate(struct rd_ctx *ctx, enum rd_role min_role,
			      struct rd_err *err);

/*
 * For the cron commands (ingest, worker, the nightly report, audit
 * anchor): the login must be [cron] operator, and that an enabled
 * operator. Anyone else is refused (RD_ERR_DENIED) and the refusal is
 * audited ('operator.refused', reason "not_cron_operator"); an unset
 * [cron] operator is RD_ERR_CONFIG. Opens the store.
 */
rd_status rd_ctx_authenticate_cron(struct rd_ctx *ctx, struct rd_err *err);

/* 1 when the login is [cron] operator (configuration loaded first). */
int rd_ctx_is_cron_operator(struct rd_ctx *ctx);

/* Release everything the context holds. */
void rd_ctx_fini(struct rd_ctx *ctx);

/* The Unix login of the real user. RADESK_USER overrides it only when
 * the real user is root (who can become anyone anyway); tests use that. */
rd_status rd_current_login(char *out, size_t n, struct rd_err *err);

/* sysexits.h status for an rd_status. */
int rd_exit_code(rd_status st);

/* Print "radesk CMD: message" on stderr (sanitised). Returns the exit
 * code for err->code. */
int rd_cli_fail(const char *cmd, const struct rd_err *err);

/* Print usage text for a command and return EX_USAGE or EX_OK. */
int rd_cli_usage(const char *text, int is_error);

#endif
