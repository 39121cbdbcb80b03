/*
 * test_config_outlets.c — [channels] and [provider.production.OUTLET].
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "config.h"

#include <string.h>

static rd_status parse(struct rd_config *cfg, const char *z,
		       struct rd_err *err)
{
	assert_int_equal(rd_config_init_defaults(cfg, "/etc/radesk"), RD_OK);
	rd_err_clear(err);
	return rd_config_parse(cfg, z, strlen(z), "t.conf", "/etc/radesk",
			       err);
}

static void test_map_and_merge(void **state)
{
	struct rd_config cfg;
	struct rd_provider_cfg pc;
	struct rd_err err;

	(void)state;
	assert_int_equal(parse(&cfg,
			       "[provider.production]\n"
			       "base_url = http://127.0.0.1:1\n"
			       "timeout = 9\n"
			       "[channels]\n"
			       "wechat = minhang\n"
			       "web = default\n"
			       "wechat = pudong\n"
			       "[provider.production.minhang]\n"
			       "base_url = \"http://127.0.0.1:2\"\n"
			       "secret_file = secrets/minhang.key\n"
			       "[provider.production.pudong]\n"
			       "connect_timeout = 3\n",
			       &err),
			 RD_OK);
	/* the last mapping of a channel wins */
	assert_string_equal(rd_config_channel_outlet(&cfg, "wechat"), "pudong");
	assert_string_equal(rd_config_channel_outlet(&cfg, "web"), "default");
	assert_string_equal(rd_config_channel_outlet(&cfg, "counter"),
			    "default");
	assert_string_equal(rd_config_channel_outlet(&cfg, NULL), "default");
	rd_config_production_for(&cfg, "minhang", &pc);
	assert_string_equal(pc.base_url, "http://127.0.0.1:2");
	assert_string_equal(pc.secret_file, "/etc/radesk/secrets/minhang.key");
	assert_int_equal(pc.timeout_s, 9);
	rd_config_production_for(&cfg, "pudong", &pc);
	assert_string_equal(pc.base_url, "http://127.0.0.1:1");
	assert_int_equal(pc.connect_timeout_s, 3);
	rd_config_production_for(&cfg, "default", &pc);
	assert_string_equal(pc.base_url, "http://127.0.0.1:1");
	rd_config_fini(&cfg);
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"[channels]\nwechat = nowhere\n",
		"[channels]\nWeChat = x\n",
		"[channels]\nweb = a b\n",
		"[provider.production.minhang]\nadapter = sf\n",
		"[provider.production.minhang]\ncolour = red\n",
		"[provider.production.minhang]\ntimeout = 0\n",
		"[provider.production.default]\nbase_url = x\n",
		"[provider.production.Min]\nbase_url = x\n",
	};
	struct rd_config cfg;
	struct rd_err err;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(parse(&cfg, bad[i], &err), RD_ERR_CONFIG);
		rd_config_fini(&cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map_and_merge),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
