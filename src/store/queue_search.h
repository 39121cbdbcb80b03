/*
 * queue_search.h — the console's global search (/): every application a
 * term finds, newest first, paged by id, optionally within one tab.
 */
#ifndef RD_STORE_QUEUE_SEARCH_H
#define RD_STORE_QUEUE_SEARCH_H

#include "core/err.h"
#include "store/queue.h"
#include "store/store.h"

#include <stdint.h>

/*
 * A term finds an application by a prefix of its number, a part of its
 * organisation's name, its USCC or certificate serial, the handler's or
 * the applicant's name (exactly), or the last four characters of their
 * identity number (as the masked number shows them: "002X" or
 * "110105**********002X"), or the portal's order number (revision 2 of
 * the bundle).
 *
 * Rows with id < before_id (0: from the newest), up to limit, into
 * rows; *n says how many. tab < 0: every application; else only those
 * the tab holds (me: the operator, for Mine). now: claim liveness.
 */
rd_status store_search_global(struct store *st, const char *q, int tab,
			      int64_t me, int64_t before_id, int64_t now,
			      int limit, struct store_queue_row *rows, int *n,
			      struct rd_err *err);

/* The tab that holds a row first, in the order of the tabs' use:
 * Countersign (an override waits), Mine (claimed by me), To review
 * (open), Decided, else All. */
enum store_queue_tab store_search_tab_of(const struct store_queue_row *r,
					 int64_t me);

#endif
