/*
 * http.c — libcurl transport with HMAC signing (providers-v1.md).
 */
#include "net/http.h"
#include "net/sign.h"

#include "clock.h"
#include "core/i18n.h"

#include <curl/curl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int g_curl_ready;

void net_global_init(void)
{
	if (!g_curl_ready) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		g_curl_ready = 1;
	}
}

void net_response_fini(struct net_response *r)
{
	if (!r)
		return;
	free(r->body);
	r->body = NULL;
	r->len = 0;
	if (r->json)
		json_decref(r->json);
	r->json = NULL;
}

int net_status_is_transient(rd_status rc)
{
	return rc == RD_ERR_NET || rc == RD_ERR_PROTO || rc == RD_ERR_CONFIG ||
	       rc == RD_ERR_LIMIT || rc == RD_ERR_BUSY;
}

struct sink {
	char *buf;
	size_t len;
	size_t cap;
	size_t max;
	int too_big;
};

/* Returning less than asked makes libcurl abort with CURLE_WRITE_ERROR:
 * that is how the size limit is enforced before the memory is spent. */
static size_t sink_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	struct sink *s = ud;
	size_t n = size * nmemb;

	if (s->len + n > s->max) {
		s->too_big = 1;
		return 0;
	}
	if (s->len + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 4096;
		char *p;

		while (cap < s->len + n + 1)
			cap *= 2;
		p = realloc(s->buf, cap);
		if (!p)
			return 0;
		s->buf = p;
		s->cap = cap;
	}
	memcpy(s->buf + s->len, ptr, n);
	s->len += n;
	s->buf[s->len] = '\0';
	return n;
}

static void wipe(char *z)
{
	volatile char *p = z;

	if (!z)
		return;
	while (*p)
		*p++ = 0;
}

/*
 * Perform one request with libcurl: the common settings of http.h, the
 * caller's headers (hdrs, may be NULL), body for POST (NULL = GET). Fills
 * resp->status/body/len; RD_OK when a 2xx arrived, else the
 * classification of http.h (the body is not parsed here). zUrl names the
 * request in messages.
 */
static rd_status http_perform(const struct rd_config *cfg,
			      const struct rd_provider_cfg *pc,
			      const char *zUrl, const char *method,
			      const char *body, size_t nBody,
			      struct curl_slist *hdrs, size_t max,
			      struct net_response *resp, struct rd_err *err)
{
	struct sink sink = { 0 };
	char zCurlErr[CURL_ERROR_SIZE];
	CURL *c = NULL;
	CURLcode cc;
	rd_status rc = RD_OK;

	net_global_init();
	c = curl_easy_init();
	if (!c)
		return RD_ERR_NOMEM;
	sink.max = max;
	zCurlErr[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, zUrl);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, zCurlErr);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
			 (long)(pc->connect_timeout_s > 0 ? pc->connect_timeout_s : 5));
	curl_easy_setopt(c, CURLOPT_TIMEOUT,
			 (long)(pc->timeout_s > 0 ? pc->timeout_s : 20));
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->ca_bundle && *cfg->ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_bundle);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "radesk/0.1");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, (long)nBody);
	} else {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	}
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &resp->status);
	resp->body = sink.buf ? sink.buf : calloc(1, 1);
	resp->len = sink.len;
	sink.buf = NULL;
	if (sink.too_big) {
		rc = rd_err_set(err, RD_ERR_LIMIT,
				_("%s %s: answer larger than %zu bytes refused "
				  "([http] max_response_bytes)"),
				method, zUrl, sink.max);
		goto done;
	}
	if (cc != CURLE_OK) {
		rc = rd_err_set(err, RD_ERR_NET, _("%s %s: %s"), method, zUrl,
				zCurlErr[0] ? zCurlErr : curl_easy_strerror(cc));
		goto done;
	}
	if (resp->status >= 400 && resp->status < 500) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("%s %s: provider refused the request (HTTP "
				  "%ld): %.200s"),
				method, zUrl, resp->status,
				resp->body ? resp->body : "");
		goto done;
	}
	if (resp->status < 200 || resp->status >= 300) {
		rc = rd_err_set(err, RD_ERR_NET,
				_("%s %s: provider error (HTTP %ld), will retry"),
				method, zUrl, resp->status);
		goto done;
	}
done:
	free(sink.buf);
	curl_easy_cleanup(c);
	return rc;
}

/* Parse a 2xx answer that must be a JSON object into resp->json. */
static rd_status parse_object(const char *method, const char *zUrl,
			      struct net_response *resp, struct rd_err *err)
{
	json_error_t jerr;

	resp->json = json_loadb(resp->body ? resp->body : "", resp->len, 0,
				&jerr);
	if (resp->json && json_is_object(resp->json))
		return RD_OK;
	rd_err_set(err, RD_ERR_PROTO, _("%s %s: answer is not a JSON object (%s)"),
		   method, zUrl, resp->json ? "not an object" : jerr.text);
	if (resp->json)
		json_decref(resp->json);
	resp->json = NULL;
	return RD_ERR_PROTO;
}

/* base_url + path, without a doubled slash; NULL when out of memory. */
static char *join_url(const char *base, const char *path)
{
	size_t nb = strlen(base), n = nb + strlen(path) + 2;
	char *z = malloc(n);

	if (!z)
		return NULL;
	/* "http://h:1/" + "/v1/x" must not give "//v1/x". */
	if (nb > 0 && base[nb - 1] == '/' && path[0] == '/')
		nb--;
	snprintf(z, n, "%.*s%s", (int)nb, base, path);
	return z;
}

static size_t max_answer(const struct rd_config *cfg)
{
	return cfg->max_response_bytes > 0 ? (size_t)cfg->max_response_bytes
					   : (size_t)8 << 20;
}

/* The provider section, or an error when its base URL is missing. */
static rd_status provider_of(const struct rd_config *cfg,
			     enum rd_provider_kind kind,
			     const struct rd_provider_cfg **pc,
			     struct rd_err *err)
{
	if ((int)kind < 0 || kind >= RD_PROV_COUNT)
		return rd_err_set(err, RD_ERR_INTERNAL, "bad provider kind");
	*pc = &cfg->provider[kind];
	if (!(*pc)->base_url || !*(*pc)->base_url)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("[provider.%s] base_url is not set; set it "
				    "in the configuration"),
				  rd_provider_kind_name(kind));
	return RD_OK;
}

rd_status net_call(const struct rd_config *cfg, enum rd_provider_kind kind,
		   const char *method, const char *path, const char *body,
		   const char *idem_key, struct net_response *resp,
		   struct rd_err *err)
{
	const struct rd_provider_cfg *pc;
	struct curl_slist *hdrs = NULL;
	char zSig[RD_SHA256_HEX];
	char zHdr[256];
	char *zSecret = NULL, *zUrl = NULL;
	int64_t ts = rd_now();
	size_t nBody = body ? strlen(body) : 0;
	rd_status rc;

	memset(resp, 0, sizeof *resp);
	rc = provider_of(cfg, kind, &pc, err);
	if (rc != RD_OK)
		goto done;
	if (pc->adapter && *pc->adapter && strcmp(pc->adapter, "generic")) {
		rc = rd_err_set(err, RD_ERR_UNSUPPORTED,
				_("[provider.%s] adapter '%s' is not available "
				  "in this radesk; use adapter = generic"),
				rd_provider_kind_name(kind), pc->adapter);
		goto done;
	}
	rc = rd_config_read_secret(pc->secret_file, &zSecret, err);
	if (rc != RD_OK) {
		rc = RD_ERR_CONFIG;
		rd_err_prefix(err, "[provider.%s]: ",
			      rd_provider_kind_name(kind));
		if (err)
			err->code = RD_ERR_CONFIG;
		goto done;
	}
	rc = net_sign(zSecret, strlen(zSecret), method, path, ts, body, nBody,
		      zSig);
	wipe(zSecret);
	if (rc != RD_OK)
		goto done;
	zUrl = join_url(pc->base_url, path);
	if (!zUrl) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	hdrs = curl_slist_append(hdrs,
				 "Content-Type: application/json; charset=utf-8");
	hdrs = curl_slist_append(hdrs, "Accept: application/json");
	hdrs = curl_slist_append(hdrs, "Expect:");
	snprintf(zHdr, sizeof zHdr, "X-Radesk-Timestamp: %" PRId64, ts);
	hdrs = curl_slist_append(hdrs, zHdr);
	snprintf(zHdr, sizeof zHdr, "X-Radesk-Signature: %s", zSig);
	hdrs = curl_slist_append(hdrs, zHdr);
	if (pc->key_id && *pc->key_id) {
		snprintf(zHdr, sizeof zHdr, "X-Radesk-Key-Id: %s", pc->key_id);
		hdrs = curl_slist_append(hdrs, zHdr);
	}
	if (idem_key && *idem_key) {
		char zUuid[37];

		net_idem_uuid(idem_key, zUuid);
		snprintf(zHdr, sizeof zHdr, "Idempotency-Key: %s", zUuid);
		hdrs = curl_slist_append(hdrs, zHdr);
	}
	if (!hdrs) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	rc = http_perform(cfg, pc, zUrl, method, body, nBody, hdrs,
			  max_answer(cfg), resp, err);
	if (rc == RD_OK)
		rc = parse_object(method, zUrl, resp, err);
done:
	if (zSecret) {
		wipe(zSecret);
		free(zSecret);
	}
	curl_slist_free_all(hdrs);
	free(zUrl);
	return rc;
}

rd_status net_post_form(const struct rd_config *cfg,
			enum rd_provider_kind kind, const char *path,
			const char *form, struct net_response *resp,
			struct rd_err *err)
{
	const struct rd_provider_cfg *pc;
	struct curl_slist *hdrs = NULL;
	char *zUrl = NULL;
	rd_status rc;

	memset(resp, 0, sizeof *resp);
	rc = provider_of(cfg, kind, &pc, err);
	if (rc != RD_OK)
		return rc;
	zUrl = join_url(pc->base_url, path);
	hdrs = curl_slist_append(hdrs, "Content-Type: "
				       "application/x-www-form-urlencoded;"
				       "charset=UTF-8");
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (!zUrl || !hdrs) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	rc = http_perform(cfg, pc, zUrl, "POST", form, strlen(form), hdrs,
			  max_answer(cfg), resp, err);
	if (rc == RD_OK)
		rc = parse_object("POST", zUrl, resp, err);
done:
	curl_slist_free_all(hdrs);
	free(zUrl);
	return rc;
}

rd_status net_fetch(const struct rd_config *cfg, enum rd_provider_kind kind,
		    const char *url, const char *header, size_t max,
		    struct net_response *resp, struct rd_err *err)
{
	const struct rd_provider_cfg *pc;
	struct curl_slist *hdrs = NULL;
	rd_status rc;

	memset(resp, 0, sizeof *resp);
	rc = provider_of(cfg, kind, &pc, err);
	if (rc != RD_OK)
		return rc;
	/* A URL from an answer: https only, unless the provider itself is
	 * reached over plain http (a test sandbox on loopback). */
	if (strncmp(url, "https://", 8) &&
	    (strncmp(url, "http://", 7) || strncmp(pc->base_url, "http://", 7)))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("[provider.%s] refused to fetch %.200s: "
				    "not an https URL"),
				  rd_provider_kind_name(kind), url);
	if (header && *header) {
		hdrs = curl_slist_append(hdrs, header);
		if (!hdrs)
			return RD_ERR_NOMEM;
	}
	rc = http_perform(cfg, pc, url, "GET", NULL, 0, hdrs, max, resp, err);
	curl_slist_free_all(hdrs);
	return rc;
}
