/*
 * img_decode.h — decode uploaded scans (JPEG, PNG, GIF, BMP) into RGBA.
 *
 * Scans come from applicants and are hostile. The type is decided by the
 * content (magic bytes), never by the file name. The header dimensions are
 * read first and an image above the caller's pixel cap is refused before
 * any pixel buffer is allocated. JPEG, PNG and GIF go through the
 * distribution's libraries (libjpeg-turbo, libpng, giflib) with their
 * error paths caught (no library ever prints or exits); BMP is parsed here
 * with every offset checked against the buffer.
 *
 * What bounds what:
 *   - memory: width*height <= max_pixels (checked on the header), each side
 *     <= RD_IMG_MAX_SIDE; the output is 4 bytes a pixel, nothing else scales
 *     with the image except libjpeg's row buffers and libpng's one row.
 *   - time: decoding is linear in pixels + input bytes (the input itself is
 *     capped upstream by [ingest] max_scan_bytes); the two super-linear
 *     cases are bounded explicitly: progressive JPEGs may have at most
 *     RD_IMG_MAX_JPEG_SCANS scans, and every decode gives up after
 *     RD_IMG_DECODE_DEADLINE_MS of wall time (checked per row); GIF decodes
 *     the first frame only; PNG ancillary chunks are capped at
 *     RD_IMG_MAX_CHUNK_BYTES (zTXt/iCCP bombs).
 */
#ifndef RD_IMG_DECODE_H
#define RD_IMG_DECODE_H

#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

#define RD_IMG_MAX_SIDE 65535
#define RD_IMG_DEFAULT_MAX_PIXELS 40000000
#define RD_IMG_MAX_JPEG_SCANS 256
#define RD_IMG_DECODE_DEADLINE_MS 10000
#define RD_IMG_MAX_CHUNK_BYTES (8 * 1024 * 1024)

enum rd_img_type {
	RD_IMG_UNKNOWN = 0,
	RD_IMG_JPEG,
	RD_IMG_PNG,
	RD_IMG_GIF,
	RD_IMG_BMP
};

/* A decoded image: width*height pixels, RGBA 8 bits a channel, not
 * premultiplied, rows top to bottom, stride width*4. Owns rgba. */
struct rd_image {
	int width, height;
	uint8_t *rgba;
};

/* What the header said; filled as far as it was read, even when decoding
 * fails afterwards (so a refused bomb can still show its claimed size). */
struct rd_img_info {
	enum rd_img_type type;
	int width, height;   /* as stored, before EXIF orientation */
	int orientation;     /* EXIF 1..8 for JPEG; 1 when absent/other types */
	int has_alpha;       /* the format carried transparency */
	int scale_denom;     /* the image was decoded at 1/scale_denom size:
			      * 1, or 2/4/8 for a JPEG (rd_image_decode_fit) */
};

/* Type by magic bytes only; RD_IMG_UNKNOWN when nothing matches. */
enum rd_img_type rd_img_sniff(const void *data, size_t n);

/* "JPEG", "PNG", "GIF", "BMP" or "unknown"; static, never NULL. */
const char *rd_img_type_name(enum rd_img_type type);

/* Allocate a width x height image with zeroed (transparent black) pixels.
 * RD_ERR_LIMIT when a side is not in 1..RD_IMG_MAX_SIDE. The caller owns
 * *out and frees it with rd_image_free(). */
rd_status rd_image_new(int width, int height, struct rd_image **out);

/* Free an image and set *pp to NULL; NULL and *pp == NULL are fine. */
void rd_image_free(struct rd_image **pp);

/*
 * Read only the header: type and dimensions (and EXIF orientation for
 * JPEG, which needs the markers before the first scan). Allocates no pixel
 * buffer. RD_ERR_UNSUPPORTED for an unknown type, RD_ERR_CORRUPT for a
 * header that cannot be parsed.
 */
rd_status rd_img_probe(const void *data, size_t n, struct rd_img_info *info,
		       struct rd_err *err);

/*
 * Decode data[0..n) (borrowed) into a new image, with the EXIF orientation
 * of a JPEG already applied (so a portrait photo stored sideways comes out
 * upright and width/height are swapped for orientations 5..8). max_pixels
 * <= 0 means RD_IMG_DEFAULT_MAX_PIXELS. info may be NULL.
 * Errors: RD_ERR_UNSUPPORTED (not an image we read, or a variant such as
 * 16-bit BMP), RD_ERR_LIMIT (pixel cap, scan count, deadline),
 * RD_ERR_CORRUPT (corrupt or truncated), RD_ERR_NOMEM. On error *out is
 * NULL. The caller owns *out.
 */
rd_status rd_image_decode(const void *data, size_t n, int64_t max_pixels,
			  struct rd_image **out, struct rd_img_info *info,
			  struct rd_err *err);

/*
 * Like rd_image_decode(), for a picture that will be shown fitted into
 * box_w x box_h pixels, upright (after the EXIF orientation). A JPEG is
 * then decoded at 1/2, 1/4 or 1/8 size — libjpeg's DCT scaling, which
 * skips most of the work — choosing the smallest that still has at least
 * as many pixels as the fitted picture; info->scale_denom says which.
 * Other formats, and a box with a side <= 0, decode at full size. The
 * pixel cap applies to the full size the header claims either way.
 */
rd_status rd_image_decode_fit(const void *data, size_t n, int64_t max_pixels,
			      int box_w, int box_h, struct rd_image **out,
			      struct rd_img_info *info, struct rd_err *err);

/*
 * Decode data[0..n) completely, as ingest must before it accepts a scan,
 * and throw the pixels away: every scan of a JPEG, every frame of a GIF,
 * at full size, within max_pixels (<= 0: the default) and deadline_ms of
 * wall time (<= 0: RD_IMG_DECODE_DEADLINE_MS). Stricter than a decode for
 * display: data after the image's end (JPEG EOI, PNG IEND, GIF trailer,
 * a BMP's pixel rows or its header's file size), a CRC error in any PNG
 * chunk, or libjpeg's corrupt-data warnings are errors (RD_ERR_CORRUPT),
 * so a polyglot file (an image with an archive or script behind it) is
 * refused. Same error codes as rd_image_decode().
 */
rd_status rd_image_verify(const void *data, size_t n, int64_t max_pixels,
			  int deadline_ms, struct rd_img_info *info,
			  struct rd_err *err);

/*
 * The scale_denom rd_image_decode_fit() would use for an image with this
 * header (as filled by a probe or an earlier decode) and this box: 1, 2,
 * 4 or 8. A caller that decoded reduced and now needs more pixels (zoom)
 * compares it with info->scale_denom and decodes again when it is
 * smaller.
 */
int rd_img_fit_denom(const struct rd_img_info *info, int box_w, int box_h);

/* Rotate in place by quarter_turns * 90 degrees clockwise (any integer,
 * negative = counter-clockwise). Replaces img->rgba; on RD_ERR_NOMEM the
 * image is unchanged. */
rd_status rd_image_rotate90(struct rd_image *img, int quarter_turns);

/* Apply an EXIF orientation (1..8) in place; other values are a no-op.
 * Exposed for tests. Same failure contract as rd_image_rotate90(). */
rd_status rd_image_orient(struct rd_image *img, int orientation);

/* Parse the EXIF orientation out of an APP1 payload (starting at "Exif\0\0").
 * Returns 1..8, or 1 when absent or malformed. Exposed for tests/fuzzing. */
int rd_img_exif_orientation(const uint8_t *p, size_t n);

#endif
