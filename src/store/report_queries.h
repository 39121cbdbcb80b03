/*
 * report_queries.h — every query behind the daily/range workbook and the
 * dossier export. Rows are streamed to callbacks one at a time (never a
 * whole table in memory). Every row struct passed to a callback is
 * borrowed for the duration of the call: its strings are copies owned by
 * this module and freed right after the callback returns.
 *
 * Periods are half-open [t0, t1) in unix seconds; the caller turns local
 * (UTC+08:00) dates into instants. A callback returns RD_OK to go on; any
 * other status stops the walk and is returned as is (its message should
 * already be in the caller's err).
 */
#ifndef RD_STORE_REPORT_QUERIES_H
#define RD_STORE_REPORT_QUERIES_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/*
 * Read snapshot: every query between begin and end sees the same
 * committed state (a deferred read transaction). end is safe to call
 * without begin. Writers in other processes are not blocked (WAL).
 */
rd_status store_report_snapshot_begin(struct store *st, struct rd_err *err);
void store_report_snapshot_end(struct store *st);

/* One decision of the period, with its application and version. */
struct store_rep_decision {
	int64_t id;
	const char *app_no;
	const char *type;          /* 'replace' | 'renew' | 'new' */
	const char *org_name;      /* of the decided version, as received */
	const char *handler_name;  /* clear text: the caller masks it */
	const char *auditor_login;
	const char *auditor_name;  /* display name, may be "" */
	const char *action;        /* decisions.action */
	const char *reasons;       /* reason codes, sorted, comma-separated */
	const char *note;          /* to the customer, as typed */
	const char *countersign;   /* none | pending | approved | refused */
	int64_t submitted_at;      /* of the decided version */
	int64_t sla_due_at;
	int64_t decided_at;
};
typedef rd_status (*store_rep_decision_fn)(void *ctx,
					   const struct store_rep_decision *r);
/* Decisions with t0 <= created_at < t1, oldest first. */
rd_status store_report_decisions(struct store *st, int64_t t0, int64_t t1,
				 store_rep_decision_fn fn, void *ctx,
				 struct rd_err *err);

/* A (key, sub-key, count) aggregate row; strings borrowed for the call. */
struct store_rep_count {
	const char *key;
	const char *key2;
	const char *label;         /* e.g. the auditor's display name */
	int64_t n;
};
typedef rd_status (*store_rep_count_fn)(void *ctx,
					const struct store_rep_count *r);
/* Decisions of the period by application type (key) and action (key2),
 * ordered by type then action. */
rd_status store_report_decisions_by_type(struct store *st, int64_t t0,
					 int64_t t1, store_rep_count_fn fn,
					 void *ctx, struct rd_err *err);
/* Decisions by auditor login (key, label = display name) and action
 * (key2), ordered by login then action. */
rd_status store_report_decisions_by_auditor(struct store *st, int64_t t0,
					    int64_t t1, store_rep_count_fn fn,
					    void *ctx, struct rd_err *err);
/* Reject reason codes (key) used by decisions of the period, most used
 * first, then by code. */
rd_status store_report_reject_reasons(struct store *st, int64_t t0, int64_t t1,
				      store_rep_count_fn fn, void *ctx,
				      struct rd_err *err);

/* A payment created in the period. */
struct store_rep_payment {
	const char *app_no;
	const char *org_name;
	const char *method;        /* wechat | alipay | transfer */
	int64_t amount_fen;
	const char *trade_no;      /* "" when none */
	const char *state;         /* online | unmatched | matched | manual | refunded */
	int64_t created_at;
	int64_t matched_at;        /* 0 when not matched */
};
typedef rd_status (*store_rep_payment_fn)(void *ctx,
					  const struct store_rep_payment *r);
rd_status store_report_payments(struct store *st, int64_t t0, int64_t t1,
				 store_rep_payment_fn fn, void *ctx,
				 struct rd_err *err);

/* A production order (one attempt at writing the key) or a shipment
 * created or updated in the period, by application number, production
 * first, then in the order they were made. */
struct store_rep_fulfil {
	const char *kind;          /* "production" | "shipment" */
	const char *app_no;
	const char *ref;           /* provider order id / waybill number */
	const char *carrier;       /* shipments only, else "" */
	const char *state;
	const char *medium_serial; /* production only, else "" */
	const char *last_error;    /* the provider's last complaint, "" if none */
	int64_t attempt;           /* production: 1, 2, ... (retries after QC); 0 */
	int64_t print_count;       /* shipments: labels printed; 0 */
	int64_t delivered_at;      /* shipments: 0 until delivered */
	int64_t created_at;
	int64_t updated_at;
	const char *outlet;        /* db 011: the line that made the key */
};
typedef rd_status (*store_rep_fulfil_fn)(void *ctx,
					 const struct store_rep_fulfil *r);
rd_status store_report_fulfilment(struct store *st, int64_t t0, int64_t t1,
				  store_rep_fulfil_fn fn, void *ctx,
				  struct rd_err *err);

/*
 * An application version open at instant t: submitted before t, the
 * newest version submitted before t, and with no effective decision on
 * it before t (a refused countersign does not count). Reconstructed from
 * history, so a report for a past date comes out the same every time.
 */
struct store_rep_backlog {
	const char *app_no;
	const char *type;
	const char *org_name;
	const char *handler_name;  /* clear text: the caller masks it */
	const char *state;         /* the application's CURRENT state */
	int64_t version;
	int64_t submitted_at;
	int64_t sla_due_at;
};
typedef rd_status (*store_rep_backlog_fn)(void *ctx,
					  const struct store_rep_backlog *r);
/* Open versions at t, most urgent (earliest SLA deadline) first. */
rd_status store_report_backlog(struct store *st, int64_t t,
			       store_rep_backlog_fn fn, void *ctx,
			       struct rd_err *err);

/* A bundle quarantined in the period. */
struct store_rep_quarantine {
	const char *bundle_name;
	const char *bundle_sha256;
	const char *app_no;
	const char *reason;
	int64_t at;
};
typedef rd_status (*store_rep_quarantine_fn)(void *ctx,
					     const struct store_rep_quarantine *r);
rd_status store_report_quarantined(struct store *st, int64_t t0, int64_t t1,
				   store_rep_quarantine_fn fn, void *ctx,
				   struct rd_err *err);

/* ---------------------------------------------------------- dashboard */

/*
 * The supervisor dashboard at instant `now`: counts only, each one
 * aggregate query over an index, all in one read snapshot. The store
 * knows no calendar: the caller turns working time into the instants
 * that bound each bucket. "Open" is received or in review.
 */
#define STORE_DASH_BUCKETS 4
struct store_dash_query {
	int64_t now;
	int64_t since;             /* start of "today" (local midnight) */
	/* By waiting time: an open application submitted after
	 * aAgeAfter[k] (k = 0..2) has waited less than k+1 working days;
	 * bucket 3 is the rest. Decreasing instants. */
	int64_t aAgeAfter[STORE_DASH_BUCKETS - 1];
	/* By deadline: bucket 0 overdue (sla_due_at < now), then due at or
	 * before aDueBy[1], at or before aDueBy[2], later. aDueBy[0] is
	 * now. Increasing instants. A claim is "at risk" when due at or
	 * before aDueBy[1]. */
	int64_t aDueBy[STORE_DASH_BUCKETS - 1];
};

struct store_dashboard {
	int64_t aAge[STORE_DASH_BUCKETS];
	int64_t aDue[STORE_DASH_BUCKETS];
	int64_t nReceived;         /* open, waiting to be claimed */
	int64_t nInReview;         /* open, in review */
	int64_t nCountersign;      /* overrides waiting for a second supervisor */
	int64_t nDeadJobs;         /* outbox jobs that gave up */
	/* since `since`: */
	int64_t nIngested;         /* bundles taken in (new or new versions) */
	int64_t nQuarantined;
	int64_t nApproved;         /* decisions in effect or waiting for */
	int64_t nRejected;         /* their countersign (refused ones are */
	int64_t nReturned;         /* not counted) */
	int64_t nCancelled;        /* cancellations */
	int64_t nRefundRequested;  /* refunds requested */
	int64_t nRefunded;         /* refunds made */
	int64_t nCountersigned;    /* overrides countersigned or refused */
};

/* One operator's day: every enabled auditor and supervisor, and anyone
 * else who decided today or holds a claim. */
struct store_dash_operator {
	const char *login;
	const char *name;          /* display name, may be "" */
	int64_t nDecided;          /* all decisions since `since` (not refused) */
	int64_t nApproved, nRejected, nReturned;
	int64_t nCancelled, nRefundRequested, nRefunded;
	int64_t nCountersigned;    /* others' overrides this operator signed
				    * or refused since `since` (not in
				    * nDecided: not this operator's
				    * decisions) */
	int64_t nClaimed;          /* live claims now */
	int64_t nAtRisk;           /* of those, overdue or due by aDueBy[1] */
};
typedef rd_status (*store_dash_operator_fn)(void *ctx,
					    const struct store_dash_operator *r);

/*
 * Fill *out and hand every operator row to fn (most decisions first,
 * then by login). Opens and ends its own read snapshot (no transaction
 * may be open).
 */
rd_status store_dashboard_read(struct store *st,
			       const struct store_dash_query *q,
			       struct store_dashboard *out,
			       store_dash_operator_fn fn, void *ctx,
			       struct rd_err *err);

/* ---------------------------------------------------------- dossier */

/* Application id of an application number; RD_ERR_NOTFOUND if none. */
rd_status store_report_app_id(struct store *st, const char *app_no,
			      int64_t *app_id, struct rd_err *err);

/* The parts of a dossier, each a list of rows of one table. */
enum store_dossier_part {
	STORE_DOSSIER_APPLICATION,  /* the applications row */
	STORE_DOSSIER_VERSIONS,     /* app_versions, by version */
	STORE_DOSSIER_FILES,        /* files (+ version_no), by version, id */
	STORE_DOSSIER_FINDINGS,     /* findings (+ version_no) */
	STORE_DOSSIER_CHECKS,       /* verification results */
	STORE_DOSSIER_DECISIONS,    /* decisions (+ operator_login, reason_codes) */
	STORE_DOSSIER_NOTES,        /* internal notes (+ operator_login) */
	STORE_DOSSIER_PAYMENTS,
	STORE_DOSSIER_PRODUCTION,
	STORE_DOSSIER_SHIPMENTS,
	STORE_DOSSIER_AUDIT,        /* audit rows about the app, minus export.* */
	STORE_DOSSIER_PART_COUNT
};

enum store_rep_vtype { STORE_REP_NULL, STORE_REP_INT, STORE_REP_REAL,
		       STORE_REP_TEXT };
/* A typed column value; z is set for TEXT only. */
struct store_rep_value {
	const char *name;          /* column name */
	int type;                  /* enum store_rep_vtype */
	int64_t i;
	double r;
	const char *z;
};
typedef rd_status (*store_rep_row_fn)(void *ctx, int nCol,
				      const struct store_rep_value *aCol);
/* Stream the rows of one part for application app_id (app_no is used by
 * the audit part, whose rows are keyed by subject). Deterministic order. */
rd_status store_report_dossier_rows(struct store *st,
				    enum store_dossier_part part,
				    int64_t app_id, const char *app_no,
				    store_rep_row_fn fn, void *ctx,
				    struct rd_err *err);

#endif
