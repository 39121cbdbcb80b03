/*
 * sign.c — HMAC-SHA256 request signature (providers-v1.md).
 */
#include "net/sign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status net_sign_canonical(const char *method, const char *path,
			     int64_t ts, const void *body, size_t nbody,
			     char **out)
{
	char zBodyHash[RD_SHA256_HEX];
	size_t n;
	char *z;

	*out = NULL;
	if (!method || !path)
		return RD_ERR_INVALID;
	rd_sha256_hex(body ? body : "", body ? nbody : 0, zBodyHash);
	n = strlen(method) + strlen(path) + 24 + RD_SHA256_HEX + 4;
	z = malloc(n);
	if (!z)
		return RD_ERR_NOMEM;
	snprintf(z, n, "%s\n%s\n%" PRId64 "\n%s", method, path, ts, zBodyHash);
	*out = z;
	return RD_OK;
}

void net_idem_uuid(const char *key, char out[37])
{
	char zHex[RD_SHA256_HEX];
	unsigned char b[16];
	char z[33];

	rd_sha256_hex(key ? key : "", key ? strlen(key) : 0, zHex);
	for (int i = 0; i < 16; i++) {
		unsigned v = 0;

		sscanf(zHex + 2 * i, "%2x", &v);
		b[i] = (unsigned char)v;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x80);   /* version 8 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);   /* RFC variant */
	rd_hex_encode(b, 16, z);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", z, z + 8, z + 12,
		 z + 16, z + 20);
}

rd_status net_sign(const void *secret, size_t nsecret, const char *method,
		   const char *path, int64_t ts, const void *body,
		   size_t nbody, char out[RD_SHA256_HEX])
{
	char *zCanon = NULL;
	rd_status rc;

	out[0] = '\0';
	rc = net_sign_canonical(method, path, ts, body, nbody, &zCanon);
	if (rc != RD_OK)
		return rc;
	rd_hmac_sha256_hex(secret, nsecret, zCanon, strlen(zCanon), out);
	free(zCanon);
	return RD_OK;
}
