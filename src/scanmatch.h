/*
 * scanmatch.h — from read lines to fields, verdicts and findings (no I/O).
 *
 * Per role: business_license → org (after "名称"), uscc (18 characters
 * anywhere with a valid GB 32100 check character, after fixing the usual
 * OCR confusions O/0, I/1, Z/2, S/5); id_front → name (after "姓名"),
 * id_no (GB 11643, likewise); application_form → org, uscc, handler,
 * handler_id, applicant, date; id_back → nothing but readability.
 *
 * Codes are compared exactly once their check character holds (a read
 * code that fails its check is "unread", never a mismatch); names through
 * rd_scan_compare_name(). Findings (warnings, stored as codes):
 * licence_name_mismatch, licence_uscc_mismatch, id_number_mismatch,
 * id_name_mismatch, form_field_mismatch (one per field), form_seal_missing,
 * scan_unreadable.
 */
#ifndef RD_SCANMATCH_H
#define RD_SCANMATCH_H

#include "core/scantext.h"
#include "scanread.h"

#define SCANMATCH_MAX 8

struct scanmatch_field {
	const char *name;          /* static: org uscc handler handler_id applicant date name id_no */
	char value[160];           /* as read, sanitised; "" when unread */
	char expected[160];        /* as typed */
	enum rd_scan_verdict verdict;
	int conf;
	struct scanread_box box;
};

struct scanmatch_finding {
	const char *code;          /* static */
	char field[24];            /* manifest path it is about, or "" */
	char arg[200];             /* what was read */
};

struct scanmatch {
	struct scanmatch_field aField[SCANMATCH_MAX];
	size_t nField;
	struct scanmatch_finding aFinding[SCANMATCH_MAX];
	size_t nFinding;
};

/* What the customer typed (borrowed; NULL or "" = not given). */
struct scanmatch_expect {
	const char *org, *uscc;
	const char *handler, *handler_id;
	const char *applicant, *applicant_id;
	int personal;              /* the ID card is the applicant's */
};

void scanmatch_run(const char *role, const struct scanread_result *r,
		   const struct scanmatch_expect *e, struct scanmatch *out);

/* The English msgid (N_) of a finding code, for findings.message; the
 * label of a field ("Organisation", ...) likewise. Never NULL. */
const char *scanmatch_message(const char *code);
const char *scanmatch_field_label(const char *field);

/* Find a valid 18-character code in text (uscc: GB 32100, else resident
 * ID) into out[19], its check character right and its structure
 * plausible (division digits, birth date); 1 when found. Exposed for the
 * tests. */
int scanmatch_find_code(const char *text, int uscc, char out[19]);

#endif
