/*
 * img_render.c — rd_image -> cell buffer through libchafa.
 *
 * We ask chafa for a canvas only as large as the visible part of the image
 * (in cells, aspect kept) and hand it the visible pixel rectangle with the
 * full row stride, so no copy or pre-scaling of a 12-megapixel scan is
 * made here; chafa's own scaler does the work.
 */
#include "img_render.h"

#include "core/i18n.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <chafa.h>

static void cell_blank(struct rd_cell *c)
{
	c->glyph[0] = ' ';
	c->glyph[1] = '\0';
	c->fg = RD_CELL_NONE;
	c->bg = RD_CELL_NONE;
	c->fg_index = -1;
	c->bg_index = -1;
}

rd_status rd_cells_resize(struct rd_cells *cells, int cols, int rows)
{
	size_t need, have;

	if (cols < 1 || rows < 1 || cols > 4096 || rows > 4096)
		return RD_ERR_INVALID;
	need = (size_t)cols * (size_t)rows;
	have = cells->cell ? (size_t)cells->cols * (size_t)cells->rows : 0;
	if (need > have) {
		struct rd_cell *p = realloc(cells->cell, need * sizeof *p);

		if (!p)
			return RD_ERR_NOMEM;
		cells->cell = p;
	}
	cells->cols = cols;
	cells->rows = rows;
	for (size_t i = 0; i < need; i++)
		cell_blank(&cells->cell[i]);
	return RD_OK;
}

void rd_cells_fini(struct rd_cells *cells)
{
	if (!cells)
		return;
	free(cells->cell);
	memset(cells, 0, sizeof *cells);
}

const struct rd_cell *rd_cells_peek(const struct rd_cells *cells, int col,
				    int row)
{
	if (!cells || !cells->cell || col < 0 || row < 0 ||
	    col >= cells->cols || row >= cells->rows)
		return NULL;
	return &cells->cell[(size_t)row * cells->cols + col];
}

/* ---------------------------------------------------------- geometry */

static double clampd(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void rd_img_view_fit(struct rd_img_view *view, const struct rd_image *img)
{
	view->zoom = 1.0;
	view->cx = img ? img->width / 2.0 : 0;
	view->cy = img ? img->height / 2.0 : 0;
}

void rd_img_view_zoom(struct rd_img_view *view, double factor)
{
	if (!(factor > 0))
		return;
	view->zoom = clampd(view->zoom * factor, RD_IMG_ZOOM_MIN, RD_IMG_ZOOM_MAX);
}

/* Virtual pixels (cell-pixel units) per image pixel at this zoom. */
static double view_scale(const struct rd_image *img,
			 const struct rd_img_view *view, int cols, int rows)
{
	double sx = (double)cols * RD_CELL_PX_W / img->width;
	double sy = (double)rows * RD_CELL_PX_H / img->height;
	double z = clampd(view->zoom, RD_IMG_ZOOM_MIN, RD_IMG_ZOOM_MAX);

	return (sx < sy ? sx : sy) * z;
}

/* Keep the centre where the view stays on the image (or centred when
 * the whole extent fits). */
static void view_clamp(struct rd_img_view *view, const struct rd_image *img,
		       double s, int cols, int rows)
{
	double vw = (double)cols * RD_CELL_PX_W / s;
	double vh = (double)rows * RD_CELL_PX_H / s;

	view->zoom = clampd(view->zoom, RD_IMG_ZOOM_MIN, RD_IMG_ZOOM_MAX);
	if (vw >= img->width || !isfinite(view->cx))
		view->cx = img->width / 2.0;
	else
		view->cx = clampd(view->cx, vw / 2, img->width - vw / 2);
	if (vh >= img->height || !isfinite(view->cy))
		view->cy = img->height / 2.0;
	else
		view->cy = clampd(view->cy, vh / 2, img->height - vh / 2);
}

void rd_img_view_pan(struct rd_img_view *view, const struct rd_image *img,
		     int cols, int rows, int dcols, int drows)
{
	double s;

	if (!img || cols < 1 || rows < 1)
		return;
	s = view_scale(img, view, cols, rows);
	view->cx += dcols * RD_CELL_PX_W / s;
	view->cy += drows * RD_CELL_PX_H / s;
	view_clamp(view, img, s, cols, rows);
}

/* One axis: image span [*p0, *p0 + *len) shown in *ncells cells starting
 * at *off, for an area of `cells` cells of `cpx` virtual pixels. */
static void axis(int size, double centre, double s, int cells, int cpx,
		 int *p0, int *len, int *off, int *ncells)
{
	double vis = (double)cells * cpx / s;

	if (vis >= size) {
		int used = (int)ceil(size * s / cpx - 1e-9);

		if (used < 1)
			used = 1;
		if (used > cells)
			used = cells;
		*p0 = 0;
		*len = size;
		*ncells = used;
		*off = (cells - used) / 2;
		return;
	}
	*p0 = (int)floor(centre - vis / 2);
	*len = (int)ceil(vis);
	if (*len < 1)
		*len = 1;
	if (*p0 < 0)
		*p0 = 0;
	if (*p0 > size - *len)
		*p0 = size - *len;
	*ncells = cells;
	*off = 0;
}

/* ------------------------------------------------------------ render */

static void utf8_put(char out[8], gunichar c)
{
	unsigned char *o = (unsigned char *)out;

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || c < 0x20)
		c = ' ';
	if (c < 0x80) {
		o[0] = (unsigned char)c;
		o[1] = 0;
	} else if (c < 0x800) {
		o[0] = (unsigned char)(0xC0 | c >> 6);
		o[1] = (unsigned char)(0x80 | (c & 0x3F));
		o[2] = 0;
	} else if (c < 0x10000) {
		o[0] = (unsigned char)(0xE0 | c >> 12);
		o[1] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (c & 0x3F));
		o[3] = 0;
	} else {
		o[0] = (unsigned char)(0xF0 | c >> 18);
		o[1] = (unsigned char)(0x80 | ((c >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((c >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (c & 0x3F));
		o[4] = 0;
	}
}

static ChafaCanvasMode chafa_mode(enum rd_render_colors colors)
{
	switch (colors) {
	case RD_RENDER_TRUECOLOR: return CHAFA_CANVAS_MODE_TRUECOLOR;
	/* 240, not 256: indices 0-15 are whatever the user's terminal theme
	 * says, so chafa cannot know their colour. */
	case RD_RENDER_256: return CHAFA_CANVAS_MODE_INDEXED_240;
	case RD_RENDER_16: return CHAFA_CANVAS_MODE_INDEXED_16;
	case RD_RENDER_MONO: return CHAFA_CANVAS_MODE_FGBG;
	}
	return CHAFA_CANVAS_MODE_TRUECOLOR;
}

rd_status rd_img_render(const struct rd_image *img, struct rd_img_view *view,
			enum rd_render_colors colors, int cols, int rows,
			struct rd_cells *cells, struct rd_err *err)
{
	ChafaSymbolMap *map = NULL;
	ChafaCanvasConfig *cfg = NULL;
	ChafaCanvas *canvas = NULL;
	int x0, y0, sw, sh, ox, oy, ucols, urows;
	int indexed = colors == RD_RENDER_256 || colors == RD_RENDER_16;
	double s;
	rd_status rc;

	rc = rd_cells_resize(cells, cols, rows);
	if (rc != RD_OK)
		return rd_err_set(err, rc, _("cannot render an image into %d x %d "
					     "cells"), cols, rows);
	if (!img || !img->rgba || img->width < 1 || img->height < 1)
		return rd_err_set(err, RD_ERR_INVALID, _("no image to render"));
	s = view_scale(img, view, cols, rows);
	view_clamp(view, img, s, cols, rows);
	axis(img->width, view->cx, s, cols, RD_CELL_PX_W, &x0, &sw, &ox, &ucols);
	axis(img->height, view->cy, s, rows, RD_CELL_PX_H, &y0, &sh, &oy, &urows);

	map = chafa_symbol_map_new();
	cfg = chafa_canvas_config_new();
	if (!map || !cfg) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory rendering the image"));
		goto cleanup;
	}
	chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK |
					  CHAFA_SYMBOL_TAG_BORDER |
					  CHAFA_SYMBOL_TAG_SPACE);
	chafa_canvas_config_set_geometry(cfg, ucols, urows);
	chafa_canvas_config_set_cell_geometry(cfg, RD_CELL_PX_W, RD_CELL_PX_H);
	chafa_canvas_config_set_canvas_mode(cfg, chafa_mode(colors));
	chafa_canvas_config_set_pixel_mode(cfg, CHAFA_PIXEL_MODE_SYMBOLS);
	chafa_canvas_config_set_symbol_map(cfg, map);
	canvas = chafa_canvas_new(cfg);
	if (!canvas) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory rendering the image"));
		goto cleanup;
	}
	chafa_canvas_draw_all_pixels(canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
				     img->rgba + ((size_t)y0 * img->width + x0) * 4,
				     sw, sh, img->width * 4);
	for (int y = 0; y < urows; y++) {
		for (int x = 0; x < ucols; x++) {
			struct rd_cell *c =
				&cells->cell[(size_t)(oy + y) * cols + ox + x];
			gint fg, bg;

			utf8_put(c->glyph, chafa_canvas_get_char_at(canvas, x, y));
			chafa_canvas_get_colors_at(canvas, x, y, &fg, &bg);
			c->fg = fg < 0 ? RD_CELL_NONE : (uint32_t)fg & 0xFFFFFF;
			c->bg = bg < 0 ? RD_CELL_NONE : (uint32_t)bg & 0xFFFFFF;
			if (indexed) {
				chafa_canvas_get_raw_colors_at(canvas, x, y, &fg, &bg);
				c->fg_index = (int16_t)(fg >= 0 && fg < 256 ? fg : -1);
				c->bg_index = (int16_t)(bg >= 0 && bg < 256 ? bg : -1);
			}
			/* A space shows only its background; chafa leaves an
			 * arbitrary foreground there. Making them equal keeps
			 * the viewer's colour-pair cache small. */
			if (c->glyph[0] == ' ' && c->glyph[1] == '\0') {
				c->fg = c->bg;
				c->fg_index = c->bg_index;
			}
		}
	}
	rc = RD_OK;
cleanup:
	if (canvas)
		chafa_canvas_unref(canvas);
	if (cfg)
		chafa_canvas_config_unref(cfg);
	if (map)
		chafa_symbol_map_unref(map);
	return rc;
}
