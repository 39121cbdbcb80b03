/*
 * export.h — exporting one application's dossier, the one code path
 * behind `radesk export dossier` and the console's detail screen (e).
 *
 * The dossier holds the whole record, scans of identity documents
 * included, which cannot be masked: callers allow it to supervisors only
 * (the CLI through rd_ctx_authenticate, the console through the
 * operator's role) before calling rd_export_dossier().
 */
#ifndef RD_REPORTS_EXPORT_H
#define RD_REPORTS_EXPORT_H

#include "core/err.h"
#include "crypto.h"
#include "reports/dossier.h"
#include "store/store.h"

#include <stddef.h>

/* Application numbers go into a file name: 1..64 bytes of
 * [A-Za-z0-9_-]. */
int rd_export_app_no_valid(const char *zAppNo);

/* The default archive path "DIR/dossier-APP_NO.zip" into out (n bytes);
 * RD_ERR_INVALID (with a message) when it does not fit or the number is
 * not valid. */
rd_status rd_export_dossier_path(const char *zDir, const char *zAppNo,
				 char *out, size_t n, struct rd_err *err);

/*
 * Write the dossier of zAppNo to zFinal: under a temporary name next to
 * it first, then, in one transaction, the 'export.dossier' audit entry
 * by zLogin (with the archive's SHA-256, entry and scan counts) and the
 * rename into place, so the entry exists exactly when the file was
 * published. No transaction may be open on st. On RD_OK *stats (may be
 * NULL) and zHex (the archive's SHA-256, may be NULL) are filled; on
 * failure nothing is left under either name.
 */
rd_status rd_export_dossier(struct store *st, const char *zLogin,
			    const char *zAppNo, const char *zBlobDir,
			    const char *zFinal, struct rd_dossier_stats *stats,
			    char zHex[RD_SHA256_HEX], struct rd_err *err);

#endif
