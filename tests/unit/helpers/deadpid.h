/*
 * deadpid.h — the id of a process that has ended, for tests of code
 * that removes what dead processes left behind.
 */
#ifndef RD_TESTS_DEADPID_H
#define RD_TESTS_DEADPID_H

#include <sys/types.h>

/* Fork a child that exits at once and reap it; fails the test on error.
 * Its id names no process until the system hands it out again. */
pid_t test_dead_pid(void);

#endif
