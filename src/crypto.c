/*
 * crypto.c — thin wrappers over OpenSSL EVP.
 */
#include "crypto.h"

#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rd_sha256 {
	EVP_MD_CTX *ctx;
};

void rd_hex_encode(const unsigned char *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

struct rd_sha256 *rd_sha256_new(void)
{
	struct rd_sha256 *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
		EVP_MD_CTX_free(h->ctx);
		free(h);
		return NULL;
	}
	return h;
}

void rd_sha256_update(struct rd_sha256 *h, const void *p, size_t n)
{
	EVP_DigestUpdate(h->ctx, p, n);
}

void rd_sha256_final_hex(struct rd_sha256 *h, char out[RD_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	EVP_DigestFinal_ex(h->ctx, md, &n);
	rd_hex_encode(md, n, out);
}

void rd_sha256_reset(struct rd_sha256 *h)
{
	EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL);
}

void rd_sha256_free(struct rd_sha256 **pp)
{
	if (!*pp)
		return;
	EVP_MD_CTX_free((*pp)->ctx);
	free(*pp);
	*pp = NULL;
}

void rd_sha256_hex(const void *p, size_t n, char out[RD_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_Digest(p, n, md, &len, EVP_sha256(), NULL);
	rd_hex_encode(md, len, out);
}

rd_status rd_sha256_file(const char *path, char out[RD_SHA256_HEX],
			 int64_t *size, struct rd_err *err)
{
	unsigned char chunk[65536];
	struct rd_sha256 *h;
	int64_t total = 0;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rd_err_set(err, RD_ERR_IO, _("%s: cannot open: %s"), path,
				  strerror(errno));
	h = rd_sha256_new();
	if (!h) {
		close(fd);
		return RD_ERR_NOMEM;
	}
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		rd_sha256_update(h, chunk, (size_t)n);
		total += n;
	}
	close(fd);
	if (n < 0) {
		rd_sha256_free(&h);
		return rd_err_set(err, RD_ERR_IO, _("%s: read error: %s"), path,
				  strerror(errno));
	}
	rd_sha256_final_hex(h, out);
	rd_sha256_free(&h);
	if (size)
		*size = total;
	return RD_OK;
}

void rd_hmac_sha256_hex(const void *key, size_t nkey, const void *msg,
			size_t nmsg, char out[RD_SHA256_HEX])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	HMAC(EVP_sha256(), key, (int)nkey, msg, nmsg, md, &len);
	rd_hex_encode(md, len, out);
}

rd_status rd_random_bytes(void *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1)
		return RD_ERR_INTERNAL;
	return RD_OK;
}

rd_status rd_uuid4(char out[37])
{
	unsigned char b[16];
	char hex[33];

	if (rd_random_bytes(b, sizeof b) != RD_OK)
		return RD_ERR_INTERNAL;
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	rd_hex_encode(b, sizeof b, hex);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
		 hex + 16, hex + 20);
	return RD_OK;
}

int rd_memeq_ct(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n);
}

void rd_md5(const void *p, size_t n, unsigned char out[16])
{
	unsigned int nmd = 0;

	EVP_Digest(p, n, out, &nmd, EVP_md5(), NULL);
}

rd_status rd_base64_encode(const void *p, size_t n, char **out)
{
	size_t nOut = 4 * ((n + 2) / 3) + 1;
	char *z = malloc(nOut);

	*out = NULL;
	if (!z)
		return RD_ERR_NOMEM;
	EVP_EncodeBlock((unsigned char *)z, p, (int)n);
	*out = z;
	return RD_OK;
}

rd_status rd_base64_decode(const char *in, size_t n, size_t max,
			   unsigned char **out, size_t *nout)
{
	EVP_ENCODE_CTX *ctx = NULL;
	unsigned char *buf = NULL;
	size_t nData = 0;
	int len = 0, fin = 0;
	rd_status rc = RD_OK;

	*out = NULL;
	*nout = 0;
	for (size_t i = 0; i < n; i++)
		if (in[i] != '\n' && in[i] != '\r')
			nData++;
	if (nData % 4 || n > INT32_MAX)
		return RD_ERR_INVALID;
	if (nData / 4 * 3 > max + 2)
		return RD_ERR_LIMIT;
	buf = malloc(nData / 4 * 3 + 1);
	ctx = EVP_ENCODE_CTX_new();
	if (!buf || !ctx) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	EVP_DecodeInit(ctx);
	if (EVP_DecodeUpdate(ctx, buf, &len, (const unsigned char *)in,
			     (int)n) < 0 ||
	    EVP_DecodeFinal(ctx, buf + len, &fin) != 1) {
		rc = RD_ERR_INVALID;
		goto done;
	}
	if ((size_t)(len + fin) > max) {
		rc = RD_ERR_LIMIT;
		goto done;
	}
	*out = buf;
	*nout = (size_t)(len + fin);
	buf = NULL;
done:
	EVP_ENCODE_CTX_free(ctx);
	free(buf);
	return rc;
}
