/*
 * scanread.c — `radesk-bench scanform OUT` draws one A4 application form
 * as the demo does (src/scandoc.c, 1240x1754, 150 dpi); `radesk-bench
 * scanread FILE` reads it as the worker does (scanread_bounded: a forked
 * child loading tesseract's chi_sim, deskew, seal, OCR, signature) and
 * prints the lines it found on stderr. bench.sh times the second with
 * `exec` against the tesseract command line on the same image.
 */
#include "bench.h"

#include "fsutil.h"
#include "scandoc.h"
#include "scanread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int bench_scanform(int argc, char **argv)
{
	struct scandoc d = { 0 };
	char *data = NULL;
	size_t n = 0;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: radesk-bench scanform OUT\n");
		return 2;
	}
	d.kind = SCANDOC_FORM;
	d.seed = 1;
	d.org = "深圳市华信达科技有限公司";
	d.uscc = "91440300MA5G7K3P28";
	d.handler = "李秀英";
	d.handler_id = "44030519900101123X";
	d.applicant = "张浩然";
	d.date = "2026年11月20日";
	d.seal = d.signature = 1;
	if (scandoc_render(&d, &data, &n, NULL) != RD_OK)
		return 1;
	scandoc_shutdown();
	f = fopen(argv[1], "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		free(data);
		return 1;
	}
	free(data);
	return 0;
}

int bench_scanread(int argc, char **argv)
{
	struct scanread_limits lim = { 25000000, 60000, 1024, NULL };
	struct scanread_result r;
	struct rd_err err = { 0 };
	char *data = NULL;
	size_t n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: radesk-bench scanread FILE\n");
		return 2;
	}
	if (rd_read_file(argv[1], 16 << 20, &data, &n, &err) != RD_OK ||
	    scanread_bounded(data, n, "application_form", &lim, &r, &err) !=
		    RD_OK) {
		fprintf(stderr, "radesk-bench scanread: %s\n", err.msg);
		free(data);
		return 1;
	}
	free(data);
	for (size_t i = 0; i < r.nLine; i++)
		fprintf(stderr, "%s\n", r.aLine[i].text);
	scanread_result_fini(&r);
	return r.status == SCANREAD_OK ? 0 : 1;
}
