/*
 * gen.c — `radesk-bench gen DB N DECISIONS SCANS HOLIDAYS`: fill a
 * database made by `radesk init` with N applications in one transaction.
 *
 * The rows are what the ingest and the review would have written, made
 * directly (prepared statements, journal off, one transaction) because
 * ingesting a million bundles would take hours. The people, organisations
 * and manifests come from `radesk demo`'s generator (demo.h): a plan of up
 * to DEMO_MAX_APPS applications is made once and its manifests are reused
 * as templates, each copy with its own application number, serial, times
 * and outcome. The shape (see docs/PERFORMANCE.md):
 *
 *   history   N - DECISIONS - N/20 applications submitted over the year
 *             before the campaign week, decided 1 h .. 3 days later;
 *             most completed, some rejected, cancelled, refunded, or still
 *             in production or shipping.
 *   campaign  DECISIONS applications submitted in the 6 days before the
 *             bench day (2026-11-19) and all decided on that day, mostly
 *             in office hours: the daily report's day.
 *   open      N/20 received or in review (a quarter claimed, some claims
 *             expired), submitted since the bench day began, a tenth of
 *             them overdue; most have passed their checks, so the
 *             concurrency run can approve them.
 *
 * Not generated: the audit log (only its head is read on the measured
 * paths), jobs, production orders and shipments, findings, ingest log.
 * SQL in a test tool, like tests/console/seed.sql: the schema is the one
 * the migrations made, and every value is a bound parameter.
 */
#include "bench.h"

#include "clock.h"
#include "core/calendar.h"
#include "core/state.h"
#include "core/timefmt.h"
#include "demo.h"
#include "fsutil.h"
#include "ingest/manifest.h"

#include <inttypes.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DAY 86400

struct tmpl {
	struct ingest_manifest *m;
	char *json;              /* compact, as a portal sends it; owned */
	size_t len;
};

/* Prepared statements, one per table. */
enum { S_APP, S_VER, S_FILE, S_CHECK, S_PAY, S_CLAIM, S_DEC, S_REASON,
       S_COUNT };
static const char *const azSql[S_COUNT] = {
	[S_APP] = "INSERT INTO applications(id,app_no,type,state,"
		  "current_version,submitted_at,sla_due_at,org_name,org_id_no,"
		  "cert_serial,handler_name,verify_summary,risk,decided_at,"
		  "decided_by,row_version,created_at,updated_at)"
		  " VALUES(?1,?2,?3,?4,1,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
		  "?15,?5,?16)",
	[S_VER] = "INSERT INTO app_versions(id,app_id,version,type,"
		  "submitted_at,submitted_at_text,channel,bundle_name,"
		  "bundle_sha256,manifest_json,ingested_at,sla_due_at,"
		  "cert_serial,cert_holder,cert_algorithm,cert_subject_cn,"
		  "org_name,org_id_type,org_id_no,org_province,org_city,"
		  "org_address,handler_name,handler_id_type,handler_id_no,"
		  "handler_mobile,handler_email,applicant_name,"
		  "applicant_id_type,applicant_id_no,applicant_mobile,"
		  "fin_account_name,fin_bank,fin_account_no,pay_method,"
		  "pay_amount_fen,pay_trade_no)"
		  " VALUES(?1,?1,1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,"
		  "?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,"
		  "?28,?29,?30,?31,?32,?33,?34,?35)",
	[S_FILE] = "INSERT INTO files(version_id,role,path,sha256,size,"
		   "content_type,width,height) VALUES(?1,?2,?3,?4,?5,?6,1600,"
		   "1200)",
	[S_CHECK] = "INSERT INTO checks(app_id,version_id,kind,state,ref,"
		    "created_at,updated_at) VALUES(?1,?1,?2,?3,?4,?5,?6)",
	[S_PAY] = "INSERT INTO payments(app_id,version_id,method,amount_fen,"
		  "trade_no,state,matched_at,created_at)"
		  " VALUES(?1,?1,?2,?3,?4,?5,?6,?7)",
	[S_CLAIM] = "INSERT INTO claims(app_id,operator_id,claimed_at,"
		    "expires_at) VALUES(?1,?2,?3,?4)",
	[S_DEC] = "INSERT INTO decisions(app_id,version_id,operator_id,action,"
		  "from_state,to_state,note,created_at)"
		  " VALUES(?1,?1,?2,?3,?4,?5,?6,?7)",
	[S_REASON] = "INSERT INTO decision_reasons(decision_id,code)"
		     " VALUES(?1,?2)",
};

static const char *const azReason[] = {
	"FORM_UNSIGNED", "LICENSE_MISMATCH", "ID_ILLEGIBLE", "ID_EXPIRED",
	"ACCOUNT_NAME_MISMATCH", "PAYMENT_MISSING", "INFO_INCONSISTENT",
	"OTHER"
};

struct gen {
	sqlite3 *db;
	sqlite3_stmt *aStmt[S_COUNT];
	struct bench_rng rng;
	struct rd_calendar cal;
	struct tmpl *aTmpl;
	size_t nTmpl;
	int64_t now, day0;     /* bench "now"; 00:00 of the bench day */
	int64_t opBase;        /* id of aud001 */
	char *zJson;           /* scratch: a template's manifest, renumbered */
	size_t nJson;
};

/* The kinds of application `gen` makes. */
enum era { ERA_HISTORY, ERA_CAMPAIGN, ERA_OPEN };

/* One application's outcome. */
struct fate {
	const char *state;
	const char *action;      /* NULL: undecided */
	const char *from, *to;
	int64_t decided_at;
	int64_t decider;
	const char *verify;      /* verify_summary */
	const char *telecom;     /* telecom_handler check state */
	int paid;                /* payment reconciled */
};

static int gen_fail(struct gen *g, const char *zWhat)
{
	fprintf(stderr, "radesk-bench gen: %s: %s\n", zWhat,
		sqlite3_errmsg(g->db));
	return 1;
}

static int step(struct gen *g, int i)
{
	sqlite3_stmt *p = g->aStmt[i];
	int rc = sqlite3_step(p);

	sqlite3_reset(p);
	sqlite3_clear_bindings(p);
	return rc == SQLITE_DONE ? 0 : gen_fail(g, azSql[i]);
}

static void bt(sqlite3_stmt *p, int i, const char *z)
{
	if (z)
		sqlite3_bind_text(p, i, z, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(p, i);
}

/* A submission time on day `day` (local day number): mostly office
 * hours, some evenings, a few at night; weekends and holidays mostly
 * move to the next working day. */
static int64_t submit_time(struct gen *g, int64_t day)
{
	double u = bench_rng_unit(&g->rng);
	int sec;

	if (!rd_cal_is_working_daynum(&g->cal, day) &&
	    bench_rng_below(&g->rng, 4) != 0)
		while (!rd_cal_is_working_daynum(&g->cal, day))
			day++;
	if (u < 0.80)
		sec = 9 * 3600 + (int)bench_rng_below(&g->rng, 8 * 3600);
	else if (u < 0.95)
		sec = 17 * 3600 + (int)bench_rng_below(&g->rng, 6 * 3600);
	else
		sec = (int)bench_rng_below(&g->rng, 9 * 3600);
	return day * DAY - RD_TIME_TZ_OFFSET + sec;
}

/* Outcome of a decided application. Campaign: 85% approved, 12%
 * rejected, 3% returned for financial authentication. History: 86%
 * approved (most since completed), 9% rejected, 2% returned, 2%
 * cancelled, 1% refunded. */
static void decide(struct gen *g, enum era era, enum rd_app_type type,
		   int64_t at, struct fate *f)
{
	double u = bench_rng_unit(&g->rng);
	int production = type != RD_APP_RENEW;

	f->decided_at = at;
	f->decider = g->opBase + (int64_t)bench_rng_below(&g->rng,
							   BENCH_AUDITORS);
	f->from = "in_review";
	f->verify = "T✓ B✓ P✓";
	f->telecom = "match";
	f->paid = 1;
	if (u < 0.85 || (era == ERA_HISTORY && u < 0.86)) {
		double v = bench_rng_unit(&g->rng);

		f->action = "approve";
		f->to = production ? "approved" : "ready_to_install";
		if (era == ERA_CAMPAIGN)
			f->state = f->to;
		else if (!production)
			f->state = v < 0.85 ? "completed" : "ready_to_install";
		else
			f->state = v < 0.80   ? "completed"
				   : v < 0.88 ? "delivered"
				   : v < 0.93 ? "shipped"
				   : v < 0.98 ? "in_production"
					      : "approved";
	} else if (u < (era == ERA_CAMPAIGN ? 0.97 : 0.95)) {
		f->action = "reject";
		f->to = f->state = "rejected";
		f->verify = "T✗ B✓ P✓";
		f->telecom = "mismatch";
	} else if (era == ERA_CAMPAIGN || u < 0.97) {
		f->action = "return_fin_auth";
		f->to = f->state = "fin_auth_failed";
		f->verify = "T✓ B✗ P✓";
	} else if (u < 0.99) {
		f->action = "cancel";
		f->from = "received";
		f->to = f->state = "cancelled";
		f->decider = g->opBase + BENCH_AUDITORS +
			     (int64_t)bench_rng_below(&g->rng, BENCH_SUPERVISORS);
	} else {
		f->action = "refund";
		f->from = "refund_requested";
		f->to = f->state = "refunded";
		f->decider = g->opBase + BENCH_AUDITORS +
			     (int64_t)bench_rng_below(&g->rng, BENCH_SUPERVISORS);
	}
}

/* Outcome of an open application. */
static void stay_open(struct gen *g, struct fate *f)
{
	double u = bench_rng_unit(&g->rng);

	memset(f, 0, sizeof *f);
	f->state = bench_rng_below(&g->rng, 4) ? "received" : "in_review";
	if (u < 0.85) {
		f->verify = "T✓ P✓";
		f->telecom = "match";
		f->paid = 1;
	} else if (u < 0.95) {
		f->verify = "T… P…";
		f->telecom = "pending";
	} else {
		f->verify = "T✗ P✓";
		f->telecom = "mismatch";
		f->paid = 1;
	}
}

/* The template's manifest with the application number replaced (same
 * length, so the JSON stays valid) — the size of the real thing. */
static char *renumber(struct gen *g, const struct tmpl *t,
			    const char *zAppNo)
{
	char *p;

	if (g->nJson < t->len + 1) {
		free(g->zJson);
		g->nJson = t->len + 1;
		g->zJson = malloc(g->nJson);
		if (!g->zJson)
			return t->json;
	}
	memcpy(g->zJson, t->json, t->len + 1);
	p = strstr(g->zJson, t->m->app_no);
	if (p && strlen(zAppNo) == strlen(t->m->app_no))
		memcpy(p, zAppNo, strlen(zAppNo));
	return g->zJson;
}

static int put_app(struct gen *g, int64_t id, enum era era, int64_t submitted)
{
	const struct tmpl *t = &g->aTmpl[(size_t)(id - 1) % g->nTmpl];
	const struct ingest_manifest *m = t->m;
	sqlite3_stmt *p;
	struct fate f;
	char zAppNo[24], zSerial[24], zSha[65], zWhen[RD_TIME_BUFSZ];
	char zBundle[48], zTrade[40];
	int64_t due = submitted + 3 * DAY;
	int risk;
	double u;

	/* 02 + 16 digits, a bijection of id (2654435761 is prime to 10^16);
	 * demo bundles start with 01, so the ingest run cannot collide. */
	snprintf(zAppNo, sizeof zAppNo, "02%016" PRIu64,
		 (uint64_t)(((uint64_t)id * 2654435761u + 4242424242u) %
			 10000000000000000ull));
	snprintf(zSerial, sizeof zSerial, "%016" PRIX64,
		 bench_rng_next(&g->rng));
	snprintf(zSha, sizeof zSha, "%016" PRIx64 "%016" PRIx64 "%016" PRIx64
		 "%016" PRIx64, bench_rng_next(&g->rng), bench_rng_next(&g->rng),
		 bench_rng_next(&g->rng), bench_rng_next(&g->rng));
	snprintf(zBundle, sizeof zBundle, "%s-v1.zip", zAppNo);
	rd_cal_sla_deadline(&g->cal, submitted, 3, &due);
	rd_time_format_local(submitted, zWhen, sizeof zWhen, RD_TIME_RFC3339);
	u = bench_rng_unit(&g->rng);
	risk = u < 0.80 ? 0 : u < 0.92 ? 1 : u < 0.98 ? 2 : 3;
	if (era == ERA_OPEN) {
		stay_open(g, &f);
	} else {
		int64_t at;

		if (era == ERA_CAMPAIGN) {
			/* On the bench day: office hours, some overtime. */
			at = g->day0 + (bench_rng_below(&g->rng, 100) < 85
						? 8 * 3600 + 1800 +
							  (int64_t)bench_rng_below(&g->rng, 34200)
						: 18 * 3600 +
							  (int64_t)bench_rng_below(&g->rng, 18000));
			if (at <= submitted)
				at = submitted + 600 +
				     (int64_t)bench_rng_below(&g->rng, 3 * 3600);
			if (at >= g->day0 + DAY)
				at = g->day0 + DAY - 1;
		} else {
			at = submitted + 3600 +
			     (int64_t)bench_rng_below(&g->rng, 3 * DAY);
		}
		decide(g, era, m->type, at, &f);
	}

	p = g->aStmt[S_APP];
	sqlite3_bind_int64(p, 1, id);
	bt(p, 2, zAppNo);
	bt(p, 3, rd_app_type_name(m->type));
	bt(p, 4, f.state);
	sqlite3_bind_int64(p, 5, submitted);
	sqlite3_bind_int64(p, 6, due);
	bt(p, 7, m->org.name);
	bt(p, 8, m->org.id_no);
	bt(p, 9, m->type == RD_APP_NEW ? "" : zSerial);
	bt(p, 10, m->handler.name);
	bt(p, 11, f.verify);
	sqlite3_bind_int(p, 12, risk);
	if (f.action) {
		sqlite3_bind_int64(p, 13, f.decided_at);
		sqlite3_bind_int64(p, 14, f.decider);
	}
	sqlite3_bind_int(p, 15, f.action ? 3 : 1);
	sqlite3_bind_int64(p, 16, f.action ? f.decided_at : submitted);
	if (step(g, S_APP))
		return 1;

	p = g->aStmt[S_VER];
	sqlite3_bind_int64(p, 1, id);
	bt(p, 2, rd_app_type_name(m->type));
	sqlite3_bind_int64(p, 3, submitted);
	bt(p, 4, zWhen);
	bt(p, 5, m->channel ? m->channel : "web");
	bt(p, 6, zBundle);
	bt(p, 7, zSha);
	bt(p, 8, renumber(g, t, zAppNo));
	sqlite3_bind_int64(p, 9, submitted + 60);
	sqlite3_bind_int64(p, 10, due);
	bt(p, 11, m->type == RD_APP_NEW ? "" : zSerial);
	bt(p, 12, m->cert.holder);
	bt(p, 13, m->cert.algorithm);
	bt(p, 14, m->cert.subject_cn ? m->cert.subject_cn : "");
	bt(p, 15, m->org.name);
	bt(p, 16, m->org.id_type);
	bt(p, 17, m->org.id_no);
	bt(p, 18, m->org.province ? m->org.province : "");
	bt(p, 19, m->org.city ? m->org.city : "");
	bt(p, 20, m->org.address ? m->org.address : "");
	bt(p, 21, m->handler.name);
	bt(p, 22, m->handler.id_type);
	bt(p, 23, m->handler.id_no);
	bt(p, 24, m->handler.mobile);
	bt(p, 25, m->handler.email ? m->handler.email : "");
	bt(p, 26, m->has_applicant ? m->applicant.name : "");
	bt(p, 27, m->has_applicant ? m->applicant.id_type : "");
	bt(p, 28, m->has_applicant ? m->applicant.id_no : "");
	bt(p, 29, m->has_applicant ? m->applicant.mobile : "");
	bt(p, 30, m->has_financial ? m->fin.account_name : NULL);
	bt(p, 31, m->has_financial ? m->fin.bank : NULL);
	bt(p, 32, m->has_financial ? m->fin.account_no : NULL);
	bt(p, 33, m->pay.method);
	sqlite3_bind_int64(p, 34, m->pay.amount_fen);
	bt(p, 35, m->pay.trade_no);
	if (step(g, S_VER))
		return 1;

	p = g->aStmt[S_FILE];
	for (size_t i = 0; i < m->nFile; i++) {
		const char *zPath = m->aFile[i].path;
		size_t n = strlen(zPath);

		sqlite3_bind_int64(p, 1, id);
		bt(p, 2, ingest_role_name(m->aFile[i].role));
		bt(p, 3, zPath);
		bt(p, 4, m->aFile[i].sha256);
		sqlite3_bind_int64(p, 5, m->aFile[i].size);
		bt(p, 6, n > 4 && !strcmp(zPath + n - 4, ".png") ? "image/png"
								   : "image/jpeg");
		if (step(g, S_FILE))
			return 1;
	}

	p = g->aStmt[S_CHECK];
	sqlite3_bind_int64(p, 1, id);
	bt(p, 2, "telecom_handler");
	bt(p, 3, f.telecom);
	bt(p, 4, "");
	sqlite3_bind_int64(p, 5, submitted + 60);
	sqlite3_bind_int64(p, 6, submitted + 120);
	if (step(g, S_CHECK))
		return 1;
	if (m->has_financial) {
		sqlite3_bind_int64(p, 1, id);
		bt(p, 2, "bank_fin_auth");
		/* Credited where the telecom check passed: those are the
		 * open applications an auditor can approve. */
		bt(p, 3, f.action || !strcmp(f.telecom, "match") ? "credited"
								 : "sent");
		bt(p, 4, zSha + 40);
		sqlite3_bind_int64(p, 5, submitted + 60);
		sqlite3_bind_int64(p, 6, submitted + 600);
		if (step(g, S_CHECK))
			return 1;
	}

	p = g->aStmt[S_PAY];
	snprintf(zTrade, sizeof zTrade, "%.28s", zSha + 8);
	sqlite3_bind_int64(p, 1, id);
	bt(p, 2, m->pay.method);
	sqlite3_bind_int64(p, 3, m->pay.amount_fen);
	if (strcmp(m->pay.method, "transfer")) {
		bt(p, 4, zTrade);
		bt(p, 5, "online");
	} else {
		bt(p, 5, f.paid ? "matched" : "unmatched");
		if (f.paid)
			sqlite3_bind_int64(p, 6, submitted + 3600);
	}
	sqlite3_bind_int64(p, 7, submitted + 60);
	if (step(g, S_PAY))
		return 1;

	if (!f.action && !strcmp(f.state, "in_review")) {
		int live = bench_rng_below(&g->rng, 10) < 7;

		p = g->aStmt[S_CLAIM];
		sqlite3_bind_int64(p, 1, id);
		/* Claims belong to the auditors the concurrency run does
		 * not play (aud033..), so its workers see them as taken. */
		sqlite3_bind_int64(p, 2, g->opBase + 32 +
					     (int64_t)bench_rng_below(&g->rng,
								      BENCH_AUDITORS - 32));
		sqlite3_bind_int64(p, 3, g->now - 600);
		sqlite3_bind_int64(p, 4, live ? g->now + 1200 : g->now - 60);
		if (step(g, S_CLAIM))
			return 1;
	}

	if (f.action) {
		int reject = !strcmp(f.action, "reject");

		p = g->aStmt[S_DEC];
		sqlite3_bind_int64(p, 1, id);
		sqlite3_bind_int64(p, 2, f.decider);
		bt(p, 3, f.action);
		bt(p, 4, f.from);
		bt(p, 5, f.to);
		bt(p, 6, reject ? "请补充加盖公章的申请表后重新提交。" : "");
		sqlite3_bind_int64(p, 7, f.decided_at);
		if (step(g, S_DEC))
			return 1;
		if (reject) {
			p = g->aStmt[S_REASON];
			sqlite3_bind_int64(p, 1, sqlite3_last_insert_rowid(g->db));
			bt(p, 2, azReason[bench_rng_below(&g->rng,
				     sizeof azReason / sizeof azReason[0])]);
			if (step(g, S_REASON))
				return 1;
		}
	}
	return 0;
}

static int add_operators(struct gen *g)
{
	sqlite3_stmt *p = NULL;
	int rc = 1;

	if (sqlite3_prepare_v2(g->db,
			       "INSERT INTO operators(login,display_name,role,"
			       "created_at,updated_at) VALUES(?1,?2,?3,?4,?4)",
			       -1, &p, NULL) != SQLITE_OK)
		return gen_fail(g, "prepare operators");
	for (int i = 0; i < BENCH_AUDITORS + BENCH_SUPERVISORS; i++) {
		char zLogin[16], zName[32];
		int aud = i < BENCH_AUDITORS;

		if (aud) {
			snprintf(zLogin, sizeof zLogin, "aud%03d", i + 1);
			snprintf(zName, sizeof zName, "审核员%03d", i + 1);
		} else {
			snprintf(zLogin, sizeof zLogin, "sup%02d",
				 i - BENCH_AUDITORS + 1);
			snprintf(zName, sizeof zName, "主管%02d",
				 i - BENCH_AUDITORS + 1);
		}
		bt(p, 1, zLogin);
		bt(p, 2, zName);
		bt(p, 3, aud ? "auditor" : "supervisor");
		sqlite3_bind_int64(p, 4, g->now - 400 * DAY);
		if (sqlite3_step(p) != SQLITE_DONE) {
			gen_fail(g, "insert operator");
			goto done;
		}
		if (i == 0)
			g->opBase = sqlite3_last_insert_rowid(g->db);
		sqlite3_reset(p);
	}
	rc = 0;
done:
	sqlite3_finalize(p);
	return rc;
}

/* Manifests of a demo plan, parsed, as templates. */
static int load_templates(struct gen *g, long nApps, const char *zScans,
			  struct demo_plan **pPlan)
{
	struct demo_opts o = { 0 };
	struct rd_err err = { 0 };

	o.nApps = (int)(nApps < DEMO_MAX_APPS ? nApps : DEMO_MAX_APPS);
	o.seed = 9;
	o.now = g->now;
	o.tariff_fen[RD_APP_REPLACE] = 20000;
	o.tariff_fen[RD_APP_RENEW] = 30000;
	o.tariff_fen[RD_APP_NEW] = 50000;
	o.scans_dir = zScans;
	if (demo_plan_new(&o, pPlan, &err) != RD_OK) {
		fprintf(stderr, "radesk-bench gen: demo plan: %s\n", err.msg);
		return 1;
	}
	g->aTmpl = calloc(demo_plan_count(*pPlan), sizeof *g->aTmpl);
	if (!g->aTmpl)
		return 1;
	for (size_t i = 0; i < demo_plan_count(*pPlan); i++) {
		const struct demo_step *s = demo_plan_step(*pPlan, i);
		struct tmpl *t = &g->aTmpl[g->nTmpl];

		json_t *j;

		if (s->kind != DEMO_STEP_BUNDLE || s->version != 1)
			continue;
		if (ingest_manifest_parse(s->manifest_json,
					  strlen(s->manifest_json), &t->m,
					  &err) != RD_OK)
			continue;   /* a planted structural defect */
		j = json_loads(s->manifest_json, 0, NULL);
		t->json = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER)
			    : NULL;
		json_decref(j);
		if (!t->json) {
			ingest_manifest_free(&t->m);
			continue;
		}
		t->len = strlen(t->json);
		g->nTmpl++;
	}
	return g->nTmpl ? 0 : 1;
}

static int load_calendar(struct gen *g, const char *zHolidays)
{
	struct rd_err err = { 0 };
	char *zText = NULL;
	size_t n = 0;
	int rc = 0;

	rd_cal_init(&g->cal);
	if (rd_read_file(zHolidays, 1 << 20, &zText, &n, &err) != RD_OK ||
	    rd_cal_parse(&g->cal, zText, n, zHolidays, &err) != RD_OK) {
		fprintf(stderr, "radesk-bench gen: %s\n", err.msg);
		rc = 1;
	}
	free(zText);
	return rc;
}

int bench_gen(int argc, char **argv)
{
	struct gen g;
	struct demo_plan *plan = NULL;
	long nApps, nDecided, nOpen, nHist;
	int64_t histFrom, histTo;
	double t0 = bench_ms();
	int rc = 1;

	if (argc != 6) {
		fprintf(stderr, "usage: radesk-bench gen DB N DECISIONS SCANS "
				"HOLIDAYS\n");
		return 2;
	}
	memset(&g, 0, sizeof g);
	g.rng.s = 20261119;
	nApps = strtol(argv[2], NULL, 10);
	nDecided = strtol(argv[3], NULL, 10);
	nOpen = nApps / 20;
	nHist = nApps - nDecided - nOpen;
	if (nApps < 100 || nDecided < 1 || nHist < 1) {
		fprintf(stderr, "radesk-bench gen: need N >= 100 and "
				"0 < DECISIONS < 95%% of N\n");
		return 2;
	}
	rd_time_parse_rfc3339(BENCH_NOW_TEXT, &g.now, NULL);
	g.day0 = g.now - 10 * 3600 - DAY;   /* 2026-11-19 00:00 +08:00 */
	if (load_calendar(&g, argv[5]) || load_templates(&g, nApps, argv[4], &plan))
		goto done;
	if (sqlite3_open_v2(argv[1], &g.db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		gen_fail(&g, argv[1]);
		goto done;
	}
	/* Bulk load: no journal, no fsync, a big cache; WAL again at the end
	 * as radesk keeps it. No ANALYZE: radesk never runs it, so the
	 * planner sees what it sees in production. A failed run leaves a
	 * file the caller discards (it generates into a temporary name). */
	if (sqlite3_exec(g.db,
			 "PRAGMA journal_mode=DELETE; PRAGMA journal_mode=OFF;"
			 "PRAGMA synchronous=OFF; PRAGMA cache_size=-1500000;"
			 "PRAGMA locking_mode=EXCLUSIVE; PRAGMA foreign_keys=OFF;"
			 "BEGIN",
			 NULL, NULL, NULL) != SQLITE_OK) {
		gen_fail(&g, "bulk pragmas");
		goto done;
	}
	for (int i = 0; i < S_COUNT; i++)
		if (sqlite3_prepare_v2(g.db, azSql[i], -1, &g.aStmt[i], NULL) !=
		    SQLITE_OK) {
			gen_fail(&g, azSql[i]);
			goto done;
		}
	if (add_operators(&g))
		goto done;

	/* History: the year before the campaign week, in id order by day. */
	histFrom = (g.day0 + RD_TIME_TZ_OFFSET) / DAY - 365;
	histTo = (g.day0 + RD_TIME_TZ_OFFSET) / DAY - 7;
	for (long i = 0; i < nHist; i++) {
		int64_t day = histFrom + (histTo - histFrom) * i / nHist;

		if (put_app(&g, i + 1, ERA_HISTORY, submit_time(&g, day)))
			goto done;
	}
	/* Campaign: submitted in the 6 days before the bench day (and its
	 * first hours), decided on it. */
	for (long i = 0; i < nDecided; i++) {
		int64_t at = g.day0 - 6 * DAY +
			     (6 * DAY + 9 * 3600) * i / nDecided +
			     (int64_t)bench_rng_below(&g.rng, 60);

		if (put_app(&g, nHist + i + 1, ERA_CAMPAIGN, at))
			goto done;
	}
	/* Open: a tenth overdue (4..10 days old), the rest since the bench
	 * day began. */
	for (long i = 0; i < nOpen; i++) {
		int64_t at = i < nOpen / 10
				     ? g.now - 10 * DAY + 6 * DAY * i / (nOpen / 10 + 1)
				     : g.day0 + (g.now - g.day0) * (i - nOpen / 10) /
							(nOpen - nOpen / 10);

		if (put_app(&g, nHist + nDecided + i + 1, ERA_OPEN,
			    at + (int64_t)bench_rng_below(&g.rng, 30)))
			goto done;
	}
	for (int i = 0; i < S_COUNT; i++) {
		sqlite3_finalize(g.aStmt[i]);
		g.aStmt[i] = NULL;
	}
	if (sqlite3_exec(g.db, "COMMIT; PRAGMA locking_mode=NORMAL;"
			       "PRAGMA journal_mode=WAL;",
			 NULL, NULL, NULL) != SQLITE_OK) {
		gen_fail(&g, "commit");
		goto done;
	}
	bench_put("gen_apps", "%ld", nApps);
	bench_put("gen_decided_on_day", "%ld", nDecided);
	bench_put("gen_open", "%ld", nOpen);
	bench_put("gen_templates", "%zu", g.nTmpl);
	bench_put("gen_seconds", "%.1f", (bench_ms() - t0) / 1000.0);
	rc = 0;
done:
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(g.aStmt[i]);
	sqlite3_close(g.db);
	for (size_t i = 0; i < g.nTmpl; i++) {
		ingest_manifest_free(&g.aTmpl[i].m);
		free(g.aTmpl[i].json);
	}
	free(g.aTmpl);
	free(g.zJson);
	demo_plan_free(&plan);
	rd_cal_fini(&g.cal);
	return rc;
}
