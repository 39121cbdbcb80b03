/*
 * ingest.h — taking one bundle from the inbox to the database.
 *
 *   read and check every rule (ingest/bundle.h)       bad -> quarantine
 *   duplicate? (version not newer than the stored)    yes -> archive
 *   pre-checks with the store's history (precheck.h)
 *   scans into the blob store (fsync, rename)         before the commit
 *   one transaction (store/ingest_store.h)            refused -> quarantine
 *   move the bundle to the archive folder
 *
 * Crash safety: blobs are written before the transaction and are harmless
 * when orphaned; the transaction is all-or-nothing; the bundle leaves the
 * inbox only after the commit, and a re-run of a committed bundle that is
 * still in the inbox finds it a duplicate and archives it.
 *
 * Fault injection for tests: RADESK_FAULT=ingest-after-blobs,
 * ingest-before-commit or ingest-after-commit makes the process
 * _exit(137) at that point, like a kill -9.
 */
#ifndef RD_INGEST_INGEST_H
#define RD_INGEST_INGEST_H

#include "config.h"
#include "core/calendar.h"
#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* What ingest works with; all borrowed. */
struct ingest_env {
	struct store *st;
	const struct rd_config *cfg;     /* limits, tariffs, folders, SLA */
	const struct rd_calendar *cal;   /* for the SLA due time */
	const char *actor;               /* audit actor: "cron:ingest", "demo" */
};

enum ingest_outcome {
	INGEST_INGESTED = 1,
	INGEST_DUPLICATE,
	INGEST_QUARANTINED
};

struct ingest_result {
	enum ingest_outcome outcome;
	char app_no[48];
	int64_t version;
	int nFinding;
	char reason[1024];   /* why quarantined (untrusted text sanitised) */
	char moved_to[4096]; /* where the bundle went ("" if it could not move) */
};

/*
 * Ingest the bundle at path (see above). RD_OK for each of the three
 * outcomes (res says which). An error means radesk could not do its part
 * (database busy, disk full, folder not writable): the bundle stays where
 * it is and nothing is half-stored; retry later.
 */
rd_status ingest_file(const struct ingest_env *env, const char *path,
		      struct ingest_result *res, struct rd_err *err);

/*
 * The *.zip files and portal request files (<app_no>-<kind>-<n>.json,
 * ingest/request.h; ingest_file() stores those for a supervisor) directly
 * in dir, in natural order of their names
 * ("…-v2.zip" before "…-v10.zip"); hidden files (uploads in progress
 * named ".x.zip") are skipped. *paths is a malloc'd array of malloc'd
 * strings: free with ingest_paths_free().
 */
rd_status ingest_list_inbox(const char *dir, char ***paths, size_t *n,
			    struct rd_err *err);
void ingest_paths_free(char ***paths, size_t n);

/*
 * Load the calendar the SLA uses: the office hours and every holiday
 * file of cfg (comma-separated [sla] holidays) into cal, which the caller
 * has rd_cal_init()ed. A missing file is RD_ERR_CONFIG.
 */
rd_status ingest_calendar_load(const struct rd_config *cfg,
			       struct rd_calendar *cal, struct rd_err *err);

/* The limits of cfg ([ingest] section) as struct ingest_limits. */
struct ingest_limits;
void ingest_limits_from_config(const struct rd_config *cfg,
			       struct ingest_limits *lim);

#endif
