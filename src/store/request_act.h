/*
 * request_act.h — supervisors act on the portal's requests
 * (store/requests.h stores them; db 011 adds the outcome).
 *
 *   approve a cancel   the application is cancelled through the withdraw
 *                      path (store_withdraw_in_tx: unsent jobs stop as
 *                      for any cancellation); the request is closed
 *                      'cancelled'
 *   approve a refund   the amount and route are checked
 *                      (rd_refund_may_approve against the payment); the
 *                      application goes to refund_requested; the request
 *                      stays open, approved_by the supervisor
 *   paid               an approved refund, by a DIFFERENT supervisor
 *                      (rd_refund_may_pay): the application is refunded
 *                      (its payment too); the request is closed 'paid'
 *                      (when it was marked refunded meanwhile from the
 *                      detail screen, under the same rule, the request
 *                      only closes)
 *   dismiss            an open request not yet approved is closed
 *                      'dismissed'; the application is untouched
 *
 * Each is one transaction with its audit entry (request.approve,
 * request.paid, request.dismiss; the withdrawal's own app.* entry too)
 * and a note, which is required (the customer reads it). Only
 * supervisors act: anyone else is refused with RD_ERR_DENIED and the
 * refusal is audited. A closed request is RD_ERR_STATE; an unknown
 * reference RD_ERR_NOTFOUND.
 */
#ifndef RD_STORE_REQUEST_ACT_H
#define RD_STORE_REQUEST_ACT_H

#include "core/err.h"
#include "store/operators.h"
#include "store/store.h"

#include <stdint.h>

enum store_request_act {
	STORE_REQ_APPROVE = 1,
	STORE_REQ_PAID,
	STORE_REQ_DISMISS
};

/* Act on request id as op (borrowed) with note. */
rd_status store_request_act(struct store *st, const struct rd_operator *op,
			    int64_t request_id, enum store_request_act act,
			    const char *note, struct rd_err *err);

/* The request whose file was "<ref>.json" (ref = "<app_no>-<kind>-<n>",
 * as `radesk request list` shows it): its id, or RD_ERR_NOTFOUND. */
rd_status store_request_find(struct store *st, const char *ref, int64_t *id,
			     struct rd_err *err);

#endif
