/*
 * queue_search.c — the global search (see queue_search.h).
 *
 * Like the tab search (queue.c), the term's candidates are first found
 * through indexes and counted; up to SEARCH_CAP they are read by id, in
 * order; more, and the matches are dense enough that walking the
 * applications newest first finds a page at once. Either way the full
 * condition decides. Every value is a bound parameter.
 */
#include "store/queue_search.h"
#include "store/queue_int.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/text.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define SEARCH_CAP 2000

/* Indexed sources of candidate ids. :q the term, :g its org gram,
 * :tail the identity number's last four (NULL when the term is not
 * one). */
static const char *const azCand[] = {
	"SELECT id FROM applications"
	" WHERE app_no >= :q AND app_no < :q || x'ff'",
	"SELECT id FROM applications WHERE org_id_no = :q",
	"SELECT id FROM applications WHERE cert_serial = :q",
	"SELECT id FROM applications WHERE handler_name = :q",
	"SELECT app_id FROM app_versions WHERE applicant_name = :q",
	"SELECT app_id FROM app_versions"
	" WHERE substr(handler_id_no, -4) = :tail",
	"SELECT app_id FROM app_versions"
	" WHERE substr(applicant_id_no, -4) = :tail",
	"SELECT a.id FROM org_grams g JOIN org_names n ON n.id = g.name_id"
	" JOIN applications a ON a.org_name = n.name"
	" WHERE g.gram = :g AND instr(n.name, :q) > 0",
	"SELECT a.id FROM org_names n JOIN applications a"
	" ON a.org_name = n.name"
	" WHERE length(n.name) > 2048 AND instr(n.name, :q) > 0",
	/* the portal's order number (bundle revision 2, indexed) */
	"SELECT v.app_id FROM app_versions v JOIN applications a"
	" ON a.id = v.app_id AND a.current_version = v.version"
	" WHERE v.order_no = :q",
};

/* The full condition, for the walk. */
#define MATCH                                                                 \
	" (substr(a.app_no,1,length(:q)) = :q"                                \
	" OR instr(a.org_name, :q) > 0 OR a.org_id_no = :q"                   \
	" OR a.cert_serial = :q OR a.handler_name = :q"                       \
	" OR a.id IN (SELECT app_id FROM app_versions"                        \
	"  WHERE applicant_name = :q"                                         \
	"  OR substr(handler_id_no, -4) = :tail"                              \
	"  OR substr(applicant_id_no, -4) = :tail)"                           \
	" OR EXISTS (SELECT 1 FROM app_versions ov WHERE ov.app_id = a.id"    \
	"  AND ov.version = a.current_version AND ov.order_no = :q))"

static const char *const azTabCond[STORE_Q_TAB_COUNT] = {
	[STORE_Q_REVIEW] = " AND a.state IN ('received','in_review')",
	[STORE_Q_MINE] = " AND a.id IN (SELECT app_id FROM claims"
			 " WHERE operator_id = :me AND expires_at > :now)",
	[STORE_Q_COUNTERSIGN] = " AND a.id IN (SELECT app_id FROM decisions"
				" WHERE countersign='pending')",
	[STORE_Q_DONE] = " AND a.decided_at IS NOT NULL",
	[STORE_Q_ALL] = "",
};

/* The identity number's tail a term names, into zTail[5]; "" when it
 * names none: four characters (digits, the last may be X), alone or
 * after the masked number's stars. */
static void tail_of(const char *zQ, char zTail[5])
{
	size_t len = strlen(zQ);
	const char *z = zQ + (len >= 4 ? len - 4 : 0);

	zTail[0] = '\0';
	if (len < 4)
		return;
	for (const char *p = zQ; p < z; p++)
		if (!isdigit((unsigned char)*p) && *p != '*')
			return;
	if (len > 4 && !strchr(zQ, '*'))
		return;
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)z[i];

		if (!isdigit(c) && !(i == 3 && (c == 'X' || c == 'x')))
			return;
		zTail[i] = (char)toupper(c);
	}
	zTail[4] = '\0';
}

static void bind_all(sqlite3_stmt *p, const char *zQ, const char *zGram,
		     const char *zTail, int64_t me, int64_t now)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(p, ":q")) > 0)
		st_bind_text(p, i, zQ);
	if ((i = sqlite3_bind_parameter_index(p, ":g")) > 0)
		st_bind_text(p, i, zGram);
	if ((i = sqlite3_bind_parameter_index(p, ":tail")) > 0)
		st_bind_text(p, i, zTail[0] ? zTail : NULL);
	if ((i = sqlite3_bind_parameter_index(p, ":me")) > 0)
		st_bind_int64(p, i, me);
	if ((i = sqlite3_bind_parameter_index(p, ":now")) > 0)
		st_bind_int64(p, i, now);
}

static rd_status put_cand(struct rd_buf *b, const char *zUnion)
{
	rd_status rc = rd_buf_puts(b, "WITH cand(id) AS (");

	for (size_t i = 0; rc == RD_OK && i < sizeof azCand / sizeof *azCand;
	     i++)
		rc = rd_buf_printf(b, "%s%s", i ? zUnion : "", azCand[i]);
	if (rc == RD_OK)
		rc = rd_buf_puts(b, ") ");
	return rc;
}

/* 1 when the term's candidates are few enough to read (SEARCH_CAP). */
static rd_status few_candidates(struct store *st, const char *zQ,
				const char *zGram, const char *zTail,
				int *few, struct rd_err *err)
{
	struct rd_buf b;
	sqlite3_stmt *p = NULL;
	rd_status rc;

	*few = 0;
	rd_buf_init(&b);
	rc = put_cand(&b, " UNION ALL ");
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, "SELECT count(*) FROM"
				     " (SELECT 1 FROM cand LIMIT :cap)");
	if (rc == RD_OK)
		rc = st_prepare(st, rd_buf_str(&b), &p, err);
	if (rc == RD_OK) {
		int step;

		bind_all(p, zQ, zGram, zTail, 0, 0);
		sqlite3_bind_int(p, sqlite3_bind_parameter_index(p, ":cap"),
				 SEARCH_CAP + 1);
		step = sqlite3_step(p);
		if (step == SQLITE_ROW)
			*few = sqlite3_column_int(p, 0) <= SEARCH_CAP;
		else
			rc = st_fail(st, step, _("search the applications"),
				     err);
	}
	sqlite3_finalize(p);
	rd_buf_fini(&b);
	return rc;
}

rd_status store_search_global(struct store *st, const char *q, int tab,
			      int64_t me, int64_t before_id, int64_t now,
			      int limit, struct store_queue_row *rows, int *n,
			      struct rd_err *err)
{
	char zGram[16] = "", zTail[5];
	struct rd_buf b;
	sqlite3_stmt *p = NULL;
	int few = 0, step;
	rd_status rc = RD_OK;

	*n = 0;
	if (!q || !*q || limit <= 0)
		return RD_OK;
	if (tab >= STORE_Q_TAB_COUNT)
		return rd_err_set(err, RD_ERR_INVALID,
				  "store_search_global: bad tab");
	tail_of(q, zTail);
	/* A term that is not UTF-8 is filed under no gram: walk. */
	if (rd_text_utf8_valid(q, strlen(q))) {
		rc = st_search_gram(st, q, zGram, sizeof zGram, err);
		if (rc == RD_OK && zGram[0])
			rc = few_candidates(st, q, zGram, zTail, &few, err);
		if (rc != RD_OK)
			return rc;
	}
	rd_buf_init(&b);
	if (few) {
		rc = put_cand(&b, " UNION ");
		if (rc == RD_OK)
			rc = rd_buf_puts(&b, "SELECT " Q_COLUMNS
					     " FROM cand CROSS JOIN applications a"
					     " ON a.id = cand.id");
	} else {
		rc = rd_buf_puts(&b, "SELECT " Q_COLUMNS " FROM applications a");
	}
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, " LEFT JOIN claims c ON c.app_id=a.id"
				     " AND c.expires_at > :now"
				     " LEFT JOIN operators o ON o.id=c.operator_id"
				     " WHERE" MATCH);
	if (rc == RD_OK && tab >= 0)
		rc = rd_buf_puts(&b, azTabCond[tab]);
	if (rc == RD_OK && before_id > 0)
		rc = rd_buf_puts(&b, " AND a.id < :before");
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, " ORDER BY a.id DESC LIMIT :lim");
	if (rc == RD_OK)
		rc = st_prepare(st, rd_buf_str(&b), &p, err);
	if (rc != RD_OK)
		goto done;
	bind_all(p, q, zGram, zTail, me, now);
	if (before_id > 0)
		st_bind_int64(p, sqlite3_bind_parameter_index(p, ":before"),
			      before_id);
	sqlite3_bind_int(p, sqlite3_bind_parameter_index(p, ":lim"), limit);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < limit)
		st_queue_row_read(p, 0, &rows[(*n)++]);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("search the applications"), err);
done:
	sqlite3_finalize(p);
	rd_buf_fini(&b);
	return rc;
}

enum store_queue_tab store_search_tab_of(const struct store_queue_row *r,
					 int64_t me)
{
	if (r->pending_override)
		return STORE_Q_COUNTERSIGN;
	if (r->claim_op && r->claim_op == me)
		return STORE_Q_MINE;
	if (!strcmp(r->state, "received") || !strcmp(r->state, "in_review"))
		return STORE_Q_REVIEW;
	if (r->decided_at)
		return STORE_Q_DONE;
	return STORE_Q_ALL;
}
