/* SPDX-License-Identifier: BSD-2-Clause */
/* In-guest checks: one "PASS name" or "FAIL name: why" line per check. */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include "lib.h"

/*
 * The runner (xen-oracle.sh, tests/run.py) judges the final summary line
 * "guest: N passed, M failed" and "guest: exit S"; every check also prints
 * its own line so a log shows exactly which fact differed.
 */
void test_pass(const char *name);
void test_fail(const char *name, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print the summary; returns the number of failures (the exit status). */
int test_summary(void);

#define CHECK(name, cond)                                                      \
    do {                                                                       \
        if (cond)                                                              \
            test_pass(name);                                                   \
        else                                                                   \
            test_fail(name, "%s is false", #cond);                             \
    } while (0)

/* Integers compared as signed 64-bit; both shown in decimal and hex. */
#define CHECK_EQ(name, actual, expected)                                       \
    do {                                                                       \
        long _a = (long)(actual), _e = (long)(expected);                       \
        if (_a == _e)                                                          \
            test_pass(name);                                                   \
        else                                                                   \
            test_fail(name, "%s = %ld (%#lx), expected %ld (%#lx)", #actual,   \
                      _a, _a, _e, _e);                                         \
    } while (0)

#define CHECK_STR(name, actual, expected)                                      \
    do {                                                                       \
        const char *_a = (actual), *_e = (expected);                           \
        if (strcmp(_a, _e) == 0)                                               \
            test_pass(name);                                                   \
        else                                                                   \
            test_fail(name, "%s = \"%s\", expected \"%s\"", #actual, _a, _e);  \
    } while (0)

#endif
