/*
 * reports.c — the reports screen (see reports.h).
 *
 * One report runs at a time per console (the command's lock makes it one
 * per host). The run is module state, not screen state: it goes on while
 * the operator looks at other screens, and its end is announced in the
 * status line wherever they are.
 */
#include "screens/reports.h"

#include "core/bar.h"
#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"
#include "spawn.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* After Esc, how long the child may take to stop before it is killed. */
#define CANCEL_GRACE_MS 3000
/* At the end of the session. */
#define FINI_GRACE_MS 2000
/* Newest files listed. */
#define FILES_MAX 500

/* The parts `radesk report --progress` names, in the order written. */
static const struct {
	const char *zKey;
	const char *zLabel;
} aPart[] = {
	{ "decisions", NC_("report part", "Decisions") },
	{ "payments", NC_("report part", "Payments") },
	{ "fulfilment", NC_("report part", "Production and shipping") },
	{ "backlog", NC_("report part", "Backlog at the end") },
	{ "quarantine", NC_("report part", "Quarantined bundles") },
	{ "summary", NC_("report part", "Summary and charts") },
	{ "workbook", NC_("report part", "Compressing and writing the file") },
};
#define NPART ((int)(sizeof aPart / sizeof aPart[0]))

enum run_state { RUN_NONE, RUN_RUNNING, RUN_OK, RUN_FAILED, RUN_CANCELLED };

struct rfile {
	char *zName;
	int64_t size;
	int64_t mtime;
};

static struct {
	/* the run (the last one, once it is over) */
	struct rd_child child;
	int state;                 /* enum run_state */
	int cancelling;
	int64_t cancelMs, startMs, endMs;
	char zWhat[160];           /* "Daily report 2026-11-19" */
	char zTmp[4096];           /* the child's temporary file */
	char zDone[4096];          /* the published file */
	char zMsg[512];            /* the child's last message line */
	int64_t size;
	int64_t aRows[NPART];
	int aDone[NPART];
	/* the folder */
	struct rfile *aFile;
	int nFile, cur, top;
	char zDirErr[256];
} R;

static void day_text(int64_t day, char z[16])
{
	int y, m, d;

	rd_time_civil_from_days(day, &y, &m, &d);
	snprintf(z, 16, "%04d-%02d-%02d", y, m, d);
}

/* "13.6 MB": sizes people read, in powers of 1024. */
static void size_text(int64_t n, char *z, size_t len)
{
	static const char *const aUnit[] = { "KB", "MB", "GB", "TB" };
	double v = (double)n;
	int u = -1;

	while (v >= 1024.0 && u < 3) {
		v /= 1024.0;
		u++;
	}
	if (u < 0)
		snprintf(z, len, "%lld B", (long long)n);
	else
		snprintf(z, len, "%.1f %s", v, aUnit[u]);
}

/* ------------------------------------------------------------ the folder */

static void files_free(void)
{
	for (int i = 0; i < R.nFile; i++)
		free(R.aFile[i].zName);
	free(R.aFile);
	R.aFile = NULL;
	R.nFile = 0;
}

static int file_newer(const void *a, const void *b)
{
	const struct rfile *x = a, *y = b;

	if (x->mtime != y->mtime)
		return x->mtime < y->mtime ? 1 : -1;
	return strcmp(x->zName, y->zName);
}

/* The finished files of the reports folder, newest first. Temporary
 * files (".NAME.tmp-PID") and anything but regular files are left out. */
static void files_load(struct ui *ui)
{
	const char *zDir = ui->ctx->cfg.reports_dir;
	DIR *pDir;
	struct dirent *e;
	int nAlloc = 0;

	files_free();
	R.zDirErr[0] = '\0';
	pDir = opendir(zDir);
	if (!pDir) {
		snprintf(R.zDirErr, sizeof R.zDirErr, "%s", strerror(errno));
		return;
	}
	while ((e = readdir(pDir)) != NULL) {
		char zPath[PATH_MAX];
		struct stat sb;

		if (e->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(zPath, sizeof zPath, "%s/%s", zDir,
				     e->d_name) >= sizeof zPath ||
		    stat(zPath, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (R.nFile == nAlloc) {
			int n = nAlloc ? nAlloc * 2 : 64;
			struct rfile *a = realloc(R.aFile, (size_t)n * sizeof *a);

			if (!a)
				break;
			R.aFile = a;
			nAlloc = n;
		}
		R.aFile[R.nFile].zName = strdup(e->d_name);
		if (!R.aFile[R.nFile].zName)
			break;
		R.aFile[R.nFile].size = (int64_t)sb.st_size;
		R.aFile[R.nFile].mtime = (int64_t)sb.st_mtime;
		R.nFile++;
	}
	closedir(pDir);
	if (R.nFile > 1)
		qsort(R.aFile, (size_t)R.nFile, sizeof *R.aFile, file_newer);
	while (R.nFile > FILES_MAX)
		free(R.aFile[--R.nFile].zName);
	if (R.cur >= R.nFile)
		R.cur = R.nFile > 0 ? R.nFile - 1 : 0;
}

/* ------------------------------------------------------------ the run */

static void on_line(void *ctx, const char *zLine)
{
	(void)ctx;
	if (!strncmp(zLine, "tmp\t", 4)) {
		snprintf(R.zTmp, sizeof R.zTmp, "%s", zLine + 4);
	} else if (!strncmp(zLine, "done\t", 5)) {
		snprintf(R.zDone, sizeof R.zDone, "%s", zLine + 5);
	} else if (!strncmp(zLine, "progress\t", 9)) {
		const char *zPart = zLine + 9, *zTab = strchr(zPart, '\t');
		char *zEnd = NULL;
		long long nRows;

		if (!zTab)
			return;
		nRows = strtoll(zTab + 1, &zEnd, 10);
		for (int i = 0; i < NPART; i++) {
			if (strlen(aPart[i].zKey) != (size_t)(zTab - zPart) ||
			    strncmp(aPart[i].zKey, zPart, (size_t)(zTab - zPart)))
				continue;
			R.aRows[i] = nRows;
			if (zEnd && *zEnd == '\t' && zEnd[1] == '1')
				R.aDone[i] = 1;
		}
	} else if (zLine[0]) {
		/* "radesk report: ..." — shown sanitised by ui_status. */
		snprintf(R.zMsg, sizeof R.zMsg, "%s", zLine);
	}
}

/* The child has ended: say how, tidy up, show the folder again. */
static void run_finish(struct ui *ui)
{
	int st = R.child.status;
	int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0 && R.zDone[0];
	struct stat sb;
	char zSize[32];

	rd_child_fini(&R.child, 0);
	R.endMs = rd_mono_ms();
	if (ok) {
		R.state = RUN_OK;
		R.size = stat(R.zDone, &sb) == 0 ? (int64_t)sb.st_size : 0;
		size_text(R.size, zSize, sizeof zSize);
		ui_status(ui, 0, _("Report written: %s (%s)"), R.zDone, zSize);
	} else {
		/* A child that was killed could not remove its temporary
		 * file; one that stopped by itself already did. */
		if (R.zTmp[0])
			unlink(R.zTmp);
		if (R.cancelling) {
			R.state = RUN_CANCELLED;
			ui_status(ui, 0, "%s",
				  _("Report cancelled; nothing was written"));
		} else {
			R.state = RUN_FAILED;
			if (!R.zMsg[0])
				snprintf(R.zMsg, sizeof R.zMsg,
					 _("the report process ended with "
					   "status %d"),
					 WIFEXITED(st) ? WEXITSTATUS(st)
						       : 128 + WTERMSIG(st));
			ui_status(ui, 1, _("Report failed: %s"), R.zMsg);
		}
	}
	files_load(ui);
}

void ui_reports_poll(struct ui *ui)
{
	int eof;

	if (R.state != RUN_RUNNING)
		return;
	eof = rd_child_read(&R.child, on_line, ui);
	if (R.cancelling && rd_mono_ms() - R.cancelMs > CANCEL_GRACE_MS)
		rd_child_signal(&R.child, SIGKILL);
	/* Wait for the end of the output too, so no line is lost. */
	if ((eof || R.cancelling) && rd_child_poll(&R.child)) {
		rd_child_read(&R.child, on_line, ui);
		run_finish(ui);
	}
}

int ui_reports_busy(void)
{
	return R.state == RUN_RUNNING;
}

static void cancel(struct ui *ui)
{
	if (R.cancelling)
		return;
	R.cancelling = 1;
	R.cancelMs = rd_mono_ms();
	rd_child_signal(&R.child, SIGTERM);
	ui_status(ui, 0, "%s", _("Cancelling the report…"));
}

/* Start `radesk [--config FILE] report daily|range ... --quiet
 * --progress` as a child. day0 == day1: a daily report. */
static void run_start(struct ui *ui, int64_t day0, int64_t day1, int unmasked)
{
	const struct rd_config *cfg = &ui->ctx->cfg;
	const char *aArg[16];
	char zExe[PATH_MAX], zFrom[16], zTo[16];
	struct rd_err err;
	int n = 0;

	rd_err_clear(&err);
	if (rd_spawn_self_exe(zExe, sizeof zExe, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	day_text(day0, zFrom);
	day_text(day1, zTo);
	aArg[n++] = "radesk";
	if (cfg->source && strcmp(cfg->source, "(defaults)") != 0) {
		aArg[n++] = "--config";
		aArg[n++] = cfg->source;
	}
	aArg[n++] = "report";
	if (day0 == day1) {
		aArg[n++] = "daily";
		aArg[n++] = "--date";
		aArg[n++] = zFrom;
		snprintf(R.zWhat, sizeof R.zWhat, _("Daily report %s"), zFrom);
	} else {
		aArg[n++] = "range";
		aArg[n++] = "--from";
		aArg[n++] = zFrom;
		aArg[n++] = "--to";
		aArg[n++] = zTo;
		snprintf(R.zWhat, sizeof R.zWhat, _("Report %s to %s"), zFrom,
			 zTo);
	}
	if (unmasked) {
		aArg[n++] = "--unmasked";
		snprintf(R.zWhat + strlen(R.zWhat),
			 sizeof R.zWhat - strlen(R.zWhat), "%s",
			 _(", unmasked (audited)"));
	}
	aArg[n++] = "--quiet";
	aArg[n++] = "--progress";
	aArg[n] = NULL;
	R.zTmp[0] = R.zDone[0] = R.zMsg[0] = '\0';
	memset(R.aRows, 0, sizeof R.aRows);
	memset(R.aDone, 0, sizeof R.aDone);
	R.cancelling = 0;
	R.size = 0;
	if (rd_child_start(&R.child, zExe, aArg, &err) != RD_OK) {
		ui_status(ui, 1, "%s", rd_err_msg(&err));
		return;
	}
	R.state = RUN_RUNNING;
	R.startMs = rd_mono_ms();
	ui_status(ui, 0, _("Writing: %s; Esc cancels"), R.zWhat);
}

/* Ask for a day; 1 and *day when a valid date was given. */
static int ask_day(struct ui *ui, const char *zTitle, int64_t def,
		   int64_t *day)
{
	char zDef[16], *zOut = NULL;

	day_text(def, zDef);
	while (ui_edit(ui, zTitle, zDef, 0, &zOut)) {
		int y, m, d;

		if (rd_time_parse_date(zOut, &y, &m, &d) == RD_OK) {
			*day = rd_time_days_from_civil(y, m, d);
			free(zOut);
			return 1;
		}
		ui_status(ui, 1, _("'%s' is not a date; write YYYY-MM-DD"),
			  zOut);
		snprintf(zDef, sizeof zDef, "%.15s", zOut);
		free(zOut);
		zOut = NULL;
		ui->scr->draw(ui);
	}
	return 0;
}

/* Enter: which report, then (supervisors) masked or not, then go. */
static void new_report(struct ui *ui)
{
	int64_t today = rd_time_local_day(ui_now(), NULL), day0, day1;
	char zYesterday[16], zToday[16], aItem[4][160];
	const char *apItem[4];
	int pick, unmasked = 0;

	if (R.state == RUN_RUNNING) {
		ui_status(ui, 1, "%s",
			  _("A report is being written; Esc cancels it"));
		return;
	}
	day_text(today - 1, zYesterday);
	day_text(today, zToday);
	snprintf(aItem[0], sizeof aItem[0], _("Daily report for yesterday, %s"),
		 zYesterday);
	snprintf(aItem[1], sizeof aItem[1],
		 _("Daily report for today so far, %s"), zToday);
	snprintf(aItem[2], sizeof aItem[2], "%s",
		 _("Daily report for another day…"));
	snprintf(aItem[3], sizeof aItem[3], "%s",
		 _("Report for a period (at most 366 days)…"));
	for (int i = 0; i < 4; i++)
		apItem[i] = aItem[i];
	pick = ui_menu(ui, _("Write which report?"), apItem, 4, NULL, NULL,
		       NULL);
	switch (pick) {
	case 0:
		day0 = day1 = today - 1;
		break;
	case 1:
		day0 = day1 = today;
		break;
	case 2:
		if (!ask_day(ui, _("Day (YYYY-MM-DD)"), today - 1, &day0))
			return;
		day1 = day0;
		break;
	case 3:
		if (!ask_day(ui, _("From (YYYY-MM-DD)"), today - 7, &day0) ||
		    !ask_day(ui, _("To (YYYY-MM-DD), inclusive"), today - 1,
			     &day1))
			return;
		break;
	default:
		return;
	}
	if (ui_is_supervisor(ui)) {
		const char *aMask[] = {
			_("Masked: personal data hidden"),
			_("Unmasked: personal data in clear (audited)"),
		};

		unmasked = ui_menu(ui, _("Personal data"), aMask, 2, NULL, NULL,
				   NULL);
		if (unmasked < 0)
			return;
	}
	run_start(ui, day0, day1, unmasked);
}

/* ------------------------------------------------------------ drawing */

/* The run: title, the parts with their rows, a bar of the parts done,
 * the outcome. Returns the next free row. */
static int draw_run(struct ui *ui, int y)
{
	static const char *const aState[] = {
		[RUN_RUNNING] = N_("writing…"), [RUN_OK] = N_("done"),
		[RUN_FAILED] = N_("failed"), [RUN_CANCELLED] = N_("cancelled"),
	};
	char z[512], zBar[RD_BAR_BUFSZ(80)];
	int64_t ms = (R.state == RUN_RUNNING ? rd_mono_ms() : R.endMs) - R.startMs;
	int nDone = 0, wBar = COLS - 30 > 40 ? 40 : COLS - 30;

	snprintf(z, sizeof z, "%s — %s", R.zWhat,
		 R.state == RUN_RUNNING && R.cancelling ? _("cancelling…")
							: _(aState[R.state]));
	ui_put(y++, 0, COLS, z, ui_attr(ui, UI_SECTION));
	for (int i = 0; i < NPART; i++) {
		int now = R.state == RUN_RUNNING && !R.aDone[i] &&
			  (i == 0 || R.aDone[i - 1]);
		const char *zMark = R.aDone[i] ? "✓" : now ? "▸" : " ";
		char zRows[48] = "", zN[32];

		nDone += R.aDone[i];
		if ((R.aDone[i] || now || R.aRows[i] > 0) && i < 5) {
			ui_count(R.aRows[i], zN, sizeof zN);
			snprintf(zRows, sizeof zRows,
				 P_("%s row", "%s rows",
				    (unsigned long)R.aRows[i]),
				 zN);
		}
		ui_put(y, 2, 2, zMark, ui_attr(ui, R.aDone[i] ? UI_OK : UI_NORMAL));
		ui_put(y, 4, 34, rd_gettext_ctx(aPart[i].zLabel),
		       now ? (int)A_BOLD : ui_attr(ui, R.aDone[i] ? UI_NORMAL
								   : UI_DIM));
		ui_put(y++, 39, COLS - 39, zRows, 0);
	}
	if (wBar > 4) {
		rd_bar_text(nDone, NPART, wBar, ui_utf8(), zBar, sizeof zBar);
		ui_put(y, 2, wBar, zBar, ui_attr(ui, UI_OK));
	}
	snprintf(z, sizeof z, _("%d/%d parts  %lld s"), nDone, NPART,
		 (long long)(ms / 1000));
	ui_put(y++, wBar > 4 ? wBar + 4 : 2, 24, z, 0);
	if (R.state == RUN_OK) {
		char zSize[32];

		size_text(R.size, zSize, sizeof zSize);
		snprintf(z, sizeof z, _("File: %s (%s)"), R.zDone, zSize);
		ui_put(y++, 2, COLS - 2, z, A_BOLD);
	} else if (R.state == RUN_FAILED) {
		ui_put(y++, 2, COLS - 2, R.zMsg, ui_attr(ui, UI_ERROR));
	} else if (R.state == RUN_CANCELLED) {
		ui_put(y++, 2, COLS - 2, _("Nothing was written."),
		       ui_attr(ui, UI_DIM));
	} else {
		y++;
	}
	return y + 1;
}

static void draw_files(struct ui *ui, int y)
{
	int rows = LINES - 2 - (y + 2), wName = COLS - 32;
	char z[512];

	ui_put(y++, 0, COLS, _("In the reports folder, newest first"),
	       ui_attr(ui, UI_SECTION));
	if (R.zDirErr[0]) {
		snprintf(z, sizeof z, _("Cannot read %s: %s"),
			 ui->ctx->cfg.reports_dir, R.zDirErr);
		ui_put(y, 2, COLS - 2, z, ui_attr(ui, UI_ERROR));
		return;
	}
	if (R.nFile == 0) {
		ui_put(y, 2, COLS - 2, _("No reports yet."), ui_attr(ui, UI_DIM));
		return;
	}
	{
		char zName[RD_TEXT_BUFSZ(80)], zSizeH[RD_TEXT_BUFSZ(10)];

		rd_text_pad_right(_("Name"), wName, zName, sizeof zName);
		rd_text_pad_left(_("Size"), 10, zSizeH, sizeof zSizeH);
		snprintf(z, sizeof z, "  %s%s  %s", zName, zSizeH,
			 _("Written"));
		ui_put(y++, 0, COLS, z, ui_attr(ui, UI_HEADER));
	}
	if (rows < 1)
		return;
	if (R.cur < R.top)
		R.top = R.cur;
	if (R.cur >= R.top + rows)
		R.top = R.cur - rows + 1;
	for (int r = 0; r < rows && R.top + r < R.nFile; r++) {
		const struct rfile *f = &R.aFile[R.top + r];
		int sel = R.top + r == R.cur;
		int attr = sel ? ui_attr(ui, UI_CURSOR) : 0;
		char zSize[32], zPad[16], zAt[RD_TIME_BUFSZ];

		if (sel)
			ui_fill(y + r, attr);
		ui_put(y + r, 2, wName, f->zName, attr);
		size_text(f->size, zSize, sizeof zSize);
		rd_text_pad_left(zSize, 10, zPad, sizeof zPad);
		ui_put(y + r, 2 + wName, 10, zPad, attr);
		rd_time_format_local(f->mtime, zAt, sizeof zAt, RD_TIME_MINUTES);
		ui_put(y + r, 14 + wName, 16, zAt, attr);
	}
}

static void reports_draw(struct ui *ui)
{
	char z[4200];
	int y = 2;

	ui_fill(0, ui_attr(ui, UI_BAR));
	snprintf(z, sizeof z, _("Reports  ·  %s"), ui->ctx->cfg.reports_dir);
	ui_put(0, 0, COLS, z, ui_attr(ui, UI_BAR));
	ui_put(1, 0, COLS,
	       R.state == RUN_RUNNING ?
		       _("Esc cancel the report · ↑↓ the files below") :
		       _("Enter write a report · ↑↓ the files below · Esc back"),
	       ui_attr(ui, UI_DIM));
	if (R.state != RUN_NONE)
		y = draw_run(ui, y);
	draw_files(ui, y);
	ui_status_draw(ui);
	ui_keybar_draw(ui);
}

/* ------------------------------------------------------------ input */

static void reports_key(struct ui *ui, enum ui_req r, int is_key, wint_t ch)
{
	int page = LINES / 2 > 1 ? LINES / 2 : 1;

	(void)is_key;
	(void)ch;
	if (ui_list_move(r, &R.cur, R.nFile, page))
		return;
	switch (r) {
	case UI_REQ_ENTER:
		new_report(ui);
		break;
	case UI_REQ_BACK:
		if (R.state == RUN_RUNNING)
			cancel(ui);
		else
			ui_back(ui);
		break;
	case UI_REQ_NONE:
		break;
	default:
		ui_status(ui, 0, _("Not available here; ? shows the keys"));
		break;
	}
}

static void reports_enter(struct ui *ui)
{
	files_load(ui);
}

static void reports_reload(struct ui *ui)
{
	files_load(ui);
}

static void reports_resize(struct ui *ui)
{
	(void)ui;
}

void ui_reports_fini(struct ui *ui)
{
	(void)ui;
	if (R.state == RUN_RUNNING) {
		/* SIGTERM first: the child removes its temporary file. One
		 * that had to be killed could not: its name is in the pipe
		 * (whenever it was written), so read it all, then remove it. */
		rd_child_stop(&R.child, FINI_GRACE_MS);
		rd_child_read(&R.child, on_line, NULL);
		if (!(WIFEXITED(R.child.status) &&
		      WEXITSTATUS(R.child.status) == 0) && R.zTmp[0])
			unlink(R.zTmp);
		rd_child_fini(&R.child, 0);
	}
	files_free();
	memset(&R, 0, sizeof R);
}

const struct screen_ops ui_reports_screen = {
	.name = "reports",
	.enter = reports_enter,
	.draw = reports_draw,
	.key = reports_key,
	.resize = reports_resize,
	.reload = reports_reload,
	.leave = NULL,
};
