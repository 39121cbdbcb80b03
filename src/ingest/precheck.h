/*
 * precheck.h — automatic pre-checks of a bundle, recorded as findings and
 * shown to the auditor with a severity. Pure: what the database knows
 * (other open applications, earlier rejections) comes in as
 * struct ingest_history, filled by store_ingest_history().
 *
 * A finding's message is an English msgid (N_() text) translated when it
 * is shown; arg is the value shown with it (never a full ID number:
 * personal data stays in app_versions, masked on screen).
 */
#ifndef RD_INGEST_PRECHECK_H
#define RD_INGEST_PRECHECK_H

#include "core/err.h"
#include "ingest/bundle.h"
#include "ingest/manifest.h"

#include <stddef.h>
#include <stdint.h>

enum ingest_severity {
	INGEST_SEV_INFO = 0,
	INGEST_SEV_WARNING = 1,
	INGEST_SEV_ERROR = 2,
	INGEST_SEV_RISK = 3
};

/* "info", "warning", "error", "risk" (the findings.severity values). */
const char *ingest_severity_name(enum ingest_severity s);

struct ingest_finding {
	char code[40];            /* "resident_id_check", ... */
	enum ingest_severity severity;
	char field[64];           /* manifest path, "handler.id_no" */
	const char *message;      /* static English msgid */
	char arg[192];
};

/* A growable list of findings; owns its array. */
struct ingest_findings {
	struct ingest_finding *a;
	size_t n, cap;
};

void ingest_findings_init(struct ingest_findings *f);
void ingest_findings_fini(struct ingest_findings *f);
rd_status ingest_findings_add(struct ingest_findings *f, const char *code,
			      enum ingest_severity sev, const char *field,
			      const char *message, const char *arg);
/* Highest severity present, 0 when empty (the applications.risk value). */
int ingest_findings_risk(const struct ingest_findings *f);
/* First finding with this code, or NULL. Borrowed. */
const struct ingest_finding *ingest_findings_find(
	const struct ingest_findings *f, const char *code);

/* What the database says about the people, organisation and certificate. */
struct ingest_history {
	int open_same_serial;         /* other open applications, same serial */
	char open_serial_app_no[48];  /* one of them */
	int open_same_org;            /* other open applications, same org ID */
	char open_org_app_no[48];
	int rejected_org;             /* earlier rejected versions, same org ID */
	int rejected_person;          /* ... same handler/applicant ID number */
	char rejected_app_no[48];
};

struct ingest_precheck_in {
	const struct ingest_manifest *m;
	const struct ingest_scan *aScan;   /* m->nFile, or NULL: skip scans */
	int64_t tariff_fen[3];             /* by enum rd_app_type */
	/* revision 2: renewal price a year by holder (0 org, 1 personal) and
	 * algorithm (0 SM2, 1 RSA, 2 SM2+RSA); all 0: not configured */
	int64_t renew_year_fen[2][3];
	int min_scan_pixels;
	const struct ingest_history *hist; /* NULL: no history checks */
};

/* The amount the application should have paid: the [tariffs] price of
 * its type, or for a renewal with years (revision 2) years x the price a
 * year of its holder and algorithm; 0 for a sync_only renewal. */
int64_t ingest_expected_fen(const struct ingest_precheck_in *in);

/* Run every pre-check and append the findings to *out. RD_ERR_NOMEM only. */
rd_status ingest_precheck(const struct ingest_precheck_in *in,
			  struct ingest_findings *out);

#endif
