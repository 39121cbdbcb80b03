/*
 * bank_csv.c — bank statement CSV reader (see bank_csv.h).
 */
#include "bank_csv.h"

#include "core/i18n.h"
#include "core/money.h"
#include "core/text.h"
#include "core/timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COL_DATE, COL_ACCOUNT, COL_NAME, COL_AMOUNT, COL_REF, COL_MEMO,
       COL_COUNT };

#define MAX_FIELDS 32
#define MAX_FIELD 1024

static const struct {
	const char *zh;
	const char *en;
	int required;
} col_names[COL_COUNT] = {
	{ "交易日期", "date", 1 },       { "付款账号", "payer_account", 1 },
	{ "付款户名", "payer_name", 1 }, { "金额", "amount", 1 },
	{ "流水号", "bank_ref", 0 },     { "摘要", "memo", 0 },
};

struct record {
	char field[MAX_FIELDS][MAX_FIELD];
	int nfield;
	int too_long;
	int bad_quote;
};

/*
 * Read one record starting at *pos; advance *pos and *line (physical
 * lines consumed). Returns 0 at end of input.
 */
static int read_record(const char *s, size_t len, size_t *pos, int *line,
		       struct record *r)
{
	size_t i = *pos, k = 0;
	int inq = 0, f = 0;

	if (i >= len)
		return 0;
	memset(r, 0, sizeof *r);
	while (i < len) {
		char c = s[i];

		if (inq) {
			if (c == '"') {
				if (i + 1 < len && s[i + 1] == '"') {
					i++;
				} else {
					inq = 0;
					i++;
					continue;
				}
			} else if (c == '\n') {
				(*line)++;
			}
		} else if (c == '"') {
			if (k != 0)
				r->bad_quote = 1;
			inq = 1;
			i++;
			continue;
		} else if (c == ',') {
			r->field[f][k] = '\0';
			if (++f >= MAX_FIELDS) {
				r->too_long = 1;
				f = MAX_FIELDS - 1;
			}
			k = 0;
			i++;
			continue;
		} else if (c == '\r' && i + 1 < len && s[i + 1] == '\n') {
			i++;
			continue;
		} else if (c == '\n') {
			i++;
			(*line)++;
			break;
		}
		if (k + 1 < MAX_FIELD)
			r->field[f][k++] = c;
		else
			r->too_long = 1;
		i++;
	}
	if (inq)
		r->bad_quote = 1;
	r->field[f][k] = '\0';
	r->nfield = f + 1;
	*pos = i;
	return 1;
}

static void trim(char *z)
{
	size_t n = strlen(z), b = 0;

	while (n > 0 && (z[n - 1] == ' ' || z[n - 1] == '\t'))
		z[--n] = '\0';
	while (z[b] == ' ' || z[b] == '\t')
		b++;
	if (b)
		memmove(z, z + b, n - b + 1);
}

static int set_text(char *dst, size_t n, const char *src)
{
	if (strlen(src) >= n)
		return -1;
	return rd_text_sanitize(src, dst, n) == RD_OK ? 0 : -1;
}

rd_status bank_csv_parse(const char *text, size_t len, bank_line_fn line_fn,
			 bank_bad_fn bad_fn, void *ctx, struct rd_err *err)
{
	struct record *r = NULL;
	struct bank_line bl;
	int map[COL_COUNT];
	size_t pos = 0;
	int line = 1, start;
	rd_status rc = RD_OK;
	char zWhy[256];

	if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))
		pos = 3;
	r = malloc(sizeof *r);
	if (!r)
		return RD_ERR_NOMEM;
	if (!read_record(text, len, &pos, &line, r)) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("the statement is empty: a header line is "
				  "required"));
		goto done;
	}
	for (int c = 0; c < COL_COUNT; c++) {
		map[c] = -1;
		for (int f = 0; f < r->nfield; f++) {
			trim(r->field[f]);
			if (!strcmp(r->field[f], col_names[c].zh) ||
			    !strcmp(r->field[f], col_names[c].en))
				map[c] = f;
		}
		if (map[c] < 0 && col_names[c].required) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("line 1: the header has no column "
					  "%s (%s); see radesk bank --help"),
					col_names[c].zh, col_names[c].en);
			goto done;
		}
	}
	for (;;) {
		const char *zf;
		int y, m, d, blank = 1;

		start = line;
		if (!read_record(text, len, &pos, &line, r))
			break;
		for (int f = 0; f < r->nfield; f++) {
			trim(r->field[f]);
			if (r->field[f][0])
				blank = 0;
		}
		if (blank)
			continue;
		memset(&bl, 0, sizeof bl);
		bl.line_no = start;
		zWhy[0] = '\0';
		if (r->bad_quote || r->too_long) {
			snprintf(zWhy, sizeof zWhy, "%s",
				 r->bad_quote ? _("unbalanced quotes") :
						_("a field or the line is too long"));
			goto bad;
		}
		for (int c = 0; c < COL_COUNT; c++) {
			if (map[c] >= r->nfield && col_names[c].required) {
				snprintf(zWhy, sizeof zWhy,
					 _("column %s is missing"),
					 col_names[c].en);
				goto bad;
			}
		}
		zf = r->field[map[COL_DATE]];
		if (strlen(zf) != 10 || rd_time_parse_date(zf, &y, &m, &d) != RD_OK) {
			snprintf(zWhy, sizeof zWhy,
				 _("date '%.40s' is not a YYYY-MM-DD date"), zf);
			goto bad;
		}
		memcpy(bl.value_date, zf, 11);
		zf = r->field[map[COL_AMOUNT]];
		if (rd_money_parse(zf, &bl.amount_fen, NULL) != RD_OK ||
		    bl.amount_fen <= 0) {
			snprintf(zWhy, sizeof zWhy,
				 _("amount '%.40s' is not a positive amount in "
				   "yuan"),
				 zf);
			goto bad;
		}
		if (!r->field[map[COL_ACCOUNT]][0] || !r->field[map[COL_NAME]][0]) {
			snprintf(zWhy, sizeof zWhy, "%s",
				 _("payer account and payer name are required"));
			goto bad;
		}
		if (set_text(bl.payer_account, sizeof bl.payer_account,
			     r->field[map[COL_ACCOUNT]]) ||
		    set_text(bl.payer_name, sizeof bl.payer_name,
			     r->field[map[COL_NAME]]) ||
		    (map[COL_REF] >= 0 && map[COL_REF] < r->nfield &&
		     set_text(bl.bank_ref, sizeof bl.bank_ref,
			      r->field[map[COL_REF]])) ||
		    (map[COL_MEMO] >= 0 && map[COL_MEMO] < r->nfield &&
		     set_text(bl.memo, sizeof bl.memo,
			      r->field[map[COL_MEMO]]))) {
			snprintf(zWhy, sizeof zWhy, "%s",
				 _("a field is too long"));
			goto bad;
		}
		if (line_fn(ctx, &bl))
			break;
		continue;
bad:
		if (bad_fn && bad_fn(ctx, start, zWhy))
			break;
	}
done:
	free(r);
	return rc;
}
