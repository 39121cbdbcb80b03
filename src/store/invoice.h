/*
 * invoice.h — one e-invoice per application, enforced by the store on
 * every path that could issue one (core/invoice_rule.h is the rule).
 */
#ifndef RD_STORE_INVOICE_H
#define RD_STORE_INVOICE_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Inside the caller's transaction: may invoice job job_id (0 = one not
 * yet enqueued) of app_id be enqueued, sent or revived? RD_OK when so;
 * RD_ERR_STATE, with a message naming the number already issued or the
 * job under way, when the application has an invoice or another live
 * invoice job.
 */
rd_status store_invoice_may_issue(struct store *st, int64_t app_id,
				  int64_t job_id, struct rd_err *err);

/*
 * Inside the caller's transaction: record invoice_no, which the provider
 * answered, as app_id's invoice. The same number again (a replayed
 * answer) is RD_OK and changes nothing; a different number when one is
 * recorded is RD_ERR_STATE and nothing is written.
 */
rd_status store_invoice_record(struct store *st, int64_t app_id,
			       const char *invoice_no, struct rd_err *err);

/*
 * The worker, before the call: in its own transaction, check that
 * claimed invoice job job_id (under worker_id) may be sent. When it may
 * not, the job is cancelled with the reason, audited as the worker, and
 * *refused is 1: the caller does not call the provider.
 */
rd_status store_invoice_before_send(struct store *st, int64_t job_id,
				    const char *worker_id, int *refused,
				    struct rd_err *err);

#endif
