/*
 * fulfil.h — fulfilment: USB-key production orders, waybills, label
 * prints, and what the console shows of them.
 *
 * The path of a replace/new application after approval:
 *
 *   approval            production_orders row 'requested' + job
 *                       production_order "production:<app>:v<n>"
 *   order accepted      order 'queued', application approved → in_production
 *   polls               order queued → writing → ready  (or qc_failed: the
 *                       order stops and waits for a supervisor's retry,
 *                       which makes attempt k+1 with key "…:r<k>")
 *   key ready           shipments row 'requested' + job courier_waybill
 *                       "waybill:<app>:v<n>" with the version's ship_* address
 *   waybill made        shipment 'created', label stored, first label print
 *   polls               shipment picked_up (application → shipped),
 *                       in_transit, delivered (→ delivered), or returned
 *   delivered           → completed when nothing is outstanding (the
 *                       e-invoice issued when one was asked for)
 *
 * Every function that writes says whether it opens its own transaction.
 * Supervisor actions check the operator's role in the store and append an
 * audit entry in the same transaction as the change.
 */
#ifndef RD_STORE_FULFIL_H
#define RD_STORE_FULFIL_H

#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

/* One shipment as the shipping screen lists it. Text is copied from the
 * database as stored (provider answers, bundle fields): sanitise before
 * drawing. Personal fields are masked already. */
struct store_ship_row {
	int64_t id;               /* shipments.id */
	int64_t app_id;
	char app_no[40];
	char app_state[24];       /* applications.state */
	char org_name[256];
	char recipient[128];      /* masked name (rd_mask_name) */
	char mobile[32];          /* masked mobile */
	char city[128];           /* ship_province + ship_city, not masked */
	char waybill_no[64];      /* "" while the waybill is being made */
	char carrier[32];         /* the courier adapter: "generic", "sf" */
	char state[16];           /* requested created picked_up in_transit
				     delivered returned */
	int has_label;            /* a label PDF is stored */
	int print_count;          /* prints done (state 'printed') */
	char print_state[12];     /* latest print: "" none, queued, printed,
				     failed */
	int64_t printed_at;       /* last successful print, 0 = never */
	char last_error[256];     /* the latest waybill/tracking or print
				     error, "" when none */
	int64_t created_at;
	int64_t updated_at;
	char outlet[40];          /* db 011: whose line made the key */
};

/*
 * The shipments made in [from, to) (unix seconds; the caller computes the
 * local day), oldest first, rows first .. first+limit-1 of that list into
 * the caller's array rows[limit]; *n says how many were written and
 * *total (may be NULL) how many the day has. Read-only.
 */
rd_status store_ship_list(struct store *st, int64_t from, int64_t to,
			  int first, int limit, struct store_ship_row *rows,
			  int *n, int *total, struct rd_err *err);

/* The same, only the shipments of outlet (NULL = every outlet; the
 * outlet of the application's version, db 011). */
rd_status store_ship_list_outlet(struct store *st, int64_t from, int64_t to,
				 const char *outlet, int first, int limit,
				 struct store_ship_row *rows, int *n,
				 int *total, struct rd_err *err);

/* What needs a person's attention, whatever the day. */
enum store_fulfil_issue_kind {
	STORE_FI_QC_FAILED,       /* the latest production order failed QC */
	STORE_FI_JOB_DEAD,        /* a fulfilment job gave up (see kind) */
	STORE_FI_RETURNED,        /* the courier returned the parcel */
	STORE_FI_PRINT_FAILED     /* the latest print of a label failed */
};

struct store_fulfil_issue {
	enum store_fulfil_issue_kind what;
	int64_t app_id;
	char app_no[40];
	char org_name[256];
	char app_state[24];
	int64_t order_id;         /* production_orders.id, 0 = none */
	int64_t shipment_id;      /* 0 = none */
	int64_t job_id;           /* the dead job / the print's job, 0 = none */
	char kind[32];            /* the job's kind, "" when not a job */
	char waybill_no[64];
	int attempt;              /* production attempt, 0 when not one */
	char detail[512];         /* last error as stored: sanitise to show */
	int64_t at;               /* when it happened */
};

/*
 * Issues newest first: production orders whose latest attempt is
 * qc_failed, dead jobs of the fulfilment kinds (production_order,
 * production_status, courier_waybill, courier_status, label_print,
 * notify, invoice) of applications that are not cancelled or refunded,
 * returned shipments and shipments whose latest print failed. Rows
 * first .. first+limit-1 into rows[limit]; *n written, *total (may be
 * NULL) in all. Read-only.
 */
rd_status store_fulfil_issues(struct store *st, int first, int limit,
			      struct store_fulfil_issue *rows, int *n,
			      int *total, struct rd_err *err);

/*
 * Supervisor: produce the application's key again. In its own
 * transaction, audited as actor ("production.retry", with the note):
 *   - the latest order failed QC: a new order row (attempt k+1) and a
 *     production_order job with key "production:<app>:v<n>:r<k>", the
 *     same payload as the first order's;
 *   - the latest order's job (the order or its status poll) is dead: the
 *     job goes back to pending with its key unchanged, so the provider
 *     sees the same order again and makes no second one.
 * operator_id must be an enabled supervisor or admin (RD_ERR_DENIED);
 * RD_ERR_STATE when the application is not approved/in_production or its
 * order needs no retry; RD_ERR_NOTFOUND when it has no order. note may be
 * NULL.
 */
rd_status store_fulfil_retry_production(struct store *st, const char *actor,
					int64_t operator_id, int64_t app_id,
					const char *note, struct rd_err *err);

/*
 * Print a shipment's label (again): in its own transaction, a
 * label_prints row (n = prints so far + 1) and a 'label_print' job with
 * key "label:<waybill>:<n>", which the worker carries out (print command
 * or spool folder). Audited as actor ("label.print"). operator_id must be
 * an enabled operator (any role). RD_ERR_STATE when the shipment has no waybill or no label yet,
 * or a print of it is still waiting (nothing is queued twice; a print
 * whose job a supervisor cancelled does not count);
 * RD_ERR_NOTFOUND for no such shipment.
 */
rd_status store_label_print_enqueue(struct store *st, const char *actor,
				    int64_t operator_id, int64_t shipment_id,
				    struct rd_err *err);

/*
 * Batch print: store_label_print_enqueue for every shipment made in
 * [from, to) that has a label and no queued print — only those never
 * printed when unprinted_only — each in its own transaction. *queued
 * counts prints queued. The first failure other than RD_ERR_STATE stops
 * the batch and is returned. operator_id: an enabled supervisor or admin.
 */
rd_status store_label_print_batch(struct store *st, const char *actor,
				  int64_t operator_id, int64_t from,
				  int64_t to, int unprinted_only, int *queued,
				  struct rd_err *err);

/*
 * Inside the caller's transaction (the approval's): the jobs an approval
 * causes, each with a stable key so a replay adds nothing.
 *   replace/new  production order row + job production_order
 *                "production:<app>:v<n>" (payload: certificate fields,
 *                medium, outlet — "" or NULL = "default" — and the PIN,
 *                which the line writes into the key);
 *   renew        notify "notify:<app>:v<n>:ready_to_install" (with note);
 *   transfer     the PIN by SMS, notify "notify:<app>:v<n>:pin", to the
 *   payment      handler (organisation certificate) or the applicant
 *                (personal certificate);
 *   e-invoice    invoice "invoice:<app>:v<n>" when the version asked for
 *                one (title, taxpayer id, amount, e-mail).
 * The application must exist with its current version.
 */
rd_status store_fulfil_on_approve(struct store *st, int64_t app_id,
				  const char *outlet, const char *note,
				  struct rd_err *err);

/* A worker's outcome for one job, for store_fulfil_apply (all borrowed). */
struct store_fulfil_event {
	int64_t job_id;
	const char *kind;
	int64_t app_id;
	const char *payload;      /* the job's payload (JSON) */
	const char *outcome;      /* "done", "pending" (a status poll that is
				     not final), "failed" (will retry), "dead" */
	const char *result;       /* the answer (JSON) or NULL */
	const char *error;        /* why it failed or waits; may be NULL */
	const char *label_sha256; /* courier_waybill: the stored label, "" or
				     NULL when none */
	int max_attempts;         /* for the jobs it enqueues */
};

/* Non-zero for the job kinds store_fulfil_apply follows. */
int store_fulfil_follows(const char *kind);

/*
 * Inside the worker's transaction that records the outcome: move the
 * fulfilment along (see the path at the top of this file) — production
 * orders, shipments, label prints, the invoice number, the application's
 * state through rd_app_transition() as RD_ROLE_SYSTEM, the next jobs
 * (waybill when the key is ready, the first label print) and audit
 * entries as "worker". A state change the table refuses (the application
 * was cancelled meanwhile) is skipped, not an error: the outcome is still
 * recorded and nothing further is enqueued for it.
 */
rd_status store_fulfil_apply(struct store *st,
			     const struct store_fulfil_event *ev,
			     struct rd_err *err);

/*
 * A renewal's certificate was installed (reported by the customer or the
 * install tool, relayed by an operator): ready_to_install → completed, in
 * its own transaction, audited as actor ("app.complete", via
 * install_report, with the note). The transition is the system's (the
 * event comes from outside); operator_id must be an enabled supervisor
 * or admin, as in the console (completing is final), else RD_ERR_DENIED.
 * RD_ERR_STATE when the application is not a renewal ready to install.
 */
rd_status store_fulfil_installed(struct store *st, const char *actor,
				 int64_t operator_id, int64_t app_id,
				 const char *note, struct rd_err *err);

/* Look a shipment up by waybill number; RD_ERR_NOTFOUND when none. */
rd_status store_ship_find_waybill(struct store *st, const char *waybill_no,
				  int64_t *shipment_id, struct rd_err *err);

#endif
