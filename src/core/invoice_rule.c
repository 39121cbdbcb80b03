/*
 * invoice_rule.c — see invoice_rule.h.
 */
#include "core/invoice_rule.h"

#include <string.h>

enum rd_invoice_verdict rd_invoice_rule(const char *issued_no,
					long other_live,
					const char *incoming_no)
{
	if (issued_no && *issued_no) {
		if (incoming_no && !strcmp(incoming_no, issued_no))
			return RD_INVOICE_SAME;
		return RD_INVOICE_ISSUED;
	}
	/* Recording the answer of the job that was sent: the other jobs
	 * were refused before they could be sent. */
	if (incoming_no)
		return RD_INVOICE_ISSUE;
	return other_live > 0 ? RD_INVOICE_UNDERWAY : RD_INVOICE_ISSUE;
}
