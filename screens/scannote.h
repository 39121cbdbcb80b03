/*
 * scannote.h — what reading the scans found, in words, for the detail's
 * checklist ("营业执照：名称一致，统一社会信用代码一致"; "申请表：未见公章").
 */
#ifndef RD_SCREENS_SCANNOTE_H
#define RD_SCREENS_SCANNOTE_H

#include "store/scanread_store.h"

#include <stddef.h>

/* The note for checklist item `item` (FORM_SIGNED, LICENSE_MATCHES,
 * ID_LEGIBLE) from the version's reading summaries, into z (size n; ""
 * when no reading stands for the item). Returns 1 when the note reports
 * a difference, a missing seal or an unreadable scan. */
int scan_note(const struct store_scan_summary *aS, size_t nS,
	      const char *item, char *z, size_t n);

/* A bit per item that has reading notes (0 for any other item). */
unsigned scan_note_bit(const char *item);

#endif
