/*
 * sample.h — the quarterly self-audit sample's rules (CA/Browser Forum
 * Baseline Requirements §8.7: at least 3% of the issuances since the
 * last sample, re-reviewed by someone else).
 */
#ifndef RD_CORE_SAMPLE_H
#define RD_CORE_SAMPLE_H

#include "core/err.h"

#include <stdint.h>

/* How many of a population to draw: 3% rounded up, at least one of a
 * non-empty population, never more than it. */
int64_t rd_sample_size(int64_t population);

/* 1 when reviewer may record the re-review of an item assigned to
 * assigned and decided by decider: only the assignee, never the decider. */
int rd_sample_may_review(int64_t reviewer, int64_t decider, int64_t assigned);

/* "2026Q4" into the quarter's first instant and the next quarter's
 * (UTC+08:00). RD_ERR_INVALID for anything else. */
rd_status rd_quarter_parse(const char *z, int64_t *from, int64_t *to);

/* splitmix64: the sample's random stream, reproducible from its seed. */
uint64_t rd_splitmix64(uint64_t *state);

#endif
