/*
 * fsutil.c — folders, atomic writes, lock files.
 */
#include "fsutil.h"

#include "core/i18n.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

rd_status rd_mkdir_p(const char *path, unsigned mode, struct rd_err *err)
{
	char *zCopy;
	rd_status rc = RD_OK;

	if (!path || !*path)
		return RD_OK;
	zCopy = strdup(path);
	if (!zCopy)
		return RD_ERR_NOMEM;
	for (char *p = zCopy + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char saved = *p;

			*p = '\0';
			if (mkdir(zCopy, (mode_t)mode) != 0 && errno != EEXIST) {
				rc = rd_err_set(err, RD_ERR_IO,
						_("cannot create folder %s: %s"),
						zCopy, strerror(errno));
				break;
			}
			*p = saved;
			if (saved == '\0')
				break;
		}
	}
	free(zCopy);
	return rc;
}

rd_status rd_mkdir_parents_of(const char *path, unsigned mode,
			      struct rd_err *err)
{
	char *zCopy = strdup(path);
	char *slash;
	rd_status rc = RD_OK;

	if (!zCopy)
		return RD_ERR_NOMEM;
	slash = strrchr(zCopy, '/');
	if (slash && slash != zCopy) {
		*slash = '\0';
		rc = rd_mkdir_p(zCopy, mode, err);
	}
	free(zCopy);
	return rc;
}

rd_status rd_fsync_parent(const char *path, struct rd_err *err)
{
	char *zDir = strdup(path);
	char *slash;
	int fd;

	if (!zDir)
		return RD_ERR_NOMEM;
	slash = strrchr(zDir, '/');
	if (slash == zDir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(zDir, ".");
	fd = open(zDir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		rd_status rc = rd_err_set(err, RD_ERR_IO,
					  _("cannot sync folder %s: %s"), zDir,
					  strerror(errno));
		if (fd >= 0)
			close(fd);
		free(zDir);
		return rc;
	}
	close(fd);
	free(zDir);
	return RD_OK;
}

void rd_tmp_sweep(const char *zDir, const char *zPrefix)
{
	size_t nPrefix = strlen(zPrefix);
	struct dirent *e;
	DIR *d = opendir(zDir);

	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		const char *zTail;
		char *zEnd;
		long pid;

		if (strncmp(e->d_name, zPrefix, nPrefix) != 0)
			continue;
		zTail = e->d_name + strlen(e->d_name);
		while (zTail > e->d_name + nPrefix && zTail[-1] >= '0' &&
		       zTail[-1] <= '9')
			zTail--;
		if (!*zTail || zTail == e->d_name ||
		    (zTail[-1] != '-' && zTail[-1] != '.'))
			continue;
		errno = 0;
		pid = strtol(zTail, &zEnd, 10);
		if (errno || *zEnd || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

rd_status rd_write_file_atomic(const char *path, const void *data, size_t n,
			       unsigned mode, struct rd_err *err)
{
	size_t nTmp = strlen(path) + 32;
	char *zTmp = malloc(nTmp);
	const char *p = data;
	rd_status rc = RD_OK;
	int fd;

	if (!zTmp)
		return RD_ERR_NOMEM;
	{
		/* what killed writers of this file left: "NAME.tmp.PID" */
		const char *zSlash = strrchr(path, '/');
		char *zDir = zSlash ? strndup(path, (size_t)(zSlash - path))
				    : strdup(".");

		snprintf(zTmp, nTmp, "%s.tmp.", zSlash ? zSlash + 1 : path);
		if (zDir)
			rd_tmp_sweep(*zDir ? zDir : "/", zTmp);
		free(zDir);
	}
	snprintf(zTmp, nTmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(zTmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, (mode_t)mode);
	if (fd < 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot create %s: %s"), zTmp,
				strerror(errno));
		goto done;
	}
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			rc = rd_err_set(err, RD_ERR_IO, _("cannot write %s: %s"),
					zTmp, strerror(errno));
			close(fd);
			unlink(zTmp);
			goto done;
		}
		p += w;
		n -= (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot sync %s: %s"), zTmp,
				strerror(errno));
		unlink(zTmp);
		goto done;
	}
	if (rename(zTmp, path) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot rename %s to %s: %s"),
				zTmp, path, strerror(errno));
		unlink(zTmp);
		goto done;
	}
	rc = rd_fsync_parent(path, err);
done:
	free(zTmp);
	return rc;
}

rd_status rd_lock_take(const char *lock_dir, const char *name, int *fd_out,
		       struct rd_err *err)
{
	char zPath[4096];
	int fd;

	*fd_out = -1;
	snprintf(zPath, sizeof zPath, "%s/%s.lock", lock_dir, name);
	fd = open(zPath, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0) {
		if (errno == ENOENT && rd_mkdir_p(lock_dir, 0770, err) == RD_OK)
			fd = open(zPath, O_RDWR | O_CREAT | O_CLOEXEC, 0660);
		if (fd < 0)
			return rd_err_set(err, RD_ERR_IO,
					  _("cannot open lock file %s: %s"),
					  zPath, strerror(errno));
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;

		close(fd);
		if (e == EWOULDBLOCK)
			return rd_err_set(err, RD_ERR_BUSY,
					  _("another '%s' is running (lock %s)"),
					  name, zPath);
		return rd_err_set(err, RD_ERR_IO, _("cannot lock %s: %s"), zPath,
				  strerror(e));
	}
	/* Record who holds it, for people reading the file. */
	if (ftruncate(fd, 0) == 0) {
		char zPid[32];
		int n = snprintf(zPid, sizeof zPid, "%ld\n", (long)getpid());

		if (write(fd, zPid, (size_t)n) < 0) {
			/* informational only */
		}
	}
	*fd_out = fd;
	return RD_OK;
}

void rd_lock_release(int *fd)
{
	if (*fd >= 0) {
		flock(*fd, LOCK_UN);
		close(*fd);
	}
	*fd = -1;
}

rd_status rd_read_file(const char *path, size_t max, char **out, size_t *len,
		       struct rd_err *err)
{
	struct stat sb;
	char *p;
	size_t got = 0;
	ssize_t r;
	int fd;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND
						       : RD_ERR_IO,
				  _("%s: cannot open: %s"), path,
				  strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return rd_err_set(err, RD_ERR_IO, _("%s: not a regular file"),
				  path);
	}
	if ((uint64_t)sb.st_size > max) {
		close(fd);
		return rd_err_set(err, RD_ERR_LIMIT,
				  _("%s: %lld bytes, more than the %zu allowed"),
				  path, (long long)sb.st_size, max);
	}
	p = malloc((size_t)sb.st_size + 1);
	if (!p) {
		close(fd);
		return RD_ERR_NOMEM;
	}
	while (got < (size_t)sb.st_size &&
	       (r = read(fd, p + got, (size_t)sb.st_size - got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(p);
			close(fd);
			return rd_err_set(err, RD_ERR_IO, _("%s: read: %s"),
					  path, strerror(errno));
		}
		got += (size_t)r;
	}
	close(fd);
	p[got] = '\0';
	*out = p;
	*len = got;
	return RD_OK;
}
