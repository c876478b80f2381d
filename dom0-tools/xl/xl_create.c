/* SPDX-License-Identifier: BSD-2-Clause */
/* xl create: find and parse the config, load the kernel from the initrd,
 * build the domain, attach xenstore and the console, and start it. */
#include <stdlib.h>
#include <string.h>
#include <dom0/os.h>
#include "xl_priv.h"

#define XL_GUEST_DIR "/boot/guests/"
#define XL_CFG_DIR   "/etc/xl/"

/* path as given; a relative one, or the file name of an absolute one,
 * under /boot/guests/ (where the initrd keeps guest kernels). */
static bool xl_find_image(const char *path, const void **data, size_t *size)
{
    const char *base = strrchr(path, '/');
    char alt[XL_PATH_MAX + sizeof(XL_GUEST_DIR)];

    if (os_fs_lookup(path, data, size))
        return true;
    snprintf(alt, sizeof(alt), XL_GUEST_DIR "%s",
             path[0] == '/' && base ? base + 1 : path);
    return os_fs_lookup(alt, data, size);
}

static int xl_load_images(const struct xl_domcfg *cfg,
                          struct xc_build_params *p)
{
    if (!xl_find_image(cfg->kernel, &p->kernel, &p->kernel_size)) {
        xl_eprintf("%s: kernel `%s' not found (nor under " XL_GUEST_DIR ")\n",
                   cfg->kernel_where, cfg->kernel);
        return -1;
    }
    if (cfg->ramdisk[0] &&
        !xl_find_image(cfg->ramdisk, &p->ramdisk, &p->ramdisk_size)) {
        xl_eprintf("%s: ramdisk `%s' not found (nor under " XL_GUEST_DIR ")\n",
                   cfg->ramdisk_where, cfg->ramdisk);
        return -1;
    }
    return 0;
}

/* Hard affinity per vcpu and credit parameters, as the config says. */
static int xl_domain_sched(const struct xl_domcfg *cfg, domid_t domid)
{
    int rc;

    for (unsigned int v = 0; cfg->cpus_set && v < cfg->maxvcpus; v++)
        if ((rc = xc_vcpu_setaffinity(domid, v, cfg->cpumap[v], XL_MAX_CPUS))) {
            xl_eprintf("xl: setting the affinity of vcpu %u failed: %s\n", v,
                       xc_strerror(rc));
            return -1;
        }
    if ((cfg->cpu_weight != 256 || cfg->cap) &&
        (rc = xc_sched_credit_set(domid, cfg->cpu_weight, cfg->cap))) {
        xl_eprintf("xl: setting weight %u cap %u failed: %s\n", cfg->cpu_weight,
                   cfg->cap, xc_strerror(rc));
        return -1;
    }
    return 0;
}

static int xl_build(const struct xl_domcfg *cfg, struct xc_build_result *r)
{
    struct xc_build_params p = {
        .name = cfg->name,
        .cmdline = cfg->cmdline,
        .memory_mb = cfg->memory_mb,
        .maxmem_mb = cfg->maxmem_mb,
        .max_vcpus = cfg->maxvcpus,
    };
    char err[256];

    if (xl_load_images(cfg, &p))
        return -1;
    if (xc_pv_build(&p, r, err, sizeof(err))) {
        xl_eprintf("xl: cannot create domain \"%s\": %s\n", cfg->name, err);
        return -1;
    }
    return 0;
}

int xl_domain_start(const struct xl_domcfg *cfg, domid_t *out)
{
    struct xc_build_result r;
    struct xl_dom *d;

    xl_dom_prune();
    if (xl_dom_by_name(cfg->name) || !strcmp(cfg->name, "Domain-0")) {
        xl_eprintf("libxl: error: Domain with name \"%s\" already exists.\n",
                   cfg->name);
        return -1;
    }
    if (xl_build(cfg, &r))
        return -1;
    if (!(d = xl_dom_add(r.domid, cfg->name, cfg))) {
        xl_eprintf("xl: too many domains\n");
        xc_domain_destroy(r.domid);
        return -1;
    }
    d->console_mfn = r.console_mfn;
    d->console_port = r.console_port;
    d->store_mfn = r.store_mfn;
    d->store_port = r.store_port;
    d->start_ns = os_now_ns();
    if (xl_domain_sched(cfg, r.domid) || xl_backends_attach(d)) {
        xl_domain_teardown(r.domid);
        return -1;
    }
    *out = r.domid;
    return 0;
}

/* The config as given, else under /etc/xl/, else with ".cfg" added. */
static const char *xl_find_config(const char *name, const void **data,
                                  size_t *size, char *buf, size_t n)
{
    static const char *const fmts[] = {"%s", XL_CFG_DIR "%s",
                                       XL_CFG_DIR "%s.cfg"};

    for (size_t i = 0; i < sizeof(fmts) / sizeof(*fmts); i++) {
        snprintf(buf, n, fmts[i], name);
        if ((i == 0 || name[0] != '/') && os_fs_lookup(buf, data, size))
            return buf;
    }
    return NULL;
}

static void xl_warn(void *arg, const char *msg)
{
    (void)arg;
    xl_eprintf("%s\n", msg);
}

static int xl_create_parse(const char *file, char **vars, int nvars,
                           struct xl_domcfg *cfg)
{
    char path[XL_PATH_MAX + 16], err[512];
    const void *data;
    size_t size;
    const char *found = xl_find_config(file, &data, &size, path, sizeof(path));

    xl_eprintf("Parsing config from %s\n", found ? found : file);
    if (!found) {
        xl_eprintf("Failed to read config file: %s: No such file or "
                   "directory\n",
                   file);
        return -1;
    }
    if (xl_domcfg_load(found, data, size, vars, nvars, cfg, xl_warn, NULL, err,
                       sizeof(err))) {
        xl_eprintf("%s\nFailed to parse config: Invalid argument\n", err);
        return -1;
    }
    return 0;
}

int xl_cmd_create(int argc, char **argv)
{
    struct xl_opts o = {argc, argv, 1, NULL, 0};
    bool console = false, paused = false;
    struct xl_domcfg *cfg;
    domid_t domid;
    int c, rc = 1;

    while ((c = xl_getopt(&o, "cp")) != -1) {
        if (c == '?')
            return 2;
        console |= c == 'c';
        paused |= c == 'p';
    }
    if ((c = xl_need_args("create", argc - o.ind, 1)))
        return c;
    if (!(cfg = malloc(sizeof(*cfg))))
        return 1;
    if (!xl_create_parse(argv[o.ind], argv + o.ind + 1, argc - o.ind - 1,
                         cfg) &&
        !xl_domain_start(cfg, &domid)) {
        rc = paused ? 0 : -xc_domain_unpause(domid);
        if (rc)
            xl_eprintf("xl: unpausing domain %u failed\n", domid);
        else if (console)
            rc = xl_console_attach(domid);
    }
    free(cfg);
    return rc ? 1 : 0;
}
