/*
 * labels.h — words for the codes people must never read: the manifest
 * paths findings name ("handler.id_no", "files[2]"), as the form's
 * section and field ("Handler: ID number", "File 3"). The checklist's
 * and the reasons' codes have their labels in src/catalog.c; states and
 * kinds in core/state.c and the screens' tables.
 */
#ifndef RD_LABELS_H
#define RD_LABELS_H

#include <stddef.h>

/* The translated words for a manifest path into out[n]; a path it does
 * not know reads as "the form" (never the path itself). */
void rd_label_field_path(const char *path, char *out, size_t n);

#endif
