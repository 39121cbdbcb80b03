/*
 * sample.h — the self-audit sample screen (K, supervisors): the current
 * quarter's sample (radesk audit sample draws it), each item's decider,
 * reviewer and verdict; Enter on an item assigned to you records your
 * re-review (agree or disagree, and a note), which the store refuses
 * for anyone else. [ and ] go to the previous or next quarter.
 */
#ifndef RD_SCREENS_SAMPLE_H
#define RD_SCREENS_SAMPLE_H

#include "screens/screen.h"

extern const struct screen_ops ui_sample_screen;

/* Free the screen's rows (end of session); safe when never entered. */
void ui_sample_fini(struct ui *ui);

#endif
