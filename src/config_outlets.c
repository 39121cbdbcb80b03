/*
 * config_outlets.c — [channels] and [provider.production.OUTLET]: which
 * outlet (渠道网点) makes and mails the keys of each portal channel, and
 * the production line of each outlet. See config.h.
 *
 *   [channels]
 *   web = pudong
 *   wechat = minhang
 *   [provider.production.minhang]
 *   base_url = http://127.0.0.1:8788
 *   secret_file = secrets/production-minhang.key
 *
 * An outlet's keys are those of [provider.production] (base_url,
 * adapter, secret_file, key_id, connect_timeout, timeout); what it does
 * not set comes from [provider.production]. "default" is the outlet of
 * a channel not named, whose line is [provider.production] itself.
 */
#include "config.h"

#include "core/buf.h"
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

#define PREFIX "provider.production."

/* An outlet or channel name: 1-32 of [a-z0-9_-]. */
static int name_ok(const char *z)
{
	size_t n = strlen(z);

	if (n == 0 || n > 32)
		return 0;
	for (; *z; z++)
		if (!((*z >= 'a' && *z <= 'z') || (*z >= '0' && *z <= '9') ||
		      *z == '_' || *z == '-'))
			return 0;
	return 1;
}

int rd_config_outlet_section(const char *section)
{
	if (!strcmp(section, "channels"))
		return 1;
	return !strncmp(section, PREFIX, strlen(PREFIX)) &&
	       name_ok(section + strlen(PREFIX)) &&
	       strcmp(section + strlen(PREFIX), "default");
}

static struct rd_outlet_cfg *outlet_get(struct rd_config *cfg,
					const char *name, struct rd_err *err)
{
	for (int i = 0; i < cfg->noutlets; i++)
		if (!strcmp(cfg->outlets[i].name, name))
			return &cfg->outlets[i];
	if (cfg->noutlets >= RD_OUTLET_MAX) {
		rd_err_set(err, RD_ERR_CONFIG, _("more than %d outlets"),
			   RD_OUTLET_MAX);
		return NULL;
	}
	cfg->outlets[cfg->noutlets].name = strdup(name);
	if (!cfg->outlets[cfg->noutlets].name) {
		rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		return NULL;
	}
	return &cfg->outlets[cfg->noutlets++];
}

static rd_status set_str(char **slot, const char *v, struct rd_err *err)
{
	char *z = strdup(v);

	if (!z)
		return rd_err_set(err, RD_ERR_NOMEM, "%s",
				  rd_strerror(RD_ERR_NOMEM));
	free(*slot);
	*slot = z;
	return RD_OK;
}

static rd_status set_int(int *slot, const char *v, int min, int max,
			 struct rd_err *err)
{
	char *end = NULL;
	long n = strtol(v, &end, 10);

	if (!*v || *end || n < min || n > max)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("'%s' is not a whole number from %d to %d"),
				  v, min, max);
	*slot = (int)n;
	return RD_OK;
}

rd_status rd_config_outlet_set(struct rd_config *cfg, const char *section,
			       const char *key, const char *value,
			       const char *base_dir, struct rd_err *err)
{
	struct rd_outlet_cfg *o;

	if (!strcmp(section, "channels")) {
		int i;

		if (!name_ok(key) || !name_ok(value))
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("a channel and its outlet are "
					    "names of a-z, 0-9, _ and -"));
		for (i = 0; i < cfg->nchannels; i++)
			if (!strcmp(cfg->channels[i].channel, key))
				break;
		if (i == cfg->nchannels) {
			if (i >= RD_OUTLET_MAX)
				return rd_err_set(err, RD_ERR_CONFIG,
						  _("more than %d channels"),
						  RD_OUTLET_MAX);
			if (set_str(&cfg->channels[i].channel, key, err))
				return RD_ERR_NOMEM;
			cfg->nchannels++;
		}
		return set_str(&cfg->channels[i].outlet, value, err);
	}
	o = outlet_get(cfg, section + strlen(PREFIX), err);
	if (!o)
		return err ? err->code : RD_ERR_CONFIG;
	if (!strcmp(key, "base_url"))
		return set_str(&o->production.base_url, value, err);
	if (!strcmp(key, "adapter")) {
		if (strcmp(value, "generic"))
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("a production line speaks the "
					    "generic protocol"));
		return set_str(&o->production.adapter, value, err);
	}
	if (!strcmp(key, "key_id"))
		return set_str(&o->production.key_id, value, err);
	if (!strcmp(key, "secret_file")) {
		struct rd_buf b;

		if (value[0] == '/' || !base_dir || !base_dir[0] ||
		    !strcmp(base_dir, "."))
			return set_str(&o->production.secret_file, value, err);
		rd_buf_init(&b);
		if (rd_buf_printf(&b, "%s/%s", base_dir, value) != RD_OK) {
			rd_buf_fini(&b);
			return rd_err_set(err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
		}
		free(o->production.secret_file);
		o->production.secret_file = rd_buf_take(&b);
		return RD_OK;
	}
	if (!strcmp(key, "connect_timeout"))
		return set_int(&o->production.connect_timeout_s, value, 1, 120,
			       err);
	if (!strcmp(key, "timeout"))
		return set_int(&o->production.timeout_s, value, 1, 600, err);
	return rd_err_set(err, RD_ERR_CONFIG, _("unknown key"));
}

rd_status rd_config_outlets_check(const struct rd_config *cfg,
				  struct rd_err *err)
{
	for (int i = 0; i < cfg->nchannels; i++) {
		const char *zOut = cfg->channels[i].outlet;
		int found = !strcmp(zOut, "default");

		for (int j = 0; !found && j < cfg->noutlets; j++)
			found = !strcmp(cfg->outlets[j].name, zOut);
		if (!found)
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("[channels] %s = %s: there is no "
					    "[provider.production.%s] for that "
					    "outlet"),
					  cfg->channels[i].channel, zOut, zOut);
	}
	return RD_OK;
}

const char *rd_config_channel_outlet(const struct rd_config *cfg,
				     const char *channel)
{
	for (int i = 0; channel && i < cfg->nchannels; i++)
		if (!strcmp(cfg->channels[i].channel, channel))
			return cfg->channels[i].outlet;
	return "default";
}

void rd_config_production_for(const struct rd_config *cfg, const char *outlet,
			      struct rd_provider_cfg *out)
{
	*out = cfg->provider[RD_PROV_PRODUCTION];
	for (int i = 0; outlet && i < cfg->noutlets; i++) {
		const struct rd_provider_cfg *o = &cfg->outlets[i].production;

		if (strcmp(cfg->outlets[i].name, outlet))
			continue;
		if (o->base_url)
			out->base_url = o->base_url;
		if (o->adapter)
			out->adapter = o->adapter;
		if (o->secret_file)
			out->secret_file = o->secret_file;
		if (o->key_id)
			out->key_id = o->key_id;
		if (o->connect_timeout_s)
			out->connect_timeout_s = o->connect_timeout_s;
		if (o->timeout_s)
			out->timeout_s = o->timeout_s;
	}
}

void rd_config_outlets_fini(struct rd_config *cfg)
{
	for (int i = 0; i < cfg->nchannels; i++) {
		free(cfg->channels[i].channel);
		free(cfg->channels[i].outlet);
	}
	for (int i = 0; i < cfg->noutlets; i++) {
		free(cfg->outlets[i].name);
		free(cfg->outlets[i].production.base_url);
		free(cfg->outlets[i].production.adapter);
		free(cfg->outlets[i].production.secret_file);
		free(cfg->outlets[i].production.key_id);
	}
	memset(cfg->channels, 0, sizeof cfg->channels);
	memset(cfg->outlets, 0, sizeof cfg->outlets);
	cfg->nchannels = cfg->noutlets = 0;
}
