/*
 * provider.c — the adapter table and what the adapters share.
 */
#include "net/provider.h"
#include "net/http.h"

#include "core/i18n.h"
#include "core/text.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *kind;
	net_provider_fn fn;
} adapters[] = {
	{ "telecom_verify", net_telecom_verify },
	{ "bank_deposit", net_bank_deposit },
	{ "bank_deposit_status", net_bank_deposit_status },
	{ "production_order", net_production_order },
	{ "production_status", net_production_status },
	{ "courier_waybill", net_courier_waybill },
	{ "courier_status", net_courier_status },
	{ "notify", net_notify_send },
	{ "invoice", net_invoice_issue },
};

net_provider_fn net_provider_find(const char *kind)
{
	for (size_t i = 0; kind && i < sizeof adapters / sizeof adapters[0]; i++)
		if (!strcmp(adapters[i].kind, kind))
			return adapters[i].fn;
	return NULL;
}

void net_outcome_fini(struct net_outcome *o)
{
	if (!o)
		return;
	free(o->result);
	free(o->next_payload);
	o->result = o->next_payload = NULL;
}

void net_json_str(json_t *obj, const char *key, char *buf, size_t n)
{
	json_t *v = json_object_get(obj, key);

	rd_text_sanitize(json_is_string(v) ? json_string_value(v) : "", buf,
			 n);
}

int net_ref_ok(const char *z)
{
	size_t n = 0;

	if (!z)
		return 0;
	for (; z[n]; n++) {
		char c = z[n];

		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return 0;
	}
	return n >= 1 && n <= 64;
}

rd_status net_provider_call(const struct rd_config *cfg,
			    enum rd_provider_kind kind, const char *method,
			    const char *path, const char *body,
			    const struct net_job *job, struct net_outcome *out,
			    json_t **json)
{
	struct net_response resp;
	struct rd_err err;
	rd_status rc;

	*json = NULL;
	rd_err_clear(&err);
	rc = net_call(cfg, kind, method, path, body,
		      !strcmp(method, "POST") ? job->idem_key : NULL, &resp,
		      &err);
	if (rc == RD_OK) {
		out->result = strdup(resp.body ? resp.body : "{}");
		*json = resp.json;
		resp.json = NULL;
		net_response_fini(&resp);
		if (!out->result) {
			json_decref(*json);
			*json = NULL;
			return RD_ERR_NOMEM;
		}
		return RD_OK;
	}
	net_response_fini(&resp);
	if (rc == RD_ERR_NOMEM)
		return rc;
	out->verdict = net_status_is_transient(rc) ? NET_RETRY : NET_FAIL;
	rd_text_sanitize(rd_err_msg(&err), out->error, sizeof out->error);
	return rc;
}

/* Parse a job payload; on failure the job fails permanently (a payload
 * we wrote ourselves that is not JSON will not get better). */
json_t *net_payload_parse(const struct net_job *job, struct net_outcome *out)
{
	json_error_t jerr;
	json_t *j = json_loads(job->payload ? job->payload : "", 0, &jerr);

	if (!json_is_object(j)) {
		json_decref(j);
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error,
			 _("job %lld: payload is not a JSON object"),
			 (long long)job->id);
		return NULL;
	}
	return j;
}

rd_status net_outcome_follow_up(struct net_outcome *out,
				const struct net_job *job,
				const char *next_kind, json_t *next)
{
	out->next_payload = next ? json_dumps(next, JSON_COMPACT) : NULL;
	if (!out->next_payload)
		return RD_ERR_NOMEM;
	snprintf(out->next_kind, sizeof out->next_kind, "%s", next_kind);
	snprintf(out->next_key, sizeof out->next_key, "%s:status",
		 job->idem_key);
	out->next_delay_s = 1;
	return RD_OK;
}

rd_status net_outcome_set_result(struct net_outcome *out, json_t *j)
{
	char *z = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS) : NULL;

	json_decref(j);
	if (!z)
		return RD_ERR_NOMEM;
	free(out->result);
	out->result = z;
	return RD_OK;
}

rd_status net_provider_post(const struct rd_config *cfg,
			    enum rd_provider_kind kind, const char *path,
			    json_t *body, const struct net_job *job,
			    struct net_outcome *out, json_t **json)
{
	char *z = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	rd_status rc;

	*json = NULL;
	if (!z)
		return RD_ERR_NOMEM;
	rc = net_provider_call(cfg, kind, "POST", path, z, job, out, json);
	free(z);
	return rc;
}
