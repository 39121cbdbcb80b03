/*
 * label.c — keep and print courier labels (see label.h).
 */
#include "label.h"

#include "core/i18n.h"
#include "core/text.h"
#include "fsutil.h"
#include "ingest/blob.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PDF_MAGIC "%PDF-"

rd_status label_keep(const char *blob_dir, const char *b64, size_t max,
		     char sha[RD_SHA256_HEX], struct rd_err *err)
{
	unsigned char *pdf = NULL;
	size_t n = 0;
	rd_status rc;

	sha[0] = '\0';
	rc = rd_base64_decode(b64 ? b64 : "", b64 ? strlen(b64) : 0, max,
			      &pdf, &n);
	if (rc == RD_ERR_LIMIT)
		return rd_err_set(err, rc,
				  _("the label is larger than %zu bytes "
				    "([print] max_label_bytes)"),
				  max);
	if (rc != RD_OK)
		return rd_err_set(err, rc, _("the label is not valid Base64"));
	if (n < sizeof PDF_MAGIC - 1 ||
	    memcmp(pdf, PDF_MAGIC, sizeof PDF_MAGIC - 1)) {
		free(pdf);
		return rd_err_set(err, RD_ERR_INVALID,
				  _("the label is not a PDF"));
	}
	rd_sha256_hex(pdf, n, sha);
	rc = ingest_blob_put(blob_dir, sha, pdf, n, err);
	free(pdf);
	if (rc != RD_OK)
		sha[0] = '\0';
	return rc;
}

rd_status label_take_from_result(const struct rd_config *cfg, char **result,
				 char sha[RD_SHA256_HEX], struct rd_err *err)
{
	json_t *j = NULL, *b64;
	struct rd_err e1;
	char *z = NULL;
	rd_status rc = RD_OK;

	sha[0] = '\0';
	j = *result ? json_loads(*result, 0, NULL) : NULL;
	b64 = json_object_get(j, "label_pdf_base64");
	if (!json_is_object(j) || !b64) {
		json_decref(j);
		return RD_OK;
	}
	rd_err_clear(&e1);
	rc = json_is_string(b64)
		     ? label_keep(cfg->blob_dir, json_string_value(b64),
				  (size_t)cfg->max_label_bytes, sha, &e1)
		     : rd_err_set(&e1, RD_ERR_INVALID,
				  _("the label is not a string"));
	json_object_del(j, "label_pdf_base64");
	if (rc == RD_OK) {
		json_object_set_new(j, "label_sha256", json_string(sha));
	} else if (rc == RD_ERR_INVALID || rc == RD_ERR_LIMIT) {
		/* A bad label does not undo the waybill: the shipment shows
		 * the error and a reprint cannot be asked for. */
		json_object_set_new(j, "label_error",
				    json_string(rd_err_msg(&e1)));
		rc = RD_OK;
	} else {
		if (err)
			*err = e1;
		json_decref(j);
		return rc;
	}
	z = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!z)
		return RD_ERR_NOMEM;
	free(*result);
	*result = z;
	return RD_OK;
}

void label_argv_free(char ***argv)
{
	if (!argv || !*argv)
		return;
	for (char **p = *argv; *p; p++)
		free(*p);
	free(*argv);
	*argv = NULL;
}

rd_status label_split_command(const char *cmd, char ***argv, int *argc)
{
	size_t len = cmd ? strlen(cmd) : 0;
	char **a = calloc(len / 2 + 3, sizeof *a);
	char *w = malloc(len + 1);
	int n = 0;
	rd_status rc = RD_OK;

	*argv = NULL;
	*argc = 0;
	if (!a || !w) {
		free(a);
		free(w);
		return RD_ERR_NOMEM;
	}
	for (size_t i = 0; i < len;) {
		size_t k = 0;

		while (i < len && (cmd[i] == ' ' || cmd[i] == '\t'))
			i++;
		if (i == len)
			break;
		while (i < len && cmd[i] != ' ' && cmd[i] != '\t') {
			char q = cmd[i];

			if (q != '\'' && q != '"') {
				w[k++] = cmd[i++];
				continue;
			}
			for (i++; i < len && cmd[i] != q; i++)
				w[k++] = cmd[i];
			if (i == len) {
				rc = RD_ERR_INVALID;
				goto done;
			}
			i++;
		}
		w[k] = '\0';
		a[n] = strdup(w);
		if (!a[n]) {
			rc = RD_ERR_NOMEM;
			goto done;
		}
		n++;
	}
	if (n == 0)
		rc = RD_ERR_INVALID;
done:
	free(w);
	if (rc != RD_OK) {
		label_argv_free(&a);
		return rc;
	}
	*argv = a;
	*argc = n;
	return RD_OK;
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Run argv (argv[0] looked up in PATH) with stdin from /dev/null and its
 * output captured into zOut (sanitised, cut); kill it after timeout_s.
 * *status is the exit code, or -1 when it was killed or did not start.
 */
static rd_status run_command(char **argv, int timeout_s, int *status,
			     char *zOut, size_t nOut, struct rd_err *err)
{
	int fds[2], ws = 0, timed_out = 0;
	size_t got = 0;
	char raw[512];
	int64_t deadline = mono_ms() + (int64_t)timeout_s * 1000;
	pid_t pid;

	*status = -1;
	zOut[0] = '\0';
	if (pipe(fds) != 0)
		return rd_err_set(err, RD_ERR_IO, _("cannot run %s: %s"),
				  argv[0], strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return rd_err_set(err, RD_ERR_IO, _("cannot run %s: %s"),
				  argv[0], strerror(errno));
	}
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		if (nul >= 0)
			dup2(nul, 0);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		execvp(argv[0], argv);
		dprintf(2, "%s: %s", argv[0], strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pf = { fds[0], POLLIN, 0 };
		int64_t left = deadline - mono_ms();
		ssize_t r;

		if (left <= 0) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pf, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
			continue;
		r = read(fds[0], raw + got, sizeof raw - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got == sizeof raw - 1) {
			/* Enough to explain a failure: drain the rest. */
			char sink[512];

			while (read(fds[0], sink, sizeof sink) > 0)
				;
			break;
		}
	}
	close(fds[0]);
	raw[got] = '\0';
	rd_text_sanitize(raw, zOut, nOut);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (!timed_out && WIFEXITED(ws))
		*status = WEXITSTATUS(ws);
	if (timed_out)
		return rd_err_set(err, RD_ERR_NET,
				  _("%s did not finish within %d s and was "
				    "stopped ([print] timeout)"),
				  argv[0], timeout_s);
	return RD_OK;
}

/* Print through [print] command; zTarget gets its first word. */
static rd_status print_command(const struct rd_config *cfg,
			       const char *zPath, char *zTarget,
			       size_t nTarget, struct rd_err *err)
{
	char **argv = NULL;
	char zOut[256];
	int argc = 0, status = -1;
	rd_status rc = label_split_command(cfg->print_command, &argv, &argc);

	if (rc == RD_ERR_NOMEM)
		return rc;
	if (rc != RD_OK)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("[print] command has an unclosed quote "
				    "or no words"));
	snprintf(zTarget, nTarget, "%s", argv[0]);
	argv[argc] = strdup(zPath);
	if (!argv[argc]) {
		label_argv_free(&argv);
		return RD_ERR_NOMEM;
	}
	rc = run_command(argv, cfg->print_timeout_s > 0 ? cfg->print_timeout_s
							: 30,
			 &status, zOut, sizeof zOut, err);
	if (rc == RD_OK && status != 0)
		rc = rd_err_set(err, RD_ERR_NET,
				_("%s exited with status %d: %s"), argv[0],
				status, zOut[0] ? zOut : "-");
	label_argv_free(&argv);
	return rc;
}

/* Write the PDF into the spool folder as WAYBILL-N.pdf, atomically. */
static rd_status print_spool(const struct rd_config *cfg, const char *zPath,
			     const char *zWaybill, int n, char *zTarget,
			     size_t nTarget, struct rd_err *err)
{
	char *pdf = NULL;
	size_t len = 0;
	rd_status rc;

	rc = rd_read_file(zPath, (size_t)cfg->max_label_bytes, &pdf, &len, err);
	if (rc != RD_OK)
		return rc;
	rc = rd_mkdir_p(cfg->spool_dir, 0770, err);
	if (rc == RD_OK &&
	    (size_t)snprintf(zTarget, nTarget, "%s/%s-%d.pdf", cfg->spool_dir,
			     zWaybill, n) >= nTarget)
		rc = rd_err_set(err, RD_ERR_LIMIT, _("spool path too long"));
	if (rc == RD_OK)
		rc = rd_write_file_atomic(zTarget, pdf, len, 0660, err);
	free(pdf);
	return rc;
}

rd_status label_print_job(const struct rd_config *cfg,
			  const struct net_job *job, struct net_outcome *out)
{
	json_t *in = net_payload_parse(job, out);
	char zPath[4096], zSha[RD_SHA256_HEX], zTarget[4096];
	const char *zWant, *zWaybill;
	struct rd_err e1;
	rd_status rc = RD_OK;
	int n;

	if (!in)
		return RD_OK;
	rd_err_clear(&e1);
	zWant = json_string_value(json_object_get(in, "label_sha256"));
	zWaybill = json_string_value(json_object_get(in, "waybill_no"));
	n = (int)json_integer_value(json_object_get(in, "n"));
	out->verdict = NET_FAIL;
	if (!zWant || !net_ref_ok(zWaybill) ||
	    ingest_blob_path(cfg->blob_dir, zWant, zPath, sizeof zPath) !=
		    RD_OK) {
		snprintf(out->error, sizeof out->error, "%s",
			 _("label print: bad label_sha256 or waybill_no in "
			   "the payload"));
		goto done;
	}
	/* Never print bytes the store does not vouch for. */
	if (rd_sha256_file(zPath, zSha, NULL, &e1) != RD_OK ||
	    strcmp(zSha, zWant)) {
		snprintf(out->error, sizeof out->error,
			 _("label of waybill %s is missing or damaged in the "
			   "blob store: %s"),
			 zWaybill, e1.msg[0] ? e1.msg : zSha);
		goto done;
	}
	if (cfg->print_command && *cfg->print_command)
		rc = print_command(cfg, zPath, zTarget, sizeof zTarget, &e1);
	else
		rc = print_spool(cfg, zPath, zWaybill, n > 0 ? n : 1, zTarget,
				 sizeof zTarget, &e1);
	if (rc == RD_ERR_NOMEM)
		goto done;
	if (rc != RD_OK) {
		out->verdict = NET_RETRY;
		rd_text_sanitize(rd_err_msg(&e1), out->error,
				 sizeof out->error);
		rc = RD_OK;
		goto done;
	}
	{
		json_t *res = json_pack("{s:s}", "target", zTarget);

		out->result = res ? json_dumps(res, JSON_COMPACT) : NULL;
		json_decref(res);
	}
	out->verdict = NET_DONE;
	snprintf(out->ref, sizeof out->ref, "%s", zWaybill);
	if (!out->result)
		rc = RD_ERR_NOMEM;
done:
	json_decref(in);
	return rc;
}
