/*
 * scanread.c — reading a scan (see scanread.h).
 */
#include "scanread.h"

#include "core/i18n.h"

#include <errno.h>
#include <jansson.h>
#include <leptonica/allheaders.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <tesseract/capi.h>
#include <time.h>
#include <unistd.h>

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void scanread_result_fini(struct scanread_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nLine; i++)
		free(r->aLine[i].text);
	free(r->aLine);
	r->aLine = NULL;
	r->nLine = 0;
}

static void unreadable(struct scanread_result *r, const char *why)
{
	r->status = SCANREAD_UNREADABLE;
	snprintf(r->reason, sizeof r->reason, "%s", why);
}

/* ------------------------------------------------------------ pixels */

int scanread_is_red(uint8_t r, uint8_t g, uint8_t b)
{
	return r > 120 && r - g > 60 && r - b > 50;
}

void scanread_erase_red(struct rd_image *img)
{
	size_t n = (size_t)img->width * (size_t)img->height;

	for (size_t i = 0; i < n; i++) {
		uint8_t *p = img->rgba + i * 4;

		if (scanread_is_red(p[0], p[1], p[2]))
			p[0] = p[1] = p[2] = 255;
	}
}

static int dark(const uint8_t *p)
{
	return (p[0] + p[1] + p[2]) < 3 * 110 && !scanread_is_red(p[0], p[1], p[2]);
}

int scanread_ink_permille(const struct rd_image *img,
			  const struct scanread_box *b)
{
	int64_t ink = 0, all = 0;
	int x0 = b->x < 0 ? 0 : b->x, y0 = b->y < 0 ? 0 : b->y;
	int x1 = b->x + b->w > img->width ? img->width : b->x + b->w;
	int y1 = b->y + b->h > img->height ? img->height : b->y + b->h;

	if (x1 <= x0 || y1 <= y0)
		return 0;
	for (int y = y0; y < y1; y++) {
		int row = 0;

		for (int x = x0; x < x1; x++)
			row += dark(img->rgba + ((size_t)y * (size_t)img->width +
						 (size_t)x) * 4);
		/* a printed rule (the line to sign on) is not a signature */
		if (row * 2 < x1 - x0)
			ink += row;
		all += x1 - x0;
	}
	return all ? (int)(ink * 1000 / all) : 0;
}

int scanread_find_seal(const struct rd_image *img, struct scanread_box *box)
{
	int step = img->width / 400 > 0 ? img->width / 400 : 1;
	int gw = img->width / step, gh = img->height / step;
	uint8_t *m;
	int *lab, *stack;
	int best = 0, bestN = 0, found = 0;
	int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;

	memset(box, 0, sizeof *box);
	if (gw < 8 || gh < 8)
		return 0;
	m = calloc((size_t)gw * (size_t)gh, 1);
	lab = calloc((size_t)gw * (size_t)gh, sizeof *lab);
	stack = malloc((size_t)gw * (size_t)gh * sizeof *stack);
	if (!m || !lab || !stack)
		goto out;
	for (int y = 0; y < gh; y++)
		for (int x = 0; x < gw; x++) {
			const uint8_t *p = img->rgba +
				(((size_t)y * step) * (size_t)img->width +
				 (size_t)x * step) * 4;

			m[y * gw + x] = (uint8_t)scanread_is_red(p[0], p[1], p[2]);
		}
	/* connected sets (8-neighbour), the largest kept */
	for (int s = 0, next = 1; s < gw * gh; s++) {
		int sp = 0, n = 0, x0 = gw, y0 = gh, x1 = -1, y1 = -1;

		if (!m[s] || lab[s])
			continue;
		lab[s] = next;
		stack[sp++] = s;
		while (sp) {
			int c = stack[--sp], cx = c % gw, cy = c / gw;

			n++;
			x0 = cx < x0 ? cx : x0;
			x1 = cx > x1 ? cx : x1;
			y0 = cy < y0 ? cy : y0;
			y1 = cy > y1 ? cy : y1;
			for (int dy = -1; dy <= 1; dy++)
				for (int dx = -1; dx <= 1; dx++) {
					int nx = cx + dx, ny = cy + dy, k;

					if (nx < 0 || ny < 0 || nx >= gw || ny >= gh)
						continue;
					k = ny * gw + nx;
					if (m[k] && !lab[k]) {
						lab[k] = next;
						stack[sp++] = k;
					}
				}
		}
		if (n > bestN) {
			bestN = n;
			best = next;
			bx0 = x0; by0 = y0; bx1 = x1; by1 = y1;
		}
		next++;
	}
	if (best) {
		double w = bx1 - bx0 + 1, h = by1 - by0 + 1;
		double cx = (bx0 + bx1) / 2.0, cy = (by0 + by1) / 2.0;
		double R = (w + h) / 4.0;
		int near = 0, dirs = 0;
		unsigned long long seen = 0;

		if (w < gw / 20.0 || w / h < 0.8 || w / h > 1.25 || R < 4)
			goto out;
		for (int y = by0; y <= by1; y++)
			for (int x = bx0; x <= bx1; x++) {
				double dx = x - cx, dy = y - cy;
				double d = sqrt(dx * dx + dy * dy);

				if (lab[y * gw + x] != best)
					continue;
				if (d > 0.78 * R && d < 1.15 * R) {
					int a = (int)((atan2(dy, dx) + M_PI) /
						      (2 * M_PI) * 36) % 36;

					near++;
					seen |= 1ull << a;
				}
			}
		for (int a = 0; a < 36; a++)
			dirs += (int)((seen >> a) & 1);
		if (near * 10 >= bestN * 6 && dirs >= 30) {
			found = 1;
			box->x = bx0 * step;
			box->y = by0 * step;
			box->w = (int)w * step;
			box->h = (int)h * step;
		}
	}
out:
	free(m);
	free(lab);
	free(stack);
	return found;
}

/* ------------------------------------------------------------ OCR */

struct deadline {
	int64_t until;
};

static bool cancel_cb(void *cancel_this, int words)
{
	const struct deadline *d = cancel_this;

	(void)words;
	return mono_ms() > d->until;
}

/* Grey leptonica picture of img. */
static PIX *to_grey(const struct rd_image *img)
{
	PIX *p = pixCreate(img->width, img->height, 8);

	if (!p)
		return NULL;
	for (int y = 0; y < img->height; y++) {
		l_uint32 *line = pixGetData(p) + y * pixGetWpl(p);
		const uint8_t *s = img->rgba + (size_t)y * (size_t)img->width * 4;

		for (int x = 0; x < img->width; x++) {
			int v = (s[x * 4] * 299 + s[x * 4 + 1] * 587 +
				 s[x * 4 + 2] * 114) / 1000;

			SET_DATA_BYTE(line, x, v);
		}
	}
	return p;
}

/* The paper: rows and columns mostly light (a phone photo's desk is
 * dark). Leaves *box the whole picture when nothing stands out. */
static void paper_box(PIX *p, BOX **out)
{
	int w = pixGetWidth(p), h = pixGetHeight(p), wpl = pixGetWpl(p);
	l_uint32 *d = pixGetData(p);
	int x0 = 0, x1 = w - 1, y0 = 0, y1 = h - 1;
	int *col = calloc((size_t)w, sizeof *col), *row = calloc((size_t)h, sizeof *row);

	*out = NULL;
	if (!col || !row)
		goto done;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			if (GET_DATA_BYTE(d + y * wpl, x) > 170) {
				col[x]++;
				row[y]++;
			}
	while (x0 < w - 1 && col[x0] * 2 < h)
		x0++;
	while (x1 > x0 && col[x1] * 2 < h)
		x1--;
	while (y0 < h - 1 && row[y0] * 2 < w)
		y0++;
	while (y1 > y0 && row[y1] * 2 < w)
		y1--;
	if (x1 - x0 > w / 3 && y1 - y0 > h / 3 &&
	    (x0 > 0 || y0 > 0 || x1 < w - 1 || y1 < h - 1))
		*out = boxCreate(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
done:
	free(col);
	free(row);
}

/* Undo the deskew on a box found in the deskewed, cropped picture. */
static struct scanread_box unskew(int l, int t, int r, int b, int ox, int oy,
				  double deg, int w, int h)
{
	double a = -deg * M_PI / 180, cx = w / 2.0, cy = h / 2.0;
	double xs[4] = { l + ox, r + ox, l + ox, r + ox };
	double ys[4] = { t + oy, t + oy, b + oy, b + oy };
	double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
	struct scanread_box o;

	for (int i = 0; i < 4; i++) {
		double dx = xs[i] - cx, dy = ys[i] - cy;
		double X = cx + dx * cos(a) - dy * sin(a);
		double Y = cy + dx * sin(a) + dy * cos(a);

		x0 = X < x0 ? X : x0;
		x1 = X > x1 ? X : x1;
		y0 = Y < y0 ? Y : y0;
		y1 = Y > y1 ? Y : y1;
	}
	o.x = x0 < 0 ? 0 : (int)x0;
	o.y = y0 < 0 ? 0 : (int)y0;
	o.w = (int)(x1 > w ? w : x1) - o.x;
	o.h = (int)(y1 > h ? h : y1) - o.y;
	if (o.w < 1 || o.h < 1)
		o.w = o.h = 0;
	return o;
}

static int is_space_only(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && *s != '\n' && *s != '\t')
			return 0;
	return 1;
}

/* Strip the newline tesseract ends a line with. */
static void chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static rd_status ocr(PIX *pix, int ox, int oy, const struct scanread_limits *lim,
		     int64_t until, struct scanread_result *out,
		     struct rd_err *err)
{
	TessBaseAPI *api = TessBaseAPICreate();
	ETEXT_DESC *mon = NULL;
	TessResultIterator *ri = NULL;
	struct deadline dl = { until };
	rd_status rc = RD_OK;
	int64_t sum = 0;

	if (!api)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	if (TessBaseAPIInit3(api, NULL, lim->langs ? lim->langs : SCANREAD_LANGS)) {
		rc = rd_err_set(err, RD_ERR_UNSUPPORTED,
				_("tesseract cannot load its language data (%s); "
				  "install tesseract-ocr-chi-sim and "
				  "tesseract-ocr-eng"),
				lim->langs ? lim->langs : SCANREAD_LANGS);
		goto done;
	}
	TessBaseAPISetVariable(api, "debug_file", "/dev/null");
	TessBaseAPISetVariable(api, "user_defined_dpi", "150");
	TessBaseAPISetPageSegMode(api, PSM_SINGLE_BLOCK);
	TessBaseAPISetImage2(api, pix);
	mon = TessMonitorCreate();
	if (!mon) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	TessMonitorSetCancelFunc(mon, cancel_cb);
	TessMonitorSetCancelThis(mon, &dl);
	{
		int64_t left = until - mono_ms();

		TessMonitorSetDeadlineMSecs(mon, left > 1 ? (int)left : 1);
	}
	if (TessBaseAPIRecognize(api, mon) != 0 || mono_ms() > until) {
		unreadable(out, "time");
		goto done;
	}
	ri = TessBaseAPIGetIterator(api);
	if (!ri)
		goto done;
	do {
		TessPageIterator *pi = TessResultIteratorGetPageIterator(ri);
		char *t = TessResultIteratorGetUTF8Text(ri, RIL_TEXTLINE);
		int l, tp, r, b;
		struct scanread_line *ln;

		if (!t)
			continue;
		if (is_space_only(t) || out->nLine >= SCANREAD_MAX_LINES ||
		    !TessPageIteratorBoundingBox(pi, RIL_TEXTLINE, &l, &tp, &r, &b)) {
			TessDeleteText(t);
			continue;
		}
		ln = realloc(out->aLine, (out->nLine + 1) * sizeof *ln);
		if (!ln) {
			TessDeleteText(t);
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
		out->aLine = ln;
		ln = &out->aLine[out->nLine];
		ln->text = strdup(t);
		TessDeleteText(t);
		if (!ln->text) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
		chomp(ln->text);
		ln->conf = (int)TessResultIteratorConfidence(ri, RIL_TEXTLINE);
		ln->conf = ln->conf < 0 ? 0 : ln->conf > 100 ? 100 : ln->conf;
		ln->box = unskew(l, tp, r, b, ox, oy, out->skew_deg, out->width,
				 out->height);
		sum += ln->conf;
		out->nLine++;
	} while (TessResultIteratorNext(ri, RIL_TEXTLINE));
	out->mean_conf = out->nLine ? (int)(sum / (int64_t)out->nLine) : 0;
done:
	if (ri)
		TessResultIteratorDelete(ri);
	if (mon)
		TessMonitorDelete(mon);
	TessBaseAPIEnd(api);
	TessBaseAPIDelete(api);
	return rc;
}

static const struct scanread_line *line_with(const struct scanread_result *r,
					     const char *a, const char *b)
{
	for (size_t i = 0; i < r->nLine; i++)
		if (strstr(r->aLine[i].text, a) || (b && strstr(r->aLine[i].text, b)))
			return &r->aLine[i];
	return NULL;
}

/*
 * Signature: ink right of the "经办人签字" label (six characters of the
 * form's label height), on its line and just below. A scribble often
 * hides the label from OCR; then the band between the pledge line
 * ("承诺") and the seal's label ("盖章") is where it is.
 */
static void find_signature(const struct rd_image *img,
			   struct scanread_result *out)
{
	const struct scanread_line *l = line_with(out, "签字", "签名");
	const struct scanread_line *seal = line_with(out, "盖章", NULL);
	const struct scanread_line *pledge = line_with(out, "承诺", NULL);
	struct scanread_box b;
	int h;

	out->signature = -1; /* no place found: not judged */
	if (l) {
		h = seal && seal->box.h > 0 ? seal->box.h : l->box.h;
		h = h > 0 ? h : 1;
		b.x = l->box.x + (int)(6.8 * h);
		b.y = l->box.y - h;
		b.h = 3 * h;
	} else if (seal && pledge && seal->box.y > pledge->box.y + pledge->box.h) {
		h = seal->box.h > 0 ? seal->box.h : 1;
		b.x = seal->box.x + (int)(6.8 * h);
		b.y = pledge->box.y + pledge->box.h + h / 2;
		b.h = seal->box.y - b.y - h / 2;
		if (b.h < h)
			return;
	} else {
		return;
	}
	b.w = img->width * 4 / 10;
	out->sig_box = b;
	out->signature = scanread_ink_permille(img, &b) >= 6;
}

/* Enough text to call it read: 6 letters or digits in lines of
 * confidence 50 or more. */
static int enough_text(const struct scanread_result *r)
{
	int n = 0;

	for (size_t i = 0; i < r->nLine; i++) {
		if (r->aLine[i].conf < 50)
			continue;
		for (const unsigned char *p = (const unsigned char *)r->aLine[i].text;
		     *p; p++)
			if (*p >= 0xE4 || (*p >= '0' && *p <= '9') ||
			    (*p >= 'A' && *p <= 'Z'))
				n++;
	}
	return n >= 6;
}

rd_status scanread_image(const void *data, size_t n, const char *role,
			 const struct scanread_limits *lim,
			 struct scanread_result *out, struct rd_err *err)
{
	int64_t t0 = mono_ms(), until = t0 + (lim->time_ms > 0 ? lim->time_ms : 30000);
	struct rd_image *img = NULL;
	struct rd_err e1;
	PIX *grey = NULL, *desk = NULL, *crop = NULL;
	BOX *paper = NULL;
	l_float32 angle = 0, conf = 0;
	int form = role && !strcmp(role, "application_form");
	rd_status rc = RD_OK;

	memset(out, 0, sizeof *out);
	out->seal = out->signature = -1;
	rd_err_clear(&e1);
	rc = rd_image_decode(data, n, lim->max_pixels, &img, NULL, &e1);
	if (rc != RD_OK) {
		unreadable(out, rc == RD_ERR_LIMIT ? "pixels" :
			   rc == RD_ERR_NOMEM ? "memory" : "decode");
		rc = RD_OK;
		goto done;
	}
	out->width = img->width;
	out->height = img->height;
	if (form && (out->seal = scanread_find_seal(img, &out->seal_box)) == 0)
		out->seal_box.w = 0;
	scanread_erase_red(img);
	grey = to_grey(img);
	if (!grey)
		goto nomem;
	desk = pixFindSkewAndDeskew(grey, 0, &angle, &conf);
	if (!desk)
		desk = pixClone(grey);
	out->skew_deg = conf >= 2.0 ? angle : 0;
	paper_box(desk, &paper);
	crop = paper ? pixClipRectangle(desk, paper, NULL) : pixClone(desk);
	if (!crop)
		goto nomem;
	rc = ocr(crop, paper ? paper->x : 0, paper ? paper->y : 0, lim, until,
		 out, err);
	if (rc != RD_OK)
		goto done;
	if (out->status == SCANREAD_OK && !enough_text(out))
		unreadable(out, "no_text");
	if (out->status == SCANREAD_OK && form)
		find_signature(img, out);
	goto done;
nomem:
	rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
done:
	if (paper)
		boxDestroy(&paper);
	if (crop)
		pixDestroy(&crop);
	if (desk)
		pixDestroy(&desk);
	if (grey)
		pixDestroy(&grey);
	rd_image_free(&img);
	out->ms = (int)(mono_ms() - t0);
	return rc;
}

/* ------------------------------------------------------------ JSON */

static json_t *jbox(const struct scanread_box *b)
{
	return json_pack("[iiii]", b->x, b->y, b->w, b->h);
}

char *scanread_result_json(const struct scanread_result *r)
{
	json_t *o = json_pack("{s:i,s:s,s:i,s:i,s:f,s:i,s:i,s:o,s:i,s:o,s:i}",
			      "status", (int)r->status, "reason", r->reason,
			      "width", r->width, "height", r->height, "skew",
			      r->skew_deg, "mean_conf", r->mean_conf, "seal",
			      r->seal, "seal_box", jbox(&r->seal_box),
			      "signature", r->signature, "sig_box",
			      jbox(&r->sig_box), "ms", r->ms);
	json_t *a = json_array();
	char *z;

	if (!o || !a) {
		json_decref(o);
		json_decref(a);
		return NULL;
	}
	for (size_t i = 0; i < r->nLine; i++)
		json_array_append_new(a, json_pack("{s:s,s:i,s:o}", "t",
						   r->aLine[i].text, "c",
						   r->aLine[i].conf, "b",
						   jbox(&r->aLine[i].box)));
	json_object_set_new(o, "lines", a);
	z = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return z;
}

static void box_from(json_t *a, struct scanread_box *b)
{
	memset(b, 0, sizeof *b);
	if (json_is_array(a) && json_array_size(a) == 4) {
		b->x = (int)json_integer_value(json_array_get(a, 0));
		b->y = (int)json_integer_value(json_array_get(a, 1));
		b->w = (int)json_integer_value(json_array_get(a, 2));
		b->h = (int)json_integer_value(json_array_get(a, 3));
	}
}

rd_status scanread_result_parse(const char *json, struct scanread_result *out,
				struct rd_err *err)
{
	json_t *o = json_loads(json, JSON_REJECT_DUPLICATES, NULL), *a;
	size_t n;

	memset(out, 0, sizeof *out);
	if (!json_is_object(o)) {
		json_decref(o);
		return rd_err_set(err, RD_ERR_CORRUPT,
				  _("the reader's answer is not JSON"));
	}
	out->status = json_integer_value(json_object_get(o, "status")) ?
			      SCANREAD_UNREADABLE : SCANREAD_OK;
	snprintf(out->reason, sizeof out->reason, "%s",
		 json_string_value(json_object_get(o, "reason")) ?
			 json_string_value(json_object_get(o, "reason")) : "");
	out->width = (int)json_integer_value(json_object_get(o, "width"));
	out->height = (int)json_integer_value(json_object_get(o, "height"));
	out->skew_deg = json_number_value(json_object_get(o, "skew"));
	out->mean_conf = (int)json_integer_value(json_object_get(o, "mean_conf"));
	out->seal = (int)json_integer_value(json_object_get(o, "seal"));
	out->signature = (int)json_integer_value(json_object_get(o, "signature"));
	out->ms = (int)json_integer_value(json_object_get(o, "ms"));
	box_from(json_object_get(o, "seal_box"), &out->seal_box);
	box_from(json_object_get(o, "sig_box"), &out->sig_box);
	a = json_object_get(o, "lines");
	n = json_is_array(a) ? json_array_size(a) : 0;
	if (n > SCANREAD_MAX_LINES)
		n = SCANREAD_MAX_LINES;
	out->aLine = n ? calloc(n, sizeof *out->aLine) : NULL;
	if (n && !out->aLine) {
		json_decref(o);
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	}
	for (size_t i = 0; i < n; i++) {
		json_t *l = json_array_get(a, i);
		const char *t = json_string_value(json_object_get(l, "t"));

		out->aLine[i].text = strdup(t ? t : "");
		if (!out->aLine[i].text)
			break;
		out->aLine[i].conf = (int)json_integer_value(json_object_get(l, "c"));
		box_from(json_object_get(l, "b"), &out->aLine[i].box);
		out->nLine++;
	}
	json_decref(o);
	return RD_OK;
}

/* ------------------------------------------------------------ bounded */

static void child(int fd, const void *data, size_t n, const char *role,
		  const struct scanread_limits *lim)
{
	struct scanread_result r;
	struct rd_err e;
	char *z;
	size_t off = 0, len;

#if !defined(__SANITIZE_ADDRESS__)
	if (lim->max_memory_mb > 0) {
		struct rlimit rl;

		rl.rlim_cur = rl.rlim_max = (rlim_t)lim->max_memory_mb << 20;
		setrlimit(RLIMIT_AS, &rl);
	}
#endif
	rd_err_clear(&e);
	if (scanread_image(data, n, role, lim, &r, &e) != RD_OK) {
		/* the machine's failure, not the scan's: say so */
		json_t *o = json_pack("{s:s}", "error", rd_err_msg(&e));

		z = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
	} else {
		z = scanread_result_json(&r);
	}
	scanread_result_fini(&r);
	len = z ? strlen(z) : 0;
	while (off < len) {
		ssize_t w = write(fd, z + off, len - off);

		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(z);
	_exit(z ? 0 : 3);
}

rd_status scanread_bounded(const void *data, size_t n, const char *role,
			   const struct scanread_limits *lim,
			   struct scanread_result *out, struct rd_err *err)
{
	int fds[2], status = 0, killed = 0;
	int64_t t0 = mono_ms(), until = t0 + (lim->time_ms > 0 ? lim->time_ms : 30000) + 500;
	char *buf = NULL;
	size_t len = 0;
	pid_t pid;
	rd_status rc = RD_OK;

	memset(out, 0, sizeof *out);
	out->seal = out->signature = -1;
	if (pipe(fds) != 0)
		return rd_err_set(err, RD_ERR_IO, _("cannot make a pipe: %s"),
				  strerror(errno));
	buf = malloc(SCANREAD_MAX_ANSWER + 1);
	if (!buf) {
		close(fds[0]);
		close(fds[1]);
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		rc = rd_err_set(err, RD_ERR_IO, _("cannot start the reader: %s"),
				strerror(errno));
		close(fds[0]);
		close(fds[1]);
		free(buf);
		return rc;
	}
	if (pid == 0) {
		close(fds[0]);
		child(fds[1], data, n, role, lim);
	}
	close(fds[1]);
	for (;;) {
		struct pollfd pf = { fds[0], POLLIN, 0 };
		int64_t left = until - mono_ms();
		ssize_t r;

		if (left <= 0) {
			kill(pid, SIGKILL);
			killed = 1;
			break;
		}
		if (poll(&pf, 1, (int)(left > 1000 ? 1000 : left)) <= 0)
			continue;
		r = read(fds[0], buf + len, SCANREAD_MAX_ANSWER - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
		if (len >= SCANREAD_MAX_ANSWER) {
			kill(pid, SIGKILL);
			killed = 2;
			break;
		}
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	buf[len] = '\0';
	if (killed == 1) {
		unreadable(out, "time");
	} else if (killed || !WIFEXITED(status) || WEXITSTATUS(status) != 0 ||
		   !len) {
		/* a library that failed an allocation under the cap aborts */
		unreadable(out, WIFSIGNALED(status) &&
					 WTERMSIG(status) == SIGABRT ? "memory"
								      : "crashed");
	} else {
		json_t *o = json_loads(buf, 0, NULL);
		const char *zE = json_string_value(json_object_get(o, "error"));

		if (zE)
			rc = rd_err_set(err, RD_ERR_UNSUPPORTED, "%s", zE);
		json_decref(o);
		if (!zE)
			rc = scanread_result_parse(buf, out, err);
	}
	if (out->ms == 0)
		out->ms = (int)(mono_ms() - t0);
	free(buf);
	return rc;
}
