/*
 * rev2.h — the revision-2 fields of a version (store-internal, called by
 * store_ingest_bundle() inside its transaction).
 */
#ifndef RD_STORE_REV2_H
#define RD_STORE_REV2_H

#include "ingest/manifest.h"
#include "store/internal.h"

/* Write m's revision-2 keys onto app_versions row version_id, and every
 * transfer of the payment into app_transfers. A revision-1 manifest
 * writes NULLs (and its one transfer, if any). */
rd_status st_ingest_rev2(struct store *st, const struct ingest_manifest *m,
			 int64_t version_id, struct rd_err *err);

/*
 * Match the unmatched transfer payments paid with several transfers (of
 * application app_id, or all when 0): each transfer needs a free
 * statement line of its own (same payer account, payer name in the
 * normalised form, amount, date within the payment window); when every
 * transfer has one the payment is matched (statement_line_id = the first
 * line, payment_transfer_lines = all), audited as payment.match. Inside
 * the caller's transaction. *matched counts the payments matched.
 */
rd_status st_payment_automatch_multi(struct store *st, const char *actor,
				     int64_t app_id, int *matched,
				     struct rd_err *err);

#endif
