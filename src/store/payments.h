/*
 * payments.h — payment reconciliation: the CA's bank statement lines and
 * their matching with bank-transfer payments.
 *
 * Import is idempotent: each line's hash (its fields, plus its occurrence
 * number among identical lines of the same file) is UNIQUE, so importing
 * the same statement again adds nothing. Automatic matching pairs an
 * unmatched transfer payment of an application's current version with a
 * free statement line of the same payer account, payer name and amount,
 * dated from PAYMENT_WINDOW_BEFORE days before to PAYMENT_WINDOW_AFTER
 * days after the transfer date the customer gave (the closest date
 * wins). An auditor can match by hand. Every match is audited.
 */
#ifndef RD_STORE_PAYMENTS_H
#define RD_STORE_PAYMENTS_H

#include "bank_csv.h"
#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

#define PAYMENT_WINDOW_BEFORE 3
#define PAYMENT_WINDOW_AFTER 7

struct store_bank_import_result {
	int64_t import_id;
	int lines_ok;       /* new lines stored */
	int lines_dup;      /* already known (re-import) */
	int lines_bad;      /* as passed in by the caller */
	int matched;        /* payments matched automatically afterwards */
};

/*
 * Store the good lines of one statement file in one transaction: a
 * bank_imports row (file name, its SHA-256, counts, actor), the new
 * lines, then automatic matching; audited ("bank.import", and
 * "payment.match" per match). lines is borrowed.
 */
rd_status store_bank_import(struct store *st, const char *actor,
			    const char *file_name, const char *file_sha256,
			    const struct bank_line *lines, size_t nlines,
			    int lines_bad, struct store_bank_import_result *res,
			    struct rd_err *err);

/* Run automatic matching in its own transaction; *matched (may be NULL)
 * counts new matches. */
rd_status store_payment_automatch(struct store *st, const char *actor,
				  int *matched, struct rd_err *err);

/*
 * An auditor matches the unmatched transfer payment of app_no's current
 * version with statement line line_id by hand (state 'manual'); own
 * transaction, audited. RD_ERR_NOTFOUND (no such application, payment or
 * line), RD_ERR_STATE (payment not unmatched, line already used).
 */
rd_status store_payment_match_manual(struct store *st, const char *actor,
				     int64_t operator_id, const char *app_no,
				     int64_t line_id, struct rd_err *err);

struct store_bank_row {          /* a statement line */
	int64_t id;
	struct bank_line line;
	char app_no[32];         /* matched application, "" when free */
};

/* Visit statement lines not matched to any payment, oldest first. */
typedef int (*store_bank_row_fn)(void *ctx, const struct store_bank_row *row);
rd_status store_bank_unmatched_lines(struct store *st, store_bank_row_fn fn,
				     void *ctx, struct rd_err *err);

struct store_payment {
	int64_t id;
	int64_t app_id;
	char app_no[32];
	char method[12];         /* wechat alipay transfer */
	int64_t amount_fen;
	char trade_no[96];
	char state[12];          /* online unmatched matched manual refunded */
	int64_t line_id;         /* 0 = none */
	char payer_account[64];  /* what the customer declared (transfer) */
	char payer_name[256];
	char xfer_date[11];
};

/* The payment of the application's current version; RD_ERR_NOTFOUND
 * when there is none. */
rd_status store_payment_get(struct store *st, int64_t app_id,
			    struct store_payment *out, struct rd_err *err);

/* Visit unmatched transfer payments (current versions), oldest first. */
typedef int (*store_payment_fn)(void *ctx, const struct store_payment *p);
rd_status store_payment_unmatched(struct store *st, store_payment_fn fn,
				  void *ctx, struct rd_err *err);

#endif
