/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypervisor command line: Xen-style "name", "name=value", "no-name". */
#include <basalt/cmdline.h>
#include <basalt/errno.h>
#include <basalt/lib.h>

#define CMDLINE_NAME_MAX 64
#define CMDLINE_VAL_MAX  512

/* One option split out of the command line, NUL-terminated. */
struct cmdline_opt {
    char name[CMDLINE_NAME_MAX];
    char val[CMDLINE_VAL_MAX];
    bool has_val;   /* "name=..." rather than a bare "name" */
    bool name_long; /* the name did not fit: never matches an option */
    bool val_long;  /* the value did not fit and was cut */
};

static bool cmdline_is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Copy [src, src + n) into dst[size]; true when it had to be cut. */
static bool cmdline_copy(char *dst, size_t size, const char *src, size_t n)
{
    bool cut = n >= size;

    if (cut)
        n = size - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
    return cut;
}

/* Split the option starting at p; returns where the next one may start. */
static const char *cmdline_split(const char *p, struct cmdline_opt *o)
{
    const char *name = p, *eq = NULL;

    for (; *p && !cmdline_is_space(*p); p++)
        if (*p == '=' && !eq)
            eq = p;
    o->has_val = eq != NULL;
    o->name_long = cmdline_copy(o->name, sizeof(o->name), name,
                                (size_t)((eq ? eq : p) - name));
    o->val_long = false;
    o->val[0] = '\0';
    if (eq)
        o->val_long =
            cmdline_copy(o->val, sizeof(o->val), eq + 1, (size_t)(p - eq - 1));
    return p;
}

static const struct kernel_param *cmdline_find(const char *name,
                                               const struct kernel_param *start,
                                               const struct kernel_param *end)
{
    for (const struct kernel_param *p = start; p < end; p++)
        if (p->name && !strcmp(p->name, name))
            return p;
    return NULL;
}

/* 1 for true, 0 for false, -1 for anything else. */
static int cmdline_bool(const char *s)
{
    static const char *const yes[] = {"yes", "true", "on", "1"};
    static const char *const no[] = {"no", "false", "off", "0"};

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcmp(s, yes[i]))
            return 1;
        if (!strcmp(s, no[i]))
            return 0;
    }
    return -1;
}

static unsigned int cmdline_digit(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned int)(c - '0');
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        return (unsigned int)((c | 0x20) - 'a') + 10;
    return 16;
}

/* Decimal, or hex with 0x; at least one digit; -ERANGE past 2^64 - 1.
 * simple_strtoull would saturate silently, so this checks each step. */
static int cmdline_uint(const char *s, const char **end, uint64_t *out)
{
    unsigned int base = 10, d;
    uint64_t v = 0;

    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s += 2;
    }
    if (cmdline_digit(*s) >= base)
        return -EINVAL;
    for (; (d = cmdline_digit(*s)) < base; s++) {
        if (v > (UINT64_MAX - d) / base)
            return -ERANGE;
        v = v * base + d;
    }
    *end = s;
    *out = v;
    return 0;
}

/* The binary shift for a K/M/G/T suffix; 0 when c is no suffix. */
static int cmdline_size_shift(char c)
{
    switch (c | 0x20) {
    case 'k':
        return 10;
    case 'm':
        return 20;
    case 'g':
        return 30;
    case 't':
        return 40;
    default:
        return 0;
    }
}

int parse_size(const char *s, const char **end, uint64_t *out)
{
    const char *p;
    uint64_t v;
    int shift, rc;

    if (end)
        *end = s;
    rc = cmdline_uint(s, &p, &v);
    if (rc)
        return rc;
    shift = cmdline_size_shift(*p);
    if (shift) {
        if (v > (UINT64_MAX >> shift))
            return -ERANGE;
        v <<= shift;
        p++;
    }
    if (*p == 'B' || *p == 'b')
        p++;
    if (end)
        *end = p;
    *out = v;
    return 0;
}

static int cmdline_warn_unknown(const char *name)
{
    printk("warning: unknown command line option '%s'\n", name);
    return 1;
}

static int cmdline_warn_bad(const struct cmdline_opt *o)
{
    printk("warning: bad value '%s' for option '%s'\n", o->val, o->name);
    return 1;
}

/* A number that must use up the whole value. */
static int cmdline_set_number(const struct kernel_param *prm,
                              const struct cmdline_opt *o)
{
    const char *end = o->val;
    uint64_t v;
    int rc;

    if (!o->has_val || o->val_long)
        return cmdline_warn_bad(o);
    if (prm->kind == PARAM_SIZE)
        rc = parse_size(o->val, &end, &v);
    else
        rc = cmdline_uint(o->val, &end, &v);
    if (rc || *end)
        return cmdline_warn_bad(o);
    *(uint64_t *)prm->var = v;
    return 0;
}

static int cmdline_set_str(const struct kernel_param *prm,
                           const struct cmdline_opt *o)
{
    if (!prm->len)
        return 0;
    if (cmdline_copy(prm->var, prm->len, o->val, strlen(o->val)) ||
        o->val_long) {
        printk("warning: value of option '%s' cut to %u characters\n", o->name,
               (unsigned int)strlen(prm->var));
        return 1;
    }
    return 0;
}

/* Apply a value to a known option; returns the number of warnings. */
static int cmdline_set(const struct kernel_param *prm,
                       const struct cmdline_opt *o)
{
    int b;

    switch (prm->kind) {
    case PARAM_BOOL:
        b = o->has_val ? cmdline_bool(o->val) : 1;
        if (b < 0)
            return cmdline_warn_bad(o);
        *(bool *)prm->var = b;
        return 0;
    case PARAM_UINT:
    case PARAM_SIZE:
        return cmdline_set_number(prm, o);
    case PARAM_STR:
        return cmdline_set_str(prm, o);
    case PARAM_CUSTOM:
        if (o->val_long || !prm->parse || prm->parse(o->val))
            return cmdline_warn_bad(o);
        return 0;
    }
    return cmdline_warn_bad(o);
}

/* "no-name": false for a boolean, "no" for a custom option. */
static int cmdline_set_negated(const struct kernel_param *prm,
                               const struct cmdline_opt *o)
{
    if (o->has_val)
        return cmdline_warn_bad(o);
    if (prm->kind == PARAM_BOOL) {
        *(bool *)prm->var = false;
        return 0;
    }
    if (prm->kind == PARAM_CUSTOM && prm->parse && !prm->parse("no"))
        return 0;
    return cmdline_warn_bad(o);
}

static int cmdline_apply(const struct cmdline_opt *o,
                         const struct kernel_param *start,
                         const struct kernel_param *end)
{
    const struct kernel_param *prm;

    if (o->name_long)
        return cmdline_warn_unknown(o->name);
    prm = cmdline_find(o->name, start, end);
    if (prm)
        return cmdline_set(prm, o);
    if (!strncmp(o->name, "no-", 3)) {
        prm = cmdline_find(o->name + 3, start, end);
        if (prm)
            return cmdline_set_negated(prm, o);
    }
    return cmdline_warn_unknown(o->name);
}

int cmdline_parse(const char *cmdline, const struct kernel_param *start,
                  const struct kernel_param *end)
{
    struct cmdline_opt opt;
    const char *p = cmdline;
    int warnings = 0;

    if (!p)
        return 0;
    for (;;) {
        while (cmdline_is_space(*p))
            p++;
        if (!*p)
            return warnings;
        p = cmdline_split(p, &opt);
        warnings += cmdline_apply(&opt, start, end);
    }
}
