/*
 * sign.h — the request signature of providers-v1.md.
 *
 *   X-Radesk-Signature = hex(HMAC-SHA256(secret,
 *       METHOD "\n" PATH "\n" TIMESTAMP "\n" hex(SHA256(body))))
 *
 * PATH is the endpoint path of the spec ("/v1/telecom/verify"), without
 * the base URL and without a query string; TIMESTAMP is the decimal unix
 * time sent in X-Radesk-Timestamp; an absent body hashes as "".
 */
#ifndef RD_NET_SIGN_H
#define RD_NET_SIGN_H

#include "core/err.h"
#include "crypto.h"

#include <stddef.h>
#include <stdint.h>

/*
 * Build the canonical string into a malloc'd buffer (*out, caller frees).
 * Exposed so tests and the sandbox documentation can show it.
 */
rd_status net_sign_canonical(const char *method, const char *path,
			     int64_t ts, const void *body, size_t nbody,
			     char **out);

/*
 * Sign: out receives the lowercase hex signature. The secret is borrowed
 * and never copied or logged.
 */
rd_status net_sign(const void *secret, size_t nsecret, const char *method,
		   const char *path, int64_t ts, const void *body,
		   size_t nbody, char out[RD_SHA256_HEX]);

/*
 * The Idempotency-Key header for a job's key ("telecom:A1:v1:handler"):
 * the spec wants a UUID, one per logical operation, kept across retries.
 * It is the first 16 bytes of SHA-256(key) with the version (8, RFC 9562
 * custom) and variant bits set, so every retry and every worker sends
 * the same UUID for the same job key.
 */
void net_idem_uuid(const char *key, char out[37]);

#endif
