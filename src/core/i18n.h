/*
 * i18n.h — gettext macros. Every user-visible string goes through _() (or
 * N_() in static tables, translated with _() where it is shown). The text
 * domain is "radesk"; main() binds it.
 */
#ifndef RD_CORE_I18N_H
#define RD_CORE_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)
/* Plural: ngettext(singular, plural, n). */
#define P_(s, p, n) ngettext((s), (p), (n))

#endif
