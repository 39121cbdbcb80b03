/*
 * app_messages.h — what an application's outbox sent or will send to the
 * customer, and its bank deposit, for the detail: read from its jobs
 * (jobs_app) and the deposit's check. Text copied, not yet sanitised.
 */
#ifndef RD_STORE_APP_MESSAGES_H
#define RD_STORE_APP_MESSAGES_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

struct store_app_message {
	int deposit;              /* 1: the bank deposit (memo), else a notice */
	char event[32];           /* notices: rejected, pin, ready_to_install … */
	char state[16];           /* the job's: pending … done */
	char to[32];              /* a mobile number, "" when the portal's */
	char to_name[96];
	char text[1024];          /* the note to the customer, or the memo */
	int64_t amount_fen;       /* the deposit */
	int64_t at;               /* queued */
	int64_t credited_at;      /* the deposit credited (its check), 0 */
};

/* Up to max of app_id's messages, oldest first, into a; *n how many. */
rd_status store_app_messages(struct store *st, int64_t app_id,
			     struct store_app_message *a, int max, int *n,
			     struct rd_err *err);

#endif
