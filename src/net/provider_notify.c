/*
 * provider_notify.c — customer notifications and invoices: the payload is
 * POSTed as it is (generic protocol; paths in docs/sandbox.md).
 */
#include "net/provider.h"

#include <stdlib.h>

static rd_status post_payload(const struct rd_config *cfg,
			      enum rd_provider_kind kind, const char *path,
			      const struct net_job *job,
			      struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL;
	char *zBody = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	zBody = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
	if (!zBody) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	if (net_provider_call(cfg, kind, "POST", path, zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	out->verdict = NET_DONE;
done:
	free(zBody);
	json_decref(ans);
	json_decref(in);
	return rc;
}

rd_status net_notify_send(const struct rd_config *cfg,
			  const struct net_job *job, struct net_outcome *out)
{
	return post_payload(cfg, RD_PROV_NOTIFY, "/v1/notify/messages", job,
			    out);
}

rd_status net_invoice_issue(const struct rd_config *cfg,
			    const struct net_job *job, struct net_outcome *out)
{
	return post_payload(cfg, RD_PROV_INVOICE, "/v1/invoice/invoices", job,
			    out);
}
