/*
 * payments.h — payment reconciliation: the CA's bank statement lines and
 * their matching with bank-transfer payments.
 *
 * Import is idempotent: each line's hash (its fields, plus its occurrence
 * number among identical lines of the same file) is UNIQUE, so importing
 * the same statement again adds nothing. Automatic matching pairs an
 * unmatched transfer payment of an application's current version with a
 * free statement line of the same payer account, payer name (as banks
 * print names: spaces and full- or half-width brackets do not count) and
 * amount, dated from PAYMENT_WINDOW_BEFORE days before to
 * PAYMENT_WINDOW_AFTER days after the transfer date the customer gave
 * (the closest date wins). It runs after each import and for a transfer
 * as it is ingested. An auditor can match by hand, choosing among candidates ranked
 * by store_bank_candidates; a supervisor can undo a match by hand. Every
 * match and undo is audited. Free lines are read through the partial
 * indexes of migration 004 (bank_statement_lines.matched, kept by
 * triggers on payments), so every list here is paged by key.
 */
#ifndef RD_STORE_PAYMENTS_H
#define RD_STORE_PAYMENTS_H

#include "bank_csv.h"
#include "core/err.h"
#include "store/operators.h"
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

/*
 * Supervisors undo a manual match that was wrong: the payment of the
 * application's current version is unmatched again and its line free;
 * own transaction, audited ("payment.unmatch", with the line). Automatic
 * matches are not undone here: the next automatic run would make them
 * again. RD_ERR_DENIED below supervisor, RD_ERR_NOTFOUND (no payment),
 * RD_ERR_STATE (not matched by hand).
 */
rd_status store_payment_unmatch(struct store *st,
				const struct rd_operator *op, int64_t app_id,
				struct rd_err *err);

struct store_bank_row {          /* a statement line */
	int64_t id;
	struct bank_line line;
	char app_no[32];         /* matched application, "" when free */
};

/*
 * Statement lines no payment uses, in statement order (value date, then
 * id), read by index: up to limit rows (< 0: all) after `after` (the
 * last row of the previous page; NULL from the start). Non-zero from fn
 * stops. Rows are borrowed for the call; text is as imported (sanitise
 * before showing).
 */
typedef int (*store_bank_row_fn)(void *ctx, const struct store_bank_row *row);
rd_status store_bank_free_lines(struct store *st,
				const struct store_bank_row *after, int limit,
				store_bank_row_fn fn, void *ctx,
				struct rd_err *err);

/* Visit every free statement line, oldest first (the CLI's list). */
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
	int64_t xfer_amount_fen; /* declared transfer amount; 0 = not given */
	char xfer_date[11];
	int64_t matched_at;      /* 0 = not matched */
	char matched_by[64];     /* login of a match by hand, "" otherwise */
	struct bank_line line;   /* the matched statement line (line_id) */
};

/* The payment of the application's current version; RD_ERR_NOTFOUND
 * when there is none. */
rd_status store_payment_get(struct store *st, int64_t app_id,
			    struct store_payment *out, struct rd_err *err);

/*
 * Unmatched payments of current versions by payment id, read by index:
 * up to limit (< 0: all) with id > after_id. Non-zero from fn stops.
 */
typedef int (*store_payment_fn)(void *ctx, const struct store_payment *p);
rd_status store_payment_unmatched_page(struct store *st, int64_t after_id,
				       int limit, store_payment_fn fn,
				       void *ctx, struct rd_err *err);

/* Visit every unmatched payment, oldest first (the CLI's list). */
rd_status store_payment_unmatched(struct store *st, store_payment_fn fn,
				  void *ctx, struct rd_err *err);

struct store_bank_import_row {   /* one imported statement file */
	int64_t id;
	char file_name[256];
	char sha256[65];
	int lines_ok, lines_bad, lines_dup;
	char operator_login[64];
	int64_t imported_at;
};

/* Imports newest first, up to limit (< 0: all) with id < before_id
 * (0: from the newest). */
typedef int (*store_bank_import_fn)(void *ctx,
				    const struct store_bank_import_row *r);
rd_status store_bank_imports(struct store *st, int64_t before_id, int limit,
			     store_bank_import_fn fn, void *ctx,
			     struct rd_err *err);

/* What is left to reconcile, for the bank screen's tabs. */
struct store_reconcile_counts {
	int64_t unmatched;       /* unmatched payments (current versions) */
	int64_t free_lines;      /* statement lines no payment uses */
	int64_t imports;         /* statement files imported */
};
rd_status store_reconcile_counts(struct store *st,
				 struct store_reconcile_counts *out,
				 struct rd_err *err);

/*
 * Candidates for matching the unmatched payment of app_id by hand: free
 * statement lines of the declared amount (any date) or dated within
 * PAYMENT_PICK_WINDOW days of the declared transfer date (any amount).
 * Best first: the same amount, then the payer most alike (account the
 * same, or its last four digits; name the same as banks print names, or
 * one containing the other), then the nearest date, then the line id.
 * Paged by rank: up to limit rows after `after` (the last of the
 * previous page; NULL from the best). RD_ERR_NOTFOUND when the
 * application has no payment.
 */
#define PAYMENT_PICK_WINDOW 31

enum store_likeness { STORE_LIKE_NONE, STORE_LIKE_PART, STORE_LIKE_SAME };

struct store_bank_candidate {
	struct store_bank_row row;
	int same_amount;                 /* 1 when the amount is the declared one */
	enum store_likeness account;     /* PART: the last four digits */
	enum store_likeness name;        /* PART: one contains the other */
	int days;                        /* value date - declared date */
	int64_t rank;                    /* the paging key, with row.id */
};
typedef int (*store_bank_candidate_fn)(void *ctx,
				       const struct store_bank_candidate *c);
rd_status store_bank_candidates(struct store *st, int64_t app_id,
				const struct store_bank_candidate *after,
				int limit, store_bank_candidate_fn fn,
				void *ctx, struct rd_err *err);

#endif
