/*
 * bank_csv.h — the CA's bank statement as CSV (docs/bank-statement-csv.md).
 *
 * UTF-8, an optional BOM, RFC 4180 fields (double quotes, "" inside
 * quotes, commas and line breaks inside quotes), LF or CRLF. The first
 * line is a header naming the columns, in any order, in Chinese or
 * English:
 *
 *   交易日期 | date         YYYY-MM-DD (required)
 *   付款账号 | payer_account          (required)
 *   付款户名 | payer_name             (required)
 *   金额     | amount       yuan, "1,234.56" (required, > 0)
 *   流水号   | bank_ref               (optional)
 *   摘要     | memo                   (optional)
 *
 * A bad line is reported with its number (the physical line where the
 * record starts, the header being line 1) and skipped; the good ones are
 * kept. Blank lines are ignored.
 */
#ifndef RD_BANK_CSV_H
#define RD_BANK_CSV_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct bank_line {
	int line_no;
	char value_date[11];
	char payer_account[64];
	char payer_name[256];
	int64_t amount_fen;
	char bank_ref[96];
	char memo[256];
};

/* Called for each good line (borrowed for the call) and each bad one
 * (reason translated); return non-zero to stop. */
typedef int (*bank_line_fn)(void *ctx, const struct bank_line *line);
typedef int (*bank_bad_fn)(void *ctx, int line_no, const char *reason);

/*
 * Parse text of len bytes. RD_ERR_INVALID (with err) only when the whole
 * file is unusable (no header, a required column missing, not UTF-8 in
 * the header); bad records go to bad_fn.
 */
rd_status bank_csv_parse(const char *text, size_t len, bank_line_fn line_fn,
			 bank_bad_fn bad_fn, void *ctx, struct rd_err *err);

#endif
