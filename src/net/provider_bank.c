/*
 * provider_bank.c — financial authentication by a 0.01-yuan micro-deposit
 * (generic protocol): send it, then follow it until credited or failed,
 * and compare the account name the bank saw with the organisation's.
 */
#include "net/provider.h"

#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Seconds between status polls of a sent deposit. */
#define BANK_POLL_S 30

/*
 * Organisation names as banks print them differ in spaces and in full-
 * versus half-width brackets; nothing else is forgiven.
 */
static void name_fold(const char *in, char *out, size_t n)
{
	size_t k = 0;

	while (*in && k + 4 < n) {
		if (*in == ' ' || *in == '\t') {
			in++;
		} else if (!strncmp(in, "\xE3\x80\x80", 3)) { /* U+3000 */
			in += 3;
		} else if (!strncmp(in, "\xEF\xBC\x88", 3)) { /* （ */
			out[k++] = '(';
			in += 3;
		} else if (!strncmp(in, "\xEF\xBC\x89", 3)) { /* ） */
			out[k++] = ')';
			in += 3;
		} else {
			out[k++] = *in++;
		}
	}
	out[k] = '\0';
}

int net_bank_names_agree(const char *a, const char *b)
{
	char x[512], y[512];

	name_fold(a ? a : "", x, sizeof x);
	name_fold(b ? b : "", y, sizeof y);
	return x[0] && !strcmp(x, y);
}

rd_status net_bank_deposit(const struct rd_config *cfg,
			   const struct net_job *job, struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL, *next = NULL;
	char zRef[96], zState[16];
	char *zBody = NULL;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	if (!json_is_string(json_object_get(in, "account_no")) ||
	    !json_is_string(json_object_get(in, "account_name")) ||
	    !json_is_string(json_object_get(in, "bank"))) {
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error, "%s",
			 _("micro-deposit: account_name, account_no and bank "
			   "are required in the job payload"));
		goto done;
	}
	if (!json_is_integer(json_object_get(in, "amount_fen")))
		json_object_set_new(in, "amount_fen", json_integer(1));
	zBody = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
	if (!zBody) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	if (net_provider_call(cfg, RD_PROV_BANK, "POST",
			      "/v1/bank/microdeposits", zBody, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "ref", zRef, sizeof zRef);
	net_json_str(ans, "state", zState, sizeof zState);
	if (!net_ref_ok(zRef)) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error, "%s",
			 _("micro-deposit: the answer has no usable ref"));
		goto done;
	}
	out->verdict = NET_DONE;
	snprintf(out->check_state, sizeof out->check_state, "sent");
	snprintf(out->ref, sizeof out->ref, "%s", zRef);
	next = json_pack("{s:s,s:O?,s:I}", "ref", zRef, "account_name",
			 json_object_get(in, "account_name"), "deposit_job",
			 (json_int_t)job->id);
	rc = net_outcome_follow_up(out, job, "bank_deposit_status", next);
done:
	free(zBody);
	json_decref(next);
	json_decref(ans);
	json_decref(in);
	return rc;
}

rd_status net_bank_deposit_status(const struct rd_config *cfg,
				  const struct net_job *job,
				  struct net_outcome *out)
{
	json_t *in = NULL, *ans = NULL;
	char zPath[160], zState[16], zSeen[256], zReason[256], zRef[96];
	const char *zWant;
	rd_status rc = RD_OK;

	in = net_payload_parse(job, out);
	if (!in)
		goto done;
	net_json_str(in, "ref", zRef, sizeof zRef);
	if (!net_ref_ok(zRef)) {
		out->verdict = NET_FAIL;
		snprintf(out->error, sizeof out->error, "%s",
			 _("deposit status: bad ref in the job payload"));
		goto done;
	}
	snprintf(zPath, sizeof zPath, "/v1/bank/microdeposits/%s", zRef);
	if (net_provider_call(cfg, RD_PROV_BANK, "GET", zPath, NULL, job, out,
			      &ans) != RD_OK)
		goto done;
	net_json_str(ans, "state", zState, sizeof zState);
	net_json_str(ans, "account_name_seen", zSeen, sizeof zSeen);
	net_json_str(ans, "reason", zReason, sizeof zReason);
	snprintf(out->ref, sizeof out->ref, "%s", zRef);
	if (!strcmp(zState, "sent")) {
		out->verdict = NET_POLL;
		out->next_delay_s = BANK_POLL_S;
		snprintf(out->error, sizeof out->error, "%s",
			 _("deposit sent, not yet credited"));
		goto done;
	}
	out->verdict = NET_DONE;
	if (!strcmp(zState, "failed")) {
		snprintf(out->check_state, sizeof out->check_state, "failed");
		snprintf(out->detail, sizeof out->detail,
			 _("the bank refused the deposit: %s"),
			 zReason[0] ? zReason : _("no reason given"));
		goto done;
	}
	if (strcmp(zState, "credited")) {
		out->verdict = NET_RETRY;
		snprintf(out->error, sizeof out->error,
			 _("deposit status: unknown state '%s'"), zState);
		goto done;
	}
	zWant = job->org_name && *job->org_name ?
			job->org_name :
			json_string_value(json_object_get(in, "account_name"));
	if (net_bank_names_agree(zSeen, zWant)) {
		snprintf(out->check_state, sizeof out->check_state, "credited");
		/* Say the name the bank saw, not only that it agrees: the
		 * auditor compares it with the licence, not just with the
		 * form. */
		snprintf(out->detail, sizeof out->detail,
			 _("credited; the bank knows the account as \"%s\", "
			   "as the organisation is named"),
			 zSeen);
	} else {
		snprintf(out->check_state, sizeof out->check_state, "failed");
		snprintf(out->detail, sizeof out->detail,
			 _("credited, but the bank knows the account as "
			   "\"%s\", not \"%s\""),
			 zSeen, zWant ? zWant : "");
	}
done:
	json_decref(ans);
	json_decref(in);
	return rc;
}
