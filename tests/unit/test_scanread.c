/*
 * test_scanread.c — the reading's pure parts, fast enough for the
 * sanitizer pass: text normalisation and comparison, code finding with
 * OCR confusions, the seal detector and the signature ink on drawn
 * forms, fields and findings from given lines, the child's JSON answer.
 * OCR itself is tests/scanread/run.sh.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/scantext.h"
#include "img_decode.h"
#include "scandoc.h"
#include "scanmatch.h"
#include "scanread.h"

#include <stdlib.h>
#include <string.h>

static void test_normalize(void **state)
{
	char z[128];

	(void)state;
	rd_scan_normalize("ＡＢＣ １２３", z, sizeof z);
	assert_string_equal(z, "ABC123");
	rd_scan_normalize("深圳 市：華信達（科技）", z, sizeof z);
	assert_string_equal(z, "深圳市华信达科技");
	rd_scan_normalize("91440300ma5g7k3p28", z, sizeof z);
	assert_string_equal(z, "91440300MA5G7K3P28");
	assert_int_equal(rd_scan_normalize("", z, sizeof z), 0);
}

static void test_compare(void **state)
{
	(void)state;
	assert_int_equal(rd_scan_distance("深圳市华信达", "深圳市华信"), 1);
	assert_int_equal(rd_scan_compare_name("深圳市华信达科技有限公司",
					      "深圳市華信達科技有限公司"),
			 RD_SCAN_MATCH);
	/* one character misread in a long name: still a match */
	assert_int_equal(rd_scan_compare_name("深圳市华信达科技有很公司",
					      "深圳市华信达科技有限公司"),
			 RD_SCAN_MATCH);
	assert_int_equal(rd_scan_compare_name("北京市永顺生物科技有限公司",
					      "深圳市华信达科技有限公司"),
			 RD_SCAN_MISMATCH);
	/* a short name one or two characters off: unsure, never a mismatch */
	assert_int_equal(rd_scan_compare_name("李秀荚", "李秀英"), RD_SCAN_UNSURE);
	assert_int_equal(rd_scan_compare_name("郑了晓若", "郑晓燕"), RD_SCAN_UNSURE);
	/* a read cut short */
	assert_int_equal(rd_scan_compare_name("世称", "北京市正泰和食品股份有限公司"),
			 RD_SCAN_UNSURE);
	assert_int_equal(rd_scan_compare_name("王强", "李秀英"), RD_SCAN_MISMATCH);
	assert_int_equal(rd_scan_compare_name("", "李秀英"), RD_SCAN_UNREAD);
}

static void test_find_code(void **state)
{
	char c[19];

	(void)state;
	assert_true(scanmatch_find_code("统一社会信用代码: 9144O300MA5G7K3P28", 1, c));
	assert_string_equal(c, "91440300MA5G7K3P28");
	/* a wrong check character is not a code */
	assert_false(scanmatch_find_code("91440300MA5G7K3P27", 1, c));
	assert_true(scanmatch_find_code("公民身份号码 44O3O519900101123x", 0, c));
	assert_string_equal(c, "44030519900101123X");
	assert_false(scanmatch_find_code("4403051990010112", 0, c));
	/* passes its check character, but no division code: a misread */
	assert_false(scanmatch_find_code("1320508MAB00YJ4NGX", 1, c));
}

static struct rd_image *drawn(enum scandoc_kind k, int seal, int sign)
{
	struct scandoc d = { 0 };
	struct rd_image *img = NULL;
	char *data = NULL;
	size_t n = 0;

	d.kind = k;
	d.seed = 3;
	d.org = "深圳市华信达科技有限公司";
	d.uscc = "91440300MA5G7K3P28";
	d.handler = "李秀英";
	d.seal = seal;
	d.signature = sign;
	assert_int_equal(scandoc_render(&d, &data, &n, NULL), RD_OK);
	assert_int_equal(rd_image_decode(data, n, 0, &img, NULL, NULL), RD_OK);
	free(data);
	return img;
}

static void test_seal(void **state)
{
	struct rd_image *img;
	struct scanread_box b;

	(void)state;
	img = drawn(SCANDOC_FORM, 1, 1);
	assert_int_equal(scanread_find_seal(img, &b), 1);
	/* the seal is drawn round, centre (560, 1500), radius 125 */
	assert_in_range(b.x + b.w / 2, 530, 590);
	assert_in_range(b.y + b.h / 2, 1470, 1530);
	assert_in_range(b.w, 220, 290);
	scanread_erase_red(img);
	assert_int_equal(scanread_find_seal(img, &b), 0);
	rd_image_free(&img);
	img = drawn(SCANDOC_FORM, 0, 1);
	assert_int_equal(scanread_find_seal(img, &b), 0);
	rd_image_free(&img);
	/* the licence's red title is red ink but no ring */
	img = drawn(SCANDOC_LICENCE, 0, 0);
	assert_int_equal(scanread_find_seal(img, &b), 0);
	rd_image_free(&img);
}

static void test_signature_ink(void **state)
{
	struct scanread_box box = { 390, 1225, 400, 110 };
	struct rd_image *img;

	(void)state;
	img = drawn(SCANDOC_FORM, 1, 1);
	assert_true(scanread_ink_permille(img, &box) >= 6);
	rd_image_free(&img);
	/* unsigned: the printed line to sign on alone is no ink */
	img = drawn(SCANDOC_FORM, 1, 0);
	assert_true(scanread_ink_permille(img, &box) < 6);
	rd_image_free(&img);
}

static struct scanread_line L(const char *t)
{
	struct scanread_line l = { (char *)t, 90, { 10, 10, 300, 40 } };

	return l;
}

static int has(const struct scanmatch *m, const char *code)
{
	for (size_t i = 0; i < m->nFinding; i++)
		if (!strcmp(m->aFinding[i].code, code))
			return 1;
	return 0;
}

static void test_match(void **state)
{
	struct scanread_line aLic[] = { L("统一社会信用代码 91440300MA5G7K3P28"),
					L("Bin     北京市永顺生物科技有限公司"),
					L("类型  有限责任公司") };
	struct scanread_line aForm[] = { L("单位名称：深圳市华信达科技有限公司"),
					 L("统一社会信用代码：91440300MA5G7K3P28"),
					 L("经办人：李秀英"),
					 L("经办人身份证号：44030519900101123X"),
					 L("经办人签字：") };
	struct scanread_result r = { 0 };
	struct scanmatch_expect e = { 0 };
	struct scanmatch m;

	(void)state;
	e.org = "深圳市华信达科技有限公司";
	e.uscc = "91440300MA5G7K3P28";
	e.handler = "李秀英";
	e.handler_id = "44030519900101123X";
	r.aLine = aLic;
	r.nLine = 3;
	r.seal = -1;
	scanmatch_run("business_license", &r, &e, &m);
	assert_true(has(&m, "licence_name_mismatch"));
	assert_false(has(&m, "licence_uscc_mismatch"));
	r.aLine = aForm;
	r.nLine = 5;
	r.seal = 1;
	scanmatch_run("application_form", &r, &e, &m);
	assert_int_equal(m.nFinding, 0);
	/* the handler's ID is 18 digits: never taken for the credit code */
	assert_string_equal(m.aField[1].value, "91440300MA5G7K3P28");
	r.seal = 0;
	scanmatch_run("application_form", &r, &e, &m);
	assert_true(has(&m, "form_seal_missing"));
	e.handler = "王强";
	scanmatch_run("application_form", &r, &e, &m);
	assert_true(has(&m, "form_field_mismatch"));
	r.status = SCANREAD_UNREADABLE;
	scanmatch_run("id_front", &r, &e, &m);
	assert_true(has(&m, "scan_unreadable"));
	assert_string_not_equal(scanmatch_message("form_seal_missing"),
				"form_seal_missing");
}

static void test_json(void **state)
{
	struct scanread_line a[] = { L("单位名称：\"深圳\"\\x") };
	struct scanread_result r = { 0 }, back;
	char *z;

	(void)state;
	r.aLine = a;
	r.nLine = 1;
	r.seal = 1;
	r.seal_box = (struct scanread_box){ 1, 2, 3, 4 };
	r.signature = 0;
	r.width = 100;
	z = scanread_result_json(&r);
	assert_non_null(z);
	assert_int_equal(scanread_result_parse(z, &back, NULL), RD_OK);
	assert_int_equal(back.nLine, 1);
	assert_string_equal(back.aLine[0].text, a[0].text);
	assert_int_equal(back.seal, 1);
	assert_int_equal(back.seal_box.h, 4);
	assert_int_equal(back.signature, 0);
	free(z);
	scanread_result_fini(&back);
	assert_int_equal(scanread_result_parse("[1", &back, NULL), RD_ERR_CORRUPT);
	scanread_result_fini(&back);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normalize),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_find_code),
		cmocka_unit_test(test_seal),
		cmocka_unit_test(test_signature_ink),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_json),
	};

	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	scandoc_shutdown();
	return rc;
}
