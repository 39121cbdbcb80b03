/*
 * spawn.c — see spawn.h.
 */
#include "spawn.h"

#include "core/i18n.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

rd_status rd_spawn_self_exe(char *out, size_t n, struct rd_err *err)
{
	ssize_t len = n > 1 ? readlink("/proc/self/exe", out, n - 1) : -1;

	if (len <= 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot find the radesk binary to start "
				    "it again: %s"),
				  strerror(errno));
	out[len] = '\0';
	return RD_OK;
}

rd_status rd_spawn(const char *exe, const char *const argv[], int fdOut,
		   pid_t *pid, struct rd_err *err)
{
	pid_t child;

	*pid = 0;
	child = fork();
	if (child < 0)
		return rd_err_set(err, RD_ERR_IO,
				  _("cannot start %s: %s"), exe,
				  strerror(errno));
	if (child == 0) {
		int nul = open("/dev/null", O_RDONLY);

		/* Its own process group: the terminal's SIGHUP and Ctrl-C
		 * are the console's, which ends its children itself. */
		setpgid(0, 0);
		if (nul >= 0)
			dup2(nul, 0);
		dup2(fdOut, 1);
		dup2(fdOut, 2);
		/* The console ignores some signals while it tears down;
		 * the child starts with the defaults. */
		signal(SIGHUP, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	/* Also here, so the group exists before we might signal it. */
	setpgid(child, child);
	*pid = child;
	return RD_OK;
}

rd_status rd_child_start(struct rd_child *c, const char *exe,
			 const char *const argv[], struct rd_err *err)
{
	int aPipe[2];
	rd_status rc;

	memset(c, 0, sizeof *c);
	c->fd = -1;
	if (pipe(aPipe) != 0)
		return rd_err_set(err, RD_ERR_IO, _("cannot start %s: %s"), exe,
				  strerror(errno));
	/* Neither end leaks into other children (a second report, the
	 * background worker): EOF must mean this child is done. */
	fcntl(aPipe[0], F_SETFD, FD_CLOEXEC);
	fcntl(aPipe[1], F_SETFD, FD_CLOEXEC);
	rc = rd_spawn(exe, argv, aPipe[1], &c->pid, err);
	close(aPipe[1]);
	if (rc != RD_OK) {
		close(aPipe[0]);
		return rc;
	}
	fcntl(aPipe[0], F_SETFL, fcntl(aPipe[0], F_GETFL) | O_NONBLOCK);
	c->fd = aPipe[0];
	return RD_OK;
}

/* Hand the finished lines in buf to fn and keep the rest. */
static void split_lines(struct rd_child *c, rd_child_line_fn fn, void *ctx)
{
	size_t start = 0;

	for (size_t i = 0; i < c->len; i++) {
		if (c->buf[i] != '\n')
			continue;
		c->buf[i] = '\0';
		fn(ctx, c->buf + start);
		start = i + 1;
	}
	memmove(c->buf, c->buf + start, c->len - start);
	c->len -= start;
	/* A line longer than the buffer is cut where the buffer ends. */
	if (c->len == RD_CHILD_LINE_MAX) {
		c->buf[c->len] = '\0';
		fn(ctx, c->buf);
		c->len = 0;
	}
}

int rd_child_read(struct rd_child *c, rd_child_line_fn fn, void *ctx)
{
	if (c->fd < 0)
		return 1;
	for (;;) {
		ssize_t n = read(c->fd, c->buf + c->len,
				 RD_CHILD_LINE_MAX - c->len);

		if (n > 0) {
			c->len += (size_t)n;
			split_lines(c, fn, ctx);
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return 0;
		/* End of output (or a broken pipe): the last line too. */
		if (c->len > 0) {
			c->buf[c->len] = '\0';
			fn(ctx, c->buf);
			c->len = 0;
		}
		close(c->fd);
		c->fd = -1;
		return 1;
	}
}

int rd_child_poll(struct rd_child *c)
{
	pid_t r;

	if (c->reaped || c->pid <= 0)
		return 1;
	do
		r = waitpid(c->pid, &c->status, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return 0;
	c->reaped = 1;
	return 1;
}

void rd_child_signal(struct rd_child *c, int sig)
{
	/* The whole group: whatever the child started goes too. */
	if (c->pid > 0 && !c->reaped && kill(-c->pid, sig) != 0)
		kill(c->pid, sig);
}

void rd_child_stop(struct rd_child *c, int grace_ms)
{
	if (c->pid <= 0 || rd_child_poll(c))
		return;
	rd_child_signal(c, SIGTERM);
	for (int ms = 0; ms < grace_ms; ms += 20) {
		struct timespec ts = { 0, 20000000L };

		if (rd_child_poll(c))
			return;
		nanosleep(&ts, NULL);
	}
	rd_child_signal(c, SIGKILL);
	while (waitpid(c->pid, &c->status, 0) < 0 && errno == EINTR)
		;
	c->reaped = 1;
}

void rd_child_fini(struct rd_child *c, int grace_ms)
{
	if (c->pid <= 0)
		return;
	rd_child_stop(c, grace_ms);
	if (c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
	}
}
