/*
 * bundle.c — the zip side of ingest, on libzip.
 */
#include "ingest/bundle.h"

#include "clock.h"
#include "core/i18n.h"
#include "core/text.h"
#include "core/uname.h"
#include "crypto.h"
#include "img_decode.h"
#include "fsutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#define MANIFEST_NAME "manifest.json"

void ingest_limits_default(struct ingest_limits *lim)
{
	lim->max_archive_bytes = 20 * 1024 * 1024;
	lim->max_entries = 16;
	lim->max_manifest_bytes = 256 * 1024;
	lim->max_scan_bytes = 2 * 1024 * 1024;
	lim->max_total_bytes = 40 * 1024 * 1024;
	lim->max_ratio = 100;
	lim->max_scan_pixels = 40000000;
	lim->scan_decode_ms = 5000;
}

int ingest_status_is_bad_bundle(rd_status st)
{
	return st == RD_ERR_INVALID || st == RD_ERR_LIMIT ||
	       st == RD_ERR_UNSUPPORTED || st == RD_ERR_CORRUPT;
}

/* A printable, bounded copy of an entry name for messages. */
static void show_name(const char *z, char *out, size_t n)
{
	char zCut[200];

	snprintf(zCut, sizeof zCut, "%s", z);
	rd_text_sanitize(zCut, out, n);
}

/* Name rules of the spec; returns a translated reason or NULL when fine. */
static const char *name_problem(const char *z)
{
	size_t len = strlen(z);
	const char *c;

	if (len == 0)
		return _("empty name");
	if (!rd_text_utf8_valid(z, len))
		return _("entry name is not valid UTF-8 (probably GBK)");
	if (z[0] == '/')
		return _("absolute path");
	if (strchr(z, '\\'))
		return _("name contains a backslash");
	for (c = z; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			return _("name contains a control character");
	for (c = z; *c;) {
		const char *e = strchr(c, '/');
		size_t n = e ? (size_t)(e - c) : strlen(c);

		if (n == 2 && c[0] == '.' && c[1] == '.')
			return _("name contains a '..' component");
		if (n == 1 && c[0] == '.')
			return _("name contains a '.' component");
		if (n == 0 && e && e[1] != '\0')
			return _("name contains an empty component");
		if (!e)
			break;
		c = e + 1;
	}
	if (strcmp(z, MANIFEST_NAME) != 0 && strncmp(z, "files/", 6) != 0)
		return _("only manifest.json and files under files/ are allowed");
	return NULL;
}

/*
 * Read entry idx, at most `limit` bytes; more is an error (the header
 * lied or the entry is too big). Also checks the real ratio against the
 * compressed size.
 */
static rd_status read_entry(zip_t *za, zip_uint64_t idx, const char *zShow,
			    int64_t limit, int64_t comp_size, int max_ratio,
			    unsigned char **out, size_t *nOut, struct rd_err *err)
{
	zip_file_t *zf = NULL;
	unsigned char *buf = NULL;
	size_t cap = 0, n = 0;
	rd_status rc = RD_OK;

	*out = NULL;
	*nOut = 0;
	zf = zip_fopen_index(za, idx, 0);
	if (!zf) {
		rc = rd_err_set(err, RD_ERR_UNSUPPORTED,
				_("entry '%s' cannot be opened: %s"), zShow,
				zip_strerror(za));
		goto done;
	}
	for (;;) {
		zip_int64_t got;

		if (cap - n < 65536) {
			size_t want = cap ? cap * 2 : 65536;
			unsigned char *nb;

			if (want > (size_t)limit + 65536)
				want = (size_t)limit + 65536;
			if (want <= cap) {
				rc = rd_err_set(err, RD_ERR_LIMIT,
						_("entry '%s' is larger than the "
						  "limit of %lld bytes"),
						zShow, (long long)limit);
				goto done;
			}
			nb = realloc(buf, want + 1);
			if (!nb) {
				rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
						rd_strerror(RD_ERR_NOMEM));
				goto done;
			}
			buf = nb;
			cap = want;
		}
		got = zip_fread(zf, buf + n, cap - n);
		if (got < 0) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry '%s' is damaged: %s"), zShow,
					zip_file_strerror(zf));
			goto done;
		}
		if (got == 0)
			break;
		n += (size_t)got;
		if ((int64_t)n > limit) {
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("entry '%s' is larger than the limit "
					  "of %lld bytes"),
					zShow, (long long)limit);
			goto done;
		}
		if (n > 1024 * 1024 &&
		    (int64_t)n > (comp_size > 0 ? comp_size : 1) * max_ratio) {
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("entry '%s' expands more than %d:1 "
					  "(zip bomb)"),
					zShow, max_ratio);
			goto done;
		}
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*nOut = n;
	buf = NULL;
done:
	if (zf)
		zip_fclose(zf);
	free(buf);
	return rc;
}

static rd_status check_scan(struct ingest_bundle *b, zip_t *za,
			    const zip_int64_t *aIdx, const zip_uint64_t *aComp,
			    size_t i, const struct ingest_limits *lim,
			    struct rd_err *err)
{
	const struct ingest_file_entry *f = &b->m->aFile[i];
	struct ingest_scan *s = &b->aScan[i];
	char zHex[RD_SHA256_HEX], zShow[256];
	rd_status rc;

	show_name(f->path, zShow, sizeof zShow);
	s->file_index = i;
	if (aIdx[i] < 0)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("manifest: files[%zu].path: '%s' is not in "
				    "the archive"),
				  i, zShow);
	rc = read_entry(za, (zip_uint64_t)aIdx[i], zShow, lim->max_scan_bytes,
			(int64_t)aComp[i], lim->max_ratio, &s->data, &s->n, err);
	if (rc != RD_OK)
		return rc;
	if ((int64_t)s->n != f->size)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("manifest: files[%zu].size does not match the "
				    "content (declared %lld, actual %zu bytes)"),
				  i, (long long)f->size, s->n);
	rd_sha256_hex(s->data, s->n, zHex);
	if (strcmp(zHex, f->sha256) != 0)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("manifest: files[%zu].sha256 does not match "
				    "the content"),
				  i);
	ingest_sniff(s->data, s->n, &s->sniff);
	if (s->sniff.type == INGEST_CT_UNKNOWN)
		return rd_err_set(err, RD_ERR_INVALID,
				  _("manifest: files[%zu]: '%s' is not a JPEG, "
				    "PNG, BMP or GIF image (judged by content)"),
				  i, zShow);
	/* decoded completely, within the limits, nothing after its end */
	{
		struct rd_img_info info;
		struct rd_err e2;

		rd_err_clear(&e2);
		rc = rd_image_verify(s->data, s->n, lim->max_scan_pixels,
				     lim->scan_decode_ms, &info, &e2);
		if (rc == RD_ERR_NOMEM)
			return rd_err_set(err, rc, "%s", rd_strerror(rc));
		if (rc != RD_OK)
			return rd_err_set(err, RD_ERR_INVALID,
					  _("manifest: files[%zu] (%s) '%s': "
					    "the scan does not decode "
					    "completely: %s"),
					  i, ingest_role_name(f->role), zShow,
					  rd_err_msg(&e2));
		s->sniff.width = info.width;
		s->sniff.height = info.height;
	}
	return RD_OK;
}

/*
 * Every entry's raw name, before anything else is judged: the name rules,
 * and no two names equal, as bytes or after Unicode NFC.
 */
static rd_status check_names(const char *path, const struct ingest_limits *lim,
			     struct rd_err *err)
{
	zip_t *za;
	zip_int64_t nEntry;
	char **aNfc = NULL;
	int zerr = 0;
	rd_status rc = RD_OK;

	za = zip_open(path, ZIP_RDONLY, &zerr);
	if (!za) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("not a valid zip archive: %s"),
				zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return rc;
	}
	nEntry = zip_get_num_entries(za, 0);
	(void)lim;
	if (nEntry <= 0 || nEntry > 65536)
		goto done;   /* reported with the other archive rules */
	aNfc = calloc((size_t)nEntry, sizeof *aNfc);
	if (!aNfc) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	for (zip_int64_t i = 0; i < nEntry; i++) {
		const char *zRaw = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		const char *zWhy;
		char zShow[256];

		if (!zRaw) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld has no readable name"),
					(long long)i + 1);
			goto done;
		}
		show_name(zRaw, zShow, sizeof zShow);
		zWhy = name_problem(zRaw);
		if (zWhy) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s': %s"), (long long)i + 1,
					zShow, zWhy);
			goto done;
		}
	}
	for (zip_int64_t i = 0; i < nEntry; i++) {
		const char *zRaw = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		char zShow[256], zOther[256];

		show_name(zRaw, zShow, sizeof zShow);
		rc = rd_uname_nfc(zRaw, &aNfc[i]);
		if (rc != RD_OK) {
			rc = rd_err_set(err, rc == RD_ERR_NOMEM ? rc : RD_ERR_INVALID,
					_("entry %lld '%s': %s"), (long long)i + 1,
					zShow,
					_("entry name is not valid UTF-8 "
					  "(probably GBK)"));
			goto done;
		}
		for (zip_int64_t k = 0; k < i; k++) {
			const char *zK = zip_get_name(za, (zip_uint64_t)k,
						      ZIP_FL_ENC_RAW);

			if (strcmp(aNfc[k], aNfc[i]) != 0)
				continue;
			show_name(zK, zOther, sizeof zOther);
			if (!strcmp(zK, zRaw))
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("entry %lld '%s': the same name "
						  "appears twice"),
						(long long)i + 1, zShow);
			else
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("entry %lld '%s': the same name "
						  "as entry %lld '%s' after Unicode "
						  "NFC normalisation (a duplicate "
						  "name)"),
						(long long)i + 1, zShow,
						(long long)k + 1, zOther);
			goto done;
		}
	}
done:
	if (aNfc)
		for (zip_int64_t i = 0; i < nEntry; i++)
			free(aNfc[i]);
	free(aNfc);
	zip_discard(za);
	return rc;
}

/*
 * The names in the local file headers ("PK\3\4"), which libzip reads only
 * for its consistency check: one that is not UTF-8 gets the GBK reason
 * rather than "Zip archive inconsistent". Only asked for an archive that
 * is already refused; the file is within the archive size limit.
 */
static rd_status check_local_names(const char *path, struct rd_err *err)
{
	char *z = NULL;
	size_t n = 0;
	rd_status rc = RD_OK;

	if (rd_read_file(path, 64 * 1024 * 1024, &z, &n, NULL) != RD_OK)
		return RD_OK;
	for (size_t i = 0; i + 30 <= n; i++) {
		const unsigned char *p = (const unsigned char *)z + i;
		size_t nName;

		if (p[0] != 'P' || p[1] != 'K' || p[2] != 3 || p[3] != 4)
			continue;
		nName = (size_t)p[26] | (size_t)p[27] << 8;
		if (nName == 0 || i + 30 + nName > n)
			continue;
		if (!rd_text_utf8_valid((const char *)p + 30, nName)) {
			char zName[160], zShow[256];
			size_t k = nName < sizeof zName - 1 ? nName
							    : sizeof zName - 1;

			memcpy(zName, p + 30, k);
			zName[k] = '\0';
			show_name(zName, zShow, sizeof zShow);
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry '%s' (local header at byte %zu): "
					  "%s"),
					zShow, i,
					_("entry name is not valid UTF-8 "
					  "(probably GBK)"));
			break;
		}
	}
	free(z);
	return rc;
}

rd_status ingest_bundle_read(const char *path, const struct ingest_limits *lim,
			     struct ingest_bundle **out, struct rd_err *err)
{
	struct ingest_bundle *b = NULL;
	zip_t *za = NULL;
	zip_int64_t nEntry, manIdx = -1, *aIdx = NULL;
	zip_uint64_t *aComp = NULL, manComp = 0;
	char **aName = NULL;
	const char *zBase;
	struct stat sb;
	int64_t total = 0;
	rd_status rc = RD_OK;
	int zerr = 0;

	*out = NULL;
	if (stat(path, &sb) != 0)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND : RD_ERR_IO,
				  _("cannot read %s: %s"), path, strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return rd_err_set(err, RD_ERR_INVALID, _("%s is not a regular file"),
				  path);
	b = calloc(1, sizeof *b);
	if (!b)
		return rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
	zBase = strrchr(path, '/');
	b->name = strdup(zBase ? zBase + 1 : path);
	b->size = (int64_t)sb.st_size;
	if (!b->name) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	if ((int64_t)sb.st_size > lim->max_archive_bytes) {
		rc = rd_err_set(err, RD_ERR_LIMIT,
				_("archive is %lld bytes, more than the limit of "
				  "%lld"),
				(long long)sb.st_size,
				(long long)lim->max_archive_bytes);
		goto done;
	}
	rc = rd_sha256_file(path, b->sha256, NULL, err);
	if (rc != RD_OK)
		goto done;
	/* Names first, from an archive opened without libzip's consistency
	 * check: a GBK name must be reported as such, whatever else is
	 * wrong with the archive. */
	rc = check_names(path, lim, err);
	if (rc != RD_OK)
		goto done;
	za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &zerr);
	if (!za && zerr == ZIP_ER_INCONS) {
		/* the central directory's names were fine: a GBK name may
		 * still sit in a local header, which only the consistency
		 * check read */
		rc = check_local_names(path, err);
		if (rc != RD_OK)
			goto done;
	}
	if (!za) {
		zip_error_t ze;

		zip_error_init_with_code(&ze, zerr);
		if (zerr == ZIP_ER_EXISTS)
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("the same entry name appears twice in "
					  "the archive"));
		else
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("not a valid zip archive: %s"),
					zip_error_strerror(&ze));
		zip_error_fini(&ze);
		goto done;
	}
	nEntry = zip_get_num_entries(za, 0);
	if (nEntry <= 0) {
		rc = rd_err_set(err, RD_ERR_INVALID, _("the archive is empty"));
		goto done;
	}
	if (nEntry > lim->max_entries) {
		rc = rd_err_set(err, RD_ERR_LIMIT,
				_("the archive has %lld entries, more than the "
				  "limit of %d"),
				(long long)nEntry, lim->max_entries);
		goto done;
	}
	aName = calloc((size_t)nEntry, sizeof *aName);
	if (!aName) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}

	/* 1. every entry, before reading any content */
	for (zip_int64_t i = 0; i < nEntry; i++) {
		const char *zRaw = zip_get_name(za, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		const char *zWhy;
		char zShow[256];
		zip_uint8_t opsys = 0;
		zip_uint32_t attr = 0;
		zip_stat_t zs;
		size_t len;

		if (!zRaw) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld has no readable name"),
					(long long)i + 1);
			goto done;
		}
		show_name(zRaw, zShow, sizeof zShow);
		zWhy = name_problem(zRaw);
		len = strlen(zRaw);
		/* folders: only files/ and below, and they carry nothing */
		if (!zWhy && len && zRaw[len - 1] == '/' &&
		    strncmp(zRaw, "files/", 6) != 0)
			zWhy = _("folders outside files/ are not allowed");
		if (zWhy) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s': %s"), (long long)i + 1,
					zShow, zWhy);
			goto done;
		}
		for (zip_int64_t k = 0; k < i; k++)
			if (!strcmp(aName[k], zRaw)) {
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("entry %lld '%s': the same name "
						  "appears twice"),
						(long long)i + 1, zShow);
				goto done;
			}
		aName[i] = strdup(zRaw);
		if (!aName[i]) {
			rc = rd_err_set(err, RD_ERR_NOMEM, "%s",
					rd_strerror(RD_ERR_NOMEM));
			goto done;
		}
		if (zip_file_get_external_attributes(za, (zip_uint64_t)i, 0,
						     &opsys, &attr) == 0 &&
		    opsys == ZIP_OPSYS_UNIX &&
		    ((attr >> 16) & S_IFMT) == S_IFLNK) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s': symbolic links are "
					  "not allowed"),
					(long long)i + 1, zShow);
			goto done;
		}
		zip_stat_init(&zs);
		if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) != 0) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s': unreadable header: %s"),
					(long long)i + 1, zShow, zip_strerror(za));
			goto done;
		}
		if ((zs.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
		    zs.encryption_method != ZIP_EM_NONE) {
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s': encrypted entries are "
					  "not allowed"),
					(long long)i + 1, zShow);
			goto done;
		}
		if (len && zRaw[len - 1] == '/') {
			if (zs.size != 0) {
				rc = rd_err_set(err, RD_ERR_INVALID,
						_("entry %lld '%s': a folder with "
						  "content"),
						(long long)i + 1, zShow);
				goto done;
			}
			continue;
		}
		if ((int64_t)zs.size >
		    (!strcmp(zRaw, MANIFEST_NAME) ? lim->max_manifest_bytes
						   : lim->max_scan_bytes)) {
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("entry %lld '%s' is %llu bytes, more "
					  "than the limit of %lld"),
					(long long)i + 1, zShow,
					(unsigned long long)zs.size,
					(long long)(!strcmp(zRaw, MANIFEST_NAME)
						    ? lim->max_manifest_bytes
						    : lim->max_scan_bytes));
			goto done;
		}
		total += (int64_t)zs.size;
		if (total > lim->max_total_bytes) {
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("the entries add up to more than %lld "
					  "bytes uncompressed"),
					(long long)lim->max_total_bytes);
			goto done;
		}
		if (zs.size > 0 &&
		    (zs.comp_size == 0 ||
		     zs.size > zs.comp_size * (zip_uint64_t)lim->max_ratio)) {
			rc = rd_err_set(err, RD_ERR_LIMIT,
					_("entry %lld '%s' expands more than "
					  "%d:1 (zip bomb)"),
					(long long)i + 1, zShow, lim->max_ratio);
			goto done;
		}
		if (!strcmp(zRaw, MANIFEST_NAME)) {
			manIdx = i;
			manComp = zs.comp_size;
		}
	}
	if (manIdx < 0) {
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("the archive has no manifest.json at its "
				  "root"));
		goto done;
	}

	/* 2. the manifest */
	rc = read_entry(za, (zip_uint64_t)manIdx, MANIFEST_NAME,
			lim->max_manifest_bytes, (int64_t)manComp, lim->max_ratio,
			(unsigned char **)&b->manifest_json, &b->manifest_len,
			err);
	if (rc != RD_OK)
		goto done;
	rc = ingest_manifest_parse(b->manifest_json, b->manifest_len, &b->m, err);
	if (rc != RD_OK)
		goto done;
	if (b->m->submitted_at > rd_now() + 5 * 60) {
		char zShow[80];

		show_name(b->m->submitted_at_text, zShow, sizeof zShow);
		rc = rd_err_set(err, RD_ERR_INVALID,
				_("manifest: submitted_at: %s is more than 5 "
				  "minutes in the future"),
				zShow);
		goto done;
	}

	/* 3. files listed <-> entries present */
	aIdx = calloc(b->m->nFile ? b->m->nFile : 1, sizeof *aIdx);
	aComp = calloc(b->m->nFile ? b->m->nFile : 1, sizeof *aComp);
	b->aScan = calloc(b->m->nFile ? b->m->nFile : 1, sizeof *b->aScan);
	if (!aIdx || !aComp || !b->aScan) {
		rc = rd_err_set(err, RD_ERR_NOMEM, "%s", rd_strerror(RD_ERR_NOMEM));
		goto done;
	}
	for (size_t f = 0; f < b->m->nFile; f++) {
		aIdx[f] = -1;
		for (zip_int64_t i = 0; i < nEntry; i++)
			if (!strcmp(aName[i], b->m->aFile[f].path)) {
				zip_stat_t zs;

				aIdx[f] = i;
				zip_stat_init(&zs);
				if (zip_stat_index(za, (zip_uint64_t)i, 0, &zs) == 0)
					aComp[f] = zs.comp_size;
			}
	}
	for (zip_int64_t i = 0; i < nEntry; i++) {
		size_t len = strlen(aName[i]);
		int listed = i == manIdx || (len && aName[i][len - 1] == '/');

		for (size_t f = 0; !listed && f < b->m->nFile; f++)
			listed = aIdx[f] == i;
		if (!listed) {
			char zShow[256];

			show_name(aName[i], zShow, sizeof zShow);
			rc = rd_err_set(err, RD_ERR_INVALID,
					_("entry %lld '%s' is not listed in the "
					  "manifest"),
					(long long)i + 1, zShow);
			goto done;
		}
	}
	for (size_t f = 0; f < b->m->nFile; f++) {
		rc = check_scan(b, za, aIdx, aComp, f, lim, err);
		if (rc != RD_OK)
			goto done;
	}
	*out = b;
	b = NULL;
done:
	if (za)
		zip_discard(za);
	if (aName)
		for (zip_int64_t i = 0; i < nEntry; i++)
			free(aName[i]);
	free(aName);
	free(aIdx);
	free(aComp);
	ingest_bundle_free(&b);
	return rc;
}

void ingest_bundle_free(struct ingest_bundle **pp)
{
	struct ingest_bundle *b;

	if (!pp || !*pp)
		return;
	b = *pp;
	if (b->aScan && b->m)
		for (size_t i = 0; i < b->m->nFile; i++)
			free(b->aScan[i].data);
	free(b->aScan);
	ingest_manifest_free(&b->m);
	free(b->manifest_json);
	free(b->name);
	free(b);
	*pp = NULL;
}
