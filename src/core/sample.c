/*
 * sample.c — see sample.h.
 */
#include "core/sample.h"

#include "core/timefmt.h"

#include <string.h>

int64_t rd_sample_size(int64_t population)
{
	int64_t n;

	if (population <= 0)
		return 0;
	n = (population * 3 + 99) / 100;
	return n < 1 ? 1 : n > population ? population : n;
}

int rd_sample_may_review(int64_t reviewer, int64_t decider, int64_t assigned)
{
	return reviewer > 0 && reviewer == assigned && reviewer != decider;
}

rd_status rd_quarter_parse(const char *z, int64_t *from, int64_t *to)
{
	int y, q;

	if (!z || strlen(z) != 6 || z[4] != 'Q' || z[5] < '1' || z[5] > '4')
		return RD_ERR_INVALID;
	for (int i = 0; i < 4; i++)
		if (z[i] < '0' || z[i] > '9')
			return RD_ERR_INVALID;
	y = (z[0] - '0') * 1000 + (z[1] - '0') * 100 + (z[2] - '0') * 10 +
	    (z[3] - '0');
	q = z[5] - '0';
	if (y < 1970 || rd_time_from_local(y, 3 * q - 2, 1, 0, 0, 0, from) != RD_OK)
		return RD_ERR_INVALID;
	if (q == 4)
		return rd_time_from_local(y + 1, 1, 1, 0, 0, 0, to) == RD_OK
			       ? RD_OK : RD_ERR_INVALID;
	return rd_time_from_local(y, 3 * q + 1, 1, 0, 0, 0, to) == RD_OK
		       ? RD_OK : RD_ERR_INVALID;
}

uint64_t rd_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
