/*
 * bundles.c — `radesk-bench bundles DIR N SCANS`: write the first
 * versions of a `radesk demo` plan of N applications into DIR as bundle
 * zips (demo.h), without ingesting them: the input of the ingest row.
 * About one in seven carries a planted defect, as in the demo, so the
 * ingest run quarantines a few, as it would in real life.
 */
#include "bench.h"

#include "clock.h"
#include "demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

int bench_bundles(int argc, char **argv)
{
	struct demo_opts o = { 0 };
	struct demo_plan *plan = NULL;
	struct rd_err err = { 0 };
	long nBundle = 0;
	int64_t nByte = 0;
	int rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: radesk-bench bundles DIR N SCANS\n");
		return 2;
	}
	o.nApps = (int)strtol(argv[2], NULL, 10);
	o.seed = 2026;
	o.now = rd_now();
	o.tariff_fen[0] = 20000;
	o.tariff_fen[1] = 30000;
	o.tariff_fen[2] = 50000;
	o.scans_dir = argv[3];
	if (demo_plan_new(&o, &plan, &err) != RD_OK)
		goto fail;
	for (size_t i = 0; i < demo_plan_count(plan); i++) {
		const struct demo_step *s = demo_plan_step(plan, i);
		char zPath[4096];
		struct stat sb;

		if (s->kind != DEMO_STEP_BUNDLE || s->version != 1)
			continue;
		if (demo_bundle_write(plan, s, argv[1], zPath, sizeof zPath,
				      &err) != RD_OK)
			goto fail;
		if (stat(zPath, &sb) == 0)
			nByte += sb.st_size;
		nBundle++;
	}
	bench_put("bundles", "%ld", nBundle);
	bench_put("bundles_bytes", "%lld", (long long)nByte);
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "radesk-bench bundles: %s\n", err.msg);
done:
	demo_plan_free(&plan);
	return rc;
}
