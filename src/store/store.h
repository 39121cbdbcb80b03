/*
 * store.h — the one door to persistent state.
 *
 * Screens, commands and the worker see `struct store` and the store_*()
 * functions of the headers in src/store/ only; no SQL or sqlite3 type leaks
 * out of this folder, so a PostgreSQL store can replace it later.
 *
 * Concurrency: many processes open the same file. The database runs in
 * WAL mode with a busy timeout; every write happens inside
 * store_begin() ... store_commit(), which takes the write lock up front
 * (BEGIN IMMEDIATE), so a writer never deadlocks on a lock upgrade.
 * Aggregate functions that write say whether they open their own
 * transaction or must be called inside the caller's.
 */
#ifndef RD_STORE_STORE_H
#define RD_STORE_STORE_H

#include "core/err.h"

#include <stdint.h>

struct store;

/*
 * Open (creating when `create` is non-zero) the database at path, set
 * WAL, foreign keys and the busy timeout. Does not migrate: see
 * store_migrate() and store_check_schema(). *out owned by the caller:
 * store_close().
 */
rd_status store_open(const char *path, int busy_timeout_ms, int create,
		     struct store **out, struct rd_err *err);

/* Close and set *pp to NULL. An open transaction is rolled back. */
void store_close(struct store **pp);

/* Apply every compiled-in migration newer than the database, each in its
 * own transaction, recording it in schema_migrations. *applied counts
 * them (may be NULL). Refuses a database newer than the binary. */
rd_status store_migrate(struct store *st, int *applied, struct rd_err *err);

/* RD_OK when the schema is exactly what this binary knows; otherwise a
 * message that says to run `radesk db migrate` (older) or to upgrade
 * radesk (newer). */
rd_status store_check_schema(struct store *st, struct rd_err *err);

/* Schema version recorded in the database (0 when empty) and the newest
 * this binary carries. */
rd_status store_schema_version(struct store *st, int *db_version,
			       int *binary_version, struct rd_err *err);

/* Transactions. store_begin takes the write lock (BEGIN IMMEDIATE); it
 * waits up to the busy timeout and then fails with RD_ERR_BUSY. */
rd_status store_begin(struct store *st, struct rd_err *err);
rd_status store_commit(struct store *st, struct rd_err *err);
/* Safe to call when no transaction is open. */
void store_rollback(struct store *st);

/* PRAGMA data_version: changes when another connection commits. */
rd_status store_data_version(struct store *st, int64_t *version);

/* `radesk db check`: integrity_check, foreign_key_check, audit chain is
 * NOT included (see store_audit_verify). Each problem is passed to fn;
 * *problems counts them. */
typedef void (*store_report_fn)(void *ctx, const char *problem);
rd_status store_check(struct store *st, store_report_fn fn, void *ctx,
		      int *problems, struct rd_err *err);

/* Online backup (sqlite3 backup API) to dest_path, written to a temporary
 * file, fsynced and renamed into place: consistent while others write. */
rd_status store_backup(struct store *st, const char *dest_path,
		       struct rd_err *err);

/*
 * Benchmarks and debugging: call fn with the text of every statement this
 * connection starts, its parameters written in (sqlite3_expanded_sql), so
 * the exact SQL a store function ran can be replayed elsewhere (the
 * sqlite3 command-line tool in `make bench`). The text is borrowed for
 * the call. fn NULL turns tracing off. Costs nothing while off.
 */
typedef void (*store_trace_fn)(void *ctx, const char *sql);
void store_trace(struct store *st, store_trace_fn fn, void *ctx);

/* The path the store was opened with. Borrowed. */
const char *store_path(const struct store *st);

#endif
