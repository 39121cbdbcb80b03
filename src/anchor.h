/*
 * anchor.h — signed checkpoints of the audit chain, kept outside the
 * database (issue 13, "the chain survives truncation").
 *
 * The hash chain (store/audit.h) finds a row that was edited, inserted
 * or removed in the middle, but not rows cut off the end, nor a database
 * put back from an older copy: what is left is still a valid chain. A
 * checkpoint writes down, at one moment, how many entries the chain had
 * and the newest one's id and hash, signed with an Ed25519 key (OpenSSL
 * EVP), as one line appended to a file outside the database ([audit]
 * anchors) and to syslog. `radesk audit verify` then compares the
 * database with the latest checkpoint.
 *
 * A checkpoint line (text, one per line, appended with O_APPEND under an
 * exclusive flock, then fsynced):
 *
 *   v1 AT COUNT HEAD_ID HEAD_HASH KEY_ID SIGNATURE
 *
 * AT unix seconds, COUNT entries, HEAD_ID/HEAD_HASH the newest entry,
 * KEY_ID the first 16 hex digits of SHA-256 over the raw public key,
 * SIGNATURE the Base64 Ed25519 signature over
 * "radesk-audit-anchor/1 AT COUNT HEAD_ID HEAD_HASH KEY_ID".
 *
 * The key ([audit] key) is a PEM PKCS#8 private key that must be a
 * regular file with no group or other permission bits (0600); `radesk
 * init` makes it when it is missing, `radesk audit keygen` for existing
 * installations. It never overwrites one.
 */
#ifndef RD_ANCHOR_H
#define RD_ANCHOR_H

#include "config.h"
#include "core/err.h"
#include "store/store.h"

#include <stdint.h>

#define RD_ANCHOR_KEYID_HEX 17   /* 16 hex digits + NUL */

struct rd_anchor {
	int64_t at;
	int64_t count;
	int64_t head_id;
	char head[65];
	char key_id[RD_ANCHOR_KEYID_HEX];
	int line;                 /* 1-based line of the file (when read) */
	int sig_ok;               /* signature verified with the key */
};

/*
 * Make a new Ed25519 key at zPath (mode 0600, parent folders 0700).
 * RD_ERR_EXISTS when a file is already there: a key is never replaced.
 * *keyid gets the new key's id.
 */
rd_status rd_anchor_keygen(const char *zPath, char keyid[RD_ANCHOR_KEYID_HEX],
			   struct rd_err *err);

/*
 * Take a checkpoint of st's audit chain now: sign it with the key of
 * cfg, append it to cfg's anchors file and log it to syslog. *out (may
 * be NULL) gets what was written.
 */
rd_status rd_anchor_take(struct store *st, const struct rd_config *cfg,
			 struct rd_anchor *out, struct rd_err *err);

/*
 * Read the anchors file of cfg and check every line's signature with
 * cfg's key. *latest gets the last line (sig_ok tells whether it
 * verified); *nLines the lines read, *nBad how many failed (bad
 * signature or unreadable line); *firstBad the first such line number
 * (0 if none). RD_ERR_NOTFOUND (err set) when the file does not exist
 * or holds no line.
 */
rd_status rd_anchor_read_latest(const struct rd_config *cfg,
				struct rd_anchor *latest, int *nLines,
				int *nBad, int *firstBad, struct rd_err *err);

/*
 * The last verified checkpoint of cfg's file whose head is (id, hash):
 * *found 1 and *out filled, else *found 0. To tell a database put back
 * to an older copy (its head is an earlier checkpoint's) from one whose
 * end was cut.
 */
rd_status rd_anchor_find_head(const struct rd_config *cfg, int64_t id,
			      const char *zHash, struct rd_anchor *out,
			      int *found, struct rd_err *err);

#endif
