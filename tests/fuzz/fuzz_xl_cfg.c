/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: xl.cfg text through the parser, the PV domain config,
 * a command-line override and the CPU-list syntax. */
#include <dom0/xlcfg.h>
#include <stdlib.h>
#include <string.h>

static void ignore(void *arg, const char *msg)
{
    (void)arg;
    if (strlen(msg) > 512)
        abort(); /* warnings stay one bounded line */
}

/* What xl relies on after a successful conversion. */
static void check_domcfg(const struct xl_domcfg *d)
{
    if (!d->name[0] || !d->kernel[0] || d->memory_mb < 1 ||
        d->memory_mb > d->maxmem_mb || d->maxmem_mb > XL_MAX_MEM_MB ||
        d->vcpus < 1 || d->vcpus > d->maxvcpus || d->maxvcpus > XL_MAX_VCPUS ||
        d->cpu_weight < 1 || strlen(d->cmdline) >= XL_CMDLINE_MAX)
        abort();
}

static void check_cfg(const struct xlcfg *c)
{
    for (unsigned int i = 0; i < c->n; i++) {
        const struct xlcfg_setting *s = &c->set[i];
        if (!s->name || !s->source || s->line < 1 ||
            (!s->value.is_list && !s->value.str) ||
            s->value.n > XLCFG_MAX_ITEMS)
            abort();
        for (unsigned int j = 0; j < s->value.n; j++)
            if (!s->value.items[j].str)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xl_domcfg d;
    char err[256], *text = malloc(size + 1);
    uint64_t map[XL_CPUMAP_WORDS];
    struct xlcfg c;

    xlcfg_init(&c);
    if (!xlcfg_parse(&c, "f.cfg", (const char *)data, size, err, sizeof(err))) {
        check_cfg(&c);
        if (!xl_domcfg_from_cfg(&c, &d, ignore, NULL, err, sizeof(err)))
            check_domcfg(&d);
    }
    /* The same bytes as a NUL-terminated override and CPU list. */
    memcpy(text, data, size);
    text[size] = '\0';
    if (!xlcfg_override(&c, text, err, sizeof(err)))
        check_cfg(&c);
    xl_cpulist_parse(text, map, err, sizeof(err));
    xlcfg_free(&c);
    free(text);
    return 0;
}
