/*
 * scandoc.c — drawing the demo's documents (see scandoc.h).
 *
 * Sizes are those of a 150 dpi scan: A4 1240x1754, the licence (A3
 * landscape, drawn smaller) 1600x1130, the ID card 1000x630. Text is set
 * large and plain (WenQuanYi Micro Hei, the CJK font of fonts-wqy-microhei)
 * so that OCR can read a clean scan; the looks degrade it as phones do.
 */
#include "scandoc.h"

#include "core/i18n.h"

#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <jpeglib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdlib.h>
#include <string.h>

#define FONT "WenQuanYi Micro Hei"

struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static double rndf(struct rng *r)
{
	return (double)(rnd(r) >> 11) / 9007199254740992.0;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* Text at (x, y) (its top left), px pixels high; returns its width. */
static double text(cairo_t *cr, double px, int bold, double x, double y,
		   const char *s)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	int w = 0, h = 0;

	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, nz(s), -1);
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, l);
	pango_layout_get_pixel_size(l, &w, &h);
	pango_font_description_free(fd);
	g_object_unref(l);
	return w;
}

static double text_width(cairo_t *cr, double px, int bold, const char *s)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	int w = 0, h = 0;

	pango_font_description_set_absolute_size(fd, px * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, nz(s), -1);
	pango_layout_get_pixel_size(l, &w, &h);
	pango_font_description_free(fd);
	g_object_unref(l);
	return w;
}

static void ink(cairo_t *cr)
{
	cairo_set_source_rgb(cr, 0.08, 0.08, 0.1);
}

/* The red round seal: a ring, a star, the organisation along the top. */
static void seal(cairo_t *cr, double cx, double cy, double R, const char *org)
{
	size_t n = 0;
	const char *p;
	double a0, a1;

	cairo_save(cr);
	cairo_new_path(cr);
	cairo_set_source_rgba(cr, 0.86, 0.1, 0.12, 0.9);
	cairo_set_line_width(cr, R * 0.07);
	cairo_arc(cr, cx, cy, R, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_move_to(cr, cx, cy - R * 0.28);
	for (int i = 1; i <= 10; i++) {
		double a = -M_PI / 2 + i * M_PI / 5;
		double rr = i % 2 ? R * 0.12 : R * 0.28;

		cairo_line_to(cr, cx + rr * cos(a), cy + rr * sin(a));
	}
	cairo_close_path(cr);
	cairo_fill(cr);
	for (p = nz(org); *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			n++;
	a0 = M_PI * (1.0 - 0.15);
	a1 = M_PI * (2.0 + 0.15);
	p = nz(org);
	for (size_t i = 0; i < n && *p; i++) {
		char ch[8] = { 0 };
		size_t k = 1;
		double a = n > 1 ? a0 + (a1 - a0) * (double)i / (double)(n - 1)
				 : 1.5 * M_PI;

		while (p[k] && ((unsigned char)p[k] & 0xC0) == 0x80 && k < 6)
			k++;
		memcpy(ch, p, k);
		p += k;
		cairo_save(cr);
		cairo_translate(cr, cx + R * 0.74 * cos(a), cy + R * 0.74 * sin(a));
		cairo_rotate(cr, a + M_PI / 2);
		text(cr, R * 0.2, 1, -R * 0.1, -R * 0.1, ch);
		cairo_restore(cr);
	}
	text(cr, R * 0.2, 1, cx - text_width(cr, R * 0.2, 1, "专用章") / 2,
	     cy + R * 0.42, "专用章");
	cairo_restore(cr);
}

/* A hand-written-looking scribble in blue-black ink inside the box. */
static void signature(cairo_t *cr, struct rng *r, double x, double y,
		      double w, double h)
{
	double px = x + w * 0.05, py = y + h * 0.6;

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.1, 0.12, 0.4);
	cairo_set_line_width(cr, 4);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
	cairo_move_to(cr, px, py);
	for (int i = 0; i < 7; i++) {
		double nx = px + w * (0.08 + 0.06 * rndf(r));

		cairo_curve_to(cr, px + w * 0.03, y + h * (0.1 + 0.3 * rndf(r)),
			       nx - w * 0.03, y + h * (0.6 + 0.35 * rndf(r)),
			       nx, y + h * (0.3 + 0.4 * rndf(r)));
		px = nx;
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void form(cairo_t *cr, const struct scandoc *d, struct rng *r)
{
	static const char *const aLabel[] = { "单位名称", "统一社会信用代码",
					      "经办人", "经办人身份证号",
					      "证书申请人", "申请日期" };
	const char *aVal[6] = { d->org, d->uscc, d->handler, d->handler_id,
				d->applicant && *d->applicant ? d->applicant : "—",
				d->date };
	double y = 250;

	ink(cr);
	text(cr, 64, 1, 620 - text_width(cr, 64, 1, "数字证书申请表") / 2, 110,
	     "数字证书申请表");
	cairo_set_line_width(cr, 3);
	cairo_rectangle(cr, 90, 230, 1060, 6 * 130 + 20);
	cairo_stroke(cr);
	for (int i = 0; i < 6; i++) {
		char z[64];

		snprintf(z, sizeof z, "%s：", aLabel[i]);
		text(cr, 40, 0, 120, y + 40, z);
		text(cr, 40, 0, 120 + text_width(cr, 40, 0, z) + 10, y + 40,
		     aVal[i]);
		y += 130;
	}
	text(cr, 30, 0, 120, 1090,
	     "本单位承诺所填信息真实有效，并对数字证书的使用承担责任。");
	text(cr, 40, 0, 120, 1250, "经办人签字：");
	cairo_set_line_width(cr, 2);
	cairo_move_to(cr, 380, 1340);
	cairo_line_to(cr, 800, 1340);
	cairo_stroke(cr);
	if (d->signature)
		signature(cr, r, 390, 1225, 400, 110);
	text(cr, 40, 0, 120, 1450, "单位盖章：");
	if (d->seal)
		seal(cr, 560, 1500, 125, d->org);
	text(cr, 26, 0, 120, 1660, "（本表一式一份，由注册机构存档）");
}

static void qr_block(cairo_t *cr, struct rng *r, double x, double y,
		     double side)
{
	int n = 25;
	double c = side / n;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++) {
			int finder = (i < 7 && j < 7) || (i < 7 && j >= n - 7) ||
				     (i >= n - 7 && j < 7);

			if (finder) {
				int a = i < 7 ? i : i - (n - 7);
				int b = j < 7 ? j : j - (n - 7);
				int ring = a == 0 || a == 6 || b == 0 || b == 6 ||
					   (a >= 2 && a <= 4 && b >= 2 && b <= 4);

				if (!ring)
					continue;
			} else if (rnd(r) & 1) {
				continue;
			}
			cairo_rectangle(cr, x + j * c, y + i * c, c, c);
		}
	cairo_fill(cr);
}

static void licence(cairo_t *cr, const struct scandoc *d, struct rng *r)
{
	static const char *const aLabel[] = { "名称", "类型", "法定代表人",
					      "住所" };
	const char *aVal[4] = { d->org, "有限责任公司", d->legal_rep,
				d->address };
	double y = 420;

	cairo_set_source_rgb(cr, 0.72, 0.52, 0.2);
	cairo_set_line_width(cr, 14);
	cairo_rectangle(cr, 30, 30, 1540, 1070);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, 0.75, 0.08, 0.08);
	text(cr, 96, 1, 800 - text_width(cr, 96, 1, "营业执照") / 2, 90,
	     "营业执照");
	ink(cr);
	{
		char z[96];

		snprintf(z, sizeof z, "统一社会信用代码 %s", nz(d->uscc));
		text(cr, 40, 0, 110, 300, z);
	}
	for (int i = 0; i < 4; i++) {
		text(cr, 40, 0, 110, y, aLabel[i]);
		text(cr, 40, 0, 360, y, aVal[i]);
		y += 110;
	}
	text(cr, 34, 0, 110, 900, "登记机关：市场监督管理局");
	qr_block(cr, r, 1290, 760, 220);
}

static void face(cairo_t *cr, double x, double y, double w, double h)
{
	cairo_save(cr);
	cairo_new_path(cr);
	cairo_set_source_rgb(cr, 0.9, 0.93, 0.97);
	cairo_rectangle(cr, x, y, w, h);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0.35, 0.35, 0.4);
	cairo_set_line_width(cr, 5);
	cairo_arc(cr, x + w / 2, y + h * 0.4, w * 0.27, 0, 2 * M_PI);
	cairo_stroke(cr);
	cairo_arc(cr, x + w * 0.4, y + h * 0.37, 6, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_arc(cr, x + w * 0.6, y + h * 0.37, 6, 0, 2 * M_PI);
	cairo_fill(cr);
	cairo_arc(cr, x + w / 2, y + h * 0.45, w * 0.1, 0.2 * M_PI, 0.8 * M_PI);
	cairo_stroke(cr);
	cairo_arc(cr, x + w / 2, y + h * 1.05, w * 0.45, M_PI, 2 * M_PI);
	cairo_stroke(cr);
	cairo_restore(cr);
}

static void id_front(cairo_t *cr, const struct scandoc *d)
{
	char z[96];

	cairo_set_source_rgb(cr, 0.93, 0.95, 0.97);
	cairo_paint(cr);
	ink(cr);
	text(cr, 34, 0, 60, 60, "姓名");
	text(cr, 44, 1, 170, 54, d->name);
	text(cr, 34, 0, 60, 140, "性别");
	text(cr, 34, 0, 170, 140, d->sex);
	text(cr, 34, 0, 300, 140, "民族  汉");
	text(cr, 34, 0, 60, 220, "出生");
	text(cr, 34, 0, 170, 220, d->birth);
	text(cr, 34, 0, 60, 300, "住址");
	text(cr, 30, 0, 170, 302, d->address);
	snprintf(z, sizeof z, "公民身份号码  %s", nz(d->id_no));
	text(cr, 40, 0, 60, 500, z);
	face(cr, 700, 70, 240, 300);
}

static void id_back(cairo_t *cr, const struct scandoc *d)
{
	cairo_set_source_rgb(cr, 0.93, 0.95, 0.97);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
	cairo_set_line_width(cr, 8);
	cairo_arc(cr, 150, 150, 80, 0, 2 * M_PI);
	cairo_stroke(cr);
	ink(cr);
	text(cr, 48, 1, 290, 90, "中华人民共和国");
	text(cr, 56, 1, 290, 170, "居民身份证");
	text(cr, 34, 0, 120, 420, "签发机关");
	text(cr, 34, 0, 300, 420, d->authority);
	text(cr, 34, 0, 120, 500, "有效期限");
	text(cr, 34, 0, 300, 500, "2020.03.15-2040.03.15");
}

static void base_size(enum scandoc_kind k, int *w, int *h)
{
	switch (k) {
	case SCANDOC_FORM: *w = 1240; *h = 1754; break;
	case SCANDOC_LICENCE: *w = 1600; *h = 1130; break;
	default: *w = 1000; *h = 630; break;
	}
}

/* Draw the document itself, white page, in base coordinates. */
static void draw_doc(cairo_t *cr, const struct scandoc *d, struct rng *r)
{
	int w, h;

	base_size(d->kind, &w, &h);
	cairo_save(cr);
	cairo_rectangle(cr, 0, 0, w, h);
	cairo_clip(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	switch (d->kind) {
	case SCANDOC_FORM: form(cr, d, r); break;
	case SCANDOC_LICENCE: licence(cr, d, r); break;
	case SCANDOC_ID_FRONT: id_front(cr, d); break;
	case SCANDOC_ID_BACK: id_back(cr, d); break;
	}
	cairo_restore(cr);
}

static void speckle(cairo_surface_t *s, struct rng *r, int pct, int amp)
{
	unsigned char *p = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);

	cairo_surface_flush(s);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint64_t v = rnd(r);
			int dlt;

			if ((int)(v % 100) >= pct)
				continue;
			dlt = (int)((v >> 8) % (uint64_t)(2 * amp + 1)) - amp;
			for (int c = 0; c < 3; c++) {
				int q = p[y * stride + x * 4 + c] + dlt;

				p[y * stride + x * 4 + c] =
					(unsigned char)(q < 0 ? 0 : q > 255 ? 255 : q);
			}
		}
	cairo_surface_mark_dirty(s);
}

static rd_status encode_jpeg(cairo_surface_t *s, int quality, int exif6,
			     char **out, size_t *n, struct rd_err *err)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	unsigned char *mem = NULL, *row;
	unsigned long size = 0;
	const unsigned char *p = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s);
	int h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);

	row = malloc((size_t)w * 3);
	if (!row)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	cairo_surface_flush(s);
	c.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&c);
	jpeg_mem_dest(&c, &mem, &size);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	jpeg_set_quality(&c, quality, TRUE);
	jpeg_start_compress(&c, TRUE);
	if (exif6) {
		/* APP1: Exif, big-endian TIFF, one IFD entry: Orientation = 6 */
		static const JOCTET aExif[] = {
			'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 0x2a, 0, 0, 0, 8,
			0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0,
			0, 0, 0, 0,
		};

		jpeg_write_marker(&c, JPEG_APP0 + 1, aExif, sizeof aExif);
	}
	while (c.next_scanline < c.image_height) {
		const unsigned char *q = p + (size_t)c.next_scanline * (size_t)stride;
		JSAMPROW rp = row;

		/* cairo's ARGB32 is native-endian: B G R A on x86 */
		for (int x = 0; x < w; x++) {
			uint32_t v;

			memcpy(&v, q + x * 4, 4);
			row[x * 3] = (unsigned char)(v >> 16);
			row[x * 3 + 1] = (unsigned char)(v >> 8);
			row[x * 3 + 2] = (unsigned char)v;
		}
		jpeg_write_scanlines(&c, &rp, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	free(row);
	*out = (char *)mem;
	*n = size;
	return RD_OK;
}

rd_status scandoc_render(const struct scandoc *d, char **out, size_t *n,
			 struct rd_err *err)
{
	struct rng r = { d->seed };
	cairo_surface_t *s = NULL;
	cairo_t *cr;
	int w, h, quality = 88;
	double k = 1.0;
	rd_status rc;

	*out = NULL;
	*n = 0;
	base_size(d->kind, &w, &h);
	if (d->look == SCANDOC_LOWRES)
		k = d->kind == SCANDOC_FORM ? 0.7 : 0.6;
	if (d->look == SCANDOC_ANGLE) {
		int cw = (int)(w * 1.15), ch = (int)(h * 1.15);
		double a = (2.5 + 2.5 * rndf(&r)) * (rnd(&r) & 1 ? 1 : -1) *
			   M_PI / 180;

		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, cw, ch);
		cr = cairo_create(s);
		cairo_set_source_rgb(cr, 0.45, 0.38, 0.3);  /* the desk */
		cairo_paint(cr);
		cairo_translate(cr, cw / 2.0, ch / 2.0);
		cairo_rotate(cr, a);
		cairo_translate(cr, -w / 2.0, -h / 2.0);
		cairo_set_source_rgba(cr, 0, 0, 0, 0.35);
		cairo_rectangle(cr, 12, 14, w, h);
		cairo_fill(cr);
		draw_doc(cr, d, &r);
		quality = 80;
	} else if (d->look == SCANDOC_UNREADABLE) {
		/* a tiny, dark shot blown up: shapes, no letters */
		cairo_surface_t *tiny = cairo_image_surface_create(
			CAIRO_FORMAT_RGB24, w / 12, h / 12);
		cairo_pattern_t *pat;

		cr = cairo_create(tiny);
		cairo_scale(cr, 1.0 / 12, 1.0 / 12);
		draw_doc(cr, d, &r);
		cairo_destroy(cr);
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w / 2, h / 2);
		cr = cairo_create(s);
		cairo_scale(cr, 6, 6);
		pat = cairo_pattern_create_for_surface(tiny);
		cairo_pattern_set_filter(pat, CAIRO_FILTER_BILINEAR);
		cairo_set_source(cr, pat);
		cairo_paint(cr);
		cairo_pattern_destroy(pat);
		cairo_surface_destroy(tiny);
		cairo_identity_matrix(cr);
		cairo_set_source_rgba(cr, 0.05, 0.04, 0.02, 0.72);
		cairo_paint(cr);
		quality = 50;
	} else if (d->look == SCANDOC_SIDEWAYS) {
		/* stored turned a quarter counter-clockwise; the viewer and
		 * the reader turn it back by the EXIF orientation */
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, h, w);
		cr = cairo_create(s);
		cairo_translate(cr, 0, w);
		cairo_rotate(cr, -M_PI / 2);
		draw_doc(cr, d, &r);
	} else {
		s = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
					       (int)(w * k), (int)(h * k));
		cr = cairo_create(s);
		cairo_scale(cr, k, k);
		draw_doc(cr, d, &r);
		if (d->look == SCANDOC_NOISY)
			quality = 40;
	}
	cairo_destroy(cr);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		rc = rd_err_set(err, RD_ERR_INTERNAL, _("cannot draw a scan: %s"),
				cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return rc;
	}
	if (d->look == SCANDOC_NOISY)
		speckle(s, &r, 6, 70);
	if (d->look == SCANDOC_ANGLE || d->look == SCANDOC_UNREADABLE)
		speckle(s, &r, 3, 25);
	rc = encode_jpeg(s, quality, d->look == SCANDOC_SIDEWAYS, out, n, err);
	cairo_surface_destroy(s);
	return rc;
}

void scandoc_shutdown(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

const char *scandoc_file_name(enum scandoc_kind kind)
{
	switch (kind) {
	case SCANDOC_FORM: return "form.jpg";
	case SCANDOC_LICENCE: return "license.jpg";
	case SCANDOC_ID_FRONT: return "id-front.jpg";
	case SCANDOC_ID_BACK: return "id-back.jpg";
	}
	return "scan.jpg";
}

const char *scandoc_role(enum scandoc_kind kind)
{
	switch (kind) {
	case SCANDOC_FORM: return "application_form";
	case SCANDOC_LICENCE: return "business_license";
	case SCANDOC_ID_FRONT: return "id_front";
	case SCANDOC_ID_BACK: return "id_back";
	}
	return "other";
}
