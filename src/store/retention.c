/*
 * retention.c — see retention.h.
 */
#include "store/retention.h"

#include "core/i18n.h"
#include "core/retention.h"
#include "store/audit.h"
#include "store/internal.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The candidates, read before any write (ids only, in id order). */
static rd_status candidates(struct store *st, int64_t cutoff, int64_t **ids,
			    size_t *n, struct rd_err *err)
{
	static const char sql[] =
		"SELECT a.id FROM applications a JOIN app_versions v "
		"ON v.app_id = a.id AND v.version = a.current_version "
		"WHERE a.purged_at IS NULL AND v.cert_not_after IS NOT NULL "
		"AND v.cert_not_after < ?1 ORDER BY a.id";
	sqlite3_stmt *p = NULL;
	size_t cap = 0;
	rd_status rc;
	int r;

	*ids = NULL;
	*n = 0;
	rc = st_prepare(st, sql, &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, cutoff);
	while ((r = sqlite3_step(p)) == SQLITE_ROW) {
		if (*n == cap) {
			int64_t *grown;

			cap = cap ? cap * 2 : 64;
			grown = realloc(*ids, cap * sizeof **ids);
			if (!grown) {
				rc = rd_err_set(err, RD_ERR_NOMEM,
						_("out of memory"));
				goto done;
			}
			*ids = grown;
		}
		(*ids)[(*n)++] = sqlite3_column_int64(p, 0);
	}
	if (r != SQLITE_DONE)
		rc = st_fail(st, r, "read purge candidates", err);
done:
	sqlite3_finalize(p);
	if (rc != RD_OK) {
		free(*ids);
		*ids = NULL;
		*n = 0;
	}
	return rc;
}

/* The application's number, certificate end and scan hashes. */
static rd_status load(struct store *st, int64_t id,
		      struct store_purge_item *it, char ***shas, int *nsha,
		      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int r;

	*shas = NULL;
	*nsha = 0;
	rc = st_prepare(st,
			"SELECT a.app_no, v.cert_not_after FROM applications a "
			"JOIN app_versions v ON v.app_id = a.id AND "
			"v.version = a.current_version WHERE a.id = ?1 AND "
			"a.purged_at IS NULL", &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, id);
	r = sqlite3_step(p);
	if (r == SQLITE_ROW) {
		st_column_copy(p, 0, it->app_no, sizeof it->app_no);
		it->cert_end = sqlite3_column_int64(p, 1);
	} else if (r == SQLITE_DONE) {
		it->cert_end = 0;
	} else {
		rc = st_fail(st, r, "read application", err);
	}
	sqlite3_finalize(p);
	if (rc != RD_OK || it->cert_end == 0)
		return rc;
	rc = st_prepare(st,
			"SELECT DISTINCT sha256 FROM files WHERE version_id IN "
			"(SELECT id FROM app_versions WHERE app_id = ?1) "
			"UNION SELECT label_sha256 FROM shipments WHERE "
			"app_id = ?1 AND label_sha256 IS NOT NULL", &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, id);
	while ((r = sqlite3_step(p)) == SQLITE_ROW) {
		char **grown = realloc(*shas, (size_t)(*nsha + 1) * sizeof **shas);

		if (!grown || !(grown[*nsha] = st_column_dup(p, 0))) {
			if (grown)
				*shas = grown;
			rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
			break;
		}
		*shas = grown;
		(*nsha)++;
	}
	if (rc == RD_OK && r != SQLITE_DONE)
		rc = st_fail(st, r, "read scans", err);
	sqlite3_finalize(p);
	return rc;
}

static void free_shas(char **shas, int n)
{
	for (int i = 0; i < n; i++)
		free(shas[i]);
	free(shas);
}

/* Every personal field of every version, and what points at them. */
static rd_status scrub(struct store *st, int64_t id, int64_t now,
		       int *files, struct rd_err *err)
{
	static const char *const sql[] = {
		"UPDATE app_versions SET manifest_json = '{}', "
		"cert_subject_cn = '', org_name = '', org_id_no = '', "
		"org_address = '', handler_name = '', handler_id_no = '', "
		"handler_mobile = '', handler_email = '', handler_position = '', "
		"applicant_name = '', applicant_id_no = '', "
		"applicant_mobile = '', applicant_email = '', "
		"fin_account_name = '', fin_account_no = '', "
		"ship_recipient = '', ship_mobile = '', ship_address = '', "
		"invoice_title = '', invoice_taxpayer_id = '', "
		"pay_trade_no = '', xfer_payer_account = '', "
		"xfer_payer_name = '', liveness_ref = '', "
		"legal_rep_name = NULL, legal_rep_id_no = NULL, "
		"invoice_email = NULL, invoice_mobile = NULL WHERE app_id = ?1",
		/* revision 2: each transfer's payer; the portal's requests */
		"UPDATE app_transfers SET payer_account = '', payer_name = '', "
		"memo = NULL WHERE version_id IN "
		"(SELECT id FROM app_versions WHERE app_id = ?1)",
		"UPDATE portal_requests SET reason = '', refund_account = NULL "
		"WHERE app_id = ?1",
		/* a finding's value may quote a name or an ID number */
		"UPDATE findings SET arg = '' WHERE version_id IN "
		"(SELECT id FROM app_versions WHERE app_id = ?1)",
		"UPDATE notes SET body = '' WHERE app_id = ?1",
		"UPDATE checks SET detail = '' WHERE app_id = ?1",
		"UPDATE jobs SET payload = '{}', result = NULL WHERE app_id = ?1",
		"UPDATE shipments SET label_sha256 = NULL WHERE app_id = ?1",
		"DELETE FROM app_pins WHERE app_id = ?1",
	};
	rd_status rc;

	/* What the reading of the scans found (names, numbers, the text
	 * of each line) goes with them, before the scans it refers to. */
	static const char *const reads[] = {
		"DELETE FROM scan_read_fields WHERE read_id IN (SELECT r.id "
		"FROM scan_reads r JOIN app_versions v ON v.id = r.version_id "
		"WHERE v.app_id = ?1)",
		"DELETE FROM scan_read_lines WHERE read_id IN (SELECT r.id "
		"FROM scan_reads r JOIN app_versions v ON v.id = r.version_id "
		"WHERE v.app_id = ?1)",
		"DELETE FROM scan_reads WHERE version_id IN "
		"(SELECT id FROM app_versions WHERE app_id = ?1)",
	};

	rc = RD_OK;
	for (size_t i = 0; rc == RD_OK && i < sizeof reads / sizeof reads[0];
	     i++)
		rc = st_run(st, NULL, "remove the scans' readings", err,
			    reads[i], "i", id);
	if (rc == RD_OK)
		rc = st_run(st, files, "remove the scans", err,
		    "DELETE FROM files WHERE version_id IN "
		    "(SELECT id FROM app_versions WHERE app_id = ?1)", "i", id);
	for (size_t i = 0; rc == RD_OK && i < sizeof sql / sizeof sql[0]; i++)
		rc = st_run(st, NULL, "purge personal data", err, sql[i], "i",
			    id);
	if (rc == RD_OK)
		rc = st_run(st, NULL, "mark the application purged", err,
			    "UPDATE applications SET org_name = '', "
			    "org_id_no = '', handler_name = '', purged_at = ?2 "
			    "WHERE id = ?1", "ii", id, now);
	return rc;
}

/* Delete the blob unless another row still references it. */
static int drop_blob(struct store *st, const char *blob_dir, const char *sha)
{
	sqlite3_stmt *p = NULL;
	char zPath[PATH_MAX];
	int used = 1;

	if (st_prepare(st,
		       "SELECT EXISTS(SELECT 1 FROM files WHERE sha256 = ?1) OR "
		       "EXISTS(SELECT 1 FROM shipments WHERE label_sha256 = ?1)",
		       &p, NULL) != RD_OK)
		return 0;
	st_bind_text(p, 1, sha);
	if (sqlite3_step(p) == SQLITE_ROW)
		used = sqlite3_column_int(p, 0);
	sqlite3_finalize(p);
	if (used || strlen(sha) != 64 || strspn(sha, "0123456789abcdef") != 64)
		return 0;
	/* The blob store's layout (src/ingest/blob.c): DIR/ab/abcdef... */
	if (snprintf(zPath, sizeof zPath, "%s/%.2s/%s", blob_dir, sha, sha) >=
	    (int)sizeof zPath)
		return 0;
	return unlink(zPath) == 0;
}

rd_status store_retention_purge(struct store *st, const char *blob_dir,
				int64_t now, int years, int dry_run,
				const char *actor, store_purge_cb cb,
				void *ctx, int64_t *n, struct rd_err *err)
{
	int64_t cutoff = rd_retention_cutoff(now, years);
	int64_t *ids = NULL;
	size_t nids = 0;
	rd_status rc;

	*n = 0;
	if (cutoff == INT64_MIN || years < 1)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("retention of %d years is out of range"),
				  years);
	rc = candidates(st, cutoff, &ids, &nids, err);
	for (size_t i = 0; rc == RD_OK && i < nids; i++) {
		struct store_purge_item it;
		char **shas = NULL, zDetails[160];
		int nsha = 0;

		memset(&it, 0, sizeof it);
		it.app_id = ids[i];
		if (!dry_run) {
			rc = store_begin(st, err);
			if (rc != RD_OK)
				break;
		}
		rc = load(st, ids[i], &it, &shas, &nsha, err);
		/* The rule, asked again inside the transaction. */
		if (rc != RD_OK ||
		    !rd_retention_may_purge(it.cert_end, now, years)) {
			if (!dry_run)
				store_rollback(st);
			free_shas(shas, nsha);
			continue;
		}
		if (dry_run) {
			sqlite3_stmt *p = NULL;

			if (st_prepare(st, "SELECT count(*) FROM files WHERE "
				       "version_id IN (SELECT id FROM "
				       "app_versions WHERE app_id = ?1)",
				       &p, err) == RD_OK) {
				st_bind_int64(p, 1, it.app_id);
				if (sqlite3_step(p) == SQLITE_ROW)
					it.files = sqlite3_column_int(p, 0);
				sqlite3_finalize(p);
			}
		} else {
			rc = scrub(st, it.app_id, now, &it.files, err);
			snprintf(zDetails, sizeof zDetails,
				 "{\"cert_not_after\":%lld,\"years\":%d,"
				 "\"files\":%d}",
				 (long long)it.cert_end, years, it.files);
			if (rc == RD_OK)
				rc = store_audit_append(st, actor, "app.purge",
							it.app_no, zDetails,
							err);
			if (rc == RD_OK)
				rc = store_commit(st, err);
			if (rc != RD_OK) {
				store_rollback(st);
				free_shas(shas, nsha);
				break;
			}
			for (int k = 0; k < nsha; k++)
				it.blobs += drop_blob(st, blob_dir, shas[k]);
		}
		free_shas(shas, nsha);
		(*n)++;
		if (cb)
			cb(ctx, &it);
	}
	free(ids);
	return rc;
}
