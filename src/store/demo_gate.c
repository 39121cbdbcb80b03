/*
 * demo_gate.c — the demo's past decisions through the gate (see
 * demo_gate.h).
 */
#include "store/demo_gate.h"

#include "clock.h"
#include "core/gate.h"
#include "core/i18n.h"
#include "store/gate_internal.h"
#include "store/internal.h"
#include "store/operators.h"

#include <sqlite3.h>
#include <string.h>

/* The demo's second supervisor: any enabled supervisor or admin but the
 * decider, or one made for the demo (it has only its admin). */
static rd_status second_supervisor(struct store *st, int64_t decider,
				   int64_t at, int64_t *id, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st,
		"SELECT id FROM operators WHERE enabled=1 AND role IN"
		" ('supervisor','admin') AND id<>?1 ORDER BY id LIMIT 1",
		&p, err);

	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, decider);
	*id = sqlite3_step(p) == SQLITE_ROW ? sqlite3_column_int64(p, 0) : 0;
	sqlite3_finalize(p);
	if (*id)
		return RD_OK;
	rc = st_run(st, NULL, _("add the demo's second supervisor"), err,
		    "INSERT INTO operators(login,display_name,role,created_at,"
		    "updated_at) VALUES('demo-countersign',?1,'supervisor',?2,?2)",
		    "ti", _("Demo countersigner"), at);
	if (rc == RD_OK)
		*id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

rd_status st_demo_gate_decide(struct store *st, int64_t app_id,
			      int64_t operator_id, enum rd_app_action action,
			      size_t nReason, int64_t at,
			      struct demo_gate_out *out, struct rd_err *err)
{
	struct rd_operator op;
	struct st_app a;
	struct rd_gate_facts f;
	struct rd_gate_result r;
	enum rd_gate_action ga = action == RD_ACT_APPROVE ? RD_GATE_APPROVE
							  : RD_GATE_REJECT;
	int64_t now = rd_now();
	rd_status rc;

	memset(out, 0, sizeof *out);
	rc = store_operator_get_id(st, operator_id, &op, err);
	/* The claim, live until well after the decision. */
	if (rc == RD_OK)
		rc = st_run(st, NULL, _("claim the application"), err,
			    "INSERT OR REPLACE INTO claims(app_id,operator_id,"
			    "claimed_at,expires_at) VALUES(?1,?2,?3,?4)",
			    "iiii", app_id, operator_id, at,
			    (now > at ? now : at) + 3600);
	if (rc == RD_OK)
		rc = st_app_load(st, app_id, &a, err);
	if (rc != RD_OK)
		return rc;
	/* The whole checklist, ticked by the decider when deciding. */
	{
		const char *aItem[128];
		size_t nItem = st_gate_required(st, a.type, aItem, 128);

		for (size_t i = 0; i < nItem && rc == RD_OK; i++)
			rc = st_run(st, NULL, _("tick checklist"), err,
				    "INSERT OR REPLACE INTO checklist(version_id,"
				    "item,checked,operator_id,at)"
				    " VALUES(?1,?2,1,?3,?4)",
				    "itii", a.version_id, aItem[i],
				    operator_id, at);
	}
	if (rc == RD_OK)
		rc = st_gate_facts(st, &a, &op, NULL, 0, &f, err);
	if (rc != RD_OK)
		return rc;
	/* Validity at the decision's time, not today's. */
	f.now = at;
	f.n_reason = nReason;
	if (rd_gate_check(&f, ga, &r) != RD_OK && ga == RD_GATE_APPROVE) {
		/* What waited (the checks) or was risky: an override. */
		f.override_given = true;
		if (rd_gate_check(&f, ga, &r) == RD_OK && r.countersign) {
			out->override = 1;
			rc = second_supervisor(st, operator_id, at,
					       &out->countersigner, err);
		}
	}
	if (rc == RD_OK && !r.allowed)
		return st_gate_refused(st, a.app_no,
				       rd_app_action_label(action), &r, err);
	out->to = r.to;
	return rc;
}

rd_status st_demo_gate_countersign(struct store *st, int64_t app_id,
				   int64_t decision_id, int64_t at,
				   const struct demo_gate_out *out,
				   struct rd_err *err)
{
	struct rd_operator op;
	struct st_app a;
	struct rd_gate_facts f;
	struct rd_gate_result r;
	rd_status rc = store_operator_get_id(st, out->countersigner, &op, err);

	if (rc == RD_OK)
		rc = st_app_load(st, app_id, &a, err);
	if (rc == RD_OK)
		rc = st_gate_facts(st, &a, &op, NULL, 0, &f, err);
	if (rc != RD_OK)
		return rc;
	f.now = at;
	if (rd_gate_check(&f, RD_GATE_COUNTERSIGN, &r) != RD_OK)
		return st_gate_refused(st, a.app_no, _("countersign"), &r, err);
	return st_run(st, NULL, _("countersign"), err,
		      "UPDATE decisions SET countersign='approved',"
		      "countersigned_by=?2,countersigned_at=?3,"
		      "countersign_note=?4 WHERE id=?1",
		      "iiit", decision_id, out->countersigner, at,
		      _("Demo: checked again by a second supervisor"));
}
