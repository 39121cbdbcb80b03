/*
 * operators.c — operator records.
 */
#include "store/operators.h"
#include "store/audit.h"
#include "store/internal.h"

#include "clock.h"
#include "core/buf.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#define OP_COLUMNS "id, login, display_name, role, enabled"

static void row_to_operator(sqlite3_stmt *p, struct rd_operator *op)
{
	char zRole[16];

	memset(op, 0, sizeof *op);
	op->id = sqlite3_column_int64(p, 0);
	st_column_copy(p, 1, op->login, sizeof op->login);
	st_column_copy(p, 2, op->display_name, sizeof op->display_name);
	st_column_copy(p, 3, zRole, sizeof zRole);
	if (rd_role_from_name(zRole, &op->role) != RD_OK)
		op->role = RD_ROLE_AUDITOR;
	op->enabled = sqlite3_column_int(p, 4);
}

/* A login is what getpwuid() could return: printable ASCII, no spaces. */
static int login_valid(const char *z)
{
	size_t n = strlen(z);

	if (n == 0 || n >= 64)
		return 0;
	for (; *z; z++)
		if (!((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') ||
		      (*z >= '0' && *z <= '9') || *z == '_' || *z == '-' ||
		      *z == '.'))
			return 0;
	return 1;
}

rd_status store_operator_count(struct store *st, int64_t *count,
			       struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, "SELECT count(*) FROM operators", &p, err);

	if (rc != RD_OK)
		return rc;
	*count = 0;
	if (sqlite3_step(p) == SQLITE_ROW)
		*count = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	return RD_OK;
}

static rd_status get_where(struct store *st, const char *zSql,
			   const char *login, int64_t id,
			   struct rd_operator *out, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	if (login)
		st_bind_text(p, 1, login);
	else
		st_bind_int64(p, 1, id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		row_to_operator(p, out);
	else if (step == SQLITE_DONE && login)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no operator with login '%s'"), login);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no operator with id %lld"), (long long)id);
	else
		rc = st_fail(st, step, _("read operator"), err);
	sqlite3_finalize(p);
	return rc;
}

rd_status store_operator_get(struct store *st, const char *login,
			     struct rd_operator *out, struct rd_err *err)
{
	return get_where(st, "SELECT " OP_COLUMNS " FROM operators WHERE login=?1",
			 login, 0, out, err);
}

rd_status store_operator_get_id(struct store *st, int64_t id,
				struct rd_operator *out, struct rd_err *err)
{
	return get_where(st, "SELECT " OP_COLUMNS " FROM operators WHERE id=?1",
			 NULL, id, out, err);
}

static rd_status audit_operator(struct store *st, const char *actor,
				const char *action, const char *login,
				const char *role, int enabled,
				struct rd_err *err)
{
	char zDetails[160];

	snprintf(zDetails, sizeof zDetails,
		 "{\"role\":\"%s\",\"enabled\":%s}", role,
		 enabled ? "true" : "false");
	return store_audit_append(st, actor, action, login, zDetails, err);
}

rd_status store_operator_add(struct store *st, const char *actor,
			     const char *login, const char *display_name,
			     enum rd_role role, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int64_t now = rd_now();
	rd_status rc;
	int step;

	if (!login_valid(login))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("'%s' is not a valid Unix login (letters, "
				    "digits, '.', '_' and '-', at most 63)"),
				  login);
	if (role != RD_ROLE_AUDITOR && role != RD_ROLE_SUPERVISOR &&
	    role != RD_ROLE_ADMIN)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("an operator is an auditor, a supervisor "
				    "or an admin"));
	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = st_prepare(st,
			"INSERT INTO operators(login,display_name,role,enabled,"
			"created_at,updated_at) VALUES(?1,?2,?3,1,?4,?4)",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, login);
	st_bind_text(p, 2, display_name ? display_name : "");
	st_bind_text(p, 3, rd_role_name(role));
	st_bind_int64(p, 4, now);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if ((step & 0xff) == SQLITE_CONSTRAINT) {
		rc = rd_err_set(err, RD_ERR_EXISTS,
				_("operator '%s' already exists"), login);
		goto fail;
	}
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("add operator"), err);
		goto fail;
	}
	rc = audit_operator(st, actor, "operator.add", login,
			    rd_role_name(role), 1, err);
	if (rc != RD_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

static rd_status count_admins(struct store *st, int64_t *n, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT count(*) FROM operators "
				  "WHERE role='admin' AND enabled=1",
				  &p, err);

	if (rc != RD_OK)
		return rc;
	*n = 0;
	if (sqlite3_step(p) == SQLITE_ROW)
		*n = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	return RD_OK;
}

/* Shared body of set_enabled and set_role, inside one transaction. */
static rd_status operator_update(struct store *st, const char *actor,
				 const char *login, int enabled,
				 enum rd_role role, const char *action,
				 struct rd_err *err)
{
	struct rd_operator op;
	sqlite3_stmt *p = NULL;
	int64_t nAdmins;
	rd_status rc;
	int step;

	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	rc = store_operator_get(st, login, &op, err);
	if (rc != RD_OK)
		goto fail;
	if (op.role == RD_ROLE_ADMIN && op.enabled &&
	    (!enabled || role != RD_ROLE_ADMIN)) {
		rc = count_admins(st, &nAdmins, err);
		if (rc != RD_OK)
			goto fail;
		if (nAdmins <= 1) {
			rc = rd_err_set(err, RD_ERR_STATE,
					_("'%s' is the last enabled admin; add "
					  "another admin first"),
					login);
			goto fail;
		}
	}
	rc = st_prepare(st,
			"UPDATE operators SET enabled=?2, role=?3, updated_at=?4 "
			"WHERE login=?1",
			&p, err);
	if (rc != RD_OK)
		goto fail;
	st_bind_text(p, 1, login);
	sqlite3_bind_int(p, 2, enabled);
	st_bind_text(p, 3, rd_role_name(role));
	st_bind_int64(p, 4, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("update operator"), err);
		goto fail;
	}
	rc = audit_operator(st, actor, action, login, rd_role_name(role),
			    enabled, err);
	if (rc != RD_OK)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return rc;
}

rd_status store_operator_set_enabled(struct store *st, const char *actor,
				     const char *login, int enabled,
				     struct rd_err *err)
{
	struct rd_operator op;
	rd_status rc = store_operator_get(st, login, &op, err);

	if (rc != RD_OK)
		return rc;
	return operator_update(st, actor, login, enabled, op.role,
			       enabled ? "operator.enable" : "operator.disable",
			       err);
}

rd_status store_operator_set_role(struct store *st, const char *actor,
				  const char *login, enum rd_role role,
				  struct rd_err *err)
{
	struct rd_operator op;
	rd_status rc;

	if (role != RD_ROLE_AUDITOR && role != RD_ROLE_SUPERVISOR &&
	    role != RD_ROLE_ADMIN)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("an operator is an auditor, a supervisor "
				    "or an admin"));
	rc = store_operator_get(st, login, &op, err);
	if (rc != RD_OK)
		return rc;
	return operator_update(st, actor, login, op.enabled, role,
			       "operator.role", err);
}

rd_status store_operator_list(struct store *st, store_operator_fn fn,
			      void *ctx, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
				  "SELECT " OP_COLUMNS
				  " FROM operators ORDER BY login",
				  &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		struct rd_operator op;

		row_to_operator(p, &op);
		if (fn(ctx, &op))
			break;
	}
	sqlite3_finalize(p);
	return RD_OK;
}

rd_status store_operator_authenticate(struct store *st, const char *login,
				      struct rd_operator *out,
				      struct rd_err *err)
{
	struct rd_err e2;
	rd_status rc = store_operator_get(st, login, out, err);
	const char *zWhy;

	if (rc == RD_OK && out->enabled)
		return RD_OK;
	if (rc != RD_OK && rc != RD_ERR_NOTFOUND)
		return rc;
	zWhy = rc == RD_ERR_NOTFOUND ? "{\"reason\":\"unknown\"}"
				     : "{\"reason\":\"disabled\"}";
	/* Log the refusal; if the log cannot be written, still refuse. */
	if (store_begin(st, &e2) == RD_OK) {
		if (store_audit_append(st, login, "operator.refused", login,
				       zWhy, &e2) == RD_OK)
			store_commit(st, &e2);
		else
			store_rollback(st);
	}
	if (rc == RD_ERR_NOTFOUND)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("user '%s' is not a radesk operator; ask an "
				    "admin to run 'radesk operator add %s "
				    "auditor'"),
				  login, login);
	return rd_err_set(err, RD_ERR_DENIED,
			  _("operator '%s' is disabled; ask an admin to "
			    "enable the account"),
			  login);
}
