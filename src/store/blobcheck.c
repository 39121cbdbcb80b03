/*
 * blobcheck.c — files table (scans) and shipments (courier labels) vs
 * the blob store. Layout (src/ingest/blob.h):
 * BLOB_DIR/<first two hex digits>/<64 hex digits>.
 */
#include "store/blobcheck.h"
#include "store/internal.h"

#include "core/i18n.h"

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int is_hex64(const char *z)
{
	size_t i;

	for (i = 0; z[i]; i++)
		if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f')))
			return 0;
	return i == 64;
}

rd_status store_blob_check(struct store *st, const char *blob_dir,
			   store_report_fn fn, void *ctx, int *problems,
			   struct rd_err *err)
{
	sqlite3_stmt *p = NULL, *pRef = NULL;
	char zPath[4096], zMsg[4200];
	struct stat sb;
	DIR *dTop = NULL;
	struct dirent *de;
	rd_status rc;
	int step;

	*problems = 0;
	/* 1. every referenced blob exists (DISTINCT via the sha256 index) */
	rc = st_prepare(st,
			"SELECT DISTINCT sha256, 0 FROM files UNION "
			"SELECT DISTINCT label_sha256, 1 FROM shipments "
			"WHERE label_sha256 IS NOT NULL ORDER BY 1",
			&p, err);
	if (rc != RD_OK)
		return rc;
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		const char *zSha = (const char *)sqlite3_column_text(p, 0);
		int is_label = sqlite3_column_int(p, 1);

		if (!zSha || !is_hex64(zSha)) {
			snprintf(zMsg, sizeof zMsg,
				 is_label ? _("shipments: malformed label_sha256 "
					      "'%s'")
					  : _("files: malformed sha256 '%s'"),
				 zSha ? zSha : "NULL");
			fn(ctx, zMsg);
			(*problems)++;
			continue;
		}
		snprintf(zPath, sizeof zPath, "%s/%.2s/%s", blob_dir, zSha, zSha);
		if (stat(zPath, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			snprintf(zMsg, sizeof zMsg,
				 is_label ? _("blob missing for a courier label: "
					      "%s")
					  : _("blob missing for a stored scan: %s"),
				 zPath);
			fn(ctx, zMsg);
			(*problems)++;
		}
	}
	sqlite3_finalize(p);
	p = NULL;
	if (step != SQLITE_DONE)
		return st_fail(st, step, _("read files"), err);

	/* 2. every blob is referenced (orphans are reported, not counted) */
	dTop = opendir(blob_dir);
	if (!dTop)
		return RD_OK; /* no blob store yet: nothing stored */
	rc = st_prepare(st,
			"SELECT 1 FROM files WHERE sha256=?1 UNION ALL "
			"SELECT 1 FROM shipments WHERE label_sha256=?1 LIMIT 1",
			&pRef, err);
	if (rc != RD_OK)
		goto done;
	while ((de = readdir(dTop)) != NULL) {
		DIR *dSub;
		struct dirent *fe;

		if (strlen(de->d_name) != 2 || de->d_name[0] == '.')
			continue;
		snprintf(zPath, sizeof zPath, "%s/%s", blob_dir, de->d_name);
		dSub = opendir(zPath);
		if (!dSub)
			continue;
		while ((fe = readdir(dSub)) != NULL) {
			if (fe->d_name[0] == '.')
				continue;
			if (!is_hex64(fe->d_name)) {
				snprintf(zMsg, sizeof zMsg,
					 _("stray file in blob store (left by "
					   "an interrupted write?): %s/%s"),
					 zPath, fe->d_name);
				fn(ctx, zMsg);
				continue;
			}
			sqlite3_reset(pRef);
			st_bind_text(pRef, 1, fe->d_name);
			if (sqlite3_step(pRef) != SQLITE_ROW) {
				snprintf(zMsg, sizeof zMsg,
					 _("unreferenced blob (harmless; left "
					   "by an interrupted ingest): %s/%s"),
					 zPath, fe->d_name);
				fn(ctx, zMsg);
			}
		}
		closedir(dSub);
	}
done:
	sqlite3_finalize(pRef);
	closedir(dTop);
	return rc;
}
