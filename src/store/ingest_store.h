/*
 * ingest_store.h — what ingest writes: one bundle version in one
 * transaction, the ingest log, and the history the pre-checks consult.
 *
 * store_ingest_bundle() writes, in one BEGIN IMMEDIATE transaction:
 * the applications row (new, or reopened by a newer version through
 * rd_app_transition(RD_ACT_RESUBMIT, system)), the app_versions row with
 * every manifest field, its files, findings and payment ('online' for
 * wechat/alipay, 'unmatched' for transfer), the verification jobs and
 * their checks rows (telecom_verify for the handler, and the applicant of
 * a personal certificate; bank_deposit for wechat/alipay), the ingest_log
 * row and the audit entries 'app.ingest' (and 'app.resubmit' when a
 * version reopens an application).
 *
 * Versions: a version not newer than the stored one is a duplicate (only
 * an ingest_log row is written). A newer version is accepted only when
 * the transition table lets the system resubmit from the current state
 * (rejected, fin_auth_failed); in any other state (received, in_review,
 * approved, ...) it is refused with RD_ERR_STATE and nothing is written:
 * the caller quarantines the bundle, so a customer cannot swap documents
 * under an auditor's eyes or after a decision.
 */
#ifndef RD_STORE_INGEST_STORE_H
#define RD_STORE_INGEST_STORE_H

#include "core/err.h"
#include "ingest/manifest.h"
#include "ingest/precheck.h"
#include "store/store.h"

#include <stddef.h>
#include <stdint.h>

/* One scan of the version (borrowed strings). */
struct store_ingest_scan {
	const char *role;          /* ingest_role_name() */
	const char *path;
	const char *sha256;
	int64_t size;
	const char *content_type;  /* MIME, judged from the content */
	int width, height;         /* 0 = unknown (stored as NULL) */
};

/* Everything store_ingest_bundle() needs; all borrowed. */
struct store_ingest_req {
	const struct ingest_manifest *m;
	const char *manifest_json;
	const char *bundle_name;
	const char *bundle_sha256;
	int64_t sla_due_at;
	const struct store_ingest_scan *aScan;
	size_t nScan;
	const struct ingest_findings *findings;
	const char *actor;         /* "cron:ingest", "demo" */
	int job_max_attempts;      /* 0 = the store's default */
	int scan_read;             /* queue a scan_read job per scan ([scan_read] enabled) */
	const char *outlet;        /* the channel's outlet ([channels]); NULL = "default" */
	/* Test hook: called just before COMMIT (crash simulation). */
	void (*before_commit)(void);
};

enum store_ingest_outcome {
	STORE_INGEST_INSERTED = 1,
	STORE_INGEST_DUPLICATE,
	STORE_INGEST_REFUSED       /* returned with RD_ERR_STATE */
};

/*
 * Store one checked bundle (see above). Opens its own transaction.
 * *outcome says what happened; *app_id (may be NULL) the application.
 * RD_ERR_STATE with *outcome = STORE_INGEST_REFUSED when a newer version
 * may not reopen the application (err says why); nothing is written.
 */
rd_status store_ingest_bundle(struct store *st,
			      const struct store_ingest_req *req,
			      enum store_ingest_outcome *outcome,
			      int64_t *app_id, struct rd_err *err);

/* Current version of app_no: *version 0 when unknown. */
rd_status store_ingest_current_version(struct store *st, const char *app_no,
				       int64_t *version, struct rd_err *err);

/*
 * Record a bundle outcome that store_ingest_bundle() did not record
 * (quarantined, or a duplicate found before reading the store), with an
 * audit entry 'bundle.quarantine' for quarantined ones. Own transaction.
 * outcome: "quarantined" or "duplicate"; app_no may be "" and version 0.
 */
rd_status store_ingest_log_add(struct store *st, const char *actor,
			       const char *bundle_name,
			       const char *bundle_sha256, const char *outcome,
			       const char *app_no, int64_t version,
			       const char *reason, struct rd_err *err);

/* What the pre-checks need to know from earlier applications (excluding
 * app_no itself). */
rd_status store_ingest_history(struct store *st,
			       const struct ingest_manifest *m,
			       struct ingest_history *h, struct rd_err *err);

/*
 * DEMO ONLY (`radesk demo`): decide app_no at time at as operator_id
 * would have in the console, through the approval gate: the operator
 * claims it and ticks its checklist, the gate (rd_gate_check, validity
 * at time at) decides; an approval whose unmet conditions are all
 * overridable (the checks are not back yet) is recorded as an override
 * and countersigned by a second supervisor (an existing one, or
 * "demo-countersign" made for it), the gate deciding the countersign too
 * (store/demo_gate.c). A case the gate refuses fails the demo with the
 * unmet conditions in words. action is RD_ACT_REJECT (with one reason
 * code and the note) or RD_ACT_APPROVE (reason_code NULL; the
 * approval's fulfilment jobs are enqueued by store_fulfil_on_approve, as
 * in the console). A decisions row is written, audited with actor
 * "demo". Own transaction.
 */
rd_status store_demo_decide(struct store *st, const char *app_no,
			    int64_t operator_id, enum rd_app_action action,
			    const char *reason_code, const char *note,
			    int64_t at, struct rd_err *err);

#endif
