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
