/*
 * refund_rule.h — what a refund may be and who may pay it back. Pure;
 * the store (src/store/withdraw.c, src/store/request_act.c) calls it
 * inside the deciding transaction on every path.
 */
#ifndef RD_CORE_REFUND_RULE_H
#define RD_CORE_REFUND_RULE_H

#include "core/err.h"

#include <stdint.h>

/*
 * A refund of amount_fen by route ("original" or "bank"; account the
 * bank account, "" when none) of a payment of paid_fen: RD_OK, or
 * RD_ERR_INVALID naming what is wrong (nothing to refund, more than was
 * paid, no account for a bank refund, an unknown route).
 */
rd_status rd_refund_may_approve(int64_t amount_fen, int64_t paid_fen,
				const char *route, const char *account,
				struct rd_err *err);

/*
 * The two-person rule: the supervisor payer_id may mark paid a refund
 * approved by approver_id only when they are different people.
 * RD_ERR_DENIED when they are the same; RD_ERR_STATE when no approval
 * is recorded (approver_id <= 0).
 */
rd_status rd_refund_may_pay(int64_t approver_id, int64_t payer_id,
			    struct rd_err *err);

#endif
