/*
 * manifest.h — manifest.json of a submission bundle, format 1
 * (spec/bundle-v1.md), parsed on jansson into plain C fields.
 *
 * Validation here is structural: required keys, JSON types, enumerations,
 * RFC 3339 times, money as integer fen, file entries (role, path under
 * files/, 64-hex sha256, size). Errors name the exact manifest path
 * ("handler.id_no", "files[2].sha256"). Business plausibility (check
 * characters, tariffs, account names) is not an error here: those are
 * findings of the pre-checks (ingest/precheck.h), shown to auditors.
 *
 * Every string field is owned by the manifest (malloc'd, valid UTF-8
 * without NUL bytes); an absent optional string is NULL. Free everything
 * with ingest_manifest_free().
 */
#ifndef RD_INGEST_MANIFEST_H
#define RD_INGEST_MANIFEST_H

#include "core/err.h"
#include "core/state.h"

#include <stddef.h>
#include <stdint.h>

#define INGEST_FORMAT_1 "radesk-bundle/1"
#define INGEST_MAX_FILES 64

enum ingest_file_role {
	INGEST_ROLE_APPLICATION_FORM,
	INGEST_ROLE_BUSINESS_LICENSE,
	INGEST_ROLE_ID_FRONT,
	INGEST_ROLE_ID_BACK,
	INGEST_ROLE_OTHER,
	INGEST_ROLE_COUNT
};

/* "application_form", ...; "?" when out of range. */
const char *ingest_role_name(enum ingest_file_role r);
/* Translated label ("Application form"). */
const char *ingest_role_label(enum ingest_file_role r);

struct ingest_person {
	char *name;
	char *id_type;     /* "resident_id", "passport", ... */
	char *id_no;
	char *mobile;
	char *email;       /* optional */
	char *position;    /* optional (handler only) */
};

/* One bank transfer of payment.transfers[] (revision 2). */
struct ingest_transfer {
	char *payer_account, *payer_name, *date;
	char *memo;        /* optional (备注说明) */
	int64_t amount_fen;
};

struct ingest_file_entry {
	enum ingest_file_role role;
	char *path;        /* "files/..." */
	char sha256[65];   /* lowercase hex */
	int64_t size;
};

struct ingest_manifest {
	char *format;
	char *app_no;               /* 8-32 ASCII digits */
	char *order_no;             /* optional (revision 2), 8-32 digits */
	char *related_app_no;       /* optional (revision 2), 8-32 digits */
	int64_t version;
	enum rd_app_type type;
	int64_t submitted_at;
	char *submitted_at_text;
	char *channel;              /* optional */

	struct {
		char *serial;           /* optional for "new" */
		char *holder;           /* "org" | "personal" */
		char *algorithm;        /* "SM2" | "RSA" | "SM2+RSA" */
		int has_not_after;
		int64_t not_after;
		char *subject_cn;       /* optional */
		int has_paired;         /* revision 2: the other certificate */
		struct {
			char *serial, *algorithm;
			int has_not_after;
			int64_t not_after;
		} paired;
	} cert;

	int has_legal_rep;          /* revision 2: 法定代表人 */
	struct {
		char *name, *id_type, *id_no;
	} legal_rep;
	char *auth_method;          /* optional: "bank_deposit" | "sms" */

	struct {
		char *name;
		char *id_type;
		char *id_no;
		char *province, *city, *address;  /* optional */
	} org;

	struct ingest_person handler;
	int has_applicant;
	struct ingest_person applicant;

	int has_financial;
	struct {
		char *account_name, *bank, *account_no;
	} fin;

	int has_shipping;
	struct {
		char *recipient, *mobile, *province, *city, *county, *address,
			*postcode;
	} ship;

	int has_invoice;
	struct {
		int wanted;
		char *title, *taxpayer_id;  /* optional */
		char *kind;       /* revision 2: "electronic" | "quota_paper" */
		char *purpose, *email, *mobile;   /* revision 2, optional */
	} invoice;

	struct {
		char *method;           /* "wechat" | "alipay" | "transfer" */
		int64_t amount_fen;
		char *trade_no;         /* wechat/alipay */
		int has_transfer;
		/* the first transfer, as revision 1 had it; xfer_amount_fen is
		 * the sum of all of them */
		char *payer_account, *payer_name, *date;
		int64_t xfer_amount_fen;
		/* every transfer: payment.transfers[] (revision 2), or the one
		 * payment.transfer as a one-element list */
		size_t nXfer;
		struct ingest_transfer *aXfer;
	} pay;

	int has_renewal;
	struct {
		int64_t months;         /* 0 when only years was given */
		int sync_dual_cert;
		int has_years;          /* revision 2 */
		int64_t years;          /* 1..5 */
		int sync_only;          /* revision 2: align validity, free */
	} renewal;

	int has_liveness;
	struct {
		int passed;
		double score;
		char *ref;
	} liveness;

	size_t nFile;
	struct ingest_file_entry *aFile;

	/* 1 when the bundle carries any key of revision 2 (order_no,
	 * related_app_no, legal_rep, auth_method, invoice kind/purpose/
	 * email/mobile, payment.transfers, transfer memo, renewal years or
	 * sync_only, certificate.paired): its sender knows revision 2. */
	int rev2;
};

/*
 * Parse and validate manifest text (json[0..len), need not be
 * NUL-terminated). On RD_OK *out is a new manifest the caller frees with
 * ingest_manifest_free(). On RD_ERR_INVALID err says what and where,
 * e.g. "manifest: files[2].sha256: not 64 hexadecimal digits".
 */
rd_status ingest_manifest_parse(const char *json, size_t len,
				struct ingest_manifest **out,
				struct rd_err *err);

/* Free and set *pp to NULL; NULL-safe. */
void ingest_manifest_free(struct ingest_manifest **pp);

/* Index of the first file entry with this role, or -1. */
int ingest_manifest_find_role(const struct ingest_manifest *m,
			      enum ingest_file_role role);

#endif
