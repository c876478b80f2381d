/* SPDX-License-Identifier: BSD-2-Clause */
/* From parsed xl.cfg settings to a PV domain config, with xl's defaults,
 * its error wording where it has one, and every value range-checked. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <dom0/xlcfg.h>

/* What one conversion needs: where to report. */
struct dc_ctx {
    const struct xlcfg *c;
    xlcfg_warn_fn warn;
    void *arg;
    char *err;
    size_t errlen;
};

static const char *const dc_known[] = {
    "name",        "type",      "builder",  "kernel",     "ramdisk",
    "cmdline",     "extra",     "root",     "memory",     "maxmem",
    "vcpus",       "maxvcpus",  "cpus",     "cpu_weight", "cap",
    "on_poweroff", "on_reboot", "on_crash", "uuid",
};

static int dc_fail(struct dc_ctx *x, const struct xlcfg_setting *s,
                   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int dc_fail(struct dc_ctx *x, const struct xlcfg_setting *s,
                   const char *fmt, ...)
{
    va_list ap;
    int o = 0;

    if (s)
        o = snprintf(x->err, x->errlen, "%s:%d: ", s->source, s->line);
    else if (x->c->nsources)
        o = snprintf(x->err, x->errlen, "%s: ", x->c->sources[0]);
    if (o < 0 || (size_t)o >= x->errlen)
        return -1;
    va_start(ap, fmt);
    vsnprintf(x->err + o, x->errlen - (size_t)o, fmt, ap);
    va_end(ap);
    return -1;
}

static void dc_warn(struct dc_ctx *x, const struct xlcfg_setting *s,
                    const char *what)
{
    char msg[256];

    if (!x->warn)
        return;
    if (s)
        snprintf(msg, sizeof(msg), "%s:%d: warning: %s", s->source, s->line,
                 what);
    else
        snprintf(msg, sizeof(msg), "warning: %s", what);
    x->warn(x->arg, msg);
}

/* A single-valued key: 1 if absent, 0 with *out, -1 on a list. */
static int dc_str(struct dc_ctx *x, const char *key, const char **out,
                  const struct xlcfg_setting **where)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, key);

    *where = s;
    if (!s)
        return 1;
    if (s->value.is_list)
        return dc_fail(x, s,
                       "parameter `%s' is a list but should be a "
                       "single value",
                       key);
    *out = s->value.str;
    return 0;
}

/* A bounded string copy; longer is an error, not a silent cut. */
static int dc_copy(struct dc_ctx *x, const char *key, char *dst, size_t size)
{
    const struct xlcfg_setting *s;
    const char *v = "";
    int rc = dc_str(x, key, &v, &s);

    if (rc)
        return rc;
    if (strlen(v) >= size)
        return dc_fail(x, s,
                       "parameter `%s' is too long (%zu bytes, at most "
                       "%zu)",
                       key, strlen(v), size - 1);
    memcpy(dst, v, strlen(v) + 1);
    return 0;
}

static int dc_num(struct dc_ctx *x, const char *key, uint64_t min, uint64_t max,
                  uint64_t *out)
{
    const struct xlcfg_setting *s;
    const char *v = "";
    uint64_t n;
    int rc = dc_str(x, key, &v, &s);

    if (rc)
        return rc;
    if (s->append)
        return dc_fail(x, s, "can't use += with numbers for parameter `%s'",
                       key);
    if (xl_parse_u64(v, &n))
        return dc_fail(x, s, "parameter `%s' is not a valid number (`%.40s')",
                       key, v);
    if (n < min || n > max)
        return dc_fail(x, s,
                       "parameter `%s' = %llu is out of range (%llu to "
                       "%llu)",
                       key, (unsigned long long)n, (unsigned long long)min,
                       (unsigned long long)max);
    *out = n;
    return 0;
}

static int dc_uint(struct dc_ctx *x, const char *key, unsigned int min,
                   unsigned int max, unsigned int *out)
{
    uint64_t v;
    int rc = dc_num(x, key, min, max, &v);

    if (!rc)
        *out = (unsigned int)v;
    return rc < 0 ? -1 : 0;
}

static void dc_unknown_keys(struct dc_ctx *x)
{
    char what[128];

    for (unsigned int i = 0; i < x->c->n; i++) {
        const struct xlcfg_setting *s = &x->c->set[i];
        bool known = false;
        for (size_t k = 0; k < sizeof(dc_known) / sizeof(*dc_known); k++)
            known |= !strcmp(s->name, dc_known[k]);
        if (known || xlcfg_find(x->c, s->name) != s)
            continue;
        snprintf(what, sizeof(what), "unknown key `%.64s' ignored", s->name);
        dc_warn(x, s, what);
    }
}

static int dc_type(struct dc_ctx *x)
{
    const struct xlcfg_setting *s;
    const char *v = "pv";
    int rc = dc_str(x, "type", &v, &s);

    if (rc > 0 && (rc = dc_str(x, "builder", &v, &s)) == 0 &&
        !strcmp(v, "generic"))
        v = "pv";
    if (rc < 0 || !strcmp(v, "pv"))
        return rc < 0 ? -1 : 0;
    if (!strcmp(v, "pvh") || !strcmp(v, "hvm"))
        return dc_fail(x, s,
                       "guest type \"%s\" is not supported: Basalt "
                       "runs PV guests only (type = \"pv\")",
                       v);
    return dc_fail(x, s, "unknown guest type \"%.32s\"", v);
}

/* Names are xenstore path elements and must not look like a domid. */
static int dc_name(struct dc_ctx *x, struct xl_domcfg *d)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, "name");
    int rc = dc_copy(x, "name", d->name, sizeof(d->name));
    bool digits = true;

    if (rc > 0)
        return dc_fail(x, NULL, "Domain name must be specified.");
    if (rc)
        return rc;
    for (const char *p = d->name; *p; p++) {
        if (*p <= ' ' || *p >= 0x7f || *p == '/')
            return dc_fail(x, s, "domain name `%s' is not valid", d->name);
        digits &= *p >= '0' && *p <= '9';
    }
    if (!d->name[0] || digits)
        return dc_fail(x, s, "domain name `%s' is not valid", d->name);
    return 0;
}

/* cmdline, else "root=ROOT EXTRA" (xl's rule). */
static int dc_cmdline(struct dc_ctx *x, struct xl_domcfg *d)
{
    const struct xlcfg_setting *s, *sr, *se;
    const char *cmd = NULL, *root = NULL, *extra = NULL;
    int rc = dc_str(x, "cmdline", &cmd, &s);
    int n;

    if (rc < 0 || dc_str(x, "root", &root, &sr) < 0 ||
        dc_str(x, "extra", &extra, &se) < 0)
        return -1;
    if (cmd && (root || extra))
        dc_warn(x, s, "ignoring root= and extra= in favour of cmdline=");
    if (cmd)
        n = snprintf(d->cmdline, sizeof(d->cmdline), "%s", cmd);
    else if (root)
        n = snprintf(d->cmdline, sizeof(d->cmdline), "root=%s%s%s", root,
                     extra ? " " : "", extra ? extra : "");
    else
        n = snprintf(d->cmdline, sizeof(d->cmdline), "%s", extra ? extra : "");
    if (n >= (int)sizeof(d->cmdline))
        return dc_fail(x,
                       cmd    ? s
                       : root ? sr
                              : se,
                       "kernel command line is %d bytes, at most %zu", n,
                       sizeof(d->cmdline) - 1);
    return 0;
}

static int dc_memory(struct dc_ctx *x, struct xl_domcfg *d)
{
    int rc = dc_num(x, "memory", 1, XL_MAX_MEM_MB, &d->memory_mb);

    if (rc < 0)
        return -1;
    d->maxmem_mb = d->memory_mb;
    if ((rc = dc_num(x, "maxmem", 1, XL_MAX_MEM_MB, &d->maxmem_mb)) < 0)
        return -1;
    if (d->maxmem_mb < d->memory_mb)
        return dc_fail(x, xlcfg_find(x->c, "maxmem"),
                       "maxmem (%llu MiB) is less than memory (%llu MiB)",
                       (unsigned long long)d->maxmem_mb,
                       (unsigned long long)d->memory_mb);
    return 0;
}

static int dc_vcpus(struct dc_ctx *x, struct xl_domcfg *d)
{
    if (dc_uint(x, "vcpus", 1, XL_MAX_VCPUS, &d->vcpus))
        return -1;
    d->maxvcpus = d->vcpus;
    if (dc_uint(x, "maxvcpus", 1, XL_MAX_VCPUS, &d->maxvcpus))
        return -1;
    if (d->maxvcpus < d->vcpus)
        return dc_fail(x, xlcfg_find(x->c, "maxvcpus"),
                       "maxvcpus (%u) is less than vcpus (%u)", d->maxvcpus,
                       d->vcpus);
    return 0;
}

static int dc_cpumap(struct dc_ctx *x, const struct xlcfg_setting *s,
                     const char *list, uint64_t *map)
{
    char why[96];
    uint64_t any = 0;

    if (xl_cpulist_parse(list, map, why, sizeof(why)))
        return dc_fail(x, s, "cpus: %s", why);
    for (unsigned int i = 0; i < XL_CPUMAP_WORDS; i++)
        any |= map[i];
    if (!any)
        return dc_fail(x, s, "cpus `%.40s' selects no CPU", list);
    return 0;
}

/* A string for every vcpu, or a list with one entry per vcpu. */
static int dc_cpus(struct dc_ctx *x, struct xl_domcfg *d)
{
    const struct xlcfg_setting *s = xlcfg_find(x->c, "cpus");
    const struct xlcfg_value *v = s ? &s->value : NULL;

    for (unsigned int i = 0; i < XL_MAX_VCPUS; i++)
        memset(d->cpumap[i], 0xff, sizeof(d->cpumap[i]));
    if (!s)
        return 0;
    d->cpus_set = true;
    if (!v->is_list) {
        if (dc_cpumap(x, s, v->str, d->cpumap[0]))
            return -1;
        for (unsigned int i = 1; i < XL_MAX_VCPUS; i++)
            memcpy(d->cpumap[i], d->cpumap[0], sizeof(d->cpumap[0]));
        return 0;
    }
    if (v->n > d->maxvcpus)
        return dc_fail(x, s, "cpus lists %u entries for %u vcpus", v->n,
                       d->maxvcpus);
    for (unsigned int i = 0; i < v->n; i++)
        if (dc_cpumap(x, s, v->items[i].str, d->cpumap[i]))
            return -1;
    return 0;
}

static int dc_action(struct dc_ctx *x, const char *key, enum xl_action *a)
{
    static const char *const names[] = {"destroy", "restart", "preserve",
                                        "rename-restart"};
    const struct xlcfg_setting *s;
    const char *v = "";
    int rc = dc_str(x, key, &v, &s);

    if (rc)
        return rc < 0 ? -1 : 0;
    for (unsigned int i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (!strcmp(v, names[i])) {
            *a = (enum xl_action)i;
            return 0;
        }
    if (!strcmp(v, "coredump-destroy") || !strcmp(v, "coredump-restart")) {
        dc_warn(x, s, "core dumps are not supported; no dump is written");
        *a = v[9] == 'd' ? XL_ACTION_DESTROY : XL_ACTION_RESTART;
        return 0;
    }
    return dc_fail(x, s, "invalid action `%.32s' for %s", v, key);
}

static void dc_defaults(struct xl_domcfg *d)
{
    memset(d, 0, sizeof(*d));
    d->memory_mb = d->maxmem_mb = 32;
    d->vcpus = d->maxvcpus = 1;
    d->cpu_weight = 256;
    d->on_poweroff = XL_ACTION_DESTROY;
    d->on_reboot = XL_ACTION_RESTART;
    d->on_crash = XL_ACTION_DESTROY;
}

/* "FILE:LINE" of a key's winning setting, for errors found later. */
static void dc_where(const struct xlcfg *c, const char *key, char *buf,
                     size_t n)
{
    const struct xlcfg_setting *s = xlcfg_find(c, key);

    if (s)
        snprintf(buf, n, "%.80s:%d", s->source, s->line);
}

int xl_domcfg_from_cfg(const struct xlcfg *c, struct xl_domcfg *d,
                       xlcfg_warn_fn warn, void *arg, char *err, size_t errlen)
{
    struct dc_ctx x = {c, warn, arg, err, errlen};
    const char *k = "kernel must be specified for a PV guest";
    int rc;

    dc_defaults(d);
    dc_unknown_keys(&x);
    if (dc_type(&x) || dc_name(&x, d))
        return -1;
    rc = dc_copy(&x, "kernel", d->kernel, sizeof(d->kernel));
    if (rc < 0)
        return -1;
    if (rc || !d->kernel[0])
        return dc_fail(&x, xlcfg_find(c, "kernel"), "%s", k);
    if (dc_copy(&x, "ramdisk", d->ramdisk, sizeof(d->ramdisk)) < 0 ||
        dc_cmdline(&x, d) || dc_memory(&x, d) || dc_vcpus(&x, d) ||
        dc_cpus(&x, d) || dc_uint(&x, "cpu_weight", 1, 65535, &d->cpu_weight) ||
        dc_uint(&x, "cap", 0, 65535, &d->cap) ||
        dc_action(&x, "on_poweroff", &d->on_poweroff) ||
        dc_action(&x, "on_reboot", &d->on_reboot) ||
        dc_action(&x, "on_crash", &d->on_crash))
        return -1;
    dc_where(c, "kernel", d->kernel_where, sizeof(d->kernel_where));
    dc_where(c, "ramdisk", d->ramdisk_where, sizeof(d->ramdisk_where));
    return 0;
}

int xl_domcfg_load(const char *source, const char *data, size_t len,
                   char *const *overrides, int noverrides, struct xl_domcfg *d,
                   xlcfg_warn_fn warn, void *arg, char *err, size_t errlen)
{
    struct xlcfg c;
    int rc;

    xlcfg_init(&c);
    rc = xlcfg_parse(&c, source, data, len, err, errlen);
    for (int i = 0; !rc && i < noverrides; i++)
        rc = xlcfg_override(&c, overrides[i], err, errlen);
    if (!rc)
        rc = xl_domcfg_from_cfg(&c, d, warn, arg, err, errlen);
    xlcfg_free(&c);
    return rc;
}
