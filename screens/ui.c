/*
 * ui.c — console bootstrap (replaced by the full screen set).
 */
#include "screens/ui.h"

#include <sysexits.h>

int ui_run(struct rd_ctx *ctx)
{
	(void)ctx;
	return EX_UNAVAILABLE;
}
