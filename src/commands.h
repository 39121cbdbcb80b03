/*
 * commands.h — every subcommand's entry point. Each lives in its own
 * src/cmd_*.c file and is listed once in the table in main.c.
 */
#ifndef RD_COMMANDS_H
#define RD_COMMANDS_H

#include "cli.h"

int cmd_console(struct rd_ctx *ctx, int argc, char **argv);
int cmd_init(struct rd_ctx *ctx, int argc, char **argv);
int cmd_operator(struct rd_ctx *ctx, int argc, char **argv);
int cmd_db(struct rd_ctx *ctx, int argc, char **argv);
int cmd_audit(struct rd_ctx *ctx, int argc, char **argv);
int cmd_config(struct rd_ctx *ctx, int argc, char **argv);
int cmd_worker(struct rd_ctx *ctx, int argc, char **argv);
int cmd_bank(struct rd_ctx *ctx, int argc, char **argv);
int cmd_ship(struct rd_ctx *ctx, int argc, char **argv);
int cmd_report(struct rd_ctx *ctx, int argc, char **argv);
int cmd_export(struct rd_ctx *ctx, int argc, char **argv);
int cmd_ingest(struct rd_ctx *ctx, int argc, char **argv);
int cmd_demo(struct rd_ctx *ctx, int argc, char **argv);
int cmd_request(struct rd_ctx *ctx, int argc, char **argv);
int cmd_archive(struct rd_ctx *ctx, int argc, char **argv);
/* `radesk audit sample ...` (src/cmd_sample.c), called by cmd_audit. */
int cmd_audit_sample(struct rd_ctx *ctx, int argc, char **argv);

#endif
