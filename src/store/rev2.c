/*
 * rev2.c — revision 2 of the bundle format in the database (db 008).
 */
#include "store/rev2.h"

#include "clock.h"
#include "core/i18n.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/payments.h"

#include <stdio.h>
#include <string.h>

rd_status st_ingest_rev2(struct store *st, const struct ingest_manifest *m,
			 int64_t version_id, struct rd_err *err)
{
	char zYears[8] = "", zSync[4] = "", zPairedNa[24] = "";
	rd_status rc;

	if (m->has_renewal && m->renewal.has_years)
		snprintf(zYears, sizeof zYears, "%lld",
			 (long long)m->renewal.years);
	if (m->has_renewal)
		snprintf(zSync, sizeof zSync, "%d", m->renewal.sync_only ? 1 : 0);
	if (m->cert.has_paired && m->cert.paired.has_not_after)
		snprintf(zPairedNa, sizeof zPairedNa, "%lld",
			 (long long)m->cert.paired.not_after);
	/* numbers travel as text and are cast back, so NULL stays NULL */
	rc = st_run(st, NULL, _("store the revision-2 fields"), err,
		    "UPDATE app_versions SET order_no=?2,related_app_no=?3,"
		    "legal_rep_name=?4,legal_rep_id_type=?5,legal_rep_id_no=?6,"
		    "auth_method=?7,invoice_kind=?8,invoice_purpose=?9,"
		    "invoice_email=?10,invoice_mobile=?11,"
		    "renewal_years=CAST(nullif(?12,'') AS INTEGER),"
		    "renewal_sync_only=CAST(nullif(?13,'') AS INTEGER),"
		    "paired_serial=?14,paired_algorithm=?15,"
		    "paired_not_after=CAST(nullif(?16,'') AS INTEGER) "
		    "WHERE id=?1",
		    "ittttttttttttttt", version_id, m->order_no,
		    m->related_app_no,
		    m->has_legal_rep ? m->legal_rep.name : NULL,
		    m->has_legal_rep ? m->legal_rep.id_type : NULL,
		    m->has_legal_rep ? m->legal_rep.id_no : NULL,
		    m->auth_method, m->invoice.kind, m->invoice.purpose,
		    m->invoice.email, m->invoice.mobile, zYears, zSync,
		    m->cert.has_paired ? m->cert.paired.serial : NULL,
		    m->cert.has_paired ? m->cert.paired.algorithm : NULL,
		    zPairedNa);
	for (size_t i = 0; rc == RD_OK && i < m->pay.nXfer; i++) {
		const struct ingest_transfer *t = &m->pay.aXfer[i];

		rc = st_run(st, NULL, _("store a transfer"), err,
			    "INSERT INTO app_transfers(version_id,idx,"
			    "payer_account,payer_name,amount_fen,date,memo) "
			    "VALUES(?1,?2,?3,?4,?5,?6,?7)",
			    "iittitt", version_id, (int64_t)i, t->payer_account,
			    t->payer_name, t->amount_fen, t->date, t->memo);
	}
	return rc;
}

/* The best free line for transfer tid, or 0. */
static rd_status free_line(struct store *st, int64_t tid, int64_t *line,
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*line = 0;
	rc = st_prepare(st,
			"SELECT l.id FROM app_transfers t"
			" JOIN bank_statement_lines l ON l.payer_account=t.payer_account"
			" AND l.amount_fen=t.amount_fen"
			" AND rd_name_key(l.payer_name)=rd_name_key(t.payer_name)"
			" AND julianday(l.value_date) BETWEEN julianday(t.date)-?2"
			"  AND julianday(t.date)+?3"
			" WHERE t.id=?1"
			" AND NOT EXISTS (SELECT 1 FROM payments q"
			"  WHERE q.statement_line_id=l.id)"
			" AND NOT EXISTS (SELECT 1 FROM payment_transfer_lines x"
			"  WHERE x.line_id=l.id)"
			" ORDER BY abs(julianday(l.value_date)-julianday(t.date)),"
			" l.id LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, tid);
	sqlite3_bind_int(p, 2, PAYMENT_WINDOW_BEFORE);
	sqlite3_bind_int(p, 3, PAYMENT_WINDOW_AFTER);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*line = sqlite3_column_int64(p, 0);
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("match a payment"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status st_payment_automatch_multi(struct store *st, const char *actor,
				     int64_t app_id, int *matched,
				     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t aPay[256][3];
	int nPay = 0, step;
	rd_status rc;

	*matched = 0;
	rc = st_prepare(st,
			"SELECT pm.id, pm.app_id, v.id FROM payments pm"
			" JOIN applications a ON a.id=pm.app_id"
			" JOIN app_versions v ON v.id=pm.version_id"
			" AND v.version=a.current_version"
			" WHERE pm.state='unmatched' AND pm.method='transfer'"
			" AND (?1=0 OR pm.app_id=?1)"
			" AND (SELECT count(*) FROM app_transfers t"
			"  WHERE t.version_id=v.id) > 1"
			" ORDER BY pm.id LIMIT 256",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	while (nPay < 256 && (step = sqlite3_step(p)) == SQLITE_ROW) {
		aPay[nPay][0] = sqlite3_column_int64(p, 0);
		aPay[nPay][1] = sqlite3_column_int64(p, 1);
		aPay[nPay][2] = sqlite3_column_int64(p, 2);
		nPay++;
	}
	sqlite3_finalize(p);
	p = NULL;
	for (int i = 0; rc == RD_OK && i < nPay; i++) {
		int64_t aT[32], first = 0;
		int nT = 0, all = 1;
		char zDetails[600];
		size_t len;

		rc = st_prepare(st,
				"SELECT id FROM app_transfers WHERE version_id=?1"
				" ORDER BY idx LIMIT 32",
				&p, err);
		if (rc != RD_OK)
			break;
		st_bind_int64(p, 1, aPay[i][2]);
		while (nT < 32 && sqlite3_step(p) == SQLITE_ROW)
			aT[nT++] = sqlite3_column_int64(p, 0);
		sqlite3_finalize(p);
		p = NULL;
		len = (size_t)snprintf(zDetails, sizeof zDetails,
				       "{\"statement_lines\":[");
		for (int k = 0; rc == RD_OK && k < nT && all; k++) {
			int64_t line = 0;

			rc = free_line(st, aT[k], &line, err);
			if (rc != RD_OK)
				break;
			if (!line) {
				all = 0;
				break;
			}
			if (!first)
				first = line;
			if (len < sizeof zDetails)
				len += (size_t)snprintf(zDetails + len,
							sizeof zDetails - len,
							"%s%lld", k ? "," : "",
							(long long)line);
			rc = st_run(st, NULL, _("match a payment"), err,
				    "INSERT INTO payment_transfer_lines(payment_id,"
				    "transfer_id,line_id) VALUES(?1,?2,?3)",
				    "iii", aPay[i][0], aT[k], line);
		}
		if (rc != RD_OK)
			break;
		if (!all) {
			rc = st_run(st, NULL, _("match a payment"), err,
				    "DELETE FROM payment_transfer_lines"
				    " WHERE payment_id=?1",
				    "i", aPay[i][0]);
			continue;
		}
		if (len < sizeof zDetails)
			snprintf(zDetails + len, sizeof zDetails - len, "]}");
		rc = st_run(st, NULL, _("match a payment"), err,
			    "UPDATE payments SET state='matched',"
			    " statement_line_id=?2, matched_by=NULL, matched_at=?3"
			    " WHERE id=?1 AND state='unmatched'",
			    "iii", aPay[i][0], first, rd_now());
		if (rc == RD_OK) {
			char zAppNo[64] = "";

			rc = st_prepare(st,
					"SELECT app_no FROM applications WHERE id=?1",
					&p, err);
			if (rc != RD_OK)
				break;
			st_bind_int64(p, 1, aPay[i][1]);
			if (sqlite3_step(p) == SQLITE_ROW)
				st_column_copy(p, 0, zAppNo, sizeof zAppNo);
			sqlite3_finalize(p);
			p = NULL;
			rc = store_audit_append(st, actor, "payment.match", zAppNo,
						zDetails, err);
		}
		if (rc == RD_OK)
			rc = store_check_summary_refresh(st, aPay[i][1], err);
		if (rc == RD_OK)
			(*matched)++;
	}
	return rc;
}
