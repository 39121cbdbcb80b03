/*
 * appcore.c — what the store files that change an application share
 * (see internal.h): reading its core row, the stale-view conflict
 * message, and a small positional write helper.
 */
#include "store/internal.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <string.h>

rd_status st_app_load(struct store *st, int64_t app_id, struct st_app *a,
		      struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	char zType[16], zState[24];
	rd_status rc;
	int step;

	memset(a, 0, sizeof *a);
	rc = st_prepare(st,
			"SELECT a.id, a.app_no, a.type, a.state, a.row_version,"
			" a.current_version, v.id, c.operator_id, o.login "
			"FROM applications a "
			"JOIN app_versions v ON v.app_id=a.id "
			" AND v.version=a.current_version "
			"LEFT JOIN claims c ON c.app_id=a.id AND c.expires_at>?2 "
			"LEFT JOIN operators o ON o.id=c.operator_id "
			"WHERE a.id=?1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_int64(p, 2, rd_now());
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		a->id = sqlite3_column_int64(p, 0);
		st_column_copy(p, 1, a->app_no, sizeof a->app_no);
		st_column_copy(p, 2, zType, sizeof zType);
		st_column_copy(p, 3, zState, sizeof zState);
		a->row_version = sqlite3_column_int64(p, 4);
		a->version = sqlite3_column_int(p, 5);
		a->version_id = sqlite3_column_int64(p, 6);
		a->claim_op = sqlite3_column_int64(p, 7);
		st_column_copy(p, 8, a->claim_login, sizeof a->claim_login);
		if (rd_app_type_from_name(zType, &a->type) != RD_OK ||
		    rd_app_state_from_name(zState, &a->state) != RD_OK)
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("application %lld has an unknown "
					  "type or state"),
					(long long)app_id);
	} else if (step == SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("application %lld does not exist (any more)"),
				(long long)app_id);
	} else {
		rc = st_fail(st, step, _("read application"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

/* Who acted last on the application, for conflict messages. */
static void last_actor(struct store *st, const char *app_no, char *zWho,
		       size_t nWho, char *zWhen, size_t nWhen)
{
	sqlite3_stmt *p = NULL;

	snprintf(zWho, nWho, "?");
	zWhen[0] = '\0';
	if (sqlite3_prepare_v2(st->db,
			       "SELECT actor, at FROM audit_log WHERE subject=?1 "
			       "ORDER BY id DESC LIMIT 1",
			       -1, &p, NULL) != SQLITE_OK)
		return;
	st_bind_text(p, 1, app_no);
	if (sqlite3_step(p) == SQLITE_ROW) {
		st_column_copy(p, 0, zWho, nWho);
		rd_time_format_local(sqlite3_column_int64(p, 1), zWhen, nWhen,
				     RD_TIME_MINUTES);
	}
	sqlite3_finalize(p);
}

rd_status st_app_conflict(struct store *st, const char *app_no,
			  struct rd_err *err)
{
	char zWho[64], zWhen[RD_TIME_BUFSZ];

	last_actor(st, app_no, zWho, sizeof zWho, zWhen, sizeof zWhen);
	return rd_err_set(err, RD_ERR_CONFLICT,
			  _("%s was changed by %s at %s while you were looking "
			    "at it; nothing was recorded — the view is "
			    "refreshed, look again"),
			  app_no, zWho, zWhen);
}
