/*
 * retention.h — `radesk archive purge`: the personal data and scans of
 * applications whose certificate ended longer ago than the law keeps
 * them (core/retention.h decides; this enforces it in the transaction).
 */
#ifndef RD_STORE_RETENTION_H
#define RD_STORE_RETENTION_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/* One application purged (or, in a dry run, that would be). */
struct store_purge_item {
	int64_t app_id;
	char app_no[32];
	int64_t cert_end;          /* the certificate's end (not_after) */
	int files;                 /* scan rows removed */
	int blobs;                 /* blob files deleted (no other reference) */
};

typedef void (*store_purge_cb)(void *ctx, const struct store_purge_item *it);

/*
 * Purge every application not purged yet whose current version's
 * certificate ended before rd_retention_cutoff(now, years): one
 * transaction each, which asks rd_retention_may_purge() again, blanks
 * the personal fields of every version, the application's names, notes,
 * check details and job payloads, deletes its scan rows and PIN, sets
 * applications.purged_at and appends an `app.purge` audit entry; after
 * the commit the blobs no other row references are deleted (a crash in
 * between leaves unreferenced blobs, which `radesk db check` reports).
 * dry_run changes nothing and reports the same list. *n gets the count.
 */
rd_status store_retention_purge(struct store *st, const char *blob_dir,
				int64_t now, int years, int dry_run,
				const char *actor, store_purge_cb cb,
				void *ctx, int64_t *n, struct rd_err *err);

#endif
