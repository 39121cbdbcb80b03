/*
 * refund_rule.c — see refund_rule.h.
 */
#include "core/refund_rule.h"

#include "core/i18n.h"
#include "core/money.h"

#include <string.h>

rd_status rd_refund_may_approve(int64_t amount_fen, int64_t paid_fen,
				const char *route, const char *account,
				struct rd_err *err)
{
	char zAmt[RD_MONEY_BUFSZ], zPaid[RD_MONEY_BUFSZ];

	if (amount_fen <= 0)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("a refund needs an amount"));
	if (amount_fen > paid_fen) {
		rd_money_format(amount_fen, zAmt, sizeof zAmt);
		rd_money_format(paid_fen > 0 ? paid_fen : 0, zPaid,
				sizeof zPaid);
		return rd_err_set(err, RD_ERR_INVALID,
				  _("a refund of %s is more than the %s "
				    "paid"),
				  zAmt, zPaid);
	}
	if (!route || (strcmp(route, "original") && strcmp(route, "bank")))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("a refund goes back to the original "
				    "payment or to a bank account"));
	if (!strcmp(route, "bank") && (!account || !*account))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("a refund to a bank account needs the "
				    "account"));
	return RD_OK;
}

rd_status rd_refund_may_pay(int64_t approver_id, int64_t payer_id,
			    struct rd_err *err)
{
	if (approver_id <= 0)
		return rd_err_set(err, RD_ERR_STATE,
				  _("this refund was not approved: a "
				    "supervisor approves it first"));
	if (approver_id == payer_id)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("you approved this refund: a different "
				    "supervisor marks it paid"));
	return RD_OK;
}
