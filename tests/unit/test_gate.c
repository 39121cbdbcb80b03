/*
 * test_gate.c — the approval gate, rule by rule.
 *
 * Each test starts from facts that pass, takes away exactly one
 * condition, and checks the gate refuses with exactly that condition
 * (and nothing else), so a rule that is missing, or that fires on the
 * wrong fact, fails here.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "core/gate.h"

#include <string.h>

#define NOW 1795140000
#define ALICE 1
#define SUE 3
#define TOM 4

/* A clean case in review, claimed by alice (auditor), all met. */
static struct rd_gate_facts clean(enum rd_app_type type)
{
	struct rd_gate_facts f;

	memset(&f, 0, sizeof f);
	f.type = type;
	f.state = RD_ST_IN_REVIEW;
	f.now = NOW;
	f.actor_id = ALICE;
	f.actor_role = RD_ROLE_AUDITOR;
	f.claim_holder = ALICE;
	f.checklist_required = 3;
	f.checklist_ticked = 3;
	f.checklist_ticked_by_claimer = 3;
	f.telecom_matched = true;
	f.payment_matched = true;
	f.cert_not_after = NOW + 86400;
	return f;
}

/* The same case seen by sue (supervisor) deciding in bulk. */
static struct rd_gate_facts clean_bulk(void)
{
	struct rd_gate_facts f = clean(RD_APP_REPLACE);

	f.actor_id = SUE;
	f.actor_role = RD_ROLE_SUPERVISOR;
	f.claim_holder = 0;
	return f;
}

/* A pending override by alice, tom (supervisor, did nothing) to sign. */
static struct rd_gate_facts clean_countersign(void)
{
	struct rd_gate_facts f = clean(RD_APP_REPLACE);

	f.actor_id = TOM;
	f.actor_role = RD_ROLE_SUPERVISOR;
	f.claim_holder = ALICE;
	f.override_pending = true;
	f.override_decider = ALICE;
	f.findings_error = 1;
	return f;
}

static void refused_with(const struct rd_gate_facts *f,
			 enum rd_gate_action a, enum rd_gate_cond c)
{
	struct rd_gate_result r;
	rd_status rc = rd_gate_check(f, a, &r);

	assert_false(r.allowed);
	assert_int_equal(r.n, 1);
	assert_int_equal(r.a[0].cond, c);
	assert_int_equal(rc, c == RD_GATE_C_ROLE ? RD_ERR_DENIED : RD_ERR_STATE);
}

static void test_clean_passes(void **state)
{
	struct rd_gate_result r;
	struct rd_gate_facts f = clean(RD_APP_REPLACE);

	(void)state;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	assert_true(r.allowed);
	assert_false(r.countersign);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.to, RD_ST_APPROVED);
	f = clean(RD_APP_RENEW);
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_READY_TO_INSTALL);
	f = clean_bulk();
	assert_int_equal(rd_gate_check(&f, RD_GATE_BULK_APPROVE, &r), RD_OK);
	f = clean_countersign();
	assert_int_equal(rd_gate_check(&f, RD_GATE_COUNTERSIGN, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_APPROVED);
}

/* Each approval condition alone. */
static void test_approve_each_condition(void **state)
{
	struct rd_gate_facts f;

	(void)state;
	f = clean(RD_APP_REPLACE);
	f.checklist_ticked = 2;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_CHECKLIST);
	f = clean(RD_APP_REPLACE);
	f.findings_error = 2;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_ERROR_FINDINGS);
	f = clean(RD_APP_REPLACE);
	f.findings_risk = 1;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_HIGH_RISK);
	f = clean(RD_APP_REPLACE);
	f.related_rejected = true;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_HIGH_RISK);
	f = clean(RD_APP_REPLACE);
	f.telecom_matched = false;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_TELECOM);
	f = clean(RD_APP_REPLACE);
	f.bank_required = true;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_BANK);
	f.bank_credited = true;
	struct rd_gate_result r;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	f = clean(RD_APP_REPLACE);
	f.payment_matched = false;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_PAYMENT);
	f = clean(RD_APP_REPLACE);
	f.claim_holder = 0;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_NOT_CLAIMED);
	f = clean(RD_APP_REPLACE);
	f.claim_holder = 2;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_CLAIMED_BY_OTHER);
	f = clean(RD_APP_REPLACE);
	f.override_pending = true;
	f.override_decider = ALICE;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_OVERRIDE_PENDING);
	f = clean(RD_APP_REPLACE);
	f.state = RD_ST_APPROVED;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_STATE);
	f = clean(RD_APP_REPLACE);
	f.actor_role = RD_ROLE_SYSTEM;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_ROLE);
}

/* Validity at decision time: valid at submission is not enough. */
static void test_cert_expiry_at_decision(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_RENEW);
	struct rd_gate_result r;

	(void)state;
	f.cert_not_after = NOW;          /* ran out this very second */
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_CERT_EXPIRED);
	rd_gate_check(&f, RD_GATE_APPROVE, &r);
	assert_int_equal(r.a[0].detail, NOW);
	f.cert_not_after = 0;            /* unknown counts as not valid */
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_CERT_EXPIRED);
	f.cert_not_after = NOW + 1;
	f.now = NOW + 1;                 /* the same facts, a second later */
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_CERT_EXPIRED);
	f.now = NOW;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	/* Only renewals carry a certificate to renew. */
	f = clean(RD_APP_NEW);
	f.cert_not_after = 0;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
}

/* Every unmet condition is returned, not the first. */
static void test_all_conditions_returned(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_RENEW);
	struct rd_gate_result r;

	(void)state;
	f.checklist_ticked = 0;
	f.findings_error = 1;
	f.related_rejected = true;
	f.telecom_matched = false;
	f.payment_matched = false;
	f.cert_not_after = NOW - 5 * 86400;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_ERR_STATE);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.a[0].cond, RD_GATE_C_CHECKLIST);
	assert_int_equal(r.a[0].detail, 3);
	assert_true(rd_gate_has(&r, RD_GATE_C_ERROR_FINDINGS));
	assert_true(rd_gate_has(&r, RD_GATE_C_HIGH_RISK));
	assert_true(rd_gate_has(&r, RD_GATE_C_TELECOM));
	assert_true(rd_gate_has(&r, RD_GATE_C_PAYMENT));
	assert_true(rd_gate_has(&r, RD_GATE_C_CERT_EXPIRED));
	/* All overridable: with an override it waits for a countersign. */
	f.override_given = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	assert_true(r.allowed);
	assert_true(r.countersign);
	assert_int_equal(r.n, 6);
	/* A condition no override passes stays a refusal. */
	f.claim_holder = 0;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_ERR_STATE);
	assert_false(r.allowed);
}

/* A high-risk case needs an override and a countersign even when every
 * other condition is met. */
static void test_high_risk_needs_countersign(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_REPLACE);
	struct rd_gate_result r;

	(void)state;
	f.related_rejected = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_ERR_STATE);
	f.override_given = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	assert_true(r.countersign);
	/* Never in bulk. */
	f = clean_bulk();
	f.related_rejected = true;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_HIGH_RISK);
}

static void test_reject(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_REPLACE);
	struct rd_gate_result r;

	(void)state;
	f.n_reason = 1;
	/* A rejection does not need the approval's conditions. */
	f.checklist_ticked = 0;
	f.findings_error = 3;
	f.telecom_matched = false;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REJECT, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_REJECTED);
	f.n_reason = 0;
	refused_with(&f, RD_GATE_REJECT, RD_GATE_C_NO_REASON);
	f = clean(RD_APP_REPLACE);
	f.n_reason = 1;
	f.claim_holder = 0;
	refused_with(&f, RD_GATE_REJECT, RD_GATE_C_NOT_CLAIMED);
	f = clean(RD_APP_REPLACE);
	assert_int_equal(rd_gate_check(&f, RD_GATE_RETURN_FIN_AUTH, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_FIN_AUTH_FAILED);
}

static void test_bulk_each_condition(void **state)
{
	struct rd_gate_facts f;
	struct rd_gate_result r;

	(void)state;
	f = clean_bulk();
	f.actor_role = RD_ROLE_AUDITOR;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_ROLE);
	/* The checklist ticked, but not by anyone who claimed it. */
	f = clean_bulk();
	f.checklist_ticked_by_claimer = 2;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_CHECKLIST_NOT_CLAIMER);
	/* No checklist at all is no checklist done. */
	f = clean_bulk();
	f.checklist_required = f.checklist_ticked = 0;
	f.checklist_ticked_by_claimer = 0;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_CHECKLIST_NOT_CLAIMER);
	f = clean_bulk();
	f.findings_error = 1;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_ERROR_FINDINGS);
	f = clean_bulk();
	f.telecom_matched = false;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_TELECOM);
	f = clean_bulk();
	f.payment_matched = false;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_PAYMENT);
	f = clean_bulk();
	f.claim_holder = ALICE;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_CLAIMED_BY_OTHER);
	f = clean_bulk();
	f.override_given = true;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_OVERRIDE_IN_BULK);
	f = clean_bulk();
	f.override_pending = true;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_OVERRIDE_PENDING);
	f = clean_bulk();
	f.state = RD_ST_REJECTED;
	refused_with(&f, RD_GATE_BULK_APPROVE, RD_GATE_C_STATE);
	/* A received case is taken into review on the way. */
	f = clean_bulk();
	f.state = RD_ST_RECEIVED;
	assert_int_equal(rd_gate_check(&f, RD_GATE_BULK_APPROVE, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_APPROVED);
	/* Bulk reject: a reason, a supervisor. */
	f = clean_bulk();
	f.n_reason = 1;
	f.checklist_ticked_by_claimer = 0;
	assert_int_equal(rd_gate_check(&f, RD_GATE_BULK_REJECT, &r), RD_OK);
	f.n_reason = 0;
	refused_with(&f, RD_GATE_BULK_REJECT, RD_GATE_C_NO_REASON);
	f.n_reason = 1;
	f.actor_role = RD_ROLE_AUDITOR;
	refused_with(&f, RD_GATE_BULK_REJECT, RD_GATE_C_ROLE);
}

static void test_countersign_each_condition(void **state)
{
	struct rd_gate_facts f;

	(void)state;
	f = clean_countersign();
	f.actor_role = RD_ROLE_AUDITOR;
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_ROLE);
	f = clean_countersign();
	f.actor_id = ALICE;
	f.actor_role = RD_ROLE_SUPERVISOR;
	f.actor_edited = true;   /* the decider edited it, of course */
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_COUNTERSIGN_SELF);
	/* EJBCA's rule: a supervisor who worked on the case may not. */
	f = clean_countersign();
	f.actor_edited = true;
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_COUNTERSIGN_EDITOR);
	f = clean_countersign();
	f.override_pending = false;
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_NO_OVERRIDE_PENDING);
	f = clean_countersign();
	f.state = RD_ST_CANCELLED;
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_STATE);
}

static void test_transitions(void **state)
{
	struct rd_gate_facts f;
	struct rd_gate_result r;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = RD_APP_REPLACE;
	f.state = RD_ST_APPROVED;
	f.actor_role = RD_ROLE_SYSTEM;
	f.transition = RD_ACT_START_PRODUCTION;
	f.approval_in_force = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_TRANSITION, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_IN_PRODUCTION);
	/* Production only on an approval in force. */
	f.approval_in_force = false;
	refused_with(&f, RD_GATE_TRANSITION, RD_GATE_C_NOT_APPROVED);
	/* Not by a person, even an admin. */
	f.approval_in_force = true;
	f.actor_role = RD_ROLE_ADMIN;
	refused_with(&f, RD_GATE_TRANSITION, RD_GATE_C_ROLE);
	f.actor_role = RD_ROLE_SYSTEM;
	f.state = RD_ST_IN_REVIEW;
	refused_with(&f, RD_GATE_TRANSITION, RD_GATE_C_STATE);
	/* A supervisor's withdrawal, by the table. */
	f.transition = RD_ACT_CANCEL;
	f.actor_role = RD_ROLE_SUPERVISOR;
	assert_int_equal(rd_gate_check(&f, RD_GATE_TRANSITION, &r), RD_OK);
	assert_int_equal(r.to, RD_ST_CANCELLED);
	f.actor_role = RD_ROLE_AUDITOR;
	refused_with(&f, RD_GATE_TRANSITION, RD_GATE_C_ROLE);
}

static void test_labels(void **state)
{
	(void)state;
	for (int c = 0; c < RD_GATE_COND_COUNT; c++) {
		const char *z = rd_gate_cond_label((enum rd_gate_cond)c);
		const char *k = rd_gate_cond_key((enum rd_gate_cond)c);

		assert_true(strlen(z) > 5);
		assert_string_not_equal(z, "?");
		/* Words for people, never the key. */
		assert_string_not_equal(z, k);
		assert_null(strchr(z, '_'));
	}
	assert_string_equal(rd_gate_cond_label(RD_GATE_COND_COUNT), "?");
	assert_true(rd_gate_cond_overridable(RD_GATE_C_CHECKLIST));
	assert_false(rd_gate_cond_overridable(RD_GATE_C_NOT_CLAIMED));
	assert_false(rd_gate_cond_overridable(RD_GATE_C_CHECKLIST_NOT_CLAIMER));
}

static void test_invalid(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_REPLACE);
	struct rd_gate_result r;

	(void)state;
	assert_int_equal(rd_gate_check(NULL, RD_GATE_APPROVE, &r),
			 RD_ERR_INVALID);
	assert_int_equal(rd_gate_check(&f, RD_GATE_ACTION_COUNT, &r),
			 RD_ERR_INVALID);
	f.state = RD_APP_STATE_COUNT;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r),
			 RD_ERR_INVALID);
	assert_false(r.allowed);
}

/* Issue 15: the SM2 and RSA renewals of one key go together. */
static void test_paired(void **state)
{
	struct rd_gate_facts f = clean(RD_APP_RENEW), g = clean(RD_APP_RENEW);
	struct rd_gate_result r;

	(void)state;
	/* The partner's side: clean passes, its claim not needed but
	 * nobody else's allowed, a received partner is fine, and every
	 * approval condition counts. */
	assert_int_equal(rd_gate_check_paired(&g), 0);
	g.claim_holder = 0;
	g.state = RD_ST_RECEIVED;
	assert_int_equal(rd_gate_check_paired(&g), 0);
	g.claim_holder = TOM;
	assert_int_equal(rd_gate_check_paired(&g),
			 1u << RD_GATE_C_CLAIMED_BY_OTHER);
	g = clean(RD_APP_RENEW);
	g.payment_matched = false;
	g.cert_not_after = NOW;
	assert_int_equal(rd_gate_check_paired(&g),
			 (1u << RD_GATE_C_PAYMENT) |
				 (1u << RD_GATE_C_CERT_EXPIRED));
	g = clean(RD_APP_RENEW);
	g.state = RD_ST_REJECTED;
	assert_int_equal(rd_gate_check_paired(&g), 1u << RD_GATE_C_STATE);

	/* This side: a pending partner with unmet conditions refuses,
	 * with the partner's bits as the detail, and no override passes. */
	f.paired_pending = true;
	f.paired_unmet = 1u << RD_GATE_C_PAYMENT;
	refused_with(&f, RD_GATE_APPROVE, RD_GATE_C_PAIRED);
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_ERR_STATE);
	assert_int_equal(r.a[0].detail, 1 << RD_GATE_C_PAYMENT);
	assert_false(rd_gate_cond_overridable(RD_GATE_C_PAIRED));
	f.override_given = true;
	f.telecom_matched = false;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_ERR_STATE);
	assert_false(r.allowed);
	/* A ready partner, or none pending, passes; a reject ignores it. */
	f = clean(RD_APP_RENEW);
	f.paired_pending = true;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	f.paired_unmet = 1u << RD_GATE_C_PAYMENT;
	f.n_reason = 1;
	assert_int_equal(rd_gate_check(&f, RD_GATE_REJECT, &r), RD_OK);
	f.paired_pending = false;
	assert_int_equal(rd_gate_check(&f, RD_GATE_APPROVE, &r), RD_OK);
	/* A countersign cannot split the pair either. */
	f = clean_countersign();
	f.paired_pending = true;
	f.paired_unmet = 1u << RD_GATE_C_CHECKLIST;
	refused_with(&f, RD_GATE_COUNTERSIGN, RD_GATE_C_PAIRED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_passes),
		cmocka_unit_test(test_approve_each_condition),
		cmocka_unit_test(test_cert_expiry_at_decision),
		cmocka_unit_test(test_all_conditions_returned),
		cmocka_unit_test(test_high_risk_needs_countersign),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_bulk_each_condition),
		cmocka_unit_test(test_countersign_each_condition),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_paired),
		cmocka_unit_test(test_labels),
		cmocka_unit_test(test_invalid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
