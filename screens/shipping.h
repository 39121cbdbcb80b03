/*
 * shipping.h — the shipping screen (S, from anywhere): the day's
 * shipments with their waybills and label prints, and the fulfilment
 * problems that wait for a person (QC failures, dead jobs, returned
 * parcels, failed prints).
 *
 * Keys inside the screen (shown on its hint line): Tab / Shift-Tab
 * switch between "Shipments" and "Needs attention"; [ and ] move the
 * day back and forward, d asks for a date (empty = today); p prints the
 * label of the shipment under the cursor again (anyone); supervisors
 * mark with m or Space and print the marked labels with P (with nothing
 * marked, P prints every label of the day not printed yet); r on the
 * attention tab retries (production after a QC failure or a dead order,
 * any other dead job, a failed print), supervisors only; Enter opens the
 * application; o (when [channels] names outlets) shows one outlet's
 * shipments, then the next, then all again; Esc / q goes back.
 * Refusals of supervisor actions are audited (app.refused).
 */
#ifndef RD_SCREENS_SHIPPING_H
#define RD_SCREENS_SHIPPING_H

#include "screens/screen.h"

extern const struct screen_ops ui_shipping_screen;

/* Shared with the detail screen. The translated label of a shipment
 * state ("in_transit" → "In transit"; unknown names as they are). */
const char *ui_ship_state_label(const char *state);

/*
 * What the printer last did with a shipment's label, into z (n bytes)
 * or as a static string, and its colour role: "print queued", "print
 * failed", "printed HH:MM ×N" (date too when not on local day `day`),
 * "no label yet", "not printed".
 */
const char *ui_print_text(int has_label, const char *print_state,
			  int64_t printed_at, int print_count, int64_t day,
			  char *z, size_t n, enum ui_role *role);

/* Free the screen's rows and marks (end of session); safe when the
 * screen was never entered. */
void ui_shipping_fini(struct ui *ui);

#endif
