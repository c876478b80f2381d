/* SPDX-License-Identifier: BSD-2-Clause */
/* xenstored: a new guest's /local/domain/N, laid out as libxl does it. */
#include <stdarg.h>
#include <stdio.h>

#include "xs_internal.h"

/* Directories the guest may only read (like its own directory). */
static const char *const xs_ro_dirs[] = {"cpu", "memory", "device", "control"};

/* Directories the guest owns and writes (libxl's rwperm nodes). */
static const char *const xs_rw_dirs[] = {
    "control/shutdown",
    "control/feature-poweroff",
    "control/feature-reboot",
    "control/feature-suspend",
    "control/sysrq",
    "data",
    "drivers",
    "feature",
    "attr",
    "error",
};

static int xs_mknod(const char *base, const char *rel,
                    const struct xs_permissions *p, unsigned int n)
{
    char path[96];
    int rc;

    snprintf(path, sizeof(path), "%s/%s", base, rel);
    rc = xs_mkdir(path);
    return rc ? rc : xs_set_perms(path, p, n);
}

static int xs_put(const char *base, const char *rel, const char *fmt, ...)
{
    char path[96], val[128];
    va_list ap;

    snprintf(path, sizeof(path), "%s/%s", base, rel);
    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    return xs_write(path, val);
}

static int xs_put_name(const char *base, const char *name)
{
    char path[48];

    snprintf(path, sizeof(path), "%s/name", base);
    return xs_write(path, name);
}

static int xs_layout_dirs(const char *base, domid_t domid)
{
    const struct xs_permissions ro[2] = {{0, XS_PERM_NONE},
                                         {domid, XS_PERM_READ}};
    const struct xs_permissions rw[1] = {{domid, XS_PERM_NONE}};
    int rc = 0;

    for (size_t i = 0; !rc && i < sizeof(xs_ro_dirs) / sizeof(*xs_ro_dirs); i++)
        rc = xs_mknod(base, xs_ro_dirs[i], ro, 2);
    for (size_t i = 0; !rc && i < sizeof(xs_rw_dirs) / sizeof(*xs_rw_dirs); i++)
        rc = xs_mknod(base, xs_rw_dirs[i], rw, 1);
    return rc;
}

int xs_domain_setup(domid_t domid, const char *name, uint64_t mem_kb,
                    xen_pfn_t console_mfn, evtchn_port_t console_port)
{
    const struct xs_permissions ro[2] = {{0, XS_PERM_NONE},
                                         {domid, XS_PERM_READ}};
    unsigned long long kb = (unsigned long long)mem_kb;
    char base[32];
    int rc;

    if (domid == 0 || domid >= DOMID_FIRST_RESERVED || !name)
        return -EINVAL;
    xs_get_domain_path(domid, base);
    rc = xs_rm(base);
    if (!rc)
        rc = xs_mkdir(base);
    if (!rc)
        rc = xs_set_perms(base, ro, 2);
    if (!rc)
        rc = xs_put_name(base, name);
    if (!rc)
        rc = xs_layout_dirs(base, domid);
    if (!rc)
        rc = xs_put(base, "control/platform-feature-xs_reset_watches", "1");
    if (!rc)
        rc = xs_put(base, "memory/static-max", "%llu", kb);
    if (!rc)
        rc = xs_put(base, "memory/target", "%llu", kb);
    if (!rc)
        rc = xs_put(base, "domid", "%u", domid);
    if (!rc)
        rc =
            xs_put(base, "console/ring-ref", "%lu", (unsigned long)console_mfn);
    if (!rc)
        rc = xs_put(base, "console/port", "%u", console_port);
    if (!rc)
        rc = xs_put(base, "console/limit", "1048576");
    return rc ? rc : xs_put(base, "console/type", "xenconsoled");
}
