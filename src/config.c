/*
 * config.c — the INI reader and the one table of configuration keys.
 */
#include "config.h"

#include "core/buf.h"
#include "core/i18n.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* K_WORD: a string that must be one of the words listed for the key in
 * word_keys[] below. */
enum key_type { K_STR, K_PATH, K_PATHLIST, K_WORD, K_INT, K_I64, K_BOOL, K_HM,
		K_FEN };

struct key_spec {
	const char *section;
	const char *key;
	enum key_type type;
	size_t off;
	const char *def;
	int64_t min, max;
};

#define F(field) offsetof(struct rd_config, field)
#define PV(kind, field) \
	(offsetof(struct rd_config, provider) + \
	 (kind) * sizeof(struct rd_provider_cfg) + \
	 offsetof(struct rd_provider_cfg, field))

#define MIB (1024LL * 1024LL)

#ifndef DATADIR
#define DATADIR "/usr/local/share/radesk"
#endif

/* Providers share one set of keys; generated per kind below. */
#define PROVIDER_KEYS(sect, kind, port)                                        \
	{ sect, "base_url", K_STR, PV(kind, base_url),                        \
	  "http://127.0.0.1:" port, 0, 0 },                                   \
	{ sect, "adapter", K_STR, PV(kind, adapter), "generic", 0, 0 },       \
	{ sect, "secret_file", K_PATH, PV(kind, secret_file),                 \
	  "secrets/" sect ".key", 0, 0 },                                      \
	{ sect, "key_id", K_STR, PV(kind, key_id), "radesk", 0, 0 },          \
	{ sect, "connect_timeout", K_INT, PV(kind, connect_timeout_s), "5",   \
	  1, 120 },                                                           \
	{ sect, "timeout", K_INT, PV(kind, timeout_s), "20", 1, 600 },

static const struct key_spec keys[] = {
	{ "database", "path", K_PATH, F(db_path), "radesk.db", 0, 0 },
	{ "database", "busy_timeout_ms", K_INT, F(busy_timeout_ms), "10000", 0,
	  600000 },

	{ "paths", "blobs", K_PATH, F(blob_dir), "blobs", 0, 0 },
	{ "paths", "inbox", K_PATH, F(inbox_dir), "inbox", 0, 0 },
	{ "paths", "quarantine", K_PATH, F(quarantine_dir), "quarantine", 0, 0 },
	{ "paths", "archive", K_PATH, F(archive_dir), "archive", 0, 0 },
	{ "paths", "reports", K_PATH, F(reports_dir), "reports", 0, 0 },
	{ "paths", "spool", K_PATH, F(spool_dir), "spool", 0, 0 },
	{ "paths", "locks", K_PATH, F(lock_dir), "run", 0, 0 },
	{ "paths", "log", K_PATH, F(log_file), "", 0, 0 },

	{ "sla", "holidays", K_PATHLIST, F(holiday_files),
	  DATADIR "/holidays-2026.txt", 0, 0 },
	{ "sla", "working_days", K_INT, F(sla_working_days), "3", 1, 60 },
	{ "sla", "office_open", K_HM, F(office_open_min), "09:00", 0, 1439 },
	{ "sla", "office_close", K_HM, F(office_close_min), "17:00", 1, 1440 },

	{ "review", "claim_lease_minutes", K_INT, F(claim_lease_min), "30", 1,
	  24 * 60 },
	{ "review", "reasons", K_PATH, F(reasons_file),
	  DATADIR "/reject-reasons.txt", 0, 0 },
	{ "review", "checklists", K_PATH, F(checklist_file),
	  DATADIR "/checklists.txt", 0, 0 },

	{ "retention", "years_after_expiry", K_INT, F(retention_years), "5", 1,
	  100 },
	{ "ingest", "max_archive_bytes", K_I64, F(max_archive_bytes), "20971520",
	  1024, 4096 * MIB },
	{ "ingest", "max_entries", K_INT, F(max_entries), "16", 2, 10000 },
	{ "ingest", "max_manifest_bytes", K_I64, F(max_manifest_bytes), "262144",
	  256, 64 * MIB },
	{ "ingest", "max_scan_bytes", K_I64, F(max_scan_bytes), "2097152", 1024,
	  1024 * MIB },
	{ "ingest", "max_total_bytes", K_I64, F(max_total_bytes), "41943040",
	  1024, 8192 * MIB },
	{ "ingest", "max_ratio", K_INT, F(max_ratio), "100", 2, 100000 },
	{ "ingest", "min_scan_pixels", K_INT, F(min_scan_pixels), "300", 1,
	  100000 },

	/* issue 13: scans are decoded completely at ingest, within these */
	{ "ingest", "max_scan_pixels", K_I64, F(max_scan_pixels), "40000000",
	  1, 1000000000 },
	{ "ingest", "scan_decode_ms", K_INT, F(scan_decode_ms), "5000", 10,
	  600000 },

	{ "tariffs", "replace", K_FEN, F(tariff_replace_fen), "100.00", 0,
	  INT64_MAX },
	{ "tariffs", "renew", K_FEN, F(tariff_renew_fen), "300.00", 0,
	  INT64_MAX },
	{ "tariffs", "new", K_FEN, F(tariff_new_fen), "500.00", 0, INT64_MAX },

	/* issue 15 (bundle revision 2): renewal price per year by holder and
	 * algorithm (NETCA: 180 yuan a year), per-type SLA working days */
	{ "tariffs", "renew_year_org_sm2", K_FEN, F(renew_year_fen[0][0]),
	  "180.00", 0, INT64_MAX },
	{ "tariffs", "renew_year_org_rsa", K_FEN, F(renew_year_fen[0][1]),
	  "180.00", 0, INT64_MAX },
	{ "tariffs", "renew_year_org_dual", K_FEN, F(renew_year_fen[0][2]),
	  "180.00", 0, INT64_MAX },
	{ "tariffs", "renew_year_personal_sm2", K_FEN,
	  F(renew_year_fen[1][0]), "180.00", 0, INT64_MAX },
	{ "tariffs", "renew_year_personal_rsa", K_FEN,
	  F(renew_year_fen[1][1]), "180.00", 0, INT64_MAX },
	{ "tariffs", "renew_year_personal_dual", K_FEN,
	  F(renew_year_fen[1][2]), "180.00", 0, INT64_MAX },
	{ "sla", "working_days_replace", K_INT, F(sla_days_by_type[0]), "3", 1,
	  60 },
	{ "sla", "working_days_renew", K_INT, F(sla_days_by_type[1]), "2", 1,
	  60 },
	{ "sla", "working_days_new", K_INT, F(sla_days_by_type[2]), "3", 1,
	  60 },

	{ "worker", "max_attempts", K_INT, F(worker_max_attempts), "8", 1, 1000 },
	{ "worker", "backoff_base", K_INT, F(worker_backoff_base_s), "5", 1,
	  3600 },
	{ "worker", "backoff_max", K_INT, F(worker_backoff_max_s), "900", 1,
	  86400 },
	{ "worker", "poll_interval", K_INT, F(worker_poll_s), "2", 1, 3600 },
	{ "worker", "in_console", K_BOOL, F(worker_in_console), "yes", 0, 1 },

	{ "scan_read", "enabled", K_BOOL, F(scan_read_enabled), "no", 0, 1 },
	{ "scan_read", "time_limit", K_INT, F(scan_read_time_s), "30", 2, 600 },
	{ "scan_read", "max_memory", K_INT, F(scan_read_memory_mb), "1024", 128,
	  16384 },
	{ "scan_read", "max_pixels", K_I64, F(scan_read_max_pixels), "25000000",
	  10000, 400000000 },

	{ "http", "ca_bundle", K_PATH, F(ca_bundle), "", 0, 0 },
	{ "http", "max_response_bytes", K_I64, F(max_response_bytes), "8388608",
	  1024, 1024 * MIB },

	{ "print", "command", K_STR, F(print_command), "", 0, 0 },
	{ "print", "timeout", K_INT, F(print_timeout_s), "30", 1, 600 },
	{ "print", "max_label_bytes", K_I64, F(max_label_bytes), "2097152",
	  1024, 64 * MIB },

	{ "shipping", "sender_name", K_STR, F(sender_name), "", 0, 0 },
	{ "shipping", "sender_company", K_STR, F(sender_company), "", 0, 0 },
	{ "shipping", "sender_mobile", K_STR, F(sender_mobile), "", 0, 0 },
	{ "shipping", "sender_province", K_STR, F(sender_province), "", 0, 0 },
	{ "shipping", "sender_city", K_STR, F(sender_city), "", 0, 0 },
	{ "shipping", "sender_county", K_STR, F(sender_county), "", 0, 0 },
	{ "shipping", "sender_address", K_STR, F(sender_address), "", 0, 0 },
	{ "shipping", "poll_production", K_INT, F(poll_production_s), "60", 1,
	  86400 },
	{ "shipping", "poll_tracking", K_INT, F(poll_tracking_s), "1800", 1,
	  86400 },
	{ "shipping", "sf_monthly_card", K_STR, F(sf_monthly_card), "", 0, 0 },
	{ "shipping", "sf_express_type", K_INT, F(sf_express_type), "1", 1,
	  999 },

	{ "messages", "pin_sms", K_STR, F(pin_sms),
	  "您的数字证书申请{app_no}已通过审核，证书PIN码为{pin}，"
	  "请妥善保管，切勿告诉他人。",
	  0, 0 },

	{ "viewer", "open_with", K_STR, F(open_with), "", 0, 0 },
	{ "viewer", "max_pixels", K_I64, F(max_image_pixels), "40000000", 1,
	  INT64_C(1) << 40 },
	{ "viewer", "graphics", K_WORD, F(graphics), "auto", 0, 0 },

	{ "ui", "language", K_STR, F(language), "auto", 0, 0 },
	{ "ui", "color", K_STR, F(color), "auto", 0, 0 },

	/* Who the cron commands run as, and the audit log's signed
	 * checkpoints (issue 13: identity, the chain survives truncation). */
	{ "cron", "operator", K_STR, F(cron_operator), "", 0, 0 },
	{ "audit", "key", K_PATH, F(audit_key), "secrets/audit-anchor.key", 0,
	  0 },
	{ "audit", "anchors", K_PATH, F(audit_anchors), "audit-anchors.log", 0,
	  0 },

	PROVIDER_KEYS("provider.telecom", RD_PROV_TELECOM, "8787")
	PROVIDER_KEYS("provider.bank", RD_PROV_BANK, "8787")
	PROVIDER_KEYS("provider.production", RD_PROV_PRODUCTION, "8787")
	PROVIDER_KEYS("provider.courier", RD_PROV_COURIER, "8787")
	PROVIDER_KEYS("provider.notify", RD_PROV_NOTIFY, "8787")
	PROVIDER_KEYS("provider.invoice", RD_PROV_INVOICE, "8787")
};

#define NKEYS ((int)(sizeof keys / sizeof keys[0]))

/* The words a K_WORD key accepts, separated by spaces. */
static const struct {
	const char *section, *key, *words;
} word_keys[] = {
	{ "viewer", "graphics", "auto symbols sixel kitty" },
};

static const char *key_words(const struct key_spec *k)
{
	for (size_t i = 0; i < sizeof word_keys / sizeof word_keys[0]; i++)
		if (!strcmp(word_keys[i].section, k->section) &&
		    !strcmp(word_keys[i].key, k->key))
			return word_keys[i].words;
	return "";
}

/* zVal is one of the space-separated zWords. */
static int is_one_of(const char *zWords, const char *zVal)
{
	size_t n = strlen(zVal);

	for (const char *p = zWords; n && *p;) {
		size_t w = strcspn(p, " ");

		if (w == n && !strncmp(p, zVal, n))
			return 1;
		p += w;
		p += strspn(p, " ");
	}
	return 0;
}

static const char *const provider_names[RD_PROV_COUNT] = {
	"telecom", "bank", "production", "courier", "notify", "invoice",
};

const char *rd_provider_kind_name(enum rd_provider_kind kind)
{
	if ((int)kind < 0 || kind >= RD_PROV_COUNT)
		return NULL;
	return provider_names[kind];
}

static char **str_slot(struct rd_config *cfg, const struct key_spec *k)
{
	return (char **)((char *)cfg + k->off);
}

/* Join base_dir and a relative path; absolute paths and "" are kept. */
static char *resolve_path(const char *base_dir, const char *zVal)
{
	struct rd_buf b;

	if (zVal[0] == '\0' || zVal[0] == '/' || !base_dir || !base_dir[0] ||
	    strcmp(base_dir, ".") == 0)
		return strdup(zVal);
	rd_buf_init(&b);
	if (rd_buf_printf(&b, "%s/%s", base_dir, zVal) != RD_OK) {
		rd_buf_fini(&b);
		return NULL;
	}
	return rd_buf_take(&b);
}

/* Each comma-separated element resolved like a path; blanks dropped. */
static char *resolve_path_list(const char *base_dir, const char *zVal)
{
	struct rd_buf b;
	const char *p = zVal;

	rd_buf_init(&b);
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char *zOne, *zAbs;

		while (n > 0 && (*p == ' ' || *p == '\t')) {
			p++;
			n--;
		}
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n > 0) {
			zOne = strndup(p, n);
			zAbs = zOne ? resolve_path(base_dir, zOne) : NULL;
			free(zOne);
			if (!zAbs || (b.len && rd_buf_putc(&b, ',') != RD_OK) ||
			    rd_buf_puts(&b, zAbs) != RD_OK) {
				free(zAbs);
				rd_buf_fini(&b);
				return NULL;
			}
			free(zAbs);
		}
		if (!comma)
			break;
		p = comma + 1;
	}
	return rd_buf_take(&b);
}

static rd_status parse_int64(const char *z, int64_t *out)
{
	char *end;
	long long v;

	if (!*z)
		return RD_ERR_INVALID;
	errno = 0;
	v = strtoll(z, &end, 10);
	if (errno || *end)
		return RD_ERR_INVALID;
	*out = v;
	return RD_OK;
}

/* "123", "123.4", "123.45" yuan -> fen. */
static rd_status parse_fen(const char *z, int64_t *out)
{
	int64_t whole = 0, frac = 0;
	int nfrac = 0;
	const char *p = z;

	if (!isdigit((unsigned char)*p))
		return RD_ERR_INVALID;
	while (isdigit((unsigned char)*p)) {
		if (whole > (INT64_MAX / 100 - 9) / 10)
			return RD_ERR_INVALID;
		whole = whole * 10 + (*p++ - '0');
	}
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && nfrac < 2) {
			frac = frac * 10 + (*p++ - '0');
			nfrac++;
		}
		if (nfrac == 0)
			return RD_ERR_INVALID;
		if (nfrac == 1)
			frac *= 10;
	}
	if (*p)
		return RD_ERR_INVALID;
	*out = whole * 100 + frac;
	return RD_OK;
}

static rd_status parse_hm(const char *z, int64_t *out)
{
	int h, m;
	char tail;

	if (strlen(z) != 5 || sscanf(z, "%2d:%2d%c", &h, &m, &tail) != 2 ||
	    z[2] != ':' || !isdigit((unsigned char)z[0]) ||
	    !isdigit((unsigned char)z[3]))
		return RD_ERR_INVALID;
	if (h == 24 && m == 0) {
		*out = 1440;
		return RD_OK;
	}
	if (h < 0 || h > 23 || m < 0 || m > 59)
		return RD_ERR_INVALID;
	*out = h * 60 + m;
	return RD_OK;
}

static rd_status set_key(struct rd_config *cfg, const struct key_spec *k,
			 const char *zVal, const char *base_dir,
			 struct rd_err *err)
{
	int64_t v = 0;
	rd_status rc = RD_OK;
	char **slot;
	char *z;

	switch (k->type) {
	case K_WORD:
		if (!is_one_of(key_words(k), zVal))
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("'%s' is not one of: %s"), zVal,
					  key_words(k));
		/* fall through */
	case K_STR:
	case K_PATH:
	case K_PATHLIST:
		z = k->type == K_PATH	    ? resolve_path(base_dir, zVal)
		    : k->type == K_PATHLIST ? resolve_path_list(base_dir, zVal)
					    : strdup(zVal);
		if (!z)
			return rd_err_set(err, RD_ERR_NOMEM, "%s",
					  rd_strerror(RD_ERR_NOMEM));
		slot = str_slot(cfg, k);
		free(*slot);
		*slot = z;
		return RD_OK;
	case K_BOOL:
		if (!strcmp(zVal, "yes") || !strcmp(zVal, "true") ||
		    !strcmp(zVal, "on") || !strcmp(zVal, "1"))
			v = 1;
		else if (!strcmp(zVal, "no") || !strcmp(zVal, "false") ||
			 !strcmp(zVal, "off") || !strcmp(zVal, "0"))
			v = 0;
		else
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("'%s' is not yes or no"), zVal);
		*(int *)((char *)cfg + k->off) = (int)v;
		return RD_OK;
	case K_INT:
	case K_I64:
		rc = parse_int64(zVal, &v);
		break;
	case K_HM:
		rc = parse_hm(zVal, &v);
		if (rc != RD_OK)
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("'%s' is not a time of day (HH:MM)"),
					  zVal);
		break;
	case K_FEN:
		rc = parse_fen(zVal, &v);
		if (rc != RD_OK)
			return rd_err_set(err, RD_ERR_CONFIG,
					  _("'%s' is not an amount in yuan "
					    "(e.g. 100.00)"),
					  zVal);
		break;
	}
	if (rc != RD_OK)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("'%s' is not a whole number"), zVal);
	if (v < k->min || v > k->max)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("%lld is out of range (%lld to %lld)"),
				  (long long)v, (long long)k->min,
				  (long long)k->max);
	if (k->type == K_I64 || k->type == K_FEN)
		*(int64_t *)((char *)cfg + k->off) = v;
	else
		*(int *)((char *)cfg + k->off) = (int)v;
	return RD_OK;
}

static const struct key_spec *find_key(const char *section, const char *key)
{
	for (int i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section) &&
		    !strcmp(keys[i].key, key))
			return &keys[i];
	return NULL;
}

static int section_known(const char *section)
{
	for (int i = 0; i < NKEYS; i++)
		if (!strcmp(keys[i].section, section))
			return 1;
	return 0;
}

void rd_config_fini(struct rd_config *cfg)
{
	for (int i = 0; i < NKEYS; i++)
		if (keys[i].type == K_STR || keys[i].type == K_PATH ||
		    keys[i].type == K_PATHLIST || keys[i].type == K_WORD) {
			char **slot = str_slot(cfg, &keys[i]);
			free(*slot);
			*slot = NULL;
		}
	free(cfg->source);
	cfg->source = NULL;
	rd_config_outlets_fini(cfg);
}

rd_status rd_config_init_defaults(struct rd_config *cfg, const char *base_dir)
{
	struct rd_err e;
	rd_status rc;

	memset(cfg, 0, sizeof *cfg);
	for (int i = 0; i < NKEYS; i++) {
		rc = set_key(cfg, &keys[i], keys[i].def, base_dir, &e);
		if (rc != RD_OK) {
			rd_config_fini(cfg);
			return rc;
		}
	}
	cfg->source = strdup("(defaults)");
	if (!cfg->source) {
		rd_config_fini(cfg);
		return RD_ERR_NOMEM;
	}
	return RD_OK;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

rd_status rd_config_parse(struct rd_config *cfg, const char *text, size_t len,
			  const char *zName, const char *base_dir,
			  struct rd_err *err)
{
	char zSection[64] = "";
	size_t pos = 0;
	int lineno = 0;
	rd_status rc = RD_OK;
	char *zLine = NULL;

	if (memchr(text, '\0', len))
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("%s: contains a NUL byte; not a text file"),
				  zName);
	while (pos < len) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *s, *eq, *k, *v;
		const struct key_spec *spec;

		lineno++;
		free(zLine);
		zLine = strndup(text + pos, n);
		if (!zLine) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
		pos += n + (nl ? 1 : 0);
		s = trim(zLine);
		if (lineno == 1 && !strncmp(s, "\xEF\xBB\xBF", 3))
			s += 3; /* UTF-8 BOM from Windows editors */
		if (*s == '\0' || *s == '#' || *s == ';')
			continue;
		if (has_control(s)) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("%s:%d: control character in line"),
					zName, lineno);
			goto done;
		}
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (!close || trim(close + 1)[0] != '\0') {
				rc = rd_err_set(err, RD_ERR_CONFIG,
						_("%s:%d: section header must be "
						  "'[name]'"),
						zName, lineno);
				goto done;
			}
			*close = '\0';
			s = trim(s + 1);
			if (!section_known(s) && !rd_config_outlet_section(s)) {
				rc = rd_err_set(err, RD_ERR_CONFIG,
						_("%s:%d: unknown section [%s]"),
						zName, lineno, s);
				goto done;
			}
			snprintf(zSection, sizeof zSection, "%s", s);
			continue;
		}
		eq = strchr(s, '=');
		if (!eq) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("%s:%d: expected 'key = value'"),
					zName, lineno);
			goto done;
		}
		*eq = '\0';
		k = trim(s);
		v = trim(eq + 1);
		if (!zSection[0]) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("%s:%d: key '%s' before any [section]"),
					zName, lineno, k);
			goto done;
		}
		if (rd_config_outlet_section(zSection)) {
			if (strlen(v) >= 2 && v[0] == '"' &&
			    v[strlen(v) - 1] == '"') {
				v[strlen(v) - 1] = '\0';
				v++;
			}
			rc = rd_config_outlet_set(cfg, zSection, k, v, base_dir,
						  err);
			if (rc != RD_OK) {
				rd_err_prefix(err, "%s:%d: [%s] %s: ", zName,
					      lineno, zSection, k);
				goto done;
			}
			continue;
		}
		spec = find_key(zSection, k);
		if (!spec) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("%s:%d: unknown key '%s' in [%s]"),
					zName, lineno, k, zSection);
			goto done;
		}
		if (strlen(v) >= 2 && v[0] == '"' && v[strlen(v) - 1] == '"') {
			v[strlen(v) - 1] = '\0';
			v++;
		}
		rc = set_key(cfg, spec, v, base_dir, err);
		if (rc != RD_OK) {
			rd_err_prefix(err, "%s:%d: [%s] %s: ", zName, lineno,
				      zSection, k);
			goto done;
		}
	}
	if (rc == RD_OK)
		rc = rd_config_outlets_check(cfg, err);
done:
	free(zLine);
	return rc;
}

rd_status rd_config_read_file(struct rd_config *cfg, const char *path,
			      struct rd_err *err)
{
	struct rd_buf b;
	char chunk[4096];
	char *zDir = NULL, *slash;
	FILE *f;
	size_t n;
	rd_status rc = RD_OK;

	rd_buf_init(&b);
	f = fopen(path, "rb");
	if (!f)
		return rd_err_set(err, RD_ERR_CONFIG, _("%s: cannot open: %s"),
				  path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > 1024 * 1024) {
			rc = rd_err_set(err, RD_ERR_CONFIG,
					_("%s: larger than 1 MiB; not a "
					  "configuration file"),
					path);
			goto done;
		}
		if (rd_buf_append(&b, chunk, n) != RD_OK) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
	}
	if (ferror(f)) {
		rc = rd_err_set(err, RD_ERR_CONFIG, _("%s: read error: %s"),
				path, strerror(errno));
		goto done;
	}
	zDir = strdup(path);
	if (!zDir) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	slash = strrchr(zDir, '/');
	if (slash)
		*slash = '\0';
	else
		strcpy(zDir, ".");
	rc = rd_config_parse(cfg, rd_buf_str(&b), b.len, path, zDir, err);
	if (rc == RD_OK) {
		free(cfg->source);
		cfg->source = strdup(path);
		if (!cfg->source)
			rc = RD_ERR_NOMEM;
	}
done:
	fclose(f);
	free(zDir);
	rd_buf_fini(&b);
	return rc;
}

rd_status rd_config_load(struct rd_config *cfg, const char *explicit_path,
			 struct rd_err *err)
{
	static const char *const search[] = {
		"/etc/radesk/radesk.conf",
		"./etc/radesk.conf",
	};
	const char *path = explicit_path;
	const char *zEnv = getenv("RADESK_CONFIG");
	rd_status rc;

	if (!path && zEnv && *zEnv)
		path = zEnv;
	if (!path) {
		for (size_t i = 0; i < sizeof search / sizeof search[0]; i++)
			if (access(search[i], F_OK) == 0) {
				path = search[i];
				break;
			}
	}
	if (!path)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("no configuration file: looked for "
				    "--config, $RADESK_CONFIG, "
				    "/etc/radesk/radesk.conf and "
				    "./etc/radesk.conf; copy "
				    "etc/radesk.conf.example to one of them"));
	rc = rd_config_init_defaults(cfg, ".");
	if (rc != RD_OK)
		return rd_err_set(err, rc, "%s", rd_strerror(rc));
	/* Defaults for relative paths follow the file's directory too. */
	{
		char *zDir = strdup(path), *slash;

		if (!zDir) {
			rd_config_fini(cfg);
			return RD_ERR_NOMEM;
		}
		slash = strrchr(zDir, '/');
		if (slash)
			*slash = '\0';
		else
			strcpy(zDir, ".");
		rd_config_fini(cfg);
		rc = rd_config_init_defaults(cfg, zDir);
		free(zDir);
		if (rc != RD_OK)
			return rd_err_set(err, rc, "%s", rd_strerror(rc));
	}
	rc = rd_config_read_file(cfg, path, err);
	if (rc != RD_OK) {
		rd_config_fini(cfg);
		return rc;
	}
	if (cfg->office_close_min <= cfg->office_open_min) {
		rc = rd_err_set(err, RD_ERR_CONFIG,
				_("%s: [sla] office_close must be later than "
				  "office_open"),
				path);
		rd_config_fini(cfg);
		return rc;
	}
	return RD_OK;
}

void rd_config_visit(const struct rd_config *cfg, rd_config_visit_fn fn,
		     void *ctx)
{
	char zVal[64];

	for (int i = 0; i < NKEYS; i++) {
		const struct key_spec *k = &keys[i];
		const char *p = (const char *)cfg + k->off;
		const char *zOut = zVal;

		switch (k->type) {
		case K_STR:
		case K_PATH:
		case K_PATHLIST:
		case K_WORD:
			zOut = *(char *const *)p ? *(char *const *)p : "";
			break;
		case K_INT:
			snprintf(zVal, sizeof zVal, "%d", *(const int *)p);
			break;
		case K_BOOL:
			zOut = *(const int *)p ? "yes" : "no";
			break;
		case K_HM:
			snprintf(zVal, sizeof zVal, "%02d:%02d",
				 *(const int *)p / 60, *(const int *)p % 60);
			break;
		case K_I64:
			snprintf(zVal, sizeof zVal, "%lld",
				 (long long)*(const int64_t *)p);
			break;
		case K_FEN:
			snprintf(zVal, sizeof zVal, "%lld.%02lld",
				 (long long)(*(const int64_t *)p / 100),
				 (long long)(*(const int64_t *)p % 100));
			break;
		}
		fn(ctx, k->section, k->key, zOut);
	}
}

rd_status rd_config_read_secret(const char *path, char **out,
				struct rd_err *err)
{
	struct stat stbuf;
	char zData[4097];
	ssize_t n;
	int fd;

	*out = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: cannot open: %s"), path,
				  strerror(errno));
	if (fstat(fd, &stbuf) != 0 || !S_ISREG(stbuf.st_mode)) {
		close(fd);
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: not a regular file"), path);
	}
	if (stbuf.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: readable by group or "
				    "others; run chmod 600 on it"),
				  path);
	}
	n = read(fd, zData, sizeof zData - 1);
	close(fd);
	if (n < 0)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: read error: %s"), path,
				  strerror(errno));
	if (n == (ssize_t)sizeof zData - 1)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: larger than 4 KiB"), path);
	zData[n] = '\0';
	while (n > 0 && (zData[n - 1] == '\n' || zData[n - 1] == '\r'))
		zData[--n] = '\0';
	if (n == 0)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("secret file %s: empty"), path);
	*out = strdup(zData);
	memset(zData, 0, sizeof zData);
	if (!*out)
		return RD_ERR_NOMEM;
	return RD_OK;
}
