/* SPDX-License-Identifier: BSD-2-Clause */
/* xl's small value syntaxes: numbers, CPU lists, on_* actions. */
#include <stdio.h>
#include <string.h>
#include <dom0/xlcfg.h>

static int num_digit(char c, unsigned int base)
{
    int d = -1;

    if (c >= '0' && c <= '9')
        d = c - '0';
    else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        d = (c | 0x20) - 'a' + 10;
    return d >= 0 && (unsigned int)d < base ? d : -1;
}

int xl_parse_u64(const char *s, uint64_t *out)
{
    unsigned int base = 10;
    uint64_t v = 0;
    int d;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    } else if (s[0] == '0' && s[1]) {
        base = 8;
        s++;
    }
    if (!*s)
        return -1;
    for (; *s; s++) {
        d = num_digit(*s, base);
        if (d < 0 || v > (UINT64_MAX - (unsigned int)d) / base)
            return -1;
        v = v * base + (unsigned int)d;
    }
    *out = v;
    return 0;
}

/* A decimal CPU number at *pp (< XL_MAX_CPUS). */
static int cpu_number(const char **pp, unsigned int *cpu)
{
    const char *p = *pp;
    unsigned int v = 0;

    if (*p < '0' || *p > '9')
        return -1;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (unsigned int)(*p - '0');
        if (v >= XL_MAX_CPUS)
            return -2;
    }
    *pp = p;
    *cpu = v;
    return 0;
}

static void cpumap_range(uint64_t *map, unsigned int a, unsigned int b,
                         bool set)
{
    for (unsigned int i = a; i <= b; i++) {
        if (set)
            map[i / 64] |= 1ull << (i % 64);
        else
            map[i / 64] &= ~(1ull << (i % 64));
    }
}

/* One item of n bytes: "all", "N", "N-M", each maybe after '^'. */
static int cpulist_item(const char *s, size_t n, uint64_t *map, char *err,
                        size_t errlen)
{
    bool neg = n && s[0] == '^';
    char buf[32];
    const char *p = buf;
    unsigned int a, b;
    int rc;

    if (n - neg >= sizeof(buf))
        goto bad;
    memcpy(buf, s + neg, n - neg);
    buf[n - neg] = '\0';
    if (!strcmp(buf, "all")) {
        cpumap_range(map, 0, XL_MAX_CPUS - 1, !neg);
        return 0;
    }
    if (!strncmp(buf, "node", 4)) {
        snprintf(err, errlen, "NUMA node lists (`%s') are not supported", buf);
        return -1;
    }
    if ((rc = cpu_number(&p, &a)) == -2)
        goto range;
    b = a;
    if (!rc && *p == '-' && (p++, rc = cpu_number(&p, &b)) == -2)
        goto range;
    if (rc || *p || b < a)
        goto bad;
    cpumap_range(map, a, b, !neg);
    return 0;
range:
    snprintf(err, errlen, "CPU in `%.*s' is out of range (at most %u)",
             (int)(n > 32 ? 32 : n), s, XL_MAX_CPUS - 1);
    return -1;
bad:
    snprintf(err, errlen, "invalid CPU range `%.*s'", (int)(n > 32 ? 32 : n),
             s);
    return -1;
}

int xl_cpulist_parse(const char *s, uint64_t *map, char *err, size_t errlen)
{
    memset(map, 0, XL_CPUMAP_WORDS * sizeof(*map));
    for (;;) {
        size_t full = strcspn(s, ","), n = full;
        const char *t = s;

        for (; n && *t == ' '; n--)
            t++;
        while (n && t[n - 1] == ' ')
            n--;
        if (cpulist_item(t, n, map, err, errlen))
            return -1;
        if (!s[full])
            return 0;
        s += full + 1;
    }
}

static bool cpumap_test(const uint64_t *map, unsigned int i)
{
    return (map[i / 64] >> (i % 64)) & 1;
}

/* Xen's print_bitmap over the first nr_cpus bits (all of them if 0):
 * "all", "none" or ranges "0-3,5". */
char *xl_cpulist_format(const uint64_t *map, unsigned int nr_cpus, char *buf,
                        size_t len)
{
    unsigned int lim = nr_cpus && nr_cpus < XL_MAX_CPUS ? nr_cpus : XL_MAX_CPUS;
    unsigned int i = 0, j;
    size_t o = 0;

    snprintf(buf, len, "none");
    while (i < lim && o < len) {
        for (; i < lim && !cpumap_test(map, i); i++)
            ;
        if (i == lim)
            break;
        for (j = i; j < lim && cpumap_test(map, j); j++)
            ;
        if (i == 0 && j == lim) {
            snprintf(buf, len, "all");
            break;
        }
        o += (size_t)snprintf(buf + o, len - o, j - 1 > i ? "%s%u-%u" : "%s%u",
                              o ? "," : "", i, j - 1);
        i = j;
    }
    return buf;
}

const char *xl_action_name(enum xl_action a)
{
    switch (a) {
    case XL_ACTION_DESTROY:
        return "destroy";
    case XL_ACTION_RESTART:
        return "restart";
    case XL_ACTION_PRESERVE:
        return "preserve";
    case XL_ACTION_RENAME_RESTART:
        return "rename-restart";
    }
    return "?";
}
