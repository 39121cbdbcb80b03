/*
 * gate.h — the approval gate: the one place where radesk decides whether
 * an action on an application may happen.
 *
 * rd_gate_check() is pure: it reads a struct rd_gate_facts that the
 * store loaded inside the deciding transaction (state, claim, checklist,
 * findings, checks, certificate validity at `now`, override, the actor)
 * and writes every unmet condition to a struct rd_gate_result, as data
 * (an enum and a number), never as text. The store refuses the action
 * when the gate does; screens and commands only show the result
 * (rd_gate_cond_label() gives each condition its words).
 *
 * States and roles stay with the transition table: the gate asks
 * rd_app_transition() (core/state.h) and reports RD_GATE_C_STATE or
 * RD_GATE_C_ROLE when the table says no.
 *
 * Adding a condition: a new X() row below, a new field in the facts
 * whose zero value means "no constraint" (for example
 * `bool legal_rep_required` next to `bool legal_rep_present`), a rule in
 * gate.c, the store loading the field, and a unit test in
 * tests/unit/test_gate.c.
 */
#ifndef RD_CORE_GATE_H
#define RD_CORE_GATE_H

#include "core/err.h"
#include "core/state.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * X(enum, stable key, label msgid, overridable). An overridable
 * condition may be passed by an approval with an override reason, which
 * then waits for a supervisor's countersign; the others never pass.
 * The key is for logs and the audit log's details, never for people.
 */
#define RD_GATE_COND_LIST(X)                                                  \
	X(RD_GATE_C_STATE, "state",                                           \
	  N_("not possible in the application's state"), 0)                   \
	X(RD_GATE_C_ROLE, "role", N_("your role does not allow it"), 0)       \
	X(RD_GATE_C_NOT_CLAIMED, "not_claimed",                               \
	  N_("you have not claimed it (or your claim expired)"), 0)           \
	X(RD_GATE_C_CLAIMED_BY_OTHER, "claimed_by_other",                     \
	  N_("someone else has claimed it"), 0)                               \
	X(RD_GATE_C_OVERRIDE_PENDING, "override_pending",                     \
	  N_("an override is waiting for a supervisor's countersign"), 0)     \
	X(RD_GATE_C_NO_OVERRIDE_PENDING, "no_override_pending",               \
	  N_("no override is waiting for a countersign"), 0)                  \
	X(RD_GATE_C_NO_REASON, "no_reason",                                   \
	  N_("a rejection needs at least one reason"), 0)                     \
	X(RD_GATE_C_OVERRIDE_IN_BULK, "override_in_bulk",                     \
	  N_("a decision in bulk cannot carry an override"), 0)               \
	X(RD_GATE_C_CHECKLIST, "checklist",                                   \
	  N_("checklist items not ticked"), 1)                                \
	X(RD_GATE_C_CHECKLIST_NOT_CLAIMER, "checklist_not_claimer",           \
	  N_("checklist not done by someone who claimed the application"), 0) \
	X(RD_GATE_C_ERROR_FINDINGS, "error_findings",                         \
	  N_("open error findings"), 1)                                       \
	X(RD_GATE_C_HIGH_RISK, "high_risk",                                   \
	  N_("high risk: needs an override countersigned by a supervisor"), 1) \
	X(RD_GATE_C_TELECOM, "telecom",                                       \
	  N_("telecom check of the handler not matched"), 1)                  \
	X(RD_GATE_C_BANK, "bank",                                             \
	  N_("bank deposit not credited"), 1)                                 \
	X(RD_GATE_C_PAYMENT, "payment", N_("payment not matched"), 1)         \
	X(RD_GATE_C_CERT_EXPIRED, "cert_expired",                             \
	  N_("the certificate to renew has expired"), 1)                      \
	X(RD_GATE_C_COUNTERSIGN_SELF, "countersign_self",                     \
	  N_("you made this override; another supervisor must countersign"),  \
	  0)                                                                  \
	X(RD_GATE_C_COUNTERSIGN_EDITOR, "countersign_editor",                 \
	  N_("you worked on this application; a supervisor who did not must " \
	     "countersign"), 0)                                               \
	X(RD_GATE_C_NOT_APPROVED, "not_approved",                             \
	  N_("no approval in force"), 0)                                      \
	X(RD_GATE_C_PAIRED, "paired",                                         \
	  N_("the paired application cannot be approved with it"), 0)

#define RD_X_ENUM(e, key, label, ov) e,
enum rd_gate_cond { RD_GATE_COND_LIST(RD_X_ENUM) RD_GATE_COND_COUNT };
#undef RD_X_ENUM

/* What is asked of the gate. */
enum rd_gate_action {
	RD_GATE_APPROVE,         /* single, by the claim holder */
	RD_GATE_REJECT,
	RD_GATE_RETURN_FIN_AUTH,
	RD_GATE_BULK_APPROVE,    /* supervisor, without a claim */
	RD_GATE_BULK_REJECT,
	RD_GATE_COUNTERSIGN,     /* a supervisor passes a pending override */
	RD_GATE_TRANSITION,      /* any other move: facts.transition (system
				  * steps, withdrawal, install report) */
	RD_GATE_REMAKE,          /* a supervisor has the key made again
				  * (production retry): approved or in
				  * production, its approval in force */
	RD_GATE_ACTION_COUNT
};

/*
 * Everything the gate looks at. Zero it, then fill what the action
 * needs. Counts and flags describe the application's current version.
 */
struct rd_gate_facts {
	enum rd_app_type type;
	enum rd_app_state state;
	int64_t now;                   /* decision time (the clock) */

	int64_t actor_id;              /* 0 for the system */
	enum rd_role actor_role;
	bool actor_edited;             /* ticked, decided or overrode it */

	int64_t claim_holder;          /* live claim, 0 when none */

	/* The request. */
	enum rd_app_action transition; /* RD_GATE_TRANSITION only */
	size_t n_reason;               /* reject: reasons given */
	bool override_given;           /* approve: an override reason */

	/* A pending override decision (countersign). */
	bool override_pending;
	int64_t override_decider;

	/* Checklist of the version: required items, how many are ticked,
	 * and how many of those were ticked by someone who claimed it. */
	size_t checklist_required;
	size_t checklist_ticked;
	size_t checklist_ticked_by_claimer;

	/* Open findings by severity; a related application rejected. */
	size_t findings_error;
	size_t findings_risk;
	bool related_rejected;

	/* Verifications: the latest of each kind. */
	bool telecom_matched;
	bool bank_required;            /* the version has a bank deposit */
	bool bank_credited;
	bool payment_matched;          /* online, matched or manual */

	/* Renewal: the certificate's not_after (unix seconds, 0 unknown). */
	int64_t cert_not_after;

	/* Fulfilment: an approval decision is in force (none pending or
	 * refused) for start_production, a remake, and a renewal's
	 * completion (the install report). */
	bool approval_in_force;

	/* The paired application (related_app_no: the SM2 and RSA renewals
	 * of one key), decided together with this one. paired_pending: it
	 * exists and has no approval in force, so approving this one
	 * approves it too, in the same transaction; paired_unmet: what
	 * rd_gate_check_paired() said about it, one bit (1u << cond) per
	 * unmet condition. Zero: no pair, or the partner already approved. */
	bool paired_pending;
	uint32_t paired_unmet;
};

#define RD_GATE_MAX_UNMET RD_GATE_COND_COUNT

struct rd_gate_unmet {
	enum rd_gate_cond cond;
	int64_t detail;     /* count missing, or the time that ran out; 0 */
};

struct rd_gate_result {
	bool allowed;               /* the action may happen now */
	bool countersign;           /* allowed only as an override that
				     * waits for a countersign */
	enum rd_app_state to;       /* when allowed: the state after it */
	size_t n;
	struct rd_gate_unmet a[RD_GATE_MAX_UNMET];  /* every unmet condition */
};

/*
 * Decide. Fills *r (always: r->n unmet conditions, in enum order).
 * RD_OK when r->allowed; RD_ERR_DENIED when refused and the refusal is
 * for lack of role (RD_GATE_C_ROLE among the conditions: the store
 * audits those); RD_ERR_STATE when refused for any other condition;
 * RD_ERR_INVALID for out-of-range enums. An approval whose only unmet
 * conditions are overridable, with facts.override_given, is allowed with
 * r->countersign set: the store records it pending.
 */
rd_status rd_gate_check(const struct rd_gate_facts *f,
			enum rd_gate_action action, struct rd_gate_result *r);

/*
 * The paired application's side of an approval: f are the partner's
 * facts with the same actor. Its own claim is not needed (the pair is
 * decided by whoever decides one of them), but nobody else may hold it;
 * a received partner is taken into review on the way; every approval
 * condition must be met (no override: a pair is never split by one).
 * Returns the unmet conditions as bits (1u << cond); 0 means it may be
 * approved together.
 */
uint32_t rd_gate_check_paired(const struct rd_gate_facts *f);

/* Whether r lists cond. */
bool rd_gate_has(const struct rd_gate_result *r, enum rd_gate_cond cond);

/* The condition in plain words, translated; "?" when out of range. */
const char *rd_gate_cond_label(enum rd_gate_cond c);

/* The stable key ("checklist"), for the audit log; "?" out of range. */
const char *rd_gate_cond_key(enum rd_gate_cond c);

/* Whether an override with a countersign may pass it. */
bool rd_gate_cond_overridable(enum rd_gate_cond c);

#endif
