/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor services a fuzzed parser may call: printk is silent,
 * panic aborts (a panic on hostile input is a finding). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void vprintk(const char *fmt, va_list ap)
{
    (void)fmt;
    (void)ap;
}

void printk(const char *fmt, ...)
{
    (void)fmt;
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    abort();
}
