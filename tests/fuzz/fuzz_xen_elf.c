/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: Xen PV kernel images through the parser and the loader,
 * checking the promises the domain builders rely on. */
#include <basalt/xen_elf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_MAX (1u << 20) /* bytes of fake guest memory actually kept */

struct window {
    const struct xen_elf_info *info;
    uint8_t *mem; /* NULL when the image is too large to back */
    uint64_t written;
};

/* Every write must land inside [virt_kstart, virt_kend): abort otherwise. */
static void window_check(struct window *w, uint64_t dst, size_t len)
{
    const struct xen_elf_info *i = w->info;

    if (dst < i->virt_kstart || dst > i->virt_kend || len > i->virt_kend - dst)
        abort();
    w->written += len;
}

static int fake_copy(void *ctx, uint64_t dst, const void *src, size_t len)
{
    struct window *w = ctx;

    window_check(w, dst, len);
    if (w->mem)
        memcpy(w->mem + (dst - w->info->virt_kstart), src, len);
    return 0;
}

static int fake_zero(void *ctx, uint64_t dst, size_t len)
{
    struct window *w = ctx;

    window_check(w, dst, len);
    if (w->mem)
        memset(w->mem + (dst - w->info->virt_kstart), 0, len);
    return 0;
}

static bool inside(const struct xen_elf_info *i, uint64_t va)
{
    return va >= i->virt_kstart && va < i->virt_kend;
}

static void check_info(const struct xen_elf_info *i, const char *err)
{
    if (err[0] || i->virt_kstart > i->virt_kend || !inside(i, i->virt_entry) ||
        i->virt_base > i->virt_kstart ||
        (i->virt_hypercall != XEN_ELF_UNSET && !inside(i, i->virt_hypercall)) ||
        (i->init_p2m != XEN_ELF_UNSET && inside(i, i->init_p2m)) ||
        (!i->has_notes && !i->has_legacy) || !i->nr_load)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xen_elf_info info;
    static char err[128];
    struct window w = {&info, NULL, 0};
    uint64_t span;

    /* The sub-parsers see the raw bytes too, to reach them directly. */
    xen_elf_info_init(&info);
    xen_elf_parse_notes(data, size, &info, err, sizeof(err));
    xen_elf_parse_legacy((const char *)data, size, &info, err, sizeof(err));

    if (xen_elf_parse(data, size, &info, err, sizeof(err)))
        return 0;
    check_info(&info, err);
    span = info.virt_kend - info.virt_kstart;
    if (span <= WINDOW_MAX)
        w.mem = malloc(span ? span : 1);
    if (xen_elf_load(data, size, &info, fake_copy, fake_zero, &w))
        abort();
    free(w.mem);
    return 0;
}
