/* SPDX-License-Identifier: BSD-2-Clause */
/* xl destroy, shutdown, reboot, pause, unpause, mem-set. */
#include <stdlib.h>
#include <string.h>
#include <dom0/os.h>
#include <dom0/xenstored.h>
#include <public/sched.h>
#include "xl_priv.h"

#define XL_WAIT_NS 10000000ull

extern int xs_read(const char *path, char **val, unsigned int *len)
    __attribute__((weak));
extern int xs_write(const char *path, const char *val) __attribute__((weak));

/* One domain argument that must exist; -1 after Xen's message. */
static int ctl_domain(const char *cmd, int argc, char **argv, domid_t *out)
{
    struct xen_domctl_getdomaininfo info;
    int rc = xl_need_args(cmd, argc - 1, 1);

    if (rc)
        return rc;
    if (xl_find_domain(argv[1], out))
        return 1;
    if (xc_domain_getinfo(*out, &info)) {
        xl_eprintf("Error: Domain '%s' does not exist.\n", argv[1]);
        return 1;
    }
    return 0;
}

int xl_cmd_destroy(int argc, char **argv)
{
    domid_t domid;
    int rc = ctl_domain("destroy", argc, argv, &domid);

    if (rc)
        return rc;
    if (domid == 0) {
        xl_eprintf("Cannot destroy privileged domain 0.\n\n");
        return 1;
    }
    if ((rc = xl_domain_teardown(domid))) {
        xl_eprintf("destroy failed (rc=%d)\n", rc);
        return 1;
    }
    return 0;
}

static int ctl_pause(const char *cmd, int argc, char **argv, bool pause)
{
    domid_t domid;
    int rc = ctl_domain(cmd, argc, argv, &domid);

    if (rc)
        return rc;
    rc = pause ? xc_domain_pause(domid) : xc_domain_unpause(domid);
    if (rc) {
        xl_eprintf("libxl: error: %s domain %u failed: %s\n",
                   pause ? "pausing" : "unpausing", domid, xc_strerror(rc));
        return 1;
    }
    return 0;
}

int xl_cmd_pause(int argc, char **argv)
{
    return ctl_pause("pause", argc, argv, true);
}

int xl_cmd_unpause(int argc, char **argv)
{
    return ctl_pause("unpause", argc, argv, false);
}

/* A guest that advertises control/feature-poweroff (or -reboot) gets the
 * xenstore request libxl writes; any other is shut down by the
 * hypervisor (SCHEDOP_remote_shutdown), as if it had asked itself. */
static int ctl_signal(domid_t domid, unsigned int reason)
{
    const char *what = reason == SHUTDOWN_reboot ? "reboot" : "poweroff";
    char path[64], *val = NULL;
    bool pv = false;

    snprintf(path, sizeof(path), "/local/domain/%u/control/feature-%s", domid,
             what);
    if (xs_read && !xs_read(path, &val, NULL))
        pv = val && !strcmp(val, "1");
    free(val);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    if (pv && xs_write)
        return xs_write(path, what);
    return xc_domain_shutdown(domid, reason);
}

static void ctl_wait_gone(domid_t domid)
{
    struct xen_domctl_getdomaininfo info;

    xl_eprintf("Waiting for 1 domains\n");
    while (!xc_domain_getinfo(domid, &info) && !(info.flags & XEN_DOMINF_dying))
        os_wait(XL_WAIT_NS);
    xl_eprintf("Domain %u has been shut down, reason code %u\n", domid,
               (info.flags >> XEN_DOMINF_shutdownshift) &
                   XEN_DOMINF_shutdownmask);
}

/* -a: every guest xl knows (dom0 is not a guest). */
static int ctl_shutdown_all(unsigned int reason)
{
    struct xl_dom *d;
    int rc = 0;

    xl_dom_prune();
    for (unsigned int i = 0; i < XL_MAX_DOMS; i++) {
        if (!(d = xl_dom_at(i)) || !d->domid)
            continue;
        xl_eprintf("%s domain %u\n",
                   reason == SHUTDOWN_reboot ? "Rebooting" : "Shutting down",
                   d->domid);
        rc |= ctl_signal(d->domid, reason) != 0;
    }
    return rc;
}

static int ctl_shutdown(const char *cmd, int argc, char **argv,
                        unsigned int reason)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    bool wait = false, all = false;
    domid_t domid;
    int c, rc;

    while ((c = xl_getopt(&o, "awF")) != -1) {
        if (c == '?')
            return 2;
        wait |= c == 'w';
        all |= c == 'a';
    }
    if (all)
        return ctl_shutdown_all(reason);
    if ((rc = ctl_domain(cmd, argc - o.ind + 1, argv + o.ind - 1, &domid)))
        return rc;
    xl_eprintf("%s domain %u\n",
               reason == SHUTDOWN_reboot ? "Rebooting" : "Shutting down",
               domid);
    if (domid == 0 || (rc = ctl_signal(domid, reason))) {
        xl_eprintf("%s failed (rc=%d)\n", cmd, domid == 0 ? -3 : rc);
        return 1;
    }
    if (wait && reason == SHUTDOWN_poweroff)
        ctl_wait_gone(domid);
    return 0;
}

int xl_cmd_shutdown(int argc, char **argv)
{
    return ctl_shutdown("shutdown", argc, argv, SHUTDOWN_poweroff);
}

int xl_cmd_reboot(int argc, char **argv)
{
    return ctl_shutdown("reboot", argc, argv, SHUTDOWN_reboot);
}

/* Xen's parse_mem_size_kb: a number with an optional b/k/m/g/t unit,
 * MiB when there is none. */
static int64_t ctl_mem_kb(const char *s)
{
    static const char units[] = "bkmgt";
    char num[32], *u;
    size_t n = strlen(s);
    const char *hit = n ? strchr(units, s[n - 1] | 0x20) : NULL;
    unsigned int shift = 20; /* no unit: MiB */
    uint64_t v;

    if (!n || n >= sizeof(num))
        return -1;
    memcpy(num, s, n + 1);
    if (hit && *hit) {
        u = num + n - 1;
        *u = '\0';
        shift = (unsigned int)(hit - units) * 10;
    }
    if (xl_parse_u64(num, &v) || v > (1ull << 40))
        return -1;
    return shift ? (int64_t)(v << (shift - 10)) : (int64_t)(v >> 10);
}

int xl_cmd_mem_set(int argc, char **argv)
{
    char path[64], val[32];
    domid_t domid;
    int64_t kb;
    int rc = xl_need_args("mem-set", argc - 1, 2);

    if (rc || (rc = ctl_domain("mem-set", argc, argv, &domid)))
        return rc;
    if ((kb = ctl_mem_kb(argv[2])) <= 0) {
        xl_eprintf("invalid memory size: %s\n", argv[2]);
        return 1;
    }
    /* The balloon target in xenstore, and the hypervisor's limit. */
    if ((rc = xc_domain_max_mem(domid, (uint64_t)kb))) {
        xl_eprintf("libxl: error: setting the memory of domain %u failed: "
                   "%s\n",
                   domid, xc_strerror(rc));
        return 1;
    }
    snprintf(path, sizeof(path), "/local/domain/%u/memory/target", domid);
    snprintf(val, sizeof(val), "%lld", (long long)kb);
    if (xs_write)
        xs_write(path, val);
    return 0;
}
