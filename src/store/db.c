/*
 * db.c — connection, pragmas, transactions, migrations, check, backup.
 */
#include "store/internal.h"
#include "core/uname.h"
#include "store/migrations.h"

#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

rd_status st_fail(struct store *st, int rc, const char *zWhat,
		  struct rd_err *err)
{
	rd_status code = RD_ERR_DB;
	int base = rc & 0xff;

	if (base == SQLITE_BUSY || base == SQLITE_LOCKED)
		code = RD_ERR_BUSY;
	else if (base == SQLITE_CONSTRAINT)
		code = RD_ERR_CONFLICT;
	else if (base == SQLITE_NOMEM)
		code = RD_ERR_NOMEM;
	else if (base == SQLITE_CORRUPT || base == SQLITE_NOTADB)
		code = RD_ERR_CORRUPT;
	if (code == RD_ERR_BUSY)
		return rd_err_set(err, code,
				  _("%s: the database is busy (another radesk "
				    "is writing); try again"),
				  zWhat);
	return rd_err_set(err, code, _("%s: %s (database %s)"), zWhat,
			  st && st->db ? sqlite3_errmsg(st->db)
				       : sqlite3_errstr(rc),
			  st && st->path ? st->path : "?");
}

rd_status st_prepare(struct store *st, const char *zSql, sqlite3_stmt **pp,
		     struct rd_err *err)
{
	int rc = sqlite3_prepare_v2(st->db, zSql, -1, pp, NULL);

	if (rc != SQLITE_OK) {
		char zWhat[48];

		snprintf(zWhat, sizeof zWhat, "%.40s", zSql);
		*pp = NULL;
		return st_fail(st, rc, zWhat, err);
	}
	return RD_OK;
}

rd_status st_exec(struct store *st, const char *zSql, struct rd_err *err)
{
	char *zMsg = NULL;
	int rc = sqlite3_exec(st->db, zSql, NULL, NULL, &zMsg);

	if (rc != SQLITE_OK) {
		rd_status code = st_fail(st, rc, "exec", err);

		if (zMsg && (rc & 0xff) != SQLITE_BUSY)
			rd_err_set(err, code, _("database: %s"), zMsg);
		sqlite3_free(zMsg);
		return code;
	}
	return RD_OK;
}

rd_status st_run(struct store *st, int *changes, const char *zWhat,
		 struct rd_err *err, const char *zSql, const char *zSig, ...)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	va_list ap;
	int step;

	if (rc != RD_OK)
		return rc;
	/* A signature that does not match the statement is a bug: refuse
	 * it before a single argument is read. */
	if ((size_t)sqlite3_bind_parameter_count(p) != strlen(zSig) ||
	    strspn(zSig, "it") != strlen(zSig)) {
		sqlite3_finalize(p);
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "%s: parameter signature '%s' does not fit "
				  "the statement",
				  zWhat, zSig);
	}
	va_start(ap, zSig);
	for (int i = 0; zSig[i]; i++) {
		if (zSig[i] == 'i')
			st_bind_int64(p, i + 1, va_arg(ap, int64_t));
		else
			st_bind_text(p, i + 1, va_arg(ap, const char *));
	}
	va_end(ap);
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return st_fail(st, step, zWhat, err);
	if (changes)
		*changes = sqlite3_changes(st->db);
	return RD_OK;
}

int st_bind_text(sqlite3_stmt *p, int i, const char *z)
{
	if (!z)
		return sqlite3_bind_null(p, i);
	return sqlite3_bind_text(p, i, z, -1, SQLITE_TRANSIENT);
}

int st_bind_int64(sqlite3_stmt *p, int i, int64_t v)
{
	return sqlite3_bind_int64(p, i, (sqlite3_int64)v);
}

char *st_column_dup(sqlite3_stmt *p, int i)
{
	const unsigned char *z = sqlite3_column_text(p, i);

	return strdup(z ? (const char *)z : "");
}

void st_column_copy(sqlite3_stmt *p, int i, char *buf, size_t n)
{
	const unsigned char *z = sqlite3_column_text(p, i);
	size_t len;

	if (n == 0)
		return;
	if (!z) {
		buf[0] = '\0';
		return;
	}
	len = strlen((const char *)z);
	if (len >= n) {
		len = n - 1;
		/* Do not cut a UTF-8 sequence in half. */
		while (len > 0 && (z[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(buf, z, len);
	buf[len] = '\0';
}

static void sql_name_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *z;
	char *k = NULL;

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
		sqlite3_result_null(ctx);
		return;
	}
	z = sqlite3_value_text(argv[0]);
	if (!z) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (rd_uname_key((const char *)z, &k) != RD_OK) {
		/* not UTF-8: compared as it is */
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	sqlite3_result_text(ctx, k, -1, free);
}

rd_status store_open(const char *path, int busy_timeout_ms, int create,
		     struct store **out, struct rd_err *err)
{
	struct store *st;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;
	rd_status status;

	*out = NULL;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	else if (access(path, F_OK) != 0)
		return rd_err_set(err, RD_ERR_NOTFOUND,
				  _("database %s does not exist; create it "
				    "with 'radesk init'"),
				  path);
	st = calloc(1, sizeof *st);
	if (!st)
		return rd_err_set(err, RD_ERR_NOMEM, "%s",
				  rd_strerror(RD_ERR_NOMEM));
	st->path = strdup(path);
	if (!st->path) {
		free(st);
		return RD_ERR_NOMEM;
	}
	rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (rc != SQLITE_OK) {
		status = rd_err_set(err, RD_ERR_DB,
				    _("cannot open database %s: %s"), path,
				    st->db ? sqlite3_errmsg(st->db)
					   : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, busy_timeout_ms);
	/* rd_name_key(x): the one comparison form of names (core/uname.h),
	 * so SQL compares payer names exactly as the pre-checks do. */
	rc = sqlite3_create_function(st->db, "rd_name_key", 1,
				     SQLITE_UTF8 | SQLITE_DETERMINISTIC |
					     SQLITE_INNOCUOUS,
				     NULL, sql_name_key, NULL, NULL);
	if (rc != SQLITE_OK) {
		status = rd_err_set(err, RD_ERR_DB,
				    _("cannot open database %s: %s"), path,
				    sqlite3_errmsg(st->db));
		goto fail;
	}
	/* journal_mode=WAL answers a row; the others answer nothing. */
	status = st_exec(st,
			 "PRAGMA journal_mode=WAL;"
			 "PRAGMA synchronous=NORMAL;"
			 "PRAGMA foreign_keys=ON;"
			 "PRAGMA trusted_schema=OFF;",
			 err);
	if (status != RD_OK) {
		rd_err_prefix(err, _("cannot open database %s: "), path);
		goto fail;
	}
	*out = st;
	return RD_OK;
fail:
	store_close(&st);
	return status;
}

void store_close(struct store **pp)
{
	struct store *st = *pp;

	if (!st)
		return;
	if (st->in_tx)
		store_rollback(st);
	sqlite3_close_v2(st->db);
	free(st->aChecklist);
	free(st->path);
	free(st);
	*pp = NULL;
}

static int trace_cb(unsigned type, void *ctx, void *p, void *x)
{
	struct store *st = ctx;
	char *z;

	(void)x;
	if (type != SQLITE_TRACE_STMT || !st->trace_fn)
		return 0;
	z = sqlite3_expanded_sql(p);
	if (z)
		st->trace_fn(st->trace_ctx, z);
	sqlite3_free(z);
	return 0;
}

void store_trace(struct store *st, store_trace_fn fn, void *ctx)
{
	st->trace_fn = fn;
	st->trace_ctx = ctx;
	sqlite3_trace_v2(st->db, fn ? SQLITE_TRACE_STMT : 0,
			 fn ? trace_cb : NULL, st);
}

const char *store_path(const struct store *st)
{
	return st->path;
}

rd_status store_begin(struct store *st, struct rd_err *err)
{
	int rc;

	if (st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_begin: transaction already open");
	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return st_fail(st, rc, _("start transaction"), err);
	st->in_tx = 1;
	return RD_OK;
}

rd_status store_commit(struct store *st, struct rd_err *err)
{
	int rc;

	if (!st->in_tx)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  "store_commit: no transaction open");
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rd_status code = st_fail(st, rc, _("commit"), err);

		store_rollback(st);
		return code;
	}
	st->in_tx = 0;
	return RD_OK;
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
}

rd_status store_data_version(struct store *st, int64_t *version)
{
	sqlite3_stmt *p;
	rd_status rc = st_prepare(st, "PRAGMA data_version", &p, NULL);

	if (rc != RD_OK)
		return rc;
	if (sqlite3_step(p) == SQLITE_ROW)
		*version = sqlite3_column_int64(p, 0);
	else
		rc = RD_ERR_DB;
	sqlite3_finalize(p);
	return rc;
}

static int binary_version(void)
{
	return store_migration_count > 0
		       ? store_migrations[store_migration_count - 1].version
		       : 0;
}

rd_status store_schema_version(struct store *st, int *db_version,
			       int *bin_version, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int exists = 0;

	*db_version = 0;
	if (bin_version)
		*bin_version = binary_version();
	rc = st_prepare(st,
			"SELECT count(*) FROM sqlite_schema "
			"WHERE type='table' AND name='schema_migrations'",
			&p, err);
	if (rc != RD_OK)
		return rc;
	if (sqlite3_step(p) == SQLITE_ROW)
		exists = sqlite3_column_int(p, 0);
	sqlite3_finalize(p);
	if (!exists)
		return RD_OK;
	rc = st_prepare(st, "SELECT coalesce(max(version),0) FROM schema_migrations",
			&p, err);
	if (rc != RD_OK)
		return rc;
	if (sqlite3_step(p) == SQLITE_ROW)
		*db_version = sqlite3_column_int(p, 0);
	sqlite3_finalize(p);
	return RD_OK;
}

rd_status store_check_schema(struct store *st, struct rd_err *err)
{
	int have, want;
	rd_status rc = store_schema_version(st, &have, &want, err);

	if (rc != RD_OK)
		return rc;
	if (have > want)
		return rd_err_set(err, RD_ERR_STATE,
				  _("database %s has schema version %d but this "
				    "radesk knows only up to %d: upgrade radesk "
				    "before using this database"),
				  st->path, have, want);
	if (have == 0)
		return rd_err_set(err, RD_ERR_STATE,
				  _("database %s is empty: run 'radesk init'"),
				  st->path);
	if (have < want)
		return rd_err_set(err, RD_ERR_STATE,
				  _("database %s has schema version %d, this "
				    "radesk needs %d: back it up ('radesk db "
				    "backup FILE') and run 'radesk db migrate'"),
				  st->path, have, want);
	return RD_OK;
}

rd_status store_migrate(struct store *st, int *applied, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int have, want, n = 0;
	rd_status rc;

	if (applied)
		*applied = 0;
	rc = st_exec(st,
		     "CREATE TABLE IF NOT EXISTS schema_migrations ("
		     " version INTEGER PRIMARY KEY,"
		     " name TEXT NOT NULL,"
		     " applied_at INTEGER NOT NULL)",
		     err);
	if (rc != RD_OK)
		return rc;
	for (int i = 0; i < store_migration_count; i++) {
		const struct store_migration *m = &store_migrations[i];

		rc = store_begin(st, err);
		if (rc != RD_OK)
			return rc;
		/* Re-read inside the write lock: two migrators never both
		 * apply the same step. */
		rc = store_schema_version(st, &have, &want, err);
		if (rc != RD_OK)
			goto fail;
		if (have > want) {
			rc = store_check_schema(st, err);
			goto fail;
		}
		if (m->version <= have) {
			store_rollback(st);
			continue;
		}
		rc = st_exec(st, m->sql, err);
		if (rc != RD_OK) {
			rd_err_prefix(err, _("migration %03d_%s: "), m->version,
				      m->name);
			goto fail;
		}
		rc = st_prepare(st,
				"INSERT INTO schema_migrations(version,name,"
				"applied_at) VALUES(?1,?2,strftime('%s','now'))",
				&p, err);
		if (rc != RD_OK)
			goto fail;
		sqlite3_bind_int(p, 1, m->version);
		st_bind_text(p, 2, m->name);
		if (sqlite3_step(p) != SQLITE_DONE) {
			rc = st_fail(st, sqlite3_errcode(st->db),
				     _("record migration"), err);
			goto fail;
		}
		sqlite3_finalize(p);
		p = NULL;
		rc = store_commit(st, err);
		if (rc != RD_OK)
			return rc;
		n++;
	}
	if (store_migration_count == 0) {
		rc = store_schema_version(st, &have, &want, err);
		if (rc == RD_OK && have > want)
			return store_check_schema(st, err);
	}
	if (applied)
		*applied = n;
	return RD_OK;
fail:
	sqlite3_finalize(p);
	store_rollback(st);
	return rc;
}

static rd_status check_pragma(struct store *st, const char *zSql,
			      store_report_fn fn, void *ctx, int *problems,
			      int ok_is_single_row, struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, zSql, &p, err);
	int step;

	if (rc != RD_OK)
		return rc;
	while ((step = sqlite3_step(p)) == SQLITE_ROW) {
		char zLine[512];
		int nCol = sqlite3_column_count(p);
		size_t off = 0;

		if (ok_is_single_row && nCol == 1 &&
		    !strcmp((const char *)sqlite3_column_text(p, 0) ?
				    (const char *)sqlite3_column_text(p, 0) :
				    "",
			    "ok"))
			continue;
		zLine[0] = '\0';
		for (int i = 0; i < nCol && off < sizeof zLine - 1; i++) {
			const unsigned char *z = sqlite3_column_text(p, i);
			int w = snprintf(zLine + off, sizeof zLine - off,
					 "%s%s", i ? " " : "",
					 z ? (const char *)z : "NULL");
			if (w < 0)
				break;
			off += (size_t)w;
		}
		(*problems)++;
		if (fn)
			fn(ctx, zLine);
	}
	sqlite3_finalize(p);
	if (step != SQLITE_DONE)
		return st_fail(st, step, zSql, err);
	return RD_OK;
}

rd_status store_check(struct store *st, store_report_fn fn, void *ctx,
		      int *problems, struct rd_err *err)
{
	rd_status rc;

	*problems = 0;
	rc = check_pragma(st, "PRAGMA integrity_check", fn, ctx, problems, 1,
			  err);
	if (rc != RD_OK)
		return rc;
	return check_pragma(st, "PRAGMA foreign_key_check", fn, ctx, problems,
			    0, err);
}

rd_status store_backup(struct store *st, const char *dest_path,
		       struct rd_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	char *zTmp = NULL;
	size_t n = strlen(dest_path) + 32;
	rd_status rc = RD_OK;
	int src;
	int fd;

	zTmp = malloc(n);
	if (!zTmp)
		return RD_ERR_NOMEM;
	snprintf(zTmp, n, "%s.tmp.%ld", dest_path, (long)getpid());
	unlink(zTmp);
	src = sqlite3_open_v2(zTmp, &dst,
			      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (src != SQLITE_OK) {
		rc = rd_err_set(err, RD_ERR_IO, _("backup: cannot create %s: %s"),
				zTmp, dst ? sqlite3_errmsg(dst) : "");
		goto done;
	}
	b = sqlite3_backup_init(dst, "main", st->db, "main");
	if (!b) {
		rc = rd_err_set(err, RD_ERR_DB, _("backup: %s"),
				sqlite3_errmsg(dst));
		goto done;
	}
	/* Copy in steps so writers are not held off for long; a write by
	 * another connection restarts the copy, which stays consistent. */
	do {
		src = sqlite3_backup_step(b, 256);
		if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (src == SQLITE_OK || src == SQLITE_BUSY ||
		 src == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (src != SQLITE_DONE) {
		rc = rd_err_set(err, RD_ERR_DB, _("backup: %s"),
				sqlite3_errstr(src));
		goto done;
	}
	/* The copy is a plain rollback-journal file: one self-contained file
	 * to carry away. */
	sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close_v2(dst);
	dst = NULL;
	fd = open(zTmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("backup: fsync %s: %s"), zTmp,
				strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	close(fd);
	if (rename(zTmp, dest_path) != 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("backup: rename to %s: %s"),
				dest_path, strerror(errno));
		goto done;
	}
	zTmp[0] = '\0';
done:
	if (dst)
		sqlite3_close_v2(dst);
	if (zTmp && zTmp[0])
		unlink(zTmp);
	free(zTmp);
	return rc;
}
