/*
 * err.h — the one error convention of radesk.
 *
 * Every fallible function returns an rd_status. Results travel through
 * out-parameters. Callers that want a human message pass a struct rd_err;
 * callers that do not pass NULL. The message says what went wrong, where,
 * and (when it can) what to do; it is already translated.
 *
 * The status list is an X-macro so the enum, rd_strerror() and the
 * sysexits mapping in main.c come from one table.
 */
#ifndef RD_CORE_ERR_H
#define RD_CORE_ERR_H

#include "core/i18n.h"

#include <stddef.h>

/* X(name, short description as an N_() msgid, so xgettext sees it) */
#define RD_STATUS_LIST(X)                                                     \
	X(RD_OK, N_("success"))                                                   \
	X(RD_ERR_NOMEM, N_("out of memory"))                                      \
	X(RD_ERR_INVALID, N_("invalid input"))                                    \
	X(RD_ERR_NOTFOUND, N_("not found"))                                       \
	X(RD_ERR_EXISTS, N_("already exists"))                                    \
	X(RD_ERR_CONFLICT, N_("changed by someone else"))                         \
	X(RD_ERR_DENIED, N_("permission denied"))                                 \
	X(RD_ERR_STATE, N_("not allowed in the current state"))                   \
	X(RD_ERR_IO, N_("input/output error"))                                    \
	X(RD_ERR_DB, N_("database error"))                                        \
	X(RD_ERR_BUSY, N_("busy, try again later"))                               \
	X(RD_ERR_NET, N_("network error"))                                        \
	X(RD_ERR_PROTO, N_("provider answered out of protocol"))                  \
	X(RD_ERR_CONFIG, N_("configuration error"))                               \
	X(RD_ERR_LIMIT, N_("size or count limit exceeded"))                       \
	X(RD_ERR_CORRUPT, N_("data is corrupt or has been tampered with"))        \
	X(RD_ERR_UNSUPPORTED, N_("not supported"))                                \
	X(RD_ERR_CANCELLED, N_("cancelled"))                                      \
	X(RD_ERR_INTERNAL, N_("internal error"))

typedef enum rd_status {
#define RD_X_ENUM(name, desc) name,
	RD_STATUS_LIST(RD_X_ENUM)
#undef RD_X_ENUM
	RD_STATUS_COUNT
} rd_status;

/* Human message buffer. Embedded by value; no heap, no cleanup needed. */
struct rd_err {
	rd_status code;
	char msg[1024];
};

/* Translated short description of a status; never NULL. */
const char *rd_strerror(rd_status st);

/* Symbolic name of a status ("RD_ERR_DB"); never NULL. */
const char *rd_status_name(rd_status st);

/*
 * Record an error and return its code, so callers can write
 *     return rd_err_set(err, RD_ERR_INVALID, _("line %d: ..."), n);
 * err may be NULL (the message is dropped). fmt is printf-style and should
 * already be a translated string.
 */
rd_status rd_err_set(struct rd_err *err, rd_status code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Prefix the message already in err with more context ("file.ini: " +
 * old message). No-op when err is NULL or holds RD_OK. Returns err->code
 * (or RD_OK when err is NULL).
 */
rd_status rd_err_prefix(struct rd_err *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Reset to RD_OK with an empty message. err may be NULL. */
void rd_err_clear(struct rd_err *err);

/* The message, or rd_strerror(code) when no message was set. */
const char *rd_err_msg(const struct rd_err *err);

#endif
