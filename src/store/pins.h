/*
 * pins.h — the certificate PIN of an application.
 *
 * One six-digit PIN per application, drawn from the system's random
 * source the first time something needs it (the bank deposit memo at
 * ingest, the PIN SMS or the production order at approval) and the same
 * ever after, so a retried or re-run job carries the same PIN. It lives
 * in app_pins; callers must not print it, log it or put it in the audit
 * trail (mask it with rd_mask_pin when it has to appear at all).
 */
#ifndef RD_STORE_PINS_H
#define RD_STORE_PINS_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

#define RD_PIN_LEN 6

/*
 * The application's PIN into pin (RD_PIN_LEN digits and a NUL), made and
 * stored when it has none yet. Call it inside the transaction of the
 * action that needs the PIN (store_begin), so the PIN and the job that
 * carries it commit together.
 */
rd_status store_app_pin(struct store *st, int64_t app_id,
			char pin[RD_PIN_LEN + 1], struct rd_err *err);

#endif
