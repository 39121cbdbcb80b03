/*
 * blobcheck.h — consistency between the files table and the blob store.
 */
#ifndef RD_STORE_BLOBCHECK_H
#define RD_STORE_BLOBCHECK_H

#include "core/err.h"
#include "store/store.h"

/*
 * Report every file row whose blob is missing from blob_dir (a problem)
 * and every blob that no row references (harmless after a crash between
 * writing the blob and committing; reported so it can be cleaned).
 * *problems counts the missing blobs only.
 */
rd_status store_blob_check(struct store *st, const char *blob_dir,
			   store_report_fn fn, void *ctx, int *problems,
			   struct rd_err *err);

#endif
