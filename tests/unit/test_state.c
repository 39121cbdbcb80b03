/*
 * test_state.c — the application transition table.
 *
 * The expected table below is written out independently of state.c (from
 * DESIGN.md and the table in state.h); every (type, state, action, role)
 * combination is checked against it, so a missing, extra or mis-roled
 * row fails.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/state.h"

#include <string.h>

#define R (1u << RD_APP_REPLACE)
#define W (1u << RD_APP_RENEW)
#define N (1u << RD_APP_NEW)

struct row {
	unsigned types;
	enum rd_app_state from;
	enum rd_app_action act;
	enum rd_app_state to;
	enum rd_role min;
};

static const struct row aWant[] = {
	{ R | W | N, RD_ST_RECEIVED, RD_ACT_CLAIM, RD_ST_IN_REVIEW, RD_ROLE_AUDITOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_RELEASE, RD_ST_RECEIVED, RD_ROLE_AUDITOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_RELEASE, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	{ R | N, RD_ST_IN_REVIEW, RD_ACT_APPROVE, RD_ST_APPROVED, RD_ROLE_AUDITOR },
	{ W, RD_ST_IN_REVIEW, RD_ACT_APPROVE, RD_ST_READY_TO_INSTALL, RD_ROLE_AUDITOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_REJECT, RD_ST_REJECTED, RD_ROLE_AUDITOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_RETURN_FIN_AUTH, RD_ST_FIN_AUTH_FAILED,
	  RD_ROLE_AUDITOR },
	{ R | W | N, RD_ST_REJECTED, RD_ACT_RESUBMIT, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	{ R | W | N, RD_ST_FIN_AUTH_FAILED, RD_ACT_RESUBMIT, RD_ST_RECEIVED, RD_ROLE_SYSTEM },
	{ R | N, RD_ST_APPROVED, RD_ACT_START_PRODUCTION, RD_ST_IN_PRODUCTION,
	  RD_ROLE_SYSTEM },
	{ R | N, RD_ST_IN_PRODUCTION, RD_ACT_SHIP, RD_ST_SHIPPED, RD_ROLE_SYSTEM },
	{ R | N, RD_ST_SHIPPED, RD_ACT_DELIVER, RD_ST_DELIVERED, RD_ROLE_SYSTEM },
	{ R | N, RD_ST_DELIVERED, RD_ACT_COMPLETE, RD_ST_COMPLETED, RD_ROLE_SYSTEM },
	{ W, RD_ST_READY_TO_INSTALL, RD_ACT_COMPLETE, RD_ST_COMPLETED, RD_ROLE_SYSTEM },
	{ R | W | N, RD_ST_RECEIVED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ R | N, RD_ST_APPROVED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_REJECTED, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_FIN_AUTH_FAILED, RD_ACT_CANCEL, RD_ST_CANCELLED,
	  RD_ROLE_SUPERVISOR },
	{ W, RD_ST_READY_TO_INSTALL, RD_ACT_CANCEL, RD_ST_CANCELLED, RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_RECEIVED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_IN_REVIEW, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ R | N, RD_ST_APPROVED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_REJECTED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_FIN_AUTH_FAILED, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ W, RD_ST_READY_TO_INSTALL, RD_ACT_REQUEST_REFUND, RD_ST_REFUND_REQUESTED,
	  RD_ROLE_SUPERVISOR },
	{ R | W | N, RD_ST_REFUND_REQUESTED, RD_ACT_REFUND, RD_ST_REFUNDED,
	  RD_ROLE_SUPERVISOR },
};

#define N_WANT (sizeof aWant / sizeof aWant[0])

/* Independent role rule: system only for system rows, human order else. */
static int role_ok(enum rd_role who, enum rd_role min)
{
	if (min == RD_ROLE_SYSTEM)
		return who == RD_ROLE_SYSTEM;
	if (who == RD_ROLE_SYSTEM)
		return 0;
	return (int)who >= (int)min;
}

static void test_exhaustive(void **state)
{
	int t, s, a, r;
	size_t nOk = 0, nState = 0, nDenied = 0;

	(void)state;
	for (t = 0; t < RD_APP_TYPE_COUNT; t++)
	for (s = 0; s < RD_APP_STATE_COUNT; s++)
	for (a = 0; a < RD_APP_ACTION_COUNT; a++)
	for (r = 0; r < RD_ROLE_COUNT; r++) {
		int nMatch = 0, allowed = 0;
		enum rd_app_state want = RD_ST_RECEIVED, got = (enum rd_app_state)-1;
		rd_status rcWant, rc;
		struct rd_err err;
		size_t i;

		for (i = 0; i < N_WANT; i++) {
			if (!(aWant[i].types & (1u << t)) || (int)aWant[i].from != s
			    || (int)aWant[i].act != a)
				continue;
			nMatch++;
			if (!allowed && role_ok((enum rd_role)r, aWant[i].min)) {
				allowed = 1;
				want = aWant[i].to;
			}
		}
		rcWant = allowed ? RD_OK : nMatch ? RD_ERR_DENIED : RD_ERR_STATE;
		rd_err_clear(&err);
		rc = rd_app_transition((enum rd_app_type)t, (enum rd_app_state)s,
				       (enum rd_app_action)a, (enum rd_role)r, &got, &err);
		if (rc != rcWant)
			fail_msg("%s %s --%s--> as %s: got %s, want %s (%s)",
				 rd_app_type_name((enum rd_app_type)t),
				 rd_app_state_name((enum rd_app_state)s),
				 rd_app_action_name((enum rd_app_action)a),
				 rd_role_name((enum rd_role)r), rd_status_name(rc),
				 rd_status_name(rcWant), err.msg);
		if (rc == RD_OK) {
			assert_int_equal(got, want);
			nOk++;
		} else {
			assert_int_equal(got, (enum rd_app_state)-1);
			assert_int_equal(err.code, rc);
			assert_true(err.msg[0] != '\0');
			if (rc == RD_ERR_STATE)
				nState++;
			else
				nDenied++;
		}
	}
	assert_true(nOk > 0 && nState > 0 && nDenied > 0);
}

/* Spelled-out checks of the rules people will ask about. */
static void test_key_rules(void **state)
{
	enum rd_app_state to = RD_ST_RECEIVED;

	(void)state;
	/* Renewal approval goes straight to ready_to_install. */
	assert_int_equal(rd_app_transition(RD_APP_RENEW, RD_ST_IN_REVIEW, RD_ACT_APPROVE,
					   RD_ROLE_AUDITOR, &to, NULL), RD_OK);
	assert_int_equal(to, RD_ST_READY_TO_INSTALL);
	assert_int_equal(rd_app_transition(RD_APP_REPLACE, RD_ST_IN_REVIEW, RD_ACT_APPROVE,
					   RD_ROLE_AUDITOR, &to, NULL), RD_OK);
	assert_int_equal(to, RD_ST_APPROVED);
	/* A renewal is never produced or shipped. */
	assert_int_equal(rd_app_transition(RD_APP_RENEW, RD_ST_APPROVED,
					   RD_ACT_START_PRODUCTION, RD_ROLE_SYSTEM,
					   &to, NULL), RD_ERR_STATE);
	/* Nothing can be cancelled once in production. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_IN_PRODUCTION, RD_ACT_CANCEL,
					   RD_ROLE_ADMIN, &to, NULL), RD_ERR_STATE);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_SHIPPED,
					   RD_ACT_REQUEST_REFUND, RD_ROLE_ADMIN,
					   &to, NULL), RD_ERR_STATE);
	/* An auditor cannot cancel; a supervisor and an admin can. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_CANCEL,
					   RD_ROLE_AUDITOR, &to, NULL), RD_ERR_DENIED);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_CANCEL,
					   RD_ROLE_SUPERVISOR, &to, NULL), RD_OK);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_CANCEL,
					   RD_ROLE_ADMIN, &to, NULL), RD_OK);
	/* The worker's transitions are not for people, not even an admin. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_IN_PRODUCTION, RD_ACT_SHIP,
					   RD_ROLE_ADMIN, &to, NULL), RD_ERR_DENIED);
	/* And the worker cannot decide. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_IN_REVIEW, RD_ACT_APPROVE,
					   RD_ROLE_SYSTEM, &to, NULL), RD_ERR_DENIED);
	/* An expired lease is released by the system. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_IN_REVIEW, RD_ACT_RELEASE,
					   RD_ROLE_SYSTEM, &to, NULL), RD_OK);
	assert_int_equal(to, RD_ST_RECEIVED);
	/* Decisions need a claim first. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_APPROVE,
					   RD_ROLE_ADMIN, &to, NULL), RD_ERR_STATE);
	/* Terminal states have no way out. */
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_REFUNDED, RD_ACT_REFUND,
					   RD_ROLE_ADMIN, &to, NULL), RD_ERR_STATE);
}

static void test_messages(void **state)
{
	struct rd_err err;
	enum rd_app_state to;

	(void)state;
	rd_err_clear(&err);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_COMPLETED, RD_ACT_APPROVE,
					   RD_ROLE_AUDITOR, &to, &err), RD_ERR_STATE);
	assert_non_null(strstr(err.msg, "Approve"));
	assert_non_null(strstr(err.msg, "Completed"));
	rd_err_clear(&err);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_CANCEL,
					   RD_ROLE_AUDITOR, &to, &err), RD_ERR_DENIED);
	assert_non_null(strstr(err.msg, "Cancel"));
	assert_non_null(strstr(err.msg, "Supervisor"));
	rd_err_clear(&err);
	assert_int_equal(rd_app_transition((enum rd_app_type)7, RD_ST_RECEIVED,
					   RD_ACT_CLAIM, RD_ROLE_AUDITOR, &to, &err),
			 RD_ERR_INVALID);
	assert_int_equal(rd_app_transition(RD_APP_NEW, RD_ST_RECEIVED, RD_ACT_CLAIM,
					   (enum rd_role)-1, &to, &err), RD_ERR_INVALID);
}

static void test_names(void **state)
{
	static const char *const aStateName[] = {
		"received", "in_review", "approved", "in_production", "shipped",
		"delivered", "completed", "rejected", "fin_auth_failed",
		"ready_to_install", "cancelled", "refund_requested", "refunded",
	};
	enum rd_app_state st;
	enum rd_app_type ty;
	enum rd_app_action ac;
	enum rd_role ro;
	int i;

	(void)state;
	assert_int_equal(RD_APP_STATE_COUNT, 13);
	for (i = 0; i < RD_APP_STATE_COUNT; i++) {
		assert_string_equal(rd_app_state_name((enum rd_app_state)i), aStateName[i]);
		assert_int_equal(rd_app_state_from_name(aStateName[i], &st), RD_OK);
		assert_int_equal(st, i);
		assert_true(rd_app_state_label((enum rd_app_state)i)[0] != '\0');
	}
	for (i = 0; i < RD_APP_ACTION_COUNT; i++) {
		const char *z = rd_app_action_name((enum rd_app_action)i);

		assert_int_equal(rd_app_action_from_name(z, &ac), RD_OK);
		assert_int_equal(ac, i);
	}
	assert_string_equal(rd_app_type_name(RD_APP_REPLACE), "replace");
	assert_string_equal(rd_app_type_name(RD_APP_RENEW), "renew");
	assert_string_equal(rd_app_type_name(RD_APP_NEW), "new");
	assert_string_equal(rd_app_type_label(RD_APP_REPLACE), "Key replacement");
	assert_string_equal(rd_app_type_label(RD_APP_RENEW), "Renewal");
	assert_string_equal(rd_app_type_label(RD_APP_NEW), "New issuance");
	assert_int_equal(rd_app_type_from_name("renew", &ty), RD_OK);
	assert_int_equal(ty, RD_APP_RENEW);
	ty = RD_APP_NEW;
	assert_int_equal(rd_app_type_from_name("Renew", &ty), RD_ERR_INVALID);
	assert_int_equal(rd_app_type_from_name(NULL, &ty), RD_ERR_INVALID);
	assert_int_equal(ty, RD_APP_NEW);
	assert_string_equal(rd_app_action_name(RD_ACT_RETURN_FIN_AUTH), "return_fin_auth");
	assert_int_equal(rd_app_action_from_name("bogus", &ac), RD_ERR_INVALID);
	assert_string_equal(rd_role_name(RD_ROLE_AUDITOR), "auditor");
	assert_string_equal(rd_role_name(RD_ROLE_SUPERVISOR), "supervisor");
	assert_string_equal(rd_role_name(RD_ROLE_ADMIN), "admin");
	assert_int_equal(rd_role_from_name("supervisor", &ro), RD_OK);
	assert_int_equal(ro, RD_ROLE_SUPERVISOR);
	assert_int_equal(rd_role_from_name("root", &ro), RD_ERR_INVALID);
	assert_string_equal(rd_app_state_name((enum rd_app_state)99), "?");
	assert_string_equal(rd_role_label((enum rd_role)-5), "?");
}

static void test_predicates(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < RD_APP_STATE_COUNT; i++) {
		enum rd_app_state s = (enum rd_app_state)i;
		int open = s == RD_ST_RECEIVED || s == RD_ST_IN_REVIEW;
		int terminal = s == RD_ST_COMPLETED || s == RD_ST_CANCELLED
			       || s == RD_ST_REFUNDED;
		int withdrawn = s == RD_ST_CANCELLED || s == RD_ST_REFUND_REQUESTED
				|| s == RD_ST_REFUNDED;

		assert_int_equal(rd_app_state_is_open(s), open);
		assert_int_equal(rd_app_state_is_terminal(s), terminal);
		assert_int_equal(rd_app_state_is_decided(s), !open && !withdrawn);
	}
	assert_true(rd_role_at_least(RD_ROLE_ADMIN, RD_ROLE_SUPERVISOR));
	assert_false(rd_role_at_least(RD_ROLE_AUDITOR, RD_ROLE_SUPERVISOR));
	assert_false(rd_role_at_least(RD_ROLE_SYSTEM, RD_ROLE_AUDITOR));
	assert_false(rd_role_at_least(RD_ROLE_ADMIN, RD_ROLE_SYSTEM));
	assert_true(rd_role_at_least(RD_ROLE_SYSTEM, RD_ROLE_SYSTEM));
}

static void test_allowed_actions(void **state)
{
	enum rd_app_action a[RD_APP_ACTION_COUNT];
	size_t n;

	(void)state;
	n = rd_app_allowed_actions(RD_APP_NEW, RD_ST_IN_REVIEW, RD_ROLE_AUDITOR, a,
				   RD_APP_ACTION_COUNT);
	assert_int_equal(n, 4);
	assert_int_equal(a[0], RD_ACT_RELEASE);
	assert_int_equal(a[1], RD_ACT_APPROVE);
	assert_int_equal(a[2], RD_ACT_REJECT);
	assert_int_equal(a[3], RD_ACT_RETURN_FIN_AUTH);
	n = rd_app_allowed_actions(RD_APP_NEW, RD_ST_IN_REVIEW, RD_ROLE_SUPERVISOR, a, 2);
	assert_int_equal(n, 6);
	assert_int_equal(a[0], RD_ACT_RELEASE);
	assert_int_equal(a[1], RD_ACT_APPROVE);
	n = rd_app_allowed_actions(RD_APP_RENEW, RD_ST_COMPLETED, RD_ROLE_ADMIN, NULL, 0);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exhaustive),
		cmocka_unit_test(test_key_rules),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_predicates),
		cmocka_unit_test(test_allowed_actions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
