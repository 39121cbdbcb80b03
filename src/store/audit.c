/*
 * audit.c — hash-chained audit log.
 */
#include "store/audit.h"
#include "store/internal.h"

#include "clock.h"
#include "core/i18n.h"
#include "crypto.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

static void put_field(struct rd_sha256 *h, const char *z)
{
	char zLen[24];
	size_t n = z ? strlen(z) : 0;

	snprintf(zLen, sizeof zLen, "%zu:", n);
	rd_sha256_update(h, zLen, strlen(zLen));
	if (n)
		rd_sha256_update(h, z, n);
	rd_sha256_update(h, ",", 1);
}

/* hash = SHA-256(prev, id, at, actor, action, subject, details). */
static rd_status row_hash(const char *prev, int64_t id, int64_t at,
			  const char *actor, const char *action,
			  const char *subject, const char *details,
			  char out[RD_SHA256_HEX])
{
	struct rd_sha256 *h = rd_sha256_new();
	char zNum[24];

	if (!h)
		return RD_ERR_NOMEM;
	put_field(h, "radesk-audit/1");
	put_field(h, prev);
	snprintf(zNum, sizeof zNum, "%" PRId64, id);
	put_field(h, zNum);
	snprintf(zNum, sizeof zNum, "%" PRId64, at);
	put_field(h, zNum);
	put_field(h, actor);
	put_field(h, action);
	put_field(h, subject);
	put_field(h, details);
	rd_sha256_final_hex(h, out);
	rd_sha256_free(&h);
	return RD_OK;
}

rd_status store_audit_head(struct store *st, int64_t *id, char hash[65],
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*id = 0;
	hash[0] = '\0';
	rc = st_prepare(st, "SELECT id, hash FROM audit_log ORDER BY id DESC "
			    "LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, hash, 65);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read audit head"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status store_audit_tip(struct store *st, int64_t *count, int64_t *id,
			  char hash[65], struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*count = 0;
	*id = 0;
	hash[0] = '\0';
	/* One statement, so count and head come from the same state. */
	rc = st_prepare(st,
			"SELECT (SELECT count(*) FROM audit_log), id, hash"
			" FROM audit_log ORDER BY id DESC LIMIT 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		*count = sqlite3_column_int64(p, 0);
		*id = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, hash, 65);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read audit head"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status store_audit_hash_at(struct store *st, int64_t id, char hash[65],
			      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	hash[0] = '\0';
	rc = st_prepare(st, "SELECT hash FROM audit_log WHERE id = ?1", &p,
			err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		st_column_copy(p, 0, hash, 65);
	else if (step == SQLITE_DONE)
		rc = RD_ERR_NOTFOUND;
	else
		rc = st_fail(st, step, _("read audit head"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_audit_append(struct store *st, const char *actor,
			     const char *action, const char *subject,
			     const char *details, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zPrev[65], zHash[RD_SHA256_HEX];
	int64_t lastId, at = rd_now();
	rd_status rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_audit_append outside a transaction");
	rc = store_audit_head(st, &lastId, zPrev, err);
	if (rc != RD_OK)
		return rc;
	if (lastId == 0)
		memcpy(zPrev, zero_hash, sizeof zero_hash);
	if (!subject)
		subject = "";
	if (!details)
		details = "";
	rc = row_hash(zPrev, lastId + 1, at, actor, action, subject, details,
		      zHash);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"INSERT INTO audit_log(id,at,actor,action,subject,"
			"details,prev_hash,hash) VALUES(?1,?2,?3,?4,?5,?6,?7,?8)",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, lastId + 1);
	st_bind_int64(p, 2, at);
	st_bind_text(p, 3, actor);
	st_bind_text(p, 4, action);
	st_bind_text(p, 5, subject);
	st_bind_text(p, 6, details);
	st_bind_text(p, 7, zPrev);
	st_bind_text(p, 8, zHash);
	if (sqlite3_step(p) != SQLITE_DONE)
		rc = st_fail(st, sqlite3_errcode(st->db), _("write audit log"),
			     err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_audit_verify(struct store *st, int64_t *rows, int64_t *bad_id,
			     struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zPrev[65], zHash[RD_SHA256_HEX];
	int64_t expect_id = 1;
	rd_status rc;
	int step;

	*rows = 0;
	*bad_id = 0;
	memcpy(zPrev, zero_hash, sizeof zero_hash);
	rc = st_prepare(st,
			"SELECT id,at,actor,action,subject,details,prev_hash,"
			"hash FROM audit_log ORDER BY id",
			&p, err);
	if (rc != RD_OK)
		return rc;
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(p, 0);
		const char *zStoredPrev = (const char *)sqlite3_column_text(p, 6);
		const char *zStored = (const char *)sqlite3_column_text(p, 7);

		if (id != expect_id) {
			*bad_id = id;
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("audit row %lld: expected row %lld "
					  "(a row was deleted or inserted)"),
					(long long)id, (long long)expect_id);
			goto done;
		}
		if (!zStoredPrev || strcmp(zStoredPrev, zPrev) != 0) {
			*bad_id = id;
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("audit row %lld: prev_hash does not "
					  "match row %lld"),
					(long long)id, (long long)(id - 1));
			goto done;
		}
		rc = row_hash(zPrev, id, sqlite3_column_int64(p, 1),
			      (const char *)sqlite3_column_text(p, 2),
			      (const char *)sqlite3_column_text(p, 3),
			      (const char *)sqlite3_column_text(p, 4),
			      (const char *)sqlite3_column_text(p, 5), zHash);
		if (rc != RD_OK)
			goto done;
		if (!zStored || strcmp(zStored, zHash) != 0) {
			*bad_id = id;
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("audit row %lld: content does not "
					  "match its hash (the row was edited)"),
					(long long)id);
			goto done;
		}
		memcpy(zPrev, zHash, sizeof zPrev);
		(*rows)++;
		expect_id++;
	}
	if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read audit log"), err);
done:
	sqlite3_finalize(p);
	return rc;
}

void store_audit_row_fini(struct store_audit_row *row)
{
	free(row->details);
	row->details = NULL;
}

rd_status store_audit_list(struct store *st, const char *subject,
			   int64_t before_id, int limit, store_audit_fn fn,
			   void *ctx, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	/* Two statements, not "?1 IS NULL OR subject=?1": that hides
	 * audit_subject from the planner, and one application's history
	 * (the detail screen) would walk the whole log from its end. */
	rc = st_prepare(st,
			subject ? "SELECT id,at,actor,action,subject,details,"
				  "hash,prev_hash FROM audit_log "
				  "WHERE subject = ?1 AND id < ?2 "
				  "ORDER BY id DESC LIMIT ?3"
				: "SELECT id,at,actor,action,subject,details,"
				  "hash,prev_hash FROM audit_log "
				  "WHERE id < ?2 "
				  "ORDER BY id DESC LIMIT ?3",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, subject);
	st_bind_int64(p, 2, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(p, 3, limit > 0 ? limit : -1);
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_audit_row row;
		int stop;

		memset(&row, 0, sizeof row);
		row.id = sqlite3_column_int64(p, 0);
		row.at = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, row.actor, sizeof row.actor);
		st_column_copy(p, 3, row.action, sizeof row.action);
		st_column_copy(p, 4, row.subject, sizeof row.subject);
		row.details = st_column_dup(p, 5);
		st_column_copy(p, 6, row.hash, sizeof row.hash);
		st_column_copy(p, 7, row.prev_hash, sizeof row.prev_hash);
		if (!row.details) {
			rc = RD_ERR_NOMEM;
			break;
		}
		stop = fn(ctx, &row);
		store_audit_row_fini(&row);
		if (stop)
			break;
	}
	if (rc == RD_OK && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read audit log"), err);
	sqlite3_finalize(p);
	return rc;
}
