/*
 * fuzz_manifest.c — fuzz target for the manifest parser
 * (src/ingest/manifest.c) and, for manifests that parse, the pre-checks
 * (src/ingest/precheck.c), which read every field.
 *
 * Invariants checked beyond "no crash": every string the parser keeps is
 * valid UTF-8 without NUL, file paths lie under files/, the file count is
 * within the spec's limit and every finding is NUL-terminated.
 */
#include "fuzz.h"

#include "core/text.h"
#include "ingest/manifest.h"
#include "ingest/precheck.h"

#include <stdlib.h>
#include <string.h>

static void man_check_str(const char *z)
{
	if (z && !rd_text_utf8_valid(z, strlen(z)))
		abort();
}

static void man_check_person(const struct ingest_person *p)
{
	man_check_str(p->name);
	man_check_str(p->id_type);
	man_check_str(p->id_no);
	man_check_str(p->mobile);
	man_check_str(p->email);
	man_check_str(p->position);
}

static void man_check(const struct ingest_manifest *m)
{
	man_check_str(m->format);
	man_check_str(m->app_no);
	man_check_str(m->channel);
	man_check_str(m->cert.serial);
	man_check_str(m->cert.holder);
	man_check_str(m->org.name);
	man_check_str(m->org.id_no);
	man_check_str(m->org.address);
	man_check_person(&m->handler);
	if (m->has_applicant)
		man_check_person(&m->applicant);
	man_check_str(m->ship.address);
	man_check_str(m->pay.method);
	man_check_str(m->pay.payer_name);
	if (m->nFile > INGEST_MAX_FILES)
		abort();
	for (size_t i = 0; i < m->nFile; i++) {
		const struct ingest_file_entry *f = &m->aFile[i];

		man_check_str(f->path);
		if (!f->path || strncmp(f->path, "files/", 6) != 0)
			abort();
		if (strlen(f->sha256) != 64 || f->size < 0)
			abort();
		if ((int)f->role < 0 || f->role >= INGEST_ROLE_COUNT)
			abort();
	}
}

int fuzz_manifest(const uint8_t *data, size_t size)
{
	struct ingest_manifest *m = NULL;
	struct ingest_findings found;
	struct ingest_history hist;
	struct ingest_precheck_in in;
	struct rd_err err;

	if (ingest_manifest_parse((const char *)data, size, &m, &err) != RD_OK)
		return 0;
	man_check(m);

	memset(&hist, 0, sizeof hist);
	hist.rejected_org = (int)(size & 1);
	memcpy(hist.rejected_app_no, "A0001", 6);
	memset(&in, 0, sizeof in);
	in.m = m;
	in.tariff_fen[0] = 10000;
	in.tariff_fen[1] = 30000;
	in.tariff_fen[2] = 50000;
	in.min_scan_pixels = 300;
	in.hist = &hist;
	ingest_findings_init(&found);
	if (ingest_precheck(&in, &found) == RD_OK) {
		for (size_t i = 0; i < found.n; i++)
			if (!memchr(found.a[i].arg, '\0', sizeof found.a[i].arg) ||
			    !memchr(found.a[i].field, '\0',
				    sizeof found.a[i].field))
				abort();
		(void)ingest_findings_risk(&found);
	}
	ingest_findings_fini(&found);
	ingest_manifest_free(&m);
	if (m)
		abort();
	return 0;
}

FUZZ_ENTRY(fuzz_manifest)
