/*
 * provider_production.c — USB-key production orders (generic protocol).
 * The fulfilment code enqueues production_order; the worker follows the
 * order with production_status jobs every [shipping] poll_production
 * seconds until it is ready or failed QC (store_fulfil_apply records both).
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The configuration as the outlet's line sees it: [provider.production]
 * replaced by [provider.production.OUTLET] (config_outlets.c), into *tmp
 * (a shallow copy; nothing to free). The outlet is the payload's.
 */
static const struct rd_config *outlet_cfg(const struct rd_config *cfg,
					  json_t *in, struct rd_config *tmp)
{
	json_t *o = json_object_get(in, "outlet");

	if (!json_is_string(o) || !cfg->noutlets)
		return cfg;
	*tmp = *cfg;
	rd_config_production_for(cfg, json_string_value(o),
				 &tmp->provider[RD_PROV_PRODUCTION]);
	return tmp;
}

rd_status net_production_order(const struct rd_config *cfg0,
			       const struct net_job *job,
			       struct net_outcome *out)
{
	const struct rd_config *cfg = cfg0;
	struct rd_config tmp;
	json_t *in = NULL, *ans = NULL, *next = NULL;
	char zId[96];
	char *zBody = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	cfg = outlet_cfg(cfg0, in, &tmp);
	zBody = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
	if (!zBody) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	if (net_provider_call(cfg, RD_PROV_PRODUCTION, "POST",
			      "/v1/production/orders", zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "order_id", zId, sizeof zId);
	if (!net_ref_ok(zId)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("production order: the answer has no order_id"));
		goto done;
	}
	out->verdict = NET_DONE;
	snprintf(out->ref, sizeof out->ref, "%s", zId);
	/* the status is asked of the line that took the order */
	next = json_pack("{s:s,s:I,s:O}", "order_id", zId, "order_job",
			 (json_int_t)job->id, "outlet",
			 json_object_get(in, "outlet") ? json_object_get(in, "outlet")
						       : json_null());
	rc = net_outcome_follow_up(out, job, "production_status", next);
done:
	free(zBody);
	json_decref(next);
	json_decref(ans);
	json_decref(in);
	return rc;
}

rd_status net_production_status(const struct rd_config *cfg0,
				const struct net_job *job,
				struct net_outcome *out)
{
	const struct rd_config *cfg = cfg0;
	struct rd_config tmp;
	json_t *in = NULL, *ans = NULL;
	char zId[96], zPath[160], zState[16];
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	cfg = outlet_cfg(cfg0, in, &tmp);
	net_json_str(in, "order_id", zId, sizeof zId);
	if (!net_ref_ok(zId)) {
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error, "%s",
			 _("production status: bad order_id in the payload"));
		goto done;
	}
	snprintf(zPath, sizeof zPath, "/v1/production/orders/%s", zId);
	if (net_provider_call(cfg, RD_PROV_PRODUCTION, "GET", zPath, NULL,
			      job, out, &ans) != RD_OK)
		goto done;
	net_json_str(ans, "state", zState, sizeof zState);
	snprintf(out->ref, sizeof out->ref, "%s", zId);
	/* ready and qc_failed are final: a failed key is not written again
	 * by the line; a supervisor orders a new one (fulfil.h). */
	if (!strcmp(zState, "ready") || !strcmp(zState, "qc_failed")) {
		out->verdict = NET_DONE;
		goto done;
	}
	if (strcmp(zState, "queued") && strcmp(zState, "writing")) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error,
			 _("production status: unknown state '%s'"), zState);
		goto done;
	}
	out->verdict = NET_POLL;
	out->next_delay_s = cfg->poll_production_s > 0 ? cfg->poll_production_s
						       : 60;
	snprintf(out->error, sizeof out->error, _("production order is %s"),
		 zState);
done:
	json_decref(ans);
	json_decref(in);
	return rc;
}
