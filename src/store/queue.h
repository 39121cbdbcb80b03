/*
 * queue.h — what the console reads: keyset-paged queues per tab, match
 * search, and one application's full detail.
 *
 * Paging is by key (sla_due_at or decided_at, then id), never OFFSET, so
 * every page costs an index seek however deep it is.
 */
#ifndef RD_STORE_QUEUE_H
#define RD_STORE_QUEUE_H

#include "core/err.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

enum store_queue_tab {
	STORE_Q_REVIEW = 0,     /* received + in_review, most urgent first */
	STORE_Q_MINE,         /* live claims of `me` */
	STORE_Q_COUNTERSIGN,  /* with an override awaiting countersign */
	STORE_Q_DONE,         /* decided, newest decision first */
	STORE_Q_ALL,          /* everything, most urgent first */
	STORE_Q_TAB_COUNT
};

/* Orders of a tab (STORE_QS_DEFAULT: the tab's own, most urgent first
 * or newest decision first). Each is read in order from an index
 * (db/008_sort.sql): (state, column, id) for one state, (column, id)
 * across states. */
enum store_queue_sort {
	STORE_QS_DEFAULT = 0,
	STORE_QS_SLA,            /* sla_due_at */
	STORE_QS_SUBMITTED,      /* submitted_at */
	STORE_QS_APP_NO,         /* app_no */
	STORE_QS_ORG,            /* the first 64 characters of org_name */
	STORE_QS_DECIDED,        /* decided_at (decided applications only) */
	STORE_QS_COUNT
};

/* Filter; strings borrowed. NULL / "" / 0 = no restriction. */
struct store_queue_filter {
	enum store_queue_tab tab;
	int64_t me;              /* operator id for STORE_Q_MINE, mine_only */
	const char *type;        /* "replace", "renew", "new" */
	const char *state;       /* a state name */
	const char *search;      /* app no. prefix, org substring, USCC,
				    serial or handler name */
	/* The filter menu's (issue #14): */
	unsigned states;         /* one bit per enum rd_app_state; with
				    `state` unset, any of these */
	const char *channel;     /* the current version's channel */
	int risk_only;           /* risk >= 2 */
	int mine_only;           /* claimed (live) by `me` */
	int64_t due_from;        /* sla_due_at >= due_from, when non-zero */
	int64_t due_before;      /* sla_due_at < due_before, when non-zero */
	enum store_queue_sort sort;
	int desc;                /* with sort: descending */
};

/* Position in a tab's order: the sort column's value (k, or ks for a
 * text column) and the id. */
struct store_queue_key {
	int64_t k;               /* sla_due_at, or decided_at for DONE */
	int64_t id;
	char ks[260];            /* app_no or the organisation's first 64
				    characters, when sorted by them */
};

/* One queue line; text copied from the database, not yet sanitised. */
struct store_queue_row {
	int64_t id;
	char app_no[40];
	char type[12];
	char state[24];
	char org_name[256];
	char org_id_no[40];
	char handler_name[96];
	char verify_summary[64];
	char claimed_by[64];     /* login of a live claim, "" when none */
	int64_t claim_op;
	int64_t submitted_at;
	int64_t sla_due_at;
	int64_t decided_at;      /* 0 when undecided */
	int64_t row_version;
	int risk;
	int pending_override;
	struct store_queue_key key;
};

enum store_queue_dir {
	STORE_Q_FROM,            /* key >= from, in order */
	STORE_Q_AFTER,           /* key > from, in order */
	STORE_Q_BEFORE           /* key < from, nearest first (reverse order) */
};

/*
 * Read up to `limit` rows of the filtered tab relative to `from` (NULL:
 * from the start for FROM/AFTER, from the end for BEFORE). Rows go into
 * the caller's array; *n says how many. `now` is for claim liveness.
 */
rd_status store_queue_page(struct store *st,
			   const struct store_queue_filter *f,
			   const struct store_queue_key *from,
			   enum store_queue_dir dir, int64_t now, int limit,
			   struct store_queue_row *rows, int *n,
			   struct rd_err *err);

/* Count rows of the filtered tab (for the tab labels; capped at cap). */
rd_status store_queue_count(struct store *st,
			    const struct store_queue_filter *f, int64_t now,
			    int64_t cap, int64_t *count, struct rd_err *err);

/* The channels applications came through (at most max, in order) into
 * aOut[max][32]; *n says how many. Each found with one index seek. */
rd_status store_queue_channels(struct store *st, char (*aOut)[32], int max,
			       int *n, struct rd_err *err);

/* Pending override decisions a supervisor could countersign, overall. */

/* One field of the customer's form. section and label are static msgids
 * (translate with _() when shown); value is owned by the detail. */
enum store_pii { STORE_PII_NONE, STORE_PII_ID, STORE_PII_MOBILE,
		 STORE_PII_ACCOUNT, STORE_PII_EMAIL };
struct store_field {
	const char *section;
	const char *label;
	const char *name;        /* stable name for reveal logging */
	char *value;
	enum store_pii pii;
};
struct store_file {
	char role[24], path[160], sha256[65], content_type[48];
	int64_t size;
	int width, height;
};
struct store_finding {
	char severity[12], code[48], field[64];
	char *message, *arg;
};
struct store_detail_check {
	char kind[24], state[16];
	char *detail;
	int64_t updated_at;
};
struct store_version {
	int version;
	int64_t submitted_at;
	char bundle[128];
};
struct store_decision {
	int64_t id, at, operator_id;
	char action[20], from[24], to[24], by[64], countersign[12], cs_by[64];
	char *note, *override_reason, *reasons;  /* reasons: "A,B" */
	char *cs_note;           /* the countersigner's note, "" when none */
	int64_t cs_at;           /* when countersigned or refused, 0 */
	/* by and cs_by are the operators' display names (their logins
	 * when they have none). */
};
struct store_note {
	int64_t at;
	char by[64];             /* display name (login when none) */
	char *body;
	int install;             /* 1: a renewal's install report, from the
				    audit trail; 0: an internal note */
};
struct store_related {
	char app_no[40], state[24], why[16];  /* why: uscc, id, serial */
	int64_t submitted_at;
	int high_risk;                        /* was rejected */
};
struct store_tick {
	char item[48];
	int checked;
};

/* Everything the detail screen shows. Owns its arrays and strings:
 * store_detail_free(). */
struct store_detail {
	struct store_queue_row app;
	int version;
	int64_t version_id;
	int64_t claim_expires;
	int64_t pending_decision;        /* 0 when none */
	int64_t pending_decider;
	struct store_field *aField;     size_t nField;
	struct store_file *aFile;       size_t nFile;
	struct store_finding *aFinding; size_t nFinding;
	struct store_detail_check *aCheck;     size_t nCheck;
	struct store_version *aVersion; size_t nVersion;
	struct store_decision *aDecision; size_t nDecision;
	struct store_note *aNote;       size_t nNote;
	struct store_related *aRelated; size_t nRelated;
	struct store_tick *aTick;       size_t nTick;
	/* A resubmission (version > 1): the version before, its form in
	 * the order of aField and its files, for "what changed". */
	int prev_version;                /* 0 when none */
	struct store_field *aPrevField; size_t nPrevField;
	struct store_file *aPrevFile;   size_t nPrevFile;
};

/* Read application app_id. *out owned by the caller. */
rd_status store_detail_read(struct store *st, int64_t app_id, int64_t now,
			    struct store_detail **out, struct rd_err *err);
void store_detail_free(struct store_detail **pp);

/* The form's field stored in column (app_versions, e.g. "handler_id_no"):
 * its section and label msgids (translate with _()). 0 when unknown. */
int store_form_field_label(const char *column, const char **section,
			   const char **label);

/* Find an application id by exact app_no. RD_ERR_NOTFOUND if none. */
rd_status store_app_id_by_no(struct store *st, const char *app_no,
			     int64_t *id, struct rd_err *err);

#endif
