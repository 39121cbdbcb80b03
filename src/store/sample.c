/*
 * sample.c — see sample.h.
 */
#include "store/sample.h"

#include "core/i18n.h"
#include "core/sample.h"
#include "store/audit.h"
#include "store/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pop_item {
	int64_t app_id, decision_id, decider;
};

/* The quarter's population: application, approval, decider. */
static rd_status read_pop(struct store *st, int64_t from, int64_t to,
			  struct pop_item **out, size_t *n, struct rd_err *err)
{
	/* The latest approval of each application, if it is in the quarter. */
	static const char sql[] =
		"SELECT d.app_id, d.id, d.operator_id FROM decisions d "
		"WHERE d.action = 'approve' AND d.created_at >= ?1 AND "
		"d.created_at < ?2 AND d.id = (SELECT max(d2.id) FROM "
		"decisions d2 WHERE d2.app_id = d.app_id AND "
		"d2.action = 'approve') ORDER BY d.app_id";
	sqlite3_stmt *p = NULL;
	size_t cap = 0;
	rd_status rc;
	int r;

	*out = NULL;
	*n = 0;
	rc = st_prepare(st, sql, &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, from);
	st_bind_int64(p, 2, to);
	while ((r = sqlite3_step(p)) == SQLITE_ROW) {
		if (*n == cap) {
			struct pop_item *g;

			cap = cap ? cap * 2 : 64;
			g = realloc(*out, cap * sizeof **out);
			if (!g) {
				rc = rd_err_set(err, RD_ERR_NOMEM,
						_("out of memory"));
				break;
			}
			*out = g;
		}
		(*out)[*n].app_id = sqlite3_column_int64(p, 0);
		(*out)[*n].decision_id = sqlite3_column_int64(p, 1);
		(*out)[*n].decider = sqlite3_column_int64(p, 2);
		(*n)++;
	}
	if (rc == RD_OK && r != SQLITE_DONE)
		rc = st_fail(st, r, "read approvals", err);
	sqlite3_finalize(p);
	return rc;
}

static rd_status read_reviewers(struct store *st, int64_t **out, size_t *n,
				struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int r;

	*out = NULL;
	*n = 0;
	rc = st_prepare(st,
			"SELECT id FROM operators WHERE enabled = 1 AND "
			"role IN ('supervisor','admin') ORDER BY id", &p, err);
	if (rc != RD_OK)
		return rc;
	while ((r = sqlite3_step(p)) == SQLITE_ROW) {
		int64_t *g = realloc(*out, (*n + 1) * sizeof **out);

		if (!g) {
			rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
			break;
		}
		*out = g;
		(*out)[(*n)++] = sqlite3_column_int64(p, 0);
	}
	if (rc == RD_OK && r != SQLITE_DONE)
		rc = st_fail(st, r, "read supervisors", err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_sample_draw(struct store *st, const char *quarter,
			    int64_t from, int64_t to, uint64_t seed,
			    const char *actor, int64_t now,
			    int64_t *population, int64_t *drawn,
			    struct rd_err *err)
{
	struct pop_item *pop = NULL;
	int64_t *rev = NULL, sample_id, k;
	size_t npop = 0, nrev = 0;
	uint64_t state = seed;
	char zDetails[160];
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int r;

	*population = *drawn = 0;
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st, "SELECT 1 FROM audit_samples WHERE quarter = ?1",
			&p, err);
	if (rc == RD_OK) {
		st_bind_text(p, 1, quarter);
		r = sqlite3_step(p);
		sqlite3_finalize(p);
		if (r == SQLITE_ROW)
			rc = rd_err_set(err, RD_ERR_CONFLICT,
					_("the sample of %s was drawn already"),
					quarter);
	}
	if (rc == RD_OK)
		rc = read_pop(st, from, to, &pop, &npop, err);
	if (rc == RD_OK)
		rc = read_reviewers(st, &rev, &nrev, err);
	if (rc == RD_OK)
		rc = st_run(st, NULL, "record the sample", err,
			    "INSERT INTO audit_samples(quarter, seed, population, "
			    "drawn_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
			    "tiiti", quarter, (int64_t)seed, (int64_t)npop,
			    actor, now);
	sample_id = sqlite3_last_insert_rowid(st->db);
	*population = (int64_t)npop;
	k = rd_sample_size((int64_t)npop);
	/* Fisher-Yates: the first k of the shuffled population. */
	for (int64_t i = 0; rc == RD_OK && i < k; i++) {
		size_t j = (size_t)i + (size_t)(rd_splitmix64(&state) %
						(uint64_t)(npop - (size_t)i));
		struct pop_item t = pop[i];
		int64_t who = 0;

		pop[i] = pop[j];
		pop[j] = t;
		/* reviewers in turn, skipping the decider */
		for (size_t m = 0; m < nrev && !who; m++) {
			int64_t c = rev[((size_t)i + m) % nrev];

			if (c != pop[i].decider)
				who = c;
		}
		if (!who) {
			rc = rd_err_set(err, RD_ERR_CONFLICT,
					_("no supervisor other than its decider "
					  "can re-review an application"));
			break;
		}
		rc = st_run(st, NULL, "record a sample item", err,
			    "INSERT INTO audit_sample_items(sample_id, app_id, "
			    "decision_id, decider_id, reviewer_id) VALUES "
			    "(?1, ?2, ?3, ?4, ?5)", "iiiii", sample_id,
			    pop[i].app_id, pop[i].decision_id, pop[i].decider,
			    who);
		if (rc == RD_OK)
			(*drawn)++;
	}
	snprintf(zDetails, sizeof zDetails,
		 "{\"quarter\":\"%s\",\"seed\":%llu,\"population\":%lld,"
		 "\"drawn\":%lld}", quarter, (unsigned long long)seed,
		 (long long)npop, (long long)*drawn);
	if (rc == RD_OK)
		rc = store_audit_append(st, actor, "audit.sample", quarter,
					zDetails, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	free(pop);
	free(rev);
	return rc;
}

rd_status store_sample_review(struct store *st, const char *quarter,
			      const char *app_no, int64_t reviewer,
			      const char *actor, const char *verdict,
			      const char *note, int64_t now,
			      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t item = 0, decider = 0, assigned = 0, reviewed = 0;
	char zDetails[128];
	rd_status rc;
	int r;

	if (strcmp(verdict, "agree") != 0 && strcmp(verdict, "disagree") != 0)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("the verdict is agree or disagree"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"SELECT i.id, i.decider_id, i.reviewer_id, "
			"i.reviewed_at IS NOT NULL FROM audit_sample_items i "
			"JOIN audit_samples s ON s.id = i.sample_id JOIN "
			"applications a ON a.id = i.app_id WHERE s.quarter = ?1 "
			"AND a.app_no = ?2", &p, err);
	if (rc == RD_OK) {
		st_bind_text(p, 1, quarter);
		st_bind_text(p, 2, app_no);
		r = sqlite3_step(p);
		if (r == SQLITE_ROW) {
			item = sqlite3_column_int64(p, 0);
			decider = sqlite3_column_int64(p, 1);
			assigned = sqlite3_column_int64(p, 2);
			reviewed = sqlite3_column_int64(p, 3);
		} else if (r == SQLITE_DONE) {
			rc = rd_err_set(err, RD_ERR_NOTFOUND,
					_("%s is not in the sample of %s"),
					app_no, quarter);
		} else {
			rc = st_fail(st, r, "read the sample item", err);
		}
		sqlite3_finalize(p);
	}
	if (rc == RD_OK && !rd_sample_may_review(reviewer, decider, assigned))
		rc = rd_err_set(err, RD_ERR_DENIED,
				_("%s is assigned to another supervisor"),
				app_no);
	if (rc == RD_OK && reviewed)
		rc = rd_err_set(err, RD_ERR_CONFLICT,
				_("%s was re-reviewed already"), app_no);
	if (rc == RD_OK)
		rc = st_run(st, NULL, "record the re-review", err,
			    "UPDATE audit_sample_items SET verdict = ?2, "
			    "note = ?3, reviewed_at = ?4 WHERE id = ?1", "itti",
			    item, verdict, note, now);
	snprintf(zDetails, sizeof zDetails,
		 "{\"quarter\":\"%s\",\"verdict\":\"%s\"}", quarter, verdict);
	if (rc == RD_OK)
		rc = store_audit_append(st, actor, "audit.sample_review",
					app_no, zDetails, err);
	if (rc == RD_OK)
		rc = store_commit(st, err);
	if (rc != RD_OK)
		store_rollback(st);
	return rc;
}

rd_status store_sample_list(struct store *st, const char *quarter,
			    struct store_sample_info *info,
			    store_sample_cb cb, void *ctx, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t sample_id = 0;
	rd_status rc;
	int r;

	memset(info, 0, sizeof *info);
	rc = st_prepare(st,
			"SELECT id, seed, population, created_at, drawn_by "
			"FROM audit_samples WHERE quarter = ?1", &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_text(p, 1, quarter);
	r = sqlite3_step(p);
	if (r == SQLITE_ROW) {
		sample_id = sqlite3_column_int64(p, 0);
		info->seed = (uint64_t)sqlite3_column_int64(p, 1);
		info->population = sqlite3_column_int64(p, 2);
		info->created_at = sqlite3_column_int64(p, 3);
		st_column_copy(p, 4, info->drawn_by, sizeof info->drawn_by);
	}
	sqlite3_finalize(p);
	if (r != SQLITE_ROW)
		return r == SQLITE_DONE
			       ? rd_err_set(err, RD_ERR_NOTFOUND,
					    _("no sample of %s was drawn"),
					    quarter)
			       : st_fail(st, r, "read the sample", err);
	rc = st_prepare(st,
			"SELECT a.app_no, od.login, orv.login, "
			"coalesce(i.verdict, ''), i.note, d.created_at, "
			"coalesce(i.reviewed_at, 0) FROM audit_sample_items i "
			"JOIN applications a ON a.id = i.app_id "
			"JOIN decisions d ON d.id = i.decision_id "
			"JOIN operators od ON od.id = i.decider_id "
			"JOIN operators orv ON orv.id = i.reviewer_id "
			"WHERE i.sample_id = ?1 ORDER BY a.app_no", &p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, sample_id);
	while ((r = sqlite3_step(p)) == SQLITE_ROW) {
		struct store_sample_row row;

		row.app_no = (const char *)sqlite3_column_text(p, 0);
		row.decider = (const char *)sqlite3_column_text(p, 1);
		row.reviewer = (const char *)sqlite3_column_text(p, 2);
		row.verdict = (const char *)sqlite3_column_text(p, 3);
		row.note = (const char *)sqlite3_column_text(p, 4);
		row.decided_at = sqlite3_column_int64(p, 5);
		row.reviewed_at = sqlite3_column_int64(p, 6);
		if (cb && cb(ctx, &row) != 0)
			break;
	}
	if (r != SQLITE_ROW && r != SQLITE_DONE)
		rc = st_fail(st, r, "read the sample items", err);
	sqlite3_finalize(p);
	return rc;
}
