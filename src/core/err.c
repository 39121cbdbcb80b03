/*
 * err.c — status names, translated descriptions and the rd_err helpers.
 */
#include "core/err.h"
#include "core/i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_desc[] = {
#define RD_X_DESC(name, desc) desc,
	RD_STATUS_LIST(RD_X_DESC)
#undef RD_X_DESC
};

static const char *const status_name[] = {
#define RD_X_NAME(name, desc) #name,
	RD_STATUS_LIST(RD_X_NAME)
#undef RD_X_NAME
};

const char *rd_strerror(rd_status st)
{
	if ((int)st < 0 || st >= RD_STATUS_COUNT)
		return _("unknown status");
	return _(status_desc[st]);
}

const char *rd_status_name(rd_status st)
{
	if ((int)st < 0 || st >= RD_STATUS_COUNT)
		return "RD_ERR_UNKNOWN";
	return status_name[st];
}

rd_status rd_err_set(struct rd_err *err, rd_status code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->msg[0] = '\0';
	if (fmt) {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return code;
}

rd_status rd_err_prefix(struct rd_err *err, const char *fmt, ...)
{
	char zPre[512];
	char zOld[sizeof err->msg];
	size_t nPre, nOld;
	va_list ap;

	if (!err)
		return RD_OK;
	if (err->code == RD_OK)
		return RD_OK;
	va_start(ap, fmt);
	vsnprintf(zPre, sizeof zPre, fmt, ap);
	va_end(ap);
	memcpy(zOld, err->msg, sizeof zOld);
	if (zOld[0] == '\0')
		snprintf(zOld, sizeof zOld, "%s", rd_strerror(err->code));
	/* prefix, then as much of the old message as still fits */
	nPre = strlen(zPre);
	if (nPre > sizeof err->msg - 1)
		nPre = sizeof err->msg - 1;
	nOld = strlen(zOld);
	if (nOld > sizeof err->msg - 1 - nPre)
		nOld = sizeof err->msg - 1 - nPre;
	memcpy(err->msg, zPre, nPre);
	memcpy(err->msg + nPre, zOld, nOld);
	err->msg[nPre + nOld] = '\0';
	return err->code;
}

void rd_err_clear(struct rd_err *err)
{
	if (!err)
		return;
	err->code = RD_OK;
	err->msg[0] = '\0';
}

const char *rd_err_msg(const struct rd_err *err)
{
	if (!err)
		return "";
	if (err->msg[0])
		return err->msg;
	return rd_strerror(err->code);
}
