/*
 * rev2.c — revision 2 of the bundle format in the database (db 008).
 */
#include "store/rev2.h"

#include "core/i18n.h"

#include <stdio.h>

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
