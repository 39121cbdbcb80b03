/*
 * legend.c — what the markers and letters of the screens mean, for the
 * help screen (?), after the keys. One place, so the help explains
 * every mark the queue, the viewer, shipping, the bank and the jobs
 * screens draw.
 */
#include "screens/legend.h"

#include "core/i18n.h"

#include <stddef.h>

static const struct {
	const char *key;       /* NULL: a heading */
	const char *text;
} aLegend[] = {
	{ NULL, N_("The queue's marks") },
	{ "!", N_("High risk: a pre-check found an error, or the same "
		  "organisation or person was rejected before") },
	{ "*", N_("Marked for a bulk decision (m)") },
	{ "↑ ↓", N_("In the header: the column the list is sorted by, and "
		    "the direction (F6)") },
	{ "◆", N_("A saved view of your own (w saves, W deletes)") },
	{ "-1h00m", N_("SLA: working time left; red and negative when "
		       "overdue, amber within one working day") },
	{ "T", N_("Checks: telecom check of the handler's mobile") },
	{ "A", N_("Checks: telecom check of the applicant's mobile") },
	{ "B", N_("Checks: bank financial authentication") },
	{ "P", N_("Checks: payment") },
	{ "✓", N_("Passed: matched, credited") },
	{ "✗", N_("Failed: did not match, not credited") },
	{ "…", N_("Waiting for the provider's answer") },
	{ "?", N_("The provider does not know the number") },
	{ "R", N_("Payment refunded") },
	{ NULL, N_("The scan viewer (Enter or o in an application)") },
	{ "n p", N_("Next and previous scan (also PgDn, PgUp)") },
	{ "+ - 0", N_("Zoom in, zoom out, fit the scan to the screen") },
	{ "r R", N_("Turn the scan right or left") },
	{ "h j k l", N_("Move a zoomed scan (also the arrows)") },
	{ "o", N_("Open the scan with the desktop's program") },
	{ NULL, N_("Shipping (S)") },
	{ "*", N_("Marked for printing (m); P prints the marked labels") },
	{ NULL, N_("Bank statement (B)") },
	{ "Tab", N_("Lines left to reconcile, then the imports") },
	{ NULL, N_("Jobs (J)") },
	{ N_("Dead"), N_("Gave up after its attempts: retry or cancel it") },
	{ N_("Failed"), N_("The last attempt failed; it is tried again later") },
};

void ui_legend_visit(ui_legend_fn fn, void *ctx)
{
	for (size_t i = 0; i < sizeof aLegend / sizeof *aLegend; i++)
		fn(ctx, aLegend[i].key ? _(aLegend[i].key) : NULL,
		   _(aLegend[i].text));
}
