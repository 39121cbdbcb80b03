/*
 * crypto.h — hashes, HMAC and randomness on OpenSSL (EVP), in one place.
 */
#ifndef RD_CRYPTO_H
#define RD_CRYPTO_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define RD_SHA256_LEN 32
#define RD_SHA256_HEX 65 /* 64 hex digits + NUL */

/* Incremental SHA-256. rd_sha256_new() returns NULL when out of memory;
 * rd_sha256_free() sets *pp to NULL. */
struct rd_sha256;
struct rd_sha256 *rd_sha256_new(void);
void rd_sha256_update(struct rd_sha256 *h, const void *p, size_t n);
/* Finish into hex (lowercase, NUL-terminated). The context can be reused
 * after rd_sha256_reset(). */
void rd_sha256_final_hex(struct rd_sha256 *h, char out[RD_SHA256_HEX]);
void rd_sha256_reset(struct rd_sha256 *h);
void rd_sha256_free(struct rd_sha256 **pp);

/* One-shot SHA-256 of a buffer, as hex. */
void rd_sha256_hex(const void *p, size_t n, char out[RD_SHA256_HEX]);

/* SHA-256 of a whole file, as hex; *size gets its length (may be NULL). */
rd_status rd_sha256_file(const char *path, char out[RD_SHA256_HEX],
			 int64_t *size, struct rd_err *err);

/* HMAC-SHA256(key, msg) as lowercase hex. */
void rd_hmac_sha256_hex(const void *key, size_t nkey, const void *msg,
			size_t nmsg, char out[RD_SHA256_HEX]);

/* Lowercase hex of n bytes into out (2n+1 bytes). */
void rd_hex_encode(const unsigned char *p, size_t n, char *out);

/* Cryptographically strong random bytes. */
rd_status rd_random_bytes(void *p, size_t n);

/* A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx". */
rd_status rd_uuid4(char out[37]);

/* MD5 of a buffer (16 bytes). Only for vendor protocols that demand it
 * (the SF Express msgDigest); never for anything radesk itself trusts. */
void rd_md5(const void *p, size_t n, unsigned char out[16]);

/* Standard Base64 with padding of n bytes into a malloc'd NUL-terminated
 * string (*out, caller frees). RD_ERR_NOMEM when out of memory. */
rd_status rd_base64_encode(const void *p, size_t n, char **out);

/*
 * Decode standard Base64 (padding required, line breaks allowed) of at
 * most max decoded bytes into a malloc'd buffer (*out, caller frees;
 * *nout its length). RD_ERR_INVALID for a character outside the
 * alphabet or a bad length, RD_ERR_LIMIT when the result would exceed
 * max.
 */
rd_status rd_base64_decode(const char *in, size_t n, size_t max,
			   unsigned char **out, size_t *nout);

/* Constant-time comparison of two equal-length buffers (0 = equal). */
int rd_memeq_ct(const void *a, const void *b, size_t n);

#endif
