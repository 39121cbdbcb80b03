/*
 * request.c — portal request files, radesk-request/1, on jansson.
 */
#include "ingest/request.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "crypto.h"
#include "fsutil.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define REQ_MAX_STR 2048

/* Split "<digits>-<kind>-<n>.json"; 1 when it has that shape. */
static int split_name(const char *base, char *zApp, size_t nApp, char *zKind,
		      size_t nKind, int64_t *seq)
{
	const char *d1 = strchr(base, '-'), *d2, *dot;
	size_t n;
	int64_t v = 0;

	if (!d1)
		return 0;
	d2 = strchr(d1 + 1, '-');
	if (!d2)
		return 0;
	dot = strrchr(base, '.');
	if (!dot || strcmp(dot, ".json") != 0 || dot <= d2 + 1)
		return 0;
	n = (size_t)(d1 - base);
	if (n < 8 || n > 32 || n >= nApp)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (base[i] < '0' || base[i] > '9')
			return 0;
	memcpy(zApp, base, n);
	zApp[n] = '\0';
	n = (size_t)(d2 - d1 - 1);
	if (n >= nKind)
		return 0;
	memcpy(zKind, d1 + 1, n);
	zKind[n] = '\0';
	if (strcmp(zKind, "cancel") != 0 && strcmp(zKind, "refund") != 0)
		return 0;
	if (dot - d2 - 1 > 9 || d2[1] == '0')
		return 0;
	for (const char *c = d2 + 1; c < dot; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		v = v * 10 + (*c - '0');
	}
	*seq = v;
	return v >= 1;
}

int ingest_is_request_name(const char *base)
{
	char zApp[40], zKind[16];
	int64_t seq;

	return base && split_name(base, zApp, sizeof zApp, zKind, sizeof zKind,
				  &seq);
}

static rd_status bad(struct rd_err *err, const char *zKey, const char *zWhat)
{
	return rd_err_set(err, RD_ERR_INVALID, _("request: %s: %s"), zKey,
			  zWhat);
}

static rd_status get_str(json_t *o, const char *zPath, const char *zKey,
			 int required, char **out, struct rd_err *err)
{
	json_t *v = json_object_get(o, zKey);
	char zFull[64];
	const char *z;
	size_t n;

	snprintf(zFull, sizeof zFull, "%s%s%s", zPath, *zPath ? "." : "", zKey);
	*out = NULL;
	if (!v || json_is_null(v))
		return required ? bad(err, zFull, _("required key is missing"))
				: RD_OK;
	if (!json_is_string(v))
		return bad(err, zFull, _("must be a string"));
	z = json_string_value(v);
	n = json_string_length(v);
	if (n != strlen(z))
		return bad(err, zFull, _("contains a NUL character"));
	if (n > REQ_MAX_STR)
		return bad(err, zFull, _("is too long"));
	if (required && n == 0)
		return bad(err, zFull, _("must not be empty"));
	*out = strdup(z);
	if (!*out)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	return RD_OK;
}

static rd_status parse(struct ingest_request *r, const char *zApp,
		       const char *zKind, int64_t now, struct rd_err *err)
{
	json_error_t jerr;
	json_t *root, *ref, *amt;
	char *zFormat = NULL;
	struct rd_err e2;
	rd_status rc;
	size_t n;

	root = json_loads(r->json, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("request: not valid JSON at line %d, column "
				    "%d: %s"),
				  jerr.line, jerr.column, jerr.text);
	if (!json_is_object(root)) {
		rc = bad(err, "(top level)", _("must be a JSON object"));
		goto done;
	}
	if ((rc = get_str(root, "", "format", 1, &zFormat, err)) != RD_OK)
		goto done;
	if (strcmp(zFormat, INGEST_REQUEST_FORMAT) != 0) {
		rc = bad(err, "format",
			 _("unknown request format (this radesk reads "
			   "radesk-request/1)"));
		goto done;
	}
	if ((rc = get_str(root, "", "app_no", 1, &r->app_no, err)) != RD_OK)
		goto done;
	n = strlen(r->app_no);
	if (n < 8 || n > 32 || strspn(r->app_no, "0123456789") != n) {
		rc = bad(err, "app_no", _("must be 8 to 32 digits"));
		goto done;
	}
	if (strcmp(r->app_no, zApp) != 0) {
		rc = bad(err, "app_no", _("differs from the file name"));
		goto done;
	}
	if ((rc = get_str(root, "", "kind", 1, &r->kind, err)) != RD_OK)
		goto done;
	if (strcmp(r->kind, "cancel") != 0 && strcmp(r->kind, "refund") != 0) {
		rc = bad(err, "kind", _("must be one of cancel, refund"));
		goto done;
	}
	if (strcmp(r->kind, zKind) != 0) {
		rc = bad(err, "kind", _("differs from the file name"));
		goto done;
	}
	if ((rc = get_str(root, "", "requested_at", 1, &r->requested_at_text,
			  err)) != RD_OK)
		goto done;
	if (rd_time_parse_rfc3339(r->requested_at_text, &r->requested_at, &e2) !=
	    RD_OK) {
		rc = bad(err, "requested_at",
			 _("is not an RFC 3339 time such as "
			   "2026-11-20T09:31:02+08:00"));
		goto done;
	}
	if (r->requested_at > now + 5 * 60) {
		rc = bad(err, "requested_at",
			 _("is more than 5 minutes in the future"));
		goto done;
	}
	if ((rc = get_str(root, "", "reason", 0, &r->reason, err)) != RD_OK)
		goto done;
	if (!r->reason && !(r->reason = strdup(""))) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	ref = json_object_get(root, "refund");
	if (ref && json_is_null(ref))
		ref = NULL;
	if (!strcmp(r->kind, "cancel")) {
		if (ref)
			rc = bad(err, "refund",
				 _("is only for a refund request"));
		goto done;
	}
	if (!ref) {
		rc = bad(err, "refund", _("required key is missing"));
		goto done;
	}
	if (!json_is_object(ref)) {
		rc = bad(err, "refund", _("must be a JSON object"));
		goto done;
	}
	r->has_refund = 1;
	amt = json_object_get(ref, "amount_fen");
	if (!amt) {
		rc = bad(err, "refund.amount_fen", _("required key is missing"));
		goto done;
	}
	if (!json_is_integer(amt)) {
		rc = bad(err, "refund.amount_fen", _("must be an integer"));
		goto done;
	}
	if (json_integer_value(amt) < 1 ||
	    json_integer_value(amt) > INT64_MAX / 4096) {
		rc = bad(err, "refund.amount_fen", _("is out of range"));
		goto done;
	}
	r->refund_amount_fen = json_integer_value(amt);
	if ((rc = get_str(ref, "refund", "route", 1, &r->refund_route, err)) !=
	    RD_OK)
		goto done;
	if (strcmp(r->refund_route, "original") != 0 &&
	    strcmp(r->refund_route, "bank") != 0) {
		rc = bad(err, "refund.route", _("must be one of original, bank"));
		goto done;
	}
	if ((rc = get_str(ref, "refund", "account",
			  !strcmp(r->refund_route, "bank"), &r->refund_account,
			  err)) != RD_OK)
		goto done;
done:
	free(zFormat);
	json_decref(root);
	return rc;
}

rd_status ingest_request_read(const char *path, int64_t max_bytes,
			      int64_t now, struct ingest_request **out,
			      struct rd_err *err)
{
	struct ingest_request *r;
	const char *zBase = strrchr(path, '/');
	char zApp[40], zKind[16];
	struct stat sb;
	size_t len = 0;
	rd_status rc;

	*out = NULL;
	zBase = zBase ? zBase + 1 : path;
	if (stat(path, &sb) != 0)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND : RD_ERR_IO,
				  _("cannot read %s: %s"), path, strerror(errno));
	r = calloc(1, sizeof *r);
	if (!r)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	r->file_name = strdup(zBase);
	if (!r->file_name) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	if (!split_name(zBase, zApp, sizeof zApp, zKind, sizeof zKind, &r->seq)) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("request: the file name is not "
				  "<app_no>-<cancel|refund>-<n>.json"));
		goto done;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_size > max_bytes) {
		rc = rd_err_set(err, RD_ERR_LIMIT,
				_("request: the file is %lld bytes, more than the "
				  "limit of %lld"),
				(long long)sb.st_size, (long long)max_bytes);
		goto done;
	}
	rc = rd_read_file(path, (size_t)max_bytes, &r->json, &len, err);
	if (rc != RD_OK)
		goto done;
	rd_sha256_hex(r->json, len, r->sha256);
	if (strlen(r->json) != len || !rd_text_utf8_valid(r->json, len)) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("request: the file is not UTF-8 text"));
		goto done;
	}
	rc = parse(r, zApp, zKind, now, err);
done:
	if (rc == RD_OK)
		*out = r;
	else
		ingest_request_free(&r);
	return rc;
}

void ingest_request_free(struct ingest_request **pp)
{
	struct ingest_request *r;

	if (!pp || !*pp)
		return;
	r = *pp;
	free(r->file_name);
	free(r->json);
	free(r->app_no);
	free(r->kind);
	free(r->requested_at_text);
	free(r->reason);
	free(r->refund_route);
	free(r->refund_account);
	free(r);
	*pp = NULL;
}
