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

/* The words for an audit action ("app.claim" → "Claimed"), from the
 * one table of every action the store writes; an action it does not
 * know reads as "Other action", never as its code. Borrowed, static. */
const char *rd_label_audit_action(const char *action);

/* The words for a state or kind word the CLI prints (a job's state
 * "in_transit", "writing", a job kind "provider.courier", a reason
 * code): from the same tables; NULL when it does not know the word. */
const char *rd_label_word(const char *code);

/* A refusal's reason for people: "manifest: org.name: required key is
 * missing" reads "application form, Organisation: Name: required key is
 * missing" (the stored reason keeps the path, for machines); any other
 * reason is copied. */
void rd_label_reason(const char *reason, char *out, size_t n);

#endif
