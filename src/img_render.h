/*
 * img_render.h — render a decoded image into a grid of terminal cells.
 *
 * The cell buffer is curses-free: each cell is one UTF-8 symbol with a
 * foreground and background colour, computed by libchafa from the visible
 * part of the image. The viewer screen draws it with ncurses; the tests
 * inspect it directly.
 *
 * Geometry: a terminal cell is taken to be RD_CELL_PX_W x RD_CELL_PX_H
 * pixels (1:2), so images keep their aspect ratio. At zoom 1 the whole
 * image fits the area; zoom 2 shows half the width and height, magnified.
 * Only the visible pixel rectangle is handed to chafa, which scales it to
 * the cells — cost is bounded by that rectangle and the cell count, not by
 * the zoom.
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

/* Move the view by dcols/drows cells at the current zoom for an area of
 * cols x rows cells; the centre is clamped so the view stays on the image. */
void rd_img_view_pan(struct rd_img_view *view, const struct rd_image *img,
		     int cols, int rows, int dcols, int drows);

/*
 * Render the visible part of img into cells (resized to cols x rows). The
 * view is clamped in place (so repeated panning past an edge does not
 * accumulate). Cells outside the image are blank with RD_CELL_NONE colours.
 * img and view are borrowed.
 */
rd_status rd_img_render(const struct rd_image *img, struct rd_img_view *view,
			enum rd_render_colors colors, int cols, int rows,
			struct rd_cells *cells, struct rd_err *err);

#endif
