/*
 * buf.c — growable NUL-terminated byte string.
 */
#include "core/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rd_buf_init(struct rd_buf *b)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

void rd_buf_fini(struct rd_buf *b)
{
	free(b->data);
	rd_buf_init(b);
}

void rd_buf_reset(struct rd_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

static rd_status buf_reserve(struct rd_buf *b, size_t extra)
{
	size_t need, ncap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len)
		return RD_ERR_NOMEM;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return RD_OK;
	ncap = b->cap ? b->cap : 64;
	while (ncap < need)
		ncap *= 2;
	p = realloc(b->data, ncap);
	if (!p)
		return RD_ERR_NOMEM;
	b->data = p;
	b->cap = ncap;
	return RD_OK;
}

rd_status rd_buf_append(struct rd_buf *b, const void *p, size_t n)
{
	rd_status rc = buf_reserve(b, n);

	if (rc != RD_OK)
		return rc;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return RD_OK;
}

rd_status rd_buf_puts(struct rd_buf *b, const char *s)
{
	return rd_buf_append(b, s, strlen(s));
}

rd_status rd_buf_putc(struct rd_buf *b, char c)
{
	return rd_buf_append(b, &c, 1);
}

rd_status rd_buf_vprintf(struct rd_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	rd_status rc;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return RD_ERR_INVALID;
	rc = buf_reserve(b, (size_t)n);
	if (rc != RD_OK)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return RD_OK;
}

rd_status rd_buf_printf(struct rd_buf *b, const char *fmt, ...)
{
	va_list ap;
	rd_status rc;

	va_start(ap, fmt);
	rc = rd_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *rd_buf_str(const struct rd_buf *b)
{
	return b->data ? b->data : "";
}

char *rd_buf_take(struct rd_buf *b)
{
	char *p = b->data;

	if (!p) {
		p = malloc(1);
		if (!p)
			return NULL;
		p[0] = '\0';
	}
	rd_buf_init(b);
	return p;
}
