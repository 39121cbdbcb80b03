/*
 * internal.h — shared by the files of src/store/ only. Nothing outside
 * this folder includes it.
 */
#ifndef RD_STORE_INTERNAL_H
#define RD_STORE_INTERNAL_H

#include "core/err.h"
#include "core/state.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

struct store {
	sqlite3 *db;
	char *path;
	int in_tx;
	store_trace_fn trace_fn;   /* store_trace(); NULL when off */
	void *trace_ctx;
	struct st_checklist *aChecklist;  /* the gate's checklist (gate_store.c) */
	size_t nChecklist;
};

/* Prepare zSql; on failure fill err with the SQLite message and the SQL's
 * first words. */
rd_status st_prepare(struct store *st, const char *zSql, sqlite3_stmt **pp,
		     struct rd_err *err);

/* Turn an SQLite result code into an rd_status with the connection's
 * message; zWhat says what was being done ("insert application"). */
rd_status st_fail(struct store *st, int rc, const char *zWhat,
		  struct rd_err *err);

/* Run SQL with no parameters and no rows (DDL, PRAGMA). */
rd_status st_exec(struct store *st, const char *zSql, struct rd_err *err);

/*
 * Run one write statement with positional parameters described by zSig,
 * one letter per parameter: 'i' int64_t, 't' const char * (NULL binds
 * SQL NULL). *changes (may be NULL) gets sqlite3_changes(); zWhat names
 * the action for the error message ("mark the order").
 */
rd_status st_run(struct store *st, int *changes, const char *zWhat,
		 struct rd_err *err, const char *zSql, const char *zSig, ...);

/* Bind helpers that accept NULL as SQL NULL. */
int st_bind_text(sqlite3_stmt *p, int i, const char *z);
int st_bind_int64(sqlite3_stmt *p, int i, int64_t v);

/* Copy column text at once (sqlite's pointer dies on the next step).
 * Never NULL unless out of memory: SQL NULL becomes "". Caller frees. */
char *st_column_dup(sqlite3_stmt *p, int i);

/* Copy column text into a fixed buffer, truncating at a UTF-8 boundary. */
void st_column_copy(sqlite3_stmt *p, int i, char *buf, size_t n);

/* ---- appcore.c: for the files that change an application ---- */

/* What the rules need to know about an application. */
struct st_app {
	int64_t id;
	char app_no[40];
	enum rd_app_type type;
	enum rd_app_state state;
	int64_t row_version;
	int version;              /* current version number */
	int64_t version_id;       /* its app_versions.id */
	int64_t claim_op;         /* 0 when no live claim (at rd_now()) */
	char claim_login[64];
};

/* Read application app_id into *a. RD_ERR_NOTFOUND when there is none,
 * RD_ERR_CORRUPT for an unknown type or state. */
rd_status st_app_load(struct store *st, int64_t app_id, struct st_app *a,
		      struct rd_err *err);

/* RD_ERR_CONFLICT for a change against a stale view of app_no (its
 * row_version moved): the message names who acted last, from the audit
 * log, and when. */
rd_status st_app_conflict(struct store *st, const char *app_no,
			  struct rd_err *err);

/*
 * Automatic payment matching (payments.h) inside the caller's
 * transaction: every unmatched transfer, or only app_id's when > 0;
 * each match audited as actor. *matched counts them.
 */
rd_status st_payment_automatch(struct store *st, const char *actor,
			       int64_t app_id, int *matched,
			       struct rd_err *err);

#endif
