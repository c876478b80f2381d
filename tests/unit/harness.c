/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit-test runner and the few hypervisor services tests need
 * (printk into a buffer, panic as a test failure). */
#include "harness.h"
#include <stdarg.h>
#include <setjmp.h>

int unit_failed_checks;
char unit_log[65536];
size_t unit_log_len;

extern const struct unit_test __start_unit_tests[], __stop_unit_tests[];

void unit_log_clear(void)
{
    unit_log_len = 0;
    unit_log[0] = '\0';
}

void vprintk(const char *fmt, va_list ap)
{
    size_t room = sizeof(unit_log) - unit_log_len;
    int n = vsnprintf(unit_log + unit_log_len, room, fmt, ap);
    if (n > 0)
        unit_log_len += ((size_t)n < room) ? (size_t)n : room - 1;
}

void printk(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintk(fmt, ap);
    va_end(ap);
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "    panic: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    abort();
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0;
    for (const struct unit_test *t = __start_unit_tests; t < __stop_unit_tests;
         t++) {
        if (argc > 1 && !strstr(t->name, argv[1]))
            continue;
        unit_failed_checks = 0;
        unit_log_clear();
        t->fn();
        printf("%s %s\n", unit_failed_checks ? "FAIL" : "PASS", t->name);
        if (unit_failed_checks)
            failed++;
        else
            passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
