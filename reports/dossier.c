/*
 * dossier.c — see dossier.h.
 *
 * Everything is gathered first into a list of named byte buffers (JSON
 * documents and verified scans), then the list is sorted by name and
 * written with fixed metadata, so nothing about the run (time, order of
 * queries, umask) reaches the archive.
 */
#include "reports/dossier.h"

#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"
#include "fsutil.h"
#include "store/report_queries.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* A scan larger than this is refused (ingest keeps them far smaller). */
#define DOSSIER_SCAN_MAX ((size_t)64 * 1024 * 1024)

struct dentry {
	char *zName;
	unsigned char *data;
	size_t len;
	int store;                 /* 1: no compression (scans) */
};

struct dossier {
	struct store *st;
	const char *zBlobDir;
	struct rd_err *err;
	struct dentry *a;
	int n, nAlloc;
	json_t *arr;               /* array of the part being read */
	int nScans;
	int64_t nAudit;
};

static rd_status add_entry(struct dossier *d, const char *zName,
			   unsigned char *data, size_t len, int store)
{
	if (d->n == d->nAlloc) {
		int nNew = d->nAlloc ? d->nAlloc * 2 : 32;
		struct dentry *aNew = realloc(d->a, (size_t)nNew * sizeof *aNew);

		if (!aNew)
			goto nomem;
		d->a = aNew;
		d->nAlloc = nNew;
	}
	d->a[d->n].zName = strdup(zName);
	if (!d->a[d->n].zName)
		goto nomem;
	d->a[d->n].data = data;
	d->a[d->n].len = len;
	d->a[d->n].store = store;
	d->n++;
	return RD_OK;
nomem:
	free(data);
	return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
}

/* Serialise a JSON value as an entry (takes a reference of v). */
static rd_status add_json(struct dossier *d, const char *zName, json_t *v)
{
	char *z = json_dumps(v, JSON_INDENT(2) | JSON_SORT_KEYS);
	size_t len;
	unsigned char *data;

	json_decref(v);
	if (!z)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	len = strlen(z);
	data = malloc(len + 2);
	if (!data) {
		free(z);
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	}
	memcpy(data, z, len);
	data[len++] = '\n';
	free(z);
	return add_entry(d, zName, data, len, 0);
}

static json_t *value_json(const struct store_rep_value *v)
{
	switch (v->type) {
	case STORE_REP_INT:
		return json_integer((json_int_t)v->i);
	case STORE_REP_REAL:
		return json_real(v->r);
	case STORE_REP_TEXT: {
		json_t *j = json_string(v->z);
		char *zClean;

		if (j)
			return j;
		/* Not valid UTF-8: keep what can be kept, visibly. */
		zClean = rd_text_sanitize_dup(v->z);
		j = zClean ? json_string(zClean) : NULL;
		free(zClean);
		return j;
	}
	default:
		return json_null();
	}
}

static json_t *row_object(int nCol, const struct store_rep_value *aCol)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	for (int i = 0; i < nCol; i++) {
		json_t *v = value_json(&aCol[i]);

		if (!v || json_object_set_new(o, aCol[i].name, v) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static const struct store_rep_value *col(int nCol,
					 const struct store_rep_value *aCol,
					 const char *zName)
{
	for (int i = 0; i < nCol; i++)
		if (!strcmp(aCol[i].name, zName))
			return &aCol[i];
	return NULL;
}

/* Plain part: every row becomes an object of d->arr. */
static rd_status on_row(void *ctx, int nCol, const struct store_rep_value *aCol)
{
	struct dossier *d = ctx;
	json_t *o = row_object(nCol, aCol);

	if (!o || json_array_append_new(d->arr, o) != 0)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	return RD_OK;
}

static rd_status on_audit_row(void *ctx, int nCol,
			      const struct store_rep_value *aCol)
{
	struct dossier *d = ctx;

	d->nAudit++;
	return on_row(ctx, nCol, aCol);
}

/* Versions: the manifest goes to its own entry, byte for byte. */
static rd_status on_version(void *ctx, int nCol,
			    const struct store_rep_value *aCol)
{
	struct dossier *d = ctx;
	const struct store_rep_value *vVer = col(nCol, aCol, "version");
	const struct store_rep_value *vMan = col(nCol, aCol, "manifest_json");
	char zName[64];
	json_t *o;
	unsigned char *data;
	size_t len;
	rd_status rc;

	if (!vVer || !vMan)
		return rd_err_set(d->err, RD_ERR_INTERNAL,
				  "dossier: version row without version/manifest");
	snprintf(zName, sizeof zName, "versions/v%lld/manifest.json",
		 (long long)vVer->i);
	len = vMan->z ? strlen(vMan->z) : 0;
	data = malloc(len + 1);
	if (!data)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	if (len)
		memcpy(data, vMan->z, len);
	rc = add_entry(d, zName, data, len, 0);
	if (rc != RD_OK)
		return rc;
	o = row_object(nCol, aCol);
	if (!o)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	json_object_del(o, "manifest_json");
	json_object_set_new(o, "manifest_file", json_string(zName));
	if (json_array_append_new(d->arr, o) != 0)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	return RD_OK;
}

void rd_dossier_safe_name(const char *zPath, char *out, size_t n)
{
	const char *z = zPath ? zPath : "";
	const char *zSlash = strrchr(z, '/');
	size_t k = 0;

	if (n == 0)
		return;
	if (zSlash)
		z = zSlash + 1;
	while (*z == '.')
		z++;
	for (; *z && k + 1 < n && k < 64; z++) {
		char c = *z;

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			c = '_';
		out[k++] = c;
	}
	out[k] = '\0';
	if (k == 0)
		snprintf(out, n, "file");
}

/* Files: read each scan from the blob store and check its hash. */
static rd_status on_file(void *ctx, int nCol, const struct store_rep_value *aCol)
{
	struct dossier *d = ctx;
	const struct store_rep_value *vSha = col(nCol, aCol, "sha256");
	const struct store_rep_value *vVer = col(nCol, aCol, "version_no");
	const struct store_rep_value *vRole = col(nCol, aCol, "role");
	const struct store_rep_value *vPath = col(nCol, aCol, "path");
	char zBlob[4096], zName[256], zSafe[80], zHex[RD_SHA256_HEX];
	char *data = NULL;
	size_t len = 0;
	json_t *o;
	rd_status rc;

	if (!vSha || !vVer || !vRole || !vPath || vSha->type != STORE_REP_TEXT ||
	    strlen(vSha->z) != 64 || strspn(vSha->z, "0123456789abcdef") != 64)
		return rd_err_set(d->err, RD_ERR_CORRUPT,
				  _("a scan record has no valid SHA-256; "
				    "the database is damaged"));
	snprintf(zBlob, sizeof zBlob, "%s/%.2s/%s", d->zBlobDir, vSha->z,
		 vSha->z);
	rc = rd_read_file(zBlob, DOSSIER_SCAN_MAX, &data, &len, d->err);
	if (rc != RD_OK)
		return rd_err_set(d->err, RD_ERR_CORRUPT,
				  _("scan %s (%s) is missing from the blob "
				    "store (%s); the store has been tampered "
				    "with or damaged, export refused"),
				  vPath->z ? vPath->z : "", vSha->z, zBlob);
	rd_sha256_hex(data, len, zHex);
	if (strcmp(zHex, vSha->z) != 0) {
		free(data);
		return rd_err_set(d->err, RD_ERR_CORRUPT,
				  _("scan %s does not match its SHA-256: blob "
				    "%s has been tampered with (content hash "
				    "%s); export refused"),
				  vPath->z ? vPath->z : "", zBlob, zHex);
	}
	d->nScans++;
	rd_dossier_safe_name(vPath->z, zSafe, sizeof zSafe);
	snprintf(zName, sizeof zName, "scans/v%lld/%d-%s-%s",
		 (long long)vVer->i, d->nScans,
		 vRole->type == STORE_REP_TEXT ? vRole->z : "other", zSafe);
	rc = add_entry(d, zName, (unsigned char *)data, len, 1);
	if (rc != RD_OK)
		return rc;
	o = row_object(nCol, aCol);
	if (!o)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	json_object_set_new(o, "archive_path", json_string(zName));
	if (json_array_append_new(d->arr, o) != 0)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	return RD_OK;
}

/* Read one part into a fresh array and add it as zName. */
static rd_status add_part(struct dossier *d, enum store_dossier_part part,
			  int64_t appId, const char *zAppNo,
			  store_rep_row_fn fn, const char *zName)
{
	rd_status rc;

	d->arr = json_array();
	if (!d->arr)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	rc = store_report_dossier_rows(d->st, part, appId, zAppNo, fn, d,
				       d->err);
	if (rc != RD_OK) {
		json_decref(d->arr);
		d->arr = NULL;
		return rc;
	}
	rc = add_json(d, zName, d->arr);
	d->arr = NULL;
	return rc;
}

/* Production orders and shipments together in one document. */
static rd_status add_fulfilment(struct dossier *d, int64_t appId)
{
	json_t *o = json_object();
	rd_status rc = RD_OK;

	if (!o)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	for (int k = 0; k < 2 && rc == RD_OK; k++) {
		d->arr = json_array();
		if (!d->arr) {
			rc = rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
			break;
		}
		rc = store_report_dossier_rows(d->st,
					       k ? STORE_DOSSIER_SHIPMENTS
						 : STORE_DOSSIER_PRODUCTION,
					       appId, NULL, on_row, d, d->err);
		json_object_set_new(o, k ? "shipments" : "production_orders",
				    d->arr);
		d->arr = NULL;
	}
	if (rc != RD_OK) {
		json_decref(o);
		return rc;
	}
	return add_json(d, "fulfilment.json", o);
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct dentry *)a)->zName,
		      ((const struct dentry *)b)->zName);
}

static rd_status add_sums(struct dossier *d)
{
	size_t cap = (size_t)d->n * (RD_SHA256_HEX + 300) + 1, off = 0;
	unsigned char *z = malloc(cap);

	if (!z)
		return rd_err_set(d->err, RD_ERR_NOMEM, _("out of memory"));
	for (int i = 0; i < d->n; i++) {
		char zHex[RD_SHA256_HEX];
		int k;

		rd_sha256_hex(d->a[i].data, d->a[i].len, zHex);
		k = snprintf((char *)z + off, cap - off, "%s  %s\n", zHex,
			     d->a[i].zName);
		if (k < 0 || (size_t)k >= cap - off) {
			free(z);
			return rd_err_set(d->err, RD_ERR_INTERNAL,
					  "SHA256SUMS overflow");
		}
		off += (size_t)k;
	}
	return add_entry(d, "SHA256SUMS", z, off, 0);
}

static rd_status write_zip(struct dossier *d, const char *zPath)
{
	zip_t *za;
	zip_error_t ze;
	int zerr = 0;

	za = zip_open(zPath, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (!za) {
		zip_error_init_with_code(&ze, zerr);
		rd_err_set(d->err, RD_ERR_IO, _("cannot create %s: %s"), zPath,
			   zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return RD_ERR_IO;
	}
	for (int i = 0; i < d->n; i++) {
		struct dentry *e = &d->a[i];
		zip_source_t *src = zip_source_buffer(za, e->data, e->len, 0);
		zip_int64_t idx;

		if (!src)
			goto fail;
		idx = zip_file_add(za, e->zName, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			goto fail;
		}
		if (zip_set_file_compression(za, (zip_uint64_t)idx,
					     e->store ? ZIP_CM_STORE
						      : ZIP_CM_DEFLATE,
					     e->store ? 0 : 9) != 0 ||
		    zip_file_set_mtime(za, (zip_uint64_t)idx,
				       (time_t)RD_DOSSIER_MTIME, 0) != 0 ||
		    zip_file_set_external_attributes(za, (zip_uint64_t)idx, 0,
						     ZIP_OPSYS_UNIX,
						     (zip_uint32_t)0100644 << 16)
			    != 0)
			goto fail;
	}
	if (zip_close(za) != 0)
		goto fail;
	return RD_OK;
fail:
	rd_err_set(d->err, RD_ERR_IO, _("cannot write %s: %s"), zPath,
		   zip_strerror(za));
	zip_discard(za);
	return RD_ERR_IO;
}

rd_status rd_dossier_write(struct store *st, const char *app_no,
			   const char *blob_dir, const char *zPath,
			   struct rd_dossier_stats *stats, struct rd_err *err)
{
	static const struct {
		enum store_dossier_part part;
		const char *zName;
	} plain[] = {
		{ STORE_DOSSIER_FINDINGS, "findings.json" },
		{ STORE_DOSSIER_CHECKS, "checks.json" },
		{ STORE_DOSSIER_DECISIONS, "decisions.json" },
		{ STORE_DOSSIER_NOTES, "notes.json" },
		{ STORE_DOSSIER_PAYMENTS, "payments.json" },
	};
	struct dossier d;
	int64_t appId = 0;
	int inSnapshot = 0;
	rd_status rc;

	memset(&d, 0, sizeof d);
	d.st = st;
	d.zBlobDir = blob_dir;
	d.err = err;
	rc = store_report_snapshot_begin(st, err);
	if (rc != RD_OK)
		return rc;
	inSnapshot = 1;
	rc = store_report_app_id(st, app_no, &appId, err);
	if (rc == RD_OK)
		rc = add_part(&d, STORE_DOSSIER_APPLICATION, appId, app_no,
			      on_row, "application.json");
	if (rc == RD_OK)
		rc = add_part(&d, STORE_DOSSIER_VERSIONS, appId, app_no,
			      on_version, "versions.json");
	if (rc == RD_OK)
		rc = add_part(&d, STORE_DOSSIER_FILES, appId, app_no, on_file,
			      "files.json");
	for (size_t i = 0; rc == RD_OK && i < sizeof plain / sizeof plain[0];
	     i++)
		rc = add_part(&d, plain[i].part, appId, app_no, on_row,
			      plain[i].zName);
	if (rc == RD_OK)
		rc = add_fulfilment(&d, appId);
	if (rc == RD_OK)
		rc = add_part(&d, STORE_DOSSIER_AUDIT, appId, app_no,
			      on_audit_row, "audit.json");
	store_report_snapshot_end(st);
	inSnapshot = 0;
	if (rc != RD_OK)
		goto done;
	qsort(d.a, (size_t)d.n, sizeof *d.a, entry_cmp);
	rc = add_sums(&d);
	if (rc == RD_OK)
		rc = write_zip(&d, zPath);
	if (rc == RD_OK && stats) {
		stats->nEntries = d.n;
		stats->nScans = d.nScans;
		stats->nAudit = d.nAudit;
	}
done:
	if (inSnapshot)
		store_report_snapshot_end(st);
	for (int i = 0; i < d.n; i++) {
		free(d.a[i].zName);
		free(d.a[i].data);
	}
	free(d.a);
	return rc;
}
