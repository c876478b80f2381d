/* SPDX-License-Identifier: BSD-2-Clause */
/* Host unit-test harness: the real hypervisor sources are compiled for the
 * host and driven by test_*.c files. One line per test, a summary line,
 * non-zero exit on any failure. */
#ifndef UNIT_HARNESS_H
#define UNIT_HARNESS_H

#include <stdio.h>
#include <string.h>
#include <stdlib.h>

struct unit_test {
    const char *name;
    void (*fn)(void);
};

extern int unit_failed_checks; /* checks failed in the current test */
extern char unit_log[65536];   /* everything printk() wrote */
extern size_t unit_log_len;
void unit_log_clear(void);

#define TEST(n)                                                                \
    static void n(void);                                                       \
    static const struct unit_test __test_##n                                   \
        __attribute__((used, section("unit_tests"), aligned(16))) = {#n, n};   \
    static void n(void)

#define CHECK(c)                                                               \
    do {                                                                       \
        if (!(c)) {                                                            \
            fprintf(stderr, "    %s:%d: CHECK(%s) failed\n", __FILE__,         \
                    __LINE__, #c);                                             \
            unit_failed_checks++;                                              \
        }                                                                      \
    } while (0)

#define CHECK_EQ(a, b)                                                         \
    do {                                                                       \
        unsigned long long _a = (unsigned long long)(a);                       \
        unsigned long long _b = (unsigned long long)(b);                       \
        if (_a != _b) {                                                        \
            fprintf(stderr, "    %s:%d: %s == %s: got %#llx, want %#llx\n",    \
                    __FILE__, __LINE__, #a, #b, _a, _b);                       \
            unit_failed_checks++;                                              \
        }                                                                      \
    } while (0)

#define CHECK_STR(a, b)                                                        \
    do {                                                                       \
        const char *_a = (a), *_b = (b);                                       \
        if (strcmp(_a, _b) != 0) {                                             \
            fprintf(stderr, "    %s:%d: %s: got \"%s\", want \"%s\"\n",        \
                    __FILE__, __LINE__, #a, _a, _b);                           \
            unit_failed_checks++;                                              \
        }                                                                      \
    } while (0)

#endif
