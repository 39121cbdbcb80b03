/*
 * blob.c — content-addressed blobs: temp file, fsync, rename, fsync dir.
 */
#include "ingest/blob.h"

#include "core/i18n.h"
#include "crypto.h"
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_hex64_lower(const char *z)
{
	size_t i;

	for (i = 0; z[i]; i++)
		if (!((z[i] >= '0' && z[i] <= '9') || (z[i] >= 'a' && z[i] <= 'f')))
			return 0;
	return i == 64;
}

rd_status ingest_blob_path(const char *blob_dir, const char *sha256,
			   char *out, size_t n)
{
	int k;

	if (n)
		out[0] = '\0';
	if (!sha256 || !is_hex64_lower(sha256))
		return RD_ERR_INVALID;
	k = snprintf(out, n, "%s/%.2s/%s", blob_dir, sha256, sha256);
	if (k < 0 || (size_t)k >= n) {
		if (n)
			out[0] = '\0';
		return RD_ERR_LIMIT;
	}
	return RD_OK;
}

static rd_status write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return RD_ERR_IO;
		}
		p += w;
		n -= (size_t)w;
	}
	return RD_OK;
}

rd_status ingest_blob_put(const char *blob_dir, const char *sha256,
			  const void *p, size_t n, struct rd_err *err)
{
	char zPath[4096], zDir[4096], zTmp[4200], zHex[RD_SHA256_HEX];
	struct stat sb;
	rd_status rc;
	int fd = -1;

	zTmp[0] = '\0';
	rc = ingest_blob_path(blob_dir, sha256, zPath, sizeof zPath);
	if (rc != RD_OK)
		return rd_err_set(err, rc, _("blob store: bad blob name '%.80s'"),
				  sha256 ? sha256 : "");
	rd_sha256_hex(p, n, zHex);
	if (strcmp(zHex, sha256) != 0)
		return rd_err_set(err, RD_ERR_CORRUPT,
				  _("blob store: content does not hash to %s"),
				  sha256);
	snprintf(zDir, sizeof zDir, "%s/%.2s", blob_dir, sha256);
	/* Partial copies of scans left by killed ingests: ours to remove,
	 * also when this blob is there already (another bundle had it). */
	rd_tmp_sweep(zDir, ".tmp-");
	if (stat(zPath, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (size_t)sb.st_size == n)
		return RD_OK; /* content-addressed: same name, same bytes */
	rc = rd_mkdir_p(zDir, 0770, err);
	if (rc != RD_OK)
		return rc;
	snprintf(zTmp, sizeof zTmp, "%s/.tmp-%s-%ld", zDir, sha256,
		 (long)getpid());
	fd = open(zTmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0660);
	if (fd < 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("blob store: cannot create %s: %s"),
				zTmp, strerror(errno));
		zTmp[0] = '\0';
		goto done;
	}
	if (write_all(fd, p, n) != RD_OK || fsync(fd) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("blob store: cannot write %s: %s"),
				zTmp, strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = rd_err_set(err, RD_ERR_IO, _("blob store: cannot write %s: %s"),
				zTmp, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(zTmp, zPath) != 0) {
		rc = rd_err_set(err, RD_ERR_IO,
				_("blob store: cannot rename %s into place: %s"),
				zTmp, strerror(errno));
		goto done;
	}
	zTmp[0] = '\0';
	rc = rd_fsync_parent(zPath, err);
done:
	if (fd >= 0)
		close(fd);
	if (zTmp[0])
		unlink(zTmp);
	return rc;
}
