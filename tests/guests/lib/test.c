/* SPDX-License-Identifier: BSD-2-Clause */
/* Check bookkeeping for the PV test kernels: PASS/FAIL lines, summary. */
#include "test.h"

static unsigned int test_passed, test_failed;

void test_pass(const char *name)
{
    test_passed++;
    printf("PASS %s\n", name);
}

void test_fail(const char *name, const char *fmt, ...)
{
    char why[256];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    test_failed++;
    printf("FAIL %s: %s\n", name, why);
}

int test_summary(void)
{
    printf("guest: %u passed, %u failed\n", test_passed, test_failed);
    return (int)test_failed;
}
