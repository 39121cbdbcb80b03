/*
 * scannote.c — the checklist's reading notes (see scannote.h).
 */
#include "screens/scannote.h"

#include "core/i18n.h"
#include "scanmatch.h"

#include <stdio.h>
#include <string.h>

/* What reading the scans found for a checklist item, in words
 * ("营业执照：名称一致，统一社会信用代码一致"; "申请表：未见公章"), or "". */
int scan_note(const struct store_scan_summary *aS, size_t nS,
		     const char *item, char *z, size_t n)
{
	int warn = 0;
	static const struct { const char *item, *role, *label; } aMap[] = {
		{ "FORM_SIGNED", "application_form", N_("Application form") },
		{ "LICENSE_MATCHES", "business_license", N_("Business licence") },
		{ "ID_LEGIBLE", "id_front", N_("ID card, front") },
		{ "ID_LEGIBLE", "id_back", N_("ID card, back") },
	};
	size_t off = 0;

	z[0] = '\0';
	for (size_t m = 0; m < sizeof aMap / sizeof aMap[0]; m++) {
		for (size_t i = 0; i < nS; i++) {
			const struct store_scan_summary *s = &aS[i];
			char zCopy[160], *zSave = NULL;
			int k = 0;

			if (strcmp(aMap[m].item, item) || strcmp(s->role, aMap[m].role))
				continue;
			off += (size_t)snprintf(z + off, off < n ? n - off : 0,
						"%s%s%s", off ? _("; ") : "",
						_(aMap[m].label), _(": "));
			if (!s->status_read) {
				warn = 1;
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							"%s", _("could not be read"));
				continue;
			}
			snprintf(zCopy, sizeof zCopy, "%s", s->verdicts);
			for (char *t = strtok_r(zCopy, ",", &zSave); t;
			     t = strtok_r(NULL, ",", &zSave)) {
				char *eq = strchr(t, '=');
				const char *zFmt;

				if (!eq || !strcmp(t, "date=unsure"))
					continue;
				*eq++ = '\0';
				zFmt = !strcmp(eq, "match") ? _("%s matches")
				       : !strcmp(eq, "mismatch") ? _("%s differs")
				       : !strcmp(eq, "unsure") ? _("%s uncertain")
							       : _("%s not read");
				if (!strcmp(eq, "unsure") && !strcmp(t, "applicant"))
					continue; /* nothing typed to compare */
				warn |= !strcmp(eq, "mismatch");
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							"%s", k++ ? _(", ") : "");
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							zFmt, _(scanmatch_field_label(t)));
			}
			if (!k && s->seal < 0 && s->signature < 0)
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							"%s", _("legible"));
			warn |= s->seal == 0;
			if (s->seal >= 0)
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							"%s%s", k++ ? _(", ") : "",
							s->seal ? _("company seal seen")
								: _("no company seal seen"));
			if (s->signature >= 0)
				off += (size_t)snprintf(z + off, off < n ? n - off : 0,
							"%s%s", k++ ? _(", ") : "",
							s->signature ? _("signed")
								     : _("no signature seen"));
		}
	}
	if (off >= n && n > 0)
		z[n - 1] = '\0';
	return warn;
}


unsigned scan_note_bit(const char *item)
{
	return !strcmp(item, "FORM_SIGNED")       ? 1u
	       : !strcmp(item, "LICENSE_MATCHES") ? 2u
	       : !strcmp(item, "ID_LEGIBLE")      ? 4u
						  : 0u;
}
