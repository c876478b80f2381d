/* SPDX-License-Identifier: BSD-2-Clause */
/* xl top (a refreshing table in the style of xentop) and xl uptime. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <dom0/os.h>
#include "xl_priv.h"

#define TOP_MAX 1024

struct top_state {
    struct xen_domctl_getdomaininfo *now, *prev;
    int n, nprev;
    uint64_t t_now, t_prev;
};

/* xentop's state column: dying, shutdown, blocked, crashed, paused,
 * running. */
static void top_state(uint32_t f, char s[7])
{
    unsigned int why =
        (f >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    bool down = f & XEN_DOMINF_shutdown;

    s[0] = f & XEN_DOMINF_dying ? 'd' : '-';
    s[1] = down && why != 3 ? 's' : '-';
    s[2] = f & XEN_DOMINF_blocked ? 'b' : '-';
    s[3] = down && why == 3 ? 'c' : '-';
    s[4] = f & XEN_DOMINF_paused ? 'p' : '-';
    s[5] = f & XEN_DOMINF_running ? 'r' : '-';
    s[6] = '\0';
}

/* Tenths of a percent of one CPU since the previous frame. */
static uint64_t top_cpu_permille(const struct top_state *t,
                                 const struct xen_domctl_getdomaininfo *d)
{
    uint64_t dt = t->t_now - t->t_prev;

    for (int i = 0; dt && i < t->nprev; i++)
        if (t->prev[i].domain == d->domain &&
            d->cpu_time >= t->prev[i].cpu_time)
            return (d->cpu_time - t->prev[i].cpu_time) * 1000 / dt;
    return 0;
}

static void top_header(const struct top_state *t,
                       const struct xen_sysctl_physinfo *pi)
{
    unsigned int cnt[6] = {0};
    uint64_t total = pi->total_pages * 4, free_k = pi->free_pages * 4;
    long ver = xc_version(XENVER_version, NULL);
    char st[7];

    for (int i = 0; i < t->n; i++) {
        top_state(t->now[i].flags, st);
        for (int k = 0; k < 6; k++)
            cnt[k] += st[k] != '-';
    }
    time_t wall = time(NULL);
    struct tm *tm = gmtime(&wall);

    xl_printf("xl top - %02d:%02d:%02d   Xen %ld.%ld\n", tm ? tm->tm_hour : 0,
              tm ? tm->tm_min : 0, tm ? tm->tm_sec : 0, ver > 0 ? ver >> 16 : 0,
              ver > 0 ? ver & 0xffff : 0);
    xl_printf("%d domains: %u running, %u blocked, %u paused, %u crashed, "
              "%u dying, %u shutdown \n",
              t->n, cnt[5], cnt[2], cnt[4], cnt[3], cnt[0], cnt[1]);
    xl_printf("Mem: %lluk total, %lluk used, %lluk free    CPUs: %u @ %uMHz\n",
              (unsigned long long)total, (unsigned long long)(total - free_k),
              (unsigned long long)free_k, pi->nr_cpus, pi->cpu_khz / 1000);
    xl_printf("%10s %6s %10s %6s %10s %6s %10s %9s %5s\n", "NAME", "STATE",
              "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)", "MAXMEM(k)",
              "MAXMEM(%)", "VCPUS");
}

static void top_row(const struct top_state *t, uint64_t total_k,
                    const struct xen_domctl_getdomaininfo *d)
{
    uint64_t cpu = top_cpu_permille(t, d), mem = d->tot_pages * 4;
    uint64_t max = d->max_pages * 4, tk = total_k ? total_k : 1;
    char name[XL_NAME_MAX + 8], st[7];

    top_state(d->flags, st);
    xl_dom_name(d->domain, name, sizeof(name));
    xl_printf("%10.10s %6s %10llu %4llu.%llu %10llu %4llu.%llu %10llu "
              "%7llu.%llu %5u\n",
              name, st, (unsigned long long)(d->cpu_time / 1000000000ull),
              (unsigned long long)cpu / 10, (unsigned long long)cpu % 10,
              (unsigned long long)mem, (unsigned long long)(mem * 100 / tk),
              (unsigned long long)(mem * 1000 / tk % 10),
              (unsigned long long)max, (unsigned long long)(max * 100 / tk),
              (unsigned long long)(max * 1000 / tk % 10), d->nr_online_vcpus);
}

static int top_frame(struct top_state *t, bool clear)
{
    struct xen_sysctl_physinfo pi;
    struct xen_domctl_getdomaininfo *swap = t->prev;

    t->prev = t->now;
    t->nprev = t->n;
    t->now = swap;
    t->t_prev = t->t_now;
    t->t_now = os_now_ns();
    t->n = xc_domain_getinfolist(0, TOP_MAX, t->now);
    if (t->n < 0 || xc_physinfo(&pi)) {
        xl_eprintf("xl top: reading the domain list failed\n");
        return -1;
    }
    if (clear)
        xl_printf("\033[H\033[2J");
    top_header(t, &pi);
    for (int i = 0; i < t->n; i++)
        top_row(t, pi.total_pages * 4, &t->now[i]);
    if (xl_stdout == NULL)
        fflush(stdout);
    return 0;
}

/* Sleep delay_ns, watching the keyboard: true when 'q' was typed. */
static bool top_wait(uint64_t delay_ns, bool keys)
{
    uint64_t end = os_now_ns() + delay_ns;
    char buf[16];
    int n;

    while (os_now_ns() < end) {
        n = keys ? os_console_read(buf, sizeof(buf)) : 0;
        if (n > 0 &&
            (memchr(buf, 'q', (size_t)n) || memchr(buf, 'Q', (size_t)n)))
            return true;
        os_wait(20000000ull);
    }
    return false;
}

int xl_cmd_top(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    struct top_state t = {0};
    uint64_t delay = 1, iters = 0, v;
    bool batch = false;
    int c, rc = 0;

    while ((c = xl_getopt(&o, "d:bi:")) != -1) {
        if (c == '?' ||
            ((c == 'd' || c == 'i') && (xl_parse_u64(o.arg, &v) || v > 86400)))
            return 2;
        delay = c == 'd' ? v : delay;
        iters = c == 'i' ? v : iters;
        batch |= c == 'b';
    }
    t.now = calloc(TOP_MAX, sizeof(*t.now));
    t.prev = calloc(TOP_MAX, sizeof(*t.prev));
    for (uint64_t i = 0; t.now && t.prev && !rc; i++) {
        rc = top_frame(&t, !batch);
        if (rc || (iters && i + 1 >= iters) ||
            top_wait(delay * 1000000000ull, !batch))
            break;
    }
    free(t.now);
    free(t.prev);
    return rc ? 1 : 0;
}

/* Xen's uptime_to_string. */
static void uptime_str(uint64_t s, bool short_mode, char *buf, size_t n)
{
    unsigned int day = (unsigned int)(s / 86400), hour = s / 3600 % 24;
    unsigned int min = s / 60 % 60, sec = s % 60;
    const char *days = day > 1 ? " days, " : " day, ";

    if (short_mode && day)
        snprintf(buf, n, "%u%s%2u:%02u", day, days, hour, min);
    else if (short_mode)
        snprintf(buf, n, "%2u:%02u", hour, min);
    else if (day)
        snprintf(buf, n, "%u%s%2u:%02u:%02u", day, days, hour, min, sec);
    else
        snprintf(buf, n, "%2u:%02u:%02u", hour, min, sec);
}

static void uptime_row(domid_t domid, bool short_mode)
{
    struct xl_dom *d = xl_dom_by_id(domid);
    uint64_t now = os_now_ns(), s;
    char name[XL_NAME_MAX + 8], up[48];
    time_t wall = time(NULL);
    struct tm *tm = gmtime(&wall);

    if (domid && !d)
        return; /* Xen skips domains without a recorded start time */
    s = (domid ? now - d->start_ns : now) / 1000000000ull;
    uptime_str(s, short_mode, up, sizeof(up));
    xl_dom_name(domid, name, sizeof(name));
    if (short_mode && tm)
        xl_printf(" %02d:%02d:%02d up %s, %s (%u)\n", tm->tm_hour, tm->tm_min,
                  tm->tm_sec, up, name, domid);
    else
        xl_printf("%-33s %4u %s\n", name, domid, up);
}

int xl_cmd_uptime(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    bool short_mode = false;
    domid_t domid;
    int c;

    while ((c = xl_getopt(&o, "s")) != -1) {
        if (c == '?')
            return 2;
        short_mode = true;
    }
    if (!short_mode)
        xl_printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
    for (int i = o.ind; i < argc; i++) {
        if (xl_find_domain(argv[i], &domid))
            return 1;
        uptime_row(domid, short_mode);
    }
    if (o.ind < argc)
        return 0;
    xl_dom_prune();
    uptime_row(0, short_mode);
    for (unsigned int i = 0; i < XL_MAX_DOMS; i++)
        if (xl_dom_at(i))
            uptime_row(xl_dom_at(i)->domid, short_mode);
    return 0;
}
