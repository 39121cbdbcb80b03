/*
 * img_decode.c — content-sniffed, size-capped decoding of scans.
 *
 * Each format has a probe step (header only) and a decode step; the cap is
 * enforced between the two, before rd_image_new(). libjpeg and libpng
 * report errors by longjmp: the function that calls setjmp() keeps no
 * state of its own that changes afterwards — everything lives in a context
 * struct owned by its caller, which cleans up on both paths.
 */
#include "img_decode.h"

#include "core/i18n.h"

#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

/* ------------------------------------------------------------ common */

enum rd_img_type rd_img_sniff(const void *data, size_t n)
{
	const uint8_t *p = data;

	if (!p)
		return RD_IMG_UNKNOWN;
	if (n >= 3 && p[0] == 0xFF && p[1] == 0xD8 && p[2] == 0xFF)
		return RD_IMG_JPEG;
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return RD_IMG_PNG;
	if (n >= 6 && (memcmp(p, "GIF87a", 6) == 0 || memcmp(p, "GIF89a", 6) == 0))
		return RD_IMG_GIF;
	if (n >= 2 && p[0] == 'B' && p[1] == 'M')
		return RD_IMG_BMP;
	return RD_IMG_UNKNOWN;
}

const char *rd_img_type_name(enum rd_img_type type)
{
	switch (type) {
	case RD_IMG_JPEG: return "JPEG";
	case RD_IMG_PNG: return "PNG";
	case RD_IMG_GIF: return "GIF";
	case RD_IMG_BMP: return "BMP";
	case RD_IMG_UNKNOWN: break;
	}
	return "unknown";
}

rd_status rd_image_new(int width, int height, struct rd_image **out)
{
	struct rd_image *img;

	*out = NULL;
	if (width < 1 || height < 1 || width > RD_IMG_MAX_SIDE ||
	    height > RD_IMG_MAX_SIDE)
		return RD_ERR_LIMIT;
	img = calloc(1, sizeof *img);
	if (!img)
		return RD_ERR_NOMEM;
	img->rgba = calloc((size_t)width * (size_t)height, 4);
	if (!img->rgba) {
		free(img);
		return RD_ERR_NOMEM;
	}
	img->width = width;
	img->height = height;
	*out = img;
	return RD_OK;
}

void rd_image_free(struct rd_image **pp)
{
	if (!pp || !*pp)
		return;
	free((*pp)->rgba);
	free(*pp);
	*pp = NULL;
}

/* Milliseconds elapsed since *t0 (monotonic). */
static int64_t elapsed_ms(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - t0->tv_sec) * 1000 +
	       (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/* How a decode runs: the display path (first GIF frame, DCT scaling,
 * lenient about what follows the image) or the ingest check (strict). */
struct dopt {
	int strict;          /* every frame, every byte, nothing after the end */
	int deadline_ms;
};

static const struct dopt view_opt = { 0, RD_IMG_DECODE_DEADLINE_MS };

static rd_status trailing_error(enum rd_img_type type, size_t nExtra,
				struct rd_err *err)
{
	return rd_err_set(err, RD_ERR_CORRUPT,
			  _("the %s image carries %zu bytes of other data after "
			    "its end; a file with something hidden behind the "
			    "picture is refused"),
			  rd_img_type_name(type), nExtra);
}

static rd_status deadline_error_ms(enum rd_img_type type, int ms,
				   struct rd_err *err)
{
	return rd_err_set(err, RD_ERR_LIMIT,
			  _("decoding the %s image took longer than %d ms and "
			    "was stopped; the file is probably hostile"),
			  rd_img_type_name(type), ms);
}

static rd_status deadline_error(enum rd_img_type type, struct rd_err *err)
{
	return rd_err_set(err, RD_ERR_LIMIT,
			  _("decoding the %s image took longer than %d seconds "
			    "and was stopped; the file is probably hostile — "
			    "check it outside the console"),
			  rd_img_type_name(type), RD_IMG_DECODE_DEADLINE_MS / 1000);
}

/* The cap, applied to header dimensions before anything is allocated. */
static rd_status check_dims(enum rd_img_type type, int64_t w, int64_t h,
			    int64_t max_pixels, struct rd_err *err)
{
	if (w < 1 || h < 1)
		return rd_err_set(err, RD_ERR_CORRUPT,
				  _("the %s header claims an empty image "
				    "(%lld x %lld pixels); the file is corrupt — "
				    "ask the applicant to upload it again"),
				  rd_img_type_name(type), (long long)w, (long long)h);
	if (w > RD_IMG_MAX_SIDE || h > RD_IMG_MAX_SIDE || w * h > max_pixels)
		return rd_err_set(err, RD_ERR_LIMIT,
				  _("the %s image claims %lld x %lld pixels, more "
				    "than the %lld allowed ([viewer] max_pixels); it "
				    "was not decoded"),
				  rd_img_type_name(type), (long long)w, (long long)h,
				  (long long)max_pixels);
	return RD_OK;
}

static rd_status corrupt(enum rd_img_type type, const char *zWhy,
			 struct rd_err *err)
{
	return rd_err_set(err, RD_ERR_CORRUPT,
			  _("the %s image is corrupt or truncated (%s); ask the "
			    "applicant to upload it again"),
			  rd_img_type_name(type), zWhy);
}

/* ------------------------------------------------------- orientation */

/*
 * Map a destination pixel back to its source for EXIF orientation o
 * (the transform that makes the stored image display upright).
 */
static void orient_src(int o, int w, int h, int dx, int dy, int *sx, int *sy)
{
	switch (o) {
	case 2: *sx = w - 1 - dx; *sy = dy; break;
	case 3: *sx = w - 1 - dx; *sy = h - 1 - dy; break;
	case 4: *sx = dx; *sy = h - 1 - dy; break;
	case 5: *sx = dy; *sy = dx; break;
	case 6: *sx = dy; *sy = h - 1 - dx; break;
	case 7: *sx = w - 1 - dy; *sy = h - 1 - dx; break;
	case 8: *sx = w - 1 - dy; *sy = dx; break;
	default: *sx = dx; *sy = dy; break;
	}
}

rd_status rd_image_orient(struct rd_image *img, int orientation)
{
	int w, h, dw, dh;
	uint32_t *dst;
	const uint32_t *src;

	if (!img || orientation < 2 || orientation > 8)
		return RD_OK;
	w = img->width;
	h = img->height;
	dw = orientation >= 5 ? h : w;
	dh = orientation >= 5 ? w : h;
	dst = malloc((size_t)w * (size_t)h * 4);
	if (!dst)
		return RD_ERR_NOMEM;
	src = (const uint32_t *)(void *)img->rgba;
	for (int y = 0; y < dh; y++) {
		for (int x = 0; x < dw; x++) {
			int sx, sy;

			orient_src(orientation, w, h, x, y, &sx, &sy);
			dst[(size_t)y * dw + x] = src[(size_t)sy * w + sx];
		}
	}
	free(img->rgba);
	img->rgba = (uint8_t *)dst;
	img->width = dw;
	img->height = dh;
	return RD_OK;
}

rd_status rd_image_rotate90(struct rd_image *img, int quarter_turns)
{
	static const int orient_for_turns[4] = { 1, 6, 3, 8 };
	int q = ((quarter_turns % 4) + 4) % 4;

	return rd_image_orient(img, orient_for_turns[q]);
}

static unsigned rd16(const uint8_t *p, int le)
{
	return le ? (unsigned)p[0] | (unsigned)p[1] << 8
		  : (unsigned)p[1] | (unsigned)p[0] << 8;
}

static uint32_t rd32(const uint8_t *p, int le)
{
	return le ? (uint32_t)p[0] | (uint32_t)p[1] << 8 |
			    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24
		  : (uint32_t)p[3] | (uint32_t)p[2] << 8 |
			    (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
}

int rd_img_exif_orientation(const uint8_t *p, size_t n)
{
	const uint8_t *t;
	size_t tn;
	uint64_t ifd;
	unsigned cnt;
	int le;

	if (!p || n < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0)
		return 1;
	t = p + 6;
	tn = n - 6;
	if (t[0] == 'I' && t[1] == 'I')
		le = 1;
	else if (t[0] == 'M' && t[1] == 'M')
		le = 0;
	else
		return 1;
	if (rd16(t + 2, le) != 42)
		return 1;
	ifd = rd32(t + 4, le);
	if (ifd + 2 > tn)
		return 1;
	cnt = rd16(t + ifd, le);
	for (unsigned i = 0; i < cnt; i++) {
		uint64_t e = ifd + 2 + 12 * (uint64_t)i;
		unsigned v;

		if (e + 12 > tn)
			break;
		if (rd16(t + e, le) != 0x0112)
			continue;
		/* SHORT, count 1, value left-justified in the offset field */
		if (rd16(t + e + 2, le) != 3 || rd32(t + e + 4, le) != 1)
			return 1;
		v = rd16(t + e + 8, le);
		return v >= 1 && v <= 8 ? (int)v : 1;
	}
	return 1;
}

/* -------------------------------------------------------------- JPEG */

struct jpeg_ctx {
	struct jpeg_error_mgr pub; /* first: cinfo->err points here */
	jmp_buf jb;
	struct jpeg_progress_mgr progress;
	struct jpeg_decompress_struct cinfo;
	int created;
	rd_status code;            /* RD_ERR_LIMIT from the progress monitor */
	char msg[JMSG_LENGTH_MAX];
	struct timespec t0;
	int box_w, box_h;          /* rd_image_decode_fit's box, or 0 */
	const struct dopt *o;
	struct rd_image *img;
};

static void jpeg_on_error(j_common_ptr cinfo)
{
	struct jpeg_ctx *c = (struct jpeg_ctx *)(void *)cinfo->err;

	(*cinfo->err->format_message)(cinfo, c->msg);
	longjmp(c->jb, 1);
}

/* Warnings are silent, except a premature end of data: libjpeg would fill
 * the rest with grey and call it a success, we call it truncated. */
static void jpeg_on_message(j_common_ptr cinfo, int level)
{
	struct jpeg_ctx *c = (struct jpeg_ctx *)(void *)cinfo->err;

	if (level == -1) {
		int code = cinfo->err->msg_code;

		cinfo->err->num_warnings++;
		/* strict: every warning that means damaged or padded data */
		if (code == JWRN_JPEG_EOF ||
		    (c->o->strict &&
		     (code == JWRN_EXTRANEOUS_DATA || code == JWRN_HIT_MARKER ||
		      code == JWRN_MUST_RESYNC || code == JWRN_NOT_SEQUENTIAL ||
		      code == JWRN_BOGUS_PROGRESSION ||
		      code == JWRN_HUFF_BAD_CODE ||
		      code == JWRN_ARITH_BAD_CODE ||
		      code == JWRN_TOO_MUCH_DATA))) {
			(*cinfo->err->format_message)(cinfo, c->msg);
			longjmp(c->jb, 1);
		}
	}
}

static void jpeg_on_progress(j_common_ptr cinfo)
{
	struct jpeg_ctx *c = (struct jpeg_ctx *)(void *)cinfo->err;

	if (cinfo->is_decompressor &&
	    ((j_decompress_ptr)cinfo)->input_scan_number > RD_IMG_MAX_JPEG_SCANS) {
		c->code = RD_ERR_LIMIT;
		snprintf(c->msg, sizeof c->msg, "more than %d scans",
			 RD_IMG_MAX_JPEG_SCANS);
		longjmp(c->jb, 1);
	}
	if (elapsed_ms(&c->t0) > c->o->deadline_ms) {
		c->code = RD_ERR_LIMIT;
		snprintf(c->msg, sizeof c->msg, "deadline");
		longjmp(c->jb, 1);
	}
}

static int jpeg_orientation(j_decompress_ptr cinfo)
{
	for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
		if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 &&
		    memcmp(m->data, "Exif\0\0", 6) == 0)
			return rd_img_exif_orientation(m->data, m->data_length);
	}
	return 1;
}

/* Adobe CMYK/YCCK JPEGs come out as (usually inverted) CMYK; libjpeg
 * cannot convert them to RGB itself. */
static void cmyk_to_rgba(uint8_t *p, size_t npx, int inverted)
{
	for (size_t i = 0; i < npx; i++, p += 4) {
		unsigned c = p[0], m = p[1], y = p[2], k = p[3];

		if (!inverted) {
			c = 255 - c; m = 255 - m; y = 255 - y; k = 255 - k;
		}
		p[0] = (uint8_t)(c * k / 255);
		p[1] = (uint8_t)(m * k / 255);
		p[2] = (uint8_t)(y * k / 255);
		p[3] = 255;
	}
}

/* Calls setjmp; keeps every changing value in *c. */
static rd_status jpeg_run(struct jpeg_ctx *c, const uint8_t *data, size_t n,
			  int64_t max_pixels, struct rd_img_info *info,
			  int header_only, struct rd_err *err)
{
	struct jpeg_decompress_struct *ci = &c->cinfo;
	unsigned denom;
	rd_status rc;

	if (setjmp(c->jb))
		return RD_ERR_CORRUPT;
	ci->err = jpeg_std_error(&c->pub);
	c->pub.error_exit = jpeg_on_error;
	c->pub.emit_message = jpeg_on_message;
	jpeg_create_decompress(ci);
	c->created = 1;
	c->progress.progress_monitor = jpeg_on_progress;
	ci->progress = &c->progress;
	/* libjpeg's own working memory (the whole coefficient buffer of a
	 * progressive file) is bounded too; beyond it jmemnobs errors out. */
	ci->mem->max_memory_to_use =
		(long)(max_pixels > (LONG_MAX - (64L << 20)) / 8
			       ? LONG_MAX : max_pixels * 8 + (64L << 20));
	jpeg_mem_src(ci, data, (unsigned long)n);
	jpeg_save_markers(ci, JPEG_APP0 + 1, 0xFFFF);
	if (jpeg_read_header(ci, TRUE) != JPEG_HEADER_OK)
		return RD_ERR_CORRUPT;
	info->width = (int)(ci->image_width > INT_MAX ? INT_MAX : ci->image_width);
	info->height = (int)(ci->image_height > INT_MAX ? INT_MAX : ci->image_height);
	info->orientation = jpeg_orientation(ci);
	rc = check_dims(RD_IMG_JPEG, ci->image_width, ci->image_height,
			max_pixels, err);
	if (rc != RD_OK || header_only)
		return rc;
	/* DCT scaling: libjpeg computes only the low frequencies of each
	 * block, so 1/8 is several times faster than a full decode. */
	denom = (unsigned)rd_img_fit_denom(info, c->box_w, c->box_h);
	ci->scale_num = 1;
	ci->scale_denom = denom;
	info->scale_denom = (int)denom;
	if (ci->jpeg_color_space == JCS_CMYK || ci->jpeg_color_space == JCS_YCCK)
		ci->out_color_space = JCS_CMYK;
	else
		ci->out_color_space = JCS_EXT_RGBA;
	ci->dct_method = JDCT_ISLOW;
	jpeg_start_decompress(ci);
	if (ci->output_width != (ci->image_width + denom - 1) / denom ||
	    ci->output_height != (ci->image_height + denom - 1) / denom ||
	    ci->output_components != 4)
		return RD_ERR_CORRUPT;
	rc = rd_image_new((int)ci->output_width, (int)ci->output_height, &c->img);
	if (rc != RD_OK)
		return rc;
	while (ci->output_scanline < ci->output_height) {
		JSAMPROW row = c->img->rgba +
			       (size_t)ci->output_scanline * ci->output_width * 4;

		if (jpeg_read_scanlines(ci, &row, 1) != 1)
			return RD_ERR_CORRUPT;
	}
	if (ci->out_color_space == JCS_CMYK)
		cmyk_to_rgba(c->img->rgba,
			     (size_t)c->img->width * (size_t)c->img->height,
			     ci->saw_Adobe_marker);
	jpeg_finish_decompress(ci);
	if (c->o->strict && ci->src->bytes_in_buffer > 0) {
		c->code = RD_ERR_CORRUPT;
		snprintf(c->msg, sizeof c->msg, "trailing:%zu",
			 (size_t)ci->src->bytes_in_buffer);
		return RD_ERR_CORRUPT;
	}
	return RD_OK;
}

static rd_status jpeg_decode(const uint8_t *data, size_t n, int64_t max_pixels,
			     int box_w, int box_h, struct rd_image **out,
			     struct rd_img_info *info, const struct dopt *o,
			     struct rd_err *err)
{
	struct jpeg_ctx *c;
	rd_status rc;

	c = calloc(1, sizeof *c);
	if (!c)
		return RD_ERR_NOMEM;
	c->box_w = box_w;
	c->box_h = box_h;
	c->o = o;
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	rc = jpeg_run(c, data, n, max_pixels, info, out == NULL, err);
	if (rc == RD_ERR_CORRUPT || (rc == RD_OK && c->code != RD_OK)) {
		if (c->code == RD_ERR_CORRUPT && !strncmp(c->msg, "trailing:", 9))
			rc = trailing_error(RD_IMG_JPEG,
					    (size_t)strtoull(c->msg + 9, NULL, 10),
					    err);
		else if (c->code == RD_ERR_LIMIT && strcmp(c->msg, "deadline") == 0)
			rc = o->strict ? deadline_error_ms(RD_IMG_JPEG,
							   o->deadline_ms, err)
				       : deadline_error(RD_IMG_JPEG, err);
		else if (c->code == RD_ERR_LIMIT)
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("the JPEG image has %s and was not "
					  "decoded; the file is probably hostile"),
					c->msg);
		else
			rc = corrupt(RD_IMG_JPEG, c->msg[0] ? c->msg : "?", err);
	} else if (rc == RD_ERR_NOMEM) {
		rd_err_set(err, rc, _("out of memory decoding the JPEG image"));
	}
	if (c->created)
		jpeg_destroy_decompress(&c->cinfo);
	if (rc == RD_OK && out) {
		*out = c->img;
		c->img = NULL;
	}
	rd_image_free(&c->img);
	free(c);
	return rc;
}

/* --------------------------------------------------------------- PNG */

struct png_ctx {
	const uint8_t *data;
	size_t n, pos;
	png_structp png;
	png_infop pinfo;
	rd_status code;
	char msg[256];
	struct timespec t0;
	const struct dopt *o;
	struct rd_image *img;
	png_bytep *rows;
};

static void png_on_error(png_structp png, png_const_charp msg)
{
	struct png_ctx *c = png_get_error_ptr(png);

	snprintf(c->msg, sizeof c->msg, "%s", msg ? msg : "?");
	png_longjmp(png, 1);
}

static void png_on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg;
}

static void png_on_read(png_structp png, png_bytep out, size_t len)
{
	struct png_ctx *c = png_get_io_ptr(png);

	if (len > c->n - c->pos)
		png_error(png, "unexpected end of file");
	memcpy(out, c->data + c->pos, len);
	c->pos += len;
}

static rd_status png_run(struct png_ctx *c, int64_t max_pixels,
			 struct rd_img_info *info, int header_only,
			 struct rd_err *err)
{
	png_uint_32 w, h;
	int npass;
	rd_status rc;

	if (setjmp(png_jmpbuf(c->png)))
		return RD_ERR_CORRUPT;
	png_set_read_fn(c->png, c, png_on_read);
	/* libpng's own side limit (default 1e6) would report a bomb as a
	 * corrupt file; lift it to the format's maximum and let check_dims()
	 * refuse it with the cap's message. */
	png_set_user_limits(c->png, PNG_UINT_31_MAX, PNG_UINT_31_MAX);
	png_set_chunk_cache_max(c->png, 1000);
	png_set_chunk_malloc_max(c->png, RD_IMG_MAX_CHUNK_BYTES);
	if (c->o->strict)
		png_set_crc_action(c->png, PNG_CRC_ERROR_QUIT,
				   PNG_CRC_ERROR_QUIT);
	png_read_info(c->png, c->pinfo);
	w = png_get_image_width(c->png, c->pinfo);
	h = png_get_image_height(c->png, c->pinfo);
	info->width = (int)w;
	info->height = (int)h;
	info->has_alpha =
		(png_get_color_type(c->png, c->pinfo) & PNG_COLOR_MASK_ALPHA) ||
		png_get_valid(c->png, c->pinfo, PNG_INFO_tRNS);
	rc = check_dims(RD_IMG_PNG, w, h, max_pixels, err);
	if (rc != RD_OK || header_only)
		return rc;
	png_set_expand(c->png);
	png_set_strip_16(c->png);
	png_set_gray_to_rgb(c->png);
	png_set_add_alpha(c->png, 0xff, PNG_FILLER_AFTER);
	npass = png_set_interlace_handling(c->png);
	png_read_update_info(c->png, c->pinfo);
	if (png_get_rowbytes(c->png, c->pinfo) != (size_t)w * 4)
		return RD_ERR_CORRUPT;
	rc = rd_image_new((int)w, (int)h, &c->img);
	if (rc != RD_OK)
		return rc;
	for (int pass = 0; pass < npass; pass++) {
		for (png_uint_32 y = 0; y < h; y++) {
			if ((y & 63) == 0 &&
			    elapsed_ms(&c->t0) > c->o->deadline_ms) {
				c->code = RD_ERR_LIMIT;
				return RD_ERR_LIMIT;
			}
			png_read_row(c->png, c->img->rgba + (size_t)y * w * 4,
				     NULL);
		}
	}
	png_read_end(c->png, NULL);
	if (c->o->strict && c->pos != c->n) {
		c->code = RD_ERR_CORRUPT;
		return RD_ERR_CORRUPT;
	}
	return RD_OK;
}

static rd_status png_decode(const uint8_t *data, size_t n, int64_t max_pixels,
			    struct rd_image **out, struct rd_img_info *info,
			    const struct dopt *o, struct rd_err *err)
{
	struct png_ctx *c;
	rd_status rc;

	c = calloc(1, sizeof *c);
	if (!c)
		return RD_ERR_NOMEM;
	c->data = data;
	c->n = n;
	c->o = o;
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	c->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, c, png_on_error,
					png_on_warning);
	if (c->png)
		c->pinfo = png_create_info_struct(c->png);
	if (!c->png || !c->pinfo) {
		rc = rd_err_set(err, RD_ERR_NOMEM,
				_("out of memory decoding the PNG image"));
		goto done;
	}
	rc = png_run(c, max_pixels, info, out == NULL, err);
	if (c->code == RD_ERR_CORRUPT)
		rc = trailing_error(RD_IMG_PNG, c->n - c->pos, err);
	else if (c->code == RD_ERR_LIMIT)
		rc = o->strict ? deadline_error_ms(RD_IMG_PNG, o->deadline_ms, err)
			       : deadline_error(RD_IMG_PNG, err);
	else if (rc == RD_ERR_CORRUPT)
		rc = corrupt(RD_IMG_PNG, c->msg[0] ? c->msg : "?", err);
	else if (rc == RD_ERR_NOMEM)
		rd_err_set(err, rc, _("out of memory decoding the PNG image"));
	if (rc == RD_OK && out) {
		*out = c->img;
		c->img = NULL;
	}
done:
	if (c->png)
		png_destroy_read_struct(&c->png, c->pinfo ? &c->pinfo : NULL, NULL);
	rd_image_free(&c->img);
	free(c);
	return rc;
}

/* --------------------------------------------------------------- GIF */

struct gif_src {
	const uint8_t *p;
	size_t n, pos;
};

static int gif_on_read(GifFileType *g, GifByteType *buf, int len)
{
	struct gif_src *s = g->UserData;
	size_t k;

	if (len <= 0)
		return 0;
	k = s->n - s->pos;
	if (k > (size_t)len)
		k = (size_t)len;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return (int)k;
}

/* Decode the frame just described in g->Image onto img (the logical
 * screen). The caller checked that the frame lies inside the screen. */
static rd_status gif_frame(GifFileType *g, struct rd_image *img,
			   int transparent, const struct timespec *t0,
			   const struct dopt *o, struct rd_err *err)
{
	static const int off[4] = { 0, 4, 2, 1 }, step[4] = { 8, 8, 4, 2 };
	const GifImageDesc *d = &g->Image;
	const ColorMapObject *cmap = d->ColorMap ? d->ColorMap : g->SColorMap;
	GifPixelType *line;
	int npass = d->Interlace ? 4 : 1;
	rd_status rc = RD_OK;

	if (!cmap || !cmap->Colors || cmap->ColorCount < 1)
		return corrupt(RD_IMG_GIF, "no colour map", err);
	line = malloc((size_t)d->Width);
	if (!line)
		return RD_ERR_NOMEM;
	for (int pass = 0; pass < npass && rc == RD_OK; pass++) {
		int y0 = d->Interlace ? off[pass] : 0;
		int dy = d->Interlace ? step[pass] : 1;

		for (int y = y0; y < d->Height; y += dy) {
			uint8_t *px;

			if ((y & 63) == 0 &&
			    elapsed_ms(t0) > o->deadline_ms) {
				rc = o->strict ? deadline_error_ms(RD_IMG_GIF,
								   o->deadline_ms,
								   err)
					       : deadline_error(RD_IMG_GIF, err);
				break;
			}
			if (DGifGetLine(g, line, d->Width) != GIF_OK) {
				rc = corrupt(RD_IMG_GIF,
					     GifErrorString(g->Error), err);
				break;
			}
			px = img->rgba +
			     ((size_t)(d->Top + y) * img->width + d->Left) * 4;
			for (int x = 0; x < d->Width; x++, px += 4) {
				const GifColorType *col;

				if (line[x] == transparent)
					continue;
				if (line[x] >= cmap->ColorCount) {
					rc = corrupt(RD_IMG_GIF,
						     "colour index out of range",
						     err);
					break;
				}
				col = &cmap->Colors[line[x]];
				px[0] = col->Red;
				px[1] = col->Green;
				px[2] = col->Blue;
				px[3] = 255;
			}
			if (rc != RD_OK)
				break;
		}
	}
	free(line);
	return rc;
}

static rd_status gif_decode(const uint8_t *data, size_t n, int64_t max_pixels,
			    struct rd_image **out, struct rd_img_info *info,
			    const struct dopt *o, struct rd_err *err)
{
	struct gif_src src = { data, n, 0 };
	struct timespec t0;
	struct rd_image *img = NULL;
	GifFileType *g;
	int gerr = 0, transparent = -1, done = 0, nFrame = 0;
	rd_status rc = RD_OK;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	g = DGifOpen(&src, gif_on_read, &gerr);
	if (!g)
		return corrupt(RD_IMG_GIF, GifErrorString(gerr), err);
	info->width = g->SWidth;
	info->height = g->SHeight;
	rc = check_dims(RD_IMG_GIF, g->SWidth, g->SHeight, max_pixels, err);
	if (rc != RD_OK || !out)
		goto cleanup;
	rc = rd_image_new(g->SWidth, g->SHeight, &img);
	if (rc != RD_OK)
		goto cleanup;
	/* First frame only: later frames of an animation are not evidence,
	 * and decoding them all would multiply the work by the frame count. */
	while (rc == RD_OK && !done) {
		GifRecordType rt;
		GifByteType *ext;
		int code;

		if (DGifGetRecordType(g, &rt) != GIF_OK) {
			rc = corrupt(RD_IMG_GIF, GifErrorString(g->Error), err);
			break;
		}
		switch (rt) {
		case EXTENSION_RECORD_TYPE:
			if (DGifGetExtension(g, &code, &ext) != GIF_OK) {
				rc = corrupt(RD_IMG_GIF, GifErrorString(g->Error), err);
				break;
			}
			/* ext[0] is the block length; GCE: flags, delay(2), index */
			if (code == GRAPHICS_EXT_FUNC_CODE && ext && ext[0] >= 4 &&
			    (ext[1] & 1)) {
				transparent = ext[4];
				info->has_alpha = 1;
			}
			while (ext) {
				if (DGifGetExtensionNext(g, &ext) != GIF_OK) {
					rc = corrupt(RD_IMG_GIF,
						     GifErrorString(g->Error), err);
					break;
				}
			}
			break;
		case IMAGE_DESC_RECORD_TYPE:
			if (DGifGetImageDesc(g) != GIF_OK) {
				rc = corrupt(RD_IMG_GIF, GifErrorString(g->Error), err);
				break;
			}
			if (g->Image.Left < 0 || g->Image.Top < 0 ||
			    g->Image.Width < 1 || g->Image.Height < 1 ||
			    g->Image.Width > g->SWidth - g->Image.Left ||
			    g->Image.Height > g->SHeight - g->Image.Top) {
				rc = corrupt(RD_IMG_GIF,
					     "frame outside the logical screen", err);
				break;
			}
			rc = gif_frame(g, img, transparent, &t0, o, err);
			nFrame++;
			/* strict: every frame, up to the trailer */
			done = !o->strict;
			transparent = -1;
			break;
		case TERMINATE_RECORD_TYPE:
			if (!nFrame)
				rc = corrupt(RD_IMG_GIF, "no image in the file",
					     err);
			else if (src.pos != n)
				rc = trailing_error(RD_IMG_GIF, n - src.pos, err);
			done = 1;
			break;
		default:
			rc = corrupt(RD_IMG_GIF, "unknown record", err);
			break;
		}
	}
	if (rc == RD_OK) {
		*out = img;
		img = NULL;
	}
cleanup:
	DGifCloseFile(g, &gerr);
	rd_image_free(&img);
	return rc;
}

/* --------------------------------------------------------------- BMP */

struct bmp_hdr {
	uint32_t off_bits, hdr_size, compression, clr_used;
	int32_t width, height;
	unsigned planes, bpp;
	uint32_t mask[4];          /* R, G, B, A for BI_BITFIELDS */
	int top_down;
	uint64_t stride, palette_off, ncolors;   /* stride: set after the cap */
};

#define BMP_FILE_HDR 14
#define BI_RGB 0
#define BI_BITFIELDS 3

static rd_status bmp_header(const uint8_t *p, size_t n, struct bmp_hdr *b,
			    struct rd_err *err)
{
	uint64_t after_hdr;

	memset(b, 0, sizeof *b);
	if (n < BMP_FILE_HDR + 4)
		return corrupt(RD_IMG_BMP, "file header cut short", err);
	b->off_bits = rd32(p + 10, 1);
	b->hdr_size = rd32(p + 14, 1);
	if (b->hdr_size != 40 && b->hdr_size != 52 && b->hdr_size != 56 &&
	    b->hdr_size != 108 && b->hdr_size != 124)
		return rd_err_set(err, RD_ERR_UNSUPPORTED,
				  _("the BMP image has a %u-byte info header, "
				    "which is not supported; ask for a JPEG or "
				    "PNG"), (unsigned)b->hdr_size);
	if ((uint64_t)BMP_FILE_HDR + b->hdr_size > n)
		return corrupt(RD_IMG_BMP, "info header cut short", err);
	b->width = (int32_t)rd32(p + 18, 1);
	b->height = (int32_t)rd32(p + 22, 1);
	b->planes = rd16(p + 26, 1);
	b->bpp = rd16(p + 28, 1);
	b->compression = rd32(p + 30, 1);
	b->clr_used = rd32(p + 46, 1);
	if (b->height == INT32_MIN)
		return corrupt(RD_IMG_BMP, "height out of range", err);
	if (b->height < 0) {
		b->top_down = 1;
		b->height = -b->height;
	}
	if (b->planes != 1)
		return corrupt(RD_IMG_BMP, "planes is not 1", err);
	after_hdr = (uint64_t)BMP_FILE_HDR + b->hdr_size;
	if (b->bpp == 32 && b->compression == BI_BITFIELDS) {
		/* masks inside a V2+ header, or right after a 40-byte one */
		const uint8_t *m = p + BMP_FILE_HDR + 40;

		if (b->hdr_size == 40) {
			if (after_hdr + 12 > n)
				return corrupt(RD_IMG_BMP, "masks cut short", err);
			after_hdr += 12;
		}
		for (int i = 0; i < 3; i++)
			b->mask[i] = rd32(m + 4 * i, 1);
		b->mask[3] = b->hdr_size >= 56 ? rd32(m + 12, 1) : 0;
		for (int i = 0; i < 3; i++)
			if (!b->mask[i])
				return corrupt(RD_IMG_BMP, "empty colour mask", err);
	} else if (b->bpp == 32 || b->bpp == 24) {
		if (b->compression != BI_RGB)
			goto unsupported;
		b->mask[0] = 0x00ff0000;
		b->mask[1] = 0x0000ff00;
		b->mask[2] = 0x000000ff;
	} else if (b->bpp == 8) {
		if (b->compression != BI_RGB)
			goto unsupported;
		b->ncolors = b->clr_used ? b->clr_used : 256;
		if (b->ncolors > 256)
			return corrupt(RD_IMG_BMP, "palette larger than 256", err);
		b->palette_off = after_hdr;
		after_hdr += 4 * b->ncolors;
		if (after_hdr > n)
			return corrupt(RD_IMG_BMP, "palette cut short", err);
	} else {
		goto unsupported;
	}
	if (b->off_bits < after_hdr)
		return corrupt(RD_IMG_BMP, "pixel data overlaps the headers", err);
	return RD_OK;
unsupported:
	return rd_err_set(err, RD_ERR_UNSUPPORTED,
			  _("the BMP image uses %u bits a pixel with "
			    "compression %u, which is not supported; ask for a "
			    "JPEG or PNG"), b->bpp, (unsigned)b->compression);
}

/* Extract a channel with a contiguous mask and scale it to 0..255. */
static uint8_t mask_channel(uint32_t v, uint32_t mask)
{
	unsigned shift = 0, bits = 0;
	uint32_t x;

	if (!mask)
		return 255;
	while (!((mask >> shift) & 1))
		shift++;
	while (shift + bits < 32 && ((mask >> (shift + bits)) & 1))
		bits++;
	x = (v & mask) >> shift;
	if (bits >= 8)
		return (uint8_t)(x >> (bits - 8));
	return (uint8_t)(x * 255 / ((1u << bits) - 1));
}

static rd_status bmp_decode(const uint8_t *p, size_t n, int64_t max_pixels,
			    struct rd_image **out, struct rd_img_info *info,
			    const struct dopt *o, struct rd_err *err)
{
	struct bmp_hdr b;
	struct rd_image *img = NULL;
	rd_status rc;

	rc = bmp_header(p, n, &b, err);
	if (rc != RD_OK)
		return rc;
	info->width = b.width;
	info->height = b.height;
	info->has_alpha = b.mask[3] != 0;
	rc = check_dims(RD_IMG_BMP, b.width, b.height, max_pixels, err);
	if (rc != RD_OK || !out)
		return rc;
	/* Only now, with both sides known small, size the pixel data. */
	b.stride = (((uint64_t)b.bpp * (uint64_t)b.width + 31) / 32) * 4;
	if ((uint64_t)b.off_bits + b.stride * (uint64_t)b.height > n)
		return corrupt(RD_IMG_BMP, "pixel data cut short", err);
	if (o->strict) {
		/* the file is its headers and pixels, as its header says */
		uint64_t end = (uint64_t)b.off_bits + b.stride * (uint64_t)b.height;

		if (rd32(p + 2, 1) != n)
			return rd_err_set(err, RD_ERR_CORRUPT,
					  _("the BMP header gives a file size of "
					    "%u bytes but the file has %zu; a "
					    "file with something hidden in it is "
					    "refused"),
					  (unsigned)rd32(p + 2, 1), n);
		if (end != n)
			return trailing_error(RD_IMG_BMP, (size_t)(n - end), err);
	}
	rc = rd_image_new(b.width, b.height, &img);
	if (rc != RD_OK)
		return rc;
	for (int y = 0; y < b.height && rc == RD_OK; y++) {
		int srow = b.top_down ? y : b.height - 1 - y;
		const uint8_t *s = p + b.off_bits + (uint64_t)srow * b.stride;
		uint8_t *d = img->rgba + (size_t)y * (size_t)b.width * 4;

		for (int x = 0; x < b.width; x++, d += 4) {
			if (b.bpp == 8) {
				const uint8_t *c;

				if (s[x] >= b.ncolors) {
					rc = corrupt(RD_IMG_BMP,
						     "colour index out of range", err);
					break;
				}
				c = p + b.palette_off + 4 * (size_t)s[x];
				d[0] = c[2];
				d[1] = c[1];
				d[2] = c[0];
				d[3] = 255;
			} else if (b.bpp == 24) {
				const uint8_t *c = s + 3 * (size_t)x;

				d[0] = c[2];
				d[1] = c[1];
				d[2] = c[0];
				d[3] = 255;
			} else {
				uint32_t v = rd32(s + 4 * (size_t)x, 1);

				d[0] = mask_channel(v, b.mask[0]);
				d[1] = mask_channel(v, b.mask[1]);
				d[2] = mask_channel(v, b.mask[2]);
				d[3] = mask_channel(v, b.mask[3]);
			}
		}
	}
	if (rc == RD_OK) {
		*out = img;
		img = NULL;
	}
	rd_image_free(&img);
	return rc;
}

/* ----------------------------------------------------------- public */

static rd_status dispatch(const void *data, size_t n, int64_t max_pixels,
			  int box_w, int box_h, struct rd_image **out,
			  struct rd_img_info *info, const struct dopt *o,
			  struct rd_err *err)
{
	memset(info, 0, sizeof *info);
	info->orientation = 1;
	info->scale_denom = 1;
	info->type = rd_img_sniff(data, n);
	if (max_pixels <= 0)
		max_pixels = RD_IMG_DEFAULT_MAX_PIXELS;
	switch (info->type) {
	case RD_IMG_JPEG:
		return jpeg_decode(data, n, max_pixels, box_w, box_h, out, info,
				   o, err);
	case RD_IMG_PNG:
		return png_decode(data, n, max_pixels, out, info, o, err);
	case RD_IMG_GIF:
		return gif_decode(data, n, max_pixels, out, info, o, err);
	case RD_IMG_BMP:
		return bmp_decode(data, n, max_pixels, out, info, o, err);
	case RD_IMG_UNKNOWN: break;
	}
	return rd_err_set(err, RD_ERR_UNSUPPORTED,
			  _("the file is not a JPEG, PNG, GIF or BMP image "
			    "(judged by its content, not its name); use "
			    "\"open with\" to look at it"));
}

rd_status rd_img_probe(const void *data, size_t n, struct rd_img_info *info,
		       struct rd_err *err)
{
	/* The cap does not apply to a probe; report what the header says. */
	return dispatch(data, n, INT64_MAX, 0, 0, NULL, info, &view_opt, err);
}

int rd_img_fit_denom(const struct rd_img_info *info, int box_w, int box_h)
{
	int64_t w, h;

	if (!info || info->type != RD_IMG_JPEG || box_w <= 0 || box_h <= 0)
		return 1;
	w = info->orientation >= 5 ? info->height : info->width;
	h = info->orientation >= 5 ? info->width : info->height;
	/* The fitted picture is the image times min(box_w/w, box_h/h); the
	 * reduced image covers it while that factor is at most 1/d. */
	for (int64_t d = 8; d > 1; d /= 2)
		if (d * box_w <= w || d * box_h <= h)
			return (int)d;
	return 1;
}

rd_status rd_image_decode(const void *data, size_t n, int64_t max_pixels,
			  struct rd_image **out, struct rd_img_info *info,
			  struct rd_err *err)
{
	return rd_image_decode_fit(data, n, max_pixels, 0, 0, out, info, err);
}

rd_status rd_image_decode_fit(const void *data, size_t n, int64_t max_pixels,
			      int box_w, int box_h, struct rd_image **out,
			      struct rd_img_info *info, struct rd_err *err)
{
	struct rd_img_info dummy;
	rd_status rc;

	*out = NULL;
	if (!info)
		info = &dummy;
	rc = dispatch(data, n, max_pixels, box_w, box_h, out, info, &view_opt,
		      err);
	if (rc == RD_OK && info->orientation != 1) {
		rc = rd_image_orient(*out, info->orientation);
		if (rc != RD_OK) {
			rd_image_free(out);
			rd_err_set(err, rc, _("out of memory rotating the image"));
		}
	}
	return rc;
}

rd_status rd_image_verify(const void *data, size_t n, int64_t max_pixels,
			  int deadline_ms, struct rd_img_info *info,
			  struct rd_err *err)
{
	struct dopt o = { 1, deadline_ms > 0 ? deadline_ms
					     : RD_IMG_DECODE_DEADLINE_MS };
	struct rd_img_info dummy;
	struct rd_image *img = NULL;
	rd_status rc;

	if (!info)
		info = &dummy;
	rc = dispatch(data, n, max_pixels, 0, 0, &img, info, &o, err);
	rd_image_free(&img);
	return rc;
}
