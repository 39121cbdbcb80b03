/*
 * race.c — the concurrency row.
 *
 * `radesk-bench race DB PROCS PER_PROC`: PROCS processes, each an auditor
 * (aud001..), work the to-review tab of DB the way the console does —
 * read a page (store_queue_page), claim an unclaimed application
 * (store_review_claim), decide it (store_review_decide: approve when its
 * checks passed, else reject) — until each has made PER_PROC decisions or
 * finds no work. Every call is timed. Afterwards the database is checked
 * against what the workers were told:
 *
 *   lost    a decision a worker was told was recorded that is not there,
 *           or whose application does not show its outcome;
 *   double  an application decided more than once, or more decisions in
 *           the database than workers were told about;
 *   busy    RD_ERR_BUSY surfaced to a worker (the busy timeout ran out).
 *
 * A claim refused because another worker got there first (claimed it,
 * or already decided it) is normal, counted as "conflicts". Exit 1 when lost, double, busy or any other
 * error is not 0. BENCH_RACE_FAKE=lost makes one worker report a
 * decision that never happened, so the smoke test can see the check
 * fail.
 *
 * `radesk-bench race-ref FILE PROCS PER_PROC`: the reference — the same
 * processes committing the same number of bare SQLite transactions
 * (BEGIN IMMEDIATE, an UPDATE of a row's state and version, an INSERT
 * of a decision row, COMMIT) on a fresh file FILE with radesk's settings
 * (WAL, synchronous=NORMAL, the busy timeout): SQLite's own ceiling on
 * this machine.
 *
 * Workers report through one file each in a temporary folder: a summary
 * line "S decisions busy conflicts other", then "C ms" per claim and
 * "D app_id decision_id ms" per decision.
 */
#include "bench.h"

#include "clock.h"
#include "core/state.h"
#include "store/operators.h"
#include "store/queue.h"
#include "store/review.h"
#include "store/store.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define BUSY_MS 10000       /* [database] busy_timeout_ms default */
#define PAGE 64
#define MAX_PAGES 50

struct tally {
	long nDec, nBusy, nConflict, nOther;
};

static void count_err(struct tally *t, rd_status rc, const struct rd_err *err)
{
	if (rc == RD_ERR_CONFLICT) {
		t->nConflict++;
		return;
	}
	if (rc == RD_ERR_BUSY)
		t->nBusy++;
	else
		t->nOther++;
	fprintf(stderr, "race worker %d: %s: %s\n", (int)getpid(),
		rd_status_name(rc), err->msg);
}

/* Claim and decide one application of the page; 1 when one was decided,
 * 0 when none could be taken. */
static int take_one(struct store *st, const struct rd_operator *op,
		    struct store_queue_row *aRow, int n, struct bench_rng *rng,
		    struct tally *t, FILE *out)
{
	static const char *const azReason[] = { "INFO_INCONSISTENT" };
	int start = n ? (int)bench_rng_below(rng, (uint64_t)n) : 0;

	for (int k = 0; k < n; k++) {
		struct store_queue_row *r = &aRow[(start + k) % n];
		struct store_decision_req req = { 0 };
		struct rd_err err = { 0 };
		int64_t decId = 0;
		double t0;
		rd_status rc;

		if (r->claimed_by[0])
			continue;
		t0 = bench_ms();
		rc = store_review_claim(st, op, r->id, 30, &err);
		fprintf(out, "C %.3f\n", bench_ms() - t0);
		if (rc != RD_OK) {
			/* Someone claimed or decided it since the page was
			 * read: the refusal the console shows, not an error. */
			count_err(t, rc == RD_ERR_STATE ? RD_ERR_CONFLICT : rc,
				  &err);
			r->claimed_by[0] = '?';
			continue;
		}
		req.app_id = r->id;
		/* Claiming a received application moves it to in_review. */
		req.row_version = r->row_version + !strcmp(r->state, "received");
		if (strstr(r->verify_summary, "T✓") &&
		    strstr(r->verify_summary, "P✓")) {
			req.action = RD_ACT_APPROVE;
		} else {
			req.action = RD_ACT_REJECT;
			req.aReason = azReason;
			req.nReason = 1;
			req.note = "请核对填写信息后重新提交。";
		}
		t0 = bench_ms();
		rc = store_review_decide(st, op, &req, &decId, &err);
		if (rc == RD_ERR_STATE && req.action == RD_ACT_APPROVE) {
			/* The approval gate refused it (an expired renewal, a
			 * finding, high risk): reject it instead, as an
			 * auditor without an override would. */
			req.action = RD_ACT_REJECT;
			req.aReason = azReason;
			req.nReason = 1;
			req.note = "请核对填写信息后重新提交。";
			rd_err_clear(&err);
			rc = store_review_decide(st, op, &req, &decId, &err);
		}
		if (rc != RD_OK) {
			count_err(t, rc, &err);
			return 0;
		}
		fprintf(out, "D %" PRId64 " %" PRId64 " %.3f\n", r->id, decId,
			bench_ms() - t0);
		t->nDec++;
		return 1;
	}
	return 0;
}

static int worker(const char *zDb, int idx, long nWant, const char *zOut)
{
	struct store *st = NULL;
	struct rd_operator op;
	struct rd_err err = { 0 };
	struct tally t = { 0 };
	struct bench_rng rng = { (uint64_t)idx * 7919 + 1 };
	struct store_queue_row *aRow = calloc(PAGE, sizeof *aRow);
	const char *zFake = getenv("BENCH_RACE_FAKE");
	char zLogin[16];
	FILE *out = fopen(zOut, "w");
	int idle = 0;

	snprintf(zLogin, sizeof zLogin, "aud%03d", idx + 1);
	if (!out || !aRow || store_open(zDb, BUSY_MS, 0, &st, &err) != RD_OK ||
	    store_operator_get(st, zLogin, &op, &err) != RD_OK) {
		fprintf(stderr, "race worker %s: %s\n", zLogin, err.msg);
		return 1;
	}
	while (t.nDec < nWant && idle < 3) {
		struct store_queue_filter f = { 0 };
		struct store_queue_key key;
		int got = 0, n = 0;

		f.tab = STORE_Q_REVIEW;
		for (int pg = 0; pg < MAX_PAGES && !got; pg++) {
			rd_status rc = store_queue_page(st, &f, pg ? &key : NULL,
							STORE_Q_AFTER, rd_now(), PAGE,
							aRow, &n, &err);

			if (rc != RD_OK) {
				count_err(&t, rc, &err);
				break;
			}
			if (n == 0)
				break;
			key = aRow[n - 1].key;
			got = take_one(st, &op, aRow, n, &rng, &t, out);
		}
		idle = got ? 0 : idle + 1;
	}
	if (zFake && !strcmp(zFake, "lost") && idx == 0) {
		fprintf(out, "D 1 -1 0\n");
		t.nDec++;
	}
	fprintf(out, "S %ld %ld %ld %ld\n", t.nDec, t.nBusy, t.nConflict,
		t.nOther);
	fclose(out);
	store_close(&st);
	free(aRow);
	return 0;
}

/* ------------------------------------------------------------ reference */

static int ref_worker(const char *zDb, int idx, long nWant, const char *zOut)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *pUp = NULL, *pIns = NULL;
	struct tally t = { 0 };
	FILE *out = fopen(zOut, "w");

	if (!out || sqlite3_open(zDb, &db) != SQLITE_OK)
		return 1;
	sqlite3_busy_timeout(db, BUSY_MS);
	sqlite3_exec(db, "PRAGMA synchronous=NORMAL", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "UPDATE app SET state='approved',"
				   " v=v+1 WHERE id=?1 AND v=1",
			       -1, &pUp, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO decision(app_id,op,at,note)"
				   " VALUES(?1,?2,?3,'approved by the reference')",
			       -1, &pIns, NULL) != SQLITE_OK)
		return 1;
	for (long i = 0; i < nWant; i++) {
		int64_t id = (int64_t)idx * nWant + i + 1;
		double t0 = bench_ms();
		int rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

		if (rc == SQLITE_OK) {
			sqlite3_bind_int64(pUp, 1, id);
			sqlite3_bind_int64(pIns, 1, id);
			sqlite3_bind_int(pIns, 2, idx);
			sqlite3_bind_int64(pIns, 3, (int64_t)t0);
			if (sqlite3_step(pUp) != SQLITE_DONE ||
			    sqlite3_step(pIns) != SQLITE_DONE)
				rc = SQLITE_ERROR;
			sqlite3_reset(pUp);
			sqlite3_reset(pIns);
			if (rc == SQLITE_OK)
				rc = sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
			else
				sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		}
		if (rc == SQLITE_BUSY)
			t.nBusy++;
		else if (rc != SQLITE_OK)
			t.nOther++;
		else {
			fprintf(out, "D %" PRId64 " %lld %.3f\n", id,
				sqlite3_last_insert_rowid(db), bench_ms() - t0);
			t.nDec++;
		}
	}
	fprintf(out, "S %ld %ld 0 %ld\n", t.nDec, t.nBusy, t.nOther);
	fclose(out);
	sqlite3_finalize(pUp);
	sqlite3_finalize(pIns);
	sqlite3_close(db);
	return 0;
}

static int ref_setup(const char *zDb, long nRow)
{
	sqlite3 *db = NULL;
	char zSql[512];
	int rc;

	unlink(zDb);
	if (sqlite3_open(zDb, &db) != SQLITE_OK)
		return 1;
	snprintf(zSql, sizeof zSql,
		 "PRAGMA journal_mode=WAL;"
		 "CREATE TABLE app(id INTEGER PRIMARY KEY, state TEXT, v INT);"
		 "CREATE TABLE decision(id INTEGER PRIMARY KEY, app_id INT,"
		 " op INT, at INT, note TEXT);"
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n"
		 " WHERE i < %ld) INSERT INTO app SELECT i, 'received', 1 FROM n;",
		 nRow);
	rc = sqlite3_exec(db, zSql, NULL, NULL, NULL) != SQLITE_OK;
	sqlite3_close(db);
	return rc;
}

/* ------------------------------------------------------------ checks */

static sqlite3_int64 one_int(sqlite3 *db, const char *zSql, int64_t a,
			     int64_t b)
{
	sqlite3_stmt *p = NULL;
	sqlite3_int64 v = -1;

	if (sqlite3_prepare_v2(db, zSql, -1, &p, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(p, 1, a);
	sqlite3_bind_int64(p, 2, b);
	if (sqlite3_step(p) == SQLITE_ROW)
		v = sqlite3_column_int64(p, 0);
	sqlite3_finalize(p);
	return v;
}

/* What the database holds against what the workers were told. */
static void verify(const char *zDb, int64_t d0, const int64_t *aPair,
		   long nPair, long *pLost, long *pDouble)
{
	sqlite3 *db = NULL;
	long nLost = 0;
	sqlite3_int64 nDb, nTwice;

	if (sqlite3_open_v2(zDb, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		*pLost = *pDouble = 1;
		return;
	}
	sqlite3_busy_timeout(db, BUSY_MS);
	for (long i = 0; i < nPair; i++)
		if (one_int(db,
			    "SELECT count(*) FROM decisions d"
			    " JOIN applications a ON a.id = d.app_id"
			    " WHERE d.id = ?1 AND d.app_id = ?2"
			    " AND a.state = d.to_state"
			    " AND a.decided_by = d.operator_id",
			    aPair[2 * i + 1], aPair[2 * i]) != 1)
			nLost++;
	nDb = one_int(db, "SELECT count(*) FROM decisions WHERE id > ?1", d0, 0);
	nTwice = one_int(db,
			 "SELECT count(*) FROM (SELECT app_id FROM decisions"
			 " WHERE id > ?1 GROUP BY app_id HAVING count(*) > 1)",
			 d0, 0);
	*pLost = nLost;
	*pDouble = (long)nTwice + (nDb > nPair ? (long)(nDb - nPair) : 0);
	sqlite3_close(db);
}

static int64_t max_decision(const char *zDb)
{
	sqlite3 *db = NULL;
	int64_t v = 0;

	if (sqlite3_open_v2(zDb, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK)
		v = one_int(db, "SELECT coalesce(max(id), 0) FROM decisions"
				" WHERE ?1 = ?2", 0, 0);
	sqlite3_close(db);
	return v;
}

/* ------------------------------------------------------------ driver */

struct results {
	struct tally t;
	double *aDec, *aClaim;     /* latencies, ms */
	int64_t *aPair;            /* app_id, decision_id of each decision */
	long nDec, nClaim, nDecAlloc, nClaimAlloc;
};

static int push_ms(double **pa, long *pn, long *pAlloc, double ms)
{
	if (*pn == *pAlloc) {
		long n = *pAlloc ? *pAlloc * 2 : 1024;
		double *p = realloc(*pa, (size_t)n * sizeof *p);

		if (!p)
			return 1;
		*pa = p;
		*pAlloc = n;
	}
	(*pa)[(*pn)++] = ms;
	return 0;
}

static int collect(const char *zPath, struct results *r)
{
	FILE *f = fopen(zPath, "r");
	char zLine[128];
	int gotSummary = 0, rc = 0;

	if (!f)
		return 1;
	while (!rc && fgets(zLine, sizeof zLine, f)) {
		int64_t app, dec;
		double ms;
		long a, b, c, d;

		if (sscanf(zLine, "D %" SCNd64 " %" SCNd64 " %lf", &app, &dec,
			   &ms) == 3) {
			long nOld = r->nDecAlloc;

			rc = push_ms(&r->aDec, &r->nDec, &r->nDecAlloc, ms);
			if (!rc && r->nDecAlloc != nOld) {
				int64_t *p = realloc(r->aPair,
						     (size_t)r->nDecAlloc * 2 *
							     sizeof *p);
				if (!p)
					rc = 1;
				else
					r->aPair = p;
			}
			if (!rc) {
				r->aPair[2 * (r->nDec - 1)] = app;
				r->aPair[2 * (r->nDec - 1) + 1] = dec;
			}
		} else if (sscanf(zLine, "C %lf", &ms) == 1) {
			rc = push_ms(&r->aClaim, &r->nClaim, &r->nClaimAlloc, ms);
		} else if (sscanf(zLine, "S %ld %ld %ld %ld", &a, &b, &c, &d) ==
			   4) {
			r->t.nDec += a;
			r->t.nBusy += b;
			r->t.nConflict += c;
			r->t.nOther += d;
			gotSummary = 1;
		}
	}
	fclose(f);
	return rc || !gotSummary;
}

int bench_race(int argc, char **argv)
{
	int ref = !strcmp(argv[0], "race-ref");
	const char *zPre = ref ? "race_ref" : "race";
	struct results r;
	char zDir[] = "/tmp/radesk-race.XXXXXX";
	long nProc, nPer, nLost = 0, nDouble = 0;
	int64_t d0 = 0;
	double t0, secs;
	int bad = 0, rc = 1;

	if (argc != 4) {
		fprintf(stderr, "usage: radesk-bench %s DB PROCS PER_PROC\n",
			argv[0]);
		return 2;
	}
	memset(&r, 0, sizeof r);
	nProc = strtol(argv[2], NULL, 10);
	nPer = strtol(argv[3], NULL, 10);
	if (nProc < 1 || nProc > 32 || nPer < 1 || !mkdtemp(zDir)) {
		fprintf(stderr, "radesk-bench %s: 1..32 processes\n", argv[0]);
		return 2;
	}
	if (ref ? ref_setup(argv[1], nProc * nPer) : (d0 = max_decision(argv[1])) < 0)
		goto done;
	fflush(NULL);
	t0 = bench_ms();
	for (long i = 0; i < nProc; i++) {
		char zOut[64];
		pid_t pid;

		snprintf(zOut, sizeof zOut, "%s/w%02ld", zDir, i);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			bad = 1;
			break;
		}
		if (pid == 0)
			_exit(ref ? ref_worker(argv[1], (int)i, nPer, zOut)
				  : worker(argv[1], (int)i, nPer, zOut));
	}
	for (;;) {
		int ws;

		if (wait(&ws) < 0)
			break;
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
			bad = 1;
	}
	secs = (bench_ms() - t0) / 1000.0;
	for (long i = 0; i < nProc; i++) {
		char zOut[64];

		snprintf(zOut, sizeof zOut, "%s/w%02ld", zDir, i);
		if (collect(zOut, &r))
			bad = 1;
		unlink(zOut);
	}
	if (!ref)
		verify(argv[1], d0, r.aPair, r.nDec, &nLost, &nDouble);
	printf("%s_procs %ld\n%s_decisions %ld\n%s_seconds %.2f\n"
	       "%s_per_second %.1f\n%s_p50_ms %.2f\n%s_p99_ms %.2f\n",
	       zPre, nProc, zPre, r.t.nDec, zPre, secs, zPre,
	       secs > 0 ? (double)r.t.nDec / secs : 0.0, zPre,
	       bench_percentile(r.aDec, (size_t)r.nDec, 0.5), zPre,
	       bench_percentile(r.aDec, (size_t)r.nDec, 0.99));
	if (!ref)
		printf("race_claim_p99_ms %.2f\nrace_conflicts %ld\n",
		       bench_percentile(r.aClaim, (size_t)r.nClaim, 0.99),
		       r.t.nConflict);
	printf("%s_lost %ld\n%s_double %ld\n%s_busy %ld\n%s_errors %ld\n", zPre,
	       nLost, zPre, nDouble, zPre, r.t.nBusy, zPre, r.t.nOther + bad);
	fflush(stdout);
	rc = nLost || nDouble || r.t.nBusy || r.t.nOther || bad;
done:
	rmdir(zDir);
	if (ref) {
		char zSide[4096];

		snprintf(zSide, sizeof zSide, "%s-wal", argv[1]);
		unlink(zSide);
		snprintf(zSide, sizeof zSide, "%s-shm", argv[1]);
		unlink(zSide);
		unlink(argv[1]);
	}
	free(r.aDec);
	free(r.aClaim);
	free(r.aPair);
	return rc;
}
