/*
 * roles.c — see roles.h.
 */
#include "screens/roles.h"

#include "core/i18n.h"
#include "screens/ui.h"
#include "store/appref.h"
#include "store/withdraw.h"

#include <string.h>

/* Where: UI_IN_DETAIL (the detail screen), UI_IN_QUEUE (the queue) or
 * UI_IN_ALL (any screen). The messages are those the screens said.
 * Decisions (countersign, bulk approve or reject) are not here: whether
 * one may happen is the approval gate's to say, in the store, which
 * refuses and audits it there (docs/ARCHITECTURE.md, "Gate"); marking
 * is only a selection. */
static const struct {
	enum ui_req req;
	int where;
	const char *zAction;      /* audit details: what was attempted */
	const char *zMsg;         /* N_() */
} supervisor_only[] = {
	{ UI_REQ_REASSIGN, UI_IN_DETAIL, "reassign",
	  N_("Only supervisors reassign") },
	{ UI_REQ_EXPORT, UI_IN_DETAIL, "export_dossier",
	  N_("Only a supervisor can export a dossier (it holds the unmasked "
	     "scans).") },
	{ UI_REQ_DASHBOARD, UI_IN_ALL, "dashboard",
	  N_("The dashboard is for supervisors.") },
	{ UI_REQ_REQUESTS, UI_IN_QUEUE, "portal_requests",
	  N_("The portal's requests are for supervisors.") },
};

int ui_role_refuse(struct ui *ui, enum ui_req req)
{
	char zNo[64] = "";
	struct rd_err err;

	if (ui_is_supervisor(ui))
		return 0;
	for (size_t i = 0;
	     i < sizeof supervisor_only / sizeof supervisor_only[0]; i++) {
		int w = supervisor_only[i].where;

		if (supervisor_only[i].req != req)
			continue;
		if ((w == UI_IN_DETAIL && ui->scr != &ui_detail_screen) ||
		    (w == UI_IN_QUEUE && ui->scr != &ui_queue_screen))
			return 0;
		rd_err_clear(&err);
		if (ui->scr == &ui_detail_screen && ui->detail_id > 0)
			store_app_no_of(ui->st, ui->detail_id, zNo, sizeof zNo,
					&err);
		rd_err_clear(&err);
		store_audit_refusal(ui->st, ui->op, supervisor_only[i].zAction,
				    zNo, "supervisor only", &err);
		ui_note_write(ui);
		ui_status(ui, 1, "%s", _(supervisor_only[i].zMsg));
		return 1;
	}
	return 0;
}
