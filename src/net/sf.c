/*
 * sf.c — SF Express signing, form encoding and answers (see sf.h).
 */
#include "net/sf.h"

#include "core/text.h"
#include "crypto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status sf_urlencode(const char *z, char **out)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = z ? strlen(z) : 0, k = 0;
	char *w = malloc(3 * n + 1);

	*out = NULL;
	if (!w)
		return RD_ERR_NOMEM;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)z[i];

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == '*' || c == '_') {
			w[k++] = (char)c;
		} else if (c == ' ') {
			w[k++] = '+';
		} else {
			w[k++] = '%';
			w[k++] = hex[c >> 4];
			w[k++] = hex[c & 15];
		}
	}
	w[k] = '\0';
	*out = w;
	return RD_OK;
}

rd_status sf_msg_digest(const char *msg_data, const char *timestamp,
			const char *check_word, char out[SF_DIGEST_LEN])
{
	size_t n = strlen(msg_data) + strlen(timestamp) + strlen(check_word);
	char *zText = malloc(n + 1), *zEnc = NULL, *zB64 = NULL;
	unsigned char md[16];
	rd_status rc;

	out[0] = '\0';
	if (!zText)
		return RD_ERR_NOMEM;
	snprintf(zText, n + 1, "%s%s%s", msg_data, timestamp, check_word);
	rc = sf_urlencode(zText, &zEnc);
	/* The text holds the checkWord: wipe it. */
	memset(zText, 0, n);
	free(zText);
	if (rc != RD_OK)
		return rc;
	rd_md5(zEnc, strlen(zEnc), md);
	memset(zEnc, 0, strlen(zEnc));
	free(zEnc);
	rc = rd_base64_encode(md, sizeof md, &zB64);
	if (rc != RD_OK)
		return rc;
	snprintf(out, SF_DIGEST_LEN, "%s", zB64);
	free(zB64);
	return RD_OK;
}

rd_status sf_form(const char *partner_id, const char *request_id,
		  const char *service_code, const char *timestamp,
		  const char *msg_data, const char *check_word, char **out)
{
	const char *aName[] = { "partnerID", "requestID", "serviceCode",
				"timestamp", "msgDigest", "msgData" };
	char zDigest[SF_DIGEST_LEN];
	const char *aValue[6];
	char *aEnc[6] = { 0 };
	size_t n = 0;
	rd_status rc;

	*out = NULL;
	rc = sf_msg_digest(msg_data, timestamp, check_word, zDigest);
	if (rc != RD_OK)
		return rc;
	aValue[0] = partner_id;
	aValue[1] = request_id;
	aValue[2] = service_code;
	aValue[3] = timestamp;
	aValue[4] = zDigest;
	aValue[5] = msg_data;
	for (int i = 0; i < 6 && rc == RD_OK; i++) {
		rc = sf_urlencode(aValue[i], &aEnc[i]);
		if (rc == RD_OK)
			n += strlen(aName[i]) + strlen(aEnc[i]) + 2;
	}
	if (rc == RD_OK) {
		char *w = malloc(n + 1);
		size_t k = 0;

		if (!w)
			rc = RD_ERR_NOMEM;
		for (int i = 0; w && i < 6; i++)
			k += (size_t)snprintf(w + k, n + 1 - k, "%s%s=%s",
					      i ? "&" : "", aName[i], aEnc[i]);
		*out = w;
	}
	for (int i = 0; i < 6; i++)
		free(aEnc[i]);
	return rc;
}

rd_status sf_parse_answer(json_t *answer, char *code, size_t ncode,
			  json_t **data)
{
	json_t *v = json_object_get(answer, "apiResultCode");
	json_t *d;

	*data = NULL;
	rd_text_sanitize(json_is_string(v) ? json_string_value(v) : "", code,
			 ncode);
	if (strcmp(code, "A1000"))
		return RD_OK;
	v = json_object_get(answer, "apiResultData");
	d = json_is_string(v) ? json_loads(json_string_value(v), 0, NULL)
			      : NULL;
	if (!json_is_object(d)) {
		json_decref(d);
		return RD_ERR_PROTO;
	}
	*data = d;
	return RD_OK;
}

int sf_code_is_transient(const char *code)
{
	return strcmp(code, "A1001") != 0;
}
