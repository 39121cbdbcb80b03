/*
 * anchor.c — signed checkpoints of the audit chain (see anchor.h).
 */
#include "anchor.h"

#include "clock.h"
#include "core/i18n.h"
#include "crypto.h"
#include "fsutil.h"
#include "store/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#define SIG_LEN 64
#define LINE_MAX_BYTES 512

/* First 8 bytes of SHA-256 over the raw public key, as hex. */
static rd_status key_id(EVP_PKEY *k, char out[RD_ANCHOR_KEYID_HEX],
			struct rd_err *err)
{
	unsigned char aPub[64];
	size_t nPub = sizeof aPub;
	char zHex[RD_SHA256_HEX];

	if (EVP_PKEY_get_raw_public_key(k, aPub, &nPub) != 1)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  _("cannot read the public half of the audit "
				    "key"));
	rd_sha256_hex(aPub, nPub, zHex);
	memcpy(out, zHex, RD_ANCHOR_KEYID_HEX - 1);
	out[RD_ANCHOR_KEYID_HEX - 1] = '\0';
	return RD_OK;
}

rd_status rd_anchor_keygen(const char *zPath, char keyid[RD_ANCHOR_KEYID_HEX],
			   struct rd_err *err)
{
	EVP_PKEY_CTX *pc = NULL;
	EVP_PKEY *k = NULL;
	FILE *f = NULL;
	rd_status rc;
	int fd;

	rc = rd_mkdir_parents_of(zPath, 0700, err);
	if (rc != RD_OK)
		return rc;
	pc = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	if (!pc || EVP_PKEY_keygen_init(pc) != 1 ||
	    EVP_PKEY_keygen(pc, &k) != 1) {
		rc = rd_err_set(err, RD_ERR_INTERNAL,
				_("cannot make an Ed25519 key (OpenSSL)"));
		goto done;
	}
	fd = open(zPath, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
		  0600);
	if (fd < 0) {
		rc = rd_err_set(err, errno == EEXIST ? RD_ERR_EXISTS : RD_ERR_IO,
				errno == EEXIST
					? _("audit key %s already exists; it is "
					    "never replaced (move it away first "
					    "to start a new one)")
					: _("cannot create audit key %s: %s"),
				zPath, strerror(errno));
		goto done;
	}
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(zPath);
		rc = rd_err_set(err, RD_ERR_IO, _("cannot create audit key %s: %s"),
				zPath, strerror(errno));
		goto done;
	}
	if (PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) != 1 ||
	    fflush(f) != 0 || fsync(fileno(f)) != 0) {
		fclose(f);
		f = NULL;
		unlink(zPath);
		rc = rd_err_set(err, RD_ERR_IO, _("cannot write audit key %s"),
				zPath);
		goto done;
	}
	rc = key_id(k, keyid, err);
done:
	if (f && fclose(f) != 0 && rc == RD_OK)
		rc = rd_err_set(err, RD_ERR_IO, _("cannot write audit key %s"),
				zPath);
	EVP_PKEY_free(k);
	EVP_PKEY_CTX_free(pc);
	return rc;
}

/* Load the private key, refusing a file others could read or replace. */
static rd_status key_load(const char *zPath, EVP_PKEY **out,
			  struct rd_err *err)
{
	struct stat sb;
	FILE *f;
	int fd;

	*out = NULL;
	fd = open(zPath, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("audit key %s: cannot open: %s; make one "
				    "with 'radesk audit keygen'"),
				  zPath, strerror(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("audit key %s: not a regular file"), zPath);
	}
	if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("audit key %s: mode %03o, must be 0600; "
				    "run chmod 600 on it"),
				  zPath, (unsigned)(sb.st_mode & 0777));
	}
	f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return rd_err_set(err, RD_ERR_IO, _("audit key %s: %s"), zPath,
				  strerror(errno));
	}
	*out = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!*out || EVP_PKEY_get_id(*out) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(*out);
		*out = NULL;
		return rd_err_set(err, RD_ERR_CONFIG,
				  _("audit key %s: not an Ed25519 private key "
				    "in PEM"),
				  zPath);
	}
	return RD_OK;
}

/* The signed message of a checkpoint. */
static void message(const struct rd_anchor *a, char *out, size_t n)
{
	snprintf(out, n,
		 "radesk-audit-anchor/1 %" PRId64 " %" PRId64 " %" PRId64
		 " %s %s",
		 a->at, a->count, a->head_id, a->head, a->key_id);
}

static rd_status sign(EVP_PKEY *k, const char *zMsg,
		      unsigned char aSig[SIG_LEN], struct rd_err *err)
{
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	size_t nSig = SIG_LEN;
	int ok;

	ok = mc && EVP_DigestSignInit(mc, NULL, NULL, NULL, k) == 1 &&
	     EVP_DigestSign(mc, aSig, &nSig, (const unsigned char *)zMsg,
			    strlen(zMsg)) == 1 &&
	     nSig == SIG_LEN;
	EVP_MD_CTX_free(mc);
	if (!ok)
		return rd_err_set(err, RD_ERR_INTERNAL,
				  _("cannot sign the checkpoint (OpenSSL)"));
	return RD_OK;
}

static int verify(EVP_PKEY *k, const char *zMsg, const unsigned char *aSig,
		  size_t nSig)
{
	EVP_MD_CTX *mc = EVP_MD_CTX_new();
	int ok;

	ok = mc && nSig == SIG_LEN &&
	     EVP_DigestVerifyInit(mc, NULL, NULL, NULL, k) == 1 &&
	     EVP_DigestVerify(mc, aSig, nSig, (const unsigned char *)zMsg,
			      strlen(zMsg)) == 1;
	EVP_MD_CTX_free(mc);
	return ok;
}

/* Append one line with a single write under an exclusive lock. */
static rd_status append_line(const char *zPath, const char *zLine,
			     struct rd_err *err)
{
	size_t n = strlen(zLine);
	rd_status rc = rd_mkdir_parents_of(zPath, 0750, err);
	ssize_t w;
	int fd;

	if (rc != RD_OK)
		return rc;
	fd = open(zPath, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
		  0640);
	if (fd < 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot open the checkpoint file %s: %s"),
				  zPath, strerror(errno));
	if (flock(fd, LOCK_EX) != 0) {
		rc = rd_err_set(err, RD_ERR_IO,
				_("cannot lock the checkpoint file %s: %s"),
				zPath, strerror(errno));
		goto done;
	}
	w = write(fd, zLine, n);
	if (w != (ssize_t)n || fsync(fd) != 0)
		rc = rd_err_set(err, RD_ERR_IO,
				_("cannot write the checkpoint file %s: %s"),
				zPath, w < 0 ? strerror(errno) : _("short write"));
done:
	close(fd);
	return rc;
}

rd_status rd_anchor_take(struct store *st, const struct rd_config *cfg,
			 struct rd_anchor *out, struct rd_err *err)
{
	struct rd_anchor a;
	EVP_PKEY *k = NULL;
	unsigned char aSig[SIG_LEN];
	char zMsg[LINE_MAX_BYTES], zLine[LINE_MAX_BYTES], *zSig = NULL;
	rd_status rc;

	memset(&a, 0, sizeof a);
	rc = key_load(cfg->audit_key, &k, err);
	if (rc != RD_OK)
		return rc;
	rc = key_id(k, a.key_id, err);
	if (rc == RD_OK)
		rc = store_audit_tip(st, &a.count, &a.head_id, a.head, err);
	if (rc != RD_OK)
		goto done;
	if (!a.head[0])
		snprintf(a.head, sizeof a.head, "%s", "-");
	a.at = rd_now();
	message(&a, zMsg, sizeof zMsg);
	rc = sign(k, zMsg, aSig, err);
	if (rc != RD_OK)
		goto done;
	rc = rd_base64_encode(aSig, SIG_LEN, &zSig);
	if (rc != RD_OK) {
		rc = rd_err_set(err, rc, _("out of memory"));
		goto done;
	}
	snprintf(zLine, sizeof zLine,
		 "v1 %" PRId64 " %" PRId64 " %" PRId64 " %s %s %s\n", a.at,
		 a.count, a.head_id, a.head, a.key_id, zSig);
	rc = append_line(cfg->audit_anchors, zLine, err);
	if (rc != RD_OK)
		goto done;
	/* A second copy where the database's owner may not reach it. */
	openlog("radesk", LOG_PID, LOG_AUTHPRIV);
	syslog(LOG_NOTICE,
	       "audit checkpoint: %" PRId64 " entries, head #%" PRId64
	       " %s, key %s, signature %s",
	       a.count, a.head_id, a.head, a.key_id, zSig);
	closelog();
	a.sig_ok = 1;
	if (out)
		*out = a;
done:
	free(zSig);
	EVP_PKEY_free(k);
	return rc;
}

/* Parse and verify one line into *a (line number set by the caller). */
static void check_line(EVP_PKEY *k, const char *zKeyId, char *zLine,
		       struct rd_anchor *a)
{
	char zHead[80], zKey[40], zSig[120], zMsg[LINE_MAX_BYTES];
	unsigned char *aSig = NULL;
	size_t nSig = 0;
	int64_t at, count, id;
	int line = a->line;

	memset(a, 0, sizeof *a);
	a->line = line;
	if (sscanf(zLine, "v1 %" SCNd64 " %" SCNd64 " %" SCNd64
			  " %79s %39s %119s",
		   &at, &count, &id, zHead, zKey, zSig) != 6 ||
	    strlen(zHead) > 64 || strlen(zKey) != RD_ANCHOR_KEYID_HEX - 1)
		return;
	a->at = at;
	a->count = count;
	a->head_id = id;
	/* lengths checked above: at most 64, exactly 16 */
	memcpy(a->head, zHead, strlen(zHead) + 1);
	memcpy(a->key_id, zKey, RD_ANCHOR_KEYID_HEX);
	if (strcmp(zKey, zKeyId) != 0)
		return;
	if (rd_base64_decode(zSig, strlen(zSig), 128, &aSig, &nSig) != RD_OK)
		return;
	message(a, zMsg, sizeof zMsg);
	a->sig_ok = verify(k, zMsg, aSig, nSig);
	free(aSig);
}

/* Walk every line of the file: fn(ctx, checked line). */
static rd_status walk_lines(const struct rd_config *cfg,
			    void (*fn)(void *ctx, const struct rd_anchor *a),
			    void *ctx, int *nLines, struct rd_err *err)
{
	EVP_PKEY *k = NULL;
	char zKeyId[RD_ANCHOR_KEYID_HEX];
	char *zLine = NULL;
	size_t nCap = 0;
	ssize_t n;
	FILE *f;
	rd_status rc;

	*nLines = 0;
	f = fopen(cfg->audit_anchors, "re");
	if (!f)
		return rd_err_set(err, errno == ENOENT ? RD_ERR_NOTFOUND
						       : RD_ERR_IO,
				  _("no checkpoint file %s (%s); take one with "
				    "'radesk audit anchor'"),
				  cfg->audit_anchors, strerror(errno));
	rc = key_load(cfg->audit_key, &k, err);
	if (rc == RD_OK)
		rc = key_id(k, zKeyId, err);
	while (rc == RD_OK && (n = getline(&zLine, &nCap, f)) >= 0) {
		struct rd_anchor a;

		if (n == 0 || (n == 1 && zLine[0] == '\n'))
			continue;
		a.line = ++*nLines;
		check_line(k, zKeyId, zLine, &a);
		fn(ctx, &a);
	}
	if (rc == RD_OK && ferror(f))
		rc = rd_err_set(err, RD_ERR_IO, _("cannot read %s"),
				cfg->audit_anchors);
	if (rc == RD_OK && *nLines == 0)
		rc = rd_err_set(err, RD_ERR_NOTFOUND,
				_("the checkpoint file %s is empty; take one "
				  "with 'radesk audit anchor'"),
				cfg->audit_anchors);
	free(zLine);
	fclose(f);
	EVP_PKEY_free(k);
	return rc;
}

struct latest_walk {
	struct rd_anchor *latest;
	int *nBad, *firstBad;
};

static void on_latest(void *ctx, const struct rd_anchor *a)
{
	struct latest_walk *w = ctx;

	if (!a->sig_ok) {
		++*w->nBad;
		if (!*w->firstBad)
			*w->firstBad = a->line;
	}
	*w->latest = *a;
}

rd_status rd_anchor_read_latest(const struct rd_config *cfg,
				struct rd_anchor *latest, int *nLines,
				int *nBad, int *firstBad, struct rd_err *err)
{
	struct latest_walk w = { latest, nBad, firstBad };

	memset(latest, 0, sizeof *latest);
	*nBad = *firstBad = 0;
	return walk_lines(cfg, on_latest, &w, nLines, err);
}

struct find_walk {
	int64_t id;
	const char *zHash;
	struct rd_anchor *out;
	int *found;
};

static void on_find(void *ctx, const struct rd_anchor *a)
{
	struct find_walk *w = ctx;

	if (a->sig_ok && a->head_id == w->id && !strcmp(a->head, w->zHash)) {
		*w->out = *a;
		*w->found = 1;
	}
}

rd_status rd_anchor_find_head(const struct rd_config *cfg, int64_t id,
			      const char *zHash, struct rd_anchor *out,
			      int *found, struct rd_err *err)
{
	struct find_walk w = { id, zHash, out, found };
	int nLines = 0;

	*found = 0;
	memset(out, 0, sizeof *out);
	return walk_lines(cfg, on_find, &w, &nLines, err);
}
