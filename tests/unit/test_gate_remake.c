/*
 * test_gate_remake.c — the gate's fulfilment rules (core/gate.c): a
 * production retry (RD_GATE_REMAKE) and a renewal's install report (the
 * complete transition) need an approval in force; a remake needs a
 * supervisor and a key approved or in production.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/gate.h"

#include <string.h>

static struct rd_gate_facts remake_facts(void)
{
	struct rd_gate_facts f;

	memset(&f, 0, sizeof f);
	f.type = RD_APP_NEW;
	f.state = RD_ST_IN_PRODUCTION;
	f.actor_id = 7;
	f.actor_role = RD_ROLE_SUPERVISOR;
	f.approval_in_force = true;
	return f;
}

static void test_remake_allowed(void **state)
{
	struct rd_gate_facts f = remake_facts();
	struct rd_gate_result r;

	(void)state;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_OK);
	assert_true(r.allowed);
	assert_int_equal(r.to, RD_ST_IN_PRODUCTION);
	f.state = RD_ST_APPROVED;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_OK);
}

static void test_remake_each_condition(void **state)
{
	struct rd_gate_facts f = remake_facts();
	struct rd_gate_result r;

	(void)state;
	f.approval_in_force = false;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_ERR_STATE);
	assert_int_equal(r.n, 1);
	assert_true(rd_gate_has(&r, RD_GATE_C_NOT_APPROVED));

	f = remake_facts();
	f.actor_role = RD_ROLE_AUDITOR;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_ERR_DENIED);
	assert_true(rd_gate_has(&r, RD_GATE_C_ROLE));

	f = remake_facts();
	f.state = RD_ST_IN_REVIEW;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_ERR_STATE);
	assert_true(rd_gate_has(&r, RD_GATE_C_STATE));

	f = remake_facts();
	f.type = RD_APP_RENEW;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REMAKE, &r), RD_ERR_STATE);
	assert_true(rd_gate_has(&r, RD_GATE_C_STATE));
}

static void test_install_needs_approval(void **state)
{
	struct rd_gate_facts f;
	struct rd_gate_result r;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = RD_APP_RENEW;
	f.state = RD_ST_READY_TO_INSTALL;
	f.actor_role = RD_ROLE_SYSTEM;
	f.transition = RD_ACT_COMPLETE;
	f.approval_in_force = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_TRANSITION, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_COMPLETED);
	f.approval_in_force = false;
	assert_int_equal(rd_gate_check(&f, RD_GATE_TRANSITION, &r),
			 RD_ERR_STATE);
	assert_true(rd_gate_has(&r, RD_GATE_C_NOT_APPROVED));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remake_allowed),
		cmocka_unit_test(test_remake_each_condition),
		cmocka_unit_test(test_install_needs_approval),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
