/*
 * i18n.h — gettext macros. Every user-visible string goes through _() (or
 * N_() in static tables, translated with _() where it is shown). The text
 * domain is "radesk"; main() binds it.
 */
#ifndef RD_CORE_I18N_H
#define RD_CORE_I18N_H

#include <libintl.h>
#include <string.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* Plural: ngettext(singular, plural, n). */
#define P_(s, p, n) ngettext((s), (p), (n))

/*
 * Context, for an English word that needs two translations: C_("job",
 * "Cancelled") is msgctxt "job" + msgid "Cancelled" (gettext joins them
 * with EOT). NC_ marks one in a static table; show it with
 * rd_gettext_ctx(), which takes plain msgids too. xgettext keywords:
 * -kC_:1c,2 -kNC_:1c,2.
 */
#define NC_(c, s) (c "\004" s)
#define C_(c, s) rd_gettext_ctx(c "\004" s)

/* The translation of z (a plain or NC_-joined msgid); untranslated, the
 * msgid without its context. Never NULL for a non-NULL z. */
static inline const char *rd_gettext_ctx(const char *z)
{
	const char *t = gettext(z), *e;

	if (t != z)
		return t;
	e = strchr(z, '\004');
	return e ? e + 1 : z;
}

#endif
