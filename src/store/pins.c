/*
 * pins.c — the certificate PIN of an application (see pins.h).
 */
#include "store/pins.h"

#include "clock.h"
#include "core/i18n.h"
#include "crypto.h"
#include "store/internal.h"

#include <string.h>

/* Six uniformly drawn digits: bytes at or above 250 are thrown away so
 * that every digit is equally likely. */
static rd_status pin_draw(char pin[RD_PIN_LEN + 1])
{
	int n = 0;

	while (n < RD_PIN_LEN) {
		unsigned char b[16];
		rd_status rc = rd_random_bytes(b, sizeof b);

		if (rc != RD_OK)
			return rc;
		for (size_t i = 0; i < sizeof b && n < RD_PIN_LEN; i++)
			if (b[i] < 250)
				pin[n++] = (char)('0' + b[i] % 10);
	}
	pin[RD_PIN_LEN] = '\0';
	return RD_OK;
}

static rd_status pin_lookup(struct store *st, int64_t app_id,
			    char pin[RD_PIN_LEN + 1], int *found,
			    struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	rd_status rc = st_prepare(st, "SELECT pin FROM app_pins WHERE app_id=?1",
				  &p, err);
	int step;

	*found = 0;
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	step = sqlite3_step(p);
	if (step == SQLITE_ROW) {
		st_column_copy(p, 0, pin, RD_PIN_LEN + 1);
		*found = strlen(pin) == RD_PIN_LEN;
		if (!*found)
			rc = rd_err_set(err, RD_ERR_CORRUPT,
					_("the PIN of application %lld is "
					  "malformed"),
					(long long)app_id);
	} else if (step != SQLITE_DONE) {
		rc = st_fail(st, step, _("read the PIN"), err);
	}
	sqlite3_finalize(p);
	return rc;
}

rd_status store_app_pin(struct store *st, int64_t app_id,
			char pin[RD_PIN_LEN + 1], struct rd_err *err)
{
	sqlite3_stmt *p = NULL;
	int found = 0, step;
	rd_status rc;

	pin[0] = '\0';
	rc = pin_lookup(st, app_id, pin, &found, err);
	if (rc != RD_OK || found)
		return rc;
	rc = pin_draw(pin);
	if (rc != RD_OK)
		return rd_err_set(err, rc, _("cannot draw a PIN: %s"),
				  rd_strerror(rc));
	rc = st_prepare(st,
			"INSERT INTO app_pins(app_id,pin,created_at) "
			"VALUES(?1,?2,?3)",
			&p, err);
	if (rc != RD_OK)
		return rc;
	st_bind_int64(p, 1, app_id);
	st_bind_text(p, 2, pin);
	st_bind_int64(p, 3, rd_now());
	step = sqlite3_step(p);
	sqlite3_finalize(p);
	if (step != SQLITE_DONE) {
		pin[0] = '\0';
		return st_fail(st, step, _("store the PIN"), err);
	}
	return RD_OK;
}
