/*
 * test_label.c — courier labels: Base64 checked and kept as a PDF blob,
 * the waybill result rewritten without the Base64, the print command
 * split without a shell, and the label_print job to the spool folder and
 * through a command.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"
#include "crypto.h"
#include "label.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* "%PDF-1.4\n%%EOF\n" */
#define PDF_B64 "JVBERi0xLjQKJSVFT0YK"

struct env {
	char dir[64];
	char blobs[96];
	char spool[96];
	struct rd_config cfg;
};

static int setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	snprintf(e->dir, sizeof e->dir, "/tmp/rd-label-XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	assert_int_equal(rd_config_init_defaults(&e->cfg, e->dir), RD_OK);
	snprintf(e->blobs, sizeof e->blobs, "%s/blobs", e->dir);
	snprintf(e->spool, sizeof e->spool, "%s/spool", e->dir);
	free(e->cfg.blob_dir);
	free(e->cfg.spool_dir);
	e->cfg.blob_dir = strdup(e->blobs);
	e->cfg.spool_dir = strdup(e->spool);
	*state = e;
	return 0;
}

static int teardown(void **state)
{
	struct env *e = *state;
	char zCmd[128];

	snprintf(zCmd, sizeof zCmd, "rm -rf '%s'", e->dir);
	assert_int_equal(system(zCmd), 0);
	rd_config_fini(&e->cfg);
	free(e);
	return 0;
}

static void test_keep(void **state)
{
	struct env *e = *state;
	char sha[RD_SHA256_HEX], want[RD_SHA256_HEX], path[256];
	struct rd_err err;

	rd_sha256_hex("%PDF-1.4\n%%EOF\n", 15, want);
	assert_int_equal(label_keep(e->blobs, PDF_B64, 1024, sha, &err), RD_OK);
	assert_string_equal(sha, want);
	snprintf(path, sizeof path, "%s/%.2s/%s", e->blobs, sha, sha);
	assert_int_equal(access(path, R_OK), 0);
	/* Not Base64, not a PDF ("hello"), too large. */
	assert_int_equal(label_keep(e->blobs, "%%%%", 1024, sha, &err),
			 RD_ERR_INVALID);
	assert_int_equal(label_keep(e->blobs, "aGVsbG8=", 1024, sha, &err),
			 RD_ERR_INVALID);
	assert_string_equal(sha, "");
	assert_int_equal(label_keep(e->blobs, PDF_B64, 8, sha, &err),
			 RD_ERR_LIMIT);
}

static void test_take_from_result(void **state)
{
	struct env *e = *state;
	char sha[RD_SHA256_HEX];
	struct rd_err err;
	char *z = strdup("{\"waybill_no\":\"SF1\",\"label_pdf_base64\":\""
			 PDF_B64 "\"}");
	json_t *j;

	assert_int_equal(label_take_from_result(&e->cfg, &z, sha, &err), RD_OK);
	assert_int_equal(strlen(sha), 64);
	j = json_loads(z, 0, NULL);
	assert_null(json_object_get(j, "label_pdf_base64"));
	assert_string_equal(json_string_value(json_object_get(j, "label_sha256")),
			    sha);
	assert_string_equal(json_string_value(json_object_get(j, "waybill_no")),
			    "SF1");
	json_decref(j);
	free(z);
	/* A bad label: the waybill stays, the error is said, no sha. */
	z = strdup("{\"waybill_no\":\"SF2\",\"label_pdf_base64\":\"aGVsbG8=\"}");
	assert_int_equal(label_take_from_result(&e->cfg, &z, sha, &err), RD_OK);
	assert_string_equal(sha, "");
	assert_non_null(strstr(z, "label_error"));
	assert_null(strstr(z, "aGVsbG8"));
	free(z);
}

static void test_split(void **state)
{
	char **argv = NULL;
	int argc = 0;

	(void)state;
	assert_int_equal(label_split_command("  lp -d 'LABEL ROOM' \"a b\"c $HOME;x ",
					     &argv, &argc),
			 RD_OK);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[0], "lp");
	assert_string_equal(argv[1], "-d");
	assert_string_equal(argv[2], "LABEL ROOM");
	assert_string_equal(argv[3], "a bc");
	assert_string_equal(argv[4], "$HOME;x");
	assert_null(argv[5]);
	label_argv_free(&argv);
	assert_null(argv);
	assert_int_equal(label_split_command("lp 'open", &argv, &argc),
			 RD_ERR_INVALID);
	assert_int_equal(label_split_command("   ", &argv, &argc),
			 RD_ERR_INVALID);
}

/* Run a label_print job for a label kept in the blob store. */
static enum net_verdict print_job(struct env *e, const char *sha,
				  struct net_outcome *o)
{
	char payload[256];
	struct net_job job;

	snprintf(payload, sizeof payload,
		 "{\"shipment\":1,\"waybill_no\":\"SF9\",\"label_sha256\":"
		 "\"%s\",\"n\":2}",
		 sha);
	memset(&job, 0, sizeof job);
	job.id = 1;
	job.kind = "label_print";
	job.idem_key = "label:SF9:2";
	job.payload = payload;
	memset(o, 0, sizeof *o);
	assert_int_equal(label_print_job(&e->cfg, &job, o), RD_OK);
	return o->verdict;
}

static void test_print_job(void **state)
{
	struct env *e = *state;
	char sha[RD_SHA256_HEX], path[256], cmd[256];
	struct net_outcome o;
	struct rd_err err;

	assert_int_equal(label_keep(e->blobs, PDF_B64, 1024, sha, &err), RD_OK);
	/* No command: the spool folder, as WAYBILL-N.pdf. */
	assert_int_equal(print_job(e, sha, &o), NET_DONE);
	snprintf(path, sizeof path, "%s/SF9-2.pdf", e->spool);
	assert_int_equal(access(path, R_OK), 0);
	assert_non_null(strstr(o.result, "SF9-2.pdf"));
	net_outcome_fini(&o);
	/* A command that fails is retried with its output as the error. */
	free(e->cfg.print_command);
	e->cfg.print_command = strdup("sh -c 'echo jammed; exit 4' x");
	assert_int_equal(print_job(e, sha, &o), NET_RETRY);
	assert_non_null(strstr(o.error, "status 4: jammed"));
	net_outcome_fini(&o);
	/* A command that succeeds gets the blob's path as its last word. */
	free(e->cfg.print_command);
	snprintf(cmd, sizeof cmd, "cp -t %s", e->dir);
	e->cfg.print_command = strdup(cmd);
	assert_int_equal(print_job(e, sha, &o), NET_DONE);
	snprintf(path, sizeof path, "%s/%s", e->dir, sha);
	assert_int_equal(access(path, R_OK), 0);
	net_outcome_fini(&o);
	/* A damaged blob is never printed. */
	snprintf(path, sizeof path, "%s/%.2s/%s", e->blobs, sha, sha);
	chmod(path, 0644);
	{
		FILE *f = fopen(path, "ab");

		assert_non_null(f);
		fputs("tampered", f);
		fclose(f);
	}
	assert_int_equal(print_job(e, sha, &o), NET_FAIL);
	assert_non_null(strstr(o.error, "damaged"));
	net_outcome_fini(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_keep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_take_from_result, setup,
						teardown),
		cmocka_unit_test(test_split),
		cmocka_unit_test_setup_teardown(test_print_job, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
