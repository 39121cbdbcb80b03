/*
 * img_render.h — render a decoded image for a terminal, two ways:
 *
 *   - symbols: a curses-free grid of cells, each one UTF-8 symbol with a
 *     foreground and background colour, computed by libchafa from the
 *     visible part of the image. The viewer draws it with ncurses; the
 *     tests inspect it directly. Works on any terminal.
 *   - pixels: the escape sequence of a terminal graphics protocol (sixel,
 *     or kitty's), also made by libchafa, that draws the visible part at
 *     the terminal's own resolution. The caller writes it to the tty at
 *     the picture's cell position, outside curses.
 *
 * Geometry: the area is cols x rows cells of cell_w x cell_h pixels (the
 * terminal's real cell size when it reports one, else RD_CELL_PX_W x
 * RD_CELL_PX_H, 1:2), so images keep their aspect ratio. At zoom 1 the
 * whole image fits the area; zoom 2 shows half the width and height,
 * magnified. Only the visible pixel rectangle is handed to chafa, which
 * scales it — cost is bounded by that rectangle and the area, not by the
 * zoom.
 */
#ifndef RD_IMG_RENDER_H
#define RD_IMG_RENDER_H

#include "core/err.h"
#include "img_decode.h"

#include <stdint.h>

#define RD_CELL_PX_W 10
#define RD_CELL_PX_H 20
#define RD_IMG_ZOOM_MIN 0.125
#define RD_IMG_ZOOM_MAX 64.0

/* RGB as 0xRRGGBB; RD_CELL_NONE for "no colour" (terminal default). */
#define RD_CELL_NONE 0xFFFFFFFFu

struct rd_cell {
	char glyph[8];      /* UTF-8, NUL-terminated; " " for an empty cell */
	uint32_t fg, bg;    /* 0xRRGGBB or RD_CELL_NONE */
	int16_t fg_index;   /* palette index in RD_RENDER_256/16 mode, else -1 */
	int16_t bg_index;
};

/* cols*rows cells, row-major. Owns cell. */
struct rd_cells {
	int cols, rows;
	struct rd_cell *cell;
};

enum rd_render_colors {
	RD_RENDER_TRUECOLOR,
	RD_RENDER_256,
	RD_RENDER_16,
	RD_RENDER_MONO        /* foreground/background only */
};

/* Where the picture goes: cols x rows cells of cell_w x cell_h pixels;
 * cell_w or cell_h <= 0 means RD_CELL_PX_W x RD_CELL_PX_H. */
struct rd_img_area {
	int cols, rows;
	int cell_w, cell_h;
};

/* What part of the image is shown. */
struct rd_img_view {
	double zoom;          /* 1.0 = fit; clamped to ZOOM_MIN..ZOOM_MAX */
	double cx, cy;        /* centre of the view in image pixels */
};

/* Size the buffer to cols x rows, all cells blank. Reuses the allocation
 * when it is large enough. RD_ERR_INVALID for a non-positive size. Free
 * with rd_cells_fini(). */
rd_status rd_cells_resize(struct rd_cells *cells, int cols, int rows);

/* Release the cells; the struct can be reused (zeroed). */
void rd_cells_fini(struct rd_cells *cells);

/* Borrowed pointer to cell (col,row); NULL when outside. */
const struct rd_cell *rd_cells_peek(const struct rd_cells *cells, int col,
				    int row);

/* Fit the whole image, centred. */
void rd_img_view_fit(struct rd_img_view *view, const struct rd_image *img);

/* Multiply the zoom by factor (clamped), keeping the centre. */
void rd_img_view_zoom(struct rd_img_view *view, double factor);

/* Move the view by dcols/drows cells of area at the current zoom; the
 * centre is clamped so the view stays on the image. */
void rd_img_view_pan(struct rd_img_view *view, const struct rd_image *img,
		     const struct rd_img_area *area, int dcols, int drows);

/*
 * Render the visible part of img into cells (resized to area's cols x
 * rows). The view is clamped in place (so repeated panning past an edge
 * does not accumulate). Cells outside the image are blank with
 * RD_CELL_NONE colours. img, view and area are borrowed.
 */
rd_status rd_img_render(const struct rd_image *img, struct rd_img_view *view,
			enum rd_render_colors colors,
			const struct rd_img_area *area, struct rd_cells *cells,
			struct rd_err *err);

/* ------------------------------------------------ terminal graphics */

enum rd_gfx {
	RD_GFX_SYMBOLS = 0,   /* cells through curses (rd_img_render) */
	RD_GFX_SIXEL,         /* DEC sixel, in DCS ... ST */
	RD_GFX_KITTY          /* kitty graphics protocol, in APC ... ST */
};

/* What is known about the terminal, for rd_gfx_choose(). Strings may be
 * NULL (unset). */
struct rd_gfx_hints {
	const char *term;           /* $TERM */
	const char *kitty_window;   /* $KITTY_WINDOW_ID */
	const char *tmux;           /* $TMUX */
	int terminfo_sixel;         /* terminfo's extended Sxl flag is set */
	int cell_px_known;          /* the tty reports its size in pixels */
};

/*
 * The mode for [viewer] graphics = zConfig ("auto", "symbols", "sixel",
 * "kitty"; NULL or anything else is "auto"). No query is sent to the
 * terminal: its answer would arrive as keystrokes in the middle of
 * curses' input. auto picks kitty for TERM=xterm-kitty or a
 * KITTY_WINDOW_ID; sixel when terminfo has Sxl or TERM starts with foot,
 * mlterm, contour or wezterm; symbols otherwise, and always inside tmux
 * or screen (they drop or mangle both protocols). Sixel, even when
 * configured, needs cell_px_known: drawn at a guessed size it could run
 * past the area and scroll the screen. Kitty scales to the cells it is
 * given, so it needs no pixel size.
 */
enum rd_gfx rd_gfx_choose(const char *zConfig, const struct rd_gfx_hints *h);

/* A picture as a terminal graphics escape sequence. */
struct rd_gfx_image {
	char *seq;            /* owned; NUL-terminated, len bytes */
	size_t len;
	int col, row;         /* top-left cell inside the area */
	int cols, rows;       /* cells it covers */
	int px_w, px_h;       /* pixels sent */
};

/*
 * Render the visible part of img as a sixel or kitty sequence (gfx must
 * be one of them) for area, at cell_w x cell_h pixels a cell. The caller
 * writes out->seq with the cursor at cell (out->col, out->row) of the
 * area and must not let the picture's cells be drawn over by curses. A
 * sixel is at most cols*cell_w x rows*cell_h pixels (the height rounded
 * down to whole sixel bands), so it never scrolls the screen; the kitty
 * sequence asks for no answer and does not move the cursor. The view is
 * clamped as in rd_img_render(). Free out with rd_gfx_image_fini().
 */
rd_status rd_img_render_gfx(const struct rd_image *img,
			    struct rd_img_view *view, enum rd_gfx gfx,
			    const struct rd_img_area *area,
			    struct rd_gfx_image *out, struct rd_err *err);

void rd_gfx_image_fini(struct rd_gfx_image *g);

/* Kitty: remove every picture from the screen and free its data. Kitty
 * pictures sit above the text: neither clearing the screen nor writing
 * over their cells removes them. Static string. */
const char *rd_gfx_kitty_delete_all(void);

#endif
