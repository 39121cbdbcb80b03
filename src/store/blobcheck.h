/*
 * blobcheck.h — consistency between the blob store and what references
 * it: scans (files.sha256) and courier labels (shipments.label_sha256).
 */
#ifndef RD_STORE_BLOBCHECK_H
#define RD_STORE_BLOBCHECK_H

#include "core/err.h"
#include "store/store.h"

/*
 * Report every scan or label whose blob is missing from blob_dir (a problem)
 * and every blob that no row references (harmless after a crash between
 * writing the blob and committing; reported so it can be cleaned).
 * *problems counts the missing blobs only.
 */
rd_status store_blob_check(struct store *st, const char *blob_dir,
			   store_report_fn fn, void *ctx, int *problems,
			   struct rd_err *err);

#endif
