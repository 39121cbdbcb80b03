/*
 * scanread_store.c — scan_read jobs and readings (see scanread_store.h).
 */
#include "store/scanread_store.h"

#include "clock.h"
#include "core/i18n.h"
#include "store/audit.h"
#include "store/internal.h"
#include "store/jobs.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

rd_status store_scan_read_enqueue(struct store *st, int64_t app_id,
				  int64_t version_id, const char *app_no,
				  int64_t version, int max_attempts,
				  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT id, role, sha256 FROM files WHERE"
				  " version_id=?1 AND role IN ('application_form',"
				  "'business_license','id_front','id_back')"
				  " ORDER BY id",
				  &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, version_id);
	while (rc == RD_OK && (step = sqlite3_step(p)) == SQLITE_ROW) {
		char zKey[160], zRole[24], zSha[65];
		int64_t id = sqlite3_column_int64(p, 0);
		json_t *j;
		char *z;

		st_column_copy(p, 1, zRole, sizeof zRole);
		st_column_copy(p, 2, zSha, sizeof zSha);
		snprintf(zKey, sizeof zKey, "scan_read:%s:v%lld:%lld", app_no,
			 (long long)version, (long long)id);
		j = json_pack("{s:I,s:s,s:s}", "file_id", (json_int_t)id,
			      "role", zRole, "sha256", zSha);
		z = j ? json_dumps(j, JSON_COMPACT) : NULL;
		json_decref(j);
		if (!z) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			break;
		}
		rc = store_job_enqueue(st, "scan_read", app_id, zKey, z, 0,
				       max_attempts, NULL, err);
		free(z);
	}
	if (rc == RD_OK && step != SQLITE_DONE)
		rc = st_fail(st, step, _("queue the scan readings"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_scan_read_lease(struct store *st, int64_t job_id,
				const char *worker_id, int64_t lease_until,
				struct rd_err *err)
{
	int changes = 0;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = st_run(st, &changes, _("extend the reading's lease"), err,
		    "UPDATE jobs SET locked_until=? WHERE id=? AND state='running'"
		    " AND locked_by=? AND locked_until<?",
		    "iiti", lease_until, job_id, worker_id, lease_until);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	else
		store_rollback(st);
	return rc;
}

rd_status store_scan_target(struct store *st, int64_t file_id,
			    struct store_scan_target *t, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT f.id, f.version_id, v.app_id, f.role,"
				  " f.sha256, a.app_no, v.org_name, v.org_id_no,"
				  " v.handler_name, v.handler_id_no,"
				  " v.applicant_name, v.applicant_id_no,"
				  " v.cert_holder='personal',"
				  " EXISTS(SELECT 1 FROM scan_reads r WHERE"
				  "  r.file_id=f.id)"
				  " FROM files f JOIN app_versions v ON"
				  " v.id=f.version_id JOIN applications a ON"
				  " a.id=v.app_id WHERE f.id=?1",
				  &p, err);
	int step;

	memset(t, 0, sizeof *t);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, file_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		t->file_id = sqlite3_column_int64(p, 0);
		t->version_id = sqlite3_column_int64(p, 1);
		t->app_id = sqlite3_column_int64(p, 2);
		st_column_copy(p, 3, t->role, sizeof t->role);
		st_column_copy(p, 4, t->sha256, sizeof t->sha256);
		st_column_copy(p, 5, t->app_no, sizeof t->app_no);
		st_column_copy(p, 6, t->org, sizeof t->org);
		st_column_copy(p, 7, t->uscc, sizeof t->uscc);
		st_column_copy(p, 8, t->handler, sizeof t->handler);
		st_column_copy(p, 9, t->handler_id, sizeof t->handler_id);
		st_column_copy(p, 10, t->applicant, sizeof t->applicant);
		st_column_copy(p, 11, t->applicant_id, sizeof t->applicant_id);
		t->personal = sqlite3_column_int(p, 12);
		t->already = sqlite3_column_int(p, 13);
	} else {
		rc = step == SQLITE_DONE
			     ? rd_err_set(err, RD_ERR_NOTFOUND,
					  _("scan %lld does not exist"),
					  (long long)file_id)
			     : st_fail(st, step, _("read the scan to read"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

static rd_status insert_reading(struct store *st, int64_t job_id,
				const struct store_scan_target *t,
				const struct scanread_result *r,
				int64_t *read_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "INSERT INTO scan_reads(file_id,version_id,job_id,"
				  "role,status,reason,width,height,skew,mean_conf,"
				  "seal,seal_x,seal_y,seal_w,seal_h,signature,ms,"
				  "read_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
				  "?11,?12,?13,?14,?15,?16,?17,?18)",
				  &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, t->file_id);
	st_bind_int64(p, 2, t->version_id);
	st_bind_int64(p, 3, job_id);
	st_bind_text(p, 4, t->role);
	st_bind_text(p, 5, r->status == SCANREAD_OK ? "read" : "unreadable");
	st_bind_text(p, 6, r->reason);
	st_bind_int64(p, 7, r->width);
	st_bind_int64(p, 8, r->height);
	sqlite3_bind_double(p, 9, r->skew_deg);
	st_bind_int64(p, 10, r->mean_conf);
	st_bind_int64(p, 11, r->seal < 0 ? -1 : r->seal ? 1 : 0);
	st_bind_int64(p, 12, r->seal_box.x);
	st_bind_int64(p, 13, r->seal_box.y);
	st_bind_int64(p, 14, r->seal_box.w);
	st_bind_int64(p, 15, r->seal_box.h);
	st_bind_int64(p, 16, r->signature < 0 ? -1 : r->signature ? 1 : 0);
	st_bind_int64(p, 17, r->ms);
	st_bind_int64(p, 18, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("record the reading"), err);
	*read_id = sqlite3_last_insert_rowid(st->db);
	return RD_OK;
}

rd_status store_scan_read_record(struct store *st, int64_t job_id,
				 const char *worker_id,
				 const struct store_scan_target *t,
				 const struct scanread_result *r,
				 const struct scanmatch *m,
				 struct rd_err *err)
{
	int64_t readId = 0;
	char *zSum = NULL;
	json_t *j;
	rd_status rc;

	j = json_pack("{s:I,s:s,s:s,s:i,s:i}", "file_id", (json_int_t)t->file_id,
		      "role", t->role, "status",
		      r->status == SCANREAD_OK ? "read" : "unreadable",
		      "findings", (int)m->nFinding, "ms", r->ms);
	zSum = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!zSum)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		goto out;
	rc = store_job_finish(st, job_id, worker_id, zSum, err);
	if (rc != RD_OK)
		goto fail;
	rc = insert_reading(st, job_id, t, r, &readId, err);
	for (size_t i = 0; rc == RD_OK && i < r->nLine; i++) {
		const struct scanread_line *l = &r->aLine[i];

		rc = st_run(st, NULL, _("record a read line"), err,
			    "INSERT INTO scan_read_lines(read_id,n,text,conf,"
			    "x,y,w,h) VALUES(?,?,?,?,?,?,?,?)",
			    "iitiiiii", readId, (int64_t)i, l->text,
			    (int64_t)l->conf, (int64_t)l->box.x,
			    (int64_t)l->box.y, (int64_t)l->box.w,
			    (int64_t)l->box.h);
	}
	for (size_t i = 0; rc == RD_OK && i < m->nField; i++) {
		const struct scanmatch_field *f = &m->aField[i];

		rc = st_run(st, NULL, _("record a read field"), err,
			    "INSERT INTO scan_read_fields(read_id,field,value,"
			    "expected,verdict,conf,x,y,w,h)"
			    " VALUES(?,?,?,?,?,?,?,?,?,?)",
			    "itttt" "iiiii", readId, f->name, f->value,
			    f->expected, rd_scan_verdict_name(f->verdict),
			    (int64_t)f->conf, (int64_t)f->box.x,
			    (int64_t)f->box.y, (int64_t)f->box.w,
			    (int64_t)f->box.h);
	}
	for (size_t i = 0; rc == RD_OK && i < m->nFinding; i++) {
		const struct scanmatch_finding *x = &m->aFinding[i];

		rc = st_run(st, NULL, _("record a reading finding"), err,
			    "INSERT INTO findings(version_id,code,severity,field,"
			    "message,arg) VALUES(?,?,'warning',?,?,?)",
			    "itttt", t->version_id, x->code, x->field,
			    scanmatch_message(x->code), x->arg);
	}
	if (rc == RD_OK)
		rc = store_audit_append(st, "worker", "scan.read", t->app_no,
					zSum, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc == RD_OK)
		goto out;
fail:
	store_rollback(st);
out:
	free(zSum);
	return rc;
}

void store_scan_view_fini(struct store_scan_view *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nLine; i++)
		free(v->aLine[i].text);
	free(v->aLine);
	free(v->aField);
	memset(v, 0, sizeof *v);
}

rd_status store_scan_view_get(struct store *st, int64_t version_id,
			      const char *path, struct store_scan_view *v,
			      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t readId = 0;
	int step;
	rd_status rc;

	memset(v, 0, sizeof *v);
	rc = st_prepare(st,
			"SELECT r.id, r.role, r.status, r.reason, r.width,"
			" r.height, r.mean_conf, r.seal, r.signature, r.ms,"
			" r.seal_x, r.seal_y, r.seal_w, r.seal_h"
			" FROM files f JOIN scan_reads r ON r.file_id=f.id"
			" WHERE f.version_id=?1 AND f.path=?2",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, version_id);
	st_bind_text(p, 2, path);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		v->found = 1;
		readId = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, v->role, sizeof v->role);
		st_column_copy(p, 2, v->status, sizeof v->status);
		st_column_copy(p, 3, v->reason, sizeof v->reason);
		v->width = sqlite3_column_int(p, 4);
		v->height = sqlite3_column_int(p, 5);
		v->mean_conf = sqlite3_column_int(p, 6);
		v->seal = sqlite3_column_int(p, 7);
		v->signature = sqlite3_column_int(p, 8);
		v->ms = sqlite3_column_int(p, 9);
		v->seal_box.x = sqlite3_column_int(p, 10);
		v->seal_box.y = sqlite3_column_int(p, 11);
		v->seal_box.w = sqlite3_column_int(p, 12);
		v->seal_box.h = sqlite3_column_int(p, 13);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read the reading"), err);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (rc != RD_OK || !v->found)
		return rc;
	rc = st_prepare(st,
			"SELECT text, conf, x, y, w, h FROM scan_read_lines"
			" WHERE read_id=?1 ORDER BY n",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, readId);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct scanread_line *l = realloc(v->aLine,
						  (v->nLine + 1) * sizeof *l);

		if (!l)
			goto nomem;
		v->aLine = l;
		l = &v->aLine[v->nLine];
		l->text = st_column_dup(p, 0);
		if (!l->text)
			goto nomem;
		v->nLine++;
		l->conf = sqlite3_column_int(p, 1);
		l->box.x = sqlite3_column_int(p, 2);
		l->box.y = sqlite3_column_int(p, 3);
		l->box.w = sqlite3_column_int(p, 4);
		l->box.h = sqlite3_column_int(p, 5);
	}
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read the reading"), err);
		goto fail;
	}
	sqlite3_finalize(p);
	p = NULL;
	rc = st_prepare(st,
			"SELECT field, value, expected, verdict, conf, x, y, w, h"
			" FROM scan_read_fields WHERE read_id=?1 ORDER BY rowid",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, readId);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		static const char *const aName[] = { "org", "uscc", "handler",
						     "handler_id", "applicant",
						     "date", "name", "id_no" };
		struct scanmatch_field *f = realloc(v->aField,
						    (v->nField + 1) * sizeof *f);
		char zName[24], zV[12];

		if (!f)
			goto nomem;
		v->aField = f;
		f = &v->aField[v->nField++];
		memset(f, 0, sizeof *f);
		st_column_copy(p, 0, zName, sizeof zName);
		f->name = "";
		for (size_t k = 0; k < sizeof aName / sizeof aName[0]; k++)
			if (!strcmp(aName[k], zName))
				f->name = aName[k];
		st_column_copy(p, 1, f->value, sizeof f->value);
		st_column_copy(p, 2, f->expected, sizeof f->expected);
		st_column_copy(p, 3, zV, sizeof zV);
		f->verdict = !strcmp(zV, "match")      ? RD_SCAN_MATCH
			     : !strcmp(zV, "mismatch") ? RD_SCAN_MISMATCH
			     : !strcmp(zV, "unsure")   ? RD_SCAN_UNSURE
						       : RD_SCAN_UNREAD;
		f->conf = sqlite3_column_int(p, 4);
		f->box.x = sqlite3_column_int(p, 5);
		f->box.y = sqlite3_column_int(p, 6);
		f->box.w = sqlite3_column_int(p, 7);
		f->box.h = sqlite3_column_int(p, 8);
	}
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read the reading"), err);
		goto fail;
	}
	sqlite3_finalize(p);
	return RD_OK;
nomem:
	rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
fail:
	sqlite3_finalize(p);
	store_scan_view_fini(v);
	return rc;
}

rd_status store_scan_summaries(struct store *st, int64_t version_id,
			       struct store_scan_summary *out, size_t max,
			       size_t *n, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT r.role, r.status='read', r.seal,"
				  " r.signature, COALESCE((SELECT group_concat("
				  "  field || '=' || verdict, ',') FROM (SELECT"
				  "  field, verdict FROM scan_read_fields x WHERE"
				  "  x.read_id=r.id ORDER BY x.rowid)),'')"
				  " FROM scan_reads r WHERE r.version_id=?1"
				  " ORDER BY r.role, r.id",
				  &p, err);
	int step;

	*n = 0;
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, version_id);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < max) {
		struct store_scan_summary *s = &out[(*n)++];

		st_column_copy(p, 0, s->role, sizeof s->role);
		s->status_read = sqlite3_column_int(p, 1);
		s->seal = sqlite3_column_int(p, 2);
		s->signature = sqlite3_column_int(p, 3);
		st_column_copy(p, 4, s->verdicts, sizeof s->verdicts);
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = st_fail(st, step, _("read the readings"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_scan_finding_counts(struct store *st, int64_t from,
				    int64_t to, store_scan_count_fn fn,
				    void *ctx, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT code, COUNT(*) FROM findings WHERE"
				  " code IN ('licence_name_mismatch',"
				  "'licence_uscc_mismatch','id_number_mismatch',"
				  "'id_name_mismatch','form_field_mismatch',"
				  "'form_seal_missing','scan_unreadable')"
				  " AND version_id IN (SELECT version_id FROM"
				  "  scan_reads WHERE read_at>=?1 AND read_at<?2)"
				  " GROUP BY code ORDER BY code",
				  &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, from);
	st_bind_int64(p, 2, to);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		char zCode[40];

		st_column_copy(p, 0, zCode, sizeof zCode);
		if (fn(ctx, zCode, sqlite3_column_int64(p, 1)))
			break;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = st_fail(st, step, _("count the reading findings"), err);
	sqlite3_finalize(p);
	return rc;
}
