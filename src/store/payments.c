/*
 * payments.c — bank statements and payment matching.
 */
#include "store/payments.h"
#include "store/internal.h"
#include "store/rev2.h"

#include "clock.h"
#include "core/i18n.h"
#include "crypto.h"
#include "store/audit.h"
#include "store/checks.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Organisation names as banks print them differ from what customers type
 * in spaces and in full- versus half-width brackets; compare them folded
 * (the rule of the financial-authentication check, net_bank_names_agree).
 */
/* Names compare in the one normalised form of core/uname.h (NFKC, case
 * and width folded, no spaces or invisible characters): rd_name_key() is
 * registered on every connection by store_open(). */
#define SQL_FOLD(x) "rd_name_key(" x ")"

/* "<len>:<bytes>," per field so no two different lines hash alike. */
static void line_hash(const struct bank_line *l, int occurrence,
		      char out[RD_SHA256_HEX])
{
	struct rd_sha256 *h = rd_sha256_new();
	const char *fields[6];
	char zAmt[32], zOcc[16], zLen[24];

	snprintf(zAmt, sizeof zAmt, "%" PRId64, l->amount_fen);
	snprintf(zOcc, sizeof zOcc, "%d", occurrence);
	fields[0] = l->value_date;
	fields[1] = l->payer_account;
	fields[2] = l->payer_name;
	fields[3] = zAmt;
	fields[4] = l->bank_ref;
	fields[5] = l->memo;
	if (!h) {
		out[0] = '\0';
		return;
	}
	for (int i = 0; i < 6; i++) {
		snprintf(zLen, sizeof zLen, "%zu:", strlen(fields[i]));
		rd_sha256_update(h, zLen, strlen(zLen));
		rd_sha256_update(h, fields[i], strlen(fields[i]));
		rd_sha256_update(h, ",", 1);
	}
	rd_sha256_update(h, zOcc, strlen(zOcc));
	rd_sha256_final_hex(h, out);
	rd_sha256_free(&h);
}

static int same_line(const struct bank_line *a, const struct bank_line *b)
{
	return !strcmp(a->value_date, b->value_date) &&
	       !strcmp(a->payer_account, b->payer_account) &&
	       !strcmp(a->payer_name, b->payer_name) &&
	       a->amount_fen == b->amount_fen &&
	       !strcmp(a->bank_ref, b->bank_ref) && !strcmp(a->memo, b->memo);
}

static rd_status audit_match(struct store *st, const char *actor,
			     const char *action, int64_t app_id,
			     int64_t line_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zAppNo[64] = "", zDetails[96];
	rd_status rc;

	rc = st_prepare(st, "SELECT app_no FROM applications WHERE id=?1", &p,
			err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	if (sqlite3_step(p) == SQLITE_ROW)
		st_column_copy(p, 0, zAppNo, sizeof zAppNo);
	sqlite3_finalize(p);
	snprintf(zDetails, sizeof zDetails, "{\"statement_line\":%lld}",
		 (long long)line_id);
	rc = store_audit_append(st, actor, action, zAppNo, zDetails, err);
	if (rc != RD_OK)
		return rc;
	return store_check_summary_refresh(st, app_id, err);
}

rd_status st_payment_automatch(struct store *st, const char *actor,
				int64_t app_id, int *matched,
				struct rd_err *err)
{
	sqlite3_stmt *pFind = NULL, *pSet = NULL;
	int64_t ids[256][2];
	int n = 0, step;
	rd_status rc;

	*matched = 0;
	/* For each unmatched transfer of a current version, the free line
	 * that fits best: the closest date, then the lowest id (SQLite
	 * cannot ORDER BY an outer column in a scalar subquery, so the
	 * distance and the id are folded into one number and min() picks).
	 * Collected first, then written, so the SELECT is not walking rows
	 * it changes. One application's transfer (ingest) is found through
	 * payments_app: "?3=0 OR pm.app_id=?3" would hide that index and
	 * walk every unmatched payment inside ingest's transaction. */
#define AUTOMATCH_SQL(zWhich)                                                 \
	"SELECT id, app_id, line FROM (SELECT pm.id AS id,"                   \
	" pm.app_id AS app_id, ("                                             \
	" SELECT min(CAST(abs(julianday(l.value_date)-"                       \
	"  julianday(v.xfer_date)) AS INTEGER)*1000000000000+l.id)"           \
	" FROM bank_statement_lines l"                                        \
	" WHERE l.payer_account=v.xfer_payer_account"                         \
	" AND " SQL_FOLD("l.payer_name") "="                                  \
	SQL_FOLD("v.xfer_payer_name")                                         \
	" AND l.amount_fen=coalesce(v.xfer_amount_fen,pm.amount_fen)"         \
	" AND julianday(l.value_date) BETWEEN"                                \
	"  julianday(v.xfer_date)-?1 AND julianday(v.xfer_date)+?2"           \
	" AND NOT EXISTS (SELECT 1 FROM payments q"                           \
	"  WHERE q.statement_line_id=l.id)"                                   \
	" AND NOT EXISTS (SELECT 1 FROM payment_transfer_lines x"             \
	"  WHERE x.line_id=l.id)"                                             \
	") % 1000000000000 AS line"                                           \
	" FROM payments pm JOIN app_versions v ON v.id=pm.version_id"         \
	" JOIN applications a ON a.id=pm.app_id"                              \
	" AND a.current_version=v.version"                                    \
	" WHERE pm.state='unmatched' AND pm.method='transfer'"                \
	" AND v.xfer_date IS NOT NULL AND " zWhich                            \
	/* several transfers: st_payment_automatch_multi (store/rev2.c) */    \
	" AND (SELECT count(*) FROM app_transfers t"                          \
	"  WHERE t.version_id=v.id) <= 1)"                                    \
	" WHERE line IS NOT NULL ORDER BY id LIMIT 256"
	rc = st_prepare(st,
			app_id ? AUTOMATCH_SQL("pm.app_id=?3")
			       : AUTOMATCH_SQL("?3=0"),
			&pFind, err);
#undef AUTOMATCH_SQL
	if (rc != RD_OK)
		return rc;
	sqlite3_bind_int(pFind, 1, PAYMENT_WINDOW_BEFORE);
	sqlite3_bind_int(pFind, 2, PAYMENT_WINDOW_AFTER);
	st_bind_int64(pFind, 3, app_id);
	rc = st_prepare(st,
			"UPDATE payments SET state='matched', statement_line_id=?2,"
			" matched_by=NULL, matched_at=?3 WHERE id=?1"
			" AND state='unmatched' AND NOT EXISTS (SELECT 1 FROM"
			" payments q WHERE q.statement_line_id=?2)",
			&pSet, err);
	if (rc != RD_OK)
		goto done;
	for (;;) {
		int64_t appIds[256];

		n = 0;
		sqlite3_reset(pFind);
		while (n < 256 && (step = sqlite3_step(pFind)) == SQLITE_ROW) {
			ids[n][0] = sqlite3_column_int64(pFind, 0);
			appIds[n] = sqlite3_column_int64(pFind, 1);
			ids[n][1] = sqlite3_column_int64(pFind, 2);
			n++;
		}
		if (n == 0)
			break;
		{
			int changed = 0;

			for (int i = 0; i < n; i++) {
				sqlite3_reset(pSet);
				st_bind_int64(pSet, 1, ids[i][0]);
				st_bind_int64(pSet, 2, ids[i][1]);
				st_bind_int64(pSet, 3, rd_now());
				step = sqlite3_step(pSet);
				if (step != SQLITE_DONE) {
					rc = st_fail(st, step,
						     _("match a payment"), err);
					goto done;
				}
				if (sqlite3_changes(st->db) == 0)
					continue;
				changed++;
				(*matched)++;
				rc = audit_match(st, actor, "payment.match",
						 appIds[i], ids[i][1], err);
				if (rc != RD_OK)
					goto done;
			}
			/* Two payments wanting one line: the loser looks
			 * again; stop when nothing moves. */
			if (!changed)
				break;
		}
	}
	if (rc == RD_OK) {
		int nMulti = 0;

		rc = st_payment_automatch_multi(st, actor, app_id, &nMulti, err);
		*matched += nMulti;
	}
done:
	sqlite3_finalize(pFind);
	sqlite3_finalize(pSet);
	return rc;
}

rd_status store_payment_automatch(struct store *st, const char *actor,
				  int *matched, struct rd_err *err)
{
	int n = 0;
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = st_payment_automatch(st, actor, 0, &n, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK) {
		store_rollback(st);
		return rc;
	}
	if (matched)
		*matched = n;
	return RD_OK;
}

rd_status store_bank_import(struct store *st, const char *actor,
			    const char *file_name, const char *file_sha256,
			    const struct bank_line *lines, size_t nlines,
			    int lines_bad, struct store_bank_import_result *res,
			    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zHash[RD_SHA256_HEX], zDetails[256];
	int64_t now = rd_now();
	rd_status rc;
	int step;

	memset(res, 0, sizeof *res);
	res->lines_bad = lines_bad;
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"INSERT INTO bank_imports(file_name,file_sha256,lines_ok,"
			"lines_bad,lines_dup,operator,imported_at) "
			"VALUES(?1,?2,0,?3,0,?4,?5)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, file_name);
	st_bind_text(p, 2, file_sha256);
	sqlite3_bind_int(p, 3, lines_bad);
	st_bind_text(p, 4, actor);
	st_bind_int64(p, 5, now);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("record a bank import"), err);
		goto fail;
	}
	res->import_id = sqlite3_last_insert_rowid(st->db);
	rc = st_prepare(st,
			"INSERT INTO bank_statement_lines(import_id,line_no,"
			"line_hash,value_date,payer_account,payer_name,"
			"amount_fen,bank_ref,memo) "
			"VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) "
			"ON CONFLICT(line_hash) DO NOTHING",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	for (size_t i = 0; i < nlines; i++) {
		const struct bank_line *l = &lines[i];
		int occ = 0;

		for (size_t j = 0; j < i; j++)
			occ += same_line(&lines[j], l);
		line_hash(l, occ, zHash);
		sqlite3_reset(p);
		st_bind_int64(p, 1, res->import_id);
		sqlite3_bind_int(p, 2, l->line_no);
		st_bind_text(p, 3, zHash);
		st_bind_text(p, 4, l->value_date);
		st_bind_text(p, 5, l->payer_account);
		st_bind_text(p, 6, l->payer_name);
		st_bind_int64(p, 7, l->amount_fen);
		st_bind_text(p, 8, l->bank_ref);
		st_bind_text(p, 9, l->memo);
		step = sqlite3_step(p);
		if (step != SQLITE_DONE) {
			rc = st_fail(st, step, _("store a statement line"), err);
			goto fail;
		}
		if (sqlite3_changes(st->db))
			res->lines_ok++;
		else
			res->lines_dup++;
	}
	sqlite3_finalize(p);
	p = NULL;
	rc = st_prepare(st,
			"UPDATE bank_imports SET lines_ok=?2, lines_dup=?3 "
			"WHERE id=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, res->import_id);
	sqlite3_bind_int(p, 2, res->lines_ok);
	sqlite3_bind_int(p, 3, res->lines_dup);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("record a bank import"), err);
		goto fail;
	}
	snprintf(zDetails, sizeof zDetails,
		 "{\"import\":%lld,\"sha256\":\"%.64s\",\"ok\":%d,\"dup\":%d,"
		 "\"bad\":%d}",
		 (long long)res->import_id, file_sha256, res->lines_ok,
		 res->lines_dup, lines_bad);
	rc = store_audit_append(st, actor, "bank.import", file_name, zDetails,
				err);
	if (rc != RD_OK)
		goto fail;
	rc = st_payment_automatch(st, actor, 0, &res->matched, err);
	if (rc != RD_OK)
		goto fail;
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	return rc;
}

rd_status store_payment_match_manual(struct store *st, const char *actor,
				     int64_t operator_id, const char *app_no,
				     int64_t line_id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t payId = 0, appId = 0;
	char zState[16] = "";
	rd_status rc;
	int step;

	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT pm.id, pm.app_id, pm.state FROM payments pm "
			"JOIN applications a ON a.id=pm.app_id "
			"JOIN app_versions v ON v.id=pm.version_id "
			"AND v.version=a.current_version WHERE a.app_no=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, app_no);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		payId = sqlite3_column_int64(p, 0);
		appId = sqlite3_column_int64(p, 1);
		st_column_copy(p, 2, zState, sizeof zState);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (!payId) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("application %s has no payment to match"),
				app_no);
		goto fail;
	}
	if (strcmp(zState, "unmatched")) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("the payment of %s is %s, not unmatched"),
				app_no, zState);
		goto fail;
	}
	rc = st_prepare(st,
			"SELECT (SELECT count(*) FROM bank_statement_lines "
			"WHERE id=?1), (SELECT count(*) FROM payments "
			"WHERE statement_line_id=?1)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, line_id);
	step = sqlite3_step(p);
	if (step != SQLITE_ROW) {
		rc = st_fail(st, step, _("find the statement line"), err);
		goto fail;
	}
	if (sqlite3_column_int(p, 0) == 0) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no statement line %lld; see radesk bank "
				  "unmatched"),
				(long long)line_id);
		goto fail;
	}
	if (sqlite3_column_int(p, 1) != 0) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("statement line %lld is already matched"),
				(long long)line_id);
		goto fail;
	}
	sqlite3_finalize(p);
	p = NULL;
	rc = st_prepare(st,
			"UPDATE payments SET state='manual', statement_line_id=?2,"
			" matched_by=?3, matched_at=?4 WHERE id=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, payId);
	st_bind_int64(p, 2, line_id);
	if (operator_id > 0)
		st_bind_int64(p, 3, operator_id);
	else
		sqlite3_bind_null(p, 3);
	st_bind_int64(p, 4, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("match a payment"), err);
		goto fail;
	}
	rc = audit_match(st, actor, "payment.match_manual", appId, line_id, err);
	if (rc != RD_OK)
		goto fail;
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	return rc;
}

rd_status store_payment_unmatch(struct store *st,
				const struct rd_operator *op, int64_t app_id,
				struct rd_err *err)
{
	struct store_payment pay;
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (!rd_role_at_least(op->role, RD_ROLE_SUPERVISOR))
		return rd_err_set(err, RD_ERR_DENIED,
				  _("only a supervisor can undo a match"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_payment_get(st, app_id, &pay, err);
	if (rc != RD_OK)
		goto fail;
	if (strcmp(pay.state, "manual")) {
		rc = rd_err_set(err, RD_ERR_STATE,
				_("the payment of %s is %s, not matched by "
				  "hand; only a match by hand can be undone"),
				pay.app_no, pay.state);
		goto fail;
	}
	rc = st_prepare(st,
			"UPDATE payments SET state='unmatched',"
			" statement_line_id=NULL, matched_by=NULL,"
			" matched_at=NULL WHERE id=?1 AND state='manual'",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, pay.id);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("undo a payment match"), err);
		goto fail;
	}
	rc = audit_match(st, op->login, "payment.unmatch", app_id, pay.line_id,
			 err);
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

/* ------------------------------------------------------------ reading */

/* The columns of a statement line, in the order line_from_row reads. */
#define LINE_COLS(t)                                                      \
	t ".id," t ".line_no," t ".value_date," t ".payer_account,"        \
	t ".payer_name," t ".amount_fen," t ".bank_ref," t ".memo"
#define LINE_NCOL 8

/* Fill *l (and *id) from LINE_COLS starting at column i0. */
static void line_from_row(sqlite3_stmt *p, int i0, int64_t *id,
			  struct bank_line *l)
{
	memset(l, 0, sizeof *l);
	*id = sqlite3_column_int64(p, i0);
	l->line_no = sqlite3_column_int(p, i0 + 1);
	st_column_copy(p, i0 + 2, l->value_date, sizeof l->value_date);
	st_column_copy(p, i0 + 3, l->payer_account, sizeof l->payer_account);
	st_column_copy(p, i0 + 4, l->payer_name, sizeof l->payer_name);
	l->amount_fen = sqlite3_column_int64(p, i0 + 5);
	st_column_copy(p, i0 + 6, l->bank_ref, sizeof l->bank_ref);
	st_column_copy(p, i0 + 7, l->memo, sizeof l->memo);
}

/* Step p to the end, handing each row to one_row; non-zero from it
 * stops. zWhat names the read for the error message. */
static rd_status each_row(struct store *st, sqlite3_stmt *p,
			  int (*one_row)(sqlite3_stmt *p, void *ctx),
			  void *ctx, const char *zWhat, struct rd_err *err)
{
	rd_status rc = RD_OK;
	int step;

	while ((step = sqlite3_step(p)) == SQLITE_ROW)
		if (one_row(p, ctx))
			break;
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = st_fail(st, step, zWhat, err);
	sqlite3_finalize(p);
	return rc;
}

struct line_visit {
	store_bank_row_fn fn;
	void *ctx;
};

static int one_line(sqlite3_stmt *p, void *ctx)
{
	struct line_visit *v = ctx;
	struct store_bank_row row;

	memset(&row, 0, sizeof row);
	line_from_row(p, 0, &row.id, &row.line);
	return v->fn(v->ctx, &row);
}

rd_status store_bank_free_lines(struct store *st,
				const struct store_bank_row *after, int limit,
				store_bank_row_fn fn, void *ctx,
				struct rd_err *err)
{
	struct line_visit v = { fn, ctx };
	sqlite3_stmt *p = NULL;
	rd_status rc;

	/* statement_free_date: (value_date, id) WHERE matched=0. */
	rc = st_prepare(st,
			"SELECT " LINE_COLS("l") " FROM bank_statement_lines l"
			" WHERE l.matched=0 AND (l.value_date,l.id)>(?1,?2)"
			" ORDER BY l.value_date, l.id LIMIT ?3",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, after ? after->line.value_date : "");
	st_bind_int64(p, 2, after ? after->id : 0);
	sqlite3_bind_int(p, 3, limit);
	return each_row(st, p, one_line, &v, _("list statement lines"), err);
}

rd_status store_bank_unmatched_lines(struct store *st, store_bank_row_fn fn,
				     void *ctx, struct rd_err *err)
{
	return store_bank_free_lines(st, NULL, -1, fn, ctx, err);
}

#define PAY_COLS                                                              \
	"pm.id,pm.app_id,a.app_no,pm.method,pm.amount_fen,"                   \
	"coalesce(pm.trade_no,''),pm.state,coalesce(pm.statement_line_id,0)," \
	"coalesce(v.xfer_payer_account,''),coalesce(v.xfer_payer_name,''),"  \
	"coalesce(v.xfer_amount_fen,0),coalesce(v.xfer_date,''),"            \
	"coalesce(pm.matched_at,0),coalesce(o.login,''),"                     \
	LINE_COLS("l")
#define PAY_FROM                                                              \
	" FROM payments pm JOIN applications a ON a.id=pm.app_id"             \
	" JOIN app_versions v ON v.id=pm.version_id"                          \
	" AND v.version=a.current_version"                                    \
	" LEFT JOIN bank_statement_lines l ON l.id=pm.statement_line_id"      \
	" LEFT JOIN operators o ON o.id=pm.matched_by"

static void pay_from_row(sqlite3_stmt *p, struct store_payment *o)
{
	int64_t lineId;

	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(p, 0);
	o->app_id = sqlite3_column_int64(p, 1);
	st_column_copy(p, 2, o->app_no, sizeof o->app_no);
	st_column_copy(p, 3, o->method, sizeof o->method);
	o->amount_fen = sqlite3_column_int64(p, 4);
	st_column_copy(p, 5, o->trade_no, sizeof o->trade_no);
	st_column_copy(p, 6, o->state, sizeof o->state);
	o->line_id = sqlite3_column_int64(p, 7);
	st_column_copy(p, 8, o->payer_account, sizeof o->payer_account);
	st_column_copy(p, 9, o->payer_name, sizeof o->payer_name);
	o->xfer_amount_fen = sqlite3_column_int64(p, 10);
	st_column_copy(p, 11, o->xfer_date, sizeof o->xfer_date);
	o->matched_at = sqlite3_column_int64(p, 12);
	st_column_copy(p, 13, o->matched_by, sizeof o->matched_by);
	if (o->line_id)
		line_from_row(p, 14, &lineId, &o->line);
}

rd_status store_payment_get(struct store *st, int64_t app_id,
			    struct store_payment *out, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(out, 0, sizeof *out);
	rc = st_prepare(st, "SELECT " PAY_COLS PAY_FROM " WHERE pm.app_id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		pay_from_row(p, out);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no payment for this application"));
	else
		rc = st_fail(st, step, _("read a payment"), err);
	sqlite3_finalize(p);
	return rc;
}

struct pay_visit {
	store_payment_fn fn;
	void *ctx;
	struct store_payment pay;
};

static int one_payment(sqlite3_stmt *p, void *ctx)
{
	struct pay_visit *v = ctx;

	pay_from_row(p, &v->pay);
	return v->fn(v->ctx, &v->pay);
}

rd_status store_payment_unmatched_page(struct store *st, int64_t after_id,
				       int limit, store_payment_fn fn,
				       void *ctx, struct rd_err *err)
{
	struct pay_visit v = { fn, ctx, { 0 } };
	sqlite3_stmt *p = NULL;
	rd_status rc;

	/* payments_state: (state, id). */
	rc = st_prepare(st,
			"SELECT " PAY_COLS PAY_FROM
			" WHERE pm.state='unmatched' AND pm.id>?1"
			" ORDER BY pm.id LIMIT ?2",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, after_id);
	sqlite3_bind_int(p, 2, limit);
	return each_row(st, p, one_payment, &v, _("list payments"), err);
}

rd_status store_payment_unmatched(struct store *st, store_payment_fn fn,
				  void *ctx, struct rd_err *err)
{
	return store_payment_unmatched_page(st, 0, -1, fn, ctx, err);
}

struct import_visit {
	store_bank_import_fn fn;
	void *ctx;
};

static int one_import(sqlite3_stmt *p, void *ctx)
{
	struct import_visit *v = ctx;
	struct store_bank_import_row r;

	memset(&r, 0, sizeof r);
	r.id = sqlite3_column_int64(p, 0);
	st_column_copy(p, 1, r.file_name, sizeof r.file_name);
	st_column_copy(p, 2, r.sha256, sizeof r.sha256);
	r.lines_ok = sqlite3_column_int(p, 3);
	r.lines_bad = sqlite3_column_int(p, 4);
	r.lines_dup = sqlite3_column_int(p, 5);
	st_column_copy(p, 6, r.operator_login, sizeof r.operator_login);
	r.imported_at = sqlite3_column_int64(p, 7);
	return v->fn(v->ctx, &r);
}

rd_status store_bank_imports(struct store *st, int64_t before_id, int limit,
			     store_bank_import_fn fn, void *ctx,
			     struct rd_err *err)
{
	struct import_visit v = { fn, ctx };
	sqlite3_stmt *p = NULL;
	rd_status rc;

	rc = st_prepare(st,
			"SELECT id,file_name,file_sha256,lines_ok,lines_bad,"
			"lines_dup,operator,imported_at FROM bank_imports"
			" WHERE id<?1 ORDER BY id DESC LIMIT ?2",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, before_id > 0 ? before_id : INT64_MAX);
	sqlite3_bind_int(p, 2, limit);
	return each_row(st, p, one_import, &v, _("list bank imports"), err);
}

rd_status store_reconcile_counts(struct store *st,
				 struct store_reconcile_counts *out,
				 struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	memset(out, 0, sizeof *out);
	rc = st_prepare(st,
			"SELECT (SELECT count(*) FROM payments pm"
			"  JOIN applications a ON a.id=pm.app_id"
			"  JOIN app_versions v ON v.id=pm.version_id"
			"  AND v.version=a.current_version"
			"  WHERE pm.state='unmatched'),"
			" (SELECT count(*) FROM bank_statement_lines"
			"  WHERE matched=0),"
			" (SELECT count(*) FROM bank_imports)",
			&p, err);
	if (rc != RD_OK)
		return rc;
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		out->unmatched = sqlite3_column_int64(p, 0);
		out->free_lines = sqlite3_column_int64(p, 1);
		out->imports = sqlite3_column_int64(p, 2);
	} else {
		rc = st_fail(st, step, _("count what is left to reconcile"),
			     err);
	}
	sqlite3_finalize(p);
	return rc;
}

struct cand_visit {
	store_bank_candidate_fn fn;
	void *ctx;
};

static int one_candidate(sqlite3_stmt *p, void *ctx)
{
	struct cand_visit *v = ctx;
	struct store_bank_candidate c;

	memset(&c, 0, sizeof c);
	line_from_row(p, 0, &c.row.id, &c.row.line);
	c.same_amount = sqlite3_column_int(p, LINE_NCOL);
	c.account = (enum store_likeness)sqlite3_column_int(p, LINE_NCOL + 1);
	c.name = (enum store_likeness)sqlite3_column_int(p, LINE_NCOL + 2);
	c.days = sqlite3_column_int(p, LINE_NCOL + 3);
	c.rank = sqlite3_column_int64(p, LINE_NCOL + 4);
	return v->fn(v->ctx, &c);
}

rd_status store_bank_candidates(struct store *st, int64_t app_id,
				const struct store_bank_candidate *after,
				int limit, store_bank_candidate_fn fn,
				void *ctx, struct rd_err *err)
{
	struct cand_visit v = { fn, ctx };
	sqlite3_stmt *p = NULL;
	rd_status rc;

	/* One number orders the candidates (see payments.h): the amount
	 * decides first (10^12), the likeness of account and name next
	 * (0..4, 10^10), then the distance in days. The free lines come
	 * from the two partial indexes: by amount, and by date. */
	rc = st_prepare(st,
			"WITH pay AS (SELECT"
			" coalesce(v.xfer_amount_fen,pm.amount_fen) AS amt,"
			" coalesce(nullif(v.xfer_date,''),"
			"  date(pm.created_at,'unixepoch','+8 hours')) AS d,"
			" coalesce(v.xfer_payer_account,'') AS acct,"
			" " SQL_FOLD("coalesce(v.xfer_payer_name,'')") " AS nm"
			" FROM payments pm JOIN applications a ON a.id=pm.app_id"
			" JOIN app_versions v ON v.id=pm.version_id"
			" AND v.version=a.current_version WHERE pm.app_id=?1),"
			" c AS (SELECT " LINE_COLS("l") ","
			" l.amount_fen=pay.amt AS same_amt,"
			" CASE WHEN pay.acct<>'' AND l.payer_account=pay.acct"
			"  THEN 2 WHEN length(pay.acct)>=4 AND"
			"  substr(l.payer_account,-4)=substr(pay.acct,-4)"
			"  THEN 1 ELSE 0 END AS acc,"
			" " SQL_FOLD("l.payer_name") " AS ln,"
			" CAST(round(julianday(l.value_date)-julianday(pay.d))"
			"  AS INTEGER) AS days"
			" FROM pay, bank_statement_lines l WHERE l.matched=0"
			" AND (l.amount_fen=pay.amt OR l.value_date BETWEEN"
			"  date(pay.d,printf('-%d days',?5)) AND"
			"  date(pay.d,printf('+%d days',?5)))),"
			" r AS (SELECT *, CASE WHEN pay.nm='' OR ln='' THEN 0"
			"  WHEN ln=pay.nm THEN 2 WHEN instr(ln,pay.nm)>0 OR"
			"  instr(pay.nm,ln)>0 THEN 1 ELSE 0 END AS nml"
			" FROM c, pay),"
			" k AS (SELECT *, (1-same_amt)*1000000000000"
			"  +(4-acc-nml)*10000000000+coalesce(abs(days),9999999)"
			"  AS rank FROM r)"
			" SELECT id,line_no,value_date,payer_account,payer_name,"
			" amount_fen,bank_ref,memo,same_amt,acc,nml,"
			" coalesce(days,0),rank FROM k"
			" WHERE (rank,id)>(?2,?3) ORDER BY rank, id LIMIT ?4",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, after ? after->rank : -1);
	st_bind_int64(p, 3, after ? after->row.id : 0);
	sqlite3_bind_int(p, 4, limit);
	sqlite3_bind_int(p, 5, PAYMENT_PICK_WINDOW);
	return each_row(st, p, one_candidate, &v,
			_("list candidate statement lines"), err);
}
