/*
 * xlsx_util.h — the small layer every workbook of radesk writes through.
 *
 * Rules it enforces so the reports do not have to remember them:
 *   - every text cell is written as a string (worksheet_write_string),
 *     never as a formula, whatever it starts with; one that starts with
 *     '=', '+', '-', '@', TAB or CR also gets the quote prefix (the
 *     cell's quotePrefix style, Excel's leading apostrophe), so neither
 *     Excel nor a CSV export of the sheet turns it into a formula
 *     (OWASP's CSV-injection advice);
 *   - text is sanitised (control and bidi characters dropped, invalid
 *     UTF-8 replaced) and cut to Excel's 32,767-character cell limit;
 *   - column widths follow the widest cell in display columns
 *     (rd_text_width: CJK counts 2), kept within sane bounds;
 *   - instants become real Excel dates in UTC+08:00;
 *   - a sheet starts with a bold header row that is frozen, and ends with
 *     an autofilter over header + data.
 *
 * The workbook is opened in constant-memory mode: rows of each sheet must
 * be written in increasing order and are flushed to a temporary file as
 * the next row starts, so a sheet of any length costs a fixed amount of
 * memory. Column widths are emitted when the workbook is closed, so they
 * can be set last; an autofilter must be set while its last row is still
 * the current row.
 */
#ifndef RD_REPORTS_XLSX_UTIL_H
#define RD_REPORTS_XLSX_UTIL_H

#include "core/err.h"

#include <stdint.h>
#include <xlsxwriter.h>

#define RX_MAX_COLS 24

/* Shared cell formats, owned by the workbook. */
struct rx_formats {
	lxw_format *title;     /* bold, larger */
	lxw_format *header;    /* bold, shaded */
	lxw_format *text;      /* "@" text format */
	lxw_format *datetime;  /* yyyy-mm-dd hh:mm */
	lxw_format *date;      /* yyyy-mm-dd */
	lxw_format *money;     /* ¥#,##0.00 */
	lxw_format *integer;   /* 0 */
	lxw_format *hours;     /* 0.0 (working hours, rounded to 0.1) */
	lxw_format *percent;   /* 0.0% */
	lxw_format *days;      /* 0.0 (working days) */
	/* The same text formats with the quote prefix, used by rx_text for
	 * text that starts like a formula; plain for a NULL format. */
	lxw_format *qTitle, *qHeader, *qText, *qPlain;
};

/* A worksheet being filled: borrowed lxw_worksheet, width tracking. */
struct rx_sheet {
	lxw_worksheet *ws;
	const struct rx_formats *fmt;
	int nCol;
	int aWidth[RX_MAX_COLS];   /* widest cell seen, display columns */
	uint32_t nextRow;          /* first row not yet written */
	lxw_error lastErr;         /* first libxlsxwriter error, LXW_NO_ERROR */
};

/*
 * Open a constant-memory workbook that will be written to zPath when
 * closed. tmpdir (may be NULL for the system default) holds the
 * per-sheet row files. *out owned by the caller: workbook_close().
 */
rd_status rx_workbook_new(const char *zPath, const char *zTmpDir,
			  lxw_workbook **out, struct rd_err *err);

/* Create the shared formats of wb into *f. */
void rx_formats_init(lxw_workbook *wb, struct rx_formats *f);

/*
 * Start a sheet: add it to wb under zName, write the header row (nCol
 * column titles, at most RX_MAX_COLS) in row 0, freeze it. The sheet's
 * data starts at row 1 (sh->nextRow).
 */
rd_status rx_sheet_begin(lxw_workbook *wb, const char *zName,
			 const struct rx_formats *f,
			 const char *const *azHeader, int nCol,
			 struct rx_sheet *sh, struct rd_err *err);

/* Same, on a sheet that already exists, without header or freeze. */
void rx_sheet_attach(lxw_worksheet *ws, const struct rx_formats *f, int nCol,
		     struct rx_sheet *sh);

/* Cell writers. They remember the first error in sh->lastErr and never
 * write anything but the stated cell type. NULL text writes "". rx_text
 * is the one way text reaches a cell (see the quote prefix above). */
void rx_text(struct rx_sheet *sh, uint32_t row, int col, const char *z,
	     lxw_format *fmt);
void rx_number(struct rx_sheet *sh, uint32_t row, int col, double v,
	       lxw_format *fmt);
/* An instant as a local (UTC+08:00) Excel date-time; 0 leaves the cell
 * empty. */
void rx_time(struct rx_sheet *sh, uint32_t row, int col, int64_t epoch,
	     lxw_format *fmt);
/* 1 when text must carry the quote prefix: it starts with = + - @, TAB
 * or CR (checked before and after sanitising). */
int rx_text_needs_quote(const char *zRaw, const char *zClean);
/* A number rounded to `places` decimals (half away from zero), for
 * figures people read: the cell holds what the format shows. */
double rx_round(double v, int places);
/* Money in fen, as yuan with the ¥ format. */
void rx_money(struct rx_sheet *sh, uint32_t row, int col, int64_t fen);

/*
 * Autofilter over rows 0..lastRow. In constant-memory mode this must be
 * called while lastRow is still the last row written (before totals).
 */
void rx_sheet_filter(struct rx_sheet *sh, int64_t lastRow);

/*
 * Finish a sheet: set column widths from what was written (min 8, max
 * 60 display columns) and, when filterLastRow >= 0, put an autofilter
 * over rows 0..filterLastRow, which must be the last row written
 * (see rx_sheet_filter() for a filter above totals).
 * Returns RD_ERR_IO with a message if any write failed.
 */
rd_status rx_sheet_end(struct rx_sheet *sh, int64_t filterLastRow,
		       struct rd_err *err);

/* Close wb (writes the file) and translate the error. *pwb set to NULL. */
rd_status rx_workbook_close(lxw_workbook **pwb, const char *zPath,
			    struct rd_err *err);

#endif
