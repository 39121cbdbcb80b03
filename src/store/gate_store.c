/*
 * gate_store.c — loading the approval gate's facts (core/gate.h) inside
 * the caller's transaction, the configured checklist, the read-only
 * preview, and the refusal: an error message in words and, for lack of
 * role, an audit entry.
 */
#include "store/gate.h"
#include "store/gate_internal.h"
#include "store/withdraw.h"

#include "clock.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct st_checklist {
	char code[48];
	unsigned types;
};

rd_status store_gate_set_checklist(struct store *st, const char *const *aCode,
				   const unsigned *aTypes, size_t n,
				   struct rd_err *err)
{
	struct st_checklist *a = NULL;

	if (n) {
		a = calloc(n, sizeof *a);
		if (!a)
			return rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
	}
	for (size_t i = 0; i < n; i++) {
		snprintf(a[i].code, sizeof a[i].code, "%s", aCode[i]);
		a[i].types = aTypes[i];
	}
	free(st->aChecklist);
	st->aChecklist = a;
	st->nChecklist = n;
	return RD_OK;
}

static rd_status one_int(struct store *st, const char *zSql, int64_t a1,
			 int64_t a2, int64_t a3, int64_t *out,
			 struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	*out = 0;
	if (sqlite3_bind_parameter_count(p) >= 1)
		st_bind_int64(p, 1, a1);
	if (sqlite3_bind_parameter_count(p) >= 2)
		st_bind_int64(p, 2, a2);
	if (sqlite3_bind_parameter_count(p) >= 3)
		st_bind_int64(p, 3, a3);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(p, 0);
	else if (step != SQLITE_DONE)
		rc = st_fail(st, step, _("read the gate's facts"), err);
	sqlite3_finalize(p);
	return rc;
}

/* One required item: ticked? by someone who claimed the application? */
static rd_status tick_of(struct store *st, const struct st_app *a,
			 const char *zItem, int *ticked, int *by_claimer,
			 struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
		"SELECT c.checked, EXISTS(SELECT 1 FROM audit_log l"
		"  WHERE l.subject=?3 AND l.actor=o.login AND"
		"  (l.action='app.claim' OR (l.action='app.reassign' AND"
		"   json_extract(l.details,'$.to')=o.login)))"
		" FROM checklist c JOIN operators o ON o.id=c.operator_id"
		" WHERE c.version_id=?1 AND c.item=?2",
		&p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->version_id);
	st_bind_text(p, 2, zItem);
	st_bind_text(p, 3, a->app_no);
	*ticked = *by_claimer = 0;
	if (sqlite3_step(p) == SQLITE_ROW) {
		*ticked = sqlite3_column_int(p, 0);
		*by_claimer = *ticked && sqlite3_column_int(p, 1);
	}
	sqlite3_finalize(p);
	return RD_OK;
}

static int seen(const char *const *a, size_t n, const char *z)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(a[i], z))
			return 1;
	return 0;
}

static rd_status load_checklist(struct store *st, const struct st_app *a,
				const char *const *aExtra, size_t nExtra,
				struct rd_gate_facts *f, struct rd_err *err)
{
	const char *aItem[128];
	size_t nItem = 0;
	rd_status rc;

	for (size_t i = 0; i < st->nChecklist && nItem < 128; i++)
		if ((st->aChecklist[i].types & RD_APP_TYPE_BIT(a->type)) &&
		    !seen(aItem, nItem, st->aChecklist[i].code))
			aItem[nItem++] = st->aChecklist[i].code;
	for (size_t i = 0; i < nExtra && nItem < 128; i++)
		if (aExtra[i] && !seen(aItem, nItem, aExtra[i]))
			aItem[nItem++] = aExtra[i];
	f->checklist_required = nItem;
	for (size_t i = 0; i < nItem; i++) {
		int ticked, by_claimer;

		rc = tick_of(st, a, aItem[i], &ticked, &by_claimer, err);
		if (rc != RD_OK)
			return rc;
		f->checklist_ticked += ticked != 0;
		f->checklist_ticked_by_claimer += by_claimer != 0;
	}
	return RD_OK;
}

static rd_status load_checks(struct store *st, const struct st_app *a,
			     struct rd_gate_facts *f, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	/* The latest check of each kind counts (a re-run replaces the
	 * verdict); checks are found by application (checks_app). */
	rd_status rc = st_prepare(st,
		"SELECT (SELECT state FROM checks WHERE app_id=?2"
		"  AND kind='telecom_handler' AND version_id=?1"
		"  ORDER BY id DESC LIMIT 1),"
		" (SELECT state FROM payments WHERE version_id=?1),"
		" (SELECT state FROM checks WHERE app_id=?2"
		"  AND kind='bank_fin_auth' AND version_id=?1"
		"  ORDER BY id DESC LIMIT 1),"
		" (SELECT cert_not_after FROM app_versions WHERE id=?1)",
		&p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, a->version_id);
	st_bind_int64(p, 2, a->id);
	if (sqlite3_step(p) == SQLITE_ROW) {
		const char *zTel = (const char *)sqlite3_column_text(p, 0);
		const char *zPay = (const char *)sqlite3_column_text(p, 1);
		const char *zBank = (const char *)sqlite3_column_text(p, 2);

		f->telecom_matched = zTel && !strcmp(zTel, "match");
		f->payment_matched = zPay && (!strcmp(zPay, "online") ||
					      !strcmp(zPay, "matched") ||
					      !strcmp(zPay, "manual"));
		f->bank_required = zBank != NULL;
		f->bank_credited = zBank && !strcmp(zBank, "credited");
		f->cert_not_after = sqlite3_column_int64(p, 3);
	}
	sqlite3_finalize(p);
	return RD_OK;
}

/* A related application (same USCC, serial or person ID) was rejected:
 * the detail screen's "high risk: rejected before". */
static const char zRelatedRejected[] =
	"WITH me AS (SELECT org_id_no, cert_serial, handler_id_no,"
	"  applicant_id_no FROM app_versions WHERE id=?2),"
	" hits AS ("
	" SELECT a.id FROM applications a, me"
	"  WHERE me.org_id_no<>'' AND a.org_id_no=me.org_id_no"
	" UNION SELECT a.id FROM applications a, me"
	"  WHERE me.cert_serial<>'' AND a.cert_serial=me.cert_serial"
	" UNION SELECT v.app_id FROM app_versions v, me"
	"  WHERE me.handler_id_no<>'' AND (v.handler_id_no="
	"  me.handler_id_no OR v.applicant_id_no=me.handler_id_no)"
	" UNION SELECT v.app_id FROM app_versions v, me"
	"  WHERE me.applicant_id_no<>'' AND (v.handler_id_no="
	"  me.applicant_id_no OR v.applicant_id_no=me.applicant_id_no))"
	" SELECT EXISTS(SELECT 1 FROM hits h CROSS JOIN applications a"
	"  ON a.id=h.id WHERE a.id<>?1 AND (a.state='rejected' OR"
	"  EXISTS(SELECT 1 FROM decisions d WHERE d.app_id=a.id AND"
	"  d.action='reject')))";

/* The paired application: the one the current version names in
 * related_app_no, or one whose current version names this one. */
static const char zPaired[] =
	"SELECT b.id FROM app_versions v JOIN applications b"
	"  ON b.app_no=v.related_app_no"
	" WHERE v.id=?2 AND v.related_app_no IS NOT NULL AND b.id<>?1"
	" UNION ALL SELECT b.id FROM applications b JOIN app_versions w"
	"  ON w.app_id=b.id AND w.version=b.current_version"
	" WHERE w.related_app_no=(SELECT app_no FROM applications"
	"  WHERE id=?1) AND b.id<>?1"
	" LIMIT 1";

rd_status st_gate_paired(struct store *st, const struct st_app *a,
			 int64_t *partner_id, struct rd_err *err)
{
	*partner_id = 0;
	return one_int(st, zPaired, a->id, a->version_id, 0, partner_id, err);
}

static rd_status facts_of(struct store *st, const struct st_app *a,
			  const struct rd_operator *op,
			  const char *const *aExtra, size_t nExtra,
			  struct rd_gate_facts *f, int depth,
			  struct rd_err *err);

/* The partner's side: pending unless an approval of it is in force;
 * its unmet conditions as rd_gate_check_paired() gives them. */
static rd_status load_paired(struct store *st, const struct st_app *a,
			     const struct rd_operator *op,
			     struct rd_gate_facts *f, struct rd_err *err)
{
	struct rd_gate_facts g;
	struct st_app b;
	int64_t id = 0;
	rd_status rc = st_gate_paired(st, a, &id, err);

	if (rc != RD_OK || !id)
		return rc;
	rc = st_app_load(st, id, &b, err);
	if (rc == RD_OK)
		rc = facts_of(st, &b, op, NULL, 0, &g, 1, err);
	if (rc != RD_OK)
		return rc;
	if (g.approval_in_force)
		return RD_OK;
	f->paired_pending = true;
	f->paired_unmet = rd_gate_check_paired(&g);
	return RD_OK;
}

rd_status st_gate_facts(struct store *st, const struct st_app *a,
			const struct rd_operator *op,
			const char *const *aExtra, size_t nExtra,
			struct rd_gate_facts *f, struct rd_err *err)
{
	return facts_of(st, a, op, aExtra, nExtra, f, 0, err);
}

static rd_status facts_of(struct store *st, const struct st_app *a,
			  const struct rd_operator *op,
			  const char *const *aExtra, size_t nExtra,
			  struct rd_gate_facts *f, int depth,
			  struct rd_err *err)
{
	int64_t v = 0;
	rd_status rc;

	memset(f, 0, sizeof *f);
	f->type = a->type;
	f->state = a->state;
	f->now = rd_now();
	f->actor_id = op ? op->id : 0;
	f->actor_role = op ? op->role : RD_ROLE_SYSTEM;
	f->claim_holder = a->claim_op;
	rc = one_int(st,
		     "SELECT operator_id FROM decisions WHERE app_id=?1 AND"
		     " countersign='pending' ORDER BY id DESC LIMIT 1",
		     a->id, 0, 0, &f->override_decider, err);
	f->override_pending = f->override_decider != 0;
	if (rc == RD_OK)
		rc = load_checklist(st, a, aExtra, nExtra, f, err);
	if (rc == RD_OK)
		rc = one_int(st,
			     "SELECT count(*) FROM findings WHERE version_id=?1"
			     " AND severity='error'",
			     a->version_id, 0, 0, &v, err);
	f->findings_error = (size_t)v;
	if (rc == RD_OK)
		rc = one_int(st,
			     "SELECT count(*) FROM findings WHERE version_id=?1"
			     " AND severity='risk'",
			     a->version_id, 0, 0, &v, err);
	f->findings_risk = (size_t)v;
	if (rc == RD_OK)
		rc = one_int(st, zRelatedRejected, a->id, a->version_id, 0, &v,
			     err);
	f->related_rejected = v != 0;
	if (rc == RD_OK)
		rc = load_checks(st, a, f, err);
	/* Edited: ticked the checklist of this version or decided it. */
	if (rc == RD_OK && op)
		rc = one_int(st,
			     "SELECT EXISTS(SELECT 1 FROM checklist WHERE"
			     " version_id=?2 AND operator_id=?3) OR EXISTS("
			     "SELECT 1 FROM decisions WHERE app_id=?1 AND"
			     " version_id=?2 AND operator_id=?3)",
			     a->id, a->version_id, op->id, &v, err);
	f->actor_edited = op && v != 0;
	if (rc == RD_OK)
		rc = one_int(st,
			     "SELECT EXISTS(SELECT 1 FROM decisions WHERE"
			     " app_id=?1 AND version_id=?2 AND action='approve'"
			     " AND countersign IN ('none','approved'))",
			     a->id, a->version_id, 0, &v, err);
	f->approval_in_force = v != 0;
	/* One level only: the partner's partner is this application. */
	if (rc == RD_OK && depth == 0)
		rc = load_paired(st, a, op, f, err);
	return rc;
}

void store_gate_describe(const struct rd_gate_result *r, char *z, size_t n)
{
	size_t off = 0;

	if (!n)
		return;
	z[0] = '\0';
	for (size_t i = 0; i < r->n && off + 1 < n; i++) {
		const struct rd_gate_unmet *u = &r->a[i];
		int k;
		int counted = u->cond == RD_GATE_C_CHECKLIST ||
			      u->cond == RD_GATE_C_ERROR_FINDINGS ||
			      u->cond == RD_GATE_C_CHECKLIST_NOT_CLAIMER;

		if (u->cond == RD_GATE_C_PAIRED) {
			k = snprintf(z + off, n - off, "%s%s:", off ? "; " : "",
				     rd_gate_cond_label(u->cond));
			for (int c = 0; k >= 0 && c < RD_GATE_COND_COUNT &&
					(size_t)k < n - off; c++)
				if ((uint64_t)u->detail & (1u << c)) {
					int m = snprintf(z + off + k,
							 n - off - (size_t)k,
							 " %s,",
							 rd_gate_cond_label(
								 (enum rd_gate_cond)c));
					if (m < 0)
						break;
					k += m;
				}
			if (k > 0 && (size_t)k < n - off &&
			    z[off + (size_t)k - 1] == ',')
				z[off + (size_t)--k] = '\0';
		} else if (counted && u->detail > 0)
			k = snprintf(z + off, n - off, "%s%s (%lld)",
				     off ? "; " : "",
				     rd_gate_cond_label(u->cond),
				     (long long)u->detail);
		else
			k = snprintf(z + off, n - off, "%s%s", off ? "; " : "",
				     rd_gate_cond_label(u->cond));
		if (k < 0)
			break;
		if ((size_t)k >= n - off) {
			/* Cut at a character boundary. */
			size_t end = n - 1;

			while (end > off && ((unsigned char)z[end] & 0xC0) == 0x80)
				end--;
			z[end] = '\0';
			break;
		}
		off += (size_t)k;
	}
}

static rd_status status_of(const struct rd_gate_result *r)
{
	if (rd_gate_has(r, RD_GATE_C_ROLE) ||
	    rd_gate_has(r, RD_GATE_C_COUNTERSIGN_SELF) ||
	    rd_gate_has(r, RD_GATE_C_COUNTERSIGN_EDITOR))
		return RD_ERR_DENIED;
	if (rd_gate_has(r, RD_GATE_C_CLAIMED_BY_OTHER))
		return RD_ERR_CONFLICT;
	if (rd_gate_has(r, RD_GATE_C_NOT_CLAIMED))
		return RD_ERR_DENIED;
	if (r->n == 1 && (r->a[0].cond == RD_GATE_C_NO_REASON ||
			  r->a[0].cond == RD_GATE_C_OVERRIDE_IN_BULK))
		return RD_ERR_INVALID;
	return RD_ERR_STATE;
}

rd_status st_gate_refused(struct store *st, const char *app_no,
			  const char *zAction, const struct rd_gate_result *r,
			  struct rd_err *err)
{
	char z[768];

	(void)st;
	store_gate_describe(r, z, sizeof z);
	return rd_err_set(err, status_of(r), _("%s: %s is refused: %s"),
			  app_no, zAction, z);
}

void st_gate_audit_refusal(struct store *st, const struct rd_operator *op,
			   const char *app_no, const char *action_name,
			   const struct rd_gate_result *r)
{
	char zWhy[256] = "";
	size_t off = 0;

	if (!op || !rd_gate_has(r, RD_GATE_C_ROLE))
		return;
	for (size_t i = 0; i < r->n && off < sizeof zWhy; i++)
		off += (size_t)snprintf(zWhy + off, sizeof zWhy - off, "%s%s",
					off ? "," : "",
					rd_gate_cond_key(r->a[i].cond));
	store_audit_refusal(st, op, action_name, app_no, zWhy, NULL);
}

rd_status store_gate_preview(struct store *st, const struct rd_operator *op,
			     int64_t app_id, enum rd_gate_action action,
			     bool override_given, size_t n_reason,
			     struct rd_gate_result *r, char *zAppNo,
			     size_t nAppNo, int64_t *row_version,
			     struct rd_err *err)
{
	struct st_app a;
	struct rd_gate_facts f;
	rd_status rc;

	memset(r, 0, sizeof *r);
	rc = st_exec(st, "BEGIN", err);
	if (rc != RD_OK)
		return rc;
	rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK && zAppNo && nAppNo)
		snprintf(zAppNo, nAppNo, "%s", a.app_no);
	if (rc == RD_OK && row_version)
		*row_version = a.row_version;
	if (rc == RD_OK)
		rc = st_gate_facts(st, &a, op, NULL, 0, &f, err);
	st_exec(st, "COMMIT", NULL);
	if (rc != RD_OK)
		return rc;
	f.override_given = override_given;
	f.n_reason = n_reason;
	if (rd_gate_check(&f, action, r) == RD_ERR_INVALID)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("the gate cannot judge this action"));
	return RD_OK;
}

size_t st_gate_required(const struct store *st, enum rd_app_type type,
			const char **aOut, size_t nMax)
{
	size_t n = 0;

	for (size_t i = 0; i < st->nChecklist && n < nMax; i++)
		if (st->aChecklist[i].types & RD_APP_TYPE_BIT(type))
			aOut[n++] = st->aChecklist[i].code;
	return n;
}
