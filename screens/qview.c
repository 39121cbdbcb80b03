/*
 * qview.c — the queue's filter and sort menus, their summary, and
 * saved views (see qview.h).
 */
#include "screens/qview.h"

#include "core/calendar.h"
#include "core/i18n.h"
#include "core/state.h"
#include "core/text.h"
#include "fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const azSla[QV_SLA_COUNT] = {
	[QV_SLA_ANY] = N_("any deadline"),
	[QV_SLA_OVERDUE] = N_("overdue"),
	[QV_SLA_SOON] = N_("due within a working day"),
	[QV_SLA_LATER] = N_("due later"),
};

static const char *const azSort[STORE_QS_COUNT] = {
	[STORE_QS_DEFAULT] = N_("The tab's own order (most urgent first)"),
	[STORE_QS_SLA] = N_("SLA deadline"),
	[STORE_QS_SUBMITTED] = N_("Submitted"),
	[STORE_QS_APP_NO] = N_("Application"),
	[STORE_QS_ORG] = N_("Organisation"),
	[STORE_QS_DECIDED] = N_("Decided"),
};

void qview_reset(struct qview *v)
{
	memset(v, 0, sizeof *v);
	v->type_i = v->state_i = -1;
}

int qview_is_filtered(const struct qview *v)
{
	return v->type_i >= 0 || v->state_i >= 0 || v->states ||
	       v->channel[0] || v->sla || v->risk || v->mine;
}

void qview_apply(struct ui *ui, const struct qview *v,
		 struct store_queue_filter *f)
{
	int64_t now = ui_now(), soon = 0;

	f->type = v->type_i >= 0 ? rd_app_type_name(v->type_i) : NULL;
	f->state = v->state_i >= 0 ? rd_app_state_name(v->state_i) : NULL;
	f->states = v->state_i >= 0 ? 0 : v->states;
	f->channel = v->channel[0] ? v->channel : NULL;
	f->risk_only = v->risk;
	f->mine_only = v->mine;
	f->sort = v->sort;
	f->desc = v->desc;
	f->due_from = f->due_before = 0;
	/* Amber is "at most one working day left" (ui_sla_text). */
	if (v->sla == QV_SLA_SOON || v->sla == QV_SLA_LATER)
		if (rd_cal_sla_deadline(&ui->cal, now, 1, &soon) != RD_OK)
			soon = now + 86400;
	switch (v->sla) {
	case QV_SLA_OVERDUE: f->due_before = now; break;
	case QV_SLA_SOON: f->due_from = now; f->due_before = soon + 1; break;
	case QV_SLA_LATER: f->due_from = soon + 1; break;
	default: break;
	}
}

/* ------------------------------------------------------------ text */

static void cat(char *z, size_t n, const char *zSep, const char *zAdd)
{
	size_t len = strlen(z);

	if (len < n)
		snprintf(z + len, n - len, "%s%s", len ? zSep : "", zAdd);
}

void qview_sort_text(const struct qview *v, char *z, size_t n)
{
	if (v->sort <= STORE_QS_DEFAULT || v->sort >= STORE_QS_COUNT) {
		if (n)
			z[0] = '\0';
		return;
	}
	snprintf(z, n, _("Sorted by %s %s"), _(azSort[v->sort]),
		 v->desc ? "↓" : "↑");
}

void qview_filter_text(const struct qview *v, char *z, size_t n)
{
	char zStates[256] = "";

	if (n)
		z[0] = '\0';
	if (v->type_i >= 0)
		cat(z, n, " · ", rd_app_type_label(v->type_i));
	if (v->state_i >= 0)
		cat(z, n, " · ", rd_app_state_label(v->state_i));
	else if (v->states) {
		for (int i = 0; i < RD_APP_STATE_COUNT; i++)
			if (v->states & (1u << i))
				cat(zStates, sizeof zStates, ", ",
				    rd_app_state_label(i));
		cat(z, n, " · ", zStates);
	}
	if (v->channel[0]) {
		char zC[96], zS[RD_TEXT_BUFSZ(32)];

		rd_text_sanitize(v->channel, zS, sizeof zS);
		snprintf(zC, sizeof zC, _("channel %s"), zS);
		cat(z, n, " · ", zC);
	}
	if (v->sla)
		cat(z, n, " · ", _(azSla[v->sla]));
	if (v->risk)
		cat(z, n, " · ", _("high risk"));
	if (v->mine)
		cat(z, n, " · ", _("claimed by me"));
}

/* ------------------------------------------------------------ menus */

static int pick_type(struct ui *ui, struct qview *v)
{
	const char *a[RD_APP_TYPE_COUNT + 1];
	int k;

	a[0] = _("Every type");
	for (int i = 0; i < RD_APP_TYPE_COUNT; i++)
		a[i + 1] = rd_app_type_label(i);
	k = ui_menu(ui, _("Type"), a, RD_APP_TYPE_COUNT + 1, NULL, NULL, NULL);
	if (k < 0)
		return 0;
	v->type_i = k - 1;
	return 1;
}

static int pick_states(struct ui *ui, struct qview *v)
{
	const char *a[RD_APP_STATE_COUNT];
	int aOn[RD_APP_STATE_COUNT];

	for (int i = 0; i < RD_APP_STATE_COUNT; i++) {
		a[i] = rd_app_state_label(i);
		aOn[i] = v->state_i == i ||
			 (v->state_i < 0 && (v->states & (1u << i)));
	}
	if (ui_menu(ui, _("States (Space picks, Enter applies)"), a,
		    RD_APP_STATE_COUNT, aOn, NULL, NULL) < 0)
		return 0;
	v->state_i = -1;
	v->states = 0;
	for (int i = 0; i < RD_APP_STATE_COUNT; i++)
		if (aOn[i])
			v->states |= 1u << i;
	return 1;
}

static int pick_channel(struct ui *ui, struct qview *v)
{
	char aCh[16][32], aS[16][RD_TEXT_BUFSZ(32)];
	const char *a[17];
	int n = 0, k;
	struct rd_err err;

	rd_err_clear(&err);
	if (store_queue_channels(ui->st, aCh, 16, &n, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return 0;
	}
	a[0] = _("Every channel");
	for (int i = 0; i < n; i++) {
		rd_text_sanitize(aCh[i], aS[i], sizeof aS[i]);
		a[i + 1] = aS[i];
	}
	k = ui_menu(ui, _("Channel"), a, n + 1, NULL, NULL, NULL);
	if (k < 0)
		return 0;
	snprintf(v->channel, sizeof v->channel, "%s", k ? aCh[k - 1] : "");
	return 1;
}

static int pick_sla(struct ui *ui, struct qview *v)
{
	const char *a[QV_SLA_COUNT];
	int k;

	for (int i = 0; i < QV_SLA_COUNT; i++)
		a[i] = _(azSla[i]);
	k = ui_menu(ui, _("SLA"), a, QV_SLA_COUNT, NULL, NULL, NULL);
	if (k < 0)
		return 0;
	v->sla = k;
	return 1;
}

int qview_filter_menu(struct ui *ui, struct qview *v)
{
	int changed = 0;

	for (;;) {
		char az[7][160], zF[128];
		const char *a[7];
		int k;

		snprintf(az[0], sizeof az[0], _("Type: %s"),
			 v->type_i >= 0 ? rd_app_type_label(v->type_i)
					: _("every type"));
		{
			struct qview only = *v;

			qview_reset(&only);
			only.state_i = v->state_i;
			only.states = v->states;
			qview_filter_text(&only, zF, sizeof zF);
		}
		snprintf(az[1], sizeof az[1], _("States: %s"),
			 zF[0] ? zF : _("every state"));
		snprintf(az[2], sizeof az[2], _("Channel: %s"),
			 v->channel[0] ? v->channel : _("every channel"));
		snprintf(az[3], sizeof az[3], _("SLA: %s"), _(azSla[v->sla]));
		snprintf(az[4], sizeof az[4], _("High risk only: %s"),
			 v->risk ? _("yes") : _("no"));
		snprintf(az[5], sizeof az[5], _("Claimed by me only: %s"),
			 v->mine ? _("yes") : _("no"));
		snprintf(az[6], sizeof az[6], "%s", _("Clear every filter"));
		for (int i = 0; i < 7; i++)
			a[i] = az[i];
		k = ui_menu(ui, _("Filter (Enter changes, Esc closes)"), a, 7,
			    NULL, NULL, NULL);
		switch (k) {
		case 0: changed |= pick_type(ui, v); break;
		case 1: changed |= pick_states(ui, v); break;
		case 2: changed |= pick_channel(ui, v); break;
		case 3: changed |= pick_sla(ui, v); break;
		case 4: v->risk = !v->risk; changed = 1; break;
		case 5: v->mine = !v->mine; changed = 1; break;
		case 6: {
			int sort = v->sort, desc = v->desc;

			qview_reset(v);
			v->sort = sort;
			v->desc = desc;
			return 1;
		}
		default: return changed;
		}
	}
}

int qview_sort_menu(struct ui *ui, struct qview *v, int tab)
{
	const char *a[STORE_QS_COUNT];
	int map[STORE_QS_COUNT], n = 0, k;
	const char *aDir[2];

	for (int i = 0; i < STORE_QS_COUNT; i++) {
		if (i == STORE_QS_DECIDED && tab != STORE_Q_DONE &&
		    tab != STORE_Q_ALL)
			continue;
		a[n] = _(azSort[i]);
		map[n++] = i;
	}
	int col;

	k = ui_menu(ui, _("Sort by"), a, n, NULL, NULL, NULL);
	if (k < 0)
		return 0;
	col = map[k];
	if (col == STORE_QS_DEFAULT) {
		v->sort = STORE_QS_DEFAULT;
		v->desc = 0;
		return 1;
	}
	aDir[0] = _("Ascending ↑ (oldest, smallest, A first)");
	aDir[1] = _("Descending ↓ (newest, largest, Z first)");
	k = ui_menu(ui, _("Direction"), aDir, 2, NULL, NULL, NULL);
	if (k < 0)
		return 0;
	v->sort = col;
	v->desc = k;
	return 1;
}

/* ------------------------------------------------------------ saved */

void qview_state_dir(char *z, size_t n)
{
	const char *zX = getenv("XDG_STATE_HOME"), *zH = getenv("HOME");

	if (zX && zX[0] == '/')
		snprintf(z, n, "%s/radesk", zX);
	else if (zH && zH[0] == '/')
		snprintf(z, n, "%s/.local/state/radesk", zH);
	else if (n)
		z[0] = '\0';
}

static void views_path(struct ui *ui, char *z, size_t n)
{
	char zDir[1024];

	qview_state_dir(zDir, sizeof zDir);
	if (!zDir[0]) {
		if (n)
			z[0] = '\0';
		return;
	}
	snprintf(z, n, "%s/views-%s", zDir, ui->op->login);
}

/* One line: tab type state states sort desc sla risk mine <TAB> channel
 * <TAB> name. Numbers first, so names and channels may hold spaces. */
void qview_saved_load(struct ui *ui, struct qview_saved *a, int *n)
{
	char zPath[1100], zLine[512];
	FILE *fp;

	*n = 0;
	views_path(ui, zPath, sizeof zPath);
	if (!zPath[0] || !(fp = fopen(zPath, "r")))
		return;
	while (*n < QV_SAVED_MAX && fgets(zLine, sizeof zLine, fp)) {
		struct qview_saved s;
		unsigned states = 0;
		int used = 0;
		char *zCh, *zName, *zEnd;

		memset(&s, 0, sizeof s);
		zLine[strcspn(zLine, "\n")] = '\0';
		if (sscanf(zLine, "%d %d %d %u %d %d %d %d %d%n", &s.tab,
			   &s.v.type_i, &s.v.state_i, &states, &s.v.sort,
			   &s.v.desc, &s.v.sla, &s.v.risk, &s.v.mine,
			   &used) != 9 ||
		    zLine[used] != '\t')
			continue;
		zCh = zLine + used + 1;
		zName = strchr(zCh, '\t');
		if (!zName)
			continue;
		*zName++ = '\0';
		zEnd = zName + strlen(zName);
		(void)zEnd;
		if (s.tab < 0 || s.tab >= STORE_Q_TAB_COUNT ||
		    s.v.type_i < -1 || s.v.type_i >= RD_APP_TYPE_COUNT ||
		    s.v.state_i < -1 || s.v.state_i >= RD_APP_STATE_COUNT ||
		    s.v.sort < 0 || s.v.sort >= STORE_QS_COUNT ||
		    s.v.sla < 0 || s.v.sla >= QV_SLA_COUNT || !zName[0])
			continue;
		s.v.states = states & ((1u << RD_APP_STATE_COUNT) - 1);
		s.v.desc = !!s.v.desc;
		s.v.risk = !!s.v.risk;
		s.v.mine = !!s.v.mine;
		snprintf(s.v.channel, sizeof s.v.channel, "%s", zCh);
		/* A name from the file reaches the tab bar: sanitised. */
		rd_text_truncate(zName, QV_NAME_MAX / 3, zLine, sizeof zLine);
		rd_text_sanitize(zLine, s.name, sizeof s.name);
		a[(*n)++] = s;
	}
	fclose(fp);
}

rd_status qview_saved_store(struct ui *ui, const struct qview_saved *a,
			    int n, struct rd_err *err)
{
	char zPath[1100], zTmp[1200];
	FILE *fp;
	rd_status rc;

	views_path(ui, zPath, sizeof zPath);
	if (!zPath[0])
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("no home folder to keep saved views in"));
	rc = rd_mkdir_parents_of(zPath, 0700, err);
	if (rc != RD_OK)
		return rc;
	snprintf(zTmp, sizeof zTmp, "%s.tmp", zPath);
	fp = fopen(zTmp, "w");
	if (!fp)
		return rd_err_set(err, RD_ERR_IO, _("cannot write %s: %s"), zTmp,
				  strerror(errno));
	for (int i = 0; i < n; i++) {
		char zName[QV_NAME_MAX], zCh[32];

		/* Tabs and newlines would break the line apart. */
		snprintf(zName, sizeof zName, "%s", a[i].name);
		snprintf(zCh, sizeof zCh, "%s", a[i].v.channel);
		for (char *p = zName; *p; p++)
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		for (char *p = zCh; *p; p++)
			if (*p == '\t' || *p == '\n')
				*p = ' ';
		fprintf(fp, "%d %d %d %u %d %d %d %d %d\t%s\t%s\n", a[i].tab,
			a[i].v.type_i, a[i].v.state_i, a[i].v.states, a[i].v.sort,
			a[i].v.desc, a[i].v.sla, a[i].v.risk, a[i].v.mine, zCh,
			zName);
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		fclose(fp);
		unlink(zTmp);
		return rd_err_set(err, RD_ERR_IO, _("cannot write %s: %s"), zTmp,
				  strerror(errno));
	}
	fclose(fp);
	if (rename(zTmp, zPath) != 0) {
		unlink(zTmp);
		return rd_err_set(err, RD_ERR_IO, _("cannot write %s: %s"), zPath,
				  strerror(errno));
	}
	return RD_OK;
}
