/*
 * test_worker.c — the HTTP layer, the outbox claim and the worker against
 * a real radesk-sandbox started on a free loopback port. The sandbox is
 * $RADESK_SANDBOX or radesk-sandbox next to the tests/ folder of this
 * binary (BUILD/tests/test_worker -> BUILD/radesk-sandbox).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "clock.h"
#include "config.h"
#include "net/http.h"
#include "cli.h"
#include "store/checks.h"
#include "store/jobs.h"
#include "store/operators.h"
#include "store/store.h"
#include "worker.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct {
	char dir[PATH_MAX];
	char base[64];
	char radesk[PATH_MAX + 32];
	char secret[PATH_MAX + 16];
	pid_t pid;
	struct rd_config cfg;
} T;

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static int write_file(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	size_t n = strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, n) != (ssize_t)n) {
		close(fd);
		return -1;
	}
	return close(fd);
}

static void set_str(char **pp, const char *z)
{
	free(*pp);
	*pp = strdup(z);
}

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
	(void)p;
	(void)ud;
	return size * n;
}

/* POST a fault to the sandbox's control endpoint. */
static void fault(const char *path, const char *mode, int count, int ms)
{
	char url[128], body[256];
	CURL *c = curl_easy_init();

	snprintf(url, sizeof url, "%s/_sandbox/faults", T.base);
	snprintf(body, sizeof body,
		 "{\"path\":\"%s\",\"mode\":\"%s\",\"count\":%d,\"ms\":%d}", path,
		 mode, count, ms);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_cleanup(c);
}

static int group_setup(void **state)
{
	char exe[PATH_MAX], sandbox[PATH_MAX + 32], secret[PATH_MAX + 16],
	     portf[PATH_MAX + 16], port[16] = "";
	const char *env = getenv("RADESK_SANDBOX");
	ssize_t n;

	(void)state;
	unsetenv("RADESK_NOW");
	setenv("no_proxy", "*", 1);
	rd_clock_reset();
	net_global_init();
	snprintf(T.dir, sizeof T.dir, "/tmp/rd-worker-XXXXXX");
	if (!mkdtemp(T.dir))
		return -1;
	if (env && *env) {
		snprintf(sandbox, sizeof sandbox, "%s", env);
	} else {
		n = readlink("/proc/self/exe", exe, sizeof exe - 1);
		if (n <= 0)
			return -1;
		exe[n] = '\0';
		*strrchr(exe, '/') = '\0';   /* BUILD/tests */
		*strrchr(exe, '/') = '\0';   /* BUILD */
		snprintf(sandbox, sizeof sandbox, "%s/radesk-sandbox", exe);
	}
	/* radesk sits next to radesk-sandbox. */
	snprintf(T.radesk, sizeof T.radesk, "%s", sandbox);
	*strrchr(T.radesk, '/') = '\0';
	strcat(T.radesk, "/radesk");
	snprintf(T.secret, sizeof T.secret, "%s/secret", T.dir);
	snprintf(secret, sizeof secret, "%s/secret", T.dir);
	snprintf(portf, sizeof portf, "%s/port", T.dir);
	if (write_file(secret, "unit-secret\n", 0600) != 0)
		return -1;
	T.pid = fork();
	if (T.pid == 0) {
		int nul = open("/dev/null", O_WRONLY);

		dup2(nul, 1);
		execl(sandbox, "radesk-sandbox", "--secret-file", secret,
		      "--port", "0", "--port-file", portf, (char *)NULL);
		_exit(127);
	}
	for (int i = 0; i < 200 && !port[0]; i++) {
		FILE *f = fopen(portf, "r");

		if (f) {
			if (!fgets(port, sizeof port, f))
				port[0] = '\0';
			fclose(f);
		}
		if (!port[0])
			sleep_ms(25);
	}
	if (!port[0]) {
		fprintf(stderr, "sandbox %s did not start\n", sandbox);
		return -1;
	}
	port[strcspn(port, "\n")] = '\0';
	snprintf(T.base, sizeof T.base, "http://127.0.0.1:%s", port);
	if (rd_config_init_defaults(&T.cfg, T.dir) != RD_OK)
		return -1;
	for (int k = 0; k < RD_PROV_COUNT; k++) {
		set_str(&T.cfg.provider[k].base_url, T.base);
		set_str(&T.cfg.provider[k].secret_file, secret);
		T.cfg.provider[k].connect_timeout_s = 2;
		T.cfg.provider[k].timeout_s = 2;
	}
	T.cfg.worker_backoff_base_s = 1;
	T.cfg.worker_backoff_max_s = 1;
	T.cfg.worker_max_attempts = 3;
	return 0;
}

static int group_teardown(void **state)
{
	char cmd[PATH_MAX + 16];
	int status;

	(void)state;
	if (T.pid > 0) {
		kill(T.pid, SIGTERM);
		waitpid(T.pid, &status, 0);
	}
	rd_config_fini(&T.cfg);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", T.dir);
	return system(cmd) == 0 ? 0 : -1;
}

static const char telecom_body[] =
	"{\"name\":\"张三\",\"id_no\":\"110101199003071234\","
	"\"mobile\":\"13800138000\"}";

static void test_http_answered(void **state)
{
	struct net_response r;
	struct rd_err err;

	(void)state;
	assert_int_equal(net_call(&T.cfg, RD_PROV_TELECOM, "POST",
				  "/v1/telecom/verify", telecom_body, "k-ans",
				  &r, &err),
			 RD_OK);
	assert_int_equal(r.status, 200);
	assert_non_null(r.json);
	assert_string_equal(json_string_value(json_object_get(r.json, "result")),
			    "match");
	net_response_fini(&r);
}

static void test_http_wrong_secret_is_permanent(void **state)
{
	struct net_response r;
	struct rd_err err;
	char path[PATH_MAX + 16];
	char *old = strdup(T.cfg.provider[RD_PROV_TELECOM].secret_file);
	rd_status rc;

	(void)state;
	snprintf(path, sizeof path, "%s/wrong", T.dir);
	assert_int_equal(write_file(path, "not-the-secret", 0600), 0);
	set_str(&T.cfg.provider[RD_PROV_TELECOM].secret_file, path);
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-401", &r, &err);
	set_str(&T.cfg.provider[RD_PROV_TELECOM].secret_file, old);
	free(old);
	assert_int_equal(rc, RD_ERR_INVALID);
	assert_int_equal(r.status, 401);
	assert_false(net_status_is_transient(rc));
	assert_null(strstr(err.msg, "not-the-secret"));
	net_response_fini(&r);
}

static void test_http_secret_file_too_open(void **state)
{
	struct net_response r;
	struct rd_err err;
	char path[PATH_MAX + 16];
	char *old = strdup(T.cfg.provider[RD_PROV_BANK].secret_file);
	rd_status rc;

	(void)state;
	snprintf(path, sizeof path, "%s/open", T.dir);
	assert_int_equal(write_file(path, "unit-secret", 0644), 0);
	chmod(path, 0644);
	set_str(&T.cfg.provider[RD_PROV_BANK].secret_file, path);
	rc = net_call(&T.cfg, RD_PROV_BANK, "GET", "/v1/bank/microdeposits/X",
		      NULL, NULL, &r, &err);
	set_str(&T.cfg.provider[RD_PROV_BANK].secret_file, old);
	free(old);
	assert_int_equal(rc, RD_ERR_CONFIG);
	assert_int_equal(r.status, 0);
	net_response_fini(&r);
}

static void test_http_faults_are_transient(void **state)
{
	struct net_response r;
	struct rd_err err;
	rd_status rc;
	time_t t0;

	(void)state;
	fault("/v1/telecom/verify", "5xx", 1, 0);
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-5xx", &r, &err);
	assert_int_equal(rc, RD_ERR_NET);
	assert_int_equal(r.status, 503);
	assert_true(net_status_is_transient(rc));
	net_response_fini(&r);

	fault("/v1/telecom/verify", "malformed", 1, 0);
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-mal", &r, &err);
	assert_int_equal(rc, RD_ERR_PROTO);
	assert_true(net_status_is_transient(rc));
	net_response_fini(&r);

	fault("/v1/telecom/verify", "drop", 1, 0);
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-drop", &r, &err);
	assert_int_equal(rc, RD_ERR_NET);
	net_response_fini(&r);

	fault("/v1/telecom/verify", "timeout", 1, 5000);
	t0 = time(NULL);
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-to", &r, &err);
	assert_int_equal(rc, RD_ERR_NET);
	assert_true(time(NULL) - t0 <= 4);   /* gave up at timeout_s = 2 */
	net_response_fini(&r);
}

static void test_http_size_limit(void **state)
{
	struct net_response r;
	struct rd_err err;
	int64_t old = T.cfg.max_response_bytes;
	rd_status rc;

	(void)state;
	T.cfg.max_response_bytes = 16;
	rc = net_call(&T.cfg, RD_PROV_TELECOM, "POST", "/v1/telecom/verify",
		      telecom_body, "k-big", &r, &err);
	T.cfg.max_response_bytes = old;
	assert_int_equal(rc, RD_ERR_LIMIT);
	net_response_fini(&r);
}

static void test_http_unknown_adapter(void **state)
{
	struct net_response r;
	struct rd_err err;
	rd_status rc;

	(void)state;
	set_str(&T.cfg.provider[RD_PROV_COURIER].adapter, "sf");
	rc = net_call(&T.cfg, RD_PROV_COURIER, "POST", "/v1/courier/waybills",
		      "{}", "k-sf", &r, &err);
	set_str(&T.cfg.provider[RD_PROV_COURIER].adapter, "generic");
	assert_int_equal(rc, RD_ERR_UNSUPPORTED);
	assert_false(net_status_is_transient(rc));
	assert_non_null(strstr(err.msg, "sf"));
	net_response_fini(&r);
}

static void test_backoff_bounds(void **state)
{
	(void)state;
	for (int i = 0; i < 50; i++) {
		int64_t d1 = worker_backoff_s(1, 4, 100);
		int64_t d3 = worker_backoff_s(3, 4, 100);
		int64_t d9 = worker_backoff_s(9, 4, 100);

		assert_true(d1 >= 2 && d1 <= 4);
		assert_true(d3 >= 8 && d3 <= 16);
		assert_true(d9 >= 50 && d9 <= 100);
	}
}

static struct store *open_db(const char *name, int create)
{
	char path[PATH_MAX + 32];
	struct store *st = NULL;

	snprintf(path, sizeof path, "%s/%s", T.dir, name);
	assert_int_equal(store_open(path, 5000, create, &st, NULL), RD_OK);
	if (create)
		assert_int_equal(store_migrate(st, NULL, NULL), RD_OK);
	return st;
}

static void enqueue(struct store *st, const char *kind, const char *key,
		    const char *payload, int64_t *id)
{
	assert_int_equal(store_begin(st, NULL), RD_OK);
	assert_int_equal(store_job_enqueue(st, kind, 0, key, payload, 0, 3, id,
					   NULL),
			 RD_OK);
	assert_int_equal(store_commit(st, NULL), RD_OK);
}

static void test_claim_is_exclusive(void **state)
{
	struct store *a = open_db("claim.db", 1), *b = open_db("claim.db", 0);
	struct store_job ja, jb;
	int ca = 0, cb = 0;
	int64_t id = 0;

	(void)state;
	enqueue(a, "telecom_verify", "claim:1", telecom_body, &id);
	assert_int_equal(store_job_claim(a, "A", 60, &ja, &ca, NULL), RD_OK);
	assert_int_equal(store_job_claim(b, "B", 60, &jb, &cb, NULL), RD_OK);
	assert_int_equal(ca, 1);
	assert_int_equal(cb, 0);
	assert_int_equal(ja.id, id);
	assert_int_equal(ja.attempts, 1);
	assert_string_equal(ja.locked_by, "A");
	/* B cannot finish a job A holds. */
	assert_int_equal(store_begin(b, NULL), RD_OK);
	assert_int_equal(store_job_finish(b, id, "B", "{}", NULL),
			 RD_ERR_CONFLICT);
	store_rollback(b);
	/* A's lease runs out: B reclaims, A's result is refused. */
	setenv("RADESK_NOW", "@4000000000", 1);
	rd_clock_reset();
	assert_int_equal(store_job_claim(b, "B", 60, &jb, &cb, NULL), RD_OK);
	unsetenv("RADESK_NOW");
	rd_clock_reset();
	assert_int_equal(cb, 1);
	assert_int_equal(jb.attempts, 2);
	assert_int_equal(store_begin(a, NULL), RD_OK);
	assert_int_equal(store_job_finish(a, id, "A", "{}", NULL),
			 RD_ERR_CONFLICT);
	store_rollback(a);
	store_job_fini(&ja);
	store_job_fini(&jb);
	store_close(&a);
	store_close(&b);
}

struct id_list {
	int64_t a[8];
	int n;
};

static int collect_job(void *ctx, const struct store_job *job)
{
	struct id_list *x = ctx;

	if (x->n < 8)
		x->a[x->n] = job->id;
	x->n++;
	return 0;
}

/* store_job_list(state, before_id) gives exactly id1 then id2 (0: no
 * more). */
static void expect_list(struct store *st, const char *state,
			int64_t before_id, int64_t id1, int64_t id2)
{
	struct id_list x = { .n = 0 };

	assert_int_equal(store_job_list(st, state, before_id, 10, collect_job,
					&x, NULL),
			 RD_OK);
	assert_int_equal(x.n, (id1 != 0) + (id2 != 0));
	if (id1)
		assert_int_equal(x.a[0], id1);
	if (id2)
		assert_int_equal(x.a[1], id2);
}

static void test_worker_runs_jobs(void **state)
{
	struct store *st = open_db("work.db", 1);
	struct worker_opts o = { .id = "unit" };
	struct store_job j;
	struct store_job_counts cnt;
	int64_t ok = 0, bad = 0, odd = 0;
	int did = 0, n = 0;

	(void)state;
	enqueue(st, "telecom_verify", "w:ok", telecom_body, &ok);
	enqueue(st, "telecom_verify", "w:bad", "{\"name\":\"x\"}", &bad);
	enqueue(st, "no_such_kind", "w:odd", "{}", &odd);
	assert_int_equal(worker_drain(st, &T.cfg, &o, NULL, &n, NULL), RD_OK);
	assert_int_equal(n, 3);
	assert_int_equal(store_job_get(st, ok, &j, NULL), RD_OK);
	assert_string_equal(j.state, "done");
	assert_non_null(strstr(j.result, "\"match\""));
	store_job_fini(&j);
	assert_int_equal(store_job_get(st, bad, &j, NULL), RD_OK);
	assert_string_equal(j.state, "dead");
	assert_non_null(strstr(j.last_error, "required"));
	store_job_fini(&j);
	assert_int_equal(store_job_get(st, odd, &j, NULL), RD_OK);
	assert_string_equal(j.state, "pending");
	assert_string_equal(j.last_error, "no handler yet");
	assert_int_equal(j.attempts, 0);
	store_job_fini(&j);
	/* Nothing is due any more. */
	assert_int_equal(worker_run_one(st, &T.cfg, &o, &did, NULL), RD_OK);
	assert_int_equal(did, 0);
	/* Supervisor: retry the dead job, cancel the pending one. */
	assert_int_equal(store_job_retry(st, "boss", bad, NULL), RD_OK);
	assert_int_equal(store_job_cancel(st, "boss", odd, NULL), RD_OK);
	assert_int_equal(store_job_cancel(st, "boss", ok, NULL), RD_ERR_STATE);
	assert_int_equal(store_job_counts(st, &cnt, NULL), RD_OK);
	assert_int_equal(cnt.pending, 1);
	assert_int_equal(cnt.cancelled, 1);
	assert_int_equal(cnt.due, 1);
	/* The lists, newest first: all but done, one state, done, a page. */
	expect_list(st, NULL, 0, odd, bad);
	expect_list(st, "cancelled", 0, odd, 0);
	expect_list(st, "done", 0, ok, 0);
	expect_list(st, NULL, odd, bad, 0);
	expect_list(st, "dead", 0, 0, 0);
	store_close(&st);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void wait_state(struct store *st, int64_t id, const char *state,
		       int ms)
{
	struct store_job j;
	int64_t end = now_ms() + ms;

	for (;;) {
		assert_int_equal(store_job_get(st, id, &j, NULL), RD_OK);
		if (!strcmp(j.state, state)) {
			store_job_fini(&j);
			return;
		}
		store_job_fini(&j);
		if (now_ms() > end)
			fail_msg("job %lld never became %s", (long long)id,
				 state);
		sleep_ms(20);
	}
}

/* What the console does: start a worker in the background and go on.
 * While the provider is slow, the caller returns at once and the
 * database stays writable. */
static void test_background_worker(void **state)
{
	struct store *st = open_db("bg.db", 1);
	char conf[PATH_MAX + 16], text[4 * PATH_MAX], zLogin[64];
	int64_t id = 0, t0;
	pid_t pid = 0, seen;
	int status;
	size_t off = 0;

	(void)state;
	/* The worker runs only as [cron] operator: name whoever the
	 * child will be (RADESK_USER as root, else the real login). */
	setenv("RADESK_USER", "bgworker", 1);
	assert_int_equal(rd_current_login(zLogin, sizeof zLogin, NULL), RD_OK);
	assert_int_equal(store_operator_add(st, "test", zLogin, "",
					    RD_ROLE_AUDITOR, NULL),
			 RD_OK);
	snprintf(conf, sizeof conf, "%s/bg.conf", T.dir);
	off += (size_t)snprintf(text + off, sizeof text - off,
				"[database]\npath = %s/bg.db\n"
				"[worker]\npoll_interval = 1\n"
				"[cron]\noperator = %s\n",
				T.dir, zLogin);
	for (int k = 0; k < RD_PROV_COUNT; k++)
		off += (size_t)snprintf(text + off, sizeof text - off,
					"[provider.%s]\nbase_url = %s\n"
					"secret_file = %s\ntimeout = 5\n",
					rd_provider_kind_name(k), T.base,
					T.secret);
	assert_int_equal(write_file(conf, text, 0600), 0);
	fault("/v1/telecom/verify", "latency", 1, 1500);
	enqueue(st, "telecom_verify", "bg:1", telecom_body, &id);
	set_str(&T.cfg.log_file, "");
	t0 = now_ms();
	assert_int_equal(worker_spawn_exe(T.radesk, &T.cfg, conf, &pid, NULL),
			 RD_OK);
	assert_true(now_ms() - t0 < 500);
	assert_true(pid > 0);
	wait_state(st, id, "running", 5000);
	/* The worker is waiting on the sandbox: no lock is held. */
	t0 = now_ms();
	assert_int_equal(store_begin(st, NULL), RD_OK);
	assert_int_equal(store_commit(st, NULL), RD_OK);
	assert_true(now_ms() - t0 < 500);
	wait_state(st, id, "done", 10000);
	seen = pid;
	worker_stop_background(&pid);
	assert_int_equal(pid, 0);
	/* Gone and reaped (or reaped now, if it took longer than 2 s). */
	assert_true(waitpid(seen, &status, 0) == -1 || WIFEXITED(status) ||
		    WIFSIGNALED(status));
	store_close(&st);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_http_answered),
		cmocka_unit_test(test_http_wrong_secret_is_permanent),
		cmocka_unit_test(test_http_secret_file_too_open),
		cmocka_unit_test(test_http_faults_are_transient),
		cmocka_unit_test(test_http_size_limit),
		cmocka_unit_test(test_http_unknown_adapter),
		cmocka_unit_test(test_backoff_bounds),
		cmocka_unit_test(test_claim_is_exclusive),
		cmocka_unit_test(test_worker_runs_jobs),
		cmocka_unit_test(test_background_worker),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
