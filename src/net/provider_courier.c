/*
 * provider_courier.c — waybills (generic protocol). A vendor adapter
 * ([provider.courier] adapter = sf) is not written yet: the generic one
 * is used and the job says so if another adapter is configured.
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status net_courier_waybill(const struct rd_config *cfg,
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
	if (net_provider_call(cfg, RD_PROV_COURIER, "POST",
			      "/v1/courier/waybills", zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "waybill_no", out->ref, sizeof out->ref);
	if (!net_ref_ok(out->ref)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("waybill: the answer has no waybill_no"));
		goto done;
	}
	out->verdict = NET_DONE;
done:
	free(zBody);
	json_decref(ans);
	json_decref(in);
	return rc;
}

rd_status net_courier_status(const struct rd_config *cfg,
			     const struct net_job *job,
			     struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL;
	char zNo[96], zPath[160];
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	net_json_str(in, "waybill_no", zNo, sizeof zNo);
	if (!net_ref_ok(zNo)) {
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error, "%s",
			 _("waybill status: bad waybill_no in the payload"));
		goto done;
	}
	snprintf(zPath, sizeof zPath, "/v1/courier/waybills/%s", zNo);
	if (net_provider_call(cfg, RD_PROV_COURIER, "GET", zPath, NULL, job,
			      out, &ans) != RD_OK)
		goto done;
	snprintf(out->ref, sizeof out->ref, "%s", zNo);
	out->verdict = NET_DONE;
done:
	json_decref(ans);
	json_decref(in);
	return rc;
}
