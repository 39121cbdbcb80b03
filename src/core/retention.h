/*
 * retention.h — when the records of an application may be destroyed.
 *
 * The Electronic Signature Law (art. 24) makes a CA keep the information
 * about a certificate for at least five years after it ends. The one rule
 * is here; the store asks it inside the purge transaction.
 */
#ifndef RD_CORE_RETENTION_H
#define RD_CORE_RETENTION_H

#include <stdint.h>

/* The instant `years` civil years (UTC+08:00) before now: a certificate
 * that ended before it has been kept long enough. 29 February becomes
 * 28 February in a common year. Returns INT64_MIN when out of range. */
int64_t rd_retention_cutoff(int64_t now, int years);

/* 1 when an application whose certificate ended at cert_end (0 = not
 * known: never) may have its personal data and scans purged at now. */
int rd_retention_may_purge(int64_t cert_end, int64_t now, int years);

#endif
