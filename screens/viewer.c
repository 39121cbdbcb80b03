/*
 * viewer.c — modal scan viewer (see viewer.h).
 *
 * The picture is the curses-free cell buffer of src/img_render.c, drawn
 * with one colour pair per (fg, bg) combination. Pairs come from a small
 * cache starting above the console's own pairs; when it fills up it is
 * emptied at the start of a frame (the whole image area is redrawn every
 * frame, so no cell keeps a stale pair). Colour depth follows the
 * terminal: direct colour (COLORS >= 2^24) gets true colour, 256 gets the
 * 240-colour cube/greys, 16 gets the 16 ANSI colours, anything else — or
 * colours off (NO_COLOR, [ui] color = never) — gets foreground/background
 * symbols only.
 *
 * Where the terminal has sixel or kitty graphics ([viewer] graphics,
 * rd_gfx_choose()), the picture is instead an escape sequence written
 * straight to the tty after curses has updated the screen, wrapped in
 * DECSC/DECRC so curses' idea of the cursor stays true. curses keeps the
 * picture's cells blank, so it never draws over them. What curses cannot
 * know about is removed before anything changes (another picture, a
 * resize, closing): kitty's pictures by its delete command, sixel pixels
 * by a full repaint (clearok on curscr), which erases them with the text.
 */
#include "screens/viewer.h"

#include "core/i18n.h"
#include "core/text.h"
#include "crypto.h"
#include "img_decode.h"
#include "img_render.h"
#include "ingest/blob.h"
#include "scanmatch.h"
#include "store/scanread_store.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define VIEWER_PAIR_BASE 32
#define VIEWER_PANEL_W 36
#define VIEWER_SLOTS 16384   /* power of two, > pairs ever used a frame */

struct pair_slot {
	int fg, bg;          /* curses colour numbers (-1 = default) */
	int pair;            /* 0 = empty slot */
};

struct viewer {
	struct ui *ui;
	const struct store_file *aFile;
	size_t nFile, cur;

	/* the current file */
	uint8_t *data;
	size_t n;
	int blob_state;      /* 0 ok, 1 missing/unreadable, 2 tampered */
	char sha[RD_SHA256_HEX];
	struct rd_image *img;
	struct rd_img_info info;
	rd_status decode_rc;
	char zErr[1024];     /* decode or read error, translated */
	int turns;
	int redecode_failed; /* a larger decode for zooming failed once */
	struct rd_img_view view;

	struct rd_cells cells;
	int need_render;     /* the picture changed: render and show again */
	enum rd_render_colors mode;
	enum rd_gfx gfx;     /* symbols, or a terminal graphics protocol */
	int cell_w, cell_h;  /* the terminal's cell in pixels; 0 = unknown */
	struct rd_gfx_image pic;   /* the graphics picture last rendered */
	int pic_on_screen;   /* it is on the terminal, unknown to curses */
	char zNote[256];     /* last action's outcome, on the key bar */

	struct pair_slot *aSlot;
	int next_pair;

	/* the text layer (t): what the reading found, beside or instead of
	 * the picture; sel is the field Enter zooms onto */
	int64_t version_id;  /* 0: no readings to look up */
	int text_mode;       /* 0 picture, 1 text beside, 2 text instead */
	struct store_scan_view rd;
	size_t sel;
};

/* ------------------------------------------------------------ colours */

static enum rd_render_colors viewer_mode(const struct ui *ui)
{
	if (!ui->color || !has_colors())
		return RD_RENDER_MONO;
	if (COLORS >= 0x1000000)
		return RD_RENDER_TRUECOLOR;
	if (COLORS >= 256)
		return RD_RENDER_256;
	if (COLORS >= 16)
		return RD_RENDER_16;
	return RD_RENDER_MONO;
}

static void pairs_reset(struct viewer *v)
{
	if (v->aSlot)
		memset(v->aSlot, 0, VIEWER_SLOTS * sizeof *v->aSlot);
	v->next_pair = VIEWER_PAIR_BASE;
}

/* The pair for fg/bg, allocating one; 0 (default colours) when the
 * terminal has no pairs left. */
static int pair_for(struct viewer *v, int fg, int bg)
{
	unsigned h = ((unsigned)fg * 2654435761u) ^ ((unsigned)bg * 40503u);

	if (!v->aSlot)
		return 0;
	for (unsigned i = 0; i < VIEWER_SLOTS; i++) {
		struct pair_slot *s = &v->aSlot[(h + i) & (VIEWER_SLOTS - 1)];

		if (s->pair && s->fg == fg && s->bg == bg)
			return s->pair;
		if (!s->pair) {
			if (v->next_pair >= COLOR_PAIRS ||
			    v->next_pair - VIEWER_PAIR_BASE >= VIEWER_SLOTS / 2)
				return 0;
			if (init_extended_pair(v->next_pair, fg, bg) == ERR)
				return 0;
			s->fg = fg;
			s->bg = bg;
			s->pair = v->next_pair++;
			return s->pair;
		}
	}
	return 0;
}

static int curses_colour(const struct viewer *v, uint32_t rgb, int16_t idx)
{
	if (rgb == RD_CELL_NONE)
		return -1;
	if (v->mode == RD_RENDER_TRUECOLOR)
		return (int)rgb;     /* direct colour: the number is the RGB */
	return idx >= 0 && idx < COLORS ? idx : -1;
}

/* ------------------------------------------------------------- files */

static void area(const struct viewer *v, struct rd_img_area *a);

/*
 * The pixels the picture needs at this zoom, as a box it is fitted into,
 * in the orientation it is shown. Graphics show the area's real pixels.
 * chafa samples 8 x 8 pixels a cell for its symbols: a box of 8 pixels a
 * column, with the area's aspect (8 x 16 for 1:2 cells), fits the picture
 * to exactly 8 pixels a column (and more than needed down a row).
 */
static void wanted_box(const struct viewer *v, double zoom, int *bw, int *bh)
{
	struct rd_img_area a;
	double w, h;

	area(v, &a);
	if (v->gfx != RD_GFX_SYMBOLS) {
		w = (double)a.cols * a.cell_w * zoom;
		h = (double)a.rows * a.cell_h * zoom;
	} else {
		w = (double)a.cols * 8 * zoom;
		h = (double)a.rows * 8 * a.cell_h / a.cell_w * zoom;
	}
	if (v->turns & 1) {
		double t = w;

		w = h;
		h = t;
	}
	*bw = w > INT_MAX / 2 ? INT_MAX / 2 : w < 1 ? 1 : (int)w;
	*bh = h > INT_MAX / 2 ? INT_MAX / 2 : h < 1 ? 1 : (int)h;
}

/*
 * A JPEG decoded reduced (rd_image_decode_fit) is decoded again, larger,
 * when the zoom or a bigger window needs more pixels than it has. The
 * auditor's rotation is applied again and the view centre scaled, so the
 * same spot stays in the middle.
 */
static void ensure_resolution(struct viewer *v)
{
	struct rd_image *img = NULL;
	struct rd_img_info info;
	struct rd_err err = { 0 };
	double ratio;
	int bw, bh;
	rd_status rc;

	if (!v->img || v->info.scale_denom <= 1 || v->redecode_failed)
		return;
	wanted_box(v, v->view.zoom, &bw, &bh);
	if (rd_img_fit_denom(&v->info, bw, bh) >= v->info.scale_denom)
		return;
	rc = rd_image_decode_fit(v->data, v->n, v->ui->ctx->cfg.max_image_pixels,
				 bw, bh, &img, &info, &err);
	if (rc == RD_OK && rd_image_rotate90(img, v->turns) != RD_OK)
		rc = rd_err_set(&err, RD_ERR_NOMEM,
				_("out of memory rotating the image"));
	if (rc != RD_OK) {
		/* keep showing the reduced picture; do not try every frame */
		snprintf(v->zNote, sizeof v->zNote, "%s", rd_err_msg(&err));
		v->redecode_failed = 1;
		rd_image_free(&img);
		return;
	}
	ratio = (double)img->width / v->img->width;
	v->view.cx *= ratio;
	v->view.cy *= ratio;
	rd_image_free(&v->img);
	v->img = img;
	v->info = info;
}

/* Read a whole regular file of at most cap bytes. */
static rd_status read_capped(const char *path, int64_t cap, uint8_t **out,
			     size_t *n, struct rd_err *err)
{
	struct stat sb;
	uint8_t *p = NULL;
	size_t got = 0;
	rd_status rc = RD_OK;
	int fd;

	*out = NULL;
	*n = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND : RD_ERR_IO,
				  _("cannot open the scan %s: %s; run `radesk db "
				    "check` to verify the blob store"),
				  path, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = rd_err_set(err, RD_ERR_IO, _("the scan %s is not a regular "
						  "file"), path);
		goto done;
	}
	if (sb.st_size > cap) {
		rc = rd_err_set(err, RD_ERR_LIMIT,
				_("the scan %s is %lld bytes, more than [ingest] "
				  "max_scan_bytes (%lld); it was not read"),
				path, (long long)sb.st_size, (long long)cap);
		goto done;
	}
	p = malloc((size_t)sb.st_size + 1);
	if (!p) {
		rc = RD_ERR_NOMEM;
		goto done;
	}
	/* read up to cap+1 so a file that grew since fstat is noticed */
	for (;;) {
		ssize_t k = read(fd, p + got, (size_t)sb.st_size + 1 - got);

		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			rc = rd_err_set(err, RD_ERR_IO, _("cannot read the scan "
							  "%s: %s"),
					path, strerror(errno));
			goto done;
		}
		if (k == 0)
			break;
		got += (size_t)k;
		if (got > (size_t)sb.st_size) {
			rc = rd_err_set(err, RD_ERR_IO, _("the scan %s changed "
							  "while it was read"),
					path);
			goto done;
		}
	}
	*out = p;
	*n = got;
	p = NULL;
done:
	free(p);
	close(fd);
	return rc;
}

static void file_unload(struct viewer *v)
{
	free(v->data);
	v->data = NULL;
	v->n = 0;
	rd_image_free(&v->img);
	memset(&v->info, 0, sizeof v->info);
	v->zErr[0] = '\0';
	v->sha[0] = '\0';
	v->blob_state = 0;
	v->decode_rc = RD_OK;
	v->turns = 0;
	v->redecode_failed = 0;
	store_scan_view_fini(&v->rd);
	v->sel = 0;
}

static void file_load(struct viewer *v)
{
	const struct store_file *f = &v->aFile[v->cur];
	const struct rd_config *cfg = &v->ui->ctx->cfg;
	char zPath[PATH_MAX];
	struct rd_err err = { 0 };
	int bw, bh;
	rd_status rc;

	file_unload(v);
	v->need_render = 1;
	v->zNote[0] = '\0';
	rc = ingest_blob_path(cfg->blob_dir, f->sha256, zPath, sizeof zPath);
	if (rc == RD_OK)
		rc = read_capped(zPath, cfg->max_scan_bytes, &v->data, &v->n, &err);
	else
		rd_err_set(&err, rc, _("the manifest hash of this file is not a "
				       "SHA-256; the record is damaged"));
	if (rc != RD_OK) {
		v->blob_state = 1;
		v->decode_rc = rc;
		snprintf(v->zErr, sizeof v->zErr, "%s", rd_err_msg(&err));
		return;
	}
	if (v->version_id > 0) {
		struct rd_err e1 = { 0 };

		/* no reading (yet) is shown as such; an error as a note */
		if (store_scan_view_get(v->ui->ctx->st, v->version_id, f->path,
					&v->rd, &e1) != RD_OK)
			snprintf(v->zNote, sizeof v->zNote, "%s", rd_err_msg(&e1));
	}
	rd_sha256_hex(v->data, v->n, v->sha);
	if (strcmp(v->sha, f->sha256) != 0 || (int64_t)v->n != f->size)
		v->blob_state = 2;
	wanted_box(v, 1.0, &bw, &bh);
	v->decode_rc = rd_image_decode_fit(v->data, v->n, cfg->max_image_pixels,
					   bw, bh, &v->img, &v->info, &err);
	if (v->decode_rc != RD_OK)
		snprintf(v->zErr, sizeof v->zErr, "%s", rd_err_msg(&err));
	else
		rd_img_view_fit(&v->view, v->img);
}

/* --------------------------------------------------------- open with */

/*
 * Run [viewer] open_with on the blob, detached. The command comes from the
 * configuration (trusted, written by the administrator) and is split on
 * blanks; the only other argument is the blob path, which is built from a
 * hex hash. No shell is involved. A CLOEXEC pipe tells us whether exec
 * worked; the grandchild is reparented, so no zombie stays behind.
 */
static void open_with(struct viewer *v)
{
	const char *zCmd = v->ui->ctx->cfg.open_with;
	char zPath[PATH_MAX];
	char *zCopy = NULL, *argv[18];
	int argc = 0, fds[2] = { -1, -1 }, werr = 0, status;
	pid_t pid;

	if (!zCmd || !*zCmd) {
		snprintf(v->zNote, sizeof v->zNote, "%s",
			 _("no external viewer is configured ([viewer] open_with)"));
		return;
	}
	if (ingest_blob_path(v->ui->ctx->cfg.blob_dir, v->aFile[v->cur].sha256,
			     zPath, sizeof zPath) != RD_OK)
		return;
	zCopy = strdup(zCmd);
	if (!zCopy)
		return;
	for (char *tok = strtok(zCopy, " \t"); tok && argc < 16;
	     tok = strtok(NULL, " \t"))
		argv[argc++] = tok;
	argv[argc++] = zPath;
	argv[argc] = NULL;
	if (pipe(fds) != 0 || fcntl(fds[0], F_SETFD, FD_CLOEXEC) != 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) != 0)
		goto done;
	pid = fork();
	if (pid == 0) {
		pid_t g;
		int nul;

		setsid();
		g = fork();
		if (g != 0)
			_exit(g < 0 ? 1 : 0);
		nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			dup2(nul, 0);
			dup2(nul, 1);
			dup2(nul, 2);
		}
		execvp(argv[0], argv);
		werr = errno;
		if (write(fds[1], &werr, sizeof werr) < 0)
			_exit(127);
		_exit(127);
	}
	close(fds[1]);
	fds[1] = -1;
	if (pid < 0) {
		snprintf(v->zNote, sizeof v->zNote, _("cannot start %s: %s"),
			 argv[0], strerror(errno));
		goto done;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (read(fds[0], &werr, sizeof werr) == (ssize_t)sizeof werr)
		snprintf(v->zNote, sizeof v->zNote, _("cannot start %s: %s"),
			 argv[0], strerror(werr));
	else
		snprintf(v->zNote, sizeof v->zNote, _("opened with %s"), argv[0]);
done:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(zCopy);
}

/* -------------------------------------------------------------- draw */

static int panel_width(void)
{
	return COLS >= 80 ? VIEWER_PANEL_W : 0;
}

/* The image area: below the title line, above the key bar, left of the
 * panel; with the terminal's cell size when it is known. */
static void area(const struct viewer *v, struct rd_img_area *a)
{
	int pw = panel_width();

	a->cols = v->text_mode == 2 || (v->text_mode && !pw) ? 0
		  : COLS - (pw ? pw + 1 : 0);
	a->rows = LINES - 2;
	a->cell_w = v->cell_w > 0 && v->cell_h > 0 ? v->cell_w : RD_CELL_PX_W;
	a->cell_h = v->cell_w > 0 && v->cell_h > 0 ? v->cell_h : RD_CELL_PX_H;
}

/* ---------------------------------------------------------- graphics */

/* The terminal's cell size from TIOCGWINSZ (xterm, foot, kitty, mlterm,
 * WezTerm fill it in, and ssh carries it); 0 when it is not reported. */
static int term_cell_px(int *cw, int *ch)
{
	struct winsize ws;

	*cw = *ch = 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) != 0 || !ws.ws_col ||
	    !ws.ws_row || !ws.ws_xpixel || !ws.ws_ypixel)
		return 0;
	*cw = ws.ws_xpixel / ws.ws_col;
	*ch = ws.ws_ypixel / ws.ws_row;
	if (*cw < 2 || *ch < 2 || *cw > 512 || *ch > 512)
		*cw = *ch = 0;
	return *cw > 0;
}

static enum rd_gfx choose_gfx(struct viewer *v)
{
	const char *zCfg = v->ui->ctx->cfg.graphics;
	struct rd_gfx_hints h = { 0 };

	h.term = getenv("TERM");
	h.kitty_window = getenv("KITTY_WINDOW_ID");
	h.tmux = getenv("TMUX");
	h.terminfo_sixel = tigetflag("Sxl") > 0;
	h.cell_px_known = term_cell_px(&v->cell_w, &v->cell_h);
	/* colours off ([ui] color = never, NO_COLOR): no colour pictures
	 * unless graphics were asked for by name */
	if (v->mode == RD_RENDER_MONO && (!zCfg || !strcmp(zCfg, "auto")))
		return RD_GFX_SYMBOLS;
	return rd_gfx_choose(zCfg, &h);
}

/* Write all of p[0..n) to the terminal, after curses' own output. */
static void tty_write(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(STDOUT_FILENO, p, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return;      /* the terminal is gone; the loop sees it */
		p += k;
		n -= (size_t)k;
	}
}

/* Remove the picture curses does not know about, before the screen
 * changes under it. */
static void gfx_forget(struct viewer *v)
{
	if (!v->pic_on_screen)
		return;
	if (v->gfx == RD_GFX_KITTY) {
		const char *z = rd_gfx_kitty_delete_all();

		tty_write(z, strlen(z));
	} else {
		/* the next refresh clears the screen and repaints the text;
		 * the clear takes the sixel pixels with it */
		clearok(curscr, TRUE);
	}
	v->pic_on_screen = 0;
}

/* Write the rendered picture at its cell: the area starts on screen row
 * 1, column 0; the cursor and attributes are saved and restored around
 * it (DECSC/DECRC), so curses' next update starts where it thinks. */
static void gfx_show(struct viewer *v)
{
	char z[32];
	int k;

	if (!v->pic.seq)
		return;
	k = snprintf(z, sizeof z, "\0337\033[%d;%dH", 2 + v->pic.row,
		     1 + v->pic.col);
	tty_write(z, (size_t)k);
	tty_write(v->pic.seq, v->pic.len);
	tty_write("\0338", 2);
	v->pic_on_screen = 1;
}

static const char *role_label(const char *zRole)
{
	static const struct { const char *zRole, *zLabel; } aRole[] = {
		{ "application_form", N_("Application form") },
		{ "business_license", N_("Business licence") },
		{ "id_front", N_("ID card, front") },
		{ "id_back", N_("ID card, back") },
		{ "other", N_("Other") },
	};

	for (size_t i = 0; i < sizeof aRole / sizeof aRole[0]; i++)
		if (strcmp(aRole[i].zRole, zRole) == 0)
			return _(aRole[i].zLabel);
	return zRole;
}

/* Write sanitised text wrapped at w columns from row *y, at most to
 * row ymax. */
static void put_wrapped(int *y, int ymax, int x, int w, const char *s,
			int attr)
{
	char *z = rd_text_sanitize_dup(s);
	const char *p;

	if (!z || w < 4)
		goto done;
	p = z;
	while (*p && *y <= ymax) {
		const char *q = p, *cut = p;
		int cols = 0;
		char line[RD_TEXT_BUFSZ(VIEWER_PANEL_W * 4)];
		size_t len;

		while (*q) {
			uint32_t cp;
			size_t k = rd_text_utf8_decode(q, strlen(q), &cp);
			int cw = rd_text_cp_width(cp);

			if (k == 0)
				k = 1;
			if (cols + cw > w)
				break;
			cols += cw;
			q += k;
			if (cp == ' ')
				cut = q;
		}
		if (*q && cut > p)
			q = cut;            /* break after the last space */
		len = (size_t)(q - p);
		if (len >= sizeof line)
			len = sizeof line - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		ui_put((*y)++, x, w, line, attr);
		p = q;
		while (*p == ' ')
			p++;
	}
done:
	free(z);
}

/* One panel line at *y if it is still above the key bar; *y moves on. */
static void panel_put(int *y, int ymax, int x, int w, const char *z, int attr)
{
	if (*y <= ymax)
		ui_put(*y, x, w, z, attr);
	(*y)++;
}

/* The manifest's hash and what the blob store holds, loudly when they
 * differ. First in the panel: it must never be pushed off the screen. */
static void panel_integrity(struct viewer *v, int *y, int ymax, int x, int w)
{
	const struct store_file *f = &v->aFile[v->cur];
	int dim = ui_attr(v->ui, UI_DIM), bad = ui_attr(v->ui, UI_RISK) | A_BOLD;
	size_t k = strlen(f->sha256) > 32 ? 32 : strlen(f->sha256);
	char z[80];

	panel_put(y, ymax, x, w, _("SHA-256 (manifest):"),
		  ui_attr(v->ui, UI_NORMAL));
	snprintf(z, sizeof z, "%.32s", f->sha256);
	panel_put(y, ymax, x, w, z, dim);
	snprintf(z, sizeof z, "%.32s", f->sha256 + k);
	panel_put(y, ymax, x, w, z, dim);
	if (v->blob_state == 0) {
		panel_put(y, ymax, x, w, _("Blob matches the manifest"),
			  ui_attr(v->ui, UI_OK));
	} else if (v->blob_state == 2) {
		panel_put(y, ymax, x, w, _("!! TAMPERED !!"), bad);
		put_wrapped(y, ymax, x, w,
			    _("The stored scan does not match the hash in the "
			      "manifest. Do not approve; report it."), bad);
		panel_put(y, ymax, x, w, _("SHA-256 (blob):"),
			  ui_attr(v->ui, UI_NORMAL));
		snprintf(z, sizeof z, "%.32s", v->sha);
		panel_put(y, ymax, x, w, z, bad);
		snprintf(z, sizeof z, "%.32s", v->sha + 32);
		panel_put(y, ymax, x, w, z, bad);
	} else {
		panel_put(y, ymax, x, w, _("!! BLOB MISSING OR UNREADABLE !!"),
			  bad);
	}
}

/* Type, size and how the picture is shown. */
static void panel_picture(struct viewer *v, int *y, int ymax, int x, int w)
{
	const struct store_file *f = &v->aFile[v->cur];
	int normal = ui_attr(v->ui, UI_NORMAL), dim = ui_attr(v->ui, UI_DIM);
	char z[512];

	snprintf(z, sizeof z, _("Type: %s (manifest: %s)"),
		 rd_img_type_name(v->info.type), f->content_type);
	put_wrapped(y, ymax, x, w, z, normal);
	if (v->img) {
		int uw = v->info.orientation >= 5 ? v->info.height : v->info.width;
		int uh = v->info.orientation >= 5 ? v->info.width : v->info.height;

		snprintf(z, sizeof z, _("Pixels: %d × %d"),
			 v->turns & 1 ? uh : uw, v->turns & 1 ? uw : uh);
		panel_put(y, ymax, x, w, z, normal);
		if (v->info.orientation != 1) {
			snprintf(z, sizeof z, _("Stored %d × %d, EXIF orientation %d"),
				 v->info.width, v->info.height, v->info.orientation);
			put_wrapped(y, ymax, x, w, z, dim);
		}
	} else if (v->info.width > 0) {
		snprintf(z, sizeof z, _("Header claims %d × %d"), v->info.width,
			 v->info.height);
		panel_put(y, ymax, x, w, z, normal);
	}
	snprintf(z, sizeof z, _("Bytes: %zu (manifest: %lld)"), v->n,
		 (long long)f->size);
	put_wrapped(y, ymax, x, w, z, normal);
	if (v->img) {
		(*y)++;
		snprintf(z, sizeof z, _("Zoom %d%%, rotated %d°"),
			 (int)(v->view.zoom * 100 + 0.5), (v->turns & 3) * 90);
		panel_put(y, ymax, x, w, z, normal);
		if (v->info.scale_denom > 1) {
			snprintf(z, sizeof z, _("Decoded at 1/%d to fit"),
				 v->info.scale_denom);
			panel_put(y, ymax, x, w, z, dim);
		}
	}
	snprintf(z, sizeof z, _("Drawn with: %s"),
		 v->gfx == RD_GFX_SIXEL	  ? "sixel"
		 : v->gfx == RD_GFX_KITTY ? "kitty"
					  : _("symbols"));
	panel_put(y, ymax, x, w, z, dim);
}

static void draw_panel(struct viewer *v, int x, int w)
{
	const struct store_file *f = &v->aFile[v->cur];
	int y = 1, ymax = LINES - 2;
	int normal = ui_attr(v->ui, UI_NORMAL);
	char z[64];

	snprintf(z, sizeof z, _("File %zu of %zu"), v->cur + 1, v->nFile);
	panel_put(&y, ymax, x, w, z, ui_attr(v->ui, UI_SECTION));
	panel_put(&y, ymax, x, w, role_label(f->role), normal);
	put_wrapped(&y, ymax, x, w, f->path, normal);
	y++;
	panel_integrity(v, &y, ymax, x, w);
	y++;
	panel_picture(v, &y, ymax, x, w);
}

/* ------------------------------------------------------- text layer */

static const char *reason_words(const char *z)
{
	static const struct { const char *code, *words; } a[] = {
		{ "decode", N_("the file is not a picture that can be decoded") },
		{ "pixels", N_("it has more pixels than [scan_read] max_pixels") },
		{ "time", N_("reading it took longer than [scan_read] time_limit") },
		{ "memory", N_("reading it ran out of memory") },
		{ "crashed", N_("the reader failed on this file") },
		{ "no_text", N_("no legible text was found") },
	};

	for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
		if (!strcmp(a[i].code, z))
			return _(a[i].words);
	return _("no legible text was found");
}

static const char *verdict_mark(enum rd_scan_verdict vd)
{
	return vd == RD_SCAN_MATCH ? "✓" : vd == RD_SCAN_MISMATCH ? "✗"
	       : vd == RD_SCAN_UNSURE ? "≈" : "·";
}

/* The recognised text of the scan: the fields with ✓/✗ against what was
 * typed (the selected one reversed), seal and signature, then the lines. */
static void draw_text(struct viewer *v, int x, int w)
{
	const struct store_scan_view *r = &v->rd;
	int y = 1, ymax = LINES - 2;
	int normal = ui_attr(v->ui, UI_NORMAL), dim = ui_attr(v->ui, UI_DIM);
	int ok = ui_attr(v->ui, UI_OK);
	int warn = ui_attr(v->ui, UI_WARN) | (int)A_BOLD;
	char z[1024];

	panel_put(&y, ymax, x, w, role_label(v->aFile[v->cur].role),
		  ui_attr(v->ui, UI_SECTION));
	if (!r->found) {
		put_wrapped(&y, ymax, x, w, v->version_id > 0 ?
			    _("Not read yet: the worker reads each scan after "
			      "ingest when [scan_read] enabled = yes.") :
			    _("No reading for this file."), dim);
		return;
	}
	if (strcmp(r->status, "read") != 0) {
		snprintf(z, sizeof z, _("Unreadable: %s"), reason_words(r->reason));
		put_wrapped(&y, ymax, x, w, z, warn);
	} else {
		snprintf(z, sizeof z, _("Read, confidence %d%%, %.1f s"),
			 r->mean_conf, r->ms / 1000.0);
		panel_put(&y, ymax, x, w, z, dim);
	}
	for (size_t i = 0; i < r->nField; i++) {
		const struct scanmatch_field *f = &r->aField[i];
		int attr = f->verdict == RD_SCAN_MATCH ? ok
			   : f->verdict == RD_SCAN_MISMATCH ? warn : normal;

		if (i == v->sel)
			attr |= (int)A_REVERSE;
		snprintf(z, sizeof z, "%s %s: %s", verdict_mark(f->verdict),
			 _(scanmatch_field_label(f->name)),
			 f->value[0] ? f->value : _("not read"));
		put_wrapped(&y, ymax, x, w, z, attr);
		if (f->verdict == RD_SCAN_MISMATCH ||
		    (f->verdict == RD_SCAN_UNSURE && f->expected[0])) {
			snprintf(z, sizeof z, _("  typed: %s"), f->expected);
			put_wrapped(&y, ymax, x, w, z, dim);
		}
	}
	if (r->seal >= 0)
		panel_put(&y, ymax, x, w, r->seal ? _("✓ Company seal found")
						  : _("✗ No company seal found"),
			  r->seal ? ok : warn);
	if (r->signature >= 0)
		panel_put(&y, ymax, x, w, r->signature ? _("✓ Signed")
						       : _("✗ No signature found"),
			  r->signature ? ok : warn);
	if (r->nLine) {
		y++;
		panel_put(&y, ymax, x, w, _("Recognised lines:"),
			  ui_attr(v->ui, UI_SECTION));
	}
	for (size_t i = 0; i < r->nLine && y <= ymax; i++)
		put_wrapped(&y, ymax, x, w, r->aLine[i].text,
			    r->aLine[i].conf >= 60 ? normal : dim);
}

/* Enter on a field: the picture zoomed onto its box (unrotated). */
static void zoom_to_field(struct viewer *v)
{
	const struct scanmatch_field *f;
	double sx, sy, zx, zy;

	if (!v->img || v->sel >= v->rd.nField || v->rd.width <= 0)
		return;
	f = &v->rd.aField[v->sel];
	if (f->box.w <= 0 || f->box.h <= 0) {
		snprintf(v->zNote, sizeof v->zNote, "%s",
			 _("this field was not found on the scan"));
		return;
	}
	if (v->turns & 3) {
		if (rd_image_rotate90(v->img, -v->turns) != RD_OK)
			return;
		v->turns = 0;
	}
	if (v->text_mode == 2)
		v->text_mode = panel_width() ? 1 : 0;
	sx = (double)v->img->width / v->rd.width;
	sy = (double)v->img->height / v->rd.height;
	rd_img_view_fit(&v->view, v->img);
	/* a margin of half the box's height around it */
	zx = (double)v->rd.width / (f->box.w + f->box.h);
	zy = (double)v->rd.height / (f->box.h * 3.0);
	rd_img_view_zoom(&v->view, zx < zy ? zx : zy);
	v->view.cx = (f->box.x + f->box.w / 2.0) * sx;
	v->view.cy = (f->box.y + f->box.h / 2.0) * sy;
	v->need_render = 1;
}

static void draw_cells(struct viewer *v)
{
	if (v->mode != RD_RENDER_MONO && v->next_pair - VIEWER_PAIR_BASE >
					     VIEWER_SLOTS / 4)
		pairs_reset(v);
	for (int y = 0; y < v->cells.rows; y++) {
		for (int x = 0; x < v->cells.cols; x++) {
			const struct rd_cell *c = rd_cells_peek(&v->cells, x, y);
			wchar_t wc[2] = { L' ', 0 };
			mbstate_t mbs;
			cchar_t cc;
			int pair = 0;

			if (c->bg == RD_CELL_NONE && c->fg == RD_CELL_NONE)
				continue;
			memset(&mbs, 0, sizeof mbs);
			if (mbrtowc(&wc[0], c->glyph, strlen(c->glyph), &mbs) >
			    strlen(c->glyph))
				wc[0] = L' ';
			if (v->mode != RD_RENDER_MONO)
				pair = pair_for(v,
						curses_colour(v, c->fg, c->fg_index),
						curses_colour(v, c->bg, c->bg_index));
			setcchar(&cc, wc, A_NORMAL, 0, &pair);
			mvadd_wch(1 + y, x, &cc);
		}
	}
}

static void viewer_draw(struct viewer *v)
{
	const struct store_file *f = &v->aFile[v->cur];
	struct rd_img_area a;
	int pw = panel_width(), show = 0;
	char z[512];

	area(v, &a);
	if (v->need_render) {
		gfx_forget(v);
		rd_gfx_image_fini(&v->pic);
	}
	erase();
	snprintf(z, sizeof z, _("Scan viewer — %s"), f->path);
	ui_put(0, 0, COLS, z, ui_attr(v->ui, UI_HEADER));
	if (a.cols >= 4 && a.rows >= 2 && v->img) {
		if (v->need_render) {
			struct rd_err err = { 0 };
			rd_status rc;

			ensure_resolution(v);
			if (v->gfx != RD_GFX_SYMBOLS)
				rc = rd_img_render_gfx(v->img, &v->view, v->gfx,
						       &a, &v->pic, &err);
			else
				rc = rd_img_render(v->img, &v->view, v->mode,
						   &a, &v->cells, &err);
			if (rc != RD_OK)
				snprintf(v->zNote, sizeof v->zNote, "%s",
					 rd_err_msg(&err));
			show = v->pic.seq != NULL;
		}
		if (v->gfx == RD_GFX_SYMBOLS)
			draw_cells(v);
	} else if (v->zErr[0]) {
		int y = a.rows / 2;

		put_wrapped(&y, a.rows, 2, a.cols - 4, v->zErr,
			    ui_attr(v->ui, UI_ERROR) | A_BOLD);
	}
	v->need_render = 0;
	if (v->text_mode && a.cols == 0)
		draw_text(v, 1, COLS - 2);
	else if (v->text_mode && pw)
		draw_text(v, a.cols + 1, pw);
	else if (pw)
		draw_panel(v, a.cols + 1, pw);
	else if (v->blob_state == 2)
		ui_put(0, 0, COLS, _("!! TAMPERED: the scan does not match the "
				     "manifest !!"),
		       ui_attr(v->ui, UI_RISK) | A_BOLD);
	/* the outcome of the last action, until the next key; else the keys */
	if (v->zNote[0])
		ui_put(LINES - 1, 0, COLS, v->zNote, ui_attr(v->ui, UI_WARN));
	else if (v->text_mode)
		ui_put(LINES - 1, 0, COLS,
		       _("↑/↓ field  Enter zoom onto it  t picture/text  +/- zoom  "
			 "n/p file  q close"), ui_attr(v->ui, UI_BAR));
	else
		ui_put(LINES - 1, 0, COLS,
		       _("+/- zoom  0 fit  arrows pan  r/R rotate  n/p file  "
			 "t text  o open  q close"), ui_attr(v->ui, UI_BAR));
	refresh();
	/* after curses has written (and flushed) its part */
	if (show)
		gfx_show(v);
}

/* -------------------------------------------------------------- keys */

/* Returns 1 when the viewer should close. */
static int viewer_key(struct viewer *v, int kc, wint_t ch)
{
	struct rd_img_area a;
	int fn = kc == KEY_CODE_YES;

	area(v, &a);
	if (!(fn && ch == KEY_RESIZE))
		v->zNote[0] = '\0';
	if (fn && ch == KEY_RESIZE) {
		/* the font may have changed with the size (zooming the
		 * terminal): a different cell size is a different picture */
		term_cell_px(&v->cell_w, &v->cell_h);
		v->need_render = 1;
		return 0;
	}
	if ((!fn && (ch == 'q' || ch == 27)))
		return 1;
	if ((!fn && ch == 'n') || (fn && ch == KEY_NPAGE)) {
		if (v->cur + 1 < v->nFile) {
			v->cur++;
			file_load(v);
		}
		return 0;
	}
	if ((!fn && ch == 'p') || (fn && ch == KEY_PPAGE)) {
		if (v->cur > 0) {
			v->cur--;
			file_load(v);
		}
		return 0;
	}
	if (!fn && ch == 'o') {
		open_with(v);
		return 0;
	}
	if (!fn && ch == 't') {
		/* picture → text beside → text instead → picture; without
		 * room for a panel, picture ↔ text */
		v->text_mode = (v->text_mode + (panel_width() ? 1 : 2)) % 3;
		v->need_render = 1;
		return 0;
	}
	if (v->text_mode && ((fn && (ch == KEY_UP || ch == KEY_DOWN)) ||
			     (!fn && (ch == 'j' || ch == 'k')))) {
		int down = ch == KEY_DOWN || ch == 'j';

		if (down && v->sel + 1 < v->rd.nField)
			v->sel++;
		else if (!down && v->sel > 0)
			v->sel--;
		return 0;
	}
	if (v->text_mode && ((fn && ch == KEY_ENTER) ||
			     (!fn && (ch == '\n' || ch == '\r')))) {
		zoom_to_field(v);
		return 0;
	}
	if (!v->img)
		return 0;
	v->need_render = 1;
	if (!fn && (ch == '+' || ch == '='))
		rd_img_view_zoom(&v->view, 1.5);
	else if (!fn && ch == '-')
		rd_img_view_zoom(&v->view, 1 / 1.5);
	else if (!fn && ch == '0')
		rd_img_view_fit(&v->view, v->img);
	else if (!fn && (ch == 'r' || ch == 'R')) {
		int q = ch == 'r' ? 1 : -1;

		if (rd_image_rotate90(v->img, q) == RD_OK) {
			v->turns += q;
			rd_img_view_fit(&v->view, v->img);
		}
	} else if ((fn && ch == KEY_LEFT) || (!fn && ch == 'h'))
		rd_img_view_pan(&v->view, v->img, &a, -a.cols / 4, 0);
	else if ((fn && ch == KEY_RIGHT) || (!fn && ch == 'l'))
		rd_img_view_pan(&v->view, v->img, &a, a.cols / 4, 0);
	else if ((fn && ch == KEY_UP) || (!fn && ch == 'k'))
		rd_img_view_pan(&v->view, v->img, &a, 0, -a.rows / 4);
	else if ((fn && ch == KEY_DOWN) || (!fn && ch == 'j'))
		rd_img_view_pan(&v->view, v->img, &a, 0, a.rows / 4);
	else
		v->need_render = 0;
	return 0;
}

int viewer_open(struct ui *ui, const struct store_file *aFile, size_t nFile,
		size_t start)
{
	return viewer_open_version(ui, aFile, nFile, start, 0);
}

int viewer_open_version(struct ui *ui, const struct store_file *aFile,
			size_t nFile, size_t start, int64_t version_id)
{
	struct viewer v;

	if (!aFile || nFile == 0 || start >= nFile)
		return -1;
	memset(&v, 0, sizeof v);
	v.version_id = version_id;
	v.ui = ui;
	v.aFile = aFile;
	v.nFile = nFile;
	v.cur = start;
	v.mode = viewer_mode(ui);
	if (v.mode != RD_RENDER_MONO) {
		v.aSlot = calloc(VIEWER_SLOTS, sizeof *v.aSlot);
		if (!v.aSlot)
			v.mode = RD_RENDER_MONO;
	}
	pairs_reset(&v);
	v.gfx = choose_gfx(&v);
	file_load(&v);
	while (!*ui->quit) {
		wint_t ch;
		int kc;

		viewer_draw(&v);
		timeout(500);
		errno = 0;
		kc = get_wch(&ch);
		if (kc == ERR) {
			/* The terminal is gone: close like q. */
			if (errno == EIO || errno == ENXIO)
				break;
			continue;
		}
		if (viewer_key(&v, kc, ch))
			break;
	}
	/* leave no picture behind: the caller's screen redraws everything
	 * (clear), and a kitty picture, above the text, is deleted */
	gfx_forget(&v);
	rd_gfx_image_fini(&v.pic);
	file_unload(&v);
	rd_cells_fini(&v.cells);
	free(v.aSlot);
	clear();
	return 0;
}
