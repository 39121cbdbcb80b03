/*
 * provider_telecom.c — three-factor real-name check (generic protocol).
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status net_telecom_verify(const struct rd_config *cfg,
			     const struct net_job *job,
			     struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL, *req = NULL;
	char zResult[16];
	char *zBody = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	req = json_pack("{s:O?,s:O?,s:O?}", "name", json_object_get(in, "name"),
			"id_no", json_object_get(in, "id_no"), "mobile",
			json_object_get(in, "mobile"));
	if (!req || !json_is_string(json_object_get(in, "name")) ||
	    !json_is_string(json_object_get(in, "id_no")) ||
	    !json_is_string(json_object_get(in, "mobile"))) {
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error, "%s",
			 _("telecom check: name, id_no and mobile are "
			   "required in the job payload"));
		goto done;
	}
	zBody = json_dumps(req, JSON_COMPACT);
	if (!zBody) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	if (net_provider_call(cfg, RD_PROV_TELECOM, "POST",
			      "/v1/telecom/verify", zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "result", zResult, sizeof zResult);
	if (strcmp(zResult, "match") && strcmp(zResult, "mismatch") &&
	    strcmp(zResult, "not_found")) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error,
			 _("telecom check: unknown result '%s' in the answer"),
			 zResult);
		goto done;
	}
	out->verdict = NET_DONE;
	snprintf(out->check_state, sizeof out->check_state, "%s", zResult);
	net_json_str(ans, "ref", out->ref, sizeof out->ref);
	net_json_str(ans, "detail", out->detail, sizeof out->detail);
done:
	free(zBody);
	json_decref(req);
	json_decref(ans);
	json_decref(in);
	return rc;
}
