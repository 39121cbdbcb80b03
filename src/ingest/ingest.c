/*
 * ingest.c — one bundle from the inbox to the database (see ingest.h).
 */
#include "ingest/ingest.h"

#include "ingest/blob.h"
#include "ingest/bundle.h"
#include "ingest/precheck.h"
#include "ingest/request.h"
#include "store/requests.h"
#include "clock.h"
#include "store/ingest_store.h"

#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"
#include "fsutil.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void fault_point(const char *zName)
{
	const char *z = getenv("RADESK_FAULT");

	if (z && !strcmp(z, zName)) {
		fflush(NULL);
		_exit(137);
	}
}

static void fault_before_commit(void)
{
	fault_point("ingest-before-commit");
}

void ingest_limits_from_config(const struct rd_config *cfg,
			       struct ingest_limits *lim)
{
	lim->max_archive_bytes = cfg->max_archive_bytes;
	lim->max_entries = cfg->max_entries;
	lim->max_manifest_bytes = cfg->max_manifest_bytes;
	lim->max_scan_bytes = cfg->max_scan_bytes;
	lim->max_total_bytes = cfg->max_total_bytes;
	lim->max_ratio = cfg->max_ratio;
	lim->max_scan_pixels = cfg->max_scan_pixels;
	lim->scan_decode_ms = cfg->scan_decode_ms;
}

rd_status ingest_calendar_load(const struct rd_config *cfg,
			       struct rd_calendar *cal, struct rd_err *err)
{
	const char *z = cfg->holiday_files ? cfg->holiday_files : "";
	char zPath[4096];
	rd_status rc;

	rc = rd_cal_set_hours(cal, cfg->office_open_min, cfg->office_close_min);
	if (rc != RD_OK)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("[sla] office hours are not valid"));
	while (*z) {
		const char *e = strchr(z, ',');
		size_t n = e ? (size_t)(e - z) : strlen(z);
		char *zText = NULL;
		size_t len = 0;

		while (n && isspace((unsigned char)*z)) {
			z++;
			n--;
		}
		while (n && isspace((unsigned char)z[n - 1]))
			n--;
		if (n && n < sizeof zPath) {
			memcpy(zPath, z, n);
			zPath[n] = '\0';
			rc = rd_read_file(zPath, 1024 * 1024, &zText, &len, err);
			if (rc != RD_OK)
				return rd_err_set(err, RD_ERR_CONFIG,
						  _("holiday calendar %s: %s"),
						  zPath, rd_err_msg(err));
			rc = rd_cal_parse(cal, zText, len, zPath, err);
			free(zText);
			if (rc != RD_OK)
				return rc;
		}
		if (!e)
			break;
		z = e + 1;
	}
	return RD_OK;
}

/* Natural order: digit runs compare as numbers. */
static int natcmp(const char *a, const char *b)
{
	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *a0 = a, *b0 = b;
			size_t na, nb;

			while (*a0 == '0')
				a0++;
			while (*b0 == '0')
				b0++;
			a = a0;
			b = b0;
			while (isdigit((unsigned char)*a))
				a++;
			while (isdigit((unsigned char)*b))
				b++;
			na = (size_t)(a - a0);
			nb = (size_t)(b - b0);
			if (na != nb)
				return na < nb ? -1 : 1;
			if (memcmp(a0, b0, na) != 0)
				return memcmp(a0, b0, na);
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int cmp_paths(const void *x, const void *y)
{
	return natcmp(*(char *const *)x, *(char *const *)y);
}

void ingest_paths_free(char ***paths, size_t n)
{
	if (!paths || !*paths)
		return;
	for (size_t i = 0; i < n; i++)
		free((*paths)[i]);
	free(*paths);
	*paths = NULL;
}

rd_status ingest_list_inbox(const char *dir, char ***paths, size_t *n,
			    struct rd_err *err)
{
	DIR *d;
	struct dirent *de;
	char **a = NULL;
	size_t cnt = 0, cap = 0;
	rd_status rc = RD_OK;

	*paths = NULL;
	*n = 0;
	d = opendir(dir);
	if (!d)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND : RD_ERR_IO,
				  _("cannot read the inbox %s: %s"), dir,
				  strerror(errno));
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);
		char zPath[4096];
		struct stat sb;

		if (de->d_name[0] == '.' || len < 5 ||
		    (strcmp(de->d_name + len - 4, ".zip") != 0 &&
		     !ingest_is_request_name(de->d_name)))
			continue;
		snprintf(zPath, sizeof zPath, "%s/%s", dir, de->d_name);
		if (stat(zPath, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (cnt == cap) {
			size_t nc = cap ? cap * 2 : 32;
			char **na = realloc(a, nc * sizeof *na);

			if (!na) {
				rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
						rd_strerror(RD_ERR_NOMEM));
				goto done;
			}
			a = na;
			cap = nc;
		}
		a[cnt] = strdup(zPath);
		if (!a[cnt]) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
		cnt++;
	}
	if (cnt > 1)
		qsort(a, cnt, sizeof *a, cmp_paths);
	*paths = a;
	*n = cnt;
	a = NULL;
done:
	closedir(d);
	if (a)
		ingest_paths_free(&a, cnt);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *z = strrchr(path, '/');

	return z ? z + 1 : path;
}

/*
 * Move path into dir under its own name, or "name.N.zip" when that is
 * taken (a re-submitted bad bundle with the same name).
 */
static rd_status move_into(const char *path, const char *dir, char *zDest,
			   size_t nDest, struct rd_err *err)
{
	const char *zBase = base_name(path);
	struct stat sb;
	rd_status rc;

	rc = rd_mkdir_p(dir, 0770, err);
	if (rc != RD_OK)
		return rc;
	snprintf(zDest, nDest, "%s/%s", dir, zBase);
	for (int i = 1; lstat(zDest, &sb) == 0 && i < 1000; i++)
		snprintf(zDest, nDest, "%s/%s.%d", dir, zBase, i);
	if (rename(path, zDest) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot move %s to %s: %s"),
				path, dir, strerror(errno));
		zDest[0] = '\0';
		return rc;
	}
	return rd_fsync_parent(zDest, err);
}

static rd_status quarantine(const struct ingest_env *env, const char *path,
			    const char *zSha, const char *app_no,
			    int64_t version, struct ingest_result *res,
			    struct rd_err *err)
{
	char zReason[4200], zDest[4096];
	rd_status rc;
	int n;

	res->outcome = INGEST_QUARANTINED;
	rc = move_into(path, env->cfg->quarantine_dir, zDest, sizeof zDest, err);
	if (rc != RD_OK)
		return rc;
	snprintf(res->moved_to, sizeof res->moved_to, "%s", zDest);
	n = snprintf(zReason, sizeof zReason,
		     "bundle: %s\nsha256: %s\nreason: %s\n", base_name(path),
		     zSha && *zSha ? zSha : "-", res->reason);
	strncat(zDest, ".reason", sizeof zDest - strlen(zDest) - 1);
	rc = rd_write_file_atomic(zDest, zReason,
				  n > 0 && (size_t)n < sizeof zReason
					  ? (size_t)n : strlen(zReason),
				  0660, err);
	if (rc != RD_OK)
		return rc;
	return store_ingest_log_add(env->st, env->actor, base_name(path),
				    zSha ? zSha : "", "quarantined",
				    app_no ? app_no : "", version, res->reason,
				    err);
}

static rd_status archive(const struct ingest_env *env, const char *path,
			 struct ingest_result *res, struct rd_err *err)
{
	char zDest[4096];
	rd_status rc = move_into(path, env->cfg->archive_dir, zDest,
				 sizeof zDest, err);

	if (rc == RD_OK)
		snprintf(res->moved_to, sizeof res->moved_to, "%s", zDest);
	return rc;
}

/*
 * A portal request file: validated whole, stored for a supervisor (no
 * state changes), idempotent by its file name, quarantined when bad or
 * when its application is unknown.
 */
static rd_status ingest_request_path(const struct ingest_env *env,
				     const char *path, struct ingest_result *res,
				     struct rd_err *err)
{
	struct ingest_request *r = NULL;
	enum store_request_outcome outcome = 0;
	struct rd_err e2;
	rd_status rc;

	rd_err_clear(&e2);
	rc = ingest_request_read(path, env->cfg->max_manifest_bytes, rd_now(),
				 &r, &e2);
	if (rc != RD_OK) {
		char zSha[RD_SHA256_HEX] = "";

		if (!ingest_status_is_bad_bundle(rc)) {
			rd_err_set(err, rc, "%s", rd_err_msg(&e2));
			return rc;
		}
		rd_text_sanitize(rd_err_msg(&e2), res->reason, sizeof res->reason);
		if (rd_sha256_file(path, zSha, NULL, NULL) != RD_OK)
			zSha[0] = '\0';
		return quarantine(env, path, zSha, "", 0, res, err);
	}
	snprintf(res->app_no, sizeof res->app_no, "%s", r->app_no);
	res->version = r->seq;
	rc = store_request_add(env->st, env->actor, r, &outcome, &e2);
	if (rc == RD_ERR_STATE && outcome == STORE_REQUEST_REFUSED) {
		rd_text_sanitize(rd_err_msg(&e2), res->reason, sizeof res->reason);
		rc = quarantine(env, path, r->sha256, r->app_no, 0, res, err);
	} else if (rc != RD_OK) {
		rd_err_set(err, rc, "%s", rd_err_msg(&e2));
	} else {
		res->outcome = outcome == STORE_REQUEST_DUPLICATE
				       ? INGEST_DUPLICATE : INGEST_INGESTED;
		rc = archive(env, path, res, err);
	}
	ingest_request_free(&r);
	return rc;
}

rd_status ingest_file(const struct ingest_env *env, const char *path,
		      struct ingest_result *res, struct rd_err *err)
{
	struct ingest_bundle *b = NULL;
	struct ingest_limits lim;
	struct ingest_history hist;
	struct ingest_findings findings;
	struct ingest_precheck_in pin;
	struct store_ingest_scan *aScan = NULL;
	struct store_ingest_req req;
	enum store_ingest_outcome outcome = 0;
	struct rd_err e2;
	int64_t cur = 0, due = 0;
	rd_status rc;

	memset(res, 0, sizeof *res);
	if (ingest_is_request_name(base_name(path)))
		return ingest_request_path(env, path, res, err);
	ingest_findings_init(&findings);
	rd_err_clear(&e2);
	ingest_limits_from_config(env->cfg, &lim);
	rc = ingest_bundle_read(path, &lim, &b, &e2);
	if (rc != RD_OK) {
		if (!ingest_status_is_bad_bundle(rc)) {
			rd_err_set(err, rc, "%s", rd_err_msg(&e2));
			goto done;
		}
		rd_text_sanitize(rd_err_msg(&e2), res->reason, sizeof res->reason);
		{
			/* the hash of the file, for the log (best effort) */
			char zSha[RD_SHA256_HEX] = "";

			if (rd_sha256_file(path, zSha, NULL, NULL) != RD_OK)
				zSha[0] = '\0';
			rc = quarantine(env, path, zSha, "", 0, res, err);
		}
		goto done;
	}
	snprintf(res->app_no, sizeof res->app_no, "%s", b->m->app_no);
	res->version = b->m->version;

	/* duplicate? (checked again inside the transaction) */
	rc = store_ingest_current_version(env->st, b->m->app_no, &cur, err);
	if (rc != RD_OK)
		goto done;
	if (cur >= b->m->version) {
		rc = store_ingest_log_add(env->st, env->actor, b->name, b->sha256,
					  "duplicate", b->m->app_no,
					  b->m->version, "", err);
		if (rc == RD_OK) {
			res->outcome = INGEST_DUPLICATE;
			rc = archive(env, path, res, err);
		}
		goto done;
	}

	/* pre-checks */
	rc = store_ingest_history(env->st, b->m, &hist, err);
	if (rc != RD_OK)
		goto done;
	memset(&pin, 0, sizeof pin);
	pin.m = b->m;
	pin.aScan = b->aScan;
	pin.tariff_fen[RD_APP_REPLACE] = env->cfg->tariff_replace_fen;
	pin.tariff_fen[RD_APP_RENEW] = env->cfg->tariff_renew_fen;
	pin.tariff_fen[RD_APP_NEW] = env->cfg->tariff_new_fen;
	memcpy(pin.renew_year_fen, env->cfg->renew_year_fen,
	       sizeof pin.renew_year_fen);
	pin.min_scan_pixels = env->cfg->min_scan_pixels;
	pin.hist = &hist;
	if (ingest_precheck(&pin, &findings) != RD_OK) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	res->nFinding = (int)findings.n;

	/* SLA due time in working time from submission */
	rc = rd_cal_sla_deadline(env->cal, b->m->submitted_at,
				 (unsigned)b->m->type < 3
					 ? env->cfg->sla_days_by_type[b->m->type]
					 : env->cfg->sla_working_days,
				 &due);
	if (rc != RD_OK) {
		rd_err_set(err, RD_ERR_CONFIG,
			   _("cannot compute the SLA deadline of %s"),
			   b->m->app_no);
		goto done;
	}

	/* scans into the blob store before the transaction */
	aScan = calloc(b->m->nFile ? b->m->nFile : 1, sizeof *aScan);
	if (!aScan) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	for (size_t i = 0; i < b->m->nFile; i++) {
		const struct ingest_file_entry *f = &b->m->aFile[i];

		rc = ingest_blob_put(env->cfg->blob_dir, f->sha256,
				     b->aScan[i].data, b->aScan[i].n, err);
		if (rc != RD_OK)
			goto done;
		aScan[i].role = ingest_role_name(f->role);
		aScan[i].path = f->path;
		aScan[i].sha256 = f->sha256;
		aScan[i].size = f->size;
		aScan[i].content_type = ingest_ctype_mime(b->aScan[i].sniff.type);
		aScan[i].width = b->aScan[i].sniff.width;
		aScan[i].height = b->aScan[i].sniff.height;
	}
	fault_point("ingest-after-blobs");

	memset(&req, 0, sizeof req);
	req.m = b->m;
	req.manifest_json = b->manifest_json;
	req.bundle_name = b->name;
	req.bundle_sha256 = b->sha256;
	req.sla_due_at = due;
	req.aScan = aScan;
	req.nScan = b->m->nFile;
	req.findings = &findings;
	req.actor = env->actor;
	req.job_max_attempts = env->cfg->worker_max_attempts;
	req.scan_read = env->cfg->scan_read_enabled;
	req.outlet = rd_config_channel_outlet(env->cfg, b->m->channel);
	req.before_commit = fault_before_commit;
	rc = store_ingest_bundle(env->st, &req, &outcome, NULL, &e2);
	if (rc == RD_ERR_STATE && outcome == STORE_INGEST_REFUSED) {
		rd_text_sanitize(rd_err_msg(&e2), res->reason, sizeof res->reason);
		rc = quarantine(env, path, b->sha256, b->m->app_no, b->m->version,
				res, err);
		goto done;
	}
	if (rc != RD_OK) {
		rd_err_set(err, rc, "%s", rd_err_msg(&e2));
		goto done;
	}
	fault_point("ingest-after-commit");
	res->outcome = outcome == STORE_INGEST_DUPLICATE ? INGEST_DUPLICATE
							 : INGEST_INGESTED;
	rc = archive(env, path, res, err);
done:
	free(aScan);
	ingest_findings_fini(&findings);
	ingest_bundle_free(&b);
	return rc;
}
