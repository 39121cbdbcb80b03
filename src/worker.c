/*
 * worker.c — the outbox worker (see worker.h).
 */
#include "worker.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"
#include "label.h"
#include "net/provider.h"
#include "scanread_job.h"
#include "spawn.h"
#include "store/audit.h"
#include "store/checks.h"
#include "store/fulfil.h"
#include "store/invoice.h"
#include "store/jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A kind nobody handles yet is looked at again after this long. */
#define WORKER_NO_HANDLER_S 300

static void wlog(const struct worker_opts *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void wlog(const struct worker_opts *o, const char *fmt, ...)
{
	char line[1024], zAt[32];
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;
	int n;

	gmtime_r(&t, &tm);
	strftime(zAt, sizeof zAt, "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof line, "%s worker %s: ", zAt,
		     o->id ? o->id : "?");
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	if (o->log)
		o->log(o->log_ctx, line);
	else
		fprintf(stderr, "%s\n", line);
}

int64_t worker_backoff_s(int attempts, int base_s, int max_s)
{
	int64_t d = base_s > 0 ? base_s : 1;
	int64_t half;
	uint32_t r = 0;

	if (max_s <= 0)
		max_s = 900;
	for (int i = 1; i < attempts && d < max_s; i++)
		d *= 2;
	if (d > max_s)
		d = max_s;
	half = d / 2;
	if (rd_random_bytes(&r, sizeof r) != RD_OK)
		r = (uint32_t)rand();
	d = d - half + (half > 0 ? (int64_t)(r % (uint32_t)(half + 1)) : 0);
	return d > 0 ? d : 1;
}

int worker_lease_s(const struct rd_config *cfg)
{
	int worst = 0;

	for (int k = 0; k < RD_PROV_COUNT; k++) {
		int t = cfg->provider[k].connect_timeout_s +
			cfg->provider[k].timeout_s;

		if (t > worst)
			worst = t;
	}
	return worst + WORKER_LEASE_MARGIN_S;
}

static char *audit_details(const struct store_job *job,
			   const struct net_outcome *o, const char *zState)
{
	json_t *j = json_pack("{s:I,s:s,s:s,s:s,s:i}", "job",
			      (json_int_t)job->id, "kind", job->kind, "key",
			      job->idem_key, "state", zState, "attempt",
			      job->attempts);
	char *z;

	if (!j)
		return NULL;
	if (o->check_state[0])
		json_object_set_new(j, "check", json_string(o->check_state));
	if (o->ref[0])
		json_object_set_new(j, "ref", json_string(o->ref));
	if (o->error[0] && strcmp(zState, "done"))
		json_object_set_new(j, "error", json_string(o->error));
	z = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	return z;
}

/* Record the outcome in one transaction. */
static rd_status record(struct store *st, const struct rd_config *cfg,
			const struct worker_opts *opts,
			const struct store_job *job, const char *zAppNo,
			const char *zLabel, struct net_outcome *o,
			const char **zOutcome, struct rd_err *err)
{
	int64_t now = rd_now(), appId = 0, nextJob = 0;
	char *zDetails = NULL;
	const char *zState = "done";
	rd_status rc;

	rc = store_begin(st, err);
	if (rc != RD_OK)
		return rc;
	switch (o->verdict) {
	case NET_DONE:
		rc = store_job_finish(st, job->id, opts->id, o->result, err);
		if (rc != RD_OK)
			goto fail;
		if (o->check_state[0]) {
			rc = store_check_update_by_job(st, job->id,
						       o->check_state, o->ref,
						       o->detail, &appId, err);
			if (rc != RD_OK)
				goto fail;
		}
		if (o->next_kind[0]) {
			rc = store_job_enqueue(st, o->next_kind, job->app_id,
					       o->next_key, o->next_payload,
					       now + o->next_delay_s,
					       cfg->worker_max_attempts,
					       &nextJob, err);
			if (rc != RD_OK)
				goto fail;
			rc = store_check_move_job(st, job->id, nextJob, err);
			if (rc != RD_OK)
				goto fail;
		}
		break;
	case NET_POLL:
		/* Not final yet: ask again later without spending an
		 * attempt, until WORKER_POLL_DEADLINE_S after the job was
		 * made; then it is dead and a supervisor looks. */
		if (now - job->created_at >
		    (!strcmp(job->kind, "courier_status")
			     ? WORKER_TRACK_DEADLINE_S
			     : WORKER_POLL_DEADLINE_S)) {
			zState = "dead";
			rc = store_job_fail(st, job->id, opts->id, o->error, 0,
					    err);
			if (rc == RD_OK)
				rc = store_check_update_by_job(st, job->id,
							       "error", NULL,
							       o->error, &appId,
							       err);
		} else {
			zState = "pending";
			rc = store_job_defer(st, job->id, opts->id, o->error,
					     now + (o->next_delay_s > 0 ?
							    o->next_delay_s : 30),
					     err);
		}
		if (rc != RD_OK)
			goto fail;
		break;
	case NET_RETRY:
	case NET_FAIL:
		zState = o->verdict == NET_FAIL ||
				 job->attempts >= job->max_attempts ?
			 "dead" : "failed";
		rc = store_job_fail(st, job->id, opts->id, o->error,
				    !strcmp(zState, "dead") ? 0 :
				    now + worker_backoff_s(job->attempts,
							   cfg->worker_backoff_base_s,
							   cfg->worker_backoff_max_s),
				    err);
		if (rc != RD_OK)
			goto fail;
		if (!strcmp(zState, "dead")) {
			snprintf(o->check_state, sizeof o->check_state,
				 "error");
			rc = store_check_update_by_job(st, job->id, "error",
						       NULL, o->error, &appId,
						       err);
			if (rc != RD_OK)
				goto fail;
		}
		break;
	}
	rc = store_check_summary_refresh(st, appId ? appId : job->app_id, err);
	if (rc != RD_OK)
		goto fail;
	if (store_fulfil_follows(job->kind)) {
		struct store_fulfil_event ev = {
			.job_id = job->id,
			.kind = job->kind,
			.app_id = job->app_id,
			.payload = job->payload,
			.outcome = zState,
			.result = o->result,
			.error = o->error,
			.label_sha256 = zLabel,
			.max_attempts = cfg->worker_max_attempts,
		};

		rc = store_fulfil_apply(st, &ev, err);
		if (rc != RD_OK)
			goto fail;
	}
	if (o->verdict != NET_POLL || !strcmp(zState, "dead")) {
		char zAction[24];

		snprintf(zAction, sizeof zAction, "job.%s", zState);
		zDetails = audit_details(job, o, zState);
		/* About the application when there is one, so its history
		 * shows the checks; the job's key is in the details. */
		rc = store_audit_append(st, "worker", zAction,
					zAppNo[0] ? zAppNo : job->idem_key,
					zDetails ? zDetails : "", err);
		if (rc != RD_OK)
			goto fail;
	}
	rc = store_commit(st, err);
	if (rc != RD_OK)
		goto fail;
	free(zDetails);
	*zOutcome = zState;
	return RD_OK;
fail:
	store_rollback(st);
	free(zDetails);
	return rc;
}

static rd_status defer_no_handler(struct store *st,
				  const struct worker_opts *opts,
				  const struct store_job *job,
				  struct rd_err *err)
{
	rd_status rc = store_begin(st, err);

	if (rc != RD_OK)
		return rc;
	rc = store_job_defer(st, job->id, opts->id, "no handler yet",
			     rd_now() + WORKER_NO_HANDLER_S, err);
	if (rc != RD_OK) {
		store_rollback(st);
		return rc;
	}
	return store_commit(st, err);
}

/* Reading a scan is local work (src/scanread_job.c), not a provider call. */
static rd_status run_scan_read(struct store *st, const struct rd_config *cfg,
			       const struct worker_opts *opts,
			       const struct store_job *job, struct rd_err *err)
{
	const char *zOutcome = "?";
	rd_status rc = scanread_job_run(st, cfg, opts->id, job, &zOutcome, err);

	if (rc == RD_ERR_CONFLICT) {
		wlog(opts, "job %lld scan_read: lease lost, result dropped",
		     (long long)job->id);
		return RD_OK;
	}
	if (rc == RD_OK)
		wlog(opts, "job %lld scan_read attempt %d/%d: %s",
		     (long long)job->id, job->attempts, job->max_attempts,
		     zOutcome);
	return rc;
}

rd_status worker_run_one(struct store *st, const struct rd_config *cfg,
			 const struct worker_opts *opts, int *processed,
			 struct rd_err *err)
{
	struct store_job job;
	struct net_outcome o;
	struct net_job nj;
	char zOrg[256], zAppNo[64], zLabel[RD_SHA256_HEX];
	const char *zOutcome = "?";
	net_provider_fn fn;
	int claimed = 0;
	rd_status rc;

	memset(&o, 0, sizeof o);
	if (processed)
		*processed = 0;
	rc = store_job_claim(st, opts->id, worker_lease_s(cfg), &job, &claimed,
			     err);
	if (rc != RD_OK || !claimed)
		return rc;
	if (processed)
		*processed = 1;
	if (!strcmp(job.kind, "scan_read")) {
		rc = run_scan_read(st, cfg, opts, &job, err);
		goto done;
	}
	fn = !strcmp(job.kind, "label_print") ? label_print_job
					      : net_provider_find(job.kind);
	if (!fn) {
		rc = defer_no_handler(st, opts, &job, err);
		wlog(opts, "job %lld %s: no handler yet, left pending",
		     (long long)job.id, job.kind);
		goto done;
	}
	if (!strcmp(job.kind, "invoice")) {
		int refused = 0;

		/* One invoice per application, ever: the store says before
		 * the call whether this one may still be sent. */
		rc = store_invoice_before_send(st, job.id, opts->id, &refused,
					       err);
		if (rc == RD_ERR_CONFLICT) {
			rc = RD_OK;
			goto done;
		}
		if (rc != RD_OK)
			goto done;
		if (refused) {
			wlog(opts, "job %lld invoice: not sent, the "
			     "application has its invoice",
			     (long long)job.id);
			goto done;
		}
	}
	zOrg[0] = zAppNo[0] = '\0';
	if (job.app_id > 0) {
		rc = store_check_app_names(st, job.app_id, zAppNo,
					   sizeof zAppNo, zOrg, sizeof zOrg,
					   err);
		if (rc != RD_OK)
			goto done;
	}
	memset(&nj, 0, sizeof nj);
	nj.id = job.id;
	nj.kind = job.kind;
	nj.idem_key = job.idem_key;
	nj.payload = job.payload;
	nj.app_id = job.app_id;
	nj.org_name = zOrg;
	nj.attempts = job.attempts;
	/* The network call: no transaction is open here. */
	rc = fn(cfg, &nj, &o);
	if (rc != RD_OK) {
		snprintf(o.error, sizeof o.error, "%s", rd_strerror(rc));
		o.verdict = NET_RETRY;
	}
	zLabel[0] = '\0';
	if (o.verdict == NET_DONE && !strcmp(job.kind, "courier_waybill")) {
		struct rd_err e1;

		/* The label goes to the blob store before the transaction
		 * that names it; if it cannot, the replay brings it again. */
		rd_err_clear(&e1);
		if (label_take_from_result(cfg, &o.result, zLabel, &e1) !=
		    RD_OK) {
			o.verdict = NET_RETRY;
			rd_text_sanitize(rd_err_msg(&e1), o.error,
					 sizeof o.error);
		}
	}
	rc = record(st, cfg, opts, &job, zAppNo, zLabel, &o, &zOutcome, err);
	if (rc == RD_ERR_CONFLICT) {
		wlog(opts, "job %lld %s: lease lost, result dropped",
		     (long long)job.id, job.kind);
		rc = RD_OK;
		goto done;
	}
	if (rc != RD_OK)
		goto done;
	wlog(opts, "job %lld %s attempt %d/%d: %s%s%s%s%s",
	     (long long)job.id, job.kind, job.attempts, job.max_attempts,
	     zOutcome, o.check_state[0] ? " check=" : "", o.check_state,
	     o.error[0] && strcmp(zOutcome, "done") ? ": " : "",
	     strcmp(zOutcome, "done") ? o.error : "");
done:
	net_outcome_fini(&o);
	store_job_fini(&job);
	return rc;
}

rd_status worker_drain(struct store *st, const struct rd_config *cfg,
		       const struct worker_opts *opts,
		       const volatile sig_atomic_t *stop, int *count,
		       struct rd_err *err)
{
	int n = 0, did = 0;
	rd_status rc = RD_OK;

	do {
		rc = worker_run_one(st, cfg, opts, &did, err);
		if (rc != RD_OK)
			break;
		n += did;
	} while (did && !(stop && *stop));
	if (count)
		*count = n;
	return rc;
}

rd_status worker_loop(struct store *st, const struct rd_config *cfg,
		      const struct worker_opts *opts,
		      const volatile sig_atomic_t *stop, struct rd_err *err)
{
	int poll = cfg->worker_poll_s > 0 ? cfg->worker_poll_s : 2;

	wlog(opts, "started");
	while (!*stop) {
		rd_status rc = worker_drain(st, cfg, opts, stop, NULL, err);

		if (rc != RD_OK) {
			wlog(opts, "%s", rd_err_msg(err));
			rd_err_clear(err);
		}
		/* Sleep in small steps so a signal ends the wait at once
		 * even where sleep() is restarted. */
		for (int i = 0; i < poll * 10 && !*stop; i++) {
			struct timespec ts = { 0, 100000000L };

			nanosleep(&ts, NULL);
		}
	}
	wlog(opts, "stopped");
	return RD_OK;
}

rd_status worker_spawn_background(const struct rd_config *cfg,
				  const char *config_path, pid_t *pid,
				  struct rd_err *err)
{
	char zExe[PATH_MAX];
	rd_status rc;

	*pid = 0;
	rc = rd_spawn_self_exe(zExe, sizeof zExe, err);
	if (rc != RD_OK)
		return rc;
	return worker_spawn_exe(zExe, cfg, config_path, pid, err);
}

rd_status worker_spawn_exe(const char *exe, const struct rd_config *cfg,
			   const char *config_path, pid_t *pid,
			   struct rd_err *err)
{
	const char *aArgv[] = { "radesk", "--config", config_path, "worker",
				NULL };
	const char *aNoCfg[] = { "radesk", "worker", NULL };
	rd_status rc;
	int fd;

	*pid = 0;
	fd = open(cfg->log_file && *cfg->log_file ? cfg->log_file : "/dev/null",
		  O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0660);
	if (fd < 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot open the log %s for the background "
				    "worker: %s"),
				  cfg->log_file, strerror(errno));
	rc = rd_spawn(exe, config_path ? aArgv : aNoCfg, fd, pid, err);
	close(fd);
	return rc;
}

void worker_stop_background(pid_t *pid)
{
	int status;

	if (!pid || *pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 20; i++) {
		struct timespec ts = { 0, 100000000L };

		if (waitpid(*pid, &status, WNOHANG) != 0)
			break;
		nanosleep(&ts, NULL);
	}
	*pid = 0;
}
