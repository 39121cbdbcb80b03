/*
 * fsutil.h — file-system helpers: folders, atomic writes, lock files.
 */
#ifndef RD_FSUTIL_H
#define RD_FSUTIL_H

#include "core/err.h"

#include <stddef.h>

/* mkdir -p with the given mode for folders it creates. */
rd_status rd_mkdir_p(const char *path, unsigned mode, struct rd_err *err);

/* mkdir -p of the folder that holds path ("a/b/c.db" -> "a/b"). */
rd_status rd_mkdir_parents_of(const char *path, unsigned mode,
			      struct rd_err *err);

/*
 * Write data to path atomically: a temporary file in the same folder,
 * write, fsync, rename over path, fsync the folder. Readers see the old
 * file or the new one, never a part. Temporary files of path left by
 * writers that were killed are removed first (rd_tmp_sweep).
 */
rd_status rd_write_file_atomic(const char *path, const void *data, size_t n,
			       unsigned mode, struct rd_err *err);

/*
 * Remove from folder zDir the temporary files that dead processes left:
 * entries whose name starts with zPrefix and ends in a process id (after
 * the last '-' or '.') of a process that no longer exists. Writers that
 * go through a temp file named with their pid leave it behind when they
 * are killed before the rename; the next writer calls this. A live
 * process's file (or one whose id now belongs to another process) is
 * left alone. Best effort: failures are ignored.
 */
void rd_tmp_sweep(const char *zDir, const char *zPrefix);

/* fsync the folder that holds path, so a rename into it is durable. */
rd_status rd_fsync_parent(const char *path, struct rd_err *err);

/*
 * Take an exclusive, non-blocking lock on lock_dir/name.lock (flock).
 * RD_ERR_BUSY when another process holds it. *fd_out is the lock; keep it
 * open for as long as the lock is needed and release with rd_lock_release.
 */
rd_status rd_lock_take(const char *lock_dir, const char *name, int *fd_out,
		       struct rd_err *err);
void rd_lock_release(int *fd);

/* Read a whole (small) file, at most max bytes; *out malloc'd and
 * NUL-terminated, *len its length. */
rd_status rd_read_file(const char *path, size_t max, char **out, size_t *len,
		       struct rd_err *err);

#endif
