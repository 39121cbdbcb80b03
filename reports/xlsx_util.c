/*
 * xlsx_util.c — see xlsx_util.h.
 */
#include "reports/xlsx_util.h"

#include "core/i18n.h"
#include "core/text.h"
#include "core/timefmt.h"

#include <math.h>
#include <zip.h>
#include <stdlib.h>
#include <string.h>

/* Excel's limit on the characters of one cell. */
#define RX_CELL_MAX 32767
#define RX_WIDTH_MIN 8
#define RX_WIDTH_MAX 60

rd_status rx_workbook_new(const char *zPath, const char *zTmpDir,
			  lxw_workbook **out, struct rd_err *err)
{
	lxw_workbook_options opt;

	memset(&opt, 0, sizeof opt);
	opt.constant_memory = LXW_TRUE;
	opt.tmpdir = (char *)zTmpDir;
	opt.use_zip64 = LXW_TRUE;
	*out = workbook_new_opt(zPath, &opt);
	if (!*out)
		return rd_err_set(err, RD_ERR_NOMEM,
				  _("cannot start workbook %s: out of memory"),
				  zPath);
	return RD_OK;
}

void rx_formats_init(lxw_workbook *wb, struct rx_formats *f)
{
	f->title = workbook_add_format(wb);
	format_set_bold(f->title);
	format_set_font_size(f->title, 14);
	f->header = workbook_add_format(wb);
	format_set_bold(f->header);
	format_set_bg_color(f->header, 0xDDEBF7);
	format_set_border(f->header, LXW_BORDER_THIN);
	f->text = workbook_add_format(wb);
	format_set_num_format(f->text, "@");
	f->datetime = workbook_add_format(wb);
	format_set_num_format(f->datetime, "yyyy-mm-dd hh:mm");
	f->date = workbook_add_format(wb);
	format_set_num_format(f->date, "yyyy-mm-dd");
	f->money = workbook_add_format(wb);
	format_set_num_format(f->money, "\"¥\"#,##0.00");
	f->integer = workbook_add_format(wb);
	format_set_num_format(f->integer, "0");
	f->hours = workbook_add_format(wb);
	format_set_num_format(f->hours, "0.0");
	f->percent = workbook_add_format(wb);
	format_set_num_format(f->percent, "0.0%");
	f->days = workbook_add_format(wb);
	format_set_num_format(f->days, "0.0");
	/*
	 * The quote-prefixed twins. libxlsxwriter 1.1.4 (Debian 12) has no
	 * format_set_quote_prefix(), so each twin is marked "hidden" (a
	 * protection flag that only hides formulas of a protected sheet:
	 * no effect on a string cell, and it keeps the twin a style of its
	 * own) and rx_workbook_close() adds quotePrefix="1" to exactly the
	 * cell styles carrying that mark in xl/styles.xml.
	 */
	f->qTitle = workbook_add_format(wb);
	format_set_bold(f->qTitle);
	format_set_font_size(f->qTitle, 14);
	format_set_hidden(f->qTitle);
	f->qHeader = workbook_add_format(wb);
	format_set_bold(f->qHeader);
	format_set_bg_color(f->qHeader, 0xDDEBF7);
	format_set_border(f->qHeader, LXW_BORDER_THIN);
	format_set_hidden(f->qHeader);
	f->qText = workbook_add_format(wb);
	format_set_num_format(f->qText, "@");
	format_set_hidden(f->qText);
	f->qPlain = workbook_add_format(wb);
	format_set_hidden(f->qPlain);
}

int rx_text_needs_quote(const char *zRaw, const char *zClean)
{
	static const char zLead[] = "=+-@\t\r";

	return (zRaw && *zRaw && strchr(zLead, *zRaw)) ||
	       (zClean && *zClean && strchr(zLead, *zClean));
}

double rx_round(double v, int places)
{
	double k = pow(10.0, places);

	return round(v * k) / k;
}

/* The quote-prefixed twin of a text format. */
static lxw_format *quoted(const struct rx_formats *f, lxw_format *fmt)
{
	if (!fmt)
		return f->qPlain;
	if (fmt == f->title)
		return f->qTitle;
	if (fmt == f->header)
		return f->qHeader;
	return f->qText;
}

static void note_width(struct rx_sheet *sh, int col, int w)
{
	if (col >= 0 && col < RX_MAX_COLS && w > sh->aWidth[col])
		sh->aWidth[col] = w;
}

static void note_err(struct rx_sheet *sh, lxw_error e)
{
	if (e != LXW_NO_ERROR && sh->lastErr == LXW_NO_ERROR)
		sh->lastErr = e;
}

static void note_row(struct rx_sheet *sh, uint32_t row)
{
	if (row + 1 > sh->nextRow)
		sh->nextRow = row + 1;
}

rd_status rx_sheet_begin(lxw_workbook *wb, const char *zName,
			 const struct rx_formats *f,
			 const char *const *azHeader, int nCol,
			 struct rx_sheet *sh, struct rd_err *err)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, zName);

	if (!ws)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  _("cannot add sheet '%s' to the workbook"),
				  zName);
	if (nCol > RX_MAX_COLS)
		nCol = RX_MAX_COLS;
	rx_sheet_attach(ws, f, nCol, sh);
	for (int i = 0; i < nCol; i++)
		rx_text(sh, 0, i, azHeader[i], f->header);
	worksheet_freeze_panes(ws, 1, 0);
	sh->nextRow = 1;
	return RD_OK;
}

void rx_sheet_attach(lxw_worksheet *ws, const struct rx_formats *f, int nCol,
		     struct rx_sheet *sh)
{
	memset(sh, 0, sizeof *sh);
	sh->ws = ws;
	sh->fmt = f;
	sh->nCol = nCol > RX_MAX_COLS ? RX_MAX_COLS : nCol;
	sh->lastErr = LXW_NO_ERROR;
}

/* Cut a sanitised string to at most RX_CELL_MAX code points, in place. */
static void cut_to_cell_limit(char *z)
{
	size_t nCp = 0;
	unsigned char *p = (unsigned char *)z;

	for (; *p; p++) {
		if ((*p & 0xC0) != 0x80 && ++nCp > RX_CELL_MAX) {
			*p = '\0';
			return;
		}
	}
}

void rx_text(struct rx_sheet *sh, uint32_t row, int col, const char *z,
	     lxw_format *fmt)
{
	char *zClean = rd_text_sanitize_dup(z ? z : "");

	if (!zClean) {
		note_err(sh, LXW_ERROR_MEMORY_MALLOC_FAILED);
		return;
	}
	cut_to_cell_limit(zClean);
	/* Always a string cell: libxlsxwriter never parses it as a formula;
	 * and what looks like one is quote-prefixed for Excel and CSV. */
	if (rx_text_needs_quote(z, zClean))
		fmt = quoted(sh->fmt, fmt);
	if (*zClean)
		note_err(sh, worksheet_write_string(sh->ws, row, (lxw_col_t)col,
						    zClean, fmt));
	else
		note_err(sh, worksheet_write_blank(sh->ws, row, (lxw_col_t)col,
						   fmt));
	note_width(sh, col, rd_text_width(zClean));
	note_row(sh, row);
	free(zClean);
}

void rx_number(struct rx_sheet *sh, uint32_t row, int col, double v,
	       lxw_format *fmt)
{
	note_err(sh, worksheet_write_number(sh->ws, row, (lxw_col_t)col, v,
					    fmt));
	note_width(sh, col, 10);
	note_row(sh, row);
}

void rx_time(struct rx_sheet *sh, uint32_t row, int col, int64_t epoch,
	     lxw_format *fmt)
{
	struct rd_tm tm;
	lxw_datetime dt;

	note_row(sh, row);
	if (epoch == 0 || rd_time_to_local(epoch, &tm) != RD_OK)
		return;
	dt.year = tm.year;
	dt.month = tm.mon;
	dt.day = tm.day;
	dt.hour = tm.hour;
	dt.min = tm.min;
	dt.sec = tm.sec;
	note_err(sh, worksheet_write_datetime(sh->ws, row, (lxw_col_t)col, &dt,
					      fmt ? fmt : sh->fmt->datetime));
	note_width(sh, col, 16);
}

void rx_money(struct rx_sheet *sh, uint32_t row, int col, int64_t fen)
{
	/* Amounts in a day's report stay far below 2^53 fen, so the double
	 * holds the exact number of fen; /100 is the display unit. */
	rx_number(sh, row, col, (double)fen / 100.0, sh->fmt->money);
	note_width(sh, col, 14);
}

void rx_sheet_filter(struct rx_sheet *sh, int64_t lastRow)
{
	if (sh->nCol > 0 && lastRow >= 0)
		note_err(sh, worksheet_autofilter(sh->ws, 0, 0,
						  (lxw_row_t)lastRow,
						  (lxw_col_t)(sh->nCol - 1)));
}

rd_status rx_sheet_end(struct rx_sheet *sh, int64_t filterLastRow,
		       struct rd_err *err)
{
	for (int i = 0; i < sh->nCol; i++) {
		int w = sh->aWidth[i] + 2;

		if (w < RX_WIDTH_MIN)
			w = RX_WIDTH_MIN;
		if (w > RX_WIDTH_MAX)
			w = RX_WIDTH_MAX;
		note_err(sh, worksheet_set_column(sh->ws, (lxw_col_t)i,
						  (lxw_col_t)i, w, NULL));
	}
	if (filterLastRow >= 0)
		rx_sheet_filter(sh, filterLastRow);
	if (sh->lastErr != LXW_NO_ERROR)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot write a worksheet cell: %s"),
				  lxw_strerror(sh->lastErr));
	return RD_OK;
}

/*
 * In styles.xml text z (n bytes), give every <xf> element of <cellXfs>
 * that carries <protection hidden="1"/> the attribute quotePrefix="1".
 * Returns a malloc'd copy (*nOut bytes), NULL when out of memory.
 */
static char *add_quote_prefix(const char *z, size_t n, size_t *nOut)
{
	static const char zMark[] = "<protection hidden=\"1\"/>";
	static const char zAttr[] = " quotePrefix=\"1\"";
	const char *pXfs = strstr(z, "<cellXfs");
	const char *pEnd = pXfs ? strstr(pXfs, "</cellXfs>") : NULL;
	size_t nMax = n + 1, o = 0;
	char *zOut;

	for (const char *p = pXfs; p && pEnd && (p = strstr(p, zMark)) && p < pEnd;
	     p++)
		nMax += sizeof zAttr;
	zOut = malloc(nMax);
	if (!zOut)
		return NULL;
	for (const char *p = z; p < z + n;) {
		const char *pXf = pXfs && pEnd ? strstr(p, "<xf ") : NULL;
		const char *pClose, *pTagEnd;

		if (!pXf || pXf >= pEnd) {
			memcpy(zOut + o, p, (size_t)(z + n - p));
			o += (size_t)(z + n - p);
			break;
		}
		pTagEnd = strchr(pXf, '>');
		pClose = strstr(pXf, "</xf>");
		memcpy(zOut + o, p, (size_t)(pXf + 3 - p));
		o += (size_t)(pXf + 3 - p);
		/* In cellXfs, not self-closing, its children hold the mark. */
		if (pXf > pXfs && pTagEnd && pTagEnd[-1] != '/' && pClose && pClose < pEnd) {
			const char *m = strstr(pTagEnd, zMark);

			if (m && m < pClose) {
				memcpy(zOut + o, zAttr, sizeof zAttr - 1);
				o += sizeof zAttr - 1;
			}
		}
		p = pXf + 3;
	}
	zOut[o] = '\0';
	*nOut = o;
	return zOut;
}

/* Rewrite xl/styles.xml of the closed workbook zPath (see rx_formats_init). */
static rd_status patch_quote_prefix(const char *zPath, struct rd_err *err)
{
	zip_t *za;
	zip_file_t *zf = NULL;
	zip_stat_t sb;
	zip_source_t *src = NULL;
	char *zXml = NULL, *zNew = NULL;
	size_t nNew = 0;
	int ze = 0;
	rd_status rc = RD_OK;

	za = zip_open(zPath, 0, &ze);
	if (!za)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot reopen workbook %s to mark formula-like "
				    "text"),
				  zPath);
	zip_stat_init(&sb);
	if (zip_stat(za, "xl/styles.xml", 0, &sb) != 0 ||
	    !(sb.valid & ZIP_STAT_SIZE) || sb.size > 64u * 1024 * 1024 ||
	    !(zf = zip_fopen(za, "xl/styles.xml", 0))) {
		rc = rd_err_set(err, RD_ERR_IO,
				_("workbook %s has no readable styles"), zPath);
		goto done;
	}
	zXml = malloc((size_t)sb.size + 1);
	if (!zXml || zip_fread(zf, zXml, sb.size) != (zip_int64_t)sb.size) {
		rc = rd_err_set(err, zXml ? RD_ERR_IO : RD_ERR_NOMEM,
				_("cannot read the styles of workbook %s"), zPath);
		goto done;
	}
	zXml[sb.size] = '\0';
	zNew = add_quote_prefix(zXml, (size_t)sb.size, &nNew);
	if (!zNew) {
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
		goto done;
	}
	src = zip_source_buffer(za, zNew, nNew, 1);
	if (!src) {
		free(zNew);
		rc = rd_err_set(err, RD_ERR_NOMEM, _("out of memory"));
		goto done;
	}
	if (zip_file_replace(za, (zip_uint64_t)sb.index, src,
			     ZIP_FL_ENC_UTF_8) != 0) {
		zip_source_free(src);
		rc = rd_err_set(err, RD_ERR_IO,
				_("cannot update the styles of workbook %s: %s"),
				zPath, zip_strerror(za));
		goto done;
	}
done:
	if (zf)
		zip_fclose(zf);
	free(zXml);
	if (rc == RD_OK) {
		if (zip_close(za) != 0) {
			rc = rd_err_set(err, RD_ERR_IO,
					_("cannot write workbook %s: %s"), zPath,
					zip_strerror(za));
			zip_discard(za);
		}
	} else {
		zip_discard(za);
	}
	return rc;
}

rd_status rx_workbook_close(lxw_workbook **pwb, const char *zPath,
			    struct rd_err *err)
{
	lxw_error e;

	if (!*pwb)
		return RD_OK;
	e = workbook_close(*pwb);
	*pwb = NULL;
	if (e != LXW_NO_ERROR)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot write workbook %s: %s; check that "
				    "the folder is writable and has space"),
				  zPath, lxw_strerror(e));
	return patch_quote_prefix(zPath, err);
}
