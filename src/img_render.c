/*
 * img_render.c — rd_image -> cell buffer or graphics sequence, through
 * libchafa.
 *
 * We ask chafa for a canvas only as large as the visible part of the image
 * (in cells, aspect kept) and hand it the visible pixel rectangle with the
 * full row stride, so no copy or pre-scaling of a 12-megapixel scan is
 * made here; chafa's own scaler does the work. For sixel and kitty output
 * the same canvas is printed with a term info of our own, so the bytes do
 * not depend on what chafa's database thinks of $TERM.
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

/* The area's cell size in pixels, with the 1:2 default. */
static void cell_px(const struct rd_img_area *area, int *cw, int *ch)
{
	int known = area->cell_w > 0 && area->cell_h > 0;

	*cw = known ? area->cell_w : RD_CELL_PX_W;
	*ch = known ? area->cell_h : RD_CELL_PX_H;
}

/* Area pixels per image pixel at this zoom. */
static double view_scale(const struct rd_image *img,
			 const struct rd_img_view *view,
			 const struct rd_img_area *area)
{
	int cw, ch;
	double sx, sy, z = clampd(view->zoom, RD_IMG_ZOOM_MIN, RD_IMG_ZOOM_MAX);

	cell_px(area, &cw, &ch);
	sx = (double)area->cols * cw / img->width;
	sy = (double)area->rows * ch / img->height;
	return (sx < sy ? sx : sy) * z;
}

/* Keep the centre where the view stays on the image (or centred when
 * the whole extent fits). */
static void view_clamp(struct rd_img_view *view, const struct rd_image *img,
		       double s, const struct rd_img_area *area)
{
	int cw, ch;
	double vw, vh;

	cell_px(area, &cw, &ch);
	vw = (double)area->cols * cw / s;
	vh = (double)area->rows * ch / s;

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
		     const struct rd_img_area *area, int dcols, int drows)
{
	int cw, ch;
	double s;

	if (!img || !area || area->cols < 1 || area->rows < 1)
		return;
	cell_px(area, &cw, &ch);
	s = view_scale(img, view, area);
	view->cx += (double)dcols * cw / s;
	view->cy += (double)drows * ch / s;
	view_clamp(view, img, s, area);
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

/* The visible part of an image: the pixel rectangle x0,y0 sw x sh, shown
 * in ucols x urows cells from cell (ox, oy) of the area. */
struct visible {
	int x0, y0, sw, sh;
	int ox, oy, ucols, urows;
};

/* Clamp the view and work out what is visible. RD_ERR_INVALID for no
 * image or an empty area. */
static rd_status visible_part(const struct rd_image *img,
			      struct rd_img_view *view,
			      const struct rd_img_area *area, struct visible *v,
			      struct rd_err *err)
{
	int cw, ch;
	double s;

	if (!area || area->cols < 1 || area->rows < 1 || area->cols > 4096 ||
	    area->rows > 4096)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("cannot render an image into %d x %d cells"),
				  area ? area->cols : 0, area ? area->rows : 0);
	if (!img || !img->rgba || img->width < 1 || img->height < 1)
		return rd_err_set(err, RD_ERR_INVALID, _("no image to render"));
	cell_px(area, &cw, &ch);
	s = view_scale(img, view, area);
	view_clamp(view, img, s, area);
	axis(img->width, view->cx, s, area->cols, cw, &v->x0, &v->sw, &v->ox,
	     &v->ucols);
	axis(img->height, view->cy, s, area->rows, ch, &v->y0, &v->sh, &v->oy,
	     &v->urows);
	return RD_OK;
}

/*
 * A chafa canvas of the visible part in ucols x urows cells of area's
 * cell size, with the visible pixels drawn into it. map is the symbol
 * map (symbols only; NULL otherwise). NULL when out of memory; the caller
 * unrefs the canvas.
 */
static ChafaCanvas *visible_canvas(const struct rd_image *img,
				   const struct visible *v,
				   const struct rd_img_area *area,
				   ChafaCanvasMode mode, ChafaPixelMode pixels,
				   ChafaSymbolMap *map)
{
	ChafaCanvasConfig *cfg = chafa_canvas_config_new();
	ChafaCanvas *canvas;
	int cw, ch;

	if (!cfg)
		return NULL;
	cell_px(area, &cw, &ch);
	chafa_canvas_config_set_geometry(cfg, v->ucols, v->urows);
	chafa_canvas_config_set_cell_geometry(cfg, cw, ch);
	chafa_canvas_config_set_canvas_mode(cfg, mode);
	chafa_canvas_config_set_pixel_mode(cfg, pixels);
	if (map)
		chafa_canvas_config_set_symbol_map(cfg, map);
	canvas = chafa_canvas_new(cfg);
	chafa_canvas_config_unref(cfg);
	if (canvas)
		chafa_canvas_draw_all_pixels(
			canvas, CHAFA_PIXEL_RGBA8_UNASSOCIATED,
			img->rgba + ((size_t)v->y0 * img->width + v->x0) * 4,
			v->sw, v->sh, img->width * 4);
	return canvas;
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
			enum rd_render_colors colors,
			const struct rd_img_area *area, struct rd_cells *cells,
			struct rd_err *err)
{
	ChafaSymbolMap *map = NULL;
	ChafaCanvas *canvas = NULL;
	struct visible v;
	int indexed = colors == RD_RENDER_256 || colors == RD_RENDER_16;
	rd_status rc;

	rc = visible_part(img, view, area, &v, err);
	if (rc != RD_OK)
		return rc;
	rc = rd_cells_resize(cells, area->cols, area->rows);
	if (rc != RD_OK)
		return rd_err_set(err, rc, _("out of memory rendering the image"));
	map = chafa_symbol_map_new();
	if (map) {
		chafa_symbol_map_add_by_tags(map, CHAFA_SYMBOL_TAG_BLOCK |
						  CHAFA_SYMBOL_TAG_BORDER |
						  CHAFA_SYMBOL_TAG_SPACE);
		canvas = visible_canvas(img, &v, area, chafa_mode(colors),
					CHAFA_PIXEL_MODE_SYMBOLS, map);
	}
	if (!canvas) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory rendering the image"));
		goto cleanup;
	}
	for (int y = 0; y < v.urows; y++) {
		for (int x = 0; x < v.ucols; x++) {
			struct rd_cell *c = &cells->cell[(size_t)(v.oy + y) *
								 area->cols +
							 v.ox + x];
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
	if (map)
		chafa_symbol_map_unref(map);
	return rc;
}

/* ---------------------------------------------------- terminal graphics */

/* TERM starts with one of the space-separated prefixes. */
static int term_is(const char *zTerm, const char *zPrefixes)
{
	const char *p = zPrefixes;

	if (!zTerm || !*zTerm)
		return 0;
	while (*p) {
		size_t n = strcspn(p, " ");

		if (n && strncmp(zTerm, p, n) == 0)
			return 1;
		p += n;
		p += strspn(p, " ");
	}
	return 0;
}

enum rd_gfx rd_gfx_choose(const char *zConfig, const struct rd_gfx_hints *h)
{
	int in_mux;

	if (zConfig && strcmp(zConfig, "symbols") == 0)
		return RD_GFX_SYMBOLS;
	if (zConfig && strcmp(zConfig, "kitty") == 0)
		return RD_GFX_KITTY;
	if (zConfig && strcmp(zConfig, "sixel") == 0)
		return h->cell_px_known ? RD_GFX_SIXEL : RD_GFX_SYMBOLS;
	in_mux = (h->tmux && *h->tmux) || term_is(h->term, "screen tmux");
	if (in_mux)
		return RD_GFX_SYMBOLS;
	if ((h->term && strcmp(h->term, "xterm-kitty") == 0) ||
	    (h->kitty_window && *h->kitty_window))
		return RD_GFX_KITTY;
	if (h->cell_px_known &&
	    (h->terminfo_sixel || term_is(h->term, "foot mlterm contour wezterm")))
		return RD_GFX_SIXEL;
	return RD_GFX_SYMBOLS;
}

/*
 * Our sequences. Sixel: P2 = 1 leaves transparent pixels alone. Kitty:
 * a=T transmits and shows at the cursor, q=2 asks for no answer (an
 * answer would arrive as input), C=1 keeps the cursor where it is; c and
 * r make the terminal fit the pixels to exactly those cells.
 */
static ChafaTermInfo *gfx_term_info(void)
{
	static const struct {
		ChafaTermSeq seq;
		const char *z;
	} aSeq[] = {
		{ CHAFA_TERM_SEQ_BEGIN_SIXELS, "\033P%1;%2;%3q" },
		{ CHAFA_TERM_SEQ_END_SIXELS, "\033\\" },
		{ CHAFA_TERM_SEQ_BEGIN_KITTY_IMMEDIATE_IMAGE_V1,
		  "\033_Ga=T,q=2,C=1,f=%1,s=%2,v=%3,c=%4,r=%5,m=1\033\\" },
		{ CHAFA_TERM_SEQ_END_KITTY_IMAGE, "\033_Gq=2,m=0\033\\" },
		{ CHAFA_TERM_SEQ_BEGIN_KITTY_IMAGE_CHUNK, "\033_Gq=2,m=1;" },
		{ CHAFA_TERM_SEQ_END_KITTY_IMAGE_CHUNK, "\033\\" },
	};
	ChafaTermInfo *ti = chafa_term_info_new();

	if (!ti)
		return NULL;
	for (size_t i = 0; i < sizeof aSeq / sizeof aSeq[0]; i++) {
		if (chafa_term_info_set_seq(ti, aSeq[i].seq, aSeq[i].z, NULL) < 0) {
			chafa_term_info_unref(ti);
			return NULL;
		}
	}
	return ti;
}

const char *rd_gfx_kitty_delete_all(void)
{
	return "\033_Ga=d,d=A,q=2\033\\";
}

void rd_gfx_image_fini(struct rd_gfx_image *g)
{
	if (!g)
		return;
	free(g->seq);
	memset(g, 0, sizeof *g);
}

rd_status rd_img_render_gfx(const struct rd_image *img,
			    struct rd_img_view *view, enum rd_gfx gfx,
			    const struct rd_img_area *area,
			    struct rd_gfx_image *out, struct rd_err *err)
{
	ChafaCanvas *canvas = NULL;
	ChafaTermInfo *ti = NULL;
	GString *gs = NULL;
	struct visible v;
	int cw, ch;
	rd_status rc;

	rd_gfx_image_fini(out);
	if (gfx != RD_GFX_SIXEL && gfx != RD_GFX_KITTY)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("no terminal graphics protocol chosen"));
	rc = visible_part(img, view, area, &v, err);
	if (rc != RD_OK)
		return rc;
	cell_px(area, &cw, &ch);
	ti = gfx_term_info();
	if (ti)
		canvas = visible_canvas(img, &v, area, CHAFA_CANVAS_MODE_TRUECOLOR,
					gfx == RD_GFX_SIXEL ? CHAFA_PIXEL_MODE_SIXELS
							    : CHAFA_PIXEL_MODE_KITTY,
					NULL);
	if (!canvas) {
		rc = rd_err_set(err, RD_ERR_NOMEM,
				_("out of memory rendering the image"));
		goto cleanup;
	}
	gs = chafa_canvas_print(canvas, ti);
	out->seq = gs ? malloc(gs->len + 1) : NULL;
	if (!out->seq) {
		rc = rd_err_set(err, RD_ERR_NOMEM,
				_("out of memory rendering the image"));
		goto cleanup;
	}
	memcpy(out->seq, gs->str, gs->len);
	out->seq[gs->len] = '\0';
	out->len = gs->len;
	out->col = v.ox;
	out->row = v.oy;
	out->cols = v.ucols;
	out->rows = v.urows;
	out->px_w = v.ucols * cw;
	/* sixels come in bands of 6 rows; chafa rounds down */
	out->px_h = v.urows * ch - (gfx == RD_GFX_SIXEL ? v.urows * ch % 6 : 0);
	rc = RD_OK;
cleanup:
	if (gs)
		g_string_free(gs, TRUE);
	if (canvas)
		chafa_canvas_unref(canvas);
	if (ti)
		chafa_term_info_unref(ti);
	return rc;
}
