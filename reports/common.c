/*
 * common.c — see common.h.
 */
#include "reports/common.h"

#include "core/i18n.h"
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <dirent.h>
#include <unistd.h>

#define HOLIDAY_FILE_MAX (1024 * 1024)

rd_status rd_report_calendar_load(const struct rd_config *cfg,
				  struct rd_calendar *cal, struct rd_err *err)
{
	const char *z = cfg->holiday_files ? cfg->holiday_files : "";
	rd_status rc = RD_OK;

	rd_cal_init(cal);
	while (*z) {
		char zPath[4096];
		const char *zEnd = strchr(z, ',');
		size_t n = zEnd ? (size_t)(zEnd - z) : strlen(z);
		char *zText = NULL;
		size_t len = 0;

		while (n > 0 && (*z == ' ' || *z == '\t')) {
			z++;
			n--;
		}
		while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t'))
			n--;
		if (n >= sizeof zPath) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("holiday file name too long"));
			goto done;
		}
		memcpy(zPath, z, n);
		zPath[n] = '\0';
		z = zEnd ? zEnd + 1 : z + strlen(z);
		if (!zPath[0])
			continue;
		rc = rd_read_file(zPath, HOLIDAY_FILE_MAX, &zText, &len, err);
		if (rc == RD_OK)
			rc = rd_cal_parse(cal, zText, len, zPath, err);
		free(zText);
		if (rc != RD_OK) {
			rd_err_prefix(err, _("[sla] holidays: "));
			goto done;
		}
	}
	if (rd_cal_set_hours(cal, cfg->office_open_min, cfg->office_close_min)
	    != RD_OK)
		rc = rd_err_set(err, RD_ERR_CONFIG,
				_("[sla] office hours are invalid"));
done:
	if (rc != RD_OK)
		rd_cal_fini(cal);
	return rc;
}

/*
 * The workbook writer rewrites its temporary file once with libzip (the
 * quote prefix, reports/xlsx_util.c), and libzip writes through a
 * temporary of its own, "<our temp>.XXXXXX". Remove those of runs that
 * are gone, as rd_tmp_sweep does for ours.
 */
static void sweep_libzip_temps(const char *zDir, const char *zPrefix)
{
	size_t nPrefix = strlen(zPrefix);
	struct dirent *e;
	DIR *d = opendir(zDir);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *z = e->d_name;
		char *zEnd;
		long pid;

		if (strncmp(z, zPrefix, nPrefix) != 0)
			continue;
		errno = 0;
		pid = strtol(z + nPrefix, &zEnd, 10);
		if (errno || zEnd == z + nPrefix || *zEnd != '.' ||
		    strlen(zEnd + 1) != 6 || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			(void)unlinkat(dirfd(d), z, 0);
	}
	closedir(d);
}

rd_status rd_report_tmp_reserve(const char *zFinal, char *zTmp, size_t n,
				struct rd_err *err)
{
	const char *zSlash = strrchr(zFinal, '/');
	int len, fd;

	if (zSlash)
		len = snprintf(zTmp, n, "%.*s/.%s.tmp-%ld",
			       (int)(zSlash - zFinal), zFinal, zSlash + 1,
			       (long)getpid());
	else
		len = snprintf(zTmp, n, ".%s.tmp-%ld", zFinal, (long)getpid());
	if (len < 0 || (size_t)len >= n)
		return rd_err_set(err, RD_ERR_INVALID, _("path too long: %s"),
				  zFinal);
	{
		/* ".NAME.tmp-" in the folder of zFinal */
		const char *zBase = zSlash ? zSlash + 1 : zFinal;
		char *zDir = zSlash ? strndup(zFinal, (size_t)(zSlash - zFinal))
				    : strdup(".");
		char *zPrefix = malloc(strlen(zBase) + 7);

		if (zDir && zPrefix) {
			sprintf(zPrefix, ".%s.tmp-", zBase);
			rd_tmp_sweep(*zDir ? zDir : "/", zPrefix);
			sweep_libzip_temps(*zDir ? zDir : "/", zPrefix);
		}
		free(zDir);
		free(zPrefix);
	}
	fd = open(zTmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	if (fd < 0 && errno == EEXIST) {
		/* Left over by a crashed run with our pid: ours to reuse. */
		unlink(zTmp);
		fd = open(zTmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0660);
	}
	if (fd < 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot write in the folder of %s: %s; "
				    "check that it exists and is writable"),
				  zFinal, strerror(errno));
	close(fd);
	return RD_OK;
}

rd_status rd_report_publish(const char *zTmp, const char *zFinal,
			    struct rd_err *err)
{
	int fd = open(zTmp, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return rd_err_set(err, RD_ERR_IO, _("cannot open %s: %s"), zTmp,
				  strerror(errno));
	if (fsync(fd) != 0) {
		int e = errno;

		close(fd);
		return rd_err_set(err, RD_ERR_IO, _("cannot sync %s: %s"), zTmp,
				  strerror(e));
	}
	close(fd);
	if (rename(zTmp, zFinal) != 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot move %s into place as %s: %s"),
				  zTmp, zFinal, strerror(errno));
	return rd_fsync_parent(zFinal, err);
}
