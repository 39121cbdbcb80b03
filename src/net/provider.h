/*
 * provider.h — one adapter per job kind: turn a job's payload into a
 * provider call (net_call) and the answer into an outcome the worker
 * stores. Adapters never touch the database: the worker calls them with
 * no transaction open and records the outcome afterwards in one
 * transaction (src/worker.c).
 *
 * Job kinds and payloads (JSON objects):
 *   telecom_verify       {"name","id_no","mobile","role":"handler"|"applicant"}
 *                        -> check state match|mismatch|not_found
 *   bank_deposit         {"account_name","account_no","bank","amount_fen":1,"memo"}
 *                        -> check 'sent', then a follow-up bank_deposit_status
 *   bank_deposit_status  {"ref","account_name"}  (made by the worker)
 *                        -> check credited|failed (name compared with the org)
 *   production_order     {"app_no","holder","algorithm","subject_cn",
 *                         "org_id_no","medium":"usb-key","outlet"}
 *                        -> result {"order_id",…}, follow-up production_status
 *   production_status    {"order_id"} -> polled while queued/writing; done
 *                        when ready (result has medium_serial) or qc_failed
 *   courier_waybill      {"app_no","recipient":{…},"parcel":{…}} (the
 *                        sender comes from [shipping]) -> result
 *                        {"waybill_no","carrier","label_pdf_base64"},
 *                        follow-up courier_status (provider_courier.c)
 *   courier_status       {"waybill_no"} -> polled until delivered/returned;
 *                        result {"waybill_no","state","reason"}
 *   notify               any object, POSTed to /v1/notify/messages; the
 *                        PIN SMS ({"event":"pin"}) gets its "text" from
 *                        [messages] pin_sms
 *   invoice              any object, POSTed to /v1/invoice/invoices ->
 *                        result {"invoice_no"}
 *   label_print          run locally by the worker (src/label.h)
 */
#ifndef RD_NET_PROVIDER_H
#define RD_NET_PROVIDER_H

#include "config.h"
#include "core/err.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

enum net_verdict {
	NET_DONE,       /* answered: finish the job */
	NET_RETRY,      /* transient: retry with backoff, dead after max */
	NET_FAIL,       /* permanent: the job is dead now */
	NET_POLL        /* answered but not final: ask again later */
};

/* What the worker needs to know about one job (all borrowed). */
struct net_job {
	int64_t id;
	const char *kind;
	const char *idem_key;
	const char *payload;
	int64_t app_id;
	const char *org_name;   /* applications.org_name, "" when none */
	int attempts;
};

struct net_outcome {
	enum net_verdict verdict;
	char check_state[16];   /* "" = leave the check row alone */
	char ref[96];           /* provider reference for the check */
	char detail[512];       /* sanitised, for the check row */
	char *result;           /* JSON text to store in jobs.result, owned */
	char error[768];        /* why it failed (RETRY/FAIL/POLL) */
	/* A follow-up job to enqueue with the outcome (next_kind "" = none);
	 * the check row then follows the new job. */
	char next_kind[32];
	char next_key[200];
	char *next_payload;     /* owned */
	int next_delay_s;
};

/* Release what the outcome owns. */
void net_outcome_fini(struct net_outcome *o);

/* An adapter: fill *out (zeroed by the caller). Returns RD_OK unless out
 * of memory; the verdict carries the outcome. */
typedef rd_status (*net_provider_fn)(const struct rd_config *cfg,
				     const struct net_job *job,
				     struct net_outcome *out);

/* The adapter for a job kind; NULL when there is none. */
net_provider_fn net_provider_find(const char *kind);

/* Adapters, one file each (provider_<kind>.c). */
rd_status net_telecom_verify(const struct rd_config *cfg,
			     const struct net_job *job,
			     struct net_outcome *out);
rd_status net_bank_deposit(const struct rd_config *cfg,
			   const struct net_job *job, struct net_outcome *out);
rd_status net_bank_deposit_status(const struct rd_config *cfg,
				  const struct net_job *job,
				  struct net_outcome *out);
rd_status net_production_order(const struct rd_config *cfg,
			       const struct net_job *job,
			       struct net_outcome *out);
rd_status net_production_status(const struct rd_config *cfg,
				const struct net_job *job,
				struct net_outcome *out);
rd_status net_courier_waybill(const struct rd_config *cfg,
			      const struct net_job *job,
			      struct net_outcome *out);
rd_status net_courier_status(const struct rd_config *cfg,
			     const struct net_job *job,
			     struct net_outcome *out);
rd_status net_notify_send(const struct rd_config *cfg,
			  const struct net_job *job, struct net_outcome *out);
rd_status net_invoice_issue(const struct rd_config *cfg,
			    const struct net_job *job, struct net_outcome *out);

/*
 * Shared by the adapters: send method+path with body (NULL for GET) to
 * the provider kind, with the job's idempotency key. On RD_OK *json is
 * the answer (caller json_decref) and out->result a copy of its text; on
 * failure out->verdict/error are set (RETRY or FAIL) and *json is NULL.
 */
rd_status net_provider_call(const struct rd_config *cfg,
			    enum rd_provider_kind kind, const char *method,
			    const char *path, const char *body,
			    const struct net_job *job, struct net_outcome *out,
			    json_t **json);

/* net_provider_call POSTing the JSON object body (borrowed), keys sorted. */
rd_status net_provider_post(const struct rd_config *cfg,
			    enum rd_provider_kind kind, const char *path,
			    json_t *body, const struct net_job *job,
			    struct net_outcome *out, json_t **json);

/*
 * The PIN SMS text: tpl ([messages] pin_sms) with {app_no} and {pin}
 * filled in; other braces stay as they are. *out malloc'd; the caller
 * wipes and frees it (it holds the PIN).
 */
rd_status net_notify_render(const char *tpl, const char *app_no,
			    const char *pin, char **out);

/* Copy a string member of an answer, sanitised, into buf ("" when absent). */
void net_json_str(json_t *obj, const char *key, char *buf, size_t n);

/* Parse the job's payload as a JSON object (caller json_decref); NULL
 * with out->verdict = NET_FAIL when it is not one. */
json_t *net_payload_parse(const struct net_job *job, struct net_outcome *out);

/*
 * Ask for a follow-up status poll: kind `next_kind`, payload `next` (a
 * JSON object, borrowed; NULL means the caller's json_pack failed), key
 * "<job's key>:status", due a second from now. RD_ERR_NOMEM when the
 * payload cannot be built or serialised.
 */
rd_status net_outcome_follow_up(struct net_outcome *out,
				const struct net_job *job,
				const char *next_kind, json_t *next);

/*
 * Replace out->result with the text of the JSON object j (stolen; NULL
 * means the caller's json_pack failed): adapters that normalise a
 * vendor's answer store what the rest of radesk reads. RD_ERR_NOMEM when
 * j is NULL or cannot be serialised.
 */
rd_status net_outcome_set_result(struct net_outcome *out, json_t *j);

/* Non-zero when two organisation names agree, ignoring spaces and the
 * full/half width of brackets; an empty name never agrees. */
int net_bank_names_agree(const char *a, const char *b);

/* Non-zero when z is a safe path segment for a provider reference
 * ([A-Za-z0-9._-], 1..64 bytes). */
int net_ref_ok(const char *z);

#endif
