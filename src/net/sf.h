/*
 * sf.h — the SF Express open platform ("丰桥") protocol: the courier
 * adapter for [provider.courier] adapter = sf.
 *
 * Every call is one form POST to BASE_URL/std/service with the fields
 *   partnerID    [provider.courier] key_id (顾客编码)
 *   requestID    a fresh UUID per request
 *   serviceCode  EXP_RECE_CREATE_ORDER, EXP_RECE_SEARCH_ORDER_RESP,
 *                EXP_RECE_SEARCH_ROUTES, COM_RECE_CLOUD_PRINT_WAYBILLS
 *   timestamp    unix milliseconds
 *   msgData      the business request, JSON text
 *   msgDigest    Base64(MD5(URLEncoder.encode(msgData + timestamp +
 *                checkWord, "UTF-8"))), checkWord read from the
 *                provider's secret_file
 * The answer is {"apiResultCode":"A1000",…,"apiResultData":"<JSON text>"};
 * A1000 means the platform took the call, and apiResultData carries
 * {"success":…,"errorCode":…,"errorMsg":…,"msgData":{…}}.
 *
 * Idempotency is the orderId (derived from the job's key): a second
 * create with the same orderId is refused by SF as a duplicate (8016),
 * and the adapter then asks for the existing order's waybill instead.
 */
#ifndef RD_NET_SF_H
#define RD_NET_SF_H

#include "config.h"
#include "core/err.h"
#include "net/provider.h"

#include <jansson.h>
#include <stddef.h>

/* Base64 of an MD5 is 24 characters. */
#define SF_DIGEST_LEN 25

/*
 * java.net.URLEncoder.encode(z, "UTF-8"): bytes A-Z a-z 0-9 and . - * _
 * stay, a space becomes '+', every other byte %XX (uppercase hex). *out
 * is malloc'd (caller frees).
 */
rd_status sf_urlencode(const char *z, char **out);

/* msgDigest of the header comment into out (NUL-terminated). */
rd_status sf_msg_digest(const char *msg_data, const char *timestamp,
			const char *check_word, char out[SF_DIGEST_LEN]);

/*
 * The whole form body (each value URL-encoded as above) for one call.
 * *out malloc'd (caller frees).
 */
rd_status sf_form(const char *partner_id, const char *request_id,
		  const char *service_code, const char *timestamp,
		  const char *msg_data, const char *check_word, char **out);

/*
 * Read an answer: *code gets apiResultCode (sanitised, "" when absent);
 * when it is A1000, *data gets apiResultData parsed (caller json_decref).
 * RD_ERR_PROTO when the answer is A1000 but apiResultData is not a JSON
 * object in a string.
 */
rd_status sf_parse_answer(json_t *answer, char *code, size_t ncode,
			  json_t **data);

/* Non-zero for the apiResultCodes worth retrying (all but A1001, a
 * malformed request). */
int sf_code_is_transient(const char *code);

/* The adapters (provider_sf.c), called by provider_courier.c. */
rd_status net_sf_waybill(const struct rd_config *cfg,
			 const struct net_job *job, struct net_outcome *out);
/* Tracking of a waybill (its number checked by the caller). */
rd_status net_sf_status(const struct rd_config *cfg, const char *waybill_no,
			struct net_outcome *out);

/* Shared by both courier adapters (provider_courier.c). */
json_t *net_courier_sender(const struct rd_config *cfg);
/* A waybill was made: normalised result, follow-up courier_status. */
rd_status net_courier_created(const struct net_job *job,
			      struct net_outcome *out, const char *waybill_no,
			      const char *carrier, const char *label_b64);
/* A tracking answer: normalised result and the verdict for state. */
rd_status net_courier_tracked(const struct rd_config *cfg,
			      struct net_outcome *out, const char *waybill_no,
			      const char *state, const char *reason);

#endif
