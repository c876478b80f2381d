/* SPDX-License-Identifier: BSD-2-Clause */
/* xl's output, option parsing and small formatting helpers. */
#include <stdarg.h>
#include <string.h>
#include "xl_priv.h"

FILE *xl_stdout, *xl_stderr;

void xl_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(xl_stdout ? xl_stdout : stdout, fmt, ap);
    va_end(ap);
}

void xl_eprintf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(xl_stderr ? xl_stderr : stderr, fmt, ap);
    va_end(ap);
}

/* Tenths of a second, rounded to nearest, without floating point. */
char *xl_fmt_secs(uint64_t ns, char *buf, size_t n)
{
    uint64_t tenths = (ns + 50000000ull) / 100000000ull;

    snprintf(buf, n, "%llu.%llu", (unsigned long long)(tenths / 10),
             (unsigned long long)(tenths % 10));
    return buf;
}

static int xl_opt_unknown(char c)
{
    xl_eprintf("option `%c' not supported.\n", c);
    return '?';
}

int xl_getopt(struct xl_opts *o, const char *spec)
{
    const char *a, *hit;

    if (o->ind >= o->argc)
        return -1;
    a = o->argv[o->ind];
    if (!o->sub) {
        if (a[0] != '-' || !a[1])
            return -1;
        if (!strcmp(a, "--")) {
            o->ind++;
            return -1;
        }
        o->sub = 1;
    }
    hit = strchr(spec, a[o->sub]);
    if (a[o->sub] == ':' || !hit)
        return xl_opt_unknown(a[o->sub]);
    if (hit[1] != ':') {
        if (!a[++o->sub]) {
            o->sub = 0;
            o->ind++;
        }
        return *hit;
    }
    /* An argument: the rest of this word, or the next one. */
    o->arg = a[o->sub + 1] ? a + o->sub + 1 : NULL;
    o->sub = 0;
    o->ind++;
    if (!o->arg && o->ind < o->argc)
        o->arg = o->argv[o->ind++];
    if (!o->arg) {
        xl_eprintf("option `%c' requires an argument.\n", *hit);
        return '?';
    }
    return *hit;
}

int xl_need_args(const char *cmd, int have, int need)
{
    if (have >= need)
        return 0;
    xl_eprintf("'xl %s' requires at least %d argument%s.\n\n", cmd, need,
               need > 1 ? "s" : "");
    xl_usage(cmd);
    return 2;
}
