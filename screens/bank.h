/*
 * bank.h — the bank statement in the console: what is left to reconcile
 * (B, everywhere) and the picker that matches one transfer by hand (p in
 * an application).
 *
 * Bank screen: three tabs read page by page by key — unmatched bank
 * transfers (Enter opens the application), statement lines no payment
 * uses, and the statement files imported with their counts. Picker: the
 * free statement lines ranked for the application's transfer
 * (store_bank_candidates); Enter asks, then matches by hand (audited,
 * with the operator) and returns to the application.
 */
#ifndef RD_SCREENS_BANK_H
#define RD_SCREENS_BANK_H

#include "bank_csv.h"
#include "screens/screen.h"

extern const struct screen_ops ui_bank_screen;
extern const struct screen_ops ui_paymatch_screen;

/* Free the screens' rows (end of session); safe when never entered. */
void ui_bank_fini(struct ui *ui);
void ui_paymatch_fini(struct ui *ui);

/* A line of text for the detail screen, with its role (enum ui_role). */
typedef void (*ui_line_fn)(void *ctx, int role, const char *zText);

/*
 * The reconciliation of app_id's payment, for the detail's payment
 * section: online, unmatched (p matches), or matched — automatically or
 * by hand by whom and when — with the statement line (date, payer,
 * amount, bank reference; its account masked, said to be the declared
 * one or not). Nothing when there is no payment.
 */
void ui_payment_lines(struct ui *ui, int64_t app_id, ui_line_fn fn,
		      void *ctx);

/*
 * The detail's `p` for ui->detail_id: an unmatched transfer opens the
 * picker; a supervisor may undo a match by hand (confirmed, audited);
 * anything else says what the payment is. Returns 1 when the detail
 * should read the application again.
 */
int ui_paymatch_open(struct ui *ui);

/* Width of the account column: a 19-digit account masked in full. */
#define UI_BANK_ACCOUNT_W 19

/*
 * Draw a statement line's cells from column x on row y: value date,
 * amount (amount_attr), masked payer account, then the payer name and,
 * when there is room, the bank reference. Every text is sanitised.
 */
void ui_bank_line_cells(int y, int x, const struct bank_line *l, int attr,
			int amount_attr);

/* The header of those cells, from column x. */
void ui_bank_line_header(struct ui *ui, int y, int x);

#endif
