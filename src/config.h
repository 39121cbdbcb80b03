/*
 * config.h — radesk.conf, an INI file.
 *
 * Search order: --config FILE, $RADESK_CONFIG, /etc/radesk/radesk.conf,
 * ./etc/radesk.conf. Relative paths inside the file are resolved against
 * the directory that holds the file, so a config and its var/ can move
 * together. Every key is declared once in RD_CONFIG_KEYS (config.c); a
 * key that is not there, a bad value or a syntax error is refused with
 * the file name and line number. etc/radesk.conf.example documents all
 * keys and is checked against the table by the unit tests.
 */
#ifndef RD_CONFIG_H
#define RD_CONFIG_H

#include "core/err.h"

#include <stdint.h>

enum rd_provider_kind {
	RD_PROV_TELECOM,
	RD_PROV_BANK,
	RD_PROV_PRODUCTION,
	RD_PROV_COURIER,
	RD_PROV_NOTIFY,
	RD_PROV_INVOICE,
	RD_PROV_COUNT
};

#define RD_OUTLET_MAX 16

struct rd_provider_cfg {
	char *base_url;        /* e.g. http://127.0.0.1:8787 */
	char *adapter;         /* "generic" (spec providers-v1) or a vendor ("sf") */
	char *secret_file;     /* file holding the HMAC secret; never the secret */
	char *key_id;          /* optional identifier sent along (vendor partner id) */
	int connect_timeout_s;
	int timeout_s;
};

struct rd_config {
	char *source;          /* path of the file read, or "(defaults)" */

	/* [database] */
	char *db_path;
	int busy_timeout_ms;

	/* [paths] */
	char *blob_dir;
	char *inbox_dir;
	char *quarantine_dir;
	char *archive_dir;
	char *reports_dir;
	char *spool_dir;
	char *lock_dir;
	char *log_file;        /* "" = stderr only */

	/* [sla] */
	char *holiday_files;   /* comma-separated list of calendar files */
	int sla_working_days;
	int office_open_min;   /* minutes after midnight, UTC+08:00 */
	int office_close_min;

	/* [review] */
	int claim_lease_min;
	int retention_years;        /* [retention] years_after_expiry */
	char *reasons_file;
	char *checklist_file;

	/* [ingest] */
	int64_t max_archive_bytes;
	int max_entries;
	int64_t max_manifest_bytes;
	int64_t max_scan_bytes;
	int64_t max_total_bytes;
	int max_ratio;
	int min_scan_pixels;   /* shorter side below this is implausible */
	int64_t max_scan_pixels; /* a scan decodes within this at ingest */
	int scan_decode_ms;      /* ... and within this wall time */

	/* [tariffs] fen */
	int64_t tariff_replace_fen;
	int64_t tariff_renew_fen;
	int64_t tariff_new_fen;
	/* renewal price a year (revision 2), by holder (0 org, 1 personal)
	 * and algorithm (0 SM2, 1 RSA, 2 SM2+RSA): expected = years x this */
	int64_t renew_year_fen[2][3];
	/* [sla] working days by enum rd_app_type (replace, renew, new) */
	int sla_days_by_type[3];

	/* [worker] */
	int worker_max_attempts;
	int worker_backoff_base_s;
	int worker_backoff_max_s;
	int worker_poll_s;
	int worker_in_console;  /* bool: console runs a background worker */

	/* [http] */
	char *ca_bundle;        /* "" = system default */
	int64_t max_response_bytes;

	/* [print] */
	char *print_command;    /* "" = write labels to spool_dir only */
	int print_timeout_s;    /* the print command is killed after this */
	int64_t max_label_bytes;  /* a larger label PDF is refused */

	/* [shipping] the sender on every waybill, and how often to ask */
	char *sender_name;
	char *sender_company;
	char *sender_mobile;
	char *sender_province;
	char *sender_city;
	char *sender_county;
	char *sender_address;
	int poll_production_s;  /* between production status polls */
	int poll_tracking_s;    /* between waybill tracking polls */
	char *sf_monthly_card;  /* SF Express monthly account ("" = none) */
	int sf_express_type;    /* SF expressTypeId (1 = 顺丰特快) */

	/* [messages] customer texts; {app_no} and {pin} are filled in */
	char *pin_sms;

	/* [viewer] */
	char *open_with;        /* external viewer command, "" = none */
	int64_t max_image_pixels;
	char *graphics;         /* "auto", "symbols", "sixel" or "kitty" */

	/* [scan_read] reading the scans (src/scanread.c) */
	int scan_read_enabled;      /* bool: ingest queues a scan_read job per scan */
	int scan_read_time_s;       /* per scan */
	int scan_read_memory_mb;    /* the reading child's address space */
	int64_t scan_read_max_pixels;

	/* [ui] */
	char *language;         /* "auto", "zh_CN" or "en" */
	char *color;            /* "auto" or "never" */

	/* [cron] the login ingest, worker and report run as ("" = none set) */
	char *cron_operator;
	/* [audit] signed checkpoints of the audit chain */
	char *audit_key;        /* Ed25519 private key (PEM), mode 0600 */
	char *audit_anchors;    /* append-only checkpoint file */

	/* [provider.KIND] */
	struct rd_provider_cfg provider[RD_PROV_COUNT];

	/* [channels] portal channel = outlet, and [provider.production.OUTLET]
	 * the production line of each outlet (config_outlets.c). */
	struct rd_channel_map {
		char *channel, *outlet;
	} channels[RD_OUTLET_MAX];
	int nchannels;
	struct rd_outlet_cfg {
		char *name;
		struct rd_provider_cfg production; /* unset fields: [provider.production] */
	} outlets[RD_OUTLET_MAX];
	int noutlets;
};

/*
 * Channels and outlets (config_outlets.c). The outlet of a portal
 * channel ("default" when [channels] does not name it); the production
 * line configuration of an outlet, into *out (borrowed strings):
 * [provider.production.OUTLET] over [provider.production].
 */
const char *rd_config_channel_outlet(const struct rd_config *cfg,
				     const char *channel);
void rd_config_production_for(const struct rd_config *cfg, const char *outlet,
			      struct rd_provider_cfg *out);
/* For config.c's parser: is section one of ours; set a key of it; check
 * the whole (every outlet [channels] names has its production line);
 * free. */
int rd_config_outlet_section(const char *section);
rd_status rd_config_outlet_set(struct rd_config *cfg, const char *section,
			       const char *key, const char *value,
			       const char *base_dir, struct rd_err *err);
rd_status rd_config_outlets_check(const struct rd_config *cfg,
				  struct rd_err *err);
void rd_config_outlets_fini(struct rd_config *cfg);

/* Fill *cfg with the built-in defaults (paths relative to base_dir, which
 * may be "."). Free with rd_config_fini(). */
rd_status rd_config_init_defaults(struct rd_config *cfg, const char *base_dir);

/*
 * Load the configuration. explicit_path is --config (NULL when absent);
 * otherwise the search order above applies. A missing explicit file is an
 * error; when no file is found at all the error lists where it looked.
 * On failure *cfg is left empty (nothing to free).
 */
rd_status rd_config_load(struct rd_config *cfg, const char *explicit_path,
			 struct rd_err *err);

/* Parse one file over the defaults already in cfg. Exposed for tests. */
rd_status rd_config_read_file(struct rd_config *cfg, const char *path,
			      struct rd_err *err);

/* Parse INI text (zName is used in messages; base_dir resolves relative
 * paths). Exposed for tests and fuzzing. */
rd_status rd_config_parse(struct rd_config *cfg, const char *text, size_t len,
			  const char *zName, const char *base_dir,
			  struct rd_err *err);

void rd_config_fini(struct rd_config *cfg);

/* "telecom", "bank", ... ; NULL for an out-of-range kind. */
const char *rd_provider_kind_name(enum rd_provider_kind kind);

/* Visit every declared key: section, key, current value as text. Used by
 * `radesk config show` and the tests that check the example file. */
typedef void (*rd_config_visit_fn)(void *ctx, const char *section,
				   const char *key, const char *value);
void rd_config_visit(const struct rd_config *cfg, rd_config_visit_fn fn,
		     void *ctx);

/* Read a whole secret file (at most 4 KiB) and strip the trailing
 * newline; *out is malloc'd, the caller wipes and frees it. Like ssh with
 * private keys, a file that group or others can read is refused. */
rd_status rd_config_read_secret(const char *path, char **out,
				struct rd_err *err);

#endif
