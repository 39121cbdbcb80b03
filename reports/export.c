/*
 * export.c — see export.h.
 */
#include "reports/export.h"

#include "core/i18n.h"
#include "reports/common.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

int rd_export_app_no_valid(const char *zAppNo)
{
	size_t n = zAppNo ? strlen(zAppNo) : 0;

	if (n == 0 || n > 64)
		return 0;
	return strspn(zAppNo, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			      "abcdefghijklmnopqrstuvwxyz0123456789-_") == n;
}

rd_status rd_export_dossier_path(const char *zDir, const char *zAppNo,
				 char *out, size_t n, struct rd_err *err)
{
	int len;

	if (!rd_export_app_no_valid(zAppNo))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("'%s' is not an application number"),
				  zAppNo ? zAppNo : "");
	len = snprintf(out, n, "%s/dossier-%s.zip", zDir, zAppNo);
	if (len < 0 || (size_t)len >= n)
		return rd_err_set(err, RD_ERR_INVALID, _("path too long: %s"),
				  zDir);
	return RD_OK;
}

rd_status rd_export_dossier(struct store *st, const char *zLogin,
			    const char *zAppNo, const char *zBlobDir,
			    const char *zFinal, struct rd_dossier_stats *stats,
			    char zHex[RD_SHA256_HEX], struct rd_err *err)
{
	struct rd_dossier_stats s;
	char zTmp[4200], zSum[RD_SHA256_HEX], zDetails[512];
	int haveTmp = 0;
	rd_status rc;

	if (!rd_export_app_no_valid(zAppNo))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("'%s' is not an application number"),
				  zAppNo ? zAppNo : "");
	rc = rd_report_tmp_reserve(zFinal, zTmp, sizeof zTmp, err);
	if (rc != RD_OK)
		goto done;
	haveTmp = 1;
	rc = rd_dossier_write(st, zAppNo, zBlobDir, zTmp, &s, err);
	if (rc == RD_OK)
		rc = rd_sha256_file(zTmp, zSum, NULL, err);
	if (rc != RD_OK)
		goto done;
	snprintf(zDetails, sizeof zDetails,
		 "{\"sha256\":\"%s\",\"entries\":%d,\"scans\":%d}", zSum,
		 s.nEntries, s.nScans);
	rc = store_begin(st, err);
	if (rc != RD_OK)
		goto done;
	rc = store_audit_append(st, zLogin, "export.dossier", zAppNo, zDetails,
				err);
	if (rc != RD_OK) {
		store_rollback(st);
		goto done;
	}
	/* The entry commits before the archive takes its name, so even a
	 * crash in between never leaves personal data exported unaudited
	 * (at worst an entry whose file the next export writes). */
	rc = store_commit(st, err);
	if (rc == RD_OK)
		rc = rd_report_publish(zTmp, zFinal, err);
	if (rc != RD_OK)
		goto done;
	haveTmp = 0;
	if (stats)
		*stats = s;
	if (zHex)
		memcpy(zHex, zSum, RD_SHA256_HEX);
done:
	if (haveTmp)
		unlink(zTmp);
	return rc;
}
