/*
 * spawn.h — child processes of the console: the radesk binary itself (or
 * any program) run with other arguments, so long work (a background
 * worker, a report) never blocks the screen.
 *
 * A child runs in its own process group (the terminal's SIGHUP and
 * Ctrl-C belong to the console, which ends its children itself), reads
 * /dev/null and writes its stdout and stderr to one descriptor: a log
 * file, or a pipe the console reads line by line without blocking
 * (struct rd_child).
 */
#ifndef RD_SPAWN_H
#define RD_SPAWN_H

#include "core/err.h"

#include <stddef.h>
#include <sys/types.h>

/* The path of the running binary (/proc/self/exe) into out (n bytes). */
rd_status rd_spawn_self_exe(char *out, size_t n, struct rd_err *err);

/*
 * fork and exec exe with argv (NULL-terminated; argv[0] is the name
 * shown by ps), stdout and stderr on fdOut, which stays open in the
 * caller (it closes its copy). *pid gets the child. The caller reaps it.
 */
rd_status rd_spawn(const char *exe, const char *const argv[], int fdOut,
		   pid_t *pid, struct rd_err *err);

/* Longest output line kept whole; longer lines are cut there. */
#define RD_CHILD_LINE_MAX 1024

/* A child whose output comes back through a pipe. Embedded by value,
 * rd_child_start() .. rd_child_fini(); owns the pipe and the process. */
struct rd_child {
	pid_t pid;                 /* 0 when none */
	int fd;                    /* read end, non-blocking; -1 when closed */
	int reaped;                /* the process has ended */
	int status;                /* its wait status once reaped */
	size_t len;                /* bytes of the unfinished line in buf */
	char buf[RD_CHILD_LINE_MAX + 1];
};

/* Start exe argv as a child writing into a pipe. */
rd_status rd_child_start(struct rd_child *c, const char *exe,
			 const char *const argv[], struct rd_err *err);

/*
 * Read what the child has written so far, never waiting, and hand each
 * complete line (without its newline; a last line without one at end of
 * output) to fn. Returns 1 once the output is over (pipe closed), else 0.
 */
typedef void (*rd_child_line_fn)(void *ctx, const char *zLine);
int rd_child_read(struct rd_child *c, rd_child_line_fn fn, void *ctx);

/* Reap the child if it has ended, never waiting; 1 when it has (then
 * c->status holds its wait status). */
int rd_child_poll(struct rd_child *c);

/* Send sig to the child's process group if the child still runs. */
void rd_child_signal(struct rd_child *c, int sig);

/*
 * Make sure the child has ended: if it still runs, SIGTERM, wait up to
 * grace_ms for it, then SIGKILL; reap it. The pipe stays open, so what
 * it wrote before it ended can still be read (rd_child_read). Does
 * nothing when no child was started (pid 0, as in a zeroed struct).
 * Afterwards c->reaped and c->status tell how it ended.
 */
void rd_child_stop(struct rd_child *c, int grace_ms);

/* rd_child_stop(), then close the pipe. Safe twice. */
void rd_child_fini(struct rd_child *c, int grace_ms);

#endif
