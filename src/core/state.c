/*
 * state.c — the transition table and the name/label tables.
 */
#include "core/state.h"
#include "core/i18n.h"

#include <string.h>

struct name_label {
	const char *zName;
	const char *zLabel;   /* msgid, translated where shown */
};

#define RD_X_ROW(e, name, label) { name, label },
static const struct name_label aType[] = { RD_APP_TYPE_LIST(RD_X_ROW) };
static const struct name_label aState[] = { RD_APP_STATE_LIST(RD_X_ROW) };
static const struct name_label aAction[] = { RD_APP_ACTION_LIST(RD_X_ROW) };
static const struct name_label aRole[] = { RD_ROLE_LIST(RD_X_ROW) };
#undef RD_X_ROW

struct transition {
	unsigned types;            /* RD_APP_TYPE_BIT mask */
	enum rd_app_state from;
	enum rd_app_action action;
	enum rd_app_state to;
	enum rd_role min_role;
};

#define ALL RD_APP_TYPE_ALL
#define SHIPPED_TYPES (RD_APP_TYPE_BIT(RD_APP_REPLACE) | RD_APP_TYPE_BIT(RD_APP_NEW))
#define RENEW RD_APP_TYPE_BIT(RD_APP_RENEW)

/* The one transition table. Keep in step with the table in state.h. */
static const struct transition aTransition[] = {
	/* review */
	{ ALL, RD_ST_RECEIVED, RD_ACT_CLAIM, RD_ST_IN_REVIEW, RD_ROLE_AUDITOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_RELEASE, RD_ST_RECEIVED, RD_ROLE_AUDITOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_RELEASE, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	{ SHIPPED_TYPES, RD_ST_IN_REVIEW, RD_ACT_APPROVE, RD_ST_APPROVED, RD_ROLE_AUDITOR },
	{ RENEW, RD_ST_IN_REVIEW, RD_ACT_APPROVE, RD_ST_READY_TO_INSTALL, RD_ROLE_AUDITOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_REJECT, RD_ST_REJECTED, RD_ROLE_AUDITOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_RETURN_FIN_AUTH, RD_ST_FIN_AUTH_FAILED, RD_ROLE_AUDITOR },
	/* the customer sends a newer bundle version (ingest) */
	{ ALL, RD_ST_REJECTED, RD_ACT_RESUBMIT, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	{ ALL, RD_ST_FIN_AUTH_FAILED, RD_ACT_RESUBMIT, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	/* fulfilment (worker) */
	{ SHIPPED_TYPES, RD_ST_APPROVED, RD_ACT_START_PRODUCTION, RD_ST_IN_PRODUCTION, RD_ROLE_SYSTEM },
	{ SHIPPED_TYPES, RD_ST_IN_PRODUCTION, RD_ACT_SHIP, RD_ST_SHIPPED, RD_ROLE_SYSTEM },
	{ SHIPPED_TYPES, RD_ST_SHIPPED, RD_ACT_DELIVER, RD_ST_DELIVERED, RD_ROLE_SYSTEM },
	{ SHIPPED_TYPES, RD_ST_DELIVERED, RD_ACT_COMPLETE, RD_ST_COMPLETED, RD_ROLE_SYSTEM },
	{ RENEW, RD_ST_READY_TO_INSTALL, RD_ACT_COMPLETE, RD_ST_COMPLETED, RD_ROLE_SYSTEM },
	/* withdrawal, any state before production */
	{ ALL, RD_ST_RECEIVED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ SHIPPED_TYPES, RD_ST_APPROVED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_REJECTED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_FIN_AUTH_FAILED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ RENEW, RD_ST_READY_TO_INSTALL, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_RECEIVED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_IN_REVIEW, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ SHIPPED_TYPES, RD_ST_APPROVED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_REJECTED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_FIN_AUTH_FAILED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ RENEW, RD_ST_READY_TO_INSTALL, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED, RD_ROLE_SUPERVISOR },
	{ ALL, RD_ST_REFUND_REQUESTED, RD_ACT_REFUND, RD_ST_REFUNDED, RD_ROLE_SUPERVISOR },
};

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *table_name(const struct name_label *a, size_t n, int i)
{
	if (i < 0 || (size_t)i >= n)
		return "?";
	return a[i].zName;
}

static const char *table_label(const struct name_label *a, size_t n, int i)
{
	if (i < 0 || (size_t)i >= n)
		return "?";
	return _(a[i].zLabel);
}

static rd_status table_find(const struct name_label *a, size_t n,
			    const char *z, int *out)
{
	size_t i;

	if (!z)
		return RD_ERR_INVALID;
	for (i = 0; i < n; i++) {
		if (strcmp(a[i].zName, z) == 0) {
			*out = (int)i;
			return RD_OK;
		}
	}
	return RD_ERR_INVALID;
}

const char *rd_app_type_name(enum rd_app_type t)
{
	return table_name(aType, N_ELEM(aType), (int)t);
}

const char *rd_app_type_label(enum rd_app_type t)
{
	return table_label(aType, N_ELEM(aType), (int)t);
}

rd_status rd_app_type_from_name(const char *z, enum rd_app_type *out)
{
	int i;
	rd_status rc = table_find(aType, N_ELEM(aType), z, &i);

	if (rc == RD_OK)
		*out = (enum rd_app_type)i;
	return rc;
}

const char *rd_app_state_name(enum rd_app_state s)
{
	return table_name(aState, N_ELEM(aState), (int)s);
}

const char *rd_app_state_label(enum rd_app_state s)
{
	return table_label(aState, N_ELEM(aState), (int)s);
}

rd_status rd_app_state_from_name(const char *z, enum rd_app_state *out)
{
	int i;
	rd_status rc = table_find(aState, N_ELEM(aState), z, &i);

	if (rc == RD_OK)
		*out = (enum rd_app_state)i;
	return rc;
}

const char *rd_app_action_name(enum rd_app_action a)
{
	return table_name(aAction, N_ELEM(aAction), (int)a);
}

const char *rd_app_action_label(enum rd_app_action a)
{
	return table_label(aAction, N_ELEM(aAction), (int)a);
}

rd_status rd_app_action_from_name(const char *z, enum rd_app_action *out)
{
	int i;
	rd_status rc = table_find(aAction, N_ELEM(aAction), z, &i);

	if (rc == RD_OK)
		*out = (enum rd_app_action)i;
	return rc;
}

const char *rd_role_name(enum rd_role r)
{
	return table_name(aRole, N_ELEM(aRole), (int)r);
}

const char *rd_role_label(enum rd_role r)
{
	return table_label(aRole, N_ELEM(aRole), (int)r);
}

rd_status rd_role_from_name(const char *z, enum rd_role *out)
{
	int i;
	rd_status rc = table_find(aRole, N_ELEM(aRole), z, &i);

	if (rc == RD_OK)
		*out = (enum rd_role)i;
	return rc;
}

bool rd_role_at_least(enum rd_role r, enum rd_role min)
{
	if (r == RD_ROLE_SYSTEM || min == RD_ROLE_SYSTEM)
		return r == min;
	return r >= min;
}

static bool in_range(int v, int count)
{
	return v >= 0 && v < count;
}

rd_status rd_app_transition(enum rd_app_type type, enum rd_app_state from,
			    enum rd_app_action action, enum rd_role who,
			    enum rd_app_state *to, struct rd_err *err)
{
	const struct transition *pNeed = NULL;
	size_t i;

	if (!in_range((int)type, RD_APP_TYPE_COUNT)
	    || !in_range((int)from, RD_APP_STATE_COUNT)
	    || !in_range((int)action, RD_APP_ACTION_COUNT)
	    || !in_range((int)who, RD_ROLE_COUNT))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("unknown type, state, action or role"));
	for (i = 0; i < N_ELEM(aTransition); i++) {
		const struct transition *p = &aTransition[i];

		if (!(p->types & RD_APP_TYPE_BIT(type)) || p->from != from
		    || p->action != action)
			continue;
		if (rd_role_at_least(who, p->min_role)) {
			*to = p->to;
			return RD_OK;
		}
		/* Name the human role needed rather than "system" when both exist. */
		if (!pNeed || pNeed->min_role == RD_ROLE_SYSTEM)
			pNeed = p;
	}
	if (!pNeed)
		return rd_err_set(err, RD_ERR_STATE,
				  _("\"%s\" is not possible while the application "
				    "is \"%s\" (%s)"),
				  rd_app_action_label(action),
				  rd_app_state_label(from), rd_app_type_label(type));
	if (pNeed->min_role == RD_ROLE_SYSTEM)
		return rd_err_set(err, RD_ERR_DENIED,
				  _("\"%s\" while the application is \"%s\" is "
				    "done by the system, not by a person (%s)"),
				  rd_app_action_label(action),
				  rd_app_state_label(from), rd_role_label(who));
	return rd_err_set(err, RD_ERR_DENIED,
			  _("\"%s\" while the application is \"%s\" needs "
			    "the %s role (you are %s)"),
			  rd_app_action_label(action), rd_app_state_label(from),
			  rd_role_label(pNeed->min_role), rd_role_label(who));
}

size_t rd_app_allowed_actions(enum rd_app_type type, enum rd_app_state from,
			      enum rd_role who, enum rd_app_action *out,
			      size_t n)
{
	size_t nOut = 0;
	int a;

	for (a = 0; a < RD_APP_ACTION_COUNT; a++) {
		enum rd_app_state to;

		if (rd_app_transition(type, from, (enum rd_app_action)a, who,
				      &to, NULL) != RD_OK)
			continue;
		if (nOut < n)
			out[nOut] = (enum rd_app_action)a;
		nOut++;
	}
	return nOut;
}

bool rd_app_state_is_open(enum rd_app_state s)
{
	return s == RD_ST_RECEIVED || s == RD_ST_IN_REVIEW;
}

bool rd_app_state_is_decided(enum rd_app_state s)
{
	switch (s) {
	case RD_ST_APPROVED:
	case RD_ST_IN_PRODUCTION:
	case RD_ST_SHIPPED:
	case RD_ST_DELIVERED:
	case RD_ST_COMPLETED:
	case RD_ST_READY_TO_INSTALL:
	case RD_ST_REJECTED:
	case RD_ST_FIN_AUTH_FAILED:
		return true;
	default:
		return false;
	}
}

bool rd_app_state_is_terminal(enum rd_app_state s)
{
	return s == RD_ST_COMPLETED || s == RD_ST_CANCELLED || s == RD_ST_REFUNDED;
}
