/*
 * fulfil_view.h — what the detail screen shows of one application's
 * fulfilment: its latest production attempt, its latest shipment with
 * the label prints, and the e-invoice. Read-only.
 */
#ifndef RD_STORE_FULFIL_VIEW_H
#define RD_STORE_FULFIL_VIEW_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/* Text is copied as stored (provider answers included): sanitise before
 * drawing. Empty strings and zeros mean "none yet". */
struct store_fulfil_view {
	/* the latest production attempt; order_row 0 = never ordered */
	int64_t order_row;          /* production_orders.id */
	int attempt;
	char order_state[16];       /* requested queued writing qc_failed
				       ready cancelled */
	char order_ref[64];         /* the provider's order id */
	char medium_serial[64];
	char order_error[256];
	int64_t order_at;           /* last change */
	char order_job_state[12];   /* its job's state, "" when none */
	/* the latest shipment; shipment_id 0 = none */
	int64_t shipment_id;
	char waybill_no[64];
	char carrier[32];
	char ship_state[16];        /* requested created picked_up in_transit
				       delivered returned */
	int has_label;
	int print_count;            /* prints done */
	char print_state[12];       /* latest print: queued printed failed */
	int64_t printed_at;         /* last successful print */
	int64_t delivered_at;
	char ship_error[256];       /* waybill/tracking or print error */
	/* e-invoice and completion */
	char invoice_no[64];
	int64_t invoice_at;
	char invoice_job_state[12]; /* "" when none was asked for */
	int64_t completed_at;
};

/* Fill *out for application app_id (zeroed first). RD_ERR_NOTFOUND when
 * there is no such application. */
rd_status store_fulfil_view_read(struct store *st, int64_t app_id,
				 struct store_fulfil_view *out,
				 struct rd_err *err);

#endif
