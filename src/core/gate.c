/*
 * gate.c — the approval gate (see gate.h). Pure: no I/O, no clock.
 */
#include "core/gate.h"
#include "core/i18n.h"

#include <string.h>

_Static_assert(RD_GATE_COND_COUNT <= 32,
	       "paired_unmet holds one bit per condition");

struct cond_row {
	const char *zKey;
	const char *zLabel;   /* msgid */
	int overridable;
};

#define RD_X_ROW(e, key, label, ov) { key, label, ov },
static const struct cond_row aCond[] = { RD_GATE_COND_LIST(RD_X_ROW) };
#undef RD_X_ROW

const char *rd_gate_cond_label(enum rd_gate_cond c)
{
	if ((int)c < 0 || c >= RD_GATE_COND_COUNT)
		return "?";
	return _(aCond[c].zLabel);
}

const char *rd_gate_cond_key(enum rd_gate_cond c)
{
	if ((int)c < 0 || c >= RD_GATE_COND_COUNT)
		return "?";
	return aCond[c].zKey;
}

bool rd_gate_cond_overridable(enum rd_gate_cond c)
{
	if ((int)c < 0 || c >= RD_GATE_COND_COUNT)
		return false;
	return aCond[c].overridable != 0;
}

bool rd_gate_has(const struct rd_gate_result *r, enum rd_gate_cond cond)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->a[i].cond == cond)
			return true;
	return false;
}

/* Record cond once; the result keeps enum order (sorted at the end). */
static void unmet(struct rd_gate_result *r, enum rd_gate_cond cond,
		  int64_t detail)
{
	if (rd_gate_has(r, cond) || r->n >= RD_GATE_MAX_UNMET)
		return;
	r->a[r->n].cond = cond;
	r->a[r->n].detail = detail;
	r->n++;
}

static void sort_unmet(struct rd_gate_result *r)
{
	for (size_t i = 1; i < r->n; i++) {
		struct rd_gate_unmet x = r->a[i];
		size_t j = i;

		while (j > 0 && r->a[j - 1].cond > x.cond) {
			r->a[j] = r->a[j - 1];
			j--;
		}
		r->a[j] = x;
	}
}

/* The table's word on (type, state, action, role). */
static void table(const struct rd_gate_facts *f, enum rd_app_action action,
		  enum rd_role who, struct rd_gate_result *r)
{
	enum rd_app_state to;
	rd_status rc = rd_app_transition(f->type, f->state, action, who, &to,
					 NULL);

	if (rc == RD_OK)
		r->to = to;
	else if (rc == RD_ERR_DENIED)
		unmet(r, RD_GATE_C_ROLE, 0);
	else
		unmet(r, RD_GATE_C_STATE, 0);
}

/*
 * A decision starts from in_review; a bulk decision takes a received
 * application into review on the way (a claim, through the table).
 */
static void review_table(const struct rd_gate_facts *f,
			 enum rd_app_action action, bool bulk,
			 struct rd_gate_result *r)
{
	struct rd_gate_facts g = *f;

	if (bulk && f->state == RD_ST_RECEIVED) {
		enum rd_app_state mid;
		rd_status rc = rd_app_transition(f->type, f->state,
						 RD_ACT_CLAIM, f->actor_role,
						 &mid, NULL);

		if (rc != RD_OK) {
			unmet(r, rc == RD_ERR_DENIED ? RD_GATE_C_ROLE
						     : RD_GATE_C_STATE, 0);
			return;
		}
		g.state = mid;
	}
	table(&g, action, f->actor_role, r);
}

/* The conditions an approval must meet or override. */
static void approval_conditions(const struct rd_gate_facts *f,
				struct rd_gate_result *r)
{
	if (f->checklist_ticked < f->checklist_required)
		unmet(r, RD_GATE_C_CHECKLIST,
		      (int64_t)(f->checklist_required - f->checklist_ticked));
	if (f->findings_error)
		unmet(r, RD_GATE_C_ERROR_FINDINGS, (int64_t)f->findings_error);
	if (f->findings_risk || f->related_rejected)
		unmet(r, RD_GATE_C_HIGH_RISK, (int64_t)f->findings_risk);
	if (!f->telecom_matched)
		unmet(r, RD_GATE_C_TELECOM, 0);
	if (f->bank_required && !f->bank_credited)
		unmet(r, RD_GATE_C_BANK, 0);
	if (!f->payment_matched)
		unmet(r, RD_GATE_C_PAYMENT, 0);
	/* Valid at decision time, not only at submission: a certificate
	 * that ran out while the application waited cannot be renewed. */
	if (f->type == RD_APP_RENEW &&
	    (f->cert_not_after == 0 || f->cert_not_after <= f->now))
		unmet(r, RD_GATE_C_CERT_EXPIRED, f->cert_not_after);
	/* The pair goes together or not at all. */
	if (f->paired_pending && f->paired_unmet)
		unmet(r, RD_GATE_C_PAIRED, (int64_t)f->paired_unmet);
}

static bool all_overridable(const struct rd_gate_result *r)
{
	for (size_t i = 0; i < r->n; i++)
		if (!rd_gate_cond_overridable(r->a[i].cond))
			return false;
	return true;
}

static void check_single(const struct rd_gate_facts *f,
			 enum rd_gate_action action, struct rd_gate_result *r)
{
	enum rd_app_action act = action == RD_GATE_APPROVE ? RD_ACT_APPROVE
				 : action == RD_GATE_REJECT
					 ? RD_ACT_REJECT
					 : RD_ACT_RETURN_FIN_AUTH;

	if (f->claim_holder == 0)
		unmet(r, RD_GATE_C_NOT_CLAIMED, 0);
	else if (f->claim_holder != f->actor_id)
		unmet(r, RD_GATE_C_CLAIMED_BY_OTHER, 0);
	if (f->override_pending)
		unmet(r, RD_GATE_C_OVERRIDE_PENDING, 0);
	review_table(f, act, false, r);
	if (action == RD_GATE_REJECT && f->n_reason == 0)
		unmet(r, RD_GATE_C_NO_REASON, 0);
	if (action == RD_GATE_APPROVE)
		approval_conditions(f, r);
	if (r->n == 0) {
		r->allowed = true;
	} else if (action == RD_GATE_APPROVE && f->override_given &&
		   all_overridable(r)) {
		r->allowed = true;
		r->countersign = true;
	}
}

static void check_bulk(const struct rd_gate_facts *f,
		       enum rd_gate_action action, struct rd_gate_result *r)
{
	bool approve = action == RD_GATE_BULK_APPROVE;

	if (!rd_role_at_least(f->actor_role, RD_ROLE_SUPERVISOR))
		unmet(r, RD_GATE_C_ROLE, 0);
	if (f->claim_holder && f->claim_holder != f->actor_id)
		unmet(r, RD_GATE_C_CLAIMED_BY_OTHER, 0);
	if (f->override_pending)
		unmet(r, RD_GATE_C_OVERRIDE_PENDING, 0);
	if (f->override_given)
		unmet(r, RD_GATE_C_OVERRIDE_IN_BULK, 0);
	review_table(f, approve ? RD_ACT_APPROVE : RD_ACT_REJECT, true, r);
	if (!approve && f->n_reason == 0)
		unmet(r, RD_GATE_C_NO_REASON, 0);
	if (approve) {
		approval_conditions(f, r);
		/* In bulk nobody looks at the case: someone who claimed it
		 * must have done its whole checklist. */
		if (f->checklist_required == 0 ||
		    f->checklist_ticked_by_claimer < f->checklist_required)
			unmet(r, RD_GATE_C_CHECKLIST_NOT_CLAIMER,
			      (int64_t)(f->checklist_required -
					f->checklist_ticked_by_claimer));
	}
	r->allowed = r->n == 0;
}

static void check_countersign(const struct rd_gate_facts *f,
			      struct rd_gate_result *r)
{
	if (!rd_role_at_least(f->actor_role, RD_ROLE_SUPERVISOR))
		unmet(r, RD_GATE_C_ROLE, 0);
	if (!f->override_pending)
		unmet(r, RD_GATE_C_NO_OVERRIDE_PENDING, 0);
	else if (f->override_decider == f->actor_id)
		unmet(r, RD_GATE_C_COUNTERSIGN_SELF, 0);
	/* EJBCA's rule: neither the decider nor anyone who edited it. */
	if (f->actor_edited && !rd_gate_has(r, RD_GATE_C_COUNTERSIGN_SELF))
		unmet(r, RD_GATE_C_COUNTERSIGN_EDITOR, 0);
	table(f, RD_ACT_APPROVE, f->actor_role, r);
	if (f->paired_pending && f->paired_unmet)
		unmet(r, RD_GATE_C_PAIRED, (int64_t)f->paired_unmet);
	r->allowed = r->n == 0;
}

uint32_t rd_gate_check_paired(const struct rd_gate_facts *f)
{
	struct rd_gate_result r;
	struct rd_gate_facts g;
	uint32_t bits = 0;

	memset(&r, 0, sizeof r);
	if (!f || (int)f->type < 0 || f->type >= RD_APP_TYPE_COUNT ||
	    (int)f->state < 0 || f->state >= RD_APP_STATE_COUNT ||
	    (int)f->actor_role < 0 || f->actor_role >= RD_ROLE_COUNT)
		return 1u << RD_GATE_C_STATE;
	g = *f;
	g.paired_pending = false;   /* its partner is the one deciding */
	if (g.claim_holder && g.claim_holder != g.actor_id)
		unmet(&r, RD_GATE_C_CLAIMED_BY_OTHER, 0);
	if (g.override_pending)
		unmet(&r, RD_GATE_C_OVERRIDE_PENDING, 0);
	review_table(&g, RD_ACT_APPROVE, true, &r);
	approval_conditions(&g, &r);
	for (size_t i = 0; i < r.n; i++)
		if (r.a[i].cond < 32)
			bits |= 1u << r.a[i].cond;
	return bits;
}

static void check_transition(const struct rd_gate_facts *f,
			     struct rd_gate_result *r)
{
	table(f, f->transition, f->actor_role, r);
	if (f->transition == RD_ACT_START_PRODUCTION && !f->approval_in_force)
		unmet(r, RD_GATE_C_NOT_APPROVED, 0);
	/* A renewal is completed by the install report: only what an
	 * approval in force let through may be installed. */
	if (f->transition == RD_ACT_COMPLETE && f->type == RD_APP_RENEW &&
	    !f->approval_in_force)
		unmet(r, RD_GATE_C_NOT_APPROVED, 0);
	r->allowed = r->n == 0;
}

/* Make the key again (production retry): a supervisor's step, on a key
 * that is approved or in production, under an approval in force. The
 * state does not move. */
static void check_remake(const struct rd_gate_facts *f,
			 struct rd_gate_result *r)
{
	if (!rd_role_at_least(f->actor_role, RD_ROLE_SUPERVISOR))
		unmet(r, RD_GATE_C_ROLE, 0);
	if (f->type == RD_APP_RENEW || (f->state != RD_ST_APPROVED &&
					f->state != RD_ST_IN_PRODUCTION))
		unmet(r, RD_GATE_C_STATE, 0);
	if (!f->approval_in_force)
		unmet(r, RD_GATE_C_NOT_APPROVED, 0);
	r->allowed = r->n == 0;
	r->to = f->state;
}

rd_status rd_gate_check(const struct rd_gate_facts *f,
			enum rd_gate_action action, struct rd_gate_result *r)
{
	memset(r, 0, sizeof *r);
	r->to = f ? f->state : RD_ST_RECEIVED;
	if (!f || (int)action < 0 || action >= RD_GATE_ACTION_COUNT ||
	    (int)f->type < 0 || f->type >= RD_APP_TYPE_COUNT ||
	    (int)f->state < 0 || f->state >= RD_APP_STATE_COUNT ||
	    (int)f->actor_role < 0 || f->actor_role >= RD_ROLE_COUNT)
		return RD_ERR_INVALID;
	switch (action) {
	case RD_GATE_APPROVE:
	case RD_GATE_REJECT:
	case RD_GATE_RETURN_FIN_AUTH:
		check_single(f, action, r);
		break;
	case RD_GATE_BULK_APPROVE:
	case RD_GATE_BULK_REJECT:
		check_bulk(f, action, r);
		break;
	case RD_GATE_COUNTERSIGN:
		check_countersign(f, r);
		break;
	case RD_GATE_TRANSITION:
		if ((int)f->transition < 0 ||
		    f->transition >= RD_APP_ACTION_COUNT)
			return RD_ERR_INVALID;
		check_transition(f, r);
		break;
	case RD_GATE_REMAKE:
		check_remake(f, r);
		break;
	default:
		return RD_ERR_INVALID;
	}
	sort_unmet(r);
	if (r->allowed)
		return RD_OK;
	r->to = f->state;
	return rd_gate_has(r, RD_GATE_C_ROLE) ? RD_ERR_DENIED : RD_ERR_STATE;
}
