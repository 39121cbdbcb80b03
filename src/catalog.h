/*
 * catalog.h — the review catalogues in etc/: reject reasons and checklist
 * items. Store-free and curses-free: parsed from bytes (rd_catalog_parse)
 * or read from a file (rd_catalog_load).
 *
 * Format (both files): one item a line,
 *     CODE | 中文标签 | English label
 * CODE is [A-Z0-9_]{1,47}; '#' starts a comment line; blank lines are
 * ignored. The checklist file groups items under section lines
 *     [replace]  [renew]  [new]  [all]
 * and an item before any section belongs to every type. Errors name the
 * file and line ("checklists.txt:7: ...").
 */
#ifndef RD_CATALOG_H
#define RD_CATALOG_H

#include "core/err.h"

#include <stddef.h>

struct rd_catalog_item {
	char code[48];
	char label_zh[160];
	char label_en[160];
	unsigned types;        /* RD_APP_TYPE_BIT mask (all for reasons) */
};

/* Owns its items. Embed; rd_catalog_init / rd_catalog_fini. */
struct rd_catalog {
	struct rd_catalog_item *a;
	size_t n;
};

void rd_catalog_init(struct rd_catalog *cat);
void rd_catalog_fini(struct rd_catalog *cat);

/* Parse text[0..len) (zName for messages) and append its items; a code
 * seen twice for overlapping types is an error. All-or-nothing. */
rd_status rd_catalog_parse(struct rd_catalog *cat, const char *text,
			   size_t len, const char *zName, struct rd_err *err);

/* Read and parse one file (at most 1 MiB). */
rd_status rd_catalog_load(struct rd_catalog *cat, const char *path,
			  struct rd_err *err);

/* The item with this code, or NULL. Borrowed. */
const struct rd_catalog_item *rd_catalog_find(const struct rd_catalog *cat,
					      const char *code);

/* The label for the current language (LC_MESSAGES starting with "zh" →
 * Chinese, else English; falls back to the other one when empty).
 * Borrowed from the item. */
const char *rd_catalog_label(const struct rd_catalog_item *it);

#endif
