/*
 * fuzz_bundle.c — fuzz target for the bundle reader
 * (src/ingest/bundle.c): every archive rule, the manifest and the scans
 * of a submission zip.
 *
 * ingest_bundle_read() takes a path (it hashes and stats the file as
 * ingest does), so each input is written to one temp file that lives as
 * long as the process. A bundle that passes must be whole: one scan per
 * listed file, each holding exactly the declared bytes.
 */
#include "fuzz.h"

#include "ingest/bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char bnd_path[64];

static void bnd_cleanup(void)
{
	if (bnd_path[0])
		unlink(bnd_path);
}

static int bnd_write(const uint8_t *data, size_t size)
{
	FILE *f;
	int fd;

	if (!bnd_path[0]) {
		snprintf(bnd_path, sizeof bnd_path, "/tmp/radesk-fuzz-XXXXXX");
		fd = mkstemp(bnd_path);
		if (fd < 0) {
			bnd_path[0] = '\0';
			return -1;
		}
		close(fd);
		atexit(bnd_cleanup);
	}
	f = fopen(bnd_path, "wb");
	if (!f)
		return -1;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return -1;
	}
	return fclose(f) == 0 ? 0 : -1;
}

int fuzz_bundle(const uint8_t *data, size_t size)
{
	struct ingest_bundle *b = NULL;
	struct ingest_limits lim;
	struct rd_err err;
	rd_status rc;

	if (bnd_write(data, size) != 0)
		abort();
	ingest_limits_default(&lim);
	/* Small limits keep each run fast and reach the limit checks. */
	lim.max_scan_bytes = 256 * 1024;
	lim.max_total_bytes = 1024 * 1024;
	rc = ingest_bundle_read(bnd_path, &lim, &b, &err);
	if (rc == RD_OK) {
		if (!b || !b->m || (b->m->nFile && !b->aScan))
			abort();
		for (size_t i = 0; i < b->m->nFile; i++) {
			const struct ingest_scan *s = &b->aScan[i];

			if (s->file_index != i ||
			    (int64_t)s->n != b->m->aFile[i].size)
				abort();
		}
		if (strlen(b->manifest_json) != b->manifest_len)
			abort();
	} else if (b) {
		abort();
	}
	ingest_bundle_free(&b);
	return 0;
}

FUZZ_ENTRY(fuzz_bundle)
