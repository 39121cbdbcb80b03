/*
 * appref.c — see appref.h.
 */
#include "store/appref.h"
#include "store/internal.h"

#include "core/i18n.h"

rd_status store_app_no_of(struct store *st, int64_t id, char *out, size_t n,
			  struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc;
	int step;

	if (n > 0)
		out[0] = '\0';
	rc = st_prepare(st, "SELECT app_no FROM applications WHERE id = ?1", &p,
			err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW)
		st_column_copy(p, 0, out, n);
	else if (step == SQLITE_DONE)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("no application with id %lld"), (long long)id);
	else
		rc = st_fail(st, step, _("read the application number"), err);
	sqlite3_finalize(p);
	return rc;
}
