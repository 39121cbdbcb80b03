/*
 * cmd_bank.c — `radesk bank import|unmatched|match|automatch`.
 */
#include "cli.h"
#include "commands.h"
#include "table.h"

#include "bank_csv.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "crypto.h"
#include "fsutil.h"
#include "store/payments.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

#define BANK_MAX_FILE ((size_t)64 << 20)

static const char bank_usage[] = N_(
	"usage: radesk bank import FILE.csv\n"
	"       radesk bank unmatched\n"
	"       radesk bank match APP_NO LINE_ID\n"
	"       radesk bank automatch\n"
	"\n"
	"import reads the CA's bank statement and matches bank transfers:\n"
	"UTF-8 (a BOM is allowed), RFC 4180 quoting, a header line naming the\n"
	"columns in any order, in Chinese or English:\n"
	"  交易日期 date           YYYY-MM-DD\n"
	"  付款账号 payer_account\n"
	"  付款户名 payer_name\n"
	"  金额     amount         yuan, e.g. 1,234.56 (quote it: \"1,234.56\")\n"
	"  流水号   bank_ref       optional\n"
	"  摘要     memo           optional\n"
	"Bad lines are reported with their line numbers and skipped; the good\n"
	"ones are kept. Importing the same statement again adds nothing.\n"
	"A transfer matches a line with the same payer account, payer name\n"
	"(spaces and bracket widths aside) and amount, dated 3 days before to\n"
	"7 days after the declared transfer date; also when it is ingested.\n"
	"unmatched lists free statement lines and unmatched transfers;\n"
	"match pairs them by hand. See docs/bank-statement-csv.md.\n");

struct import_ctx {
	struct bank_line *lines;
	size_t n, cap;
	int bad;
	int nomem;
};

static int on_line(void *ud, const struct bank_line *l)
{
	struct import_ctx *c = ud;

	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct bank_line *p = realloc(c->lines, cap * sizeof *p);

		if (!p) {
			c->nomem = 1;
			return 1;
		}
		c->lines = p;
		c->cap = cap;
	}
	c->lines[c->n++] = *l;
	return 0;
}

static int on_bad(void *ud, int line_no, const char *reason)
{
	struct import_ctx *c = ud;

	c->bad++;
	fprintf(stderr, _("line %d: %s (skipped)\n"), line_no, reason);
	return 0;
}

static int bank_import(struct rd_ctx *ctx, const char *path)
{
	struct store_bank_import_result res;
	struct import_ctx ic;
	struct rd_err err;
	char zSha[RD_SHA256_HEX];
	const char *zBase;
	char *zText = NULL;
	size_t len = 0;
	int rcExit = EX_OK;
	rd_status rc;

	rd_err_clear(&err);
	memset(&ic, 0, sizeof ic);
	rc = rd_read_file(path, BANK_MAX_FILE, &zText, &len, &err);
	if (rc != RD_OK) {
		rcExit = rd_cli_fail("bank", &err);
		goto done;
	}
	rd_sha256_hex(zText, len, zSha);
	rc = bank_csv_parse(zText, len, on_line, on_bad, &ic, &err);
	if (rc == RD_OK && ic.nomem)
		rc = rd_err_set(&err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	if (rc != RD_OK) {
		rd_err_prefix(&err, "%s: ", path);
		rcExit = rd_cli_fail("bank", &err);
		goto done;
	}
	zBase = strrchr(path, '/');
	zBase = zBase ? zBase + 1 : path;
	rc = store_bank_import(ctx->st, ctx->op.login, zBase, zSha, ic.lines,
			       ic.n, ic.bad, &res, &err);
	if (rc != RD_OK) {
		rcExit = rd_cli_fail("bank", &err);
		goto done;
	}
	printf(_("%s: %d new line(s), %d already imported, %d bad; %d "
		 "payment(s) matched\n"),
	       zBase, res.lines_ok, res.lines_dup, res.lines_bad, res.matched);
done:
	free(zText);
	free(ic.lines);
	return rcExit;
}

static int print_line(void *ud, const struct store_bank_row *r)
{
	static const struct rd_col cols[] = {
		{ 6, 1 }, { 10, 0 }, { 20, 0 }, { 14, 1 }, { 16, 0 },
		{ RD_COL_REST, 0 }
	};
	char zAmt[RD_MONEY_BUFSZ], zId[24];
	const char *az[6];

	(void)ud;
	rd_money_format(r->line.amount_fen, zAmt, sizeof zAmt);
	snprintf(zId, sizeof zId, "%lld", (long long)r->id);
	az[0] = zId;
	az[1] = r->line.value_date;
	az[2] = r->line.payer_account;
	az[3] = zAmt;
	az[4] = r->line.bank_ref;
	az[5] = r->line.payer_name;
	rd_table_row(stdout, cols, 6, az);
	return 0;
}

static int print_payment(void *ud, const struct store_payment *p)
{
	static const struct rd_col cols[] = {
		{ 18, 0 }, { 10, 0 }, { 20, 0 }, { 14, 1 }, { RD_COL_REST, 0 }
	};
	char zAmt[RD_MONEY_BUFSZ];
	const char *az[5];

	(void)ud;
	rd_money_format(p->amount_fen, zAmt, sizeof zAmt);
	az[0] = p->app_no;
	az[1] = p->xfer_date[0] ? p->xfer_date : "-";
	az[2] = p->payer_account;
	az[3] = zAmt;
	az[4] = p->payer_name;
	rd_table_row(stdout, cols, 5, az);
	return 0;
}

int cmd_bank(struct rd_ctx *ctx, int argc, char **argv)
{
	const char *zSub = argc > 1 ? argv[1] : NULL;
	struct rd_err err;
	rd_status rc;

	rd_err_clear(&err);
	if (!zSub || !strcmp(zSub, "--help") || !strcmp(zSub, "-h"))
		return rd_cli_usage(_(bank_usage), !zSub);
	if (!((!strcmp(zSub, "import") && argc == 3) ||
	      (!strcmp(zSub, "unmatched") && argc == 2) ||
	      (!strcmp(zSub, "automatch") && argc == 2) ||
	      (!strcmp(zSub, "match") && argc == 4)))
		return rd_cli_usage(_(bank_usage), 1);
	rc = rd_ctx_authenticate(ctx, RD_ROLE_AUDITOR, &err);
	if (rc != RD_OK)
		return rd_cli_fail("bank", &err);
	if (!strcmp(zSub, "import"))
		return bank_import(ctx, argv[2]);
	if (!strcmp(zSub, "unmatched")) {
		printf("%s\n", _("Statement lines not matched (id, date, "
				 "account, amount, ref, payer):"));
		rc = store_bank_unmatched_lines(ctx->st, print_line, NULL, &err);
		if (rc == RD_OK) {
			printf("%s\n", _("Transfers not matched (application, "
					 "date, account, amount, payer):"));
			rc = store_payment_unmatched(ctx->st, print_payment,
						     NULL, &err);
		}
		return rc == RD_OK ? EX_OK : rd_cli_fail("bank", &err);
	}
	if (!strcmp(zSub, "automatch")) {
		int n = 0;

		rc = store_payment_automatch(ctx->st, ctx->op.login, &n, &err);
		if (rc != RD_OK)
			return rd_cli_fail("bank", &err);
		printf(_("%d payment(s) matched\n"), n);
		return EX_OK;
	}
	{
		char *end;
		long long id;

		errno = 0;
		id = strtoll(argv[3], &end, 10);
		if (errno || *end || id <= 0)
			return rd_cli_usage(_(bank_usage), 1);
		rc = store_payment_match_manual(ctx->st, ctx->op.login,
						ctx->op.id, argv[2], id, &err);
		if (rc != RD_OK)
			return rd_cli_fail("bank", &err);
		printf(_("%s matched with statement line %lld\n"), argv[2], id);
		return EX_OK;
	}
}
