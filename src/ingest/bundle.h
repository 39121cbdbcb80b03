/*
 * bundle.h — reading one submission bundle (spec/bundle-v1.md) and
 * enforcing every archive rule before anything is stored:
 *
 *   archive size, entry count, per-entry and total uncompressed size,
 *   compression ratio (zip bomb), names (valid UTF-8, no absolute path,
 *   no "..", no backslash, no control characters, nothing but
 *   manifest.json and files/...), no symlinks, no encrypted entries, no
 *   duplicate names (also after Unicode NFC), the manifest schema
 *   (ingest/manifest.h), submitted_at not more than 5 minutes ahead of
 *   rd_now(), and for every listed file: present, size and SHA-256 as
 *   declared, content a JPEG, PNG, BMP or GIF that decodes completely
 *   within the pixel and time limits with nothing after its end
 *   (rd_image_verify()); no unlisted file.
 *
 * Every entry's raw name (ZIP_FL_ENC_RAW) is judged before anything else
 * (libzip's consistency check included), so a GBK name gets its own
 * reason, not "Zip archive inconsistent".
 *
 * Entries are read with explicit byte limits: libzip only compares the
 * declared size at the end of the stream, so a lying header could
 * otherwise make us inflate without bound.
 */
#ifndef RD_INGEST_BUNDLE_H
#define RD_INGEST_BUNDLE_H

#include "core/err.h"
#include "ingest/manifest.h"
#include "ingest/sniff.h"

#include <stddef.h>
#include <stdint.h>

struct ingest_limits {
	int64_t max_archive_bytes;
	int max_entries;
	int64_t max_manifest_bytes;
	int64_t max_scan_bytes;
	int64_t max_total_bytes;
	int max_ratio;
	int64_t max_scan_pixels;   /* a scan must decode within these */
	int scan_decode_ms;
};

/* The defaults of the spec (20 MiB, 16, 256 KiB, 2 MiB, 40 MiB, 100) and
 * 40 megapixels, 5 seconds a scan. */
void ingest_limits_default(struct ingest_limits *lim);

/* One listed file, read and judged. Owned by the bundle. */
struct ingest_scan {
	size_t file_index;        /* into manifest->aFile */
	unsigned char *data;
	size_t n;
	struct ingest_sniff sniff;
};

struct ingest_bundle {
	char *name;               /* base name of the zip file */
	char sha256[65];          /* of the whole zip file */
	int64_t size;             /* of the zip file */
	char *manifest_json;      /* exactly as received, NUL-terminated */
	size_t manifest_len;
	struct ingest_manifest *m;
	struct ingest_scan *aScan;  /* m->nFile entries, manifest order */
};

/*
 * Read and check the bundle at path. On RD_OK *out is a new bundle
 * (free with ingest_bundle_free()). A broken rule gives RD_ERR_INVALID,
 * RD_ERR_LIMIT or RD_ERR_UNSUPPORTED with a message that says what and
 * where ("entry 3 'files/../x.jpg': name contains a '..' component");
 * such a bundle is to be quarantined. RD_ERR_IO / RD_ERR_NOTFOUND mean the
 * file could not be read at all (not the sender's fault).
 */
rd_status ingest_bundle_read(const char *path, const struct ingest_limits *lim,
			     struct ingest_bundle **out, struct rd_err *err);

/* Free and set *pp to NULL; NULL-safe. */
void ingest_bundle_free(struct ingest_bundle **pp);

/* True for a status of ingest_bundle_read() that means "bad bundle". */
int ingest_status_is_bad_bundle(rd_status st);

#endif
