/*
 * test_img.c — scan decoding (JPEG/PNG/GIF/BMP), caps, hostile input, and
 * rendering to cell buffers.
 *
 * Every fixture is generated here with the same libraries in encoding mode
 * (or by hand for BMP), so the tests carry no binary files. The common
 * pattern is "left half red, right half blue": decoding checks pixels,
 * orientation checks where the red half ends up, rendering checks the
 * colours of the cells.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "img_decode.h"
#include "img_render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gif_lib.h>
#include <jpeglib.h>
#include <png.h>

/* ------------------------------------------------------------ helpers */

struct mem {
	uint8_t *p;
	size_t n, cap;
};

static void mem_put(struct mem *m, const void *p, size_t n)
{
	if (m->n + n > m->cap) {
		m->cap = (m->n + n) * 2 + 64;
		m->p = realloc(m->p, m->cap);
		assert_non_null(m->p);
	}
	memcpy(m->p + m->n, p, n);
	m->n += n;
}

/* Left half red, right half blue, opaque. */
static uint8_t *pattern_rgba(int w, int h)
{
	uint8_t *p = malloc((size_t)w * h * 4);

	assert_non_null(p);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *d = p + ((size_t)y * w + x) * 4;

			d[0] = x < w / 2 ? 255 : 0;
			d[1] = 0;
			d[2] = x < w / 2 ? 0 : 255;
			d[3] = 255;
		}
	return p;
}

static int is_red(const uint8_t *px)
{
	return px[0] > 180 && px[1] < 80 && px[2] < 80;
}

static int is_blue(const uint8_t *px)
{
	return px[2] > 180 && px[0] < 80 && px[1] < 80;
}

static const uint8_t *pixel(const struct rd_image *img, int x, int y)
{
	return img->rgba + ((size_t)y * img->width + x) * 4;
}

static void png_write_cb(png_structp png, png_bytep p, size_t n)
{
	mem_put(png_get_io_ptr(png), p, n);
}

static void png_flush_cb(png_structp png)
{
	(void)png;
}

/* PNG of w x h: RGBA (gray=0) or 8-bit gray (gray=1, value = red). */
static struct mem make_png(int w, int h, int gray, int interlace)
{
	struct mem m = { 0 };
	uint8_t *rgba = pattern_rgba(w, h);
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL,
						  NULL, NULL);
	png_infop info = png_create_info_struct(png);
	uint8_t *row = malloc((size_t)w * 4);

	assert_non_null(row);
	if (setjmp(png_jmpbuf(png)))
		fail_msg("libpng write failed");
	png_set_write_fn(png, &m, png_write_cb, png_flush_cb);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8,
		     gray ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGBA,
		     interlace ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int pass = png_set_interlace_handling(png); pass > 0; pass--)
		for (int y = 0; y < h; y++) {
			const uint8_t *s = rgba + (size_t)y * w * 4;

			if (gray)
				for (int x = 0; x < w; x++)
					row[x] = s[4 * x];
			else
				memcpy(row, s, (size_t)w * 4);
			png_write_row(png, row);
		}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	free(rgba);
	return m;
}

/* EXIF APP1 payload with one IFD0 entry: Orientation = o. */
static size_t make_exif(uint8_t *out, int o, int big_endian)
{
	static const uint8_t le[] = {
		'E', 'x', 'i', 'f', 0, 0,
		'I', 'I', 42, 0, 8, 0, 0, 0,          /* TIFF header, IFD at 8 */
		1, 0,                                  /* one entry */
		0x12, 0x01, 3, 0, 1, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0                             /* next IFD */
	};
	static const uint8_t be[] = {
		'E', 'x', 'i', 'f', 0, 0,
		'M', 'M', 0, 42, 0, 0, 0, 8,
		0, 1,
		0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 0, 0, 0,
		0, 0, 0, 0
	};

	memcpy(out, big_endian ? be : le, sizeof le);
	if (big_endian)
		out[6 + 8 + 2 + 9] = (uint8_t)o;
	else
		out[6 + 8 + 2 + 8] = (uint8_t)o;
	return sizeof le;
}

static struct mem make_jpeg(int w, int h, int orientation, int big_endian,
			    int progressive)
{
	struct jpeg_compress_struct ci;
	struct jpeg_error_mgr jerr;
	unsigned char *buf = NULL;
	unsigned long len = 0;
	uint8_t *rgba = pattern_rgba(w, h);
	uint8_t *row = malloc((size_t)w * 3);
	struct mem m = { 0 };

	assert_non_null(row);
	ci.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &buf, &len);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 3;
	ci.in_color_space = JCS_RGB;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, 95, TRUE);
	if (progressive)
		jpeg_simple_progression(&ci);
	jpeg_start_compress(&ci, TRUE);
	if (orientation) {
		uint8_t exif[64];
		size_t n = make_exif(exif, orientation, big_endian);

		jpeg_write_marker(&ci, JPEG_APP0 + 1, exif, (unsigned)n);
	}
	while (ci.next_scanline < ci.image_height) {
		const uint8_t *s = rgba + (size_t)ci.next_scanline * w * 4;
		JSAMPROW r = row;

		for (int x = 0; x < w; x++)
			memcpy(row + 3 * x, s + 4 * x, 3);
		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	mem_put(&m, buf, len);
	free(buf);
	free(row);
	free(rgba);
	return m;
}

static void put16(struct mem *m, unsigned v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	mem_put(m, b, 2);
}

static void put32(struct mem *m, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 24) };

	mem_put(m, b, 4);
}

/* BMP with a 40-byte (or 124-byte V5) header; bpp 8, 24 or 32. */
static struct mem make_bmp(int w, int h, int bpp, int top_down, int v5)
{
	struct mem m = { 0 };
	uint32_t hdr = v5 ? 124 : 40;
	uint32_t ncol = bpp == 8 ? 2 : 0;
	uint32_t stride = ((uint32_t)(bpp * w + 31) / 32) * 4;
	uint32_t off = 14 + hdr + 4 * ncol;
	uint8_t *rgba = pattern_rgba(w, h);

	mem_put(&m, "BM", 2);
	put32(&m, off + stride * (uint32_t)h);
	put32(&m, 0);
	put32(&m, off);
	put32(&m, hdr);
	put32(&m, (uint32_t)w);
	put32(&m, (uint32_t)(top_down ? -h : h));
	put16(&m, 1);
	put16(&m, (unsigned)bpp);
	put32(&m, v5 && bpp == 32 ? 3 : 0);     /* BI_BITFIELDS for V5 32-bit */
	put32(&m, stride * (uint32_t)h);
	put32(&m, 2835);
	put32(&m, 2835);
	put32(&m, ncol);
	put32(&m, 0);
	if (v5) {
		put32(&m, 0x00ff0000);
		put32(&m, 0x0000ff00);
		put32(&m, 0x000000ff);
		put32(&m, 0xff000000);
		for (int i = 0; i < (124 - 56) / 4; i++)
			put32(&m, 0);
	}
	if (ncol) {
		put32(&m, 0x00ff0000); /* 0: red (B,G,R,0 little-endian) */
		put32(&m, 0x000000ff); /* 1: blue */
	}
	for (int r = 0; r < h; r++) {
		int y = top_down ? r : h - 1 - r;
		uint8_t rowbuf[4096] = { 0 };

		assert_true(stride <= sizeof rowbuf);
		for (int x = 0; x < w; x++) {
			const uint8_t *s = rgba + ((size_t)y * w + x) * 4;

			if (bpp == 8) {
				rowbuf[x] = s[0] ? 0 : 1;
			} else {
				uint8_t *d = rowbuf + (size_t)x * (bpp / 8);

				d[0] = s[2];
				d[1] = s[1];
				d[2] = s[0];
				if (bpp == 32)
					d[3] = 255;
			}
		}
		mem_put(&m, rowbuf, stride);
	}
	free(rgba);
	return m;
}

static int gif_write_cb(GifFileType *g, const GifByteType *p, int n)
{
	mem_put(g->UserData, p, (size_t)n);
	return n;
}

/* GIF, palette {red, blue, green}; with `transparent`, index 2 (green)
 * is declared transparent and the top row uses it. */
static struct mem make_gif(int w, int h, int transparent, int interlace)
{
	struct mem m = { 0 };
	GifColorType cols[4] = { { 255, 0, 0 }, { 0, 0, 255 }, { 0, 255, 0 },
				 { 0, 0, 0 } };
	ColorMapObject *cmap = GifMakeMapObject(4, cols);
	int e = 0;
	GifFileType *g = EGifOpen(&m, gif_write_cb, &e);
	GifPixelType *line = malloc((size_t)w);

	assert_non_null(g);
	assert_non_null(line);
	EGifSetGifVersion(g, true);
	assert_int_equal(EGifPutScreenDesc(g, w, h, 2, 0, cmap), GIF_OK);
	if (transparent) {
		GifByteType gce[4] = { 1, 0, 0, 2 };

		assert_int_equal(EGifPutExtension(g, GRAPHICS_EXT_FUNC_CODE, 4,
						  gce), GIF_OK);
	}
	assert_int_equal(EGifPutImageDesc(g, 0, 0, w, h, interlace, NULL), GIF_OK);
	/* EGifPutLine wants rows in file order: interlaced files go by pass */
	{
		static const int off[4] = { 0, 4, 2, 1 }, step[4] = { 8, 8, 4, 2 };
		int npass = interlace ? 4 : 1;

		for (int pass = 0; pass < npass; pass++)
			for (int y = interlace ? off[pass] : 0; y < h;
			     y += interlace ? step[pass] : 1) {
				for (int x = 0; x < w; x++)
					line[x] = transparent && y == 0 ? 2
						  : x < w / 2 ? 0 : 1;
				assert_int_equal(EGifPutLine(g, line, w), GIF_OK);
			}
	}
	assert_int_equal(EGifCloseFile(g, &e), GIF_OK);
	GifFreeMapObject(cmap);
	free(line);
	return m;
}

static uint32_t crc32_png(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Decode and check the red/blue pattern at w x h. */
static void expect_pattern(const struct mem *m, int w, int h,
			   enum rd_img_type type)
{
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };

	assert_int_equal(rd_image_decode(m->p, m->n, 0, &img, &info, &err), RD_OK);
	assert_int_equal(info.type, type);
	assert_int_equal(img->width, w);
	assert_int_equal(img->height, h);
	for (int y = 0; y < h; y += (h > 3 ? h / 3 : 1)) {
		assert_true(is_red(pixel(img, 1, y)));
		assert_true(is_blue(pixel(img, w - 2, y)));
	}
	rd_image_free(&img);
	assert_null(img);
}

/* Every prefix of a file, and byte flips, must fail cleanly or succeed
 * with a sane image — never crash or read out of bounds (ASan run). */
static void hostile_variants(const struct mem *m, int every_prefix_fails)
{
	struct rd_image *img = NULL;
	struct rd_err err;
	uint8_t *copy = malloc(m->n);
	unsigned seed = 12345;

	assert_non_null(copy);
	for (size_t len = 0; len < m->n; len++) {
		rd_status rc;

		memcpy(copy, m->p, len);
		rd_err_clear(&err);
		rc = rd_image_decode(copy, len, 0, &img, NULL, &err);
		if (every_prefix_fails) {
			if (rc == RD_OK)
				fail_msg("prefix of %zu/%zu bytes decoded", len, m->n);
			assert_null(img);
			assert_true(strlen(err.msg) > 0);
		}
		rd_image_free(&img);
	}
	for (int i = 0; i < 300; i++) {
		memcpy(copy, m->p, m->n);
		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			copy[(seed >> 8) % m->n] ^= (uint8_t)(1u << ((seed >> 4) & 7));
		}
		if (rd_image_decode(copy, m->n, 0, &img, NULL, NULL) == RD_OK) {
			assert_true(img->width > 0 && img->height > 0);
			assert_non_null(img->rgba);
		} else {
			assert_null(img);
		}
		rd_image_free(&img);
	}
	free(copy);
}

/* -------------------------------------------------------------- tests */

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(rd_img_sniff("\xff\xd8\xff\xe0", 4), RD_IMG_JPEG);
	assert_int_equal(rd_img_sniff("\x89PNG\r\n\x1a\n", 8), RD_IMG_PNG);
	assert_int_equal(rd_img_sniff("GIF89a", 6), RD_IMG_GIF);
	assert_int_equal(rd_img_sniff("GIF87a", 6), RD_IMG_GIF);
	assert_int_equal(rd_img_sniff("BM", 2), RD_IMG_BMP);
	assert_int_equal(rd_img_sniff("GIF88a", 6), RD_IMG_UNKNOWN);
	assert_int_equal(rd_img_sniff("\x89PNG", 4), RD_IMG_UNKNOWN);
	assert_int_equal(rd_img_sniff("%PDF-1.7", 8), RD_IMG_UNKNOWN);
	assert_int_equal(rd_img_sniff(NULL, 0), RD_IMG_UNKNOWN);
	assert_string_equal(rd_img_type_name(RD_IMG_BMP), "BMP");
}

static void test_png(void **state)
{
	struct mem m = make_png(33, 17, 0, 0), g = make_png(20, 10, 1, 0),
		   il = make_png(31, 19, 0, 1);
	struct rd_image *img = NULL;
	struct rd_img_info info;

	(void)state;
	expect_pattern(&m, 33, 17, RD_IMG_PNG);
	expect_pattern(&il, 31, 19, RD_IMG_PNG);
	/* gray: red channel 255 -> white, 0 -> black; expanded to RGBA */
	assert_int_equal(rd_image_decode(g.p, g.n, 0, &img, &info, NULL), RD_OK);
	assert_memory_equal(pixel(img, 0, 0), "\xff\xff\xff\xff", 4);
	assert_memory_equal(pixel(img, 19, 9), "\x00\x00\x00\xff", 4);
	assert_false(info.has_alpha);
	rd_image_free(&img);
	free(m.p);
	free(g.p);
	free(il.p);
}

static void test_jpeg_and_exif(void **state)
{
	struct mem plain = make_jpeg(40, 24, 0, 0, 0);
	struct mem prog = make_jpeg(40, 24, 0, 0, 1);
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };

	(void)state;
	expect_pattern(&plain, 40, 24, RD_IMG_JPEG);
	expect_pattern(&prog, 40, 24, RD_IMG_JPEG);

	for (int be = 0; be <= 1; be++) {
		/* 6 = rotate 90° clockwise: the left (red) half goes on top */
		struct mem r6 = make_jpeg(40, 24, 6, be, 0);
		struct mem r8 = make_jpeg(40, 24, 8, be, 0);
		struct mem r3 = make_jpeg(40, 24, 3, be, 0);

		assert_int_equal(rd_img_probe(r6.p, r6.n, &info, &err), RD_OK);
		assert_int_equal(info.orientation, 6);
		assert_int_equal(info.width, 40);
		assert_int_equal(rd_image_decode(r6.p, r6.n, 0, &img, &info, &err),
				 RD_OK);
		assert_int_equal(img->width, 24);
		assert_int_equal(img->height, 40);
		assert_true(is_red(pixel(img, 12, 2)));
		assert_true(is_blue(pixel(img, 12, 37)));
		rd_image_free(&img);
		/* 8 = rotate 90° counter-clockwise: red goes to the bottom */
		assert_int_equal(rd_image_decode(r8.p, r8.n, 0, &img, &info, &err),
				 RD_OK);
		assert_int_equal(img->width, 24);
		assert_true(is_blue(pixel(img, 12, 2)));
		assert_true(is_red(pixel(img, 12, 37)));
		rd_image_free(&img);
		/* 3 = 180°: red on the right, size unchanged */
		assert_int_equal(rd_image_decode(r3.p, r3.n, 0, &img, &info, &err),
				 RD_OK);
		assert_int_equal(img->width, 40);
		assert_true(is_blue(pixel(img, 1, 5)));
		assert_true(is_red(pixel(img, 38, 5)));
		rd_image_free(&img);
		free(r6.p);
		free(r8.p);
		free(r3.p);
	}
	free(plain.p);
	free(prog.p);
}

/* Decode fitted into box_w x box_h; expect the scale and the size. */
static void expect_fit(const struct mem *m, int box_w, int box_h, int denom,
		       int w, int h)
{
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };

	assert_int_equal(rd_image_decode_fit(m->p, m->n, 0, box_w, box_h, &img,
					     &info, &err), RD_OK);
	assert_int_equal(info.scale_denom, denom);
	assert_int_equal(rd_img_fit_denom(&info, box_w, box_h), denom);
	assert_int_equal(img->width, w);
	assert_int_equal(img->height, h);
	rd_image_free(&img);
}

static void test_jpeg_scaled_for_fit(void **state)
{
	struct mem jpg = make_jpeg(160, 80, 0, 0, 0);
	struct mem prog = make_jpeg(160, 80, 0, 0, 1);
	struct mem r6 = make_jpeg(160, 80, 6, 0, 0);
	struct mem png = make_png(160, 80, 0, 0);
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };

	(void)state;
	/* the smallest 1/d that still covers the fitted picture */
	expect_fit(&jpg, 20, 10, 8, 20, 10);
	expect_fit(&jpg, 20, 500, 8, 20, 10);    /* width decides */
	expect_fit(&jpg, 40, 40, 4, 40, 20);
	expect_fit(&jpg, 41, 41, 2, 80, 40);     /* 1/4 would be 1 px short */
	expect_fit(&jpg, 100, 60, 1, 160, 80);
	expect_fit(&jpg, 0, 0, 1, 160, 80);      /* no box: full size */
	expect_fit(&prog, 20, 10, 8, 20, 10);
	/* EXIF 6: the box is upright (80 x 160), the reduction follows */
	expect_fit(&r6, 10, 20, 8, 10, 20);
	expect_fit(&r6, 40, 100, 2, 40, 80);
	expect_fit(&png, 20, 10, 1, 160, 80);    /* only JPEG scales */

	/* the reduced picture is the same picture */
	assert_int_equal(rd_image_decode_fit(jpg.p, jpg.n, 0, 40, 40, &img,
					     &info, &err), RD_OK);
	for (int y = 0; y < 20; y += 6) {
		assert_true(is_red(pixel(img, 2, y)));
		assert_true(is_blue(pixel(img, 37, y)));
	}
	rd_image_free(&img);
	assert_int_equal(rd_image_decode_fit(r6.p, r6.n, 0, 10, 20, &img,
					     &info, &err), RD_OK);
	assert_true(is_red(pixel(img, 5, 2)));
	assert_true(is_blue(pixel(img, 5, 17)));
	assert_int_equal(info.width, 160);           /* header: as stored */
	rd_image_free(&img);

	/* the cap is on the size the header claims, not the reduced one */
	assert_int_equal(rd_image_decode_fit(jpg.p, jpg.n, 160 * 80 - 1, 20, 10,
					     &img, &info, &err), RD_ERR_LIMIT);
	assert_null(img);
	/* truncated stays truncated at 1/8 */
	assert_int_equal(rd_image_decode_fit(jpg.p, jpg.n / 2, 0, 20, 10, &img,
					     &info, &err), RD_ERR_CORRUPT);
	assert_null(img);
	assert_int_equal(rd_img_fit_denom(NULL, 10, 10), 1);
	free(jpg.p);
	free(prog.p);
	free(r6.p);
	free(png.p);
}

static void test_exif_parser_hostile(void **state)
{
	uint8_t x[64];
	size_t n = make_exif(x, 6, 0);

	(void)state;
	assert_int_equal(rd_img_exif_orientation(x, n), 6);
	for (size_t len = 0; len < 6 + 8 + 2 + 12; len++)
		assert_int_equal(rd_img_exif_orientation(x, len), 1);
	x[6 + 8 + 2 + 8] = 9;                    /* out of range */
	assert_int_equal(rd_img_exif_orientation(x, n), 1);
	x[6 + 8 + 2 + 8] = 6;
	x[6 + 4] = 0xf0;                         /* IFD offset far away */
	assert_int_equal(rd_img_exif_orientation(x, n), 1);
	x[6 + 4] = 8;
	x[6 + 8 + 2 + 2] = 4;                    /* LONG instead of SHORT */
	assert_int_equal(rd_img_exif_orientation(x, n), 1);
	x[6 + 8 + 2 + 2] = 3;
	x[6 + 8] = 0xff;                         /* entry count past the end */
	x[6 + 9] = 0xff;
	assert_int_equal(rd_img_exif_orientation(x, n), 6);
	assert_int_equal(rd_img_exif_orientation(NULL, 40), 1);
}

static void test_bmp(void **state)
{
	struct mem b24 = make_bmp(13, 7, 24, 0, 0);  /* odd width: padding */
	struct mem b24t = make_bmp(13, 7, 24, 1, 0);
	struct mem b32 = make_bmp(10, 6, 32, 0, 0);
	struct mem b8 = make_bmp(11, 5, 8, 0, 0);
	struct mem v5 = make_bmp(9, 4, 32, 1, 1);
	struct rd_image *img = NULL;
	struct rd_err err = { 0 };

	(void)state;
	expect_pattern(&b24, 13, 7, RD_IMG_BMP);
	expect_pattern(&b24t, 13, 7, RD_IMG_BMP);
	expect_pattern(&b32, 10, 6, RD_IMG_BMP);
	expect_pattern(&b8, 11, 5, RD_IMG_BMP);
	expect_pattern(&v5, 9, 4, RD_IMG_BMP);
	/* palette index beyond the 2 declared colours */
	b8.p[b8.n - 1 - 1] = 7;
	assert_int_equal(rd_image_decode(b8.p, b8.n, 0, &img, NULL, &err),
			 RD_ERR_CORRUPT);
	assert_null(img);
	/* data offset pointing into the headers */
	b24.p[10] = 20;
	assert_int_equal(rd_image_decode(b24.p, b24.n, 0, &img, NULL, &err),
			 RD_ERR_CORRUPT);
	/* 16-bit is refused as unsupported, not misread */
	b24t.p[28] = 16;
	assert_int_equal(rd_image_decode(b24t.p, b24t.n, 0, &img, NULL, &err),
			 RD_ERR_UNSUPPORTED);
	free(b24.p);
	free(b24t.p);
	free(b32.p);
	free(b8.p);
	free(v5.p);
}

static void test_gif(void **state)
{
	struct mem g = make_gif(21, 11, 0, 0), gi = make_gif(21, 19, 0, 1),
		   gt = make_gif(8, 4, 1, 0);
	struct rd_image *img = NULL;
	struct rd_img_info info;

	(void)state;
	expect_pattern(&g, 21, 11, RD_IMG_GIF);
	expect_pattern(&gi, 21, 19, RD_IMG_GIF);
	assert_int_equal(rd_image_decode(gt.p, gt.n, 0, &img, &info, NULL), RD_OK);
	assert_true(info.has_alpha);
	assert_int_equal(pixel(img, 0, 0)[3], 0);     /* transparent row */
	assert_int_equal(pixel(img, 0, 1)[3], 255);
	assert_true(is_red(pixel(img, 0, 1)));
	rd_image_free(&img);
	free(g.p);
	free(gi.p);
	free(gt.p);
}

static void test_truncated_and_flipped(void **state)
{
	struct mem png = make_png(16, 8, 0, 0), jpg = make_jpeg(16, 8, 6, 0, 0),
		   bmp = make_bmp(6, 3, 24, 0, 0), gif = make_gif(12, 6, 1, 1);
	struct mem pj = make_jpeg(16, 16, 0, 0, 1);
	struct rd_image *img = NULL;
	struct rd_err err = { 0 };

	(void)state;
	hostile_variants(&png, 1);
	hostile_variants(&jpg, 1);
	hostile_variants(&pj, 1);
	hostile_variants(&bmp, 1);
	/* a GIF cut after its first frame is still that frame; cut inside
	 * the frame it must fail */
	hostile_variants(&gif, 0);
	assert_int_equal(rd_image_decode(gif.p, gif.n / 2, 0, &img, NULL, &err),
			 RD_ERR_CORRUPT);
	assert_non_null(strstr(err.msg, "GIF"));
	free(png.p);
	free(jpg.p);
	free(pj.p);
	free(bmp.p);
	free(gif.p);
}

static void test_oversized_refused_before_allocation(void **state)
{
	struct mem png = make_png(8, 8, 0, 0), jpg = make_jpeg(16, 8, 0, 0, 0),
		   bmp = make_bmp(4, 4, 24, 0, 0), gif = make_gif(8, 8, 0, 0);
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };

	(void)state;
	/* A 100000 x 100000 RGBA buffer is 40 GB: calloc would fail with
	 * NOMEM; LIMIT shows the header was refused before allocating. */
	be32(png.p + 16, 100000);
	be32(png.p + 20, 100000);
	be32(png.p + 29, crc32_png(png.p + 12, 17));
	assert_int_equal(rd_image_decode(png.p, png.n, 0, &img, &info, &err),
			 RD_ERR_LIMIT);
	assert_null(img);
	assert_int_equal(info.width, 100000);
	assert_non_null(strstr(err.msg, "100000"));

	/* BMP: sides claimed far larger than the data */
	bmp.p[18] = 0xa0; bmp.p[19] = 0x86; bmp.p[20] = 0x01; /* 100000 */
	bmp.p[22] = 0xa0; bmp.p[23] = 0x86; bmp.p[24] = 0x01;
	assert_int_equal(rd_image_decode(bmp.p, bmp.n, 0, &img, &info, &err),
			 RD_ERR_LIMIT);
	assert_int_equal(info.height, 100000);

	/* JPEG SOF: 60000 x 60000 */
	for (size_t i = 2; i + 9 < jpg.n; i++) {
		if (jpg.p[i] == 0xff && jpg.p[i + 1] == 0xc0) {
			jpg.p[i + 5] = 0xea; jpg.p[i + 6] = 0x60;
			jpg.p[i + 7] = 0xea; jpg.p[i + 8] = 0x60;
			break;
		}
	}
	assert_int_equal(rd_image_decode(jpg.p, jpg.n, 0, &img, &info, &err),
			 RD_ERR_LIMIT);
	assert_int_equal(info.width, 60000);

	/* GIF logical screen 60000 x 60000 */
	gif.p[6] = 0x60; gif.p[7] = 0xea; gif.p[8] = 0x60; gif.p[9] = 0xea;
	assert_int_equal(rd_image_decode(gif.p, gif.n, 0, &img, &info, &err),
			 RD_ERR_LIMIT);

	/* the configured cap, not only the absolute one */
	free(png.p);
	png = make_png(64, 64, 0, 0);
	assert_int_equal(rd_image_decode(png.p, png.n, 4095, &img, &info, &err),
			 RD_ERR_LIMIT);
	assert_int_equal(rd_image_decode(png.p, png.n, 4096, &img, &info, &err),
			 RD_OK);
	rd_image_free(&img);
	free(png.p);
	free(jpg.p);
	free(bmp.p);
	free(gif.p);
}

static void test_mislabelled_and_unknown(void **state)
{
	/* "scan.jpg" that is really a PNG: the content decides */
	struct mem png = make_png(10, 4, 0, 0);
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };
	static const char pdf[] = "%PDF-1.7\n%...";

	(void)state;
	assert_int_equal(rd_image_decode(png.p, png.n, 0, &img, &info, &err), RD_OK);
	assert_int_equal(info.type, RD_IMG_PNG);
	rd_image_free(&img);
	assert_int_equal(rd_image_decode(pdf, sizeof pdf, 0, &img, &info, &err),
			 RD_ERR_UNSUPPORTED);
	assert_int_equal(info.type, RD_IMG_UNKNOWN);
	assert_true(strlen(err.msg) > 0);
	assert_int_equal(rd_image_decode("", 0, 0, &img, &info, &err),
			 RD_ERR_UNSUPPORTED);
	free(png.p);
}

static void test_rotate(void **state)
{
	struct rd_image *img = NULL, *ref = NULL;

	(void)state;
	assert_int_equal(rd_image_new(5, 3, &img), RD_OK);
	assert_int_equal(rd_image_new(5, 3, &ref), RD_OK);
	for (int i = 0; i < 15 * 4; i++)
		img->rgba[i] = ref->rgba[i] = (uint8_t)(i * 7);
	assert_int_equal(rd_image_rotate90(img, 1), RD_OK);
	assert_int_equal(img->width, 3);
	assert_int_equal(img->height, 5);
	/* clockwise: the old bottom-left pixel is the new top-left */
	assert_memory_equal(pixel(img, 0, 0), pixel(ref, 0, 2), 4);
	assert_memory_equal(pixel(img, 2, 0), pixel(ref, 0, 0), 4);
	assert_int_equal(rd_image_rotate90(img, -1), RD_OK);
	assert_memory_equal(img->rgba, ref->rgba, 60);
	assert_int_equal(rd_image_rotate90(img, 2), RD_OK);
	assert_memory_equal(pixel(img, 0, 0), pixel(ref, 4, 2), 4);
	assert_int_equal(rd_image_rotate90(img, 6), RD_OK);   /* 2 more */
	assert_int_equal(img->width, 5);
	assert_memory_equal(img->rgba, ref->rgba, 60);
	rd_image_free(&img);
	assert_int_equal(rd_image_new(0, 3, &img), RD_ERR_LIMIT);
	assert_null(img);
	rd_image_free(&ref);
}

/* ---------------------------------------------------------- rendering */

/* cols x rows cells of the default 1:2 size */
#define AREA(cols, rows) (&(struct rd_img_area){ (cols), (rows), 0, 0 })

static int rgb_red(uint32_t c)
{
	return c != RD_CELL_NONE && (c >> 16 & 255) > 150 && (c & 255) < 100;
}

static int rgb_blue(uint32_t c)
{
	return c != RD_CELL_NONE && (c & 255) > 150 && (c >> 16 & 255) < 100;
}

/* A cell "looks" red when both colours are red (a solid area). */
static int cell_red(const struct rd_cell *c)
{
	return rgb_red(c->fg) && rgb_red(c->bg);
}

static int cell_blue(const struct rd_cell *c)
{
	return rgb_blue(c->fg) && rgb_blue(c->bg);
}

static struct rd_image *pattern_image(int w, int h)
{
	struct rd_image *img = NULL;
	uint8_t *p = pattern_rgba(w, h);

	assert_int_equal(rd_image_new(w, h, &img), RD_OK);
	memcpy(img->rgba, p, (size_t)w * h * 4);
	free(p);
	return img;
}

static void test_render_fit_and_colours(void **state)
{
	struct rd_image *img = pattern_image(200, 100);
	struct rd_cells cells = { 0 };
	struct rd_img_view view;
	struct rd_err err = { 0 };

	(void)state;
	rd_img_view_fit(&view, img);
	/* 200x100 px in 40x10 cells of 10x20: exactly fills the area */
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR,
				       AREA(40, 10), &cells, &err), RD_OK);
	assert_int_equal(cells.cols, 40);
	assert_int_equal(cells.rows, 10);
	for (int y = 0; y < 10; y++) {
		assert_true(cell_red(rd_cells_peek(&cells, 2, y)));
		assert_true(cell_blue(rd_cells_peek(&cells, 37, y)));
	}
	assert_null(rd_cells_peek(&cells, 40, 0));

	/* rotated: red on top, blue at the bottom, and narrower (100x200
	 * needs 100/200*200/10 = 10 columns, centred in 40) */
	assert_int_equal(rd_image_rotate90(img, 1), RD_OK);
	rd_img_view_fit(&view, img);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR,
				       AREA(40, 10), &cells, &err), RD_OK);
	assert_true(cell_red(rd_cells_peek(&cells, 20, 1)));
	assert_true(cell_blue(rd_cells_peek(&cells, 20, 8)));
	assert_string_equal(rd_cells_peek(&cells, 2, 5)->glyph, " ");
	assert_int_equal(rd_cells_peek(&cells, 2, 5)->bg, RD_CELL_NONE);
	assert_int_equal(rd_cells_peek(&cells, 37, 5)->bg, RD_CELL_NONE);
	assert_int_not_equal(rd_cells_peek(&cells, 20, 5)->bg, RD_CELL_NONE);

	/* 256 colours: palette indices filled, above the 16 theme colours */
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_256,
				       AREA(40, 10), &cells, &err), RD_OK);
	assert_true(rd_cells_peek(&cells, 20, 1)->bg_index >= 16);
	assert_true(cell_red(rd_cells_peek(&cells, 20, 1)));
	rd_cells_fini(&cells);
	rd_image_free(&img);
}

static void test_render_zoom_pan(void **state)
{
	struct rd_image *img = pattern_image(400, 200);
	struct rd_cells cells = { 0 };
	struct rd_img_view view;

	(void)state;
	rd_img_view_fit(&view, img);
	rd_img_view_zoom(&view, 4.0);
	/* pan far left: clamped at the edge, the whole area is red */
	rd_img_view_pan(&view, img, AREA(40, 10), -1000, 0);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR,
				       AREA(40, 10), &cells, NULL), RD_OK);
	for (int x = 0; x < 40; x += 13)
		assert_true(cell_red(rd_cells_peek(&cells, x, 5)));
	assert_true(cell_red(rd_cells_peek(&cells, 39, 9)));
	/* the clamp kept the centre inside, so panning far right
	 * reaches the blue edge rather than staying clamped left */
	rd_img_view_pan(&view, img, AREA(40, 10), 1000, 0);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR,
				       AREA(40, 10), &cells, NULL), RD_OK);
	for (int x = 0; x < 40; x += 13)
		assert_true(cell_blue(rd_cells_peek(&cells, x, 5)));
	/* zoom is clamped */
	rd_img_view_zoom(&view, 1e9);
	assert_true(view.zoom <= RD_IMG_ZOOM_MAX);
	rd_img_view_zoom(&view, 1e-12);
	assert_true(view.zoom >= RD_IMG_ZOOM_MIN);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_MONO,
				       AREA(40, 10), &cells, NULL), RD_OK);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_16,
				       AREA(1, 1), &cells, NULL), RD_OK);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_16,
				       AREA(0, 1), &cells, NULL), RD_ERR_INVALID);
	rd_cells_fini(&cells);
	rd_image_free(&img);
}

static void test_render_decoded_jpeg(void **state)
{
	/* end to end: an EXIF-rotated JPEG renders red on top */
	struct mem jpg = make_jpeg(160, 80, 6, 1, 0);
	struct rd_image *img = NULL;
	struct rd_cells cells = { 0 };
	struct rd_img_view view;

	(void)state;
	assert_int_equal(rd_image_decode(jpg.p, jpg.n, 0, &img, NULL, NULL), RD_OK);
	rd_img_view_fit(&view, img);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR,
				       AREA(80, 24), &cells, NULL), RD_OK);
	assert_true(cell_red(rd_cells_peek(&cells, 40, 2)));
	assert_true(cell_blue(rd_cells_peek(&cells, 40, 21)));
	rd_cells_fini(&cells);
	rd_image_free(&img);
	free(jpg.p);
}

/* ----------------------------------------------------- terminal graphics */

static void test_gfx_choose(void **state)
{
	struct rd_gfx_hints h = { 0 };

	(void)state;
	/* auto on an unknown terminal: symbols */
	h.term = "xterm-256color";
	h.cell_px_known = 1;
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SYMBOLS);
	assert_int_equal(rd_gfx_choose(NULL, &h), RD_GFX_SYMBOLS);
	/* terminfo says sixel */
	h.terminfo_sixel = 1;
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SIXEL);
	/* ... but without the pixel size a sixel could overflow the area */
	h.cell_px_known = 0;
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SYMBOLS);
	assert_int_equal(rd_gfx_choose("sixel", &h), RD_GFX_SYMBOLS);
	h.cell_px_known = 1;
	h.terminfo_sixel = 0;
	h.term = "foot-extra";
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SIXEL);
	h.term = "mlterm";
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SIXEL);
	h.term = "xterm-kitty";
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_KITTY);
	h.cell_px_known = 0;          /* kitty scales to the cells itself */
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_KITTY);
	h.term = "xterm-256color";
	h.kitty_window = "3";
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_KITTY);
	/* inside tmux: symbols, whatever the outer terminal */
	h.tmux = "/tmp/tmux-0/default,123,0";
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SYMBOLS);
	h.tmux = NULL;
	h.kitty_window = NULL;
	h.term = "screen.xterm-256color";
	h.terminfo_sixel = 1;
	h.cell_px_known = 1;
	assert_int_equal(rd_gfx_choose("auto", &h), RD_GFX_SYMBOLS);
	/* what is configured wins */
	assert_int_equal(rd_gfx_choose("kitty", &h), RD_GFX_KITTY);
	assert_int_equal(rd_gfx_choose("sixel", &h), RD_GFX_SIXEL);
	h.term = "xterm-kitty";
	assert_int_equal(rd_gfx_choose("symbols", &h), RD_GFX_SYMBOLS);
}

static int starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends_with(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* A sixel palette entry "#i;2;r;g;b" (percent) near the colour. */
static int sixel_has_colour(const char *seq, int r, int g, int b)
{
	for (const char *p = strchr(seq, '#'); p; p = strchr(p + 1, '#')) {
		int i, pr, pg, pb;

		if (sscanf(p, "#%d;2;%d;%d;%d", &i, &pr, &pg, &pb) == 4 &&
		    abs(pr - r) < 15 && abs(pg - g) < 15 && abs(pb - b) < 15)
			return 1;
	}
	return 0;
}

static void test_render_sixel(void **state)
{
	struct rd_image *img = pattern_image(200, 100);
	struct rd_img_area area = { 40, 10, 9, 18 };
	struct rd_gfx_image g = { 0 };
	struct rd_img_view view;
	struct rd_err err = { 0 };
	char z[64];

	(void)state;
	rd_img_view_fit(&view, img);
	/* 200x100 into 40x10 cells of 9x18 = 360x180 px: fills the area */
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_SIXEL, &area, &g,
					   &err), RD_OK);
	assert_true(starts_with(g.seq, "\033P0;1;0q\"1;1;360;180"));
	assert_true(ends_with(g.seq, g.len, "\033\\"));
	assert_int_equal(strlen(g.seq), g.len);
	assert_int_equal(g.col, 0);
	assert_int_equal(g.row, 0);
	assert_int_equal(g.cols, 40);
	assert_int_equal(g.rows, 10);
	assert_true(sixel_has_colour(g.seq, 100, 0, 0));
	assert_true(sixel_has_colour(g.seq, 0, 0, 100));
	/* one escape sequence, no text around it */
	assert_null(memchr(g.seq + 1, '\033', g.len - 3));

	/* rotated to 100x200 in 40x10 cells of 10x20: 10 columns, centred;
	 * 200 px high is rounded down to whole sixel bands (198) */
	assert_int_equal(rd_image_rotate90(img, 1), RD_OK);
	area.cell_w = 10;
	area.cell_h = 20;
	rd_img_view_fit(&view, img);
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_SIXEL, &area, &g,
					   &err), RD_OK);
	snprintf(z, sizeof z, "\033P0;1;0q\"1;1;%d;%d", g.px_w, g.px_h);
	assert_true(starts_with(g.seq, z));
	assert_int_equal(g.px_w, 100);
	assert_int_equal(g.px_h, 198);
	assert_int_equal(g.col, 15);
	assert_int_equal(g.cols, 10);
	assert_int_equal(g.rows, 10);

	/* symbols are not a graphics protocol; an empty area is refused */
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_SYMBOLS, &area,
					   &g, &err), RD_ERR_INVALID);
	assert_null(g.seq);
	area.cols = 0;
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_SIXEL, &area, &g,
					   &err), RD_ERR_INVALID);
	rd_gfx_image_fini(&g);
	rd_image_free(&img);
}

/* Decode the base64 payload of every kitty chunk into out (RGBA). */
static size_t kitty_payload(const char *seq, uint8_t *out, size_t cap)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = 0;
	uint32_t acc = 0;
	int bits = 0;

	for (const char *p = strstr(seq, "m=1;"); p; p = strstr(p, "m=1;")) {
		for (p += 4; *p && *p != '\033'; p++) {
			const char *k = strchr(b64, *p);

			if (*p == '=' || !k)
				continue;
			acc = acc << 6 | (uint32_t)(k - b64);
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				if (n < cap)
					out[n] = (uint8_t)(acc >> bits);
				n++;
			}
		}
		acc = 0;
		bits = 0;
	}
	return n;
}

static void test_render_kitty(void **state)
{
	struct rd_image *img = pattern_image(100, 200);
	struct rd_img_area area = { 40, 10, 10, 20 };
	struct rd_gfx_image g = { 0 };
	struct rd_img_view view;
	struct rd_err err = { 0 };
	size_t want = 100 * 200 * 4;
	uint8_t *px = malloc(want);

	(void)state;
	assert_non_null(px);
	rd_img_view_fit(&view, img);
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_KITTY, &area, &g,
					   &err), RD_OK);
	/* transmit and show, no answer, cursor kept; 10x10 cells, centred */
	assert_true(starts_with(g.seq, "\033_Ga=T,q=2,C=1,f=32,s=100,v=200,"
				       "c=10,r=10,m=1\033\\"));
	assert_true(ends_with(g.seq, g.len, "\033_Gq=2,m=0\033\\"));
	assert_int_equal(g.col, 15);
	assert_int_equal(g.row, 0);
	assert_int_equal(g.px_w, 100);
	assert_int_equal(g.px_h, 200);
	/* the pixels themselves: left half red, right half blue */
	assert_int_equal(kitty_payload(g.seq, px, want), want);
	assert_true(is_red(px + (50 * 100 + 5) * 4));
	assert_true(is_blue(px + (150 * 100 + 94) * 4));

	/* zoomed in: the same cells, fewer image pixels, still full size */
	rd_img_view_zoom(&view, 4.0);
	rd_img_view_pan(&view, img, &area, -1000, 0);
	assert_int_equal(rd_img_render_gfx(img, &view, RD_GFX_KITTY, &area, &g,
					   &err), RD_OK);
	assert_true(starts_with(g.seq, "\033_Ga=T,q=2,C=1,f=32,s=400,v=200,"
				       "c=40,r=10,m=1\033\\"));
	assert_string_equal(rd_gfx_kitty_delete_all(), "\033_Ga=d,d=A,q=2\033\\");
	rd_gfx_image_fini(&g);
	rd_gfx_image_fini(&g);
	free(px);
	rd_image_free(&img);
}

static void test_render_real_cell_size(void **state)
{
	/* symbols follow the terminal's cell size too: a square image in
	 * square 10x10 cells is as many rows as columns */
	struct rd_image *img = pattern_image(100, 100);
	struct rd_img_area area = { 40, 20, 10, 10 };
	struct rd_cells cells = { 0 };
	struct rd_img_view view;
	int used_cols = 0;

	(void)state;
	rd_img_view_fit(&view, img);
	assert_int_equal(rd_img_render(img, &view, RD_RENDER_TRUECOLOR, &area,
				       &cells, NULL), RD_OK);
	for (int x = 0; x < 40; x++)
		if (rd_cells_peek(&cells, x, 10)->bg != RD_CELL_NONE)
			used_cols++;
	assert_int_equal(used_cols, 20);
	rd_cells_fini(&cells);
	rd_image_free(&img);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_png),
		cmocka_unit_test(test_jpeg_and_exif),
		cmocka_unit_test(test_jpeg_scaled_for_fit),
		cmocka_unit_test(test_exif_parser_hostile),
		cmocka_unit_test(test_bmp),
		cmocka_unit_test(test_gif),
		cmocka_unit_test(test_truncated_and_flipped),
		cmocka_unit_test(test_oversized_refused_before_allocation),
		cmocka_unit_test(test_mislabelled_and_unknown),
		cmocka_unit_test(test_rotate),
		cmocka_unit_test(test_render_fit_and_colours),
		cmocka_unit_test(test_render_zoom_pan),
		cmocka_unit_test(test_render_decoded_jpeg),
		cmocka_unit_test(test_gfx_choose),
		cmocka_unit_test(test_render_sixel),
		cmocka_unit_test(test_render_kitty),
		cmocka_unit_test(test_render_real_cell_size),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
