/*
 * demo.h — realistic synthetic submission bundles for `radesk demo`.
 *
 * A plan is a deterministic function of (seed, number of applications,
 * now, tariffs, the scan files): a splitmix64 generator draws Chinese
 * organisations (城市 + 字号 + 行业 + 有限公司), people, addresses, banks
 * and certificates; resident IDs and USCCs carry valid check characters
 * except where a defect is planted. About 15% of the applications carry
 * one planted defect (wrong check character, basic account name differs,
 * expired renewal, missing scan, a second open application for the same
 * certificate serial, amount differs from the tariff, failed liveness);
 * a few are rejected after their first version and come back as version
 * 2, and one other application of a rejected organisation arrives after
 * the rejection (so the history check fires). With draw_scans each
 * bundle carries its application's own drawn documents (form, licence,
 * ID card) and a few carry a planted reading defect: a licence of another
 * company, a form without seal, an ID card whose number differs in one
 * digit (its check character recomputed), a photo nobody can read. Submission times spread
 * over the 14 days before now, mostly in office hours, some in evenings
 * and at weekends.
 *
 * The plan is a list of steps in time order: write-and-ingest a bundle,
 * or reject or approve an application (store_demo_decide()). The caller
 * runs them.
 */
#ifndef RD_DEMO_H
#define RD_DEMO_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define DEMO_MAX_APPS 5000

struct demo_opts {
	int nApps;                 /* 1..DEMO_MAX_APPS */
	uint64_t seed;
	int64_t now;               /* rd_now() */
	int64_t tariff_fen[3];     /* by enum rd_app_type */
	const char *scans_dir;     /* etc/demo/scans */
	int draw_scans;            /* draw each application's own scans
	                            * (src/scandoc.c) instead of packing the
	                            * files of scans_dir */
};

enum demo_step_kind {
	DEMO_STEP_BUNDLE = 1,      /* write a bundle, ingest it */
	DEMO_STEP_REJECT,          /* reject app_no as an auditor would */
	DEMO_STEP_APPROVE          /* approve app_no: fulfilment starts */
};

/* One step of a plan; everything owned by the plan. */
struct demo_docs;

struct demo_step {
	enum demo_step_kind kind;
	int64_t at;                /* submission or decision time */
	char app_no[24];
	int version;               /* bundles */
	char *manifest_json;       /* bundles: manifest.json text */
	int aScan[5];              /* bundles: indices into the plan's scans */
	int nScan;
	struct demo_docs *docs;    /* bundles with drawn scans, else NULL */
	const char *reason_code;   /* rejects: reject-reasons.txt code */
	const char *note;          /* rejects: the auditor's note (Chinese) */
};

struct demo_plan;

/*
 * Make the plan for o (reads the scan files of o->scans_dir). On RD_OK
 * *out is a new plan owned by the caller (demo_plan_free()). RD_ERR_IO /
 * RD_ERR_NOTFOUND when a scan file cannot be read, RD_ERR_INVALID for
 * bad options, RD_ERR_NOMEM.
 */
rd_status demo_plan_new(const struct demo_opts *o, struct demo_plan **out,
			struct rd_err *err);

/* Free and set *pp to NULL; NULL-safe. */
void demo_plan_free(struct demo_plan **pp);

/* Steps in time order (borrowed from the plan). */
size_t demo_plan_count(const struct demo_plan *p);
const struct demo_step *demo_plan_step(const struct demo_plan *p, size_t i);

/* Number of bundles and of distinct applications in the plan. */
size_t demo_plan_bundles(const struct demo_plan *p);
size_t demo_plan_apps(const struct demo_plan *p);

/*
 * Write the bundle of step s into dir as "<app_no>-v<version>.zip" with
 * libzip (written under a hidden temporary name, then renamed, so an
 * ingest scanning the inbox never sees half a bundle). The full path goes
 * into path (size n). RD_ERR_IO on disk errors, RD_ERR_LIMIT when the
 * path does not fit, RD_ERR_INVALID when s is not a bundle step.
 */
rd_status demo_bundle_write(const struct demo_plan *p,
			    const struct demo_step *s, const char *dir,
			    char *path, size_t n, struct rd_err *err);

#endif
