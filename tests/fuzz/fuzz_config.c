/*
 * fuzz_config.c — fuzz target for the INI reader (src/config.c):
 * parse over the defaults, then visit every key as `radesk config show`
 * does.
 */
#include "fuzz.h"

#include "config.h"
#include <stdlib.h>

static void cfg_visit(void *ctx, const char *section, const char *key,
		      const char *value)
{
	(void)ctx;
	if (!section || !key || !value)
		abort();
}

int fuzz_config(const uint8_t *data, size_t size)
{
	struct rd_config cfg;
	struct rd_err err;

	err.msg[0] = '\0';
	if (rd_config_init_defaults(&cfg, "/srv/radesk") != RD_OK)
		return 0;
	if (rd_config_parse(&cfg, (const char *)data, size, "fuzz.conf",
			    "/srv/radesk", &err) == RD_OK)
		rd_config_visit(&cfg, cfg_visit, NULL);
	else if (!err.msg[0])
		abort();
	rd_config_fini(&cfg);
	return 0;
}

FUZZ_ENTRY(fuzz_config)
