/*
 * queue.c — keyset-paged queues, match search and the detail read.
 *
 * The SQL text is assembled only from the constant fragments below; every
 * value is a bound parameter.
 */
#include "store/queue.h"
#include "store/internal.h"
#include "store/queue_int.h"

#include "core/buf.h"
#include "core/i18n.h"
#include "core/money.h"
#include "core/state.h"
#include "core/text.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Q_COLUMNS: in store/queue_int.h, shared with the global search. */

/* Tab conditions. Each is written so that, together with the ORDER BY
 * of its tab, one index serves it in order (see db/001_init.sql):
 * The to-review tab runs once per open state on applications_queue and the two
 * ordered streams are merged in C; DONE walks applications_decided; ALL
 * walks applications_due; MINE and COUNTERSIGN start from their small
 * sets (claims_operator, decisions_pending). */
static const char *const azTab[STORE_Q_TAB_COUNT] = {
	[STORE_Q_REVIEW] = "a.state = :state",
	[STORE_Q_MINE] = "c.operator_id = :me",
	[STORE_Q_COUNTERSIGN] = "a.id IN (SELECT app_id FROM decisions "
				"WHERE countersign='pending')",
	[STORE_Q_DONE] = "a.decided_at IS NOT NULL",
	[STORE_Q_ALL] = "1",
};

/* A tab's order: the column (an expression an index holds), whether it
 * is text, and whether it runs descending. */
struct order {
	const char *zCol;
	int text;
	int desc;
};

static struct order order_of(const struct store_queue_filter *f)
{
	static const char *const azCol[STORE_QS_COUNT] = {
		[STORE_QS_SLA] = "a.sla_due_at",
		[STORE_QS_SUBMITTED] = "a.submitted_at",
		[STORE_QS_APP_NO] = "a.app_no",
		[STORE_QS_ORG] = "substr(a.org_name,1,64)",
		[STORE_QS_DECIDED] = "a.decided_at",
	};
	struct order o;

	if (f->sort <= STORE_QS_DEFAULT || f->sort >= STORE_QS_COUNT) {
		o.desc = f->tab == STORE_Q_DONE;
		o.zCol = o.desc ? "a.decided_at" : "a.sla_due_at";
		o.text = 0;
		return o;
	}
	o.zCol = azCol[f->sort];
	o.text = f->sort == STORE_QS_APP_NO || f->sort == STORE_QS_ORG;
	o.desc = f->desc != 0;
	return o;
}

/* Column 16 of a page's rows is the sort key. */
static void key_read(sqlite3_stmt *p, const struct order *o,
		     struct store_queue_row *r)
{
	if (o->text)
		st_column_copy(p, 16, r->key.ks, sizeof r->key.ks);
	else
		r->key.k = sqlite3_column_int64(p, 16);
}

void st_queue_row_read(sqlite3_stmt *p, int done_tab,
		       struct store_queue_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(p, 0);
	st_column_copy(p, 1, r->app_no, sizeof r->app_no);
	st_column_copy(p, 2, r->type, sizeof r->type);
	st_column_copy(p, 3, r->state, sizeof r->state);
	st_column_copy(p, 4, r->org_name, sizeof r->org_name);
	st_column_copy(p, 5, r->org_id_no, sizeof r->org_id_no);
	st_column_copy(p, 6, r->handler_name, sizeof r->handler_name);
	st_column_copy(p, 7, r->verify_summary, sizeof r->verify_summary);
	st_column_copy(p, 8, r->claimed_by, sizeof r->claimed_by);
	r->claim_op = sqlite3_column_int64(p, 9);
	r->submitted_at = sqlite3_column_int64(p, 10);
	r->sla_due_at = sqlite3_column_int64(p, 11);
	r->decided_at = sqlite3_column_int64(p, 12);
	r->row_version = sqlite3_column_int64(p, 13);
	r->risk = sqlite3_column_int(p, 14);
	r->pending_override = sqlite3_column_int(p, 15);
	r->key.k = done_tab ? r->decided_at : r->sla_due_at;
	r->key.id = r->id;
}

static int is_open_state(const char *z)
{
	return !strcmp(z, "received") || !strcmp(z, "in_review");
}

/*
 * A search term matches an application by a prefix of its number, its
 * USCC, serial, handler name or portal order number (exactly), or a part
 * of its organisation's name. Tested row by row while walking a tab, a term that matches little
 * reads the whole tab (a million rows: over half a second, the console
 * frozen). So search_plan() first counts the term's candidates, found
 * through indexes: the number range (app_no's own index), the three
 * exact columns' indexes, and the organisation names filed in org_grams
 * under the term's rarest pair of characters (db/007_search.sql) that
 * contain it. Up to SEARCH_CAP of them, the page or count reads just
 * those (cand, below); more, and the matches are dense enough that
 * walking the tab in order finds a page at once, as before. Either way
 * the full condition (SEARCH_MATCH) decides, so the rows and their
 * order are what the walk alone would give.
 */
#define SEARCH_CAP 2000

#define SEARCH_MATCH                                                          \
	" AND (substr(a.app_no,1,length(:q)) = :q"                            \
	" OR instr(a.org_name, :q) > 0 OR a.org_id_no = :q"                   \
	" OR a.cert_serial = :q OR a.handler_name = :q"                       \
	" OR EXISTS (SELECT 1 FROM app_versions ov WHERE ov.app_id = a.id"    \
	"  AND ov.version = a.current_version AND ov.order_no = :q))"

/* The candidates' sources; joined by UNION ALL to count them (stops at
 * the cap), by UNION to read them (each once). x'ff' ends the app_no
 * range: no UTF-8 text holds that byte. Names longer than gram_pos
 * reaches are few and read through their own partial index. */
static const char *const azCand[] = {
	"SELECT id FROM applications"
	" WHERE app_no >= :q AND app_no < :q || x'ff'",
	"SELECT id FROM applications WHERE org_id_no = :q",
	"SELECT id FROM applications WHERE cert_serial = :q",
	"SELECT id FROM applications WHERE handler_name = :q",
	/* the portal's order number (bundle revision 2, db 008's index) */
	"SELECT v.app_id FROM app_versions v JOIN applications a"
	" ON a.id = v.app_id AND a.current_version = v.version"
	" WHERE v.order_no = :q",
	"SELECT a.id FROM org_grams g JOIN org_names n ON n.id = g.name_id"
	" JOIN applications a ON a.org_name = n.name"
	" WHERE g.gram = :g AND instr(n.name, :q) > 0",
	"SELECT a.id FROM org_names n JOIN applications a"
	" ON a.org_name = n.name"
	" WHERE length(n.name) > 2048 AND instr(n.name, :q) > 0",
};

/* How one search is answered (search_plan). */
struct search {
	int by_cand;             /* 1: read the candidates; 0: walk the tab */
	char gram[16];           /* the org_grams key for :g */
};

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

/* Bytes of the character at z, split as SQLite's substr() splits text:
 * a byte from 0xc0 up takes the continuation bytes after it. */
static size_t char_len(const char *z)
{
	size_t n = 1;

	if ((unsigned char)z[0] >= 0xc0)
		while (((unsigned char)z[n] & 0xc0) == 0x80)
			n++;
	return n;
}

/* Names filed under the gram zGram[0..nGram), counted up to the cap. */
static rd_status gram_count(sqlite3_stmt *p, const char *zGram, size_t nGram,
			    int *count)
{
	int step;

	sqlite3_reset(p);
	sqlite3_bind_text(p, 1, zGram, (int)nGram, SQLITE_TRANSIENT);
	sqlite3_bind_int(p, 2, SEARCH_CAP + 1);
	step = sqlite3_step(p);
	*count = step == SQLITE_ROW ? sqlite3_column_int(p, 0) : 0;
	return step == SQLITE_ROW ? RD_OK : RD_ERR_DB;
}

/* The term's rarest gram into s->gram: itself when it is one character,
 * else the pair of adjacent characters filed under the fewest names. */
static rd_status pick_gram(struct store *st, const char *zQ, struct search *s,
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	size_t n0 = char_len(zQ), n1;
	int best = -1, count = 0;
	rd_status rc;

	if (!zQ[n0]) {
		if (n0 < sizeof s->gram)
			memcpy(s->gram, zQ, n0 + 1);
		return RD_OK;
	}
	rc = st_prepare(st,
			"SELECT count(*) FROM (SELECT 1 FROM org_grams"
			" WHERE gram = ?1 LIMIT ?2)",
			&p, err);
	for (const char *z = zQ; rc == RD_OK && z[n0]; z += n0, n0 = n1) {
		n1 = char_len(z + n0);
		if (n0 + n1 >= sizeof s->gram)
			continue;
		rc = gram_count(p, z, n0 + n1, &count);
		if (rc != RD_OK)
			rc = st_fail(st, sqlite3_errcode(st->db),
				     _("search the queue"), err);
		else if (best < 0 || count < best) {
			best = count;
			memcpy(s->gram, z, n0 + n1);
			s->gram[n0 + n1] = '\0';
		}
		if (best == 0)
			break;
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status st_search_gram(struct store *st, const char *zQ, char *zGram,
			 size_t nGram, struct rd_err *err)
{
	struct search srch;
	rd_status rc;

	memset(&srch, 0, sizeof srch);
	rc = pick_gram(st, zQ, &srch, err);
	snprintf(zGram, nGram, "%s", srch.gram);
	return rc;
}

/* Decide how to answer the search zQ (see SEARCH_CAP). */
static rd_status search_plan(struct store *st, const char *zQ,
			     struct search *s, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	struct rd_buf b;
	rd_status rc;

	memset(s, 0, sizeof *s);
	/* A term that is not UTF-8 may split into characters that no name
	 * was filed under: walk, as before. */
	if (!rd_text_utf8_valid(zQ, strlen(zQ)))
		return RD_OK;
	rc = pick_gram(st, zQ, s, err);
	if (rc != RD_OK || !s->gram[0])
		return rc;
	rd_buf_init(&b);
	rc = put_cand(&b, " UNION ALL ");
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, "SELECT count(*) FROM"
				     " (SELECT 1 FROM cand LIMIT :cap)");
	if (rc == RD_OK)
		rc = st_prepare(st, rd_buf_str(&b), &p, err);
	if (rc == RD_OK) {
		int step;

		st_bind_text(p, sqlite3_bind_parameter_index(p, ":q"), zQ);
		st_bind_text(p, sqlite3_bind_parameter_index(p, ":g"), s->gram);
		sqlite3_bind_int(p, sqlite3_bind_parameter_index(p, ":cap"),
				 SEARCH_CAP + 1);
		step = sqlite3_step(p);
		if (step == SQLITE_ROW)
			s->by_cand = sqlite3_column_int(p, 0) <= SEARCH_CAP;
		else
			rc = st_fail(st, step, _("search the queue"), err);
	}
	sqlite3_finalize(p);
	rd_buf_fini(&b);
	return rc;
}

/* The filter menu's conditions (states are read one by one, see
 * store_queue_page). */
static rd_status put_menu_filter(struct rd_buf *b,
				 const struct store_queue_filter *f)
{
	rd_status rc = RD_OK;

	if (f->risk_only)
		rc = rd_buf_puts(b, " AND a.risk >= 2");
	if (rc == RD_OK && f->mine_only && f->tab != STORE_Q_MINE)
		rc = rd_buf_puts(b, " AND c.operator_id = :me");
	if (rc == RD_OK && f->due_from)
		rc = rd_buf_puts(b, " AND a.sla_due_at >= :due_from");
	if (rc == RD_OK && f->due_before)
		rc = rd_buf_puts(b, " AND a.sla_due_at < :due_before");
	if (rc == RD_OK && f->channel && *f->channel)
		rc = rd_buf_puts(b, " AND EXISTS (SELECT 1 FROM app_versions v"
				    " WHERE v.app_id = a.id"
				    " AND v.version = a.current_version"
				    " AND v.channel = :channel)");
	if (rc == RD_OK && f->sort == STORE_QS_DECIDED)
		rc = rd_buf_puts(b, " AND a.decided_at IS NOT NULL");
	return rc;
}

/* FROM and WHERE of a tab's query, with the filter; the claims join only
 * when asked for (the page's columns, the MINE tab), as counting needs
 * neither. s: the search's plan, NULL when there is no search. */
static rd_status build_where(struct rd_buf *b, const struct store_queue_filter *f,
			     const struct search *s, int with_claims)
{
	rd_status rc = rd_buf_puts(b, s && s->by_cand
					      ? " FROM cand CROSS JOIN applications a"
						" ON a.id = cand.id"
					      : " FROM applications a");

	if (rc == RD_OK && (with_claims || f->tab == STORE_Q_MINE ||
			    f->mine_only))
		rc = rd_buf_puts(b, " LEFT JOIN claims c ON c.app_id=a.id"
				    " AND c.expires_at > :now"
				    " LEFT JOIN operators o ON o.id=c.operator_id");
	if (rc == RD_OK)
		rc = rd_buf_puts(b, " WHERE ");
	if (rc == RD_OK)
		rc = rd_buf_puts(b, azTab[f->tab]);
	/* Only the conditions in use are written, as plain equalities, so
	 * the planner sees them (":x IS NULL OR ..." hides the index). */
	if (rc == RD_OK && f->state && *f->state && f->tab != STORE_Q_REVIEW)
		rc = rd_buf_puts(b, " AND a.state = :state");
	if (rc == RD_OK && f->type && *f->type)
		rc = rd_buf_puts(b, " AND a.type = :type");
	if (rc == RD_OK && s)
		rc = rd_buf_puts(b, SEARCH_MATCH);
	if (rc == RD_OK)
		rc = put_menu_filter(b, f);
	return rc;
}

static void bind_filter(sqlite3_stmt *p, const struct store_queue_filter *f,
			const struct search *s, int64_t now)
{
	int i;

	if ((i = sqlite3_bind_parameter_index(p, ":now")) > 0)
		st_bind_int64(p, i, now);
	if ((i = sqlite3_bind_parameter_index(p, ":me")) > 0)
		st_bind_int64(p, i, f->me);
	if ((i = sqlite3_bind_parameter_index(p, ":type")) > 0)
		st_bind_text(p, i, f->type && *f->type ? f->type : NULL);
	if ((i = sqlite3_bind_parameter_index(p, ":state")) > 0)
		st_bind_text(p, i, f->state && *f->state ? f->state : NULL);
	if ((i = sqlite3_bind_parameter_index(p, ":q")) > 0)
		st_bind_text(p, i, f->search && *f->search ? f->search : NULL);
	if (s && (i = sqlite3_bind_parameter_index(p, ":g")) > 0)
		st_bind_text(p, i, s->gram);
	if ((i = sqlite3_bind_parameter_index(p, ":due_from")) > 0)
		st_bind_int64(p, i, f->due_from);
	if ((i = sqlite3_bind_parameter_index(p, ":due_before")) > 0)
		st_bind_int64(p, i, f->due_before);
	if ((i = sqlite3_bind_parameter_index(p, ":channel")) > 0)
		st_bind_text(p, i, f->channel);
}

/* SELECT zSelect FROM ... WHERE ... of a tab's query, after the
 * candidates when the search reads them. */
static rd_status query_head(struct rd_buf *b, const char *zSelect,
			    const struct store_queue_filter *f,
			    const struct search *s, int with_claims)
{
	rd_status rc = s && s->by_cand ? put_cand(b, " UNION ") : RD_OK;

	if (rc == RD_OK)
		rc = rd_buf_puts(b, zSelect);
	if (rc == RD_OK)
		rc = build_where(b, f, s, with_claims);
	return rc;
}

static rd_status page_one(struct store *st, const struct store_queue_filter *f,
			  const struct search *s,
			  const struct store_queue_key *from,
			  enum store_queue_dir dir, int64_t now, int limit,
			  struct store_queue_row *rows, int *n,
			  struct rd_err *err)
{
	struct rd_buf b;
	sqlite3_stmt *p = NULL;
	int done_tab = f->tab == STORE_Q_DONE;
	struct order o = order_of(f);
	/* Ascending orders: FROM >=, AFTER >, BEFORE < (reversed order). A
	 * descending one (the DONE tab's own) flips every comparison. */
	int asc = o.desc ? (dir == STORE_Q_BEFORE) : (dir != STORE_Q_BEFORE);
	const char *zCmp = dir == STORE_Q_FROM ? (o.desc ? "<=" : ">=")
			   : dir == STORE_Q_AFTER ? (o.desc ? "<" : ">")
						  : (o.desc ? ">" : "<");
	rd_status rc;
	int step;

	*n = 0;
	if (f->tab < 0 || f->tab >= STORE_Q_TAB_COUNT || limit <= 0)
		return rd_err_set(err, RD_ERR_INVALID, "store_queue_page: bad tab");
	rd_buf_init(&b);
	{
		char zSel[sizeof "SELECT " Q_COLUMNS + 64];

		snprintf(zSel, sizeof zSel, "SELECT %s, %s", Q_COLUMNS, o.zCol);
		rc = query_head(&b, zSel, f, s, 1);
	}
	if (rc == RD_OK && from)
		rc = rd_buf_printf(&b, " AND (%s, a.id) %s (:k, :id)", o.zCol,
				   zCmp);
	if (rc == RD_OK)
		rc = rd_buf_printf(&b, " ORDER BY %s %s, a.id %s LIMIT :lim",
				   o.zCol, asc ? "ASC" : "DESC",
				   asc ? "ASC" : "DESC");
	if (rc != RD_OK)
		goto done;
	rc = st_prepare(st, rd_buf_str(&b), &p, err);
	if (rc != RD_OK)
		goto done;
	bind_filter(p, f, s, now);
	if (from) {
		int ik = sqlite3_bind_parameter_index(p, ":k");

		if (o.text)
			st_bind_text(p, ik, from->ks);
		else
			st_bind_int64(p, ik, from->k);
		st_bind_int64(p, sqlite3_bind_parameter_index(p, ":id"),
			      from->id);
	}
	sqlite3_bind_int(p, sqlite3_bind_parameter_index(p, ":lim"), limit);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < limit) {
		st_queue_row_read(p, done_tab, &rows[*n]);
		key_read(p, &o, &rows[*n]);
		(*n)++;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the queue"), err);
done:
	sqlite3_finalize(p);
	rd_buf_fini(&b);
	return rc;
}

/* What a page or count does first: *nothing when the to-review tab is
 * filtered to a state it never holds; the search's plan into *srch and
 * *ps pointed at it (NULL without a search). */
static rd_status read_prelude(struct store *st,
			      const struct store_queue_filter *f,
			      struct search *srch, const struct search **ps,
			      int *nothing, struct rd_err *err)
{
	rd_status rc = RD_OK;

	*ps = NULL;
	*nothing = f->tab == STORE_Q_REVIEW && f->state && *f->state &&
		   !is_open_state(f->state);
	if (!*nothing && f->search && *f->search) {
		rc = search_plan(st, f->search, srch, err);
		*ps = srch;
	}
	return rc;
}

/* The states a page or count reads one by one (each an ordered index
 * range), merged: the to-review tab's two open states, or the filter
 * menu's several states (within the to-review tab, those of them that
 * are open). *n = 0: no state list (no state condition, or the filter's
 * one state, f->state). Returns 0 when no state asked for can be in
 * the tab. */
static int states_of(const struct store_queue_filter *f,
		     const char **azState, int *n)
{
	unsigned m = f->states;

	*n = 0;
	if (f->state && *f->state)
		return 1;
	if (f->tab == STORE_Q_REVIEW) {
		unsigned open = (1u << RD_ST_RECEIVED) | (1u << RD_ST_IN_REVIEW);

		m = m ? m & open : open;
		if (!m)
			return 0;
	}
	for (int i = 0; i < RD_APP_STATE_COUNT; i++)
		if (m & (1u << i))
			azState[(*n)++] = rd_app_state_name(i);
	return 1;
}

static int key_cmp(const struct store_queue_key *a,
		   const struct store_queue_key *b, const struct order *o)
{
	int c = o->text ? strcmp(a->ks, b->ks)
			: a->k != b->k ? (a->k < b->k ? -1 : 1) : 0;

	if (!c)
		c = a->id != b->id ? (a->id < b->id ? -1 : 1) : 0;
	return o->desc ? -c : c;
}

/*
 * The to-review tab is "received or in_review" in SLA order. An IN over
 * several states cannot be read in order from one index, so each state
 * is read on its own (each an ordered index range) and the streams are
 * merged; so are the filter menu's states.
 */
rd_status store_queue_page(struct store *st,
			   const struct store_queue_filter *f,
			   const struct store_queue_key *from,
			   enum store_queue_dir dir, int64_t now, int limit,
			   struct store_queue_row *rows, int *n,
			   struct rd_err *err)
{
	struct store_queue_filter f2;
	struct store_queue_row *aAll = NULL;
	struct search srch;
	const struct search *s = NULL;
	const char *azState[RD_APP_STATE_COUNT];
	int aN[RD_APP_STATE_COUNT], aI[RD_APP_STATE_COUNT];
	int nState = 0, nothing = 0;
	int rev = dir == STORE_Q_BEFORE;   /* rows come nearest first */
	struct order o = order_of(f);
	rd_status rc;

	*n = 0;
	if (f->tab < 0 || f->tab >= STORE_Q_TAB_COUNT || limit <= 0)
		return rd_err_set(err, RD_ERR_INVALID,
				  "store_queue_page: bad tab or limit");
	rc = read_prelude(st, f, &srch, &s, &nothing, err);
	if (rc != RD_OK || nothing)
		return rc;
	if (!states_of(f, azState, &nState))
		return RD_OK;          /* states asked for that the tab lacks */
	if (nState <= 1) {
		f2 = *f;
		if (nState == 1)
			f2.state = azState[0];
		return page_one(st, &f2, s, from, dir, now, limit, rows, n, err);
	}
	aAll = malloc((size_t)nState * (size_t)limit * sizeof *aAll);
	if (!aAll)
		return RD_ERR_NOMEM;
	f2 = *f;
	for (int k = 0; rc == RD_OK && k < nState; k++) {
		f2.state = azState[k];
		aI[k] = 0;
		rc = page_one(st, &f2, s, from, dir, now, limit,
			      aAll + (size_t)k * (size_t)limit, &aN[k], err);
	}
	while (rc == RD_OK && *n < limit) {
		int best = -1;

		for (int k = 0; k < nState; k++) {
			const struct store_queue_row *r;

			if (aI[k] >= aN[k])
				continue;
			r = &aAll[(size_t)k * (size_t)limit + (size_t)aI[k]];
			if (best < 0) {
				best = k;
				continue;
			}
			{
				int c = key_cmp(&r->key,
						&aAll[(size_t)best * (size_t)limit +
						      (size_t)aI[best]].key, &o);

				if (rev ? c > 0 : c < 0)
					best = k;
			}
		}
		if (best < 0)
			break;
		rows[(*n)++] = aAll[(size_t)best * (size_t)limit +
				    (size_t)aI[best]++];
	}
	free(aAll);
	return rc;
}

static rd_status count_one(struct store *st, const struct store_queue_filter *f,
			   const struct search *s, int64_t now, int64_t cap,
			   int64_t *count, struct rd_err *err)
{
	struct rd_buf b;
	sqlite3_stmt *p = NULL;
	rd_status rc;

	*count = 0;
	rd_buf_init(&b);
	rc = query_head(&b, "SELECT count(*) FROM (SELECT 1", f, s, 0);
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, " LIMIT :cap)");
	if (rc == RD_OK)
		rc = st_prepare(st, rd_buf_str(&b), &p, err);
	if (rc != RD_OK)
		goto done;
	bind_filter(p, f, s, now);
	st_bind_int64(p, sqlite3_bind_parameter_index(p, ":cap"), cap);
	if (sqlite3_step(p) == SQLITE_ROW)
		*count = sqlite3_column_int64(p, 0);
done:
	sqlite3_finalize(p);
	rd_buf_fini(&b);
	return rc;
}

rd_status store_queue_count(struct store *st,
			    const struct store_queue_filter *f, int64_t now,
			    int64_t cap, int64_t *count, struct rd_err *err)
{
	struct store_queue_filter f2 = *f;
	struct search srch;
	const struct search *s = NULL;
	const char *azState[RD_APP_STATE_COUNT];
	int nState = 0, nothing = 0;
	rd_status rc;

	*count = 0;
	rc = read_prelude(st, f, &srch, &s, &nothing, err);
	if (rc != RD_OK || nothing)
		return rc;
	if (!states_of(f, azState, &nState))
		return RD_OK;
	if (nState <= 1) {
		if (nState == 1)
			f2.state = azState[0];
		return count_one(st, &f2, s, now, cap, count, err);
	}
	for (int k = 0; rc == RD_OK && k < nState && *count < cap; k++) {
		int64_t c = 0;

		f2.state = azState[k];
		rc = count_one(st, &f2, s, now, cap - *count, &c, err);
		*count += c;
	}
	return rc;
}

/* The channels, each the next one after the last by an index seek
 * (app_versions_channel, db/008_sort.sql), never a scan. */
rd_status store_queue_channels(struct store *st, char (*aOut)[32], int max,
			       int *n, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(
		st,
		"WITH RECURSIVE c(ch) AS ("
		" SELECT min(channel) FROM app_versions WHERE channel > ''"
		" UNION ALL SELECT (SELECT min(channel) FROM app_versions"
		"  WHERE channel > c.ch) FROM c WHERE c.ch IS NOT NULL)"
		" SELECT ch FROM c WHERE ch IS NOT NULL LIMIT ?1",
		&p, err);
	int step;

	*n = 0;
	if (rc != RD_OK)
		return rc;
	sqlite3_bind_int(p, 1, max);
	while ((step = sqlite3_step(p)) == SQLITE_ROW && *n < max)
		st_column_copy(p, 0, aOut[(*n)++], 32);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the queue"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_app_id_by_no(struct store *st, const char *app_no,
			     int64_t *id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, "SELECT id FROM applications WHERE app_no=?1",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, app_no);
	if (sqlite3_step(p) == SQLITE_ROW)
		*id = sqlite3_column_int64(p, 0);
	else
		rc = rd_err_set(err, RD_ERR_NOTFOUND, _("no application %s"),
				app_no);
	sqlite3_finalize(p);
	return rc;
}

/* ------------------------------------------------------------ detail */

enum fk { FK_TEXT, FK_WORD, FK_TIME, FK_FEN, FK_BOOL, FK_INT, FK_REAL };

/* The words for the enumerated values of the form (FK_WORD); a value not
 * listed is shown as received. */
static const struct {
	const char *value, *label;
} aWord[] = {
	{ "org", N_("Organisation certificate") },
	{ "personal", N_("Personal certificate") },
	{ "uscc", N_("Unified social credit code") },
	{ "resident_id", N_("Resident ID card") },
	{ "passport", N_("Passport") },
	{ "hk_macao_permit", N_("Mainland travel permit (HK/Macao)") },
	{ "wechat", N_("WeChat Pay") },
	{ "alipay", N_("Alipay") },
	{ "transfer", N_("Bank transfer") },
	/* Revision 2: the PIN channel follows from the auth method. */
	{ "bank_deposit",
	  N_("Bank deposit (PIN in a deposit memo to the basic account)") },
	{ "sms", N_("SMS (PIN texted to the handler; applicant if personal)") },
	{ "electronic", N_("Electronic invoice") },
	{ "quota_paper", N_("Paper quota invoice") },
};

static char *word_dup(sqlite3_stmt *p, int i)
{
	const char *z = (const char *)sqlite3_column_text(p, i);

	for (size_t k = 0; z && k < sizeof aWord / sizeof aWord[0]; k++)
		if (!strcmp(aWord[k].value, z))
			return strdup(_(aWord[k].label));
	return st_column_dup(p, i);
}

/* The form, section by section, as the customer filled it in. */
static const struct {
	const char *section, *label, *column;
	enum fk kind;
	enum store_pii pii;
} aForm[] = {
	{ N_("Order"), N_("Order number"), "order_no", FK_TEXT, 0 },
	{ N_("Order"), N_("Related app. no."), "related_app_no", FK_TEXT, 0 },
	{ N_("Certificate"), N_("Serial"), "cert_serial", FK_TEXT, 0 },
	{ N_("Certificate"), N_("Holder"), "cert_holder", FK_WORD, 0 },
	{ N_("Certificate"), N_("Algorithm"), "cert_algorithm", FK_TEXT, 0 },
	{ N_("Certificate"), N_("Valid until"), "cert_not_after", FK_TIME, 0 },
	{ N_("Certificate"), N_("Subject CN"), "cert_subject_cn", FK_TEXT, 0 },
	{ N_("Organisation"), N_("Name"), "org_name", FK_TEXT, 0 },
	{ N_("Organisation"), N_("ID type"), "org_id_type", FK_WORD, 0 },
	{ N_("Organisation"), N_("USCC"), "org_id_no", FK_TEXT, 0 },
	{ N_("Organisation"), N_("Province"), "org_province", FK_TEXT, 0 },
	{ N_("Organisation"), N_("City"), "org_city", FK_TEXT, 0 },
	{ N_("Organisation"), N_("Address"), "org_address", FK_TEXT, 0 },
	{ N_("Legal representative"), N_("Name"), "legal_rep_name", FK_TEXT, 0 },
	{ N_("Legal representative"), N_("ID type"), "legal_rep_id_type", FK_WORD, 0 },
	{ N_("Legal representative"), N_("ID number"), "legal_rep_id_no", FK_TEXT, STORE_PII_ID },
	{ N_("Handler"), N_("Name"), "handler_name", FK_TEXT, 0 },
	{ N_("Handler"), N_("ID type"), "handler_id_type", FK_WORD, 0 },
	{ N_("Handler"), N_("ID number"), "handler_id_no", FK_TEXT, STORE_PII_ID },
	{ N_("Handler"), N_("Mobile"), "handler_mobile", FK_TEXT, STORE_PII_MOBILE },
	{ N_("Handler"), N_("E-mail"), "handler_email", FK_TEXT, STORE_PII_EMAIL },
	{ N_("Handler"), N_("Position"), "handler_position", FK_TEXT, 0 },
	{ N_("Applicant"), N_("Name"), "applicant_name", FK_TEXT, 0 },
	{ N_("Applicant"), N_("ID type"), "applicant_id_type", FK_WORD, 0 },
	{ N_("Applicant"), N_("ID number"), "applicant_id_no", FK_TEXT, STORE_PII_ID },
	{ N_("Applicant"), N_("Mobile"), "applicant_mobile", FK_TEXT, STORE_PII_MOBILE },
	{ N_("Applicant"), N_("E-mail"), "applicant_email", FK_TEXT, STORE_PII_EMAIL },
	{ N_("Basic account"), N_("Account name"), "fin_account_name", FK_TEXT, 0 },
	{ N_("Basic account"), N_("Bank"), "fin_bank", FK_TEXT, 0 },
	{ N_("Basic account"), N_("Account no."), "fin_account_no", FK_TEXT, STORE_PII_ACCOUNT },
	{ N_("Authentication"), N_("Auth method"), "auth_method", FK_WORD, 0 },
	{ N_("Mailing"), N_("Recipient"), "ship_recipient", FK_TEXT, 0 },
	{ N_("Mailing"), N_("Mobile"), "ship_mobile", FK_TEXT, STORE_PII_MOBILE },
	{ N_("Mailing"), N_("Province"), "ship_province", FK_TEXT, 0 },
	{ N_("Mailing"), N_("City"), "ship_city", FK_TEXT, 0 },
	{ N_("Mailing"), N_("County"), "ship_county", FK_TEXT, 0 },
	{ N_("Mailing"), N_("Address"), "ship_address", FK_TEXT, 0 },
	{ N_("Mailing"), N_("Postcode"), "ship_postcode", FK_TEXT, 0 },
	{ N_("Invoice"), N_("Wanted"), "invoice_wanted", FK_BOOL, 0 },
	{ N_("Invoice"), N_("Title"), "invoice_title", FK_TEXT, 0 },
	{ N_("Invoice"), N_("Taxpayer ID"), "invoice_taxpayer_id", FK_TEXT, 0 },
	{ N_("Invoice"), N_("Kind"), "invoice_kind", FK_WORD, 0 },
	{ N_("Invoice"), N_("Purpose"), "invoice_purpose", FK_TEXT, 0 },
	{ N_("Invoice"), N_("E-mail"), "invoice_email", FK_TEXT, STORE_PII_EMAIL },
	{ N_("Invoice"), N_("Mobile"), "invoice_mobile", FK_TEXT, STORE_PII_MOBILE },
	{ N_("Payment"), N_("Method"), "pay_method", FK_WORD, 0 },
	{ N_("Payment"), N_("Amount"), "pay_amount_fen", FK_FEN, 0 },
	{ N_("Payment"), N_("Trade no."), "pay_trade_no", FK_TEXT, 0 },
	{ N_("Payment"), N_("Payer account"), "xfer_payer_account", FK_TEXT, STORE_PII_ACCOUNT },
	{ N_("Payment"), N_("Payer name"), "xfer_payer_name", FK_TEXT, 0 },
	{ N_("Payment"), N_("Transfer amount"), "xfer_amount_fen", FK_FEN, 0 },
	{ N_("Payment"), N_("Transfer date"), "xfer_date", FK_TEXT, 0 },
	{ N_("Renewal"), N_("Months"), "renewal_months", FK_INT, 0 },
	{ N_("Renewal"), N_("Sync dual certificate"), "renewal_sync_dual", FK_BOOL, 0 },
	{ N_("Renewal"), N_("Years"), "renewal_years", FK_INT, 0 },
	{ N_("Renewal"), N_("Only aligns pair"), "renewal_sync_only", FK_BOOL, 0 },
	{ N_("Renewal"), N_("Paired serial"), "paired_serial", FK_TEXT, 0 },
	{ N_("Renewal"), N_("Paired algorithm"), "paired_algorithm", FK_TEXT, 0 },
	{ N_("Renewal"), N_("Paired valid until"), "paired_not_after", FK_TIME, 0 },
	{ N_("Liveness"), N_("Passed"), "liveness_passed", FK_BOOL, 0 },
	{ N_("Liveness"), N_("Score"), "liveness_score", FK_REAL, 0 },
	{ N_("Liveness"), N_("Reference"), "liveness_ref", FK_TEXT, 0 },
};

int store_form_field_label(const char *column, const char **section,
			   const char **label)
{
	for (size_t i = 0; i < sizeof aForm / sizeof *aForm; i++)
		if (!strcmp(aForm[i].column, column)) {
			*section = aForm[i].section;
			*label = aForm[i].label;
			return 1;
		}
	return 0;
}
#define NFORM (sizeof aForm / sizeof aForm[0])

void store_detail_free(struct store_detail **pp)
{
	struct store_detail *d = *pp;

	if (!d)
		return;
	for (size_t i = 0; i < d->nField; i++)
		free(d->aField[i].value);
	for (size_t i = 0; i < d->nFinding; i++) {
		free(d->aFinding[i].message);
		free(d->aFinding[i].arg);
	}
	for (size_t i = 0; i < d->nCheck; i++)
		free(d->aCheck[i].detail);
	for (size_t i = 0; i < d->nDecision; i++) {
		free(d->aDecision[i].note);
		free(d->aDecision[i].override_reason);
		free(d->aDecision[i].reasons);
		free(d->aDecision[i].cs_note);
	}
	for (size_t i = 0; i < d->nNote; i++)
		free(d->aNote[i].body);
	for (size_t i = 0; i < d->nPrevField; i++)
		free(d->aPrevField[i].value);
	free(d->aPrevField);
	free(d->aPrevFile);
	free(d->aField);
	free(d->aFile);
	free(d->aFinding);
	free(d->aCheck);
	free(d->aVersion);
	free(d->aDecision);
	free(d->aNote);
	free(d->aRelated);
	free(d->aTick);
	free(d);
	*pp = NULL;
}

/* Grow *pa (element size sz) to hold one more; returns the new slot. */
static void *grow(void *pa, size_t *n, size_t sz)
{
	void **pp = pa;
	void *pNew = realloc(*pp, (*n + 1) * sz);

	if (!pNew)
		return NULL;
	*pp = pNew;
	memset((char *)pNew + *n * sz, 0, sz);
	return (char *)pNew + (*n)++ * sz;
}

static rd_status read_form_of(struct store *st, int64_t version_id,
			      struct store_field **paField, size_t *pnField,
			      struct rd_err *err);

static rd_status on_prev_file(sqlite3_stmt *p, struct store_detail *d);
static rd_status each_row(struct store *st, const char *zSql, int64_t i1,
			  int64_t i2,
			  rd_status (*fn)(sqlite3_stmt *p, struct store_detail *d),
			  struct store_detail *d, struct rd_err *err);

/* The previous version's form and files (d->version - 1). */
static rd_status read_previous(struct store *st, struct store_detail *d,
			       struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t vid = 0;
	rd_status rc = st_prepare(st,
				  "SELECT id FROM app_versions WHERE app_id=?1"
				  " AND version=?2",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, d->app.id);
	sqlite3_bind_int(p, 2, d->version - 1);
	if (sqlite3_step(p) == SQLITE_ROW)
		vid = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	if (!vid)
		return RD_OK;
	d->prev_version = d->version - 1;
	rc = read_form_of(st, vid, &d->aPrevField, &d->nPrevField, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT role, path, sha256 FROM files"
			      " WHERE version_id=?1 ORDER BY id",
			      vid, 0, on_prev_file, d, err);
	return rc;
}

static rd_status read_form(struct store *st, struct store_detail *d,
			   struct rd_err *err)
{
	return read_form_of(st, d->version_id, &d->aField, &d->nField, err);
}

static rd_status read_form_of(struct store *st, int64_t version_id,
			      struct store_field **paField, size_t *pnField,
			      struct rd_err *err)
{
	struct rd_buf b;
	sqlite3_stmt *p = NULL;
	rd_status rc;

	rd_buf_init(&b);
	rc = rd_buf_puts(&b, "SELECT ");
	for (size_t i = 0; rc == RD_OK && i < NFORM; i++)
		rc = rd_buf_printf(&b, "%s%s", i ? "," : "", aForm[i].column);
	if (rc == RD_OK)
		rc = rd_buf_puts(&b, " FROM app_versions WHERE id=?1");
	if (rc == RD_OK)
		rc = st_prepare(st, rd_buf_str(&b), &p, err);
	rd_buf_fini(&b);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, version_id);
	if (sqlite3_step(p) != SQLITE_ROW)
		goto done;
	*paField = calloc(NFORM, sizeof **paField);
	if (!*paField) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	for (size_t i = 0; i < NFORM; i++) {
		struct store_field *fl = &(*paField)[(*pnField)++];
		char z[64] = "";
		int isNull = sqlite3_column_type(p, (int)i) == SQLITE_NULL;

		fl->section = aForm[i].section;
		fl->label = aForm[i].label;
		fl->name = aForm[i].column;
		fl->pii = aForm[i].pii;
		if (isNull) {
			fl->value = strdup("");
		} else if (aForm[i].kind == FK_TEXT) {
			fl->value = st_column_dup(p, (int)i);
		} else if (aForm[i].kind == FK_WORD) {
			fl->value = word_dup(p, (int)i);
		} else {
			int64_t v = sqlite3_column_int64(p, (int)i);

			if (aForm[i].kind == FK_TIME)
				rd_time_format_local(v, z, sizeof z,
						     RD_TIME_DATE);
			else if (aForm[i].kind == FK_FEN)
				rd_money_format(v, z, sizeof z);
			else if (aForm[i].kind == FK_BOOL)
				snprintf(z, sizeof z, "%s", v ? _("yes") : _("no"));
			else if (aForm[i].kind == FK_REAL)
				snprintf(z, sizeof z, "%.2f",
					 sqlite3_column_double(p, (int)i));
			else
				snprintf(z, sizeof z, "%lld", (long long)v);
			fl->value = strdup(z);
		}
		if (!fl->value) {
			rc = RD_ERR_NOMEM;
			goto done;
		}
	}
done:
	sqlite3_finalize(p);
	return rc;
}

/* Run zSql with ?1 = i1, ?2 = i2, calling fn for each row. */
typedef rd_status (*row_fn)(sqlite3_stmt *p, struct store_detail *d);
static rd_status each_row(struct store *st, const char *zSql, int64_t i1,
			  int64_t i2, row_fn fn, struct store_detail *d,
			  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	if (sqlite3_bind_parameter_count(p) >= 1)
		st_bind_int64(p, 1, i1);
	if (sqlite3_bind_parameter_count(p) >= 2)
		st_bind_int64(p, 2, i2);
	while (rc == RD_OK && (step = sqlite3_step(p)) == SQLITE_ROW)
		rc = fn(p, d);
	if (rc == RD_OK && step != SQLITE_DONE)
		rc = st_fail(st, step, _("read application detail"), err);
	sqlite3_finalize(p);
	return rc;
}

static rd_status on_prev_file(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_file *x = grow(&d->aPrevFile, &d->nPrevFile, sizeof *x);

	if (!x)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, x->role, sizeof x->role);
	st_column_copy(p, 1, x->path, sizeof x->path);
	st_column_copy(p, 2, x->sha256, sizeof x->sha256);
	return RD_OK;
}

static rd_status on_file(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_file *f = grow(&d->aFile, &d->nFile, sizeof *f);

	if (!f)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, f->role, sizeof f->role);
	st_column_copy(p, 1, f->path, sizeof f->path);
	st_column_copy(p, 2, f->sha256, sizeof f->sha256);
	f->size = sqlite3_column_int64(p, 3);
	st_column_copy(p, 4, f->content_type, sizeof f->content_type);
	f->width = sqlite3_column_int(p, 5);
	f->height = sqlite3_column_int(p, 6);
	return RD_OK;
}

static rd_status on_finding(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_finding *f = grow(&d->aFinding, &d->nFinding, sizeof *f);

	if (!f)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, f->severity, sizeof f->severity);
	st_column_copy(p, 1, f->code, sizeof f->code);
	st_column_copy(p, 2, f->field, sizeof f->field);
	f->message = st_column_dup(p, 3);
	f->arg = st_column_dup(p, 4);
	return f->message && f->arg ? RD_OK : RD_ERR_NOMEM;
}

static rd_status on_check(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_detail_check *c = grow(&d->aCheck, &d->nCheck, sizeof *c);

	if (!c)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, c->kind, sizeof c->kind);
	st_column_copy(p, 1, c->state, sizeof c->state);
	c->detail = st_column_dup(p, 2);
	c->updated_at = sqlite3_column_int64(p, 3);
	return c->detail ? RD_OK : RD_ERR_NOMEM;
}

static rd_status on_version(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_version *v = grow(&d->aVersion, &d->nVersion, sizeof *v);

	if (!v)
		return RD_ERR_NOMEM;
	v->version = sqlite3_column_int(p, 0);
	v->submitted_at = sqlite3_column_int64(p, 1);
	st_column_copy(p, 2, v->bundle, sizeof v->bundle);
	return RD_OK;
}

static rd_status on_decision(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_decision *x = grow(&d->aDecision, &d->nDecision, sizeof *x);

	if (!x)
		return RD_ERR_NOMEM;
	x->id = sqlite3_column_int64(p, 0);
	x->at = sqlite3_column_int64(p, 1);
	st_column_copy(p, 2, x->action, sizeof x->action);
	st_column_copy(p, 3, x->from, sizeof x->from);
	st_column_copy(p, 4, x->to, sizeof x->to);
	st_column_copy(p, 5, x->by, sizeof x->by);
	st_column_copy(p, 6, x->countersign, sizeof x->countersign);
	st_column_copy(p, 7, x->cs_by, sizeof x->cs_by);
	x->note = st_column_dup(p, 8);
	x->override_reason = st_column_dup(p, 9);
	x->reasons = st_column_dup(p, 10);
	x->operator_id = sqlite3_column_int64(p, 11);
	x->cs_note = st_column_dup(p, 12);
	x->cs_at = sqlite3_column_int64(p, 13);
	return x->note && x->override_reason && x->reasons && x->cs_note
		       ? RD_OK
		       : RD_ERR_NOMEM;
}

static rd_status on_note(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_note *x = grow(&d->aNote, &d->nNote, sizeof *x);

	if (!x)
		return RD_ERR_NOMEM;
	x->at = sqlite3_column_int64(p, 0);
	st_column_copy(p, 1, x->by, sizeof x->by);
	x->body = st_column_dup(p, 2);
	x->install = sqlite3_column_int(p, 3);
	return x->body ? RD_OK : RD_ERR_NOMEM;
}

static rd_status on_related(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_related *x = grow(&d->aRelated, &d->nRelated, sizeof *x);

	if (!x)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, x->app_no, sizeof x->app_no);
	st_column_copy(p, 1, x->state, sizeof x->state);
	st_column_copy(p, 2, x->why, sizeof x->why);
	x->submitted_at = sqlite3_column_int64(p, 3);
	x->high_risk = sqlite3_column_int(p, 4);
	return RD_OK;
}

static rd_status on_tick(sqlite3_stmt *p, struct store_detail *d)
{
	struct store_tick *x = grow(&d->aTick, &d->nTick, sizeof *x);

	if (!x)
		return RD_ERR_NOMEM;
	st_column_copy(p, 0, x->item, sizeof x->item);
	x->checked = sqlite3_column_int(p, 1);
	return RD_OK;
}

rd_status store_detail_read(struct store *st, int64_t app_id, int64_t now,
			    struct store_detail **out, struct rd_err *err)
{
	struct store_detail *d;
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	*out = NULL;
	d = calloc(1, sizeof *d);
	if (!d)
		return RD_ERR_NOMEM;
	/* One read transaction so the sections agree with each other. */
	rc = st_exec(st, "BEGIN", err);
	if (rc != RD_OK)
		goto fail;
	rc = st_prepare(st,
			"SELECT " Q_COLUMNS ", a.current_version, v.id,"
			" COALESCE(c.expires_at,0)"
			" FROM applications a"
			" JOIN app_versions v ON v.app_id=a.id"
			"  AND v.version=a.current_version"
			" LEFT JOIN claims c ON c.app_id=a.id AND c.expires_at>?2"
			" LEFT JOIN operators o ON o.id=c.operator_id"
			" WHERE a.id=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, now);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		st_queue_row_read(p, 0, &d->app);
		d->version = sqlite3_column_int(p, 16);
		d->version_id = sqlite3_column_int64(p, 17);
		d->claim_expires = sqlite3_column_int64(p, 18);
	} else {
		rc = step == SQLITE_DONE
			     ? rd_err_set(err, RD_ERR_NOTFOUND,
					  _("application %lld does not exist"),
					  (long long)app_id)
			     : st_fail(st, step, _("read application"), err);
	}
	sqlite3_finalize(p);
	p = NULL;
	if (rc != RD_OK)
		goto fail;
	rc = read_form(st, d, err);
	/* A resubmission: the version before, for what changed. */
	if (rc == RD_OK && d->version > 1)
		rc = read_previous(st, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT role, path, sha256, size, content_type,"
			      " COALESCE(width,0), COALESCE(height,0) FROM files"
			      " WHERE version_id=?1 ORDER BY role, path",
			      d->version_id, 0, on_file, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT severity, code, field, message, arg"
			      " FROM findings WHERE version_id=?1 ORDER BY"
			      " CASE severity WHEN 'risk' THEN 0 WHEN 'error'"
			      " THEN 1 WHEN 'warning' THEN 2 ELSE 3 END, id",
			      d->version_id, 0, on_finding, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT kind, state, detail, updated_at FROM checks"
			      " WHERE app_id=?2 AND version_id=?1"
			      " ORDER BY kind, id",
			      d->version_id, app_id, on_check, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT version, submitted_at, bundle_name FROM"
			      " app_versions WHERE app_id=?1 ORDER BY version"
			      " DESC",
			      app_id, 0, on_version, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT d.id, d.created_at, d.action, d.from_state,"
			      " d.to_state, COALESCE(NULLIF(o.display_name,''),"
			      " o.login), d.countersign,"
			      " COALESCE(NULLIF(cs.display_name,''), cs.login, ''),"
			      " d.note, d.override_reason,"
			      " (SELECT group_concat(code, ',') FROM"
			      "  decision_reasons r WHERE r.decision_id=d.id),"
			      " d.operator_id, d.countersign_note,"
			      " COALESCE(d.countersigned_at, 0)"
			      " FROM decisions d JOIN operators o ON"
			      " o.id=d.operator_id LEFT JOIN operators cs ON"
			      " cs.id=d.countersigned_by WHERE d.app_id=?1"
			      " ORDER BY d.id DESC",
			      app_id, 0, on_decision, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT n.created_at, COALESCE(NULLIF(o.display_name,''),"
			      " o.login), n.body, 0 FROM notes n"
			      " JOIN operators o ON o.id=n.operator_id"
			      " WHERE n.app_id=?1 ORDER BY n.id DESC",
			      app_id, 0, on_note, d, err);
	/* A renewal's install report keeps its note in the audit trail
	 * only (app.complete, why install_report): read by subject. */
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT l.at, COALESCE(NULLIF(o.display_name,''),"
			      " l.actor), COALESCE(json_extract(l.details,"
			      " '$.note'), ''), 1 FROM audit_log l"
			      " LEFT JOIN operators o ON o.login=l.actor"
			      " WHERE l.subject=(SELECT app_no FROM applications"
			      " WHERE id=?1) AND l.action='app.complete'"
			      " AND json_valid(l.details)"
			      " AND json_extract(l.details, '$.why')="
			      "'install_report' ORDER BY l.id DESC",
			      app_id, 0, on_note, d, err);
	/* Related: the same USCC, serial or person ID in another
	 * application; earlier rejections are flagged as high risk. CROSS
	 * JOIN keeps the few hits outside: with ANALYZE statistics the
	 * planner would rather scan every application. */
	if (rc == RD_OK)
		rc = each_row(st,
			      "WITH me AS (SELECT org_id_no, cert_serial,"
			      "  handler_id_no, applicant_id_no FROM app_versions"
			      "  WHERE id=?2),"
			      " hits AS ("
			      " SELECT a.id, 'uscc' AS why FROM applications a, me"
			      "  WHERE me.org_id_no<>'' AND a.org_id_no=me.org_id_no"
			      " UNION SELECT a.id, 'serial' FROM applications a, me"
			      "  WHERE me.cert_serial<>'' AND a.cert_serial=me.cert_serial"
			      " UNION SELECT v.app_id, 'id' FROM app_versions v, me"
			      "  WHERE me.handler_id_no<>'' AND (v.handler_id_no="
			      "  me.handler_id_no OR v.applicant_id_no=me.handler_id_no)"
			      " UNION SELECT v.app_id, 'id' FROM app_versions v, me"
			      "  WHERE me.applicant_id_no<>'' AND (v.handler_id_no="
			      "  me.applicant_id_no OR v.applicant_id_no=me.applicant_id_no))"
			      " SELECT a.app_no, a.state, group_concat(DISTINCT h.why),"
			      " a.submitted_at, a.state='rejected' OR EXISTS(SELECT 1"
			      "  FROM decisions d WHERE d.app_id=a.id AND"
			      "  d.action='reject')"
			      " FROM hits h CROSS JOIN applications a ON a.id=h.id"
			      " WHERE a.id<>?1 GROUP BY a.id ORDER BY a.submitted_at"
			      " DESC LIMIT 50",
			      app_id, d->version_id, on_related, d, err);
	if (rc == RD_OK)
		rc = each_row(st,
			      "SELECT item, checked FROM checklist WHERE"
			      " version_id=?1 ORDER BY item",
			      d->version_id, 0, on_tick, d, err);
	if (rc == RD_OK) {
		for (size_t i = 0; i < d->nDecision; i++)
			if (!strcmp(d->aDecision[i].countersign, "pending")) {
				d->pending_decision = d->aDecision[i].id;
				d->pending_decider = d->aDecision[i].operator_id;
				break;
			}
	}
	if (rc != RD_OK)
		goto fail;
	st_exec(st, "COMMIT", NULL);
	*out = d;
	return RD_OK;
fail:
	if (!st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	store_detail_free(&d);
	return rc;
}
