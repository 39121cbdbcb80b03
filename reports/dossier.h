/*
 * dossier.h — one application's complete record as a zip, for the archive.
 *
 * Layout (every name fixed, entries in byte order of their names, fixed
 * timestamps and attributes, so the same data gives the same bytes):
 *   SHA256SUMS                      `sha256sum -c` format, every other entry
 *   application.json                the applications row
 *   versions.json                   every version (manifest in its own file)
 *   versions/vN/manifest.json       the manifest exactly as received
 *   files.json                      scans: role, bundle path, sha256, archive path
 *   scans/vN/K-ROLE-NAME            the scan bytes (hash verified on the way)
 *   findings.json checks.json decisions.json notes.json
 *   payments.json fulfilment.json   production orders and shipments
 *   audit.json                      audit entries about the application with
 *                                   prev_hash and hash (its own exports,
 *                                   action export.*, are left out)
 * JSON is UTF-8, sorted keys, two-space indent, one trailing newline.
 */
#ifndef RD_REPORTS_DOSSIER_H
#define RD_REPORTS_DOSSIER_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/* Zip entry timestamp of every entry: 2000-01-01T00:00:00Z. */
#define RD_DOSSIER_MTIME 946684800

struct rd_dossier_stats {
	int nEntries;              /* zip entries, SHA256SUMS included */
	int nScans;
	int64_t nAudit;            /* audit entries included */
};

/*
 * Write the dossier of app_no to zPath (created or truncated; callers
 * write a temporary name and rename). Each scan is read from
 * blob_dir/<first two hex>/<sha256> and hashed: a missing or altered
 * blob aborts with RD_ERR_CORRUPT ("tampered"). RD_ERR_NOTFOUND for an
 * unknown application. Scans are held in memory until the archive is
 * written (bounded by the ingest limits of one application).
 */
rd_status rd_dossier_write(struct store *st, const char *app_no,
			   const char *blob_dir, const char *zPath,
			   struct rd_dossier_stats *stats, struct rd_err *err);

/* A name safe inside the archive from a hostile bundle path: the last
 * path component, characters outside [A-Za-z0-9._-] replaced by '_',
 * leading dots dropped, at most 64 bytes; "file" when nothing is left. */
void rd_dossier_safe_name(const char *zPath, char *out, size_t n);

#endif
