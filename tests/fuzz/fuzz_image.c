/*
 * fuzz_image.c — libFuzzer target for the scan decoding wrapper
 * (src/img_decode.c, full size and fitted to a box), the EXIF parser and,
 * for inputs that decode, the renderer (src/img_render.c: symbols, sixel
 * and kitty).
 *
 * Built and run by `make fuzz` (tests/fuzz/fuzz.sh); replayed over the
 * seeds and kept crashers by the unit test test_fuzz_replay.
 *
 * Seeds: any small JPEG/PNG/GIF/BMP (the demo scans, or the fixtures the
 * unit test writes). The pixel cap is kept small (4 megapixels) so the
 * fuzzer explores parsers rather than allocating; that cap and the
 * decoders' own deadline bound each run's time and memory.
 */
#include "fuzz.h"

#include "img_decode.h"
#include "img_render.h"

#include <chafa.h>
#include <stddef.h>
#include <stdint.h>

int fuzz_image(const uint8_t *data, size_t size)
{
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err;
	rd_status rc;
	/* even sizes: decoded for a small box (a JPEG at 1/2..1/8) */
	int box = size & 1 ? 0 : (int)(size % 61) + 4;

	/* libchafa renders on a glib thread pool whose threads allocate
	 * per-thread state at some point during a run; LeakSanitizer then
	 * reports glib's memory as leaked by whichever input was running.
	 * One thread keeps the findings ours. */
	chafa_set_n_threads(1);
	(void)rd_img_exif_orientation(data, size);
	(void)rd_img_probe(data, size, &info, &err);
	rc = rd_image_decode_fit(data, size, 4000000, box * 2, box, &img, &info,
				 &err);
	if (rc == RD_OK) {
		struct rd_cells cells = { 0 };
		struct rd_img_area area = { 24, 8, 0, 0 };
		struct rd_gfx_image gfx = { 0 };
		struct rd_img_view view;

		(void)rd_img_fit_denom(&info, box * 4, box * 2);
		rd_img_view_fit(&view, img);
		(void)rd_img_render(img, &view, RD_RENDER_256, &area, &cells, &err);
		(void)rd_image_rotate90(img, (int)(size & 3));
		rd_img_view_zoom(&view, 3.0);
		rd_img_view_pan(&view, img, &area, (int)(size % 7) - 3, 2);
		(void)rd_img_render(img, &view, RD_RENDER_TRUECOLOR, &area,
				    &cells, &err);
		/* the graphics protocols, at a small real cell size */
		area.cell_w = 6;
		area.cell_h = 12;
		(void)rd_img_render_gfx(img, &view,
					size & 2 ? RD_GFX_SIXEL : RD_GFX_KITTY,
					&area, &gfx, &err);
		rd_gfx_image_fini(&gfx);
		rd_cells_fini(&cells);
		rd_image_free(&img);
	}
	return 0;
}

FUZZ_ENTRY(fuzz_image)
