/*
 * test_words.c — the words for audit actions, states and kinds
 * (src/labels.c): every action the store writes has words that are not
 * its code, an unknown one never reads as its code, and the CLI's state
 * and kind words are words.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "labels.h"

#include <ctype.h>
#include <string.h>

/* A code's shape: no space and an underscore or a dot in it. */
static int looks_like_code(const char *z)
{
	return !strchr(z, ' ') && (strchr(z, '_') || strchr(z, '.'));
}

static void test_audit_actions(void **state)
{
	static const char *const az[] = {
		"app.claim", "app.release", "app.checklist", "app.note",
		"app.refused", "app.ingest", "app.resubmit", "decision",
		"decision.override", "decision.countersign", "decision.refuse",
		"pii.reveal", "bundle.quarantine", "payment.match_manual",
		"job.retry", "job.dead", "operator.role", "db.migrate",
		"report.unmasked", "audit.sample_review", "app.approve",
		"app.complete", "label.print_batch", "production.qc_failed",
	};
	(void)state;
	for (size_t i = 0; i < sizeof az / sizeof *az; i++) {
		const char *z = rd_label_audit_action(az[i]);

		assert_non_null(z);
		assert_string_not_equal(z, az[i]);
		assert_false(looks_like_code(z));
		assert_string_not_equal(z, "Other action");
	}
	assert_string_equal(rd_label_audit_action("no.such_action"),
			    "Other action");
	assert_string_equal(rd_label_audit_action(NULL), "Other action");
	assert_string_equal(rd_label_audit_action("job.whatever"),
			    "Job state changed");
}

static void test_state_words(void **state)
{
	static const char *const az[] = {
		"in_transit", "writing", "qc_failed", "picked_up", "dead",
		"not_found", "telecom_handler", "courier_status", "in_review",
		"fin_auth_failed", "pending",
	};
	(void)state;
	for (size_t i = 0; i < sizeof az / sizeof *az; i++) {
		const char *z = rd_label_word(az[i]);

		assert_non_null(z);
		assert_false(looks_like_code(z));
	}
	assert_string_equal(rd_label_word("in_transit"), "in transit");
	assert_null(rd_label_word("NO_SUCH_WORD"));
	assert_null(rd_label_word(NULL));
}

static void test_reason(void **state)
{
	char z[256];

	(void)state;
	rd_label_reason("manifest: files[2]: must be a string", z, sizeof z);
	assert_string_equal(z, "application form, file 3: must be a string");
	assert_null(strstr(z, "files["));
	rd_label_reason("manifest: org.nosuchkey: required key is missing", z,
			sizeof z);
	assert_string_equal(z, "application form, Organisation: required "
			       "key is missing");
	rd_label_reason("entry name is not valid UTF-8 (probably GBK)", z,
			sizeof z);
	assert_string_equal(z, "entry name is not valid UTF-8 (probably GBK)");
	rd_label_reason(NULL, z, sizeof z);
	assert_string_equal(z, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_audit_actions),
		cmocka_unit_test(test_state_words),
		cmocka_unit_test(test_reason),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
