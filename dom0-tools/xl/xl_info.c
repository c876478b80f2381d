/* SPDX-License-Identifier: BSD-2-Clause */
/* xl info, xl dmesg, xl uptime: Xen's keys and formats. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <dom0/os.h>
#include "xl_priv.h"

static const char *info_only; /* `xl info KEY`: print just that value */

static void info_line(const char *key, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void info_line(const char *key, const char *fmt, ...)
{
    char val[1100];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    if (!info_only)
        xl_printf("%-23s: %s\n", key, val);
    else if (!strncmp(key, info_only, strlen(info_only)))
        xl_printf("%s\n", val);
}

static const char *info_sched_name(unsigned int id)
{
    switch (id) {
    case XEN_SCHEDULER_CREDIT:
        return "credit";
    case XEN_SCHEDULER_CREDIT2:
        return "credit2";
    case XEN_SCHEDULER_ARINC653:
        return "arinc653";
    case XEN_SCHEDULER_RTDS:
        return "rtds";
    case XEN_SCHEDULER_NULL:
        return "null";
    }
    return "unknown";
}

/* Xen's " pv hvm ..." right after the colon: one blank, not two. */
static void info_caps(uint32_t c)
{
    char caps[96];

    snprintf(caps, sizeof(caps), "%s%s%s%s%s%s%s",
             c & XEN_SYSCTL_PHYSCAP_pv ? " pv" : "",
             c & XEN_SYSCTL_PHYSCAP_hvm ? " hvm" : "",
             c & XEN_SYSCTL_PHYSCAP_hap ? " hap" : "",
             c & XEN_SYSCTL_PHYSCAP_shadow ? " shadow" : "",
             c & XEN_SYSCTL_PHYSCAP_vpmu ? " vpmu" : "",
             c & XEN_SYSCTL_PHYSCAP_gnttab_v1 ? " gnttab-v1" : "",
             c & XEN_SYSCTL_PHYSCAP_gnttab_v2 ? " gnttab-v2" : "");
    info_line("virt_caps", "%s", caps + (caps[0] == ' '));
}

static void info_phys(void)
{
    struct xen_sysctl_physinfo pi;
    const uint32_t *h = pi.hw_cap;

    if (xc_physinfo(&pi)) {
        xl_eprintf("libxl_physinfo failed.\n");
        return;
    }
    info_line("nr_cpus", "%u", pi.nr_cpus);
    info_line("max_cpu_id", "%u", pi.max_cpu_id);
    info_line("nr_nodes", "%u", pi.nr_nodes);
    info_line("cores_per_socket", "%u", pi.cores_per_socket);
    info_line("threads_per_core", "%u", pi.threads_per_core);
    info_line("cpu_mhz", "%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000);
    info_line("hw_caps", "%08x:%08x:%08x:%08x:%08x:%08x:%08x:%08x", h[0], h[1],
              h[2], h[3], h[4], h[5], h[6], h[7]);
    info_caps(pi.capabilities);
    info_line("total_memory", "%llu", (unsigned long long)pi.total_pages / 256);
    info_line("free_memory", "%llu",
              (unsigned long long)(pi.free_pages - pi.outstanding_pages) / 256);
    info_line("sharing_freed_memory", "0");
    info_line("sharing_used_memory", "0");
    info_line("outstanding_claims", "%llu",
              (unsigned long long)pi.outstanding_pages / 256);
    info_line("free_cpus", "0");
}

/* A XENVER_* string, or "" if the hypervisor has none. */
static const char *info_ver_str(int cmd, char *buf, size_t n)
{
    memset(buf, 0, n);
    if (xc_version(cmd, buf) < 0)
        buf[0] = '\0';
    buf[n - 1] = '\0';
    return buf;
}

static void info_xen(void)
{
    static char caps[1024], cmdline[1024];
    char extra[16], chg[64];
    struct xen_compile_info ci = {0};
    struct xen_platform_parameters pp = {0};
    long ver = xc_version(XENVER_version, NULL);
    long pagesize = xc_version(XENVER_pagesize, NULL);
    unsigned int sched = 0;

    if (ver < 0)
        ver = 0;
    info_ver_str(XENVER_extraversion, extra, sizeof(extra));
    xc_version(XENVER_compile_info, &ci);
    xc_version(XENVER_platform_parameters, &pp);
    xc_sched_id(&sched);
    info_line("xen_major", "%ld", ver >> 16);
    info_line("xen_minor", "%ld", ver & 0xffff);
    info_line("xen_extra", "%s", extra);
    info_line("xen_version", "%ld.%ld%s", ver >> 16, ver & 0xffff, extra);
    info_line("xen_caps", "%s",
              info_ver_str(XENVER_capabilities, caps, sizeof(caps)));
    info_line("xen_scheduler", "%s", info_sched_name(sched));
    info_line("xen_pagesize", "%ld", pagesize > 0 ? pagesize : 4096);
    info_line("platform_params", "virt_start=0x%lx", pp.virt_start);
    info_line("xen_changeset", "%s",
              info_ver_str(XENVER_changeset, chg, sizeof(chg)));
    info_line("xen_commandline", "%s",
              info_ver_str(XENVER_commandline, cmdline, sizeof(cmdline)));
    info_line("cc_compiler", "%.64s", ci.compiler);
    info_line("cc_compile_by", "%.16s", ci.compile_by);
    info_line("cc_compile_domain", "%.32s", ci.compile_domain);
    info_line("cc_compile_date", "%.32s", ci.compile_date);
}

int xl_cmd_info(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    int c;

    while ((c = xl_getopt(&o, "n")) != -1)
        if (c == '?')
            return 2;
    info_only = o.ind < argc ? argv[o.ind] : NULL;
    /* dom0's identity, where Xen's xl prints uname(2). */
    info_line("host", "basalt");
    info_line("release", "basalt-dom0");
    info_line("version", "1");
    info_line("machine", "x86_64");
    info_phys();
    info_xen();
    info_line("xend_config_format", "4");
    info_only = NULL;
    return 0;
}

int xl_cmd_dmesg(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    bool clear = false;
    uint32_t index = 0;
    char *buf = malloc(16384);
    int c, n = 0;

    while ((c = xl_getopt(&o, "c")) != -1) {
        if (c == '?') {
            free(buf);
            return 2;
        }
        clear |= c == 'c';
    }
    /* Incremental reads until the ring has nothing more; with -c each read
     * also clears what it returned (Xen's readconsole "clear"). */
    while (buf && (n = xc_readconsole(buf, 16384, clear, &index)) > 0)
        xl_printf("%.*s", n, buf);
    free(buf);
    if (n < 0 || !buf) {
        xl_eprintf("libxl: error: reading the hypervisor console failed\n");
        return 1;
    }
    return 0;
}
