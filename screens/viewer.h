/*
 * viewer.h — the scan viewer: one application's uploaded files, full
 * screen, drawn as Unicode block symbols in colour, or in sixel or kitty
 * graphics at the terminal's resolution ([viewer] graphics;
 * src/img_render.h).
 *
 * It is modal, like the dialogs: viewer_open() runs its own key loop and
 * returns when the auditor closes it (q/Esc) or the session is ending;
 * the caller's screen is redrawn by the main loop afterwards (the viewer
 * clears the screen before returning).
 *
 * Keys (local to the viewer, listed on its bottom line):
 *   + = / -    zoom in / out          0     fit to screen
 *   arrows, hjkl  pan                 r / R rotate 90° clockwise / back
 *   n PgDn / p PgUp  next / previous file
 *   o          open with [viewer] open_with (detached, no shell)
 *   t          text layer: what the reading found (src/scanread.c),
 *              beside the picture, then instead of it, then off; in it
 *              ↑/↓ pick a field, Enter zooms the picture onto its box
 *   q Esc      close
 */
#ifndef RD_SCREENS_VIEWER_H
#define RD_SCREENS_VIEWER_H

#include "screens/screen.h"
#include "store/queue.h"

#include <stddef.h>

/*
 * Show aFile[start] of aFile[0..nFile) (borrowed; the detail's files).
 * Each blob is read from cfg.blob_dir (at most [ingest] max_scan_bytes),
 * its SHA-256 recomputed and compared with the manifest's (files.sha256);
 * a difference is shown as TAMPERED. Returns 0 when closed normally, -1
 * when there was nothing to show (nFile == 0 or start out of range).
 */
int viewer_open(struct ui *ui, const struct store_file *aFile, size_t nFile,
		size_t start);

/* The same, with the readings of version_id for the text layer. */
int viewer_open_version(struct ui *ui, const struct store_file *aFile,
			size_t nFile, size_t start, int64_t version_id);

#endif
