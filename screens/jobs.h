/*
 * jobs.h — the jobs screen: the outbox as supervisors see it (pending,
 * running, failed, dead jobs with their last error), with retry and
 * cancel for supervisors. Keys inside the screen: Tab/[ ] change the
 * state filter, r retries, d cancels (both supervisors only, confirmed
 * and audited), Esc/q goes back.
 */
#ifndef RD_SCREENS_JOBS_H
#define RD_SCREENS_JOBS_H

#include "screens/screen.h"

extern const struct screen_ops ui_jobs_screen;

/* What a job kind does, in words (translated); an unknown kind as
 * stored. Shared by every screen that names jobs. */
const char *ui_job_kind_label(const char *kind);

/* Free the screen's rows (end of session); safe when never entered. */
void ui_jobs_fini(struct ui *ui);

#endif
