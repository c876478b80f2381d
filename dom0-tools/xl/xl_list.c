/* SPDX-License-Identifier: BSD-2-Clause */
/* xl list, list -l, domid, domname: Xen's formats. */
#include <stdlib.h>
#include <string.h>
#include "xl_priv.h"

#define XL_LIST_MAX 1024

/* Row letters: r b p s, the shutdown reason, d (Xen's list_domains). */
static void list_state(uint32_t flags, char st[7])
{
    static const char reasons[] = "-rscwS";
    unsigned int why =
        (flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
    bool down = flags & XEN_DOMINF_shutdown;

    st[0] = flags & XEN_DOMINF_running ? 'r' : '-';
    st[1] = flags & XEN_DOMINF_blocked ? 'b' : '-';
    st[2] = flags & XEN_DOMINF_paused ? 'p' : '-';
    st[3] = down ? 's' : '-';
    st[4] = !down ? '-' : why < sizeof(reasons) - 1 ? reasons[why] : '?';
    st[5] = flags & XEN_DOMINF_dying ? 'd' : '-';
    st[6] = '\0';
}

static void list_row(const struct xen_domctl_getdomaininfo *i)
{
    char name[XL_NAME_MAX + 8], st[7], secs[32];
    unsigned long mem =
        (unsigned long)((i->tot_pages + i->outstanding_pages) * 4 / 1024);

    list_state(i->flags, st);
    xl_fmt_secs(i->cpu_time, secs, sizeof(secs));
    xl_printf("%-40s %5d %5lu %5d     %s  %8s\n",
              xl_dom_name(i->domain, name, sizeof(name)), i->domain, mem,
              i->nr_online_vcpus, st, secs);
}

/* A JSON string: quotes, backslashes and control bytes escaped. */
static void json_str(const char *key, const char *s, const char *tail)
{
    xl_printf("\"%s\": \"", key);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            xl_printf("\\%c", c);
        else if (c < 0x20 || c == 0x7f)
            xl_printf("\\u%04x", c);
        else
            xl_printf("%c", c);
    }
    xl_printf("\"%s\n", tail);
}

/* The JSON of `xl list -l`, the parts of libxl's config Basalt has; I
 * is the indent of the keys inside "config". */
#define I "            "
static void list_json_cfg(const struct xl_domcfg *c)
{
    xl_printf(I "\"c_info\": {\n" I "    \"type\": \"pv\",\n" I "    ");
    json_str("name", c->name, "");
    xl_printf(I "},\n" I "\"b_info\": {\n" I "    \"max_vcpus\": %u,\n" I
                "    \"avail_vcpus\": %u,\n",
              c->maxvcpus, c->vcpus);
    xl_printf(I "    \"max_memkb\": %llu,\n" I "    \"target_memkb\": %llu,\n",
              (unsigned long long)c->maxmem_mb << 10,
              (unsigned long long)c->memory_mb << 10);
    xl_printf(I "    \"sched_params\": {\n" I "        \"weight\": %u,\n" I
                "        \"cap\": %u\n" I "    },\n",
              c->cpu_weight, c->cap);
    xl_printf(I "    \"type.pv\": {\n" I "        ");
    json_str("kernel", c->kernel, ",");
    xl_printf(I "        ");
    json_str("cmdline", c->cmdline, ",");
    xl_printf(I "        ");
    json_str("ramdisk", c->ramdisk, "");
    xl_printf(I "    }\n" I "},\n");
    xl_printf(I "\"on_poweroff\": \"%s\",\n" I "\"on_reboot\": \"%s\",\n" I
                "\"on_crash\": \"%s\"\n",
              xl_action_name(c->on_poweroff), xl_action_name(c->on_reboot),
              xl_action_name(c->on_crash));
}
#undef I

static void list_long(const struct xen_domctl_getdomaininfo *info, int n)
{
    bool first = true;

    xl_printf("[\n");
    for (int i = 0; i < n; i++) {
        struct xl_dom *d = xl_dom_by_id(info[i].domain);
        if (!d || !d->cfg)
            continue; /* Xen skips domains without a stored config too */
        xl_printf("%s    {\n        \"domid\": %u,\n        \"config\": {\n",
                  first ? "" : ",\n", info[i].domain);
        list_json_cfg(d->cfg);
        xl_printf("        }\n    }");
        first = false;
    }
    xl_printf("%s]\n", first ? "" : "\n");
}

static int list_one(const char *q, struct xen_domctl_getdomaininfo *info)
{
    domid_t domid;

    if (xl_find_domain(q, &domid))
        return -1;
    if (xc_domain_getinfo(domid, info)) {
        xl_eprintf("Error: Domain '%s' does not exist.\n", q);
        return -1;
    }
    return 1;
}

int xl_cmd_list(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    struct xen_domctl_getdomaininfo *info;
    bool details = false;
    int c, n;

    while ((c = xl_getopt(&o, "lv")) != -1) {
        if (c == '?')
            return 2;
        details |= c == 'l';
    }
    if (argc - o.ind > 1) {
        xl_usage("list");
        return 1;
    }
    if (!(info = calloc(XL_LIST_MAX, sizeof(*info))))
        return 1;
    xl_dom_prune();
    n = o.ind < argc ? list_one(argv[o.ind], info)
                     : xc_domain_getinfolist(0, XL_LIST_MAX, info);
    if (n < 0 && o.ind >= argc)
        xl_eprintf("libxl_list_domain failed.\n");
    if (n >= 0 && details)
        list_long(info, n);
    else if (n >= 0)
        xl_printf("Name                                        ID   Mem "
                  "VCPUs\tState\tTime(s)\n");
    for (int i = 0; !details && i < n; i++)
        list_row(&info[i]);
    free(info);
    return n < 0;
}

int xl_cmd_domid(int argc, char **argv)
{
    struct xl_dom *d;
    int rc = xl_need_args("domid", argc - 1, 1);

    if (rc)
        return rc;
    if (!strcmp(argv[1], "Domain-0")) {
        xl_printf("0\n");
        return 0;
    }
    if (!(d = xl_dom_by_name(argv[1]))) {
        xl_eprintf("Can't get domid of domain name '%s', maybe this domain "
                   "does not exist.\n",
                   argv[1]);
        return 1;
    }
    xl_printf("%u\n", d->domid);
    return 0;
}

int xl_cmd_domname(int argc, char **argv)
{
    struct xen_domctl_getdomaininfo info;
    char name[XL_NAME_MAX + 8];
    uint64_t id;
    int rc = xl_need_args("domname", argc - 1, 1);

    if (rc)
        return rc;
    if (xl_parse_u64(argv[1], &id) || id >= DOMID_FIRST_RESERVED) {
        xl_eprintf("Invalid domain id.\n\n");
        return 1;
    }
    if (xc_domain_getinfo((domid_t)id, &info)) {
        xl_eprintf("Can't get domain name of domain id '%u', maybe this "
                   "domain does not exist.\n",
                   (unsigned int)id);
        return 1;
    }
    xl_printf("%s\n", xl_dom_name((domid_t)id, name, sizeof(name)));
    return 0;
}
