/*
 * provider_courier.c — waybills and tracking. [provider.courier] adapter
 * chooses the protocol: "generic" (providers-v1, here) or "sf" (SF Express
 * open platform, provider_sf.c). Both leave the same result in the job,
 * which is what store_fulfil_apply reads:
 *
 *   courier_waybill  {"waybill_no","carrier","label_pdf_base64"?}, and a
 *                    follow-up courier_status poll
 *   courier_status   {"waybill_no","state","reason"}; state is created,
 *                    picked_up, in_transit (asked again after [shipping]
 *                    poll_tracking seconds), delivered or returned (final)
 */
#include "net/provider.h"
#include "net/sf.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int adapter_is_sf(const struct rd_config *cfg)
{
	const char *z = cfg->provider[RD_PROV_COURIER].adapter;

	return z && !strcmp(z, "sf");
}

json_t *net_courier_sender(const struct rd_config *cfg)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "name",
			 cfg->sender_name ? cfg->sender_name : "", "company",
			 cfg->sender_company ? cfg->sender_company : "",
			 "mobile", cfg->sender_mobile ? cfg->sender_mobile : "",
			 "province",
			 cfg->sender_province ? cfg->sender_province : "",
			 "city", cfg->sender_city ? cfg->sender_city : "",
			 "county", cfg->sender_county ? cfg->sender_county : "",
			 "address",
			 cfg->sender_address ? cfg->sender_address : "");
}

rd_status net_courier_created(const struct net_job *job,
			      struct net_outcome *out, const char *waybill_no,
			      const char *carrier, const char *label_b64)
{
	json_t *next = NULL;
	json_t *res = json_pack("{s:s,s:s}", "waybill_no", waybill_no,
				"carrier", carrier);
	rd_status rc;

	if (res && label_b64 && *label_b64)
		json_object_set_new(res, "label_pdf_base64",
				    json_string(label_b64));
	rc = net_outcome_set_result(out, res);
	if (rc != RD_OK)
		return rc;
	out->verdict = NET_DONE;
	snprintf(out->ref, sizeof out->ref, "%s", waybill_no);
	next = json_pack("{s:s,s:s}", "waybill_no", waybill_no, "carrier",
			 carrier);
	rc = net_outcome_follow_up(out, job, "courier_status", next);
	json_decref(next);
	return rc;
}

rd_status net_courier_tracked(const struct rd_config *cfg,
			      struct net_outcome *out, const char *waybill_no,
			      const char *state, const char *reason)
{
	rd_status rc = net_outcome_set_result(out,
					      json_pack("{s:s,s:s,s:s}",
							"waybill_no", waybill_no,
							"state", state,
							"reason", reason));

	if (rc != RD_OK)
		return rc;
	snprintf(out->ref, sizeof out->ref, "%s", waybill_no);
	if (!strcmp(state, "delivered") || !strcmp(state, "returned")) {
		out->verdict = NET_DONE;
	} else if (!strcmp(state, "created") || !strcmp(state, "picked_up") ||
		   !strcmp(state, "in_transit")) {
		out->verdict = NET_POLL;
		out->next_delay_s = cfg->poll_tracking_s > 0 ? cfg->poll_tracking_s
							     : 1800;
		snprintf(out->error, sizeof out->error, _("parcel is %s"),
			 state);
	} else {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error,
			 _("waybill status: unknown state '%s'"), state);
	}
	return RD_OK;
}

rd_status net_courier_waybill(const struct rd_config *cfg,
			      const struct net_job *job,
			      struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL;
	char zNo[96];
	char *zBody = NULL;
	rd_status rc = RD_OK;

	if (adapter_is_sf(cfg))
		return net_sf_waybill(cfg, job, out);
	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	json_object_set_new(in, "sender", net_courier_sender(cfg));
	zBody = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
	if (!zBody) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	if (net_provider_call(cfg, RD_PROV_COURIER, "POST",
			      "/v1/courier/waybills", zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "waybill_no", zNo, sizeof zNo);
	if (!net_ref_ok(zNo)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("waybill: the answer has no waybill_no"));
		goto done;
	}
	rc = net_courier_created(job, out, zNo, "generic",
				 json_string_value(json_object_get(
					 ans, "label_pdf_base64")));
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
	char zNo[96], zPath[160], zState[24], zReason[256];
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
	if (adapter_is_sf(cfg)) {
		rc = net_sf_status(cfg, zNo, out);
		goto done;
	}
	snprintf(zPath, sizeof zPath, "/v1/courier/waybills/%s", zNo);
	if (net_provider_call(cfg, RD_PROV_COURIER, "GET", zPath, NULL, job,
			      out, &ans) != RD_OK)
		goto done;
	net_json_str(ans, "state", zState, sizeof zState);
	net_json_str(ans, "reason", zReason, sizeof zReason);
	rc = net_courier_tracked(cfg, out, zNo, zState, zReason);
done:
	json_decref(ans);
	json_decref(in);
	return rc;
}
