/*
 * queue_int.h — what the queue's reads share inside the store: the row
 * columns and their reader, and the organisation-name gram picker
 * (queue.c), used by the global search (queue_search.c) too.
 */
#ifndef RD_STORE_QUEUE_INT_H
#define RD_STORE_QUEUE_INT_H

#include "store/internal.h"
#include "store/queue.h"

/* The columns of a queue row, in the order st_queue_row_read reads. */
#define Q_COLUMNS                                                             \
	"a.id, a.app_no, a.type, a.state, a.org_name, a.org_id_no,"           \
	" a.handler_name, a.verify_summary, COALESCE(o.login,''),"            \
	" COALESCE(c.operator_id,0), a.submitted_at, a.sla_due_at,"           \
	" COALESCE(a.decided_at,0), a.row_version, a.risk,"                   \
	" a.id IN (SELECT app_id FROM decisions WHERE countersign='pending')"

/* Read a row of Q_COLUMNS; key.k from sla_due_at (decided_at when
 * done_tab). */
void st_queue_row_read(sqlite3_stmt *p, int done_tab,
		       struct store_queue_row *r);

/* The org_grams key under which the names containing zQ are filed
 * (its rarest pair of characters, or itself), into zGram[nGram]; ""
 * when there is none. */
rd_status st_search_gram(struct store *st, const char *zQ, char *zGram,
			 size_t nGram, struct rd_err *err);

#endif
