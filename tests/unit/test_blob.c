/*
 * test_blob.c — the content-addressed blob store, and content sniffing.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "crypto.h"
#include "helpers/deadpid.h"
#include "ingest/blob.h"
#include "ingest/sniff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_put_layout(void **state)
{
	char zDir[] = "/tmp/rd-blob-XXXXXX", zPath[4096], zHex[RD_SHA256_HEX];
	const char data[] = "scan bytes";
	struct rd_err err;
	struct stat sb;
	char buf[64];
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(zDir));
	rd_sha256_hex(data, sizeof data - 1, zHex);
	assert_int_equal(ingest_blob_put(zDir, zHex, data, sizeof data - 1, &err), RD_OK);
	assert_int_equal(ingest_blob_path(zDir, zHex, zPath, sizeof zPath), RD_OK);
	/* BLOB_DIR/<first two hex>/<64 hex>, as store/blobcheck.c expects */
	snprintf(buf, sizeof buf, "/%.2s/", zHex);
	assert_non_null(strstr(zPath, buf));
	assert_int_equal(stat(zPath, &sb), 0);
	assert_int_equal(sb.st_size, sizeof data - 1);
	f = fopen(zPath, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, sizeof buf, f), sizeof data - 1);
	fclose(f);
	assert_memory_equal(buf, data, sizeof data - 1);
	/* again: a no-op */
	assert_int_equal(ingest_blob_put(zDir, zHex, data, sizeof data - 1, &err), RD_OK);
	/* wrong name for the bytes: refused, nothing written */
	assert_int_equal(ingest_blob_put(zDir, zHex, "other", 5, &err), RD_ERR_CORRUPT);
	assert_int_equal(ingest_blob_put(zDir, "../../etc/passwd", "x", 1, &err), RD_ERR_INVALID);
	unlink(zPath);
	snprintf(buf, sizeof buf, "%s/%.2s", zDir, zHex);
	rmdir(buf);
	rmdir(zDir);
}

/* A killed ingest leaves its temp copy of a scan; the next blob written
 * into that folder removes it, but not a live writer's. */
static void test_put_sweeps_dead_temps(void **state)
{
	char zDir[] = "/tmp/rd-blob-XXXXXX", zSub[64], zDead[160], zLive[160];
	char zOther[160], zPath[4096], zHex[RD_SHA256_HEX];
	const char data[] = "another scan";
	struct rd_err err;
	struct stat sb;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(zDir));
	rd_sha256_hex(data, sizeof data - 1, zHex);
	snprintf(zSub, sizeof zSub, "%s/%.2s", zDir, zHex);
	assert_int_equal(mkdir(zSub, 0750), 0);
	snprintf(zDead, sizeof zDead, "%s/.tmp-%.2s%062d-%ld", zSub, zHex, 0,
		 (long)test_dead_pid());
	snprintf(zLive, sizeof zLive, "%s/.tmp-%.2s%062d-%ld", zSub, zHex, 1,
		 (long)getppid());
	snprintf(zOther, sizeof zOther, "%s/notes-%ld", zSub,
		 (long)test_dead_pid());
	f = fopen(zDead, "w");
	assert_non_null(f);
	fclose(f);
	f = fopen(zLive, "w");
	assert_non_null(f);
	fclose(f);
	f = fopen(zOther, "w");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(ingest_blob_put(zDir, zHex, data, sizeof data - 1, &err),
			 RD_OK);
	assert_int_not_equal(stat(zDead, &sb), 0);
	assert_int_equal(stat(zLive, &sb), 0);
	assert_int_equal(stat(zOther, &sb), 0);
	assert_int_equal(ingest_blob_path(zDir, zHex, zPath, sizeof zPath), RD_OK);
	unlink(zPath);
	unlink(zLive);
	unlink(zOther);
	assert_int_equal(rmdir(zSub), 0);
	assert_int_equal(rmdir(zDir), 0);
}

static void test_sniff(void **state)
{
	static const unsigned char png[] = {
		0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
		0, 0, 3, 0x20, 0, 0, 2, 0x58, 8, 2, 0, 0, 0 };
	static const unsigned char gif[] = { 'G', 'I', 'F', '8', '9', 'a', 0xf0, 0, 0xa0, 0, 0 };
	/* JPEG: SOI, APP1 Exif (orientation 6, little endian), SOF0 240x160 */
	static const unsigned char jpg[] = {
		0xff, 0xd8, 0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
		'I', 'I', 0x2a, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
		0xff, 0xc0, 0x00, 0x0b, 8, 0x00, 0xa0, 0x00, 0xf0, 1, 1, 0x11, 0 };
	unsigned char bmp[54] = { 'B', 'M' };
	struct ingest_sniff s;

	(void)state;
	ingest_sniff(png, sizeof png, &s);
	assert_int_equal(s.type, INGEST_CT_PNG);
	assert_int_equal(s.width, 800);
	assert_int_equal(s.height, 600);
	ingest_sniff(gif, sizeof gif, &s);
	assert_int_equal(s.type, INGEST_CT_GIF);
	assert_int_equal(s.width, 240);
	assert_int_equal(s.height, 160);
	ingest_sniff(jpg, sizeof jpg, &s);
	assert_int_equal(s.type, INGEST_CT_JPEG);
	assert_int_equal(s.width, 240);
	assert_int_equal(s.height, 160);
	assert_int_equal(s.orientation, 6);
	bmp[14] = 40;
	bmp[18] = 0x90; bmp[19] = 1;            /* 400 */
	bmp[22] = 0x38; bmp[23] = 0xff; bmp[24] = 0xff; bmp[25] = 0xff; /* -200: top-down */
	ingest_sniff(bmp, sizeof bmp, &s);
	assert_int_equal(s.type, INGEST_CT_BMP);
	assert_int_equal(s.width, 400);
	assert_int_equal(s.height, 200);
	/* a PDF named .jpg is not an image; truncated input is safe */
	ingest_sniff((const unsigned char *)"%PDF-1.4", 8, &s);
	assert_int_equal(s.type, INGEST_CT_UNKNOWN);
	ingest_sniff(jpg, 5, &s);
	assert_int_equal(s.type, INGEST_CT_JPEG);
	assert_int_equal(s.width, 0);
	ingest_sniff(NULL, 0, &s);
	assert_int_equal(s.type, INGEST_CT_UNKNOWN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put_layout),
		cmocka_unit_test(test_put_sweeps_dead_temps),
		cmocka_unit_test(test_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
