/*
 * requests.h — the portal requests screen (P, from the queue;
 * supervisors): the customers' cancellation and refund requests
 * (store/requests.h) and acting on them (store/request_act.h).
 *
 * Tab / Shift-Tab switch between "Open" and "All"; a (or F5) approves
 * the request under the cursor (a cancellation cancels the application,
 * a refund waits to be paid); $ marks an approved refund paid, which a
 * DIFFERENT supervisor must do (the store refuses the approver); x (or
 * F6) dismisses an open request not yet approved. Each asks for a note
 * to the customer and a confirmation. Enter opens the application; Esc
 * / q goes back.
 */
#ifndef RD_SCREENS_REQUESTS_H
#define RD_SCREENS_REQUESTS_H

#include "screens/screen.h"

extern const struct screen_ops ui_requests_screen;

/* Free the screen's rows (end of session); safe when never entered. */
void ui_requests_fini(struct ui *ui);

#endif
