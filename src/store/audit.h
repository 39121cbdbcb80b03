/*
 * audit.h — the append-only, hash-chained audit log.
 *
 * Each row's hash is SHA-256 over the previous row's hash and the row's
 * own fields, each written as "<length>:<bytes>," so no two different rows
 * can hash alike by moving a separator. The first row's prev_hash is 64
 * zeros. Triggers refuse UPDATE and DELETE; store_audit_verify() detects
 * anything done behind their back (an edit with triggers dropped, a
 * deleted or inserted row).
 */
#ifndef RD_STORE_AUDIT_H
#define RD_STORE_AUDIT_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Append one entry. Must be called inside the caller's transaction
 * (store_begin), so the entry commits or vanishes with the change it
 * records, and so concurrent appenders are serialised by the write lock.
 * actor: operator login or a system name ("cron:ingest", "worker");
 * action: dotted verb ("app.claim"); subject: what it is about (app_no,
 * login, path; may be ""); details: a JSON object or "".
 */
rd_status store_audit_append(struct store *st, const char *actor,
			     const char *action, const char *subject,
			     const char *details, struct rd_err *err);

/* Walk the chain from the first row. *rows counts rows checked; when a row
 * does not match, *bad_id is its id (0 when all is well) and err says
 * what is wrong with it. Returns RD_ERR_CORRUPT for a broken chain. */
rd_status store_audit_verify(struct store *st, int64_t *rows, int64_t *bad_id,
			     struct rd_err *err);

/* The newest row's id and hash ("" and 0 when the log is empty). */
rd_status store_audit_head(struct store *st, int64_t *id,
			   char hash[65], struct rd_err *err);

/* The number of rows and the newest row's id and hash, read by one
 * statement (0, 0 and "" when the log is empty). For checkpoints. */
rd_status store_audit_tip(struct store *st, int64_t *count, int64_t *id,
			  char hash[65], struct rd_err *err);

/* The stored hash of row id; RD_ERR_NOTFOUND (err untouched) when there
 * is no such row. */
rd_status store_audit_hash_at(struct store *st, int64_t id, char hash[65],
			      struct rd_err *err);

struct store_audit_row {
	int64_t id;
	int64_t at;
	char actor[64];
	char action[48];
	char subject[96];
	char *details;      /* owned by the row: store_audit_row_fini() */
	char hash[65];
	char prev_hash[65];
};

void store_audit_row_fini(struct store_audit_row *row);

/* Visit rows newest first, optionally only those about subject (NULL =
 * all), at most limit rows, starting below before_id (0 = from the top).
 * The row passed to fn is borrowed for the call. Return non-zero from fn
 * to stop. */
typedef int (*store_audit_fn)(void *ctx, const struct store_audit_row *row);
rd_status store_audit_list(struct store *st, const char *subject,
			   int64_t before_id, int limit, store_audit_fn fn,
			   void *ctx, struct rd_err *err);

#endif
