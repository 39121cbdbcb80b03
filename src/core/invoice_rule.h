/*
 * invoice_rule.h — an application gets one e-invoice, ever. The pure
 * rule; src/store/invoice.c enforces it inside the transaction that
 * enqueues, sends again or records an invoice.
 */
#ifndef RD_CORE_INVOICE_RULE_H
#define RD_CORE_INVOICE_RULE_H

enum rd_invoice_verdict {
	RD_INVOICE_ISSUE,   /* nothing issued, nothing under way: go */
	RD_INVOICE_SAME,    /* the number already recorded comes again (a
			     * replay of the same job): nothing to do */
	RD_INVOICE_ISSUED,  /* the application has an invoice: refused */
	RD_INVOICE_UNDERWAY /* another invoice job is under way: refused */
};

/*
 * issued_no: the number the application has ("" or NULL when none);
 * other_live: how many invoice jobs of the application other than the
 * one asking are pending, running, failed or done; incoming_no: the
 * number a provider answered (recording), NULL when asking whether a
 * job may be enqueued or sent.
 */
enum rd_invoice_verdict rd_invoice_rule(const char *issued_no,
					long other_live,
					const char *incoming_no);

#endif
