/*
 * ingest_store.c — one bundle version, one transaction.
 */
#include "store/ingest_store.h"
#include "core/gate.h"
#include "store/audit.h"
#include "store/demo_gate.h"
#include "store/checks.h"
#include "store/fulfil.h"
#include "store/internal.h"
#include "store/rev2.h"
#include "store/pins.h"
#include "store/jobs.h"
#include "store/scanread_store.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/state.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Run a prepared INSERT/UPDATE to completion and finalize it. */
static rd_status step_done(struct store *st, sqlite3_stmt **pp,
			   const char *zWhat, struct rd_err *err)
{
	int step = sqlite3_step(*pp);

	sqlite3_finalize(*pp);
	*pp = NULL;
	if (step != SQLITE_DONE)
		return st_fail(st, sqlite3_errcode(st->db), zWhat, err);
	return RD_OK;
}

/* json_dumps of a packed object; NULL when out of memory. Caller frees. */
static char *json_take(json_t *o)
{
	char *z = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return z;
}

rd_status store_ingest_current_version(struct store *st, const char *app_no,
				       int64_t *version, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*version = 0;
	rc = st_prepare(st,
			"SELECT current_version FROM applications WHERE app_no=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, app_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*version = sqlite3_column_int64(p, 0);
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read application"), err);
	sqlite3_finalize(p);
	return rc;
}

static rd_status log_row(struct store *st, const char *bundle_name,
			 const char *sha, const char *outcome,
			 const char *app_no, int64_t version,
			 const char *reason, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "INSERT INTO ingest_log(bundle_name,bundle_sha256,"
				  "outcome,app_no,version,reason,at) "
				  "VALUES(?1,?2,?3,?4,?5,?6,?7)",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, bundle_name);
	st_bind_text(p, 2, sha ? sha : "");
	st_bind_text(p, 3, outcome);
	st_bind_text(p, 4, app_no ? app_no : "");
	if (version > 0)
		st_bind_int64(p, 5, version);
	else
		sqlite3_bind_null(p, 5);
	st_bind_text(p, 6, reason ? reason : "");
	st_bind_int64(p, 7, rd_now());
	return step_done(st, &p, _("write ingest log"), err);
}

rd_status store_ingest_log_add(struct store *st, const char *actor,
			       const char *bundle_name,
			       const char *bundle_sha256, const char *outcome,
			       const char *app_no, int64_t version,
			       const char *reason, struct rd_err *err)
{
	char *zDetails = NULL;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = log_row(st, bundle_name, bundle_sha256, outcome, app_no, version,
		     reason, err);
	if (rc == RD_OK && !strcmp(outcome, "quarantined")) {
		zDetails = json_take(json_pack("{s:s,s:s,s:s}", "bundle",
					       bundle_name, "sha256",
					       bundle_sha256 ? bundle_sha256 : "",
					       "reason", reason ? reason : ""));
		if (!zDetails)
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
		else
			rc = store_audit_append(st, actor, "bundle.quarantine",
						app_no ? app_no : "", zDetails,
						err);
	}
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	free(zDetails);
	return rc;
}

/* First app_no of a query with ?1 = key, ?2 = own app_no; count in *n. */
static rd_status count_apps(struct store *st, const char *zSql,
			    const char *key, const char *app_no, int *n,
			    char *zFirst, size_t nFirst, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*n = 0;
	if (!key || !*key)
		return RD_OK;
	rc = st_prepare(st, zSql, &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, key);
	st_bind_text(p, 2, app_no);
	st_bind_text(p, 3, rd_app_state_name(RD_ST_RECEIVED));
	st_bind_text(p, 4, rd_app_state_name(RD_ST_IN_REVIEW));
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		if (*n == 0 && zFirst && !zFirst[0])
			st_column_copy(p, 0, zFirst, nFirst);
		(*n)++;
	}
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read application history"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_ingest_history(struct store *st,
			       const struct ingest_manifest *m,
			       struct ingest_history *h, struct rd_err *err)
{
	/* ?3/?4: the open states, from state.h (received, in_review) */
	static const char zOpenSerial[] =
		"SELECT app_no FROM applications WHERE cert_serial=?1 "
		"AND app_no<>?2 AND state IN (?3,?4) ORDER BY id";
	static const char zOpenOrg[] =
		"SELECT app_no FROM applications WHERE org_id_no=?1 "
		"AND app_no<>?2 AND state IN (?3,?4) ORDER BY id";
	/* Rejections start from the versions that carry the number (their
	 * indexes), then that application's decisions (decisions_app): a
	 * decision's version always belongs to its application. Started
	 * from decisions, the plan read every decision for every bundle.
	 * The first application is the one rejected first, as before. */
	static const char zRejOrg[] =
		"SELECT a.app_no FROM app_versions v "
		"JOIN decisions d ON d.app_id=v.app_id AND d.version_id=v.id "
		"JOIN applications a ON a.id=v.app_id "
		"WHERE v.org_id_no=?1 AND d.action='reject' AND a.app_no<>?2 "
		"AND ?3 IS NOT NULL AND ?4 IS NOT NULL "
		"GROUP BY a.id ORDER BY min(d.id)";
	static const char zRejPerson[] =
		"SELECT a.app_no FROM app_versions v "
		"JOIN decisions d ON d.app_id=v.app_id AND d.version_id=v.id "
		"JOIN applications a ON a.id=v.app_id "
		"WHERE (v.handler_id_no=?1 OR v.applicant_id_no=?1) "
		"AND d.action='reject' AND a.app_no<>?2 "
		"AND ?3 IS NOT NULL AND ?4 IS NOT NULL "
		"GROUP BY a.id ORDER BY min(d.id)";
	rd_status rc;
	int n2 = 0;

	memset(h, 0, sizeof *h);
	rc = count_apps(st, zOpenSerial, m->cert.serial, m->app_no,
			&h->open_same_serial, h->open_serial_app_no,
			sizeof h->open_serial_app_no, err);
	if (rc == RD_OK)
		rc = count_apps(st, zOpenOrg, m->org.id_no, m->app_no,
				&h->open_same_org, h->open_org_app_no,
				sizeof h->open_org_app_no, err);
	if (rc == RD_OK)
		rc = count_apps(st, zRejOrg, m->org.id_no, m->app_no,
				&h->rejected_org, h->rejected_app_no,
				sizeof h->rejected_app_no, err);
	if (rc == RD_OK)
		rc = count_apps(st, zRejPerson, m->handler.id_no, m->app_no,
				&h->rejected_person, h->rejected_app_no,
				sizeof h->rejected_app_no, err);
	if (rc == RD_OK && m->has_applicant) {
		rc = count_apps(st, zRejPerson, m->applicant.id_no, m->app_no,
				&n2, h->rejected_app_no,
				sizeof h->rejected_app_no, err);
		h->rejected_person += n2;
	}
	return rc;
}

static rd_status insert_version(struct store *st,
				const struct store_ingest_req *req,
				int64_t app_id, int64_t now,
				int64_t *version_id, struct rd_err *err)
{
	const struct ingest_manifest *m = req->m;
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int i = 0;

	rc = st_prepare(st,
		"INSERT INTO app_versions(app_id,version,type,submitted_at,"
		"submitted_at_text,channel,bundle_name,bundle_sha256,"
		"manifest_json,ingested_at,sla_due_at,"
		"cert_serial,cert_holder,cert_algorithm,cert_not_after,"
		"cert_subject_cn,"
		"org_name,org_id_type,org_id_no,org_province,org_city,org_address,"
		"handler_name,handler_id_type,handler_id_no,handler_mobile,"
		"handler_email,handler_position,"
		"applicant_name,applicant_id_type,applicant_id_no,"
		"applicant_mobile,applicant_email,"
		"fin_account_name,fin_bank,fin_account_no,"
		"ship_recipient,ship_mobile,ship_province,ship_city,ship_county,"
		"ship_address,ship_postcode,"
		"invoice_wanted,invoice_title,invoice_taxpayer_id,"
		"pay_method,pay_amount_fen,pay_trade_no,xfer_payer_account,"
		"xfer_payer_name,xfer_amount_fen,xfer_date,"
		"renewal_months,renewal_sync_dual,"
		"liveness_passed,liveness_score,liveness_ref) VALUES("
		"?,?,?,?,?,?,?,?,?,?,?,"
		"?,?,?,?,?,"
		"?,?,?,?,?,?,"
		"?,?,?,?,?,?,"
		"?,?,?,?,?,"
		"?,?,?,"
		"?,?,?,?,?,?,?,"
		"?,?,?,"
		"?,?,?,?,?,?,?,"
		"?,?,"
		"?,?,?)",
		&p, err);
	if (rc != RD_OK)
		return rc;
#define T(z) st_bind_text(p, ++i, (z))
#define TE(z) st_bind_text(p, ++i, (z) ? (z) : "")
#define I(v) st_bind_int64(p, ++i, (v))
#define N() sqlite3_bind_null(p, ++i)
	I(app_id);
	I(m->version);
	T(rd_app_type_name(m->type));
	I(m->submitted_at);
	T(m->submitted_at_text);
	TE(m->channel);
	T(req->bundle_name);
	T(req->bundle_sha256);
	T(req->manifest_json);
	I(now);
	I(req->sla_due_at);
	TE(m->cert.serial);
	TE(m->cert.holder);
	TE(m->cert.algorithm);
	if (m->cert.has_not_after)
		I(m->cert.not_after);
	else
		N();
	TE(m->cert.subject_cn);
	TE(m->org.name);
	TE(m->org.id_type);
	TE(m->org.id_no);
	TE(m->org.province);
	TE(m->org.city);
	TE(m->org.address);
	TE(m->handler.name);
	TE(m->handler.id_type);
	TE(m->handler.id_no);
	TE(m->handler.mobile);
	TE(m->handler.email);
	TE(m->handler.position);
	TE(m->applicant.name);
	TE(m->applicant.id_type);
	TE(m->applicant.id_no);
	TE(m->applicant.mobile);
	TE(m->applicant.email);
	T(m->fin.account_name);
	T(m->fin.bank);
	T(m->fin.account_no);
	T(m->ship.recipient);
	T(m->ship.mobile);
	T(m->ship.province);
	T(m->ship.city);
	T(m->ship.county);
	T(m->ship.address);
	T(m->ship.postcode);
	I(m->has_invoice && m->invoice.wanted);
	T(m->invoice.title);
	T(m->invoice.taxpayer_id);
	T(m->pay.method);
	I(m->pay.amount_fen);
	T(m->pay.trade_no);
	T(m->pay.payer_account);
	T(m->pay.payer_name);
	if (m->pay.has_transfer)
		I(m->pay.xfer_amount_fen);
	else
		N();
	T(m->pay.date);
	if (m->has_renewal) {
		I(m->renewal.months);
		I(m->renewal.sync_dual_cert);
	} else {
		N();
		N();
	}
	if (m->has_liveness) {
		I(m->liveness.passed);
		sqlite3_bind_double(p, ++i, m->liveness.score);
		T(m->liveness.ref);
	} else {
		N();
		N();
		N();
	}
#undef T
#undef TE
#undef I
#undef N
	rc = step_done(st, &p, _("insert application version"), err);
	if (rc == RD_OK)
		*version_id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

static rd_status insert_files_findings(struct store *st,
				       const struct store_ingest_req *req,
				       int64_t version_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = RD_OK;

	for (size_t i = 0; rc == RD_OK && i < req->nScan; i++) {
		const struct store_ingest_scan *s = &req->aScan[i];

		rc = st_prepare(st,
				"INSERT INTO files(version_id,role,path,sha256,size,"
				"content_type,width,height) "
				"VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
				&p, err);
		if (rc != RD_OK)
			break;
		st_bind_int64(p, 1, version_id);
		st_bind_text(p, 2, s->role);
		st_bind_text(p, 3, s->path);
		st_bind_text(p, 4, s->sha256);
		st_bind_int64(p, 5, s->size);
		st_bind_text(p, 6, s->content_type);
		if (s->width > 0)
			sqlite3_bind_int(p, 7, s->width);
		if (s->height > 0)
			sqlite3_bind_int(p, 8, s->height);
		rc = step_done(st, &p, _("insert scan"), err);
	}
	for (size_t i = 0; rc == RD_OK && req->findings && i < req->findings->n;
	     i++) {
		const struct ingest_finding *f = &req->findings->a[i];

		rc = st_prepare(st,
				"INSERT INTO findings(version_id,code,severity,field,"
				"message,arg) VALUES(?1,?2,?3,?4,?5,?6)",
				&p, err);
		if (rc != RD_OK)
			break;
		st_bind_int64(p, 1, version_id);
		st_bind_text(p, 2, f->code);
		st_bind_text(p, 3, ingest_severity_name(f->severity));
		st_bind_text(p, 4, f->field);
		st_bind_text(p, 5, f->message);
		st_bind_text(p, 6, f->arg);
		rc = step_done(st, &p, _("insert finding"), err);
	}
	return rc;
}

static rd_status insert_check(struct store *st, int64_t app_id,
			      int64_t version_id, const char *kind,
			      int64_t job_id, int64_t now, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "INSERT INTO checks(app_id,version_id,kind,state,"
				  "job_id,created_at,updated_at) "
				  "VALUES(?1,?2,?3,'pending',?4,?5,?5)",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, version_id);
	st_bind_text(p, 3, kind);
	st_bind_int64(p, 4, job_id);
	st_bind_int64(p, 5, now);
	return step_done(st, &p, _("insert check"), err);
}

static rd_status telecom_job(struct store *st,
			     const struct store_ingest_req *req,
			     const struct ingest_person *who, const char *zRole,
			     const char *zCheckKind, int64_t app_id,
			     int64_t version_id, int64_t now,
			     struct rd_err *err)
{
	const struct ingest_manifest *m = req->m;
	char zKey[128];
	char *zPayload;
	int64_t job_id = 0;
	rd_status rc;

	snprintf(zKey, sizeof zKey, "telecom:%s:v%lld:%s", m->app_no,
		 (long long)m->version, zRole);
	zPayload = json_take(json_pack("{s:s,s:s,s:s,s:s}", "name", who->name,
				       "id_no", who->id_no, "mobile", who->mobile,
				       "role", zRole));
	if (!zPayload)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	rc = store_job_enqueue(st, "telecom_verify", app_id, zKey, zPayload, 0,
			       req->job_max_attempts, &job_id, err);
	free(zPayload);
	if (rc == RD_OK)
		rc = insert_check(st, app_id, version_id, zCheckKind, job_id, now,
				  err);
	return rc;
}

static rd_status enqueue_checks(struct store *st,
				const struct store_ingest_req *req,
				int64_t app_id, int64_t version_id, int64_t now,
				struct rd_err *err)
{
	const struct ingest_manifest *m = req->m;
	rd_status rc;

	rc = telecom_job(st, req, &m->handler, "handler", "telecom_handler",
			 app_id, version_id, now, err);
	if (rc == RD_OK && m->has_applicant && m->cert.holder &&
	    !strcmp(m->cert.holder, "personal"))
		rc = telecom_job(st, req, &m->applicant, "applicant",
				 "telecom_applicant", app_id, version_id, now,
				 err);
	if (rc == RD_OK && m->has_financial &&
	    strcmp(m->pay.method, "transfer") != 0) {
		char zKey[128], zMemo[96], zPin[RD_PIN_LEN + 1];
		char *zPayload;
		int64_t job_id = 0;

		snprintf(zKey, sizeof zKey, "bank:%s:v%lld:deposit", m->app_no,
			 (long long)m->version);
		/* The memo names the application and carries the certificate
		 * PIN: the customer reads it off the basic account's
		 * statement, which proves the account is theirs. */
		rc = store_app_pin(st, app_id, zPin, err);
		if (rc != RD_OK)
			return rc;
		snprintf(zMemo, sizeof zMemo, "CA RA %s-v%lld PIN %s", m->app_no,
			 (long long)m->version, zPin);
		zPayload = json_take(json_pack("{s:s,s:s,s:s,s:I,s:s}",
					       "account_name", m->fin.account_name,
					       "account_no", m->fin.account_no,
					       "bank", m->fin.bank,
					       "amount_fen", (json_int_t)1,
					       "memo", zMemo));
		if (!zPayload)
			return rd_err_set(err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
		rc = store_job_enqueue(st, "bank_deposit", app_id, zKey, zPayload,
				       0, req->job_max_attempts, &job_id, err);
		free(zPayload);
		if (rc == RD_OK)
			rc = insert_check(st, app_id, version_id, "bank_fin_auth",
					  job_id, now, err);
	}
	return rc;
}

static rd_status insert_payment(struct store *st,
				const struct ingest_manifest *m, int64_t app_id,
				int64_t version_id, int64_t now,
				struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "INSERT INTO payments(app_id,version_id,method,"
				  "amount_fen,trade_no,state,created_at) "
				  "VALUES(?1,?2,?3,?4,?5,?6,?7)",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, version_id);
	st_bind_text(p, 3, m->pay.method);
	st_bind_int64(p, 4, m->pay.amount_fen);
	st_bind_text(p, 5, m->pay.trade_no);
	st_bind_text(p, 6, strcmp(m->pay.method, "transfer") ? "online"
							      : "unmatched");
	st_bind_int64(p, 7, now);
	return step_done(st, &p, _("insert payment"), err);
}

/* Insert or reopen the applications row. */
static rd_status upsert_application(struct store *st,
				    const struct store_ingest_req *req,
				    int64_t existing_id, enum rd_app_state to,
				    int risk, int64_t now, int64_t *app_id,
				    struct rd_err *err)
{
	const struct ingest_manifest *m = req->m;
	sqlite3_stmt *p = NULL;
	rd_status rc;

	if (existing_id)
		rc = st_prepare(st,
				"UPDATE applications SET type=?1,state=?2,"
				"current_version=?3,submitted_at=?4,sla_due_at=?5,"
				"org_name=?6,org_id_no=?7,cert_serial=?8,"
				"handler_name=?9,risk=?10,verify_summary='',"
				"decided_at=NULL,decided_by=NULL,"
				"row_version=row_version+1,updated_at=?11 "
				"WHERE id=?12",
				&p, err);
	else
		rc = st_prepare(st,
				"INSERT INTO applications(type,state,current_version,"
				"submitted_at,sla_due_at,org_name,org_id_no,"
				"cert_serial,handler_name,risk,created_at,"
				"updated_at,app_no) "
				"VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11,?12)",
				&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, rd_app_type_name(m->type));
	st_bind_text(p, 2, rd_app_state_name(to));
	st_bind_int64(p, 3, m->version);
	st_bind_int64(p, 4, m->submitted_at);
	st_bind_int64(p, 5, req->sla_due_at);
	st_bind_text(p, 6, m->org.name);
	st_bind_text(p, 7, m->org.id_no);
	st_bind_text(p, 8, m->cert.serial ? m->cert.serial : "");
	st_bind_text(p, 9, m->handler.name);
	sqlite3_bind_int(p, 10, risk);
	st_bind_int64(p, 11, now);
	if (existing_id)
		st_bind_int64(p, 12, existing_id);
	else
		st_bind_text(p, 12, m->app_no);
	rc = step_done(st, &p, _("write application"), err);
	if (rc == RD_OK)
		*app_id = existing_id ? existing_id
				      : sqlite3_last_insert_rowid(st->db);
	return rc;
}

rd_status store_ingest_bundle(struct store *st,
			      const struct store_ingest_req *req,
			      enum store_ingest_outcome *outcome,
			      int64_t *app_id_out, struct rd_err *err)
{
	const struct ingest_manifest *m = req->m;
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now(), existing = 0, cur_version = 0, app_id = 0;
	int64_t version_id = 0;
	enum rd_app_state from = RD_ST_RECEIVED, to = RD_ST_RECEIVED;
	enum rd_app_type old_type = m->type;
	char zState[32] = "", zType[16] = "";
	char *zDetails = NULL;
	int risk = req->findings ? ingest_findings_risk(req->findings) : 0;
	rd_status rc;
	int step;

	*outcome = 0;
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT id,state,current_version,type FROM applications "
			"WHERE app_no=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, m->app_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		existing = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, zState, sizeof zState);
		cur_version = sqlite3_column_int64(p, 2);
		st_column_copy(p, 3, zType, sizeof zType);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read application"), err);
		goto fail;
	}

	if (existing && m->version <= cur_version) {
		/* not newer: a duplicate; only the log remembers it */
		rc = log_row(st, req->bundle_name, req->bundle_sha256,
			     "duplicate", m->app_no, m->version, "", err);
		if (rc == RD_OK)
			rc = store_commit(st, err);
		if (rc != RD_OK)
			goto fail;
		*outcome = STORE_INGEST_DUPLICATE;
		if (app_id_out)
			*app_id_out = existing;
		return RD_OK;
	}
	if (existing) {
		struct rd_err e2;

		rd_err_clear(&e2);
		if (rd_app_state_from_name(zState, &from) != RD_OK ||
		    rd_app_type_from_name(zType, &old_type) != RD_OK) {
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("application %s has an unknown state "
					  "'%s' or type '%s'"),
					m->app_no, zState, zType);
			goto fail;
		}
		struct rd_gate_facts gf;
		struct rd_gate_result gr;

		/* The gate, as the system: a new version reopens only a
		 * rejected or returned application (the table says). */
		memset(&gf, 0, sizeof gf);
		gf.type = old_type;
		gf.state = from;
		gf.actor_role = RD_ROLE_SYSTEM;
		gf.transition = RD_ACT_RESUBMIT;
		(void)e2;
		if (rd_gate_check(&gf, RD_GATE_TRANSITION, &gr) == RD_OK)
			to = gr.to;
		else {
			store_rollback(st);
			*outcome = STORE_INGEST_REFUSED;
			return rd_err_set(err, RD_ERR_STATE,
					  _("version %lld of %s arrived while "
					    "version %lld is '%s'; only a rejected "
					    "or financial-authentication-failed "
					    "application takes a new version"),
					  (long long)m->version, m->app_no,
					  (long long)cur_version, zState);
		}
	}

	rc = upsert_application(st, req, existing, to, risk, now, &app_id, err);
	if (rc == RD_OK)
		rc = insert_version(st, req, app_id, now, &version_id, err);
	if (rc == RD_OK)
		rc = st_ingest_rev2(st, m, version_id, err);
	if (rc == RD_OK && req->outlet && *req->outlet)
		/* whose production line makes the key (db 011) */
		rc = st_run(st, NULL, _("record the outlet"), err,
			    "UPDATE app_versions SET outlet=?2 WHERE id=?1",
			    "it", version_id, req->outlet);
	if (rc == RD_OK)
		rc = insert_files_findings(st, req, version_id, err);
	if (rc == RD_OK)
		rc = insert_payment(st, m, app_id, version_id, now, err);
	if (rc == RD_OK)
		rc = enqueue_checks(st, req, app_id, version_id, now, err);
	if (rc == RD_OK && req->scan_read)
		rc = store_scan_read_enqueue(st, app_id, version_id, m->app_no,
					     m->version, req->job_max_attempts,
					     err);
	if (rc == RD_OK)
		rc = log_row(st, req->bundle_name, req->bundle_sha256, "ingested",
			     m->app_no, m->version, "", err);
	if (rc != RD_OK)
		goto fail;
	if (existing) {
		zDetails = json_take(json_pack("{s:I,s:I,s:s,s:s}", "from_version",
					       (json_int_t)cur_version, "version",
					       (json_int_t)m->version, "from",
					       zState, "to",
					       rd_app_state_name(to)));
		rc = zDetails ? store_audit_append(st, req->actor, "app.resubmit",
						   m->app_no, zDetails, err)
			      : rd_err_set(err, RD_ERR_NOMEM, "%s",
					   rd_strerror(RD_ERR_NOMEM));
		free(zDetails);
		zDetails = NULL;
		if (rc != RD_OK)
			goto fail;
	}
	zDetails = json_take(json_pack("{s:I,s:s,s:s,s:I,s:i,s:s}", "version",
				       (json_int_t)m->version, "bundle",
				       req->bundle_name, "sha256",
				       req->bundle_sha256, "findings",
				       (json_int_t)(req->findings ? req->findings->n
								  : 0),
				       "risk", risk, "type",
				       rd_app_type_name(m->type)));
	rc = zDetails ? store_audit_append(st, req->actor, "app.ingest",
					   m->app_no, zDetails, err)
		      : rd_err_set(err, RD_ERR_NOMEM, "%s",
				   rd_strerror(RD_ERR_NOMEM));
	free(zDetails);
	/* A transfer whose line is already on an imported statement is
	 * matched now, not at the next import; and the queue shows the
	 * checks and the payment from the start. */
	if (rc == RD_OK && !strcmp(m->pay.method, "transfer")) {
		int nMatched = 0;

		rc = st_payment_automatch(st, req->actor, app_id, &nMatched,
					  err);
	}
	if (rc == RD_OK)
		rc = store_check_summary_refresh(st, app_id, err);
	if (rc != RD_OK)
		goto fail;
	if (req->before_commit)
		req->before_commit();
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	*outcome = STORE_INGEST_INSERTED;
	if (app_id_out)
		*app_id_out = app_id;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	return rc;
}

rd_status store_demo_decide(struct store *st, const char *app_no,
			    int64_t operator_id, enum rd_app_action action,
			    const char *reason_code, const char *note,
			    int64_t at, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	enum rd_app_state from, mid, to;
	enum rd_app_type type;
	struct demo_gate_out gate;
	int64_t app_id = 0, version_id = 0, decision_id;
	char zState[32] = "", zType[16] = "";
	char *zDetails = NULL;
	rd_status rc;
	int step;

	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT a.id,a.state,a.type,v.id FROM applications a "
			"JOIN app_versions v ON v.app_id=a.id "
			"AND v.version=a.current_version WHERE a.app_no=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, app_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		app_id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, zState, sizeof zState);
		st_column_copy(p, 2, zType, sizeof zType);
		version_id = sqlite3_column_int64(p, 3);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (!app_id) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND, _("no application %s"),
				app_no);
		goto fail;
	}
	if (rd_app_state_from_name(zState, &from) != RD_OK ||
	    rd_app_type_from_name(zType, &type) != RD_OK) {
		rc = rd_err_set(err, RD_ERR_CORRUPT, _("application %s is damaged"),
				app_no);
		goto fail;
	}
	/* As an auditor would: claim it (into review), tick its
	 * checklist, and let the gate decide (store/demo_gate.c). */
	rc = rd_app_transition(type, from, RD_ACT_CLAIM, RD_ROLE_AUDITOR, &mid,
			       err);
	if (rc == RD_OK && mid != from)
		rc = st_run(st, NULL, _("claim the application"), err,
			    "UPDATE applications SET state=?2 WHERE id=?1",
			    "it", app_id, rd_app_state_name(mid));
	if (rc == RD_OK)
		rc = st_demo_gate_decide(st, app_id, operator_id, action,
					 reason_code ? 1 : 0, at, &gate, err);
	to = gate.to;
	if (rc != RD_OK)
		goto fail;
	rc = st_prepare(st,
			"INSERT INTO decisions(app_id,version_id,operator_id,action,"
			"from_state,to_state,note,created_at,override_reason,"
			"countersign) "
			"VALUES(?1,?2,?3,?8,?4,?5,?6,?7,?9,?10)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, version_id);
	st_bind_int64(p, 3, operator_id);
	st_bind_text(p, 4, rd_app_state_name(mid));
	st_bind_text(p, 5, rd_app_state_name(to));
	st_bind_text(p, 6, note ? note : "");
	st_bind_int64(p, 7, at);
	st_bind_text(p, 8, rd_app_action_name(action));
	st_bind_text(p, 9, gate.override ? _("Demo: the checks were not back "
					     "yet; approved on the papers")
					 : "");
	st_bind_text(p, 10, gate.override ? "pending" : "none");
	rc = step_done(st, &p, _("insert decision"), err);
	if (rc != RD_OK)
		goto fail;
	decision_id = sqlite3_last_insert_rowid(st->db);
	if (gate.override)
		rc = st_demo_gate_countersign(st, app_id, decision_id, at,
					      &gate, err);
	/* The claim ends with the decision. */
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("end the claim"), err,
			    "DELETE FROM claims WHERE app_id=?1", "i", app_id);
	if (rc != RD_OK)
		goto fail;
	if (!reason_code)
		goto decided;
	rc = st_prepare(st,
			"INSERT INTO decision_reasons(decision_id,code) "
			"VALUES(?1,?2)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, decision_id);
	st_bind_text(p, 2, reason_code);
	rc = step_done(st, &p, _("insert decision reason"), err);
	if (rc != RD_OK)
		goto fail;
decided:
	rc = st_prepare(st,
			"UPDATE applications SET state=?1,decided_at=?2,"
			"decided_by=?3,row_version=row_version+1,updated_at=?2 "
			"WHERE id=?4",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, rd_app_state_name(to));
	st_bind_int64(p, 2, at);
	st_bind_int64(p, 3, operator_id);
	st_bind_int64(p, 4, app_id);
	rc = step_done(st, &p, _("update application"), err);
	if (rc == RD_OK && action == RD_ACT_APPROVE)
		rc = store_fulfil_on_approve(st, app_id, NULL, note, err);
	if (rc != RD_OK)
		goto fail;
	zDetails = json_take(json_pack("{s:s,s:s,s:s?,s:b,s:b}", "from",
				       zState, "to", rd_app_state_name(to),
				       "reason", reason_code, "demo", 1,
				       "override", gate.override));
	rc = zDetails ? store_audit_append(st, "demo", "app.decide", app_no,
					   zDetails, err)
		      : rd_err_set(err, RD_ERR_NOMEM, "%s",
				   rd_strerror(RD_ERR_NOMEM));
	free(zDetails);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	return rc;
}
