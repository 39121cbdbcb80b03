/*
 * manifest.c — manifest.json, format 1, on jansson.
 *
 * Each getter takes the JSON object, the path of that object ("handler",
 * "files[2]") and a key, so every error names the full manifest path.
 */
#include "ingest/manifest.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "core/uname.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Equal as written or after Unicode NFC. */
static int same_nfc(const char *a, const char *b)
{
	char *x = NULL, *y = NULL;
	int same = !strcmp(a, b);

	if (!same && rd_uname_nfc(a, &x) == RD_OK && rd_uname_nfc(b, &y) == RD_OK)
		same = !strcmp(x, y);
	free(x);
	free(y);
	return same;
}

/* Longest string value accepted in any field (addresses, names, ...). */
#define MAN_MAX_STR 2048

static const char *const role_names[INGEST_ROLE_COUNT] = {
	"application_form", "business_license", "id_front", "id_back", "other",
};

static const char *const role_labels[INGEST_ROLE_COUNT] = {
	N_("Application form"), N_("Business licence"), N_("ID card front"),
	N_("ID card back"), N_("Other"),
};

const char *ingest_role_name(enum ingest_file_role r)
{
	return (unsigned)r < INGEST_ROLE_COUNT ? role_names[r] : "?";
}

const char *ingest_role_label(enum ingest_file_role r)
{
	return (unsigned)r < INGEST_ROLE_COUNT ? _(role_labels[r]) : "?";
}

/* "handler" + "id_no" -> "handler.id_no"; "" + "app_no" -> "app_no". */
static void join_path(char *out, size_t n, const char *zObj, const char *zKey)
{
	if (zObj && *zObj)
		snprintf(out, n, "%s.%s", zObj, zKey);
	else
		snprintf(out, n, "%s", zKey);
}

static rd_status bad(struct rd_err *err, const char *zObj, const char *zKey,
		     const char *zWhat)
{
	char zPath[128];

	join_path(zPath, sizeof zPath, zObj, zKey);
	return rd_err_set(err, RD_ERR_INVALID, _("manifest: %s: %s"), zPath,
			  zWhat);
}

/* Required or optional member of an object; *out NULL when absent. */
static rd_status get_member(json_t *obj, const char *zObj, const char *zKey,
			    int required, json_t **out, struct rd_err *err)
{
	json_t *v = json_object_get(obj, zKey);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return bad(err, zObj, zKey, _("required key is missing"));
		return RD_OK;
	}
	*out = v;
	return RD_OK;
}

static rd_status get_obj(json_t *obj, const char *zObj, const char *zKey,
			 int required, json_t **out, struct rd_err *err)
{
	rd_status rc = get_member(obj, zObj, zKey, required, out, err);

	if (rc == RD_OK && *out && !json_is_object(*out))
		return bad(err, zObj, zKey, _("must be a JSON object"));
	return rc;
}

/* A string: required ones must not be empty. Copied into *out. */
static rd_status get_str(json_t *obj, const char *zObj, const char *zKey,
			 int required, char **out, struct rd_err *err)
{
	json_t *v;
	rd_status rc = get_member(obj, zObj, zKey, required, &v, err);
	const char *z;
	size_t n;

	*out = NULL;
	if (rc != RD_OK || !v)
		return rc;
	if (!json_is_string(v))
		return bad(err, zObj, zKey, _("must be a string"));
	z = json_string_value(v);
	n = json_string_length(v);
	if (n != strlen(z))
		return bad(err, zObj, zKey, _("contains a NUL character"));
	if (n > MAN_MAX_STR)
		return bad(err, zObj, zKey, _("is too long"));
	if (required && n == 0)
		return bad(err, zObj, zKey, _("must not be empty"));
	if (!rd_text_utf8_valid(z, n))
		return bad(err, zObj, zKey, _("is not valid UTF-8"));
	*out = strdup(z);
	if (!*out)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	return RD_OK;
}

/* A string from a fixed list. */
static rd_status get_enum(json_t *obj, const char *zObj, const char *zKey,
			  int required, const char *const *aName, char **out,
			  struct rd_err *err)
{
	rd_status rc = get_str(obj, zObj, zKey, required, out, err);
	char zMsg[256];
	size_t len = 0;

	if (rc != RD_OK || !*out)
		return rc;
	for (int i = 0; aName[i]; i++)
		if (!strcmp(aName[i], *out))
			return RD_OK;
	free(*out);
	*out = NULL;
	zMsg[0] = '\0';
	for (int i = 0; aName[i]; i++)
		len += (size_t)snprintf(zMsg + len, sizeof zMsg - len, "%s%s",
					i ? ", " : "", aName[i]);
	{
		char zWhat[320];

		snprintf(zWhat, sizeof zWhat, _("must be one of %s"), zMsg);
		return bad(err, zObj, zKey, zWhat);
	}
}

static rd_status get_int(json_t *obj, const char *zObj, const char *zKey,
			 int required, int64_t lo, int64_t hi, int *present,
			 int64_t *out, struct rd_err *err)
{
	json_t *v;
	rd_status rc = get_member(obj, zObj, zKey, required, &v, err);

	if (present)
		*present = 0;
	if (rc != RD_OK || !v)
		return rc;
	if (!json_is_integer(v))
		return bad(err, zObj, zKey, _("must be an integer"));
	if (json_integer_value(v) < lo || json_integer_value(v) > hi)
		return bad(err, zObj, zKey, _("is out of range"));
	*out = json_integer_value(v);
	if (present)
		*present = 1;
	return RD_OK;
}

static rd_status get_bool(json_t *obj, const char *zObj, const char *zKey,
			  int required, int *out, struct rd_err *err)
{
	json_t *v;
	rd_status rc = get_member(obj, zObj, zKey, required, &v, err);

	if (rc != RD_OK || !v)
		return rc;
	if (!json_is_boolean(v))
		return bad(err, zObj, zKey, _("must be true or false"));
	*out = json_is_true(v);
	return RD_OK;
}

static rd_status get_time(json_t *obj, const char *zObj, const char *zKey,
			  int required, char **zText, int *present,
			  int64_t *out, struct rd_err *err)
{
	char *z = NULL;
	rd_status rc = get_str(obj, zObj, zKey, required, &z, err);
	struct rd_err e2;

	if (present)
		*present = 0;
	if (rc != RD_OK || !z)
		goto done;
	if (rd_time_parse_rfc3339(z, out, &e2) != RD_OK) {
		rc = bad(err, zObj, zKey,
			 _("is not an RFC 3339 time such as "
			   "2026-11-20T09:31:02+08:00"));
		goto done;
	}
	if (present)
		*present = 1;
	if (zText) {
		*zText = z;
		z = NULL;
	}
done:
	free(z);
	return rc;
}

static rd_status parse_person(json_t *root, const char *zKey, int required,
			      int *present, struct ingest_person *p,
			      struct rd_err *err)
{
	json_t *o;
	rd_status rc = get_obj(root, "", zKey, required, &o, err);

	if (present)
		*present = 0;
	if (rc != RD_OK || !o)
		return rc;
	if (present)
		*present = 1;
	if ((rc = get_str(o, zKey, "name", 1, &p->name, err)) != RD_OK ||
	    (rc = get_str(o, zKey, "id_type", 1, &p->id_type, err)) != RD_OK ||
	    (rc = get_str(o, zKey, "id_no", 1, &p->id_no, err)) != RD_OK ||
	    (rc = get_str(o, zKey, "mobile", 1, &p->mobile, err)) != RD_OK ||
	    (rc = get_str(o, zKey, "email", 0, &p->email, err)) != RD_OK ||
	    (rc = get_str(o, zKey, "position", 0, &p->position, err)) != RD_OK)
		return rc;
	return RD_OK;
}

static rd_status parse_one_transfer(json_t *x, const char *zObj,
				    struct ingest_transfer *t,
				    struct rd_err *err)
{
	int y, mo, d;
	rd_status rc;

	if (!json_is_object(x))
		return bad(err, "", zObj, _("must be a JSON object"));
	if ((rc = get_str(x, zObj, "payer_account", 1, &t->payer_account,
			  err)) != RD_OK ||
	    (rc = get_str(x, zObj, "payer_name", 1, &t->payer_name, err)) !=
		    RD_OK ||
	    (rc = get_int(x, zObj, "amount_fen", 1, 0, INT64_MAX / 4096, NULL,
			  &t->amount_fen, err)) != RD_OK ||
	    (rc = get_str(x, zObj, "date", 1, &t->date, err)) != RD_OK ||
	    (rc = get_str(x, zObj, "memo", 0, &t->memo, err)) != RD_OK)
		return rc;
	if (rd_time_parse_date(t->date, &y, &mo, &d) != RD_OK)
		return bad(err, zObj, "date", _("must be a date YYYY-MM-DD"));
	return RD_OK;
}

/*
 * payment.transfer (one object, revision 1) or payment.transfers (an
 * array, revision 2), never both; required for a transfer payment. The
 * first transfer also fills the revision-1 fields.
 */
static rd_status parse_transfers(json_t *o, int online,
				 struct ingest_manifest *m, struct rd_err *err)
{
	json_t *one, *arr;
	size_t n;
	rd_status rc;

	if ((rc = get_obj(o, "payment", "transfer", 0, &one, err)) != RD_OK ||
	    (rc = get_member(o, "payment", "transfers", 0, &arr, err)) != RD_OK)
		return rc;
	if (one && arr)
		return bad(err, "payment", "transfers",
			   _("is given together with payment.transfer"));
	if (arr && !json_is_array(arr))
		return bad(err, "payment", "transfers", _("must be a JSON array"));
	n = one ? 1 : arr ? json_array_size(arr) : 0;
	if (!online && n == 0)
		return bad(err, "payment", arr ? "transfers" : "transfer",
			   arr ? _("must list at least one transfer")
			       : _("required key is missing"));
	if (n > 32)
		return bad(err, "payment", "transfers",
			   _("lists too many transfers"));
	if (n == 0)
		return RD_OK;
	m->pay.aXfer = calloc(n, sizeof *m->pay.aXfer);
	if (!m->pay.aXfer)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	m->pay.xfer_amount_fen = 0;
	for (size_t i = 0; i < n; i++) {
		char zObj[40];

		m->pay.nXfer = i + 1;
		if (one)
			snprintf(zObj, sizeof zObj, "payment.transfer");
		else
			snprintf(zObj, sizeof zObj, "payment.transfers[%zu]", i);
		rc = parse_one_transfer(one ? one : json_array_get(arr, i), zObj,
					&m->pay.aXfer[i], err);
		if (rc != RD_OK)
			return rc;
		m->pay.xfer_amount_fen += m->pay.aXfer[i].amount_fen;
	}
	m->pay.has_transfer = 1;
	if (!(m->pay.payer_account = strdup(m->pay.aXfer[0].payer_account)) ||
	    !(m->pay.payer_name = strdup(m->pay.aXfer[0].payer_name)) ||
	    !(m->pay.date = strdup(m->pay.aXfer[0].date)))
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	return RD_OK;
}

static int is_hex64(const char *z)
{
	size_t i;

	for (i = 0; z[i]; i++)
		if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f') ||
		      (z[i] >= 'A' && z[i] <= 'F')))
			return 0;
	return i == 64;
}

/* app_no, order_no, related_app_no: 8-32 ASCII digits (revision 2). */
static int digits_8_32(const char *z)
{
	size_t i;

	for (i = 0; z[i]; i++)
		if (!(z[i] >= '0' && z[i] <= '9'))
			return 0;
	return i >= 8 && i <= 32;
}

static rd_status parse_files(json_t *root, struct ingest_manifest *m,
			     struct rd_err *err)
{
	static const char *const roles[] = {
		"application_form", "business_license", "id_front", "id_back",
		"other", NULL,
	};
	json_t *arr;
	rd_status rc = get_member(root, "", "files", 1, &arr, err);
	char zObj[32];
	size_t n;

	if (rc != RD_OK)
		return rc;
	if (!json_is_array(arr))
		return bad(err, "", "files", _("must be a JSON array"));
	n = json_array_size(arr);
	if (n > INGEST_MAX_FILES)
		return bad(err, "", "files", _("lists too many files"));
	m->aFile = calloc(n ? n : 1, sizeof *m->aFile);
	if (!m->aFile)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	for (size_t i = 0; i < n; i++) {
		struct ingest_file_entry *f = &m->aFile[i];
		json_t *o = json_array_get(arr, i);
		char *zRole = NULL, *zSha = NULL;

		m->nFile = i + 1;
		snprintf(zObj, sizeof zObj, "files[%zu]", i);
		if (!json_is_object(o))
			return bad(err, "", zObj, _("must be a JSON object"));
		rc = get_enum(o, zObj, "role", 1, roles, &zRole, err);
		if (rc != RD_OK)
			return rc;
		for (int r = 0; r < INGEST_ROLE_COUNT; r++)
			if (!strcmp(zRole, role_names[r]))
				f->role = (enum ingest_file_role)r;
		free(zRole);
		rc = get_str(o, zObj, "path", 1, &f->path, err);
		if (rc != RD_OK)
			return rc;
		if (strncmp(f->path, "files/", 6) != 0 || !f->path[6] ||
		    f->path[strlen(f->path) - 1] == '/')
			return bad(err, zObj, "path",
				   _("must name a file under files/"));
		for (size_t k = 0; k < i; k++)
			if (same_nfc(m->aFile[k].path, f->path))
				return bad(err, zObj, "path",
					   _("lists the same file twice"));
		rc = get_str(o, zObj, "sha256", 1, &zSha, err);
		if (rc != RD_OK)
			return rc;
		if (!is_hex64(zSha)) {
			free(zSha);
			return bad(err, zObj, "sha256",
				   _("must be 64 hexadecimal digits"));
		}
		for (int k = 0; k < 64; k++)
			f->sha256[k] = (zSha[k] >= 'A' && zSha[k] <= 'F')
				? (char)(zSha[k] - 'A' + 'a') : zSha[k];
		f->sha256[64] = '\0';
		free(zSha);
		rc = get_int(o, zObj, "size", 1, 0, INT64_MAX / 2, NULL, &f->size,
			     err);
		if (rc != RD_OK)
			return rc;
	}
	return RD_OK;
}

/* Scans every replace/new bundle must carry (spec: form, licence, ID). */
static rd_status check_required_files(struct ingest_manifest *m,
				      struct rd_err *err)
{
	static const enum ingest_file_role need[] = {
		INGEST_ROLE_APPLICATION_FORM, INGEST_ROLE_BUSINESS_LICENSE,
		INGEST_ROLE_ID_FRONT, INGEST_ROLE_ID_BACK,
	};

	if (m->type == RD_APP_RENEW)
		return RD_OK;
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
		if (ingest_manifest_find_role(m, need[i]) < 0)
			return rd_err_set(err, RD_ERR_INVALID,
					  _("manifest: files: no %s scan, which "
					    "a '%s' application must carry"),
					  role_names[need[i]],
					  rd_app_type_name(m->type));
	return RD_OK;
}

static rd_status parse_root(json_t *root, struct ingest_manifest *m,
			    struct rd_err *err)
{
	static const char *const types[] = { "replace", "renew", "new", NULL };
	static const char *const holders[] = { "org", "personal", NULL };
	static const char *const algs[] = { "SM2", "RSA", "SM2+RSA", NULL };
	static const char *const methods[] = { "wechat", "alipay", "transfer",
					       NULL };
	static const char *const auth_methods[] = { "bank_deposit", "sms",
						    NULL };
	static const char *const invoice_kinds[] = { "electronic",
						     "quota_paper", NULL };
	json_t *o, *x;
	char *zType = NULL;
	rd_status rc;
	int online, present;

	if ((rc = get_str(root, "", "format", 1, &m->format, err)) != RD_OK)
		return rc;
	if (strcmp(m->format, INGEST_FORMAT_1) != 0)
		return bad(err, "", "format",
			   _("unknown bundle format (this radesk reads "
			     "radesk-bundle/1)"));
	if ((rc = get_str(root, "", "app_no", 1, &m->app_no, err)) != RD_OK)
		return rc;
	if (!digits_8_32(m->app_no))
		return bad(err, "", "app_no", _("must be 8 to 32 digits"));
	if ((rc = get_str(root, "", "order_no", 0, &m->order_no, err)) != RD_OK)
		return rc;
	if (m->order_no && !digits_8_32(m->order_no))
		return bad(err, "", "order_no", _("must be 8 to 32 digits"));
	if ((rc = get_str(root, "", "related_app_no", 0, &m->related_app_no,
			  err)) != RD_OK)
		return rc;
	if (m->related_app_no && !digits_8_32(m->related_app_no))
		return bad(err, "", "related_app_no",
			   _("must be 8 to 32 digits"));
	if (m->related_app_no && !strcmp(m->related_app_no, m->app_no))
		return bad(err, "", "related_app_no",
			   _("names the application itself"));
	if ((rc = get_int(root, "", "version", 1, 1, 1000000, NULL, &m->version,
			  err)) != RD_OK)
		return rc;
	if ((rc = get_enum(root, "", "type", 1, types, &zType, err)) != RD_OK)
		return rc;
	rd_app_type_from_name(zType, &m->type);
	free(zType);
	if ((rc = get_time(root, "", "submitted_at", 1, &m->submitted_at_text,
			   NULL, &m->submitted_at, err)) != RD_OK)
		return rc;
	if ((rc = get_str(root, "", "channel", 0, &m->channel, err)) != RD_OK)
		return rc;

	/* certificate */
	if ((rc = get_obj(root, "", "certificate", 1, &o, err)) != RD_OK)
		return rc;
	if ((rc = get_str(o, "certificate", "serial", m->type != RD_APP_NEW,
			  &m->cert.serial, err)) != RD_OK ||
	    (rc = get_enum(o, "certificate", "holder", 1, holders,
			   &m->cert.holder, err)) != RD_OK ||
	    (rc = get_enum(o, "certificate", "algorithm", 1, algs,
			   &m->cert.algorithm, err)) != RD_OK ||
	    (rc = get_time(o, "certificate", "not_after",
			   m->type == RD_APP_RENEW, NULL, &m->cert.has_not_after,
			   &m->cert.not_after, err)) != RD_OK ||
	    (rc = get_str(o, "certificate", "subject_cn", 0,
			  &m->cert.subject_cn, err)) != RD_OK)
		return rc;
	if ((rc = get_obj(o, "certificate", "paired", 0, &x, err)) != RD_OK)
		return rc;
	if (x) {
		m->cert.has_paired = 1;
		if ((rc = get_str(x, "certificate.paired", "serial", 1,
				  &m->cert.paired.serial, err)) != RD_OK ||
		    (rc = get_enum(x, "certificate.paired", "algorithm", 1, algs,
				   &m->cert.paired.algorithm, err)) != RD_OK ||
		    (rc = get_time(x, "certificate.paired", "not_after", 0, NULL,
				   &m->cert.paired.has_not_after,
				   &m->cert.paired.not_after, err)) != RD_OK)
			return rc;
	}

	/* organization */
	if ((rc = get_obj(root, "", "organization", 1, &o, err)) != RD_OK)
		return rc;
	if ((rc = get_str(o, "organization", "name", 1, &m->org.name, err)) !=
		    RD_OK ||
	    (rc = get_str(o, "organization", "id_type", 1, &m->org.id_type,
			  err)) != RD_OK ||
	    (rc = get_str(o, "organization", "id_no", 1, &m->org.id_no, err)) !=
		    RD_OK ||
	    (rc = get_str(o, "organization", "province", 0, &m->org.province,
			  err)) != RD_OK ||
	    (rc = get_str(o, "organization", "city", 0, &m->org.city, err)) !=
		    RD_OK ||
	    (rc = get_str(o, "organization", "address", 0, &m->org.address,
			  err)) != RD_OK)
		return rc;

	/* people: the applicant is required for personal certificates */
	if ((rc = parse_person(root, "handler", 1, NULL, &m->handler, err)) !=
	    RD_OK)
		return rc;
	if ((rc = parse_person(root, "applicant",
			       !strcmp(m->cert.holder, "personal"),
			       &m->has_applicant, &m->applicant, err)) != RD_OK)
		return rc;

	/* revision 2: the legal representative, the PIN channel */
	if ((rc = get_obj(root, "", "legal_rep", 0, &o, err)) != RD_OK)
		return rc;
	if (o) {
		m->has_legal_rep = 1;
		if ((rc = get_str(o, "legal_rep", "name", 1, &m->legal_rep.name,
				  err)) != RD_OK ||
		    (rc = get_str(o, "legal_rep", "id_type", 1,
				  &m->legal_rep.id_type, err)) != RD_OK ||
		    (rc = get_str(o, "legal_rep", "id_no", 1, &m->legal_rep.id_no,
				  err)) != RD_OK)
			return rc;
	}
	if ((rc = get_enum(root, "", "auth_method", 0, auth_methods,
			   &m->auth_method, err)) != RD_OK)
		return rc;

	/* payment first: it decides whether financial is required */
	if ((rc = get_obj(root, "", "payment", 1, &o, err)) != RD_OK)
		return rc;
	if ((rc = get_enum(o, "payment", "method", 1, methods, &m->pay.method,
			   err)) != RD_OK ||
	    (rc = get_int(o, "payment", "amount_fen", 1, 0, INT64_MAX / 4, NULL,
			  &m->pay.amount_fen, err)) != RD_OK)
		return rc;
	online = strcmp(m->pay.method, "transfer") != 0;
	if ((rc = get_str(o, "payment", "trade_no", online, &m->pay.trade_no,
			  err)) != RD_OK)
		return rc;
	if ((rc = parse_transfers(o, online, m, err)) != RD_OK)
		return rc;

	if ((rc = get_obj(root, "", "financial", online, &o, err)) != RD_OK)
		return rc;
	if (o) {
		m->has_financial = 1;
		if ((rc = get_str(o, "financial", "account_name", 1,
				  &m->fin.account_name, err)) != RD_OK ||
		    (rc = get_str(o, "financial", "bank", 1, &m->fin.bank, err)) !=
			    RD_OK ||
		    (rc = get_str(o, "financial", "account_no", 1,
				  &m->fin.account_no, err)) != RD_OK)
			return rc;
	}

	if ((rc = get_obj(root, "", "shipping", m->type != RD_APP_RENEW, &o,
			  err)) != RD_OK)
		return rc;
	if (o) {
		m->has_shipping = 1;
		if ((rc = get_str(o, "shipping", "recipient", 1,
				  &m->ship.recipient, err)) != RD_OK ||
		    (rc = get_str(o, "shipping", "mobile", 1, &m->ship.mobile,
				  err)) != RD_OK ||
		    (rc = get_str(o, "shipping", "province", 1,
				  &m->ship.province, err)) != RD_OK ||
		    (rc = get_str(o, "shipping", "city", 1, &m->ship.city, err)) !=
			    RD_OK ||
		    (rc = get_str(o, "shipping", "county", 0, &m->ship.county,
				  err)) != RD_OK ||
		    (rc = get_str(o, "shipping", "address", 1, &m->ship.address,
				  err)) != RD_OK ||
		    (rc = get_str(o, "shipping", "postcode", 0,
				  &m->ship.postcode, err)) != RD_OK)
			return rc;
	}

	if ((rc = get_obj(root, "", "invoice", 0, &o, err)) != RD_OK)
		return rc;
	if (o) {
		m->has_invoice = 1;
		if ((rc = get_bool(o, "invoice", "wanted", 1, &m->invoice.wanted,
				   err)) != RD_OK ||
		    (rc = get_str(o, "invoice", "title", m->invoice.wanted,
				  &m->invoice.title, err)) != RD_OK ||
		    (rc = get_str(o, "invoice", "taxpayer_id", 0,
				  &m->invoice.taxpayer_id, err)) != RD_OK ||
		    (rc = get_enum(o, "invoice", "kind", 0, invoice_kinds,
				   &m->invoice.kind, err)) != RD_OK ||
		    (rc = get_str(o, "invoice", "purpose", 0,
				  &m->invoice.purpose, err)) != RD_OK ||
		    (rc = get_str(o, "invoice", "email", 0, &m->invoice.email,
				  err)) != RD_OK ||
		    (rc = get_str(o, "invoice", "mobile", 0, &m->invoice.mobile,
				  err)) != RD_OK)
			return rc;
	}

	if ((rc = get_obj(root, "", "renewal", m->type == RD_APP_RENEW, &o,
			  err)) != RD_OK)
		return rc;
	if (o && m->type == RD_APP_RENEW) {
		m->has_renewal = 1;
		/* revision 2: years may stand in for months */
		if ((rc = get_int(o, "renewal", "years", 0, 1, 5,
				  &m->renewal.has_years, &m->renewal.years,
				  err)) != RD_OK ||
		    (rc = get_int(o, "renewal", "months", !m->renewal.has_years,
				  1, 120, NULL, &m->renewal.months, err)) !=
			    RD_OK ||
		    (rc = get_bool(o, "renewal", "sync_dual_cert", 0,
				   &m->renewal.sync_dual_cert, err)) != RD_OK ||
		    (rc = get_bool(o, "renewal", "sync_only", 0,
				   &m->renewal.sync_only, err)) != RD_OK)
			return rc;
		if (!m->renewal.months)
			m->renewal.months = m->renewal.years * 12;
	}

	if ((rc = get_obj(root, "", "liveness", 0, &o, err)) != RD_OK)
		return rc;
	if (o) {
		m->has_liveness = 1;
		if ((rc = get_bool(o, "liveness", "passed", 1,
				   &m->liveness.passed, err)) != RD_OK)
			return rc;
		if ((rc = get_member(o, "liveness", "score", 0, &x, err)) != RD_OK)
			return rc;
		if (x && !json_is_number(x))
			return bad(err, "liveness", "score", _("must be a number"));
		m->liveness.score = x ? json_number_value(x) : 0.0;
		if ((rc = get_str(o, "liveness", "ref", 0, &m->liveness.ref,
				  err)) != RD_OK)
			return rc;
	}

	if ((rc = parse_files(root, m, err)) != RD_OK)
		return rc;
	m->rev2 = m->order_no || m->related_app_no || m->has_legal_rep ||
		  m->auth_method || m->invoice.kind || m->invoice.purpose ||
		  m->invoice.email || m->invoice.mobile ||
		  json_object_get(json_object_get(root, "payment"), "transfers") ||
		  m->renewal.has_years || m->renewal.sync_only ||
		  m->cert.has_paired;
	for (size_t i = 0; i < m->pay.nXfer; i++)
		m->rev2 |= m->pay.aXfer[i].memo != NULL;
	(void)present;
	return check_required_files(m, err);
}

rd_status ingest_manifest_parse(const char *json, size_t len,
				struct ingest_manifest **out,
				struct rd_err *err)
{
	struct ingest_manifest *m = NULL;
	json_error_t jerr;
	json_t *root = NULL;
	rd_status rc;

	*out = NULL;
	root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("manifest: not valid JSON at line %d, column "
				  "%d: %s"),
				jerr.line, jerr.column, jerr.text);
		goto done;
	}
	if (!json_is_object(root)) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("manifest: the top level must be a JSON "
				  "object"));
		goto done;
	}
	m = calloc(1, sizeof *m);
	if (!m) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	rc = parse_root(root, m, err);
	if (rc == RD_OK) {
		*out = m;
		m = NULL;
	}
done:
	ingest_manifest_free(&m);
	json_decref(root);
	return rc;
}

static void person_free(struct ingest_person *p)
{
	free(p->name);
	free(p->id_type);
	free(p->id_no);
	free(p->mobile);
	free(p->email);
	free(p->position);
}

void ingest_manifest_free(struct ingest_manifest **pp)
{
	struct ingest_manifest *m;

	if (!pp || !*pp)
		return;
	m = *pp;
	free(m->format);
	free(m->app_no);
	free(m->order_no);
	free(m->related_app_no);
	free(m->submitted_at_text);
	free(m->channel);
	free(m->cert.serial);
	free(m->cert.holder);
	free(m->cert.algorithm);
	free(m->cert.subject_cn);
	free(m->cert.paired.serial);
	free(m->cert.paired.algorithm);
	free(m->legal_rep.name);
	free(m->legal_rep.id_type);
	free(m->legal_rep.id_no);
	free(m->auth_method);
	free(m->invoice.kind);
	free(m->invoice.purpose);
	free(m->invoice.email);
	free(m->invoice.mobile);
	for (size_t i = 0; i < m->pay.nXfer; i++) {
		free(m->pay.aXfer[i].payer_account);
		free(m->pay.aXfer[i].payer_name);
		free(m->pay.aXfer[i].date);
		free(m->pay.aXfer[i].memo);
	}
	free(m->pay.aXfer);
	free(m->org.name);
	free(m->org.id_type);
	free(m->org.id_no);
	free(m->org.province);
	free(m->org.city);
	free(m->org.address);
	person_free(&m->handler);
	person_free(&m->applicant);
	free(m->fin.account_name);
	free(m->fin.bank);
	free(m->fin.account_no);
	free(m->ship.recipient);
	free(m->ship.mobile);
	free(m->ship.province);
	free(m->ship.city);
	free(m->ship.county);
	free(m->ship.address);
	free(m->ship.postcode);
	free(m->invoice.title);
	free(m->invoice.taxpayer_id);
	free(m->pay.method);
	free(m->pay.trade_no);
	free(m->pay.payer_account);
	free(m->pay.payer_name);
	free(m->pay.date);
	free(m->liveness.ref);
	for (size_t i = 0; i < m->nFile; i++)
		free(m->aFile[i].path);
	free(m->aFile);
	free(m);
	*pp = NULL;
}

int ingest_manifest_find_role(const struct ingest_manifest *m,
			      enum ingest_file_role role)
{
	for (size_t i = 0; i < m->nFile; i++)
		if (m->aFile[i].role == role)
			return (int)i;
	return -1;
}
