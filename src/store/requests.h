/*
 * requests.h — portal requests (cancel, refund) in front of supervisors
 * (db 008 portal_requests). Storing a request changes no state of its
 * application: the request waits, open, for a person.
 */
#ifndef RD_STORE_REQUESTS_H
#define RD_STORE_REQUESTS_H

#include "core/err.h"
#include "ingest/request.h"
#include "store/store.h"

#include <stdint.h>

enum store_request_outcome {
	STORE_REQUEST_STORED = 1,
	STORE_REQUEST_DUPLICATE,   /* this file name was stored before */
	STORE_REQUEST_REFUSED      /* no such application: quarantine it */
};

/*
 * In one transaction: the request, its ingest_log row and an audit entry
 * (request.receive); or, for a file name already stored, only a
 * 'duplicate' log row. An application number radesk does not know is
 * RD_ERR_STATE with *out = STORE_REQUEST_REFUSED and nothing written.
 */
rd_status store_request_add(struct store *st, const char *actor,
			    const struct ingest_request *r,
			    enum store_request_outcome *out,
			    struct rd_err *err);

struct store_request_row {
	int64_t id;
	char app_no[40];
	char kind[8];             /* "cancel" | "refund" */
	int64_t seq;
	int64_t requested_at;
	char reason[512];
	int64_t refund_amount_fen;   /* 0 for a cancellation */
	char refund_route[12];
	char refund_account[64];
	char state[8];            /* "open" | "closed" */
	char app_state[24];       /* the application's state now */
	int64_t received_at;
	/* acted on (db 011, store/request_act.h) */
	char ref[160];            /* "<app_no>-<kind>-<n>": the file's name */
	char outcome[12];         /* "" | "cancelled" | "paid" | "dismissed" */
	char approved_by[64];     /* login, "" when not approved */
	char closed_by[64];       /* login, "" while open */
	int64_t app_id;
};

/* The requests, newest first; open ones only when open_only. *rows is
 * malloc'd (free it), *n its length. */
rd_status store_request_list(struct store *st, int open_only,
			     struct store_request_row **rows, size_t *n,
			     struct rd_err *err);

#endif
