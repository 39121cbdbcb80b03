/*
 * exec.c — `radesk-bench exec NAME REPS -- CMD ARG...`: run a command
 * REPS times with its output thrown away and print NAME_ms (median wall
 * time), NAME_maxrss_kb (the largest peak resident set of any run, from
 * wait4 — what /usr/bin/time -v reports) and NAME_status (the last
 * non-zero exit status, else 0). The same stopwatch for radesk and for
 * every reference tool, so process start-up counts alike on both sides.
 */
#include "bench.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int bench_exec(int argc, char **argv)
{
	const char *zName;
	double *aMs;
	long nRep, maxRss = 0;
	int status = 0;

	if (argc < 5 || strcmp(argv[3], "--")) {
		fprintf(stderr, "usage: radesk-bench exec NAME REPS -- CMD...\n");
		return 2;
	}
	zName = argv[1];
	nRep = strtol(argv[2], NULL, 10);
	if (nRep < 1)
		nRep = 1;
	aMs = calloc((size_t)nRep, sizeof *aMs);
	if (!aMs)
		return 1;
	for (long r = 0; r < nRep; r++) {
		struct rusage ru;
		double t0 = bench_ms();
		int ws = 0;
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			free(aMs);
			return 1;
		}
		if (pid == 0) {
			int fd = open("/dev/null", O_WRONLY);

			if (fd >= 0)
				dup2(fd, 1);
			execvp(argv[4], argv + 4);
			perror(argv[4]);
			_exit(127);
		}
		if (wait4(pid, &ws, 0, &ru) < 0) {
			perror("wait4");
			free(aMs);
			return 1;
		}
		aMs[r] = bench_ms() - t0;
		if (ru.ru_maxrss > maxRss)
			maxRss = ru.ru_maxrss;
		if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
			status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
	}
	printf("%s_ms %.2f\n%s_maxrss_kb %ld\n%s_status %d\n", zName,
	       bench_percentile(aMs, (size_t)nRep, 0.5), zName, maxRss, zName,
	       status);
	free(aMs);
	return 0;
}
