/*
 * ui.c — the console: set up curses, run the loop, tear down cleanly.
 *
 * The loop waits for a key with a 500 ms timeout; on each timeout it
 * asks the store for PRAGMA data_version and lets the screen reload when
 * another process committed. SIGHUP (a dropped SSH connection), SIGTERM
 * and SIGINT only set a flag: the loop (and any open editor or dialog)
 * returns, curses is ended, the store is closed. Every decision is one
 * store transaction, so an interrupted session leaves either a whole
 * decision or none; a claim simply lives on until its lease runs out.
 */
#include "screens/ui.h"
#include "screens/screen.h"
#include "screens/search.h"
#include "screens/bank.h"
#include "screens/dashboard.h"
#include "screens/requests.h"
#include "screens/jobs.h"
#include "screens/shipping.h"
#include "screens/reports.h"
#include "screens/roles.h"
#include "screens/sample.h"

#include "clock.h"
#include "core/i18n.h"
#include "fsutil.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>

static volatile sig_atomic_t quit_flag;

static void on_signal(int sig)
{
	quit_flag = sig;
}

int64_t ui_now(void)
{
	return rd_now();
}

int ui_is_supervisor(const struct ui *ui)
{
	return rd_role_at_least(ui->op->role, RD_ROLE_SUPERVISOR);
}

void ui_note_write(struct ui *ui)
{
	int64_t v;

	if (store_data_version(ui->st, &v) == RD_OK)
		ui->data_version = v;
}

/* Keep the way back: a screen already on it cuts it there (we are
 * going back, or round to where we were); else the one we leave is
 * added, the oldest dropped when full. */
static void back_note(struct ui *ui, const struct screen_ops *to)
{
	const int nMax = (int)(sizeof ui->aBack / sizeof ui->aBack[0]);

	for (int i = 0; i < ui->nBack; i++)
		if (ui->aBack[i] == to) {
			ui->nBack = i;
			return;
		}
	if (!ui->scr || ui->scr == to)
		return;
	if (ui->nBack == nMax) {
		memmove(ui->aBack, ui->aBack + 1,
			(size_t)(nMax - 1) * sizeof ui->aBack[0]);
		ui->nBack--;
	}
	ui->aBack[ui->nBack++] = ui->scr;
}

void ui_back(struct ui *ui)
{
	ui_switch(ui, ui->nBack > 0 ? ui->aBack[ui->nBack - 1]
				    : &ui_queue_screen);
}

void ui_switch(struct ui *ui, const struct screen_ops *to)
{
	back_note(ui, to);
	if (ui->scr && ui->scr->leave)
		ui->scr->leave(ui);
	ui->prev = ui->scr;
	ui->scr = to;
	if (to->enter)
		to->enter(ui);
}

/* Load the holiday calendars and the catalogues; problems go to the
 * status line (the console still works, with fewer guarantees). */
static void load_data(struct ui *ui)
{
	const struct rd_config *cfg = &ui->ctx->cfg;
	struct rd_err err;
	char *zList, *zSave = NULL;

	rd_cal_init(&ui->cal);
	rd_cal_set_hours(&ui->cal, cfg->office_open_min, cfg->office_close_min);
	rd_catalog_init(&ui->reasons);
	rd_catalog_init(&ui->checklist);
	zList = cfg->holiday_files ? strdup(cfg->holiday_files) : NULL;
	for (char *z = zList ? strtok_r(zList, ",", &zSave) : NULL; z;
	     z = strtok_r(NULL, ",", &zSave)) {
		char *zText = NULL;
		size_t n = 0;

		while (*z == ' ')
			z++;
		rd_err_clear(&err);
		if (rd_read_file(z, 1 << 20, &zText, &n, &err) != RD_OK ||
		    rd_cal_parse(&ui->cal, zText, n, z, &err) != RD_OK)
			ui_status(ui, 1, "%s", rd_err_msg(&err));
		free(zText);
	}
	free(zList);
	rd_err_clear(&err);
	if (cfg->reasons_file &&
	    rd_catalog_load(&ui->reasons, cfg->reasons_file, &err) != RD_OK)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
	rd_err_clear(&err);
	if (cfg->checklist_file &&
	    rd_catalog_load(&ui->checklist, cfg->checklist_file, &err) != RD_OK)
		ui_status(ui, 1, "%s", rd_err_msg(&err));
}

static int want_color(const struct ui *ui)
{
	const char *zNo = getenv("NO_COLOR");
	const char *zCfg = ui->ctx->cfg.color;

	if (zNo && *zNo)
		return 0;
	if (zCfg && !strcmp(zCfg, "never"))
		return 0;
	return has_colors();
}

static void setup_colors(struct ui *ui)
{
	ui->color = want_color(ui);
	if (!ui->color)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_RED, -1);
	init_pair(2, COLOR_YELLOW, -1);
	init_pair(3, COLOR_GREEN, -1);
	init_pair(4, COLOR_WHITE, COLOR_RED);
	init_pair(5, COLOR_MAGENTA, -1);
	init_pair(6, COLOR_BLACK, COLOR_CYAN);
	init_pair(7, COLOR_CYAN, -1);
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: get_wch returns so the loop sees the flag. */
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

int ui_run(struct rd_ctx *ctx)
{
	struct ui ui;
	int errs = 0;

	memset(&ui, 0, sizeof ui);
	ui.ctx = ctx;
	ui.st = ctx->st;
	ui.op = &ctx->op;
	ui.quit = &quit_flag;
	load_data(&ui);
	install_signals();
	if (!initscr()) {
		fprintf(stderr, _("radesk: cannot start the terminal\n"));
		rd_cal_fini(&ui.cal);
		return EX_UNAVAILABLE;
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(50);
	curs_set(0);
	setup_colors(&ui);
	store_data_version(ui.st, &ui.data_version);
	if (!ui.status[0])
		ui_status(&ui, 0, _("Welcome, %s. Press ? for help."),
			  ui.op->display_name[0] ? ui.op->display_name
						 : ui.op->login);
	ui_switch(&ui, &ui_queue_screen);
	while (!quit_flag && !ui.leave) {
		wint_t ch;
		int kc;

		ui_reports_poll(&ui);
		/* What just happened stays a few seconds, not for ever. */
		if (ui.status[0] && rd_mono_ms() - ui.status_ms > UI_STATUS_MS)
			ui_status_clear(&ui);
		if (ui.scr->tick)
			ui.scr->tick(&ui);
		erase();
		ui.scr->draw(&ui);
		refresh();
		/* A report being written shows its progress sooner. */
		timeout(ui_reports_busy() ? 200 : 500);
		int64_t t0 = rd_mono_ms();

		errno = 0;
		kc = get_wch(&ch);
		if (quit_flag)
			break;
		if (kc == ERR) {
			int64_t v;

			/* A timeout is normal (idle for hours is fine). A dead
			 * terminal returns ERR at once, again and again, or
			 * says EIO: then the session is over. */
			if (errno == EIO || errno == ENXIO)
				break;
			if (rd_mono_ms() - t0 < 100 && errno != EINTR) {
				if (++errs > 200)
					break;
			} else {
				errs = 0;
			}
			if (store_data_version(ui.st, &v) == RD_OK &&
			    v != ui.data_version) {
				ui.data_version = v;
				if (ui.scr->reload)
					ui.scr->reload(&ui);
			}
			continue;
		}
		errs = 0;
		if (kc == KEY_CODE_YES && ch == KEY_RESIZE) {
			if (ui.scr->resize)
				ui.scr->resize(&ui);
			continue;
		}
		enum ui_req r = ui_key_request(kc == KEY_CODE_YES, ch);

		/* The next action ends the last message (htop, mutt). */
		ui_status_clear(&ui);

		/* A supervisor's request from anyone else: refused, said
		 * and audited here, for every screen (screens/roles.c). */
		if (ui_role_refuse(&ui, r))
			continue;
		if (r == UI_REQ_QUIT) {
			break;
		} else if (r == UI_REQ_HELP && ui.scr != &ui_help_screen) {
			ui_switch(&ui, &ui_help_screen);
		} else if (r == UI_REQ_JOBS && ui.scr != &ui_jobs_screen) {
			ui_switch(&ui, &ui_jobs_screen);
		} else if (r == UI_REQ_SHIPPING &&
			   ui.scr != &ui_shipping_screen) {
			ui_switch(&ui, &ui_shipping_screen);
		} else if (r == UI_REQ_BANK && ui.scr != &ui_bank_screen) {
			ui_switch(&ui, &ui_bank_screen);
		} else if (r == UI_REQ_SAMPLE && ui.scr != &ui_sample_screen) {
			if (ui_is_supervisor(&ui))
				ui_switch(&ui, &ui_sample_screen);
			else
				ui_status(&ui, 1, "%s",
					  _("The self-audit sample is for "
					    "supervisors."));
		} else if (r == UI_REQ_REPORTS && ui.scr != &ui_reports_screen) {
			ui_switch(&ui, &ui_reports_screen);
		} else if (r == UI_REQ_DASHBOARD &&
			   ui.scr != &ui_dashboard_screen) {
			if (ui_is_supervisor(&ui))
				ui_switch(&ui, &ui_dashboard_screen);
			else
				ui_status(&ui, 1, "%s",
					  _("The dashboard is for supervisors."));
		} else if (r == UI_REQ_REQUESTS &&
			   ui.scr == &ui_queue_screen) {
			/* from the queue only: elsewhere P is a screen's own */
			ui_switch(&ui, &ui_requests_screen);
		} else if (r == UI_REQ_REFRESH) {
			clearok(curscr, TRUE);
			if (ui.scr->reload)
				ui.scr->reload(&ui);
		} else {
			ui.scr->key(&ui, r, kc == KEY_CODE_YES, ch);
		}
	}
	/* From here on, more hang-ups (tmux and sshd send several) must not
	 * interrupt the tear-down. */
	signal(SIGHUP, SIG_IGN);
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	if (ui.scr && ui.scr->leave)
		ui.scr->leave(&ui);
	endwin();
	ui_detail_fini(&ui);
	ui_queue_fini(&ui);
	ui_jobs_fini(&ui);
	ui_sample_fini(&ui);
	ui_shipping_fini(&ui);
	ui_bank_fini(&ui);
	ui_paymatch_fini(&ui);
	ui_reports_fini(&ui);
	ui_requests_fini(&ui);
	ui_dashboard_fini(&ui);
	ui_search_fini(&ui);
	/* Nothing is half-written: each decision was its own transaction;
	 * make sure none is left open before the store closes. */
	store_rollback(ui.st);
	rd_catalog_fini(&ui.reasons);
	rd_catalog_fini(&ui.checklist);
	rd_cal_fini(&ui.cal);
	if (quit_flag == SIGHUP)
		return EX_OK;
	return quit_flag ? 128 + (int)quit_flag : EX_OK;
}
