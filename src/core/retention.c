/*
 * retention.c — see retention.h.
 */
#include "core/retention.h"

#include "core/timefmt.h"

int64_t rd_retention_cutoff(int64_t now, int years)
{
	struct rd_tm tm;
	int64_t out;
	int day;

	if (years < 0 || rd_time_to_local(now, &tm) != RD_OK)
		return INT64_MIN;
	day = tm.day;
	if (day > rd_time_days_in_month(tm.year - years, tm.mon))
		day = rd_time_days_in_month(tm.year - years, tm.mon);
	if (rd_time_from_local(tm.year - years, tm.mon, day, tm.hour, tm.min,
			       tm.sec, &out) != RD_OK)
		return INT64_MIN;
	return out;
}

int rd_retention_may_purge(int64_t cert_end, int64_t now, int years)
{
	int64_t cutoff;

	if (cert_end <= 0 || years < 1)
		return 0;
	cutoff = rd_retention_cutoff(now, years);
	return cutoff != INT64_MIN && cert_end < cutoff;
}
