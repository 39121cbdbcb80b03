/*
 * http.h — the one HTTP door to the outside services (libcurl).
 *
 * Every call: connect and total timeouts from [provider.KIND], TLS peer
 * and host verification always on ([http] ca_bundle when set), proxies
 * from the environment (libcurl's http_proxy/https_proxy/no_proxy), http
 * and https only, no redirects, answers larger than [http]
 * max_response_bytes refused, the providers-v1 signature headers and the
 * Idempotency-Key. The secret is read from the provider's secret_file for
 * each call, wiped after use and never logged.
 *
 * Classification of the outcome (net_call's return):
 *   RD_OK          2xx with a JSON object body: answered
 *   RD_ERR_INVALID 4xx: our request is wrong, do not retry
 *   RD_ERR_NET     5xx, timeout, connection error: transient
 *   RD_ERR_PROTO   unparseable or non-object body, too large: transient
 *   RD_ERR_CONFIG  no base URL or unreadable secret: transient (an
 *                  operator can fix the configuration and retry)
 *   RD_ERR_UNSUPPORTED  [provider.KIND] adapter is not "generic": only
 *                  the generic protocol is built in so far; permanent
 * net_status_is_transient() says which ones to retry.
 */
#ifndef RD_NET_HTTP_H
#define RD_NET_HTTP_H

#include "config.h"
#include "core/err.h"

#include <jansson.h>
#include <stddef.h>

struct net_response {
	long status;        /* HTTP status, 0 when none arrived */
	char *body;         /* NUL-terminated, owned */
	size_t len;
	json_t *json;       /* parsed object on RD_OK, owned (json_decref) */
};

/* Release what the response owns; safe on a zeroed struct. */
void net_response_fini(struct net_response *r);

/*
 * Perform one request to cfg->provider[kind]. method "GET" or "POST";
 * path the spec's endpoint path (signed as is, appended to base_url);
 * body JSON text or NULL; idem_key (the job's key; sent as the UUID of
 * net_idem_uuid()) may be NULL (GET). *resp is filled
 * (even on most failures: status and body help the message); the caller
 * calls net_response_fini(). err says what failed, with the URL and the
 * HTTP status or libcurl message, never the secret.
 */
rd_status net_call(const struct rd_config *cfg, enum rd_provider_kind kind,
		   const char *method, const char *path, const char *body,
		   const char *idem_key, struct net_response *resp,
		   struct rd_err *err);

/*
 * For vendor protocols that sign inside the request (SF Express): POST an
 * application/x-www-form-urlencoded form (already encoded) to base_url +
 * path of cfg->provider[kind], with the same timeouts, TLS rules and size
 * limit as net_call but none of the providers-v1 headers. The answer must
 * be a JSON object (resp->json); classification as net_call.
 */
rd_status net_post_form(const struct rd_config *cfg,
			enum rd_provider_kind kind, const char *path,
			const char *form, struct net_response *resp,
			struct rd_err *err);

/*
 * GET a URL a provider's answer named (a label file), with one extra
 * header line ("X-Auth-token: …", may be NULL), at most max bytes, with
 * the timeouts of cfg->provider[kind]. The URL must be https — or http
 * when the provider's base_url is http (the sandbox). resp->body holds
 * the bytes (not parsed).
 */
rd_status net_fetch(const struct rd_config *cfg, enum rd_provider_kind kind,
		    const char *url, const char *header, size_t max,
		    struct net_response *resp, struct rd_err *err);

/* Non-zero when a failure of net_call() should be retried later. */
int net_status_is_transient(rd_status rc);

/* Call once from main-like code before threads exist (curl_global_init);
 * net_call() calls it lazily otherwise. */
void net_global_init(void);

#endif
