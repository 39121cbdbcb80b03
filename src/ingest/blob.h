/*
 * blob.h — the content-addressed scan store.
 *
 * Layout: BLOB_DIR/<first two hex digits>/<64 hex digits>, the SHA-256 of
 * the bytes (src/store/blobcheck.c reads the same layout). A blob is
 * written to a temporary file in its folder, fsynced, renamed into place
 * and the folder fsynced, before the transaction that references it
 * commits. Writing a blob that exists already is a no-op, so two ingests
 * of the same scan share it. Blobs are never modified; an unreferenced
 * blob (crash before commit) is harmless and reported by `radesk db check`.
 */
#ifndef RD_INGEST_BLOB_H
#define RD_INGEST_BLOB_H

#include "core/err.h"

#include <stddef.h>

/*
 * Store p[0..n) whose SHA-256 hex is sha256 (the caller computed it; it is
 * verified again here so a bug cannot file bytes under a wrong name).
 * RD_ERR_CORRUPT when the hash does not match, RD_ERR_IO on disk errors.
 */
rd_status ingest_blob_put(const char *blob_dir, const char *sha256,
			  const void *p, size_t n, struct rd_err *err);

/* Path of a blob into out (size n): BLOB_DIR/ab/ab....; RD_ERR_LIMIT when
 * it does not fit, RD_ERR_INVALID when sha256 is not 64 lowercase hex. */
rd_status ingest_blob_path(const char *blob_dir, const char *sha256,
			   char *out, size_t n);

#endif
