/*
 * catalog.c — reject reasons and checklist items (see catalog.h).
 */
#include "catalog.h"

#include "core/i18n.h"
#include "core/state.h"
#include "core/text.h"
#include "fsutil.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

void rd_catalog_init(struct rd_catalog *cat)
{
	cat->a = NULL;
	cat->n = 0;
}

void rd_catalog_fini(struct rd_catalog *cat)
{
	free(cat->a);
	rd_catalog_init(cat);
}

/* Copy [b, e) trimmed of blanks into out (n bytes); 0 when too long. */
static int copy_trim(const char *b, const char *e, char *out, size_t n)
{
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if ((size_t)(e - b) >= n)
		return 0;
	memcpy(out, b, (size_t)(e - b));
	out[e - b] = '\0';
	return 1;
}

static int code_valid(const char *z)
{
	if (!*z)
		return 0;
	for (; *z; z++)
		if (!((*z >= 'A' && *z <= 'Z') || (*z >= '0' && *z <= '9') ||
		      *z == '_'))
			return 0;
	return 1;
}

static rd_status parse_section(const char *b, const char *e, unsigned *types)
{
	char zName[32];
	enum rd_app_type t;

	if (!copy_trim(b + 1, e, zName, sizeof zName))
		return RD_ERR_INVALID;
	if (!strcmp(zName, "all")) {
		*types = RD_APP_TYPE_ALL;
		return RD_OK;
	}
	if (rd_app_type_from_name(zName, &t) != RD_OK)
		return RD_ERR_INVALID;
	*types = RD_APP_TYPE_BIT(t);
	return RD_OK;
}

rd_status rd_catalog_parse(struct rd_catalog *cat, const char *text,
			   size_t len, const char *zName, struct rd_err *err)
{
	const char *p = text, *end = text + len;
	struct rd_catalog_item *aNew = NULL;
	size_t nNew = 0, nAlloc = 0;
	unsigned types = RD_APP_TYPE_ALL;
	int line = 0;
	rd_status rc = RD_OK;

	if (!zName)
		zName = "catalogue";
	if (!rd_text_utf8_valid(text, len))
		return rd_err_set(err, RD_ERR_INVALID,
				  _("%s: not valid UTF-8"), zName);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *b = p, *e, *bar1, *bar2;
		struct rd_catalog_item it;

		if (!eol)
			eol = end;
		e = eol;
		p = eol < end ? eol + 1 : end;
		line++;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (b == e || *b == '#')
			continue;
		if (*b == '[') {
			if (e[-1] != ']' ||
			    parse_section(b, e - 1, &types) != RD_OK) {
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("%s:%d: unknown section; use "
						  "[replace], [renew], [new] "
						  "or [all]"),
						zName, line);
				goto done;
			}
			continue;
		}
		memset(&it, 0, sizeof it);
		bar1 = memchr(b, '|', (size_t)(e - b));
		bar2 = bar1 ? memchr(bar1 + 1, '|', (size_t)(e - bar1 - 1)) : NULL;
		if (!bar1 || !bar2 || memchr(bar2 + 1, '|', (size_t)(e - bar2 - 1))) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("%s:%d: expected 'CODE | Chinese "
					  "label | English label'"),
					zName, line);
			goto done;
		}
		if (!copy_trim(b, bar1, it.code, sizeof it.code) ||
		    !code_valid(it.code)) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("%s:%d: the code must be 1 to 47 "
					  "characters A-Z, 0-9 or _"),
					zName, line);
			goto done;
		}
		if (!copy_trim(bar1 + 1, bar2, it.label_zh, sizeof it.label_zh) ||
		    !copy_trim(bar2 + 1, e, it.label_en, sizeof it.label_en) ||
		    (!it.label_zh[0] && !it.label_en[0])) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("%s:%d: a label is missing or longer "
					  "than %d bytes"),
					zName, line, 159);
			goto done;
		}
		it.types = types;
		for (size_t i = 0; i < cat->n + nNew; i++) {
			const struct rd_catalog_item *o =
				i < cat->n ? &cat->a[i] : &aNew[i - cat->n];

			if (!strcmp(o->code, it.code) && (o->types & types)) {
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("%s:%d: code %s appears "
						  "twice"),
						zName, line, it.code);
				goto done;
			}
		}
		if (nNew == nAlloc) {
			size_t nA = nAlloc ? nAlloc * 2 : 16;
			void *pNew = realloc(aNew, nA * sizeof *aNew);

			if (!pNew) {
				rc = RD_ERR_NOMEM;
				goto done;
			}
			aNew = pNew;
			nAlloc = nA;
		}
		aNew[nNew++] = it;
	}
	if (nNew) {
		void *pAll = realloc(cat->a, (cat->n + nNew) * sizeof *cat->a);

		if (!pAll) {
			rc = RD_ERR_NOMEM;
			goto done;
		}
		cat->a = pAll;
		memcpy(cat->a + cat->n, aNew, nNew * sizeof *aNew);
		cat->n += nNew;
	}
done:
	free(aNew);
	return rc;
}

rd_status rd_catalog_load(struct rd_catalog *cat, const char *path,
			  struct rd_err *err)
{
	char *zText = NULL;
	size_t n = 0;
	rd_status rc = rd_read_file(path, 1 << 20, &zText, &n, err);

	if (rc != RD_OK)
		return rc;
	rc = rd_catalog_parse(cat, zText, n, path, err);
	free(zText);
	return rc;
}

const struct rd_catalog_item *rd_catalog_find(const struct rd_catalog *cat,
					      const char *code)
{
	for (size_t i = 0; code && i < cat->n; i++)
		if (!strcmp(cat->a[i].code, code))
			return &cat->a[i];
	return NULL;
}

const char *rd_catalog_label(const struct rd_catalog_item *it)
{
	const char *zLoc = setlocale(LC_MESSAGES, NULL);
	const char *zLang = getenv("LANGUAGE");
	int zh = (zLang && !strncmp(zLang, "zh", 2)) ||
		 (!(zLang && *zLang) && zLoc && !strncmp(zLoc, "zh", 2));

	if (zh)
		return it->label_zh[0] ? it->label_zh : it->label_en;
	return it->label_en[0] ? it->label_en : it->label_zh;
}
