/*
 * appref.h — an application's number from its id, for callers that hold
 * only the id (the console's dispatcher naming the subject of an audit
 * entry).
 */
#ifndef RD_STORE_APPREF_H
#define RD_STORE_APPREF_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* app_no of application id into out (n bytes); RD_ERR_NOTFOUND if none. */
rd_status store_app_no_of(struct store *st, int64_t id, char *out, size_t n,
			  struct rd_err *err);

#endif
