/*
 * jobs.c — the jobs screen (see jobs.h). Rows are read newest first with
 * keyset paging (store_job_list before_id); more are read when the cursor
 * reaches the end of what is loaded.
 */
#include "screens/jobs.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "store/jobs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOBS_PAGE 200

struct job_row {
	int64_t id;
	char kind[32];
	char state[12];
	int attempts, max_attempts;
	int64_t next_at;
	int64_t updated_at;
	char locked_by[64];
	char key[160];
	char error[256];           /* sanitised */
};

/* The filters, in tab order; "" = everything but done. */
static const char *const aFilter[] = { "", "pending", "running", "failed",
				       "dead", "cancelled", "done" };
static const char *const aFilterLabel[] = { N_("Open"), N_("Pending"),
					    N_("Running"), N_("Failed"),
					    N_("Dead"), NC_("job", "Cancelled"),
					    N_("Done") };
#define NFILTER ((int)(sizeof aFilter / sizeof aFilter[0]))

/* A job's state in words: the filter tab's label of that state. */
static const char *state_label(const char *z)
{
	for (int i = 1; i < NFILTER; i++)
		if (!strcmp(aFilter[i], z))
			return rd_gettext_ctx(aFilterLabel[i]);
	return z;
}

const char *ui_job_kind_label(const char *z)
{
	static const struct {
		const char *kind, *label;
	} aKind[] = {
		{ "telecom_verify", N_("Telecom check") },
		{ "bank_deposit", N_("Bank deposit") },
		{ "bank_deposit_status", N_("Deposit status") },
		{ "production_order", N_("Production order") },
		{ "production_status", N_("Production status") },
		{ "courier_waybill", N_("Waybill") },
		{ "courier_status", N_("Tracking") },
		{ "label_print", N_("Label print") },
		{ "notify", N_("Customer message") },
		{ "invoice", N_("E-invoice") },
		{ "scan_read", N_("Scan reading") },
	};

	for (size_t i = 0; i < sizeof aKind / sizeof aKind[0]; i++)
		if (!strcmp(aKind[i].kind, z))
			return _(aKind[i].label);
	return z;
}

static struct {
	struct job_row *rows;
	int n, cap;
	int more;                  /* the last page was full */
	int cur, top;
	int filter;
	struct store_job_counts counts;
} J;

void ui_jobs_fini(struct ui *ui)
{
	(void)ui;
	free(J.rows);
	memset(&J, 0, sizeof J);
}

static int add_row(void *ctx, const struct store_job *job)
{
	struct job_row *r;

	(void)ctx;
	if (J.n == J.cap) {
		int cap = J.cap ? J.cap * 2 : JOBS_PAGE;
		struct job_row *p = realloc(J.rows, (size_t)cap * sizeof *p);

		if (!p)
			return 1;
		J.rows = p;
		J.cap = cap;
	}
	r = &J.rows[J.n++];
	memset(r, 0, sizeof *r);
	r->id = job->id;
	snprintf(r->kind, sizeof r->kind, "%s", job->kind);
	snprintf(r->state, sizeof r->state, "%s", job->state);
	r->attempts = job->attempts;
	r->max_attempts = job->max_attempts;
	r->next_at = job->next_attempt_at;
	r->updated_at = job->updated_at;
	snprintf(r->locked_by, sizeof r->locked_by, "%s", job->locked_by);
	rd_text_sanitize(job->idem_key, r->key, sizeof r->key);
	rd_text_sanitize(job->last_error ? job->last_error : "", r->error,
			 sizeof r->error);
	return 0;
}

/* Read one more page after what is loaded (all from the top when
 * reset). */
static void load(struct ui *ui, int reset)
{
	struct rd_err err;
	int before = J.n;

	rd_err_clear(&err);
	if (reset) {
		J.n = 0;
		J.more = 0;
		if (store_job_counts(ui->st, &J.counts, &err) != RD_OK) {
			ui_status(ui, 1, "%s", rd_err_msg(&err));
			return;
		}
	}
	if (store_job_list(ui->st, aFilter[J.filter],
			   J.n > 0 ? J.rows[J.n - 1].id : 0, JOBS_PAGE, add_row,
			   NULL, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	J.more = J.n - (reset ? 0 : before) == JOBS_PAGE;
	if (J.cur >= J.n)
		J.cur = J.n > 0 ? J.n - 1 : 0;
}

/* Reload keeping the cursor on the same job when it is still listed. */
static void jobs_reload(struct ui *ui)
{
	int64_t id = J.n > 0 && J.cur < J.n ? J.rows[J.cur].id : 0;
	int want = J.n > JOBS_PAGE ? J.n : JOBS_PAGE;

	load(ui, 1);
	while (J.more && J.n < want)
		load(ui, 0);
	for (int i = 0; id && i < J.n; i++)
		if (J.rows[i].id == id)
			J.cur = i;
}

static void jobs_enter(struct ui *ui)
{
	J.cur = J.top = 0;
	load(ui, 1);
}

static enum ui_role state_role(const char *s)
{
	if (!strcmp(s, "dead"))
		return UI_ERROR;
	if (!strcmp(s, "failed"))
		return UI_WARN;
	if (!strcmp(s, "running"))
		return UI_OK;
	if (!strcmp(s, "cancelled") || !strcmp(s, "done"))
		return UI_DIM;
	return UI_NORMAL;
}

static void jobs_draw(struct ui *ui)
{
	const char *aLabel[NFILTER];
	char z[512], zAt[RD_TIME_BUFSZ];
	int rows = LINES - 6, x;
	int wErr;

	for (int i = 0; i < NFILTER; i++)
		aLabel[i] = rd_gettext_ctx(aFilterLabel[i]);
	ui_fill(0, ui_attr(ui, UI_BAR));
	x = ui_tabs_draw(ui, 0, aLabel, NFILTER, J.filter);
	snprintf(z, sizeof z,
		 _("  pending %lld  running %lld  failed %lld  dead %lld  "
		   "due now %lld"),
		 (long long)J.counts.pending, (long long)J.counts.running,
		 (long long)J.counts.failed, (long long)J.counts.dead,
		 (long long)J.counts.due);
	if (x < COLS)
		ui_put(0, x, COLS - x, z, ui_attr(ui, UI_BAR));
	ui_put(1, 0, COLS,
	       ui_is_supervisor(ui) ?
		       _("Outbox jobs — r retry, d cancel, Tab filter, "
			 "Esc back") :
		       _("Outbox jobs — Tab filter, Esc back (supervisors "
			 "retry and cancel)"),
	       ui_attr(ui, UI_DIM));
	/* id state kind tries next/updated error */
	ui_put(2, 0, COLS,
	       _("     Job  State      Kind                 Tries  Next try "
		 "/ changed    Last error"),
	       ui_attr(ui, UI_HEADER));
	wErr = COLS - 77;
	if (rows < 1)
		rows = 1;
	if (J.cur < J.top)
		J.top = J.cur;
	if (J.cur >= J.top + rows)
		J.top = J.cur - rows + 1;
	for (int r = 0; r < rows && J.top + r < J.n; r++) {
		const struct job_row *j = &J.rows[J.top + r];
		int y = 3 + r, sel = J.top + r == J.cur;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;
		int64_t when = !strcmp(j->state, "pending") ||
					       !strcmp(j->state, "failed") ?
				       j->next_at :
				       j->updated_at;
		char zTries[16], zId[24];

		if (sel)
			ui_fill(y, attr);
		snprintf(zId, sizeof zId, "%8lld", (long long)j->id);
		ui_put(y, 0, 9, zId, attr);
		ui_put(y, 10, 10, state_label(j->state),
		       sel ? attr : ui_attr(ui, state_role(j->state)));
		ui_put(y, 21, 20, ui_job_kind_label(j->kind), attr);
		snprintf(zTries, sizeof zTries, "%d/%d", j->attempts,
			 j->max_attempts);
		ui_put(y, 42, 6, zTries, attr);
		rd_time_format_local(when, zAt, sizeof zAt, RD_TIME_SECONDS);
		ui_put(y, 49, 21, zAt, attr);
		if (wErr > 4)
			ui_put(y, 71, wErr + 6,
			       j->error[0] ? j->error :
			       j->locked_by[0] ? j->locked_by : j->key,
			       sel ? attr :
				     ui_attr(ui, j->error[0] ? UI_WARN : UI_DIM));
	}
	if (J.n == 0)
		ui_put(4, 2, COLS - 4, _("No jobs here."), ui_attr(ui, UI_DIM));
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

static void act(struct ui *ui, int retry)
{
	const struct job_row *j;
	struct rd_err err;
	char zQ[256];
	rd_status rc;

	if (J.n == 0)
		return;
	if (!ui_is_supervisor(ui)) {
		ui_status(ui, 1, "%s",
			  _("Only a supervisor can retry or cancel jobs."));
		return;
	}
	j = &J.rows[J.cur];
	snprintf(zQ, sizeof zQ,
		 retry ? _("Retry job %lld (%s) now?") :
			 _("Cancel job %lld (%s)? The call will not be made."),
		 (long long)j->id, ui_job_kind_label(j->kind));
	if (!ui_confirm(ui, zQ))
		return;
	rd_err_clear(&err);
	rc = retry ? store_job_retry(ui->st, ui->op->login, j->id, &err) :
		     store_job_cancel(ui->st, ui->op->login, j->id, &err);
	if (rc != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	ui_note_write(ui);
	ui_status(ui, 0, retry ? _("Job %lld will be retried.") :
				 _("Job %lld cancelled."),
		  (long long)j->id);
	jobs_reload(ui);
}

static void jobs_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int rows = LINES - 6 > 1 ? LINES - 6 : 1;

	if (r == UI_REQ_LAST)
		while (J.more)
			load(ui, 0);
	if (ui_list_move(r, &J.cur, J.n, rows)) {
		/* moved; maybe read on below */
	} else if (r == UI_REQ_NEXT_TAB || r == UI_REQ_PREV_TAB) {
		J.filter = (J.filter + (r == UI_REQ_NEXT_TAB ? 1 : NFILTER - 1)) %
			   NFILTER;
		J.cur = J.top = 0;
		load(ui, 1);
	} else if (r == UI_REQ_BACK) {
		ui_back(ui);
		return;
	} else if (r == UI_REQ_NONE && !is_key && ch == L'r') {
		act(ui, 1);
	} else if (r == UI_REQ_NONE && !is_key && ch == L'd') {
		act(ui, 0);
	}
	/* Keyset paging: read on when the cursor reaches the end. */
	if (J.more && J.cur >= J.n - 1)
		load(ui, 0);
}

static void jobs_resize(struct ui *ui)
{
	(void)ui;
}

const struct screen_ops ui_jobs_screen = {
	.name = "jobs",
	.enter = jobs_enter,
	.draw = jobs_draw,
	.key = jobs_key,
	.resize = jobs_resize,
	.reload = jobs_reload,
	.leave = NULL,
};
