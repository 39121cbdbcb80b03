/*
 * render.c — `radesk-bench render FILE COLS ROWS REPS`: what the scan
 * viewer does when it opens a scan — read the file, decode it
 * for the area (img_decode.h: rd_image_decode_fit, so a JPEG may be
 * decoded reduced), render it to COLS x ROWS cells in true colour
 * (img_render.h) — REPS times. Prints the median of each part. Run once
 * as a whole process it is the figure compared with the chafa
 * command-line tool (bench.sh).
 */
#include "bench.h"

#include "fsutil.h"
#include "img_decode.h"
#include "img_render.h"

#include <stdio.h>
#include <stdlib.h>

int bench_render(int argc, char **argv)
{
	struct rd_cells cells = { 0 };
	struct rd_img_area area = { 0 };
	struct rd_err err = { 0 };
	double *aDec = NULL, *aRen = NULL;
	long nRep;
	int rc = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: radesk-bench render FILE COLS ROWS REPS\n");
		return 2;
	}
	area.cols = (int)strtol(argv[2], NULL, 10);
	area.rows = (int)strtol(argv[3], NULL, 10);
	nRep = strtol(argv[4], NULL, 10);
	if (nRep < 1)
		nRep = 1;
	aDec = calloc((size_t)nRep, sizeof *aDec);
	aRen = calloc((size_t)nRep, sizeof *aRen);
	if (!aDec || !aRen)
		goto done;
	for (long r = 0; r < nRep; r++) {
		struct rd_image *img = NULL;
		struct rd_img_view view;
		char *zData = NULL;
		size_t n = 0;
		double t0 = bench_ms(), t1;

		/* The box the viewer asks for in symbols mode (8 pixels a
		 * cell column, cells twice as high as wide): wanted_box() in
		 * screens/viewer.c. */
		if (rd_read_file(argv[1], 64u << 20, &zData, &n, &err) != RD_OK ||
		    rd_image_decode_fit(zData, n, 0, (int)area.cols * 8,
					(int)area.rows * 16, &img, NULL,
					&err) != RD_OK) {
			fprintf(stderr, "radesk-bench render: %s\n", err.msg);
			free(zData);
			goto done;
		}
		free(zData);
		t1 = bench_ms();
		rd_img_view_fit(&view, img);
		if (rd_img_render(img, &view, RD_RENDER_TRUECOLOR, &area, &cells,
				  &err) != RD_OK) {
			fprintf(stderr, "radesk-bench render: %s\n", err.msg);
			rd_image_free(&img);
			goto done;
		}
		aDec[r] = t1 - t0;
		aRen[r] = bench_ms() - t1;
		rd_image_free(&img);
	}
	bench_put("render_decode_ms", "%.2f",
		  bench_percentile(aDec, (size_t)nRep, 0.5));
	bench_put("render_cells_ms", "%.2f",
		  bench_percentile(aRen, (size_t)nRep, 0.5));
	rc = 0;
done:
	rd_cells_fini(&cells);
	free(aDec);
	free(aRen);
	return rc;
}
