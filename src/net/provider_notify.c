/*
 * provider_notify.c — customer notifications (generic protocol, POST
 * /v1/notify/messages). The payload goes as it is, except that the PIN
 * SMS ({"event":"pin","pin",…}) gets its "text" from [messages] pin_sms
 * here, where the configuration is, and its bare "pin" member is dropped
 * so only the text carries it.
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status net_notify_render(const char *tpl, const char *app_no,
			    const char *pin, char **out)
{
	size_t nTpl = strlen(tpl), nApp = strlen(app_no), nPin = strlen(pin);
	size_t cap = nTpl + 1, k = 0;
	char *w;

	/* Worst case: every byte starts a placeholder of the longer value. */
	cap += (nTpl / 5 + 1) * (nApp > nPin ? nApp : nPin);
	w = malloc(cap);
	*out = NULL;
	if (!w)
		return RD_ERR_NOMEM;
	for (size_t i = 0; i < nTpl;) {
		if (!strncmp(tpl + i, "{app_no}", 8)) {
			memcpy(w + k, app_no, nApp);
			k += nApp;
			i += 8;
		} else if (!strncmp(tpl + i, "{pin}", 5)) {
			memcpy(w + k, pin, nPin);
			k += nPin;
			i += 5;
		} else {
			w[k++] = tpl[i++];
		}
	}
	w[k] = '\0';
	*out = w;
	return RD_OK;
}

rd_status net_notify_send(const struct rd_config *cfg,
			  const struct net_job *job, struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL, *pin;
	const char *zEvent;
	char *zText = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	zEvent = json_string_value(json_object_get(in, "event"));
	pin = json_object_get(in, "pin");
	if (zEvent && !strcmp(zEvent, "pin")) {
		const char *zApp = json_string_value(json_object_get(in, "app_no"));

		if (!json_is_string(pin) || !zApp) {
			out->verdict = NET_FAIL;
			snprintf(out->error, sizeof out->error, "%s",
				 _("PIN SMS: the payload has no PIN or "
				   "application number"));
			goto done;
		}
		rc = net_notify_render(cfg->pin_sms ? cfg->pin_sms : "{pin}",
				       zApp, json_string_value(pin), &zText);
		if (rc != RD_OK)
			goto done;
		json_object_set_new(in, "text", json_string(zText));
		json_object_del(in, "pin");
	}
	rc = net_provider_post(cfg, RD_PROV_NOTIFY, "/v1/notify/messages", in,
			       job, out, &ans);
	if (rc == RD_OK)
		out->verdict = NET_DONE;
	else if (rc != RD_ERR_NOMEM)
		rc = RD_OK;
done:
	if (zText) {
		memset(zText, 0, strlen(zText));
		free(zText);
	}
	json_decref(ans);
	json_decref(in);
	return rc;
}
