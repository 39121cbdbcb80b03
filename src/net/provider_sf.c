/*
 * provider_sf.c — the SF Express courier adapter (protocol in sf.h).
 *
 * courier_waybill: EXP_RECE_CREATE_ORDER with orderId derived from the
 * job's key; on 8016 (duplicate order: an earlier attempt got through)
 * EXP_RECE_SEARCH_ORDER_RESP for the waybill of that order; then the
 * label through COM_RECE_CLOUD_PRINT_WAYBILLS (template
 * fm_150_standard_<partnerID>, PDF fetched from the URL in the answer
 * with its X-Auth-token).
 * courier_status: EXP_RECE_SEARCH_ROUTES; the newest route's opCode
 * gives the state: 50/54 picked_up, 80/8000 delivered, 99 returned, any
 * other route in_transit, no route yet created.
 */
#include "net/http.h"
#include "net/provider.h"
#include "net/sf.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SF_PATH "/std/service"

static void fail_out(struct net_outcome *out, rd_status rc,
		     const struct rd_err *e)
{
	out->verdict = net_status_is_transient(rc) ? NET_RETRY : NET_FAIL;
	rd_text_sanitize(rd_err_msg(e), out->error, sizeof out->error);
}

/*
 * One SF call: service with business message msg (borrowed). On RD_OK
 * *data is apiResultData (caller json_decref); otherwise out says why
 * (verdict RETRY or FAIL) and the return is not RD_OK.
 */
static rd_status sf_call(const struct rd_config *cfg, const char *service,
			 json_t *msg, struct net_outcome *out, json_t **data)
{
	const struct rd_provider_cfg *pc = &cfg->provider[RD_PROV_COURIER];
	struct net_response resp;
	struct rd_err e;
	char zTs[24], zReq[37], zCode[16];
	char *zMsg = NULL, *zCheck = NULL, *zForm = NULL;
	rd_status rc;

	*data = NULL;
	memset(&resp, 0, sizeof resp);
	rd_err_clear(&e);
	zMsg = msg ? json_dumps(msg, JSON_COMPACT) : NULL;
	if (!zMsg)
		return RD_ERR_NOMEM;
	rc = rd_config_read_secret(pc->secret_file, &zCheck, &e);
	if (rc != RD_OK) {
		rd_err_prefix(&e, "[provider.courier]: ");
		fail_out(out, RD_ERR_CONFIG, &e);
		rc = RD_ERR_CONFIG;
		goto done;
	}
	snprintf(zTs, sizeof zTs, "%" PRId64, rd_now() * 1000);
	rc = rd_uuid4(zReq);
	if (rc == RD_OK)
		rc = sf_form(pc->key_id ? pc->key_id : "", zReq, service, zTs,
			     zMsg, zCheck, &zForm);
	memset(zCheck, 0, strlen(zCheck));
	if (rc != RD_OK)
		goto done;
	rc = net_post_form(cfg, RD_PROV_COURIER, SF_PATH, zForm, &resp, &e);
	if (rc != RD_OK) {
		if (rc != RD_ERR_NOMEM)
			fail_out(out, rc, &e);
		goto done;
	}
	rc = sf_parse_answer(resp.json, zCode, sizeof zCode, data);
	if (rc != RD_OK) {
		rd_err_set(&e, rc, _("SF %s: apiResultData is not a JSON "
				     "object"),
			   service);
		fail_out(out, rc, &e);
		goto done;
	}
	if (strcmp(zCode, "A1000")) {
		char zMsgErr[256];

		net_json_str(resp.json, "apiErrorMsg", zMsgErr, sizeof zMsgErr);
		out->verdict = sf_code_is_transient(zCode) ? NET_RETRY
							   : NET_FAIL;
		snprintf(out->error, sizeof out->error,
			 _("SF %s refused: %s %s"), service,
			 zCode[0] ? zCode : "?", zMsgErr);
		rc = RD_ERR_INVALID;
	}
done:
	if (zCheck) {
		memset(zCheck, 0, strlen(zCheck));
		free(zCheck);
	}
	free(zForm);
	free(zMsg);
	net_response_fini(&resp);
	return rc;
}

/* The business part of an answer: msgData when success is true. When it
 * is false, *code gets errorCode and out says why (RETRY for system
 * errors "S…", FAIL otherwise). */
static json_t *sf_business(const char *service, json_t *data,
			   struct net_outcome *out, char *code, size_t ncode)
{
	json_t *ok = json_object_get(data, "success");
	char zMsg[256];

	net_json_str(data, "errorCode", code, ncode);
	if (json_is_true(ok))
		return json_object_get(data, "msgData");
	net_json_str(data, "errorMsg", zMsg, sizeof zMsg);
	out->verdict = code[0] == 'S' ? NET_RETRY : NET_FAIL;
	snprintf(out->error, sizeof out->error, _("SF %s: %s %s"), service,
		 code[0] ? code : "?", zMsg);
	return NULL;
}

/* The master waybill number of a msgData with waybillNoInfoList. */
static void master_waybill(json_t *msg, char *buf, size_t n)
{
	json_t *list = json_object_get(msg, "waybillNoInfoList");
	size_t i;
	json_t *w;

	buf[0] = '\0';
	json_array_foreach(list, i, w) {
		json_t *type = json_object_get(w, "waybillType");

		if (!type || json_integer_value(type) == 1 ||
		    (json_is_string(type) &&
		     !strcmp(json_string_value(type), "1"))) {
			net_json_str(w, "waybillNo", buf, n);
			return;
		}
	}
}

/* A string member, "" when absent. */
static const char *js(json_t *o, const char *key)
{
	const char *z = json_string_value(json_object_get(o, key));

	return z ? z : "";
}

/* A contact of contactInfoList from a radesk address object. */
static json_t *contact(int type, json_t *a)
{
	return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
			 "contactType", type, "contact", js(a, "name"),
			 "company", js(a, "company"), "mobile", js(a, "mobile"),
			 "province", js(a, "province"), "city", js(a, "city"),
			 "county", js(a, "county"), "address",
			 js(a, "address"), "country", "CN");
}

/* SF's orderId for a job key: the key with every character outside
 * [A-Za-z0-9._-] made '-', at most 64 characters. */
static void order_id_of(const char *key, char out[65])
{
	size_t k = 0;

	for (; key && *key && k < 64; key++) {
		char c = *key;
		int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
			 (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			 c == '-';

		out[k++] = ok ? c : '-';
	}
	out[k] = '\0';
}

/* Fetch the label PDF of a waybill as Base64 (*b64, caller frees). */
static rd_status sf_label(const struct rd_config *cfg, const char *zNo,
			  struct net_outcome *out, char **b64)
{
	const char *zPartner = cfg->provider[RD_PROV_COURIER].key_id;
	json_t *msg = NULL, *data = NULL, *obj, *file;
	struct net_response resp;
	char zTpl[128], zHdr[300];
	struct rd_err e;
	rd_status rc;

	*b64 = NULL;
	memset(&resp, 0, sizeof resp);
	rd_err_clear(&e);
	snprintf(zTpl, sizeof zTpl, "fm_150_standard_%s",
		 zPartner ? zPartner : "");
	msg = json_pack("{s:s,s:s,s:s,s:b,s:[{s:s}]}", "templateCode", zTpl,
			"version", "2.0", "fileType", "pdf", "sync", 1,
			"documents", "masterWaybillNo", zNo);
	rc = sf_call(cfg, "COM_RECE_CLOUD_PRINT_WAYBILLS", msg, out, &data);
	if (rc != RD_OK)
		goto done;
	obj = json_object_get(data, "obj");
	file = json_array_get(json_object_get(obj, "files"), 0);
	if (!json_is_true(json_object_get(data, "success")) ||
	    !json_is_string(json_object_get(file, "url"))) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error,
			 _("SF label of %s: no file in the answer"), zNo);
		rc = RD_ERR_PROTO;
		goto done;
	}
	snprintf(zHdr, sizeof zHdr, "X-Auth-token: %.250s", js(file, "token"));
	rc = net_fetch(cfg, RD_PROV_COURIER,
		       json_string_value(json_object_get(file, "url")), zHdr,
		       cfg->max_label_bytes > 0 ? (size_t)cfg->max_label_bytes
						: (size_t)2 << 20,
		       &resp, &e);
	if (rc == RD_OK)
		rc = rd_base64_encode(resp.body, resp.len, b64);
	else if (rc != RD_ERR_NOMEM)
		fail_out(out, rc, &e);
done:
	net_response_fini(&resp);
	json_decref(data);
	json_decref(msg);
	return rc;
}

rd_status net_sf_waybill(const struct rd_config *cfg,
			 const struct net_job *job, struct net_outcome *out)
{
	json_t *in = NULL, *msg = NULL, *data = NULL, *biz, *cargo;
	json_t *sender = NULL;
	char zOrder[65], zNo[96], zCode[16];
	char *zLabel = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	/* The job's key is the orderId: every attempt names one order. */
	order_id_of(job->idem_key, zOrder);
	sender = net_courier_sender(cfg);
	cargo = json_pack("[{s:s,s:i}]", "name", "USB key", "count", 1);
	msg = json_pack("{s:s,s:s,s:o,s:[o,o],s:i,s:i,s:i}", "language",
			"zh-CN", "orderId", zOrder, "cargoDetails", cargo,
			"contactInfoList", contact(1, sender),
			contact(2, json_object_get(in, "recipient")),
			"expressTypeId",
			cfg->sf_express_type > 0 ? cfg->sf_express_type : 1,
			"payMethod", 1, "isReturnRoutelabel", 0);
	if (msg && cfg->sf_monthly_card && *cfg->sf_monthly_card)
		json_object_set_new(msg, "monthlyCard",
				    json_string(cfg->sf_monthly_card));
	if (!msg) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	rc = sf_call(cfg, "EXP_RECE_CREATE_ORDER", msg, out, &data);
	if (rc != RD_OK)
		goto soft;
	biz = sf_business("EXP_RECE_CREATE_ORDER", data, out, zCode,
			  sizeof zCode);
	if (!biz && !strcmp(zCode, "8016")) {
		/* Made by an attempt whose answer we lost: look it up. */
		json_decref(msg);
		json_decref(data);
		data = NULL;
		msg = json_pack("{s:s,s:s,s:s}", "orderId", zOrder,
				"searchType", "1", "language", "zh-CN");
		out->error[0] = '\0';
		rc = sf_call(cfg, "EXP_RECE_SEARCH_ORDER_RESP", msg, out,
			     &data);
		if (rc != RD_OK)
			goto soft;
		biz = sf_business("EXP_RECE_SEARCH_ORDER_RESP", data, out,
				  zCode, sizeof zCode);
	}
	if (!biz)
		goto done;
	master_waybill(biz, zNo, sizeof zNo);
	if (!net_ref_ok(zNo)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("SF: the answer has no waybill number"));
		goto done;
	}
	rc = sf_label(cfg, zNo, out, &zLabel);
	if (rc != RD_OK)
		goto soft;
	out->error[0] = '\0';
	rc = net_courier_created(job, out, zNo, "sf", zLabel);
	goto done;
soft:
	/* sf_call / sf_label set the verdict; only memory is an error. */
	if (rc != RD_ERR_NOMEM)
		rc = RD_OK;
done:
	free(zLabel);
	json_decref(sender);
	json_decref(data);
	json_decref(msg);
	json_decref(in);
	return rc;
}

/* The state of a parcel from SF's newest route. */
static const char *route_state(json_t *routes, char *reason, size_t n)
{
	json_t *last = json_array_get(routes, json_array_size(routes) - 1);
	char zOp[16];

	reason[0] = '\0';
	if (!last)
		return "created";
	net_json_str(last, "opCode", zOp, sizeof zOp);
	if (!strcmp(zOp, "80") || !strcmp(zOp, "8000"))
		return "delivered";
	if (!strcmp(zOp, "99")) {
		net_json_str(last, "remark", reason, n);
		return "returned";
	}
	if (!strcmp(zOp, "50") || !strcmp(zOp, "54"))
		return json_array_size(routes) == 1 ? "picked_up"
						    : "in_transit";
	return "in_transit";
}

rd_status net_sf_status(const struct rd_config *cfg, const char *waybill_no,
			struct net_outcome *out)
{
	json_t *msg = NULL, *data = NULL, *biz, *resp0;
	char zCode[16], zReason[256];
	const char *zState;
	rd_status rc;

	msg = json_pack("{s:s,s:i,s:[s],s:i}", "language", "zh-CN",
			"trackingType", 1, "trackingNumber", waybill_no,
			"methodType", 1);
	if (!msg)
		return RD_ERR_NOMEM;
	rc = sf_call(cfg, "EXP_RECE_SEARCH_ROUTES", msg, out, &data);
	if (rc != RD_OK) {
		rc = rc == RD_ERR_NOMEM ? rc : RD_OK;
		goto done;
	}
	biz = sf_business("EXP_RECE_SEARCH_ROUTES", data, out, zCode,
			  sizeof zCode);
	if (!biz)
		goto done;
	resp0 = json_array_get(json_object_get(biz, "routeResps"), 0);
	zState = route_state(json_object_get(resp0, "routes"), zReason,
			     sizeof zReason);
	rc = net_courier_tracked(cfg, out, waybill_no, zState, zReason);
done:
	json_decref(data);
	json_decref(msg);
	return rc;
}
