/*
 * provider_invoice.c — e-invoices (generic protocol, POST
 * /v1/invoice/invoices). The answer's invoice_no is the result that
 * store_fulfil_apply writes into the application.
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status net_invoice_issue(const struct rd_config *cfg,
			    const struct net_job *job, struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL;
	char zNo[96];
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	rc = net_provider_post(cfg, RD_PROV_INVOICE, "/v1/invoice/invoices",
			       in, job, out, &ans);
	if (rc != RD_OK) {
		/* The verdict says why; only memory is our error. */
		if (rc != RD_ERR_NOMEM)
			rc = RD_OK;
		goto done;
	}
	net_json_str(ans, "invoice_no", zNo, sizeof zNo);
	if (!net_ref_ok(zNo)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("invoice: the answer has no invoice_no"));
		goto done;
	}
	snprintf(out->ref, sizeof out->ref, "%s", zNo);
	out->verdict = NET_DONE;
	rc = net_outcome_set_result(out, json_pack("{s:s}", "invoice_no", zNo));
done:
	json_decref(ans);
	json_decref(in);
	return rc;
}
