/*
 * request.h — a request file from the portal after submission
 * (spec/bundle-v1.md, "Requests from the portal after submission"):
 * `<app_no>-<kind>-<n>.json`, format radesk-request/1, kind cancel or
 * refund. Validated whole like a bundle: a broken rule is RD_ERR_INVALID
 * with a message naming the key, and the file is quarantined. A request
 * never changes a state: it is stored for a supervisor
 * (store/requests.h).
 */
#ifndef RD_INGEST_REQUEST_H
#define RD_INGEST_REQUEST_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define INGEST_REQUEST_FORMAT "radesk-request/1"

struct ingest_request {
	char *file_name;          /* base name, the idempotency key */
	char sha256[65];          /* of the file */
	char *json;               /* as received */
	char *app_no;             /* 8-32 digits, as in the file name */
	char *kind;               /* "cancel" | "refund" */
	int64_t seq;              /* <n> of the file name, >= 1 */
	int64_t requested_at;
	char *requested_at_text;
	char *reason;             /* "" when absent */
	int has_refund;           /* kind refund: the refund object */
	int64_t refund_amount_fen;
	char *refund_route;       /* "original" | "bank" */
	char *refund_account;     /* required for route bank, else NULL */
};

/* True when base is a request file name: <8-32 digits>-<cancel|refund>-<n>.json. */
int ingest_is_request_name(const char *base);

/*
 * Read and validate the request file at path (at most max_bytes; now is
 * the clock for the "not in the future" rule). RD_OK: *out is new (free
 * with ingest_request_free()). RD_ERR_INVALID / RD_ERR_LIMIT: a bad
 * request to quarantine, err says why. RD_ERR_IO / RD_ERR_NOTFOUND: it
 * could not be read.
 */
rd_status ingest_request_read(const char *path, int64_t max_bytes,
			      int64_t now, struct ingest_request **out,
			      struct rd_err *err);

void ingest_request_free(struct ingest_request **pp);

#endif
