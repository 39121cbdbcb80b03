/*
 * state.h — application types, states, actions, roles, and the one
 * transition table. Nothing else in radesk decides whether a status may
 * change: the store calls rd_app_transition() and writes the result.
 *
 * The table (state.c, one static array) — "who" is the minimum role:
 *
 *   from               action            to                types        who
 *   received           claim             in_review         all          auditor
 *   in_review          release           received          all          auditor
 *   in_review          release           received          all          system (expired lease)
 *   in_review          approve           approved          replace,new  auditor
 *   in_review          approve           ready_to_install  renew        auditor
 *   in_review          reject            rejected          all          auditor
 *   in_review          return_fin_auth   fin_auth_failed   all          auditor
 *   rejected           resubmit          received          all          system (ingest, newer bundle)
 *   fin_auth_failed    resubmit          received          all          system
 *   approved           start_production  in_production     replace,new  system (worker)
 *   in_production      ship              shipped           replace,new  system
 *   shipped            deliver           delivered         replace,new  system
 *   delivered          complete          completed         replace,new  system
 *   ready_to_install   complete          completed         renew        system
 *   received|in_review|approved|rejected|fin_auth_failed|ready_to_install
 *                      cancel            cancelled         (per state)  supervisor
 *   (same six states)  request_refund    refund_requested  (per state)  supervisor
 *   refund_requested   refund            refunded          all          supervisor
 *
 * A renewal is approved straight to ready_to_install (there is nothing to
 * produce); approved and in_production..delivered exist only for replace
 * and new. Roles are ordered auditor < supervisor < admin. RD_ROLE_SYSTEM
 * is not part of that order: it belongs to the unattended processes
 * (ingest, worker) only, and system rows accept nobody else — not even an
 * admin — while human rows never accept the system role.
 */
#ifndef RD_CORE_STATE_H
#define RD_CORE_STATE_H

#include "core/err.h"

#include <stdbool.h>
#include <stddef.h>

/* X(enum, stable name, label msgid). N_() is expanded only in state.c
 * (which includes core/i18n.h); it marks the labels for xgettext. */
#define RD_APP_TYPE_LIST(X)                                                   \
	X(RD_APP_REPLACE, "replace", N_("Key replacement"))                   \
	X(RD_APP_RENEW, "renew", N_("Renewal"))                               \
	X(RD_APP_NEW, "new", N_("New issuance"))

#define RD_APP_STATE_LIST(X)                                                  \
	X(RD_ST_RECEIVED, "received", N_("Received"))                         \
	X(RD_ST_IN_REVIEW, "in_review", N_("In review"))                      \
	X(RD_ST_APPROVED, "approved", N_("Approved"))                         \
	X(RD_ST_IN_PRODUCTION, "in_production", N_("In production"))          \
	X(RD_ST_SHIPPED, "shipped", N_("Shipped"))                            \
	X(RD_ST_DELIVERED, "delivered", N_("Delivered"))                      \
	X(RD_ST_COMPLETED, "completed", N_("Completed"))                      \
	X(RD_ST_REJECTED, "rejected", N_("Rejected"))                         \
	X(RD_ST_FIN_AUTH_FAILED, "fin_auth_failed",                           \
	  N_("Financial authentication failed"))                              \
	X(RD_ST_READY_TO_INSTALL, "ready_to_install", N_("Ready to install")) \
	X(RD_ST_CANCELLED, "cancelled", N_("Cancelled"))                      \
	X(RD_ST_REFUND_REQUESTED, "refund_requested", N_("Refund requested")) \
	X(RD_ST_REFUNDED, "refunded", N_("Refunded"))

#define RD_APP_ACTION_LIST(X)                                                 \
	X(RD_ACT_CLAIM, "claim", N_("Claim"))                                 \
	X(RD_ACT_RELEASE, "release", N_("Release"))                           \
	X(RD_ACT_APPROVE, "approve", N_("Approve"))                           \
	X(RD_ACT_REJECT, "reject", N_("Reject"))                              \
	X(RD_ACT_RETURN_FIN_AUTH, "return_fin_auth",                          \
	  N_("Return for financial authentication"))                          \
	X(RD_ACT_RESUBMIT, "resubmit", N_("Resubmit"))                        \
	X(RD_ACT_START_PRODUCTION, "start_production", N_("Start production")) \
	X(RD_ACT_SHIP, "ship", N_("Ship"))                                    \
	X(RD_ACT_DELIVER, "deliver", N_("Deliver"))                           \
	X(RD_ACT_COMPLETE, "complete", N_("Complete"))                        \
	X(RD_ACT_CANCEL, "cancel", N_("Cancel"))                              \
	X(RD_ACT_REQUEST_REFUND, "request_refund", N_("Request refund"))      \
	X(RD_ACT_REFUND, "refund", N_("Refund"))

#define RD_ROLE_LIST(X)                                                       \
	X(RD_ROLE_AUDITOR, "auditor", N_("Auditor"))                          \
	X(RD_ROLE_SUPERVISOR, "supervisor", N_("Supervisor"))                 \
	X(RD_ROLE_ADMIN, "admin", N_("Administrator"))                        \
	X(RD_ROLE_SYSTEM, "system", N_("System"))

#define RD_X_ENUM(e, name, label) e,
enum rd_app_type { RD_APP_TYPE_LIST(RD_X_ENUM) RD_APP_TYPE_COUNT };
enum rd_app_state { RD_APP_STATE_LIST(RD_X_ENUM) RD_APP_STATE_COUNT };
enum rd_app_action { RD_APP_ACTION_LIST(RD_X_ENUM) RD_APP_ACTION_COUNT };
/* auditor < supervisor < admin; system is apart (see above). */
enum rd_role { RD_ROLE_LIST(RD_X_ENUM) RD_ROLE_COUNT };
#undef RD_X_ENUM

/* Type bit for masks: RD_APP_TYPE_BIT(RD_APP_RENEW). */
#define RD_APP_TYPE_BIT(t) (1u << (unsigned)(t))
#define RD_APP_TYPE_ALL ((1u << RD_APP_TYPE_COUNT) - 1)

/*
 * Names ("replace", "in_review", "claim", "auditor") are the stable
 * spelling used in the database, bundles and logs; labels are translated
 * for people. Both return a static string, never NULL ("?" when the value
 * is out of range). _from_name() parses a name exactly (case-sensitive);
 * RD_ERR_INVALID and *out untouched when unknown or NULL.
 */
const char *rd_app_type_name(enum rd_app_type t);
const char *rd_app_type_label(enum rd_app_type t);
rd_status rd_app_type_from_name(const char *z, enum rd_app_type *out);

const char *rd_app_state_name(enum rd_app_state s);
const char *rd_app_state_label(enum rd_app_state s);
rd_status rd_app_state_from_name(const char *z, enum rd_app_state *out);

const char *rd_app_action_name(enum rd_app_action a);
const char *rd_app_action_label(enum rd_app_action a);
rd_status rd_app_action_from_name(const char *z, enum rd_app_action *out);

const char *rd_role_name(enum rd_role r);
const char *rd_role_label(enum rd_role r);
rd_status rd_role_from_name(const char *z, enum rd_role *out);

/*
 * May `who` perform `action` on an application of `type` in state `from`?
 * RD_OK and *to = the new state; RD_ERR_STATE when no row exists for
 * (type, from, action) — the message names the action, state and type;
 * RD_ERR_DENIED when rows exist but none admits the role — the message
 * names the role needed. RD_ERR_INVALID for out-of-range enums. *to is
 * written only on RD_OK; err may be NULL.
 */
rd_status rd_app_transition(enum rd_app_type type, enum rd_app_state from,
			    enum rd_app_action action, enum rd_role who,
			    enum rd_app_state *to, struct rd_err *err);

/*
 * The actions `who` may perform now, in enum order, for building menus.
 * Writes up to n of them to out and returns how many exist (may be > n).
 */
size_t rd_app_allowed_actions(enum rd_app_type type, enum rd_app_state from,
			      enum rd_role who, enum rd_app_action *out,
			      size_t n);

/* Awaiting review: received, in_review. */
bool rd_app_state_is_open(enum rd_app_state s);

/*
 * A review decision was made: approved, in_production, shipped,
 * delivered, completed, ready_to_install, rejected, fin_auth_failed.
 * (cancelled / refund_requested / refunded are withdrawals, not decisions.)
 */
bool rd_app_state_is_decided(enum rd_app_state s);

/* No transition leaves it: completed, cancelled, refunded. */
bool rd_app_state_is_terminal(enum rd_app_state s);

/* Role order check for human roles: r >= min, and neither is system
 * (unless both are). */
bool rd_role_at_least(enum rd_role r, enum rd_role min);

#endif
