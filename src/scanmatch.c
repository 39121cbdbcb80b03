/*
 * scanmatch.c — fields out of read lines (see scanmatch.h).
 */
#include "scanmatch.h"

#include "core/i18n.h"
#include "core/ids.h"
#include "core/text.h"

#include <stdio.h>
#include <string.h>

/* Map an OCR confusion into the alphabet of the code. */
static char fix(char c, int uscc, int last)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 32);
	if (!uscc && !last) {
		switch (c) {
		case 'O': case 'D': case 'Q': return '0';
		case 'I': case 'L': case '|': return '1';
		case 'Z': return '2';
		case 'S': return '5';
		case 'B': return '8';
		default: return c;
		}
	}
	switch (c) {
	case 'O': return '0';
	case 'I': return '1';
	case 'Z': return '2';
	case 'S': return '5';
	default: return c;
	}
}

/* A misread that happens to pass the check character (1 in 31, 1 in 11)
 * is caught by the structure: a USCC has the 6 digits of an
 * administrative division in places 3 to 8; a resident ID a birth date
 * (19xx or 20xx, month, day) in places 7 to 14. */
static int plausible_uscc(const char *c)
{
	for (int i = 2; i < 8; i++)
		if (c[i] < '0' || c[i] > '9')
			return 0;
	return strchr("123456789ANY", c[0]) != NULL;
}

static int plausible_resident(const char *c)
{
	int mon = (c[10] - '0') * 10 + c[11] - '0';
	int day = (c[12] - '0') * 10 + c[13] - '0';

	return (!strncmp(c + 6, "19", 2) || !strncmp(c + 6, "20", 2)) &&
	       mon >= 1 && mon <= 12 && day >= 1 && day <= 31;
}

int scanmatch_find_code(const char *text, int uscc, char out[19])
{
	char a[256];
	size_t n = 0;

	/* keep ASCII letters and digits only, in order */
	for (const char *p = text; *p && n < sizeof a - 1; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || *p == '|')
			a[n++] = *p;
	a[n] = '\0';
	for (size_t i = 0; i + 18 <= n; i++) {
		char c[19];

		for (int k = 0; k < 18; k++)
			c[k] = fix(a[i + k], uscc, k == 17);
		c[18] = '\0';
		if (uscc ? rd_id_uscc_valid(c) && plausible_uscc(c)
			 : rd_id_resident_valid(c) && plausible_resident(c)) {
			memcpy(out, c, 19);
			return 1;
		}
	}
	return 0;
}

/* The text after label on a line (label and separators skipped), raw. */
static const char *after_label(const char *line, const char *label)
{
	const char *p = strstr(line, label);

	if (!p)
		return NULL;
	p += strlen(label);
	while (*p == ' ' || *p == ':' || *p == ';' || *p == ',' || *p == '.' ||
	       *p == '"' || *p == '\'' ||
	       !strncmp(p, "：", 3) || !strncmp(p, "；", 3) ||
	       !strncmp(p, "，", 3) || !strncmp(p, "“", 3) ||
	       !strncmp(p, "”", 3) || !strncmp(p, "、", 3))
		p += (unsigned char)*p < 0x80 ? 1 : 3;
	return *p ? p : NULL;
}

static int has_cjk(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xE4 && (unsigned char)*s <= 0xE9)
			return 1;
	return 0;
}

static struct scanmatch_field *add_field(struct scanmatch *m, const char *name,
					 const char *expected)
{
	struct scanmatch_field *f;

	if (m->nField >= SCANMATCH_MAX)
		return NULL;
	f = &m->aField[m->nField++];
	memset(f, 0, sizeof *f);
	f->name = name;
	rd_text_sanitize(expected ? expected : "", f->expected,
			 sizeof f->expected);
	return f;
}

static void set_value(struct scanmatch_field *f, const char *v,
		      const struct scanread_line *l)
{
	char z[160];
	size_t n;

	rd_text_sanitize(v, z, sizeof z);
	/* a wide gap ends the value (what follows is another column) */
	{
		char *gap = strstr(z, "  ");

		if (gap)
			*gap = '\0';
	}
	n = strlen(z);
	while (n && z[n - 1] == ' ')
		z[--n] = '\0';
	snprintf(f->value, sizeof f->value, "%s", z);
	f->conf = l->conf;
	f->box = l->box;
}

/* A name-like field after one of the labels; skip lines holding any of
 * the excluded labels (经办人身份证号 is not 经办人). */
static void name_field(struct scanmatch *m, const struct scanread_result *r,
		       const char *name, const char *expected,
		       const char *const *labels, const char *const *exclude)
{
	struct scanmatch_field *f = add_field(m, name, expected);

	if (!f)
		return;
	for (size_t i = 0; i < r->nLine; i++) {
		const struct scanread_line *l = &r->aLine[i];
		int skip = 0;

		for (size_t k = 0; exclude && exclude[k]; k++)
			skip |= strstr(l->text, exclude[k]) != NULL;
		if (skip)
			continue;
		for (size_t k = 0; labels[k]; k++) {
			const char *v = after_label(l->text, labels[k]);

			if (v) {
				set_value(f, v, l);
				goto judge;
			}
		}
	}
judge:
	/* a Chinese name read without one Chinese character, or as one
	 * character (a dash read as 一), was not read */
	if (f->value[0] && expected && has_cjk(expected) &&
	    (!has_cjk(f->value) || rd_text_cp_count(f->value) < 2))
		f->value[0] = '\0';
	if (!expected || !*expected) {
		f->verdict = RD_SCAN_UNREAD;
		if (f->value[0])
			f->verdict = RD_SCAN_UNSURE; /* nothing typed to compare */
		return;
	}
	f->verdict = f->value[0] ? rd_scan_compare_name(f->value, expected)
				 : RD_SCAN_UNREAD;
}

/* The licence's short label (名称) is often misread: take the line that
 * names a company, from its first Chinese character. */
static void company_line(struct scanmatch_field *f,
			 const struct scanread_result *r, const char *expected)
{
	for (size_t i = 0; i < r->nLine; i++) {
		const struct scanread_line *l = &r->aLine[i];
		const char *p = l->text;

		if (!strstr(p, "公司") || strstr(p, "登记") || strstr(p, "住所"))
			continue;
		while (*p && !((unsigned char)*p >= 0xE4 && (unsigned char)*p <= 0xE9))
			p++;
		if (!*p)
			continue;
		set_value(f, p, l);
		f->verdict = rd_scan_compare_name(f->value, expected);
		return;
	}
}

static void code_field(struct scanmatch *m, const struct scanread_result *r,
		       const char *name, const char *expected, int uscc,
		       const char *label)
{
	struct scanmatch_field *f = add_field(m, name, expected);
	char c[19], e[40];

	if (!f)
		return;
	/* the labelled line first, then any line */
	for (int pass = 0; pass < 2 && !f->value[0]; pass++)
		for (size_t i = 0; i < r->nLine; i++) {
			const struct scanread_line *l = &r->aLine[i];

			if (pass == 0 && label && !strstr(l->text, label))
				continue;
			/* the other kind of code has its own line */
			if (strstr(l->text, uscc ? "身份证" : "信用代码") ||
			    (uscc && strstr(l->text, "号码")))
				continue;
			if (scanmatch_find_code(l->text, uscc, c)) {
				set_value(f, c, l);
				break;
			}
		}
	if (!f->value[0]) {
		f->verdict = RD_SCAN_UNREAD;
		return;
	}
	rd_scan_normalize(expected ? expected : "", e, sizeof e);
	f->verdict = !e[0] ? RD_SCAN_UNSURE
		     : !strcmp(e, f->value) ? RD_SCAN_MATCH : RD_SCAN_MISMATCH;
}

static void finding(struct scanmatch *m, const char *code,
		    const struct scanmatch_field *f, const char *arg)
{
	struct scanmatch_finding *x;

	if (m->nFinding >= SCANMATCH_MAX)
		return;
	x = &m->aFinding[m->nFinding++];
	static const struct { const char *f, *path; } aPath[] = {
		{ "org", "organization.name" }, { "uscc", "organization.id_no" },
		{ "handler", "handler.name" }, { "handler_id", "handler.id_no" },
		{ "applicant", "applicant.name" }, { "date", "" },
		{ "name", "handler.name" }, { "id_no", "handler.id_no" },
	};

	x->code = code;
	x->field[0] = '\0';
	/* the manifest path it is about, as the pre-checks name fields */
	for (size_t i = 0; f && i < sizeof aPath / sizeof aPath[0]; i++)
		if (!strcmp(aPath[i].f, f->name))
			snprintf(x->field, sizeof x->field, "%s", aPath[i].path);
	snprintf(x->arg, sizeof x->arg, "%s", f ? f->value : arg ? arg : "");
}

static const struct scanmatch_field *field(const struct scanmatch *m,
					   const char *name)
{
	for (size_t i = 0; i < m->nField; i++)
		if (!strcmp(m->aField[i].name, name))
			return &m->aField[i];
	return NULL;
}

static int mism(const struct scanmatch *m, const char *name)
{
	const struct scanmatch_field *f = field(m, name);

	return f && f->verdict == RD_SCAN_MISMATCH;
}

static int all_unread(const struct scanmatch *m)
{
	for (size_t i = 0; i < m->nField; i++)
		if (m->aField[i].value[0])
			return 0;
	return 1;
}

void scanmatch_run(const char *role, const struct scanread_result *r,
		   const struct scanmatch_expect *e, struct scanmatch *out)
{
	static const char *const aOrg[] = { "单位名称", "名称", NULL };
	static const char *const aLicName[] = { "名称", NULL };
	static const char *const aLicEx[] = { "统一", "信用代码", NULL };
	static const char *const aHandler[] = { "经办人", NULL };
	static const char *const aHandlerEx[] = { "身份证", "签字", "签名", "承诺", NULL };
	static const char *const aAppl[] = { "申请人", NULL };
	static const char *const aDate[] = { "申请日期", "日期", NULL };
	static const char *const aName[] = { "姓名", NULL };
	static const char *const aNone[] = { NULL };
	const char *zIdName = e->personal ? e->applicant : e->handler;
	const char *zIdNo = e->personal ? e->applicant_id : e->handler_id;

	memset(out, 0, sizeof *out);
	if (!strcmp(role, "business_license")) {
		name_field(out, r, "org", e->org, aLicName, aLicEx);
		if (!out->aField[0].value[0])
			company_line(&out->aField[0], r, e->org);
		code_field(out, r, "uscc", e->uscc, 1, "信用代码");
	} else if (!strcmp(role, "id_front")) {
		code_field(out, r, "id_no", NULL, 0, "号码");
		/* the card is the handler's or the applicant's: judge it
		 * against whoever's number it carries */
		{
			struct scanmatch_field *f = &out->aField[0];
			char a[40] = "", b[40] = "";

			rd_scan_normalize(e->applicant_id, a, sizeof a);
			rd_scan_normalize(e->handler_id, b, sizeof b);
			if (f->value[0] && a[0] && !strcmp(f->value, a)) {
				zIdName = e->applicant;
				zIdNo = e->applicant_id;
			} else if (f->value[0] && b[0] && !strcmp(f->value, b)) {
				zIdName = e->handler;
				zIdNo = e->handler_id;
			}
			rd_text_sanitize(zIdNo ? zIdNo : "", f->expected,
					 sizeof f->expected);
			rd_scan_normalize(zIdNo, a, sizeof a);
			if (f->value[0])
				f->verdict = !a[0] ? RD_SCAN_UNSURE
					     : !strcmp(a, f->value) ? RD_SCAN_MATCH
								   : RD_SCAN_MISMATCH;
		}
		name_field(out, r, "name", zIdName, aName, aNone);
	} else if (!strcmp(role, "application_form")) {
		name_field(out, r, "org", e->org, aOrg, aLicEx);
		code_field(out, r, "uscc", e->uscc, 1, "信用代码");
		name_field(out, r, "handler", e->handler, aHandler, aHandlerEx);
		code_field(out, r, "handler_id", e->handler_id, 0, "身份证");
		name_field(out, r, "applicant", e->applicant, aAppl, aDate);
		name_field(out, r, "date", NULL, aDate, aNone);
	}
	if (r->status != SCANREAD_OK ||
	    (out->nField && all_unread(out))) {
		finding(out, "scan_unreadable", NULL, r->reason);
		return;
	}
	if (!strcmp(role, "business_license")) {
		if (mism(out, "org"))
			finding(out, "licence_name_mismatch", field(out, "org"), NULL);
		if (mism(out, "uscc"))
			finding(out, "licence_uscc_mismatch", field(out, "uscc"), NULL);
	} else if (!strcmp(role, "id_front")) {
		if (mism(out, "id_no"))
			finding(out, "id_number_mismatch", field(out, "id_no"), NULL);
		if (mism(out, "name"))
			finding(out, "id_name_mismatch", field(out, "name"), NULL);
	} else if (!strcmp(role, "application_form")) {
		for (size_t i = 0; i < out->nField; i++)
			if (out->aField[i].verdict == RD_SCAN_MISMATCH)
				finding(out, "form_field_mismatch",
					&out->aField[i], NULL);
		if (r->seal == 0)
			finding(out, "form_seal_missing", NULL, "");
	}
}

const char *scanmatch_message(const char *code)
{
	static const struct { const char *code, *msg; } a[] = {
		{ "licence_name_mismatch",
		  N_("the business licence names another organisation") },
		{ "licence_uscc_mismatch",
		  N_("the business licence carries another credit code") },
		{ "id_number_mismatch",
		  N_("the ID card carries another number") },
		{ "id_name_mismatch", N_("the ID card carries another name") },
		{ "form_field_mismatch",
		  N_("the application form differs from the typed data") },
		{ "form_seal_missing",
		  N_("no company seal found on the application form") },
		{ "scan_unreadable", N_("the scan could not be read") },
	};

	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		if (!strcmp(a[i].code, code))
			return a[i].msg;
	return N_("reading finding");
}

const char *scanmatch_field_label(const char *f)
{
	static const struct { const char *f, *label; } a[] = {
		{ "org", N_("Organisation name") },
		{ "uscc", N_("Credit code") },
		{ "handler", N_("Handler") },
		{ "handler_id", N_("Handler ID") },
		{ "applicant", N_("Applicant") },
		{ "date", N_("Date") },
		{ "name", N_("Name on the card") },
		{ "id_no", N_("ID number") },
	};

	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		if (!strcmp(a[i].f, f))
			return a[i].label;
	return N_("Field");
}
