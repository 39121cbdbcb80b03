/*
 * buf.h — a growable byte string (always NUL-terminated).
 *
 * Embedded by value: rd_buf_init() / rd_buf_fini(). The buffer owns its
 * bytes; rd_buf_take() hands them to the caller (who frees them) and
 * leaves the buffer empty.
 */
#ifndef RD_CORE_BUF_H
#define RD_CORE_BUF_H

#include "core/err.h"

#include <stdarg.h>
#include <stddef.h>

struct rd_buf {
	char *data;   /* NUL-terminated; NULL until the first append */
	size_t len;   /* bytes before the terminating NUL */
	size_t cap;   /* allocated bytes */
};

void rd_buf_init(struct rd_buf *b);
void rd_buf_fini(struct rd_buf *b);
/* Forget the content, keep the allocation. */
void rd_buf_reset(struct rd_buf *b);

rd_status rd_buf_append(struct rd_buf *b, const void *p, size_t n);
rd_status rd_buf_puts(struct rd_buf *b, const char *s);
rd_status rd_buf_putc(struct rd_buf *b, char c);
rd_status rd_buf_printf(struct rd_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
rd_status rd_buf_vprintf(struct rd_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Content as a C string; "" (static) when empty. Borrowed. */
const char *rd_buf_str(const struct rd_buf *b);

/* Ownership of the bytes moves to the caller (free()); never NULL on
 * success (an empty buffer yields a heap ""). NULL only when out of memory. */
char *rd_buf_take(struct rd_buf *b);

#endif
