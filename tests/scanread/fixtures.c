/*
 * fixtures.c — build/radesk-scanfix: the reading suite's driver
 * (tests/scanread/run.sh). Draws fixture scans with the demo's own code
 * (src/scandoc.c) with known truth, reads each through the production
 * path (scanread_bounded: forked child, time and memory limits), compares
 * with the typed data (scanmatch_run) and prints one "ok"/"FAIL" line per
 * assertion, then the per-field accuracy: a field is right when what was
 * read equals what is printed, after normalisation.
 *
 * Assertions: each planted defect gives its finding, an unsigned form
 * reads as unsigned; no clean fixture
 * gets a mismatch or unreadable finding; hostile scans (truncated,
 * pixel bomb, noise, not an image) end unreadable within the time limit.
 */
#include "core/scantext.h"
#include "scandoc.h"
#include "scanmatch.h"
#include "scanread.h"

#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int nOk, nFail;

static void check(int cond, const char *fmt, const char *a, const char *b)
{
	printf("%s ", cond ? "ok  " : "FAIL");
	printf(fmt, a, b);
	printf("\n");
	if (cond)
		nOk++;
	else
		nFail++;
}

struct fix {
	const char *name;
	enum scandoc_kind kind;
	enum scandoc_look look;
	const char *org, *uscc, *handler, *handler_id, *applicant, *person, *id_no;
	int seal;
	const char *want;           /* the finding it must give, NULL = none */
	const char *typed_org, *typed_id; /* what the customer typed, if other */
	int nosign;                 /* the form is not signed */
};

/* Fictitious organisations and people; codes with valid check characters. */
#define ORG_A "深圳市华信达科技有限公司"
#define USCC_A "91440300MA5G7K3P28"
#define ORG_B "杭州市星河网络科技有限公司"
#define USCC_B "91330106MA2H4K7L9U"
#define ORG_C "成都市瑞丰建设工程有限公司"
#define USCC_C "91510107MA6C8E1W2N"
#define ORG_D "北京市永顺生物科技有限公司"

static const struct fix aFix[] = {
	{ "form, flat", SCANDOC_FORM, SCANDOC_FLAT, ORG_A, USCC_A, "李秀英",
	  "44030519900101123X", "张浩然", NULL, NULL, 1, NULL, NULL, NULL, 0 },
	{ "form, phone photo at an angle", SCANDOC_FORM, SCANDOC_ANGLE, ORG_B,
	  USCC_B, "王建华", "330106198507153214", "陈思远", NULL, NULL, 1, NULL,
	  NULL, NULL, 0 },
	{ "form, low resolution", SCANDOC_FORM, SCANDOC_LOWRES, ORG_C, USCC_C,
	  "刘晓燕", "510107199203086520", "赵国栋", NULL, NULL, 1, NULL, NULL,
	  NULL, 0 },
	{ "form, flat, not signed", SCANDOC_FORM, SCANDOC_FLAT, ORG_B, USCC_B,
	  "王建华", "330106198507153214", "陈思远", NULL, NULL, 1, NULL, NULL,
	  NULL, 1 },
	{ "form, noisy, without seal (planted)", SCANDOC_FORM, SCANDOC_NOISY,
	  ORG_A, USCC_A, "李秀英", "44030519900101123X", "张浩然", NULL, NULL,
	  0, "form_seal_missing", NULL, NULL, 0 },
	{ "licence, flat", SCANDOC_LICENCE, SCANDOC_FLAT, ORG_A, USCC_A, NULL,
	  NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 },
	{ "licence, phone photo at an angle", SCANDOC_LICENCE, SCANDOC_ANGLE,
	  ORG_B, USCC_B, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 },
	{ "licence, stored sideways (EXIF orientation 6)", SCANDOC_LICENCE,
	  SCANDOC_SIDEWAYS, ORG_C, USCC_C, NULL, NULL, NULL, NULL, NULL, 0, NULL,
	  NULL, NULL, 0 },
	{ "licence, low resolution", SCANDOC_LICENCE, SCANDOC_LOWRES, ORG_C,
	  USCC_C, NULL, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0 },
	{ "licence of another company (planted)", SCANDOC_LICENCE, SCANDOC_FLAT,
	  ORG_D, "91110105MA6G9Q2JNJ", NULL, NULL, NULL, NULL, NULL, 0,
	  "licence_name_mismatch", ORG_A, NULL, 0 },
	{ "ID front, flat", SCANDOC_ID_FRONT, SCANDOC_FLAT, NULL, NULL, NULL,
	  NULL, NULL, "李秀英", "44030519900101123X", 0, NULL, NULL, NULL, 0 },
	{ "ID front, noisy", SCANDOC_ID_FRONT, SCANDOC_NOISY, NULL, NULL, NULL,
	  NULL, NULL, "王建华", "330106198507153214", 0, NULL, NULL, NULL, 0 },
	{ "ID front, number one digit off (planted)", SCANDOC_ID_FRONT,
	  SCANDOC_FLAT, NULL, NULL, NULL, NULL, NULL, "刘晓燕",
	  "51010719920308658X", 0, "id_number_mismatch", NULL,
	  "510107199203086520", 0 },
	{ "ID front, unreadable photo (planted)", SCANDOC_ID_FRONT,
	  SCANDOC_UNREADABLE, NULL, NULL, NULL, NULL, NULL, "李秀英",
	  "44030519900101123X", 0, "scan_unreadable", NULL, NULL, 0 },
	{ "ID back, flat", SCANDOC_ID_BACK, SCANDOC_FLAT, NULL, NULL, NULL, NULL,
	  NULL, "李秀英", "44030519900101123X", 0, NULL, NULL, NULL, 0 },
};

struct acc {
	const char *field;
	int right, all;
};

static struct acc aAcc[] = {
	{ "form.org", 0, 0 }, { "form.uscc", 0, 0 }, { "form.handler", 0, 0 },
	{ "form.handler_id", 0, 0 }, { "form.applicant", 0, 0 },
	{ "form.date", 0, 0 }, { "licence.org", 0, 0 }, { "licence.uscc", 0, 0 },
	{ "id.name", 0, 0 }, { "id.id_no", 0, 0 }, { "form.seal", 0, 0 },
	{ "form.signature", 0, 0 },
};

static void count(const char *field, int right)
{
	for (size_t i = 0; i < sizeof aAcc / sizeof aAcc[0]; i++)
		if (!strcmp(aAcc[i].field, field)) {
			aAcc[i].all++;
			aAcc[i].right += right;
		}
}

static int same(const char *read, const char *truth)
{
	char a[256], b[256];

	rd_scan_normalize(read, a, sizeof a);
	rd_scan_normalize(truth, b, sizeof b);
	return a[0] && !strcmp(a, b);
}

static const char *field_value(const struct scanmatch *m, const char *name)
{
	for (size_t i = 0; i < m->nField; i++)
		if (!strcmp(m->aField[i].name, name))
			return m->aField[i].value;
	return "";
}

static const char *role_of(enum scandoc_kind k)
{
	return scandoc_role(k);
}

static void run_fixture(const struct fix *f, const struct scanread_limits *lim)
{
	struct scandoc d = { 0 };
	struct scanread_result r;
	struct scanmatch m;
	struct scanmatch_expect e = { 0 };
	struct rd_err err = { 0 };
	char *data = NULL, zLine[256];
	size_t n = 0;
	int mismatch = 0;
	const char *zRole = role_of(f->kind);

	d.kind = f->kind;
	d.look = f->look;
	d.seed = 17;
	d.org = f->org;
	d.uscc = f->uscc;
	d.address = "南山区科苑路18号创新大厦A座12层3室";
	d.legal_rep = "周明";
	d.handler = f->handler;
	d.handler_id = f->handler_id;
	d.applicant = f->applicant;
	d.date = "2026年11月20日";
	d.seal = f->seal;
	d.signature = !f->nosign;
	d.name = f->person;
	d.id_no = f->id_no;
	d.sex = "女";
	d.birth = "1990年1月1日";
	d.authority = "深圳市公安局南山分局";
	if (scandoc_render(&d, &data, &n, &err) != RD_OK) {
		check(0, "%s: drawn (%s)", f->name, rd_err_msg(&err));
		return;
	}
	if (scanread_bounded(data, n, zRole, lim, &r, &err) != RD_OK) {
		check(0, "%s: read (%s)", f->name, rd_err_msg(&err));
		free(data);
		return;
	}
	free(data);
	e.org = f->typed_org ? f->typed_org : f->org;
	e.uscc = f->typed_org ? USCC_A : f->uscc;
	e.handler = f->kind == SCANDOC_ID_FRONT ? f->person : f->handler;
	e.handler_id = f->kind == SCANDOC_ID_FRONT
			       ? (f->typed_id ? f->typed_id : f->id_no)
			       : f->handler_id;
	e.applicant = f->applicant;
	scanmatch_run(zRole, &r, &e, &m);
	printf("     %s: %s, %zu lines, confidence %d, %d ms\n", f->name,
	       r.status == SCANREAD_OK ? "read" : r.reason, r.nLine,
	       r.mean_conf, r.ms);
	for (size_t i = 0; i < m.nFinding; i++) {
		printf("       finding %s %s\n", m.aFinding[i].code,
		       m.aFinding[i].arg);
		mismatch |= strstr(m.aFinding[i].code, "mismatch") != NULL ||
			    !strcmp(m.aFinding[i].code, "scan_unreadable") ||
			    !strcmp(m.aFinding[i].code, "form_seal_missing");
	}
	if (f->want) {
		int found = 0;

		for (size_t i = 0; i < m.nFinding; i++)
			found |= !strcmp(m.aFinding[i].code, f->want);
		check(found, "%s: finds %s", f->name, f->want);
	} else {
		check(!mismatch, "%s: %s", f->name, "no finding on a clean scan");
	}
	if (f->look == SCANDOC_UNREADABLE)
		goto done;
	switch (f->kind) {
	case SCANDOC_FORM:
		count("form.org", same(field_value(&m, "org"), f->org));
		count("form.uscc", same(field_value(&m, "uscc"), f->uscc));
		count("form.handler", same(field_value(&m, "handler"), f->handler));
		count("form.handler_id", same(field_value(&m, "handler_id"),
					      f->handler_id));
		count("form.applicant", same(field_value(&m, "applicant"),
					     f->applicant));
		count("form.date", same(field_value(&m, "date"), d.date));
		count("form.seal", r.seal == f->seal);
		count("form.signature", r.signature == !f->nosign);
		if (f->nosign)
			check(r.signature == 0, "%s: %s", f->name,
			      "no signature found");
		break;
	case SCANDOC_LICENCE:
		count("licence.org", same(field_value(&m, "org"), f->org));
		count("licence.uscc", same(field_value(&m, "uscc"), f->uscc));
		break;
	case SCANDOC_ID_FRONT:
		count("id.name", same(field_value(&m, "name"), f->person));
		count("id.id_no", same(field_value(&m, "id_no"), f->id_no));
		break;
	case SCANDOC_ID_BACK:
		break;
	}
done:
	(void)zLine;
	scanread_result_fini(&r);
}

static void write_png(void *ctx, const unsigned char *p, unsigned int n)
{
	FILE *f = ctx;

	fwrite(p, 1, n, f);
}

static cairo_status_t png_out(void *ctx, const unsigned char *p,
			      unsigned int n)
{
	write_png(ctx, p, n);
	return CAIRO_STATUS_SUCCESS;
}

static void hostile(const char *name, const void *data, size_t n,
		    const struct scanread_limits *lim)
{
	struct scanread_result r;
	struct rd_err err = { 0 };
	struct timespec t0, t1;
	double s;
	rd_status rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = scanread_bounded(data, n, "application_form", lim, &r, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	printf("     %s: %s in %.1f s\n", name,
	       rc != RD_OK ? rd_err_msg(&err) : r.status == SCANREAD_OK ? "read"
									  : r.reason,
	       s);
	check(rc == RD_OK && r.status == SCANREAD_UNREADABLE &&
		      s < lim->time_ms / 1000.0 + 3,
	      "hostile %s: %s", name, "unreadable within the time limit");
	scanread_result_fini(&r);
}

/* radesk-scanfix draw OUT ORG USCC HANDLER HANDLER_ID SEAL: one form,
 * for the console test of the text layer. */
static int draw(int argc, char **argv)
{
	struct scandoc d = { 0 };
	char *data = NULL;
	size_t n = 0;
	FILE *f;

	if (argc != 8)
		return 64;
	d.kind = SCANDOC_FORM;
	d.org = argv[3];
	d.uscc = argv[4];
	d.handler = argv[5];
	d.handler_id = argv[6];
	d.applicant = "—";
	d.date = "2026年11月17日";
	d.seal = atoi(argv[7]);
	d.signature = 1;
	if (scandoc_render(&d, &data, &n, NULL) != RD_OK)
		return 1;
	scandoc_shutdown();
	f = fopen(argv[2], "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		return 1;
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	struct scanread_limits lim = { 0 };
	char *data = NULL;
	size_t n = 0;

	if (argc > 1 && !strcmp(argv[1], "draw"))
		return draw(argc, argv);

	lim.max_pixels = 25000000;
	lim.time_ms = 30000;
	lim.max_memory_mb = 1024;
	for (size_t i = 0; i < sizeof aFix / sizeof aFix[0]; i++)
		run_fixture(&aFix[i], &lim);

	/* hostile scans, with a short time limit */
	lim.time_ms = 4000;
	{
		struct scandoc d = { 0 };
		struct rd_err err = { 0 };

		d.kind = SCANDOC_FORM;
		d.org = ORG_A;
		d.seal = 1;
		if (scandoc_render(&d, &data, &n, &err) == RD_OK) {
			hostile("truncated JPEG", data, n / 3, &lim);
			free(data);
		}
	}
	{
		/* a PNG header claiming 60000 x 60000 pixels (refused on the
		 * header, before any pixel is allocated) */
		static const unsigned char aBomb[] = {
			0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13,
			'I', 'H', 'D', 'R', 0, 0, 0xea, 0x60, 0, 0, 0xea, 0x60,
			8, 2, 0, 0, 0, 0x0f, 0xb0, 0xe2, 0x15,
			0, 0, 0, 0, 'I', 'D', 'A', 'T', 0x35, 0xaf, 0x06, 0x1e,
		};

		hostile("pixel bomb", aBomb, sizeof aBomb, &lim);
		/* and it was refused for its pixels, not as corrupt */
		{
			struct scanread_result r;

			if (scanread_image(aBomb, sizeof aBomb, "id_back", &lim, &r,
					   NULL) == RD_OK)
				check(!strcmp(r.reason, "pixels"), "%s: %s",
				      "pixel bomb", "refused on its header's size");
			scanread_result_fini(&r);
		}
	}
	hostile("not an image", "%PDF-1.4 hello", 14, &lim);
	{
		/* dense noise: layout analysis works hard on it */
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
								2400, 2400);
		unsigned char *p = cairo_image_surface_get_data(s);
		int stride = cairo_image_surface_get_stride(s);
		uint64_t x = 88172645463325252ull;
		FILE *f;
		char *buf = NULL;
		size_t len = 0;

		cairo_surface_flush(s);
		for (int y = 0; y < 2400; y++)
			for (int i = 0; i < 2400 * 4; i++) {
				x ^= x << 13;
				x ^= x >> 7;
				x ^= x << 17;
				p[y * stride + i] = (x & 1) ? 0 : 255;
			}
		cairo_surface_mark_dirty(s);
		f = open_memstream(&buf, &len);
		if (f) {
			cairo_surface_write_to_png_stream(s, png_out, f);
			fclose(f);
			hostile("noise", buf, len, &lim);
		}
		free(buf);
		cairo_surface_destroy(s);
	}

	scandoc_shutdown();
	printf("\nper-field accuracy (read = printed, after normalisation):\n");
	for (size_t i = 0; i < sizeof aAcc / sizeof aAcc[0]; i++)
		if (aAcc[i].all)
			printf("  %-16s %d/%d  %3d%%\n", aAcc[i].field, aAcc[i].right,
			       aAcc[i].all, aAcc[i].right * 100 / aAcc[i].all);
	printf("assertions: %d ok, %d failed\n", nOk, nFail);
	return nFail ? 1 : 0;
}
