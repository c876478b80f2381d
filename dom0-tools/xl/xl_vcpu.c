/* SPDX-License-Identifier: BSD-2-Clause */
/* xl vcpu-list, vcpu-pin, sched-credit: Xen's formats and messages. */
#include <stdlib.h>
#include <string.h>
#include "xl_priv.h"

static unsigned int vcpu_nr_cpus(void)
{
    struct xen_sysctl_physinfo pi;

    return xc_physinfo(&pi) || !pi.nr_cpus ? 1 : pi.nr_cpus;
}

static void vcpu_row(domid_t domid, const char *name, unsigned int v,
                     unsigned int nr_cpus)
{
    struct xen_domctl_getvcpuinfo vi;
    uint64_t map[XL_CPUMAP_WORDS];
    char secs[32], aff[512];

    if (xc_vcpu_getinfo(domid, v, &vi))
        return;
    xl_printf("%-32s %5u %5u", name, domid, v);
    if (!vi.online)
        xl_printf("%5c %3c%cp ", '-', '-', '-');
    else
        xl_printf("%5u %3c%c- ", vi.cpu, vi.running ? 'r' : '-',
                  vi.blocked ? 'b' : '-');
    xl_fmt_secs(vi.cpu_time, secs, sizeof(secs));
    if (xc_vcpu_getaffinity(domid, v, map, XL_MAX_CPUS))
        memset(map, 0xff, sizeof(map));
    /* Basalt has hard affinity only: soft is every CPU, Xen's default. */
    xl_printf("%9s  %s / all\n", secs,
              xl_cpulist_format(map, nr_cpus, aff, sizeof(aff)));
}

static void vcpu_domain(domid_t domid, unsigned int nr_cpus)
{
    struct xen_domctl_getdomaininfo info;
    char name[XL_NAME_MAX + 8];

    if (xc_domain_getinfo(domid, &info) ||
        info.max_vcpu_id == XEN_INVALID_MAX_VCPU_ID)
        return;
    xl_dom_name(domid, name, sizeof(name));
    for (unsigned int v = 0; v <= info.max_vcpu_id && v < 4096; v++)
        vcpu_row(domid, name, v, nr_cpus);
}

int xl_cmd_vcpu_list(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo *all;
    unsigned int nr_cpus = vcpu_nr_cpus();
    domid_t domid;
    int n;

    xl_printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
              "State", "Time(s)", "Affinity (Hard / Soft)");
    for (int i = 1; i < argc; i++) {
        if (xl_find_domain(argv[i], &domid))
            return 1;
        vcpu_domain(domid, nr_cpus);
    }
    if (argc > 1 || !(all = calloc(1024, sizeof(*all))))
        return 0;
    n = xc_domain_getinfolist(0, 1024, all);
    for (int i = 0; i < n; i++)
        vcpu_domain(all[i].domain, nr_cpus);
    free(all);
    return n < 0;
}

static int vcpu_pin_one(domid_t domid, unsigned int v, const uint64_t *map)
{
    if (!xc_vcpu_setaffinity(domid, v, map, XL_MAX_CPUS))
        return 0;
    xl_eprintf("Could not set affinity for vcpu `%u'.\n", v);
    return 1;
}

int xl_cmd_vcpu_pin(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    uint64_t map[XL_CPUMAP_WORDS];
    char err[96];
    uint64_t v = 0;
    domid_t domid;
    bool all;
    int rc = xl_need_args("vcpu-pin", argc - 1, 3);

    if (rc || xl_find_domain(argv[1], &domid))
        return rc ? rc : 1;
    all = !strcmp(argv[2], "all");
    if (!all && (xl_parse_u64(argv[2], &v) || v > 4095)) {
        xl_eprintf("Error: Invalid argument %s as VCPU.\n", argv[2]);
        return 1;
    }
    if (!strcmp(argv[3], "-"))
        return 0; /* hard affinity left alone; soft is not supported */
    if (xl_cpulist_parse(argv[3], map, err, sizeof(err))) {
        xl_eprintf("%s\n", err);
        return 1;
    }
    if (!all)
        return vcpu_pin_one(domid, (unsigned int)v, map);
    if (xc_domain_getinfo(domid, &info)) {
        xl_eprintf("Error: Domain '%s' does not exist.\n", argv[1]);
        return 1;
    }
    for (unsigned int i = 0; i <= info.max_vcpu_id && i < 4096; i++)
        if (vcpu_pin_one(domid, i, map))
            return 1;
    return 0;
}

static int sched_row(domid_t domid)
{
    char name[XL_NAME_MAX + 8];
    unsigned int weight, cap;
    int rc = xc_sched_credit_get(domid, &weight, &cap);

    if (rc) {
        xl_eprintf("libxl: error: getting domain %u's credit parameters "
                   "failed: %s\n",
                   domid, xc_strerror(rc));
        return 1;
    }
    xl_printf("%-33s %4d %6u %4u\n", xl_dom_name(domid, name, sizeof(name)),
              domid, weight, cap);
    return 0;
}

static int sched_all(void)
{
    struct xen_domctl_getdomaininfo *all = calloc(1024, sizeof(*all));
    int n = all ? xc_domain_getinfolist(0, 1024, all) : -1, rc = n < 0;

    xl_printf("Cpupool Pool-0: [sched params unavailable]\n");
    xl_printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
    for (int i = 0; i < n && !rc; i++)
        rc = sched_row(all[i].domain);
    free(all);
    return rc;
}

/* -d DOM [-w W] [-c C]: show, or change what was given. */
static int sched_set(domid_t domid, const char *w, const char *c)
{
    unsigned int weight, cap;
    uint64_t v;
    int rc = xc_sched_credit_get(domid, &weight, &cap);

    if (!rc && w && (xl_parse_u64(w, &v) || v < 1 || v > 65535)) {
        xl_eprintf("Invalid weight `%s' (1 to 65535).\n", w);
        return 1;
    }
    if (!rc && w)
        weight = (unsigned int)v;
    if (!rc && c && (xl_parse_u64(c, &v) || v > 65535)) {
        xl_eprintf("Invalid cap `%s'.\n", c);
        return 1;
    }
    if (!rc && c)
        cap = (unsigned int)v;
    if (!rc)
        rc = xc_sched_credit_set(domid, weight, cap);
    if (rc)
        xl_eprintf("libxl: error: setting sched credit params of domain %u "
                   "failed: %s\n",
                   domid, xc_strerror(rc));
    return rc ? 1 : 0;
}

int xl_cmd_sched_credit(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    const char *dom = NULL, *w = NULL, *cap = NULL;
    domid_t domid;
    int c;

    while ((c = xl_getopt(&o, "d:w:c:p:")) != -1) {
        if (c == '?')
            return 2;
        dom = c == 'd' ? o.arg : dom;
        w = c == 'w' ? o.arg : w;
        cap = c == 'c' ? o.arg : cap;
    }
    if (!dom && (w || cap)) {
        xl_eprintf("Must specify a domain.\n");
        return 1;
    }
    if (!dom)
        return sched_all();
    if (xl_find_domain(dom, &domid))
        return 1;
    if (w || cap)
        return sched_set(domid, w, cap);
    xl_printf("%-33s %4s %6s %4s\n", "Name", "ID", "Weight", "Cap");
    return sched_row(domid);
}
