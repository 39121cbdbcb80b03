/*
 * fuzz_bankcsv.c — fuzz target for the bank statement reader
 * (src/bank_csv.c).
 *
 * Invariants: every good line has a valid date, a positive amount and
 * NUL-terminated, valid UTF-8 fields; line numbers never go backwards;
 * every bad line comes with a reason.
 */
#include "fuzz.h"

#include "bank_csv.h"
#include "core/text.h"

#include <stdlib.h>
#include <string.h>

struct csv_seen {
	int last_line;
};

static void csv_check_field(const char *z, size_t cap)
{
	size_t len;

	if (!memchr(z, '\0', cap))
		abort();
	len = strlen(z);
	if (!rd_text_utf8_valid(z, len))
		abort();
}

static int csv_on_line(void *ctx, const struct bank_line *l)
{
	struct csv_seen *s = ctx;

	if (l->line_no < 2 || l->line_no < s->last_line)
		abort();
	s->last_line = l->line_no;
	if (l->amount_fen <= 0)
		abort();
	csv_check_field(l->value_date, sizeof l->value_date);
	if (strlen(l->value_date) != 10)
		abort();
	csv_check_field(l->payer_account, sizeof l->payer_account);
	csv_check_field(l->payer_name, sizeof l->payer_name);
	csv_check_field(l->bank_ref, sizeof l->bank_ref);
	csv_check_field(l->memo, sizeof l->memo);
	return 0;
}

static int csv_on_bad(void *ctx, int line_no, const char *reason)
{
	struct csv_seen *s = ctx;

	if (line_no < 2 || line_no < s->last_line || !reason || !*reason)
		abort();
	s->last_line = line_no;
	return 0;
}

int fuzz_bankcsv(const uint8_t *data, size_t size)
{
	struct csv_seen seen = { 0 };
	struct rd_err err;

	(void)bank_csv_parse((const char *)data, size, csv_on_line, csv_on_bad,
			     &seen, &err);
	return 0;
}

FUZZ_ENTRY(fuzz_bankcsv)
