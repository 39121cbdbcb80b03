/*
 * legend.h — the meanings of the screens' marks, for the help screen.
 */
#ifndef RD_SCREENS_LEGEND_H
#define RD_SCREENS_LEGEND_H

/* key: the mark as drawn, or NULL for a heading; text translated. */
typedef void (*ui_legend_fn)(void *ctx, const char *key, const char *text);
void ui_legend_visit(ui_legend_fn fn, void *ctx);

#endif
