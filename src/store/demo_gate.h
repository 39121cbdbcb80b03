/*
 * demo_gate.h — `radesk demo`'s made-up past decisions through the
 * approval gate (core/gate.h), as an auditor would have taken them: the
 * decider claims the application and ticks its whole checklist; the
 * gate decides from the facts; an approval whose unmet conditions are
 * all overridable (checks not back yet, high risk) is an override that
 * a second supervisor — neither the decider nor an editor — countersigns,
 * the gate deciding that too. Store-internal: the caller
 * (store_demo_decide) holds the transaction.
 */
#ifndef RD_STORE_DEMO_GATE_H
#define RD_STORE_DEMO_GATE_H

#include "core/err.h"
#include "core/state.h"
#include "store/store.h"

#include <stdint.h>

struct demo_gate_out {
	enum rd_app_state to;       /* the state after the decision */
	int override;               /* approved as a countersigned override */
	int64_t countersigner;      /* its countersigning supervisor */
};

/* Claim app_id (in review) for operator_id at time at, tick its
 * checklist, and ask the gate for action (approve or reject, with
 * nReason reasons). RD_ERR_STATE / RD_ERR_DENIED with the unmet
 * conditions in words when the gate says no. */
rd_status st_demo_gate_decide(struct store *st, int64_t app_id,
			      int64_t operator_id, enum rd_app_action action,
			      size_t nReason, int64_t at,
			      struct demo_gate_out *out, struct rd_err *err);

/* The pending override decision_id of app_id countersigned by
 * out->countersigner, if the gate allows it; the claim ends. */
rd_status st_demo_gate_countersign(struct store *st, int64_t app_id,
				   int64_t decision_id, int64_t at,
				   const struct demo_gate_out *out,
				   struct rd_err *err);

#endif
