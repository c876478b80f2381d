/* SPDX-License-Identifier: BSD-2-Clause */
/* libFuzzer target: kernel images through dom0's PV ELF loader, checked
 * against its promises and against the hypervisor's own loader. */
#include <basalt/xen_elf.h>
#include <dom0/libxc.h>
#include <stdlib.h>
#include <string.h>

#define WINDOW_MAX (1u << 20) /* bytes of fake guest memory kept */

struct window {
    const struct xc_elf_info *info;
    uint8_t *mem; /* NULL when the kernel is too large to back */
};

/* Every write must land inside [virt_kstart, virt_kend). */
static int fake_write(void *ctx, uint64_t va, const void *src, size_t len)
{
    struct window *w = ctx;
    const struct xc_elf_info *i = w->info;

    if (va < i->virt_kstart || va > i->virt_kend || len > i->virt_kend - va)
        abort();
    if (w->mem && src)
        memcpy(w->mem + (va - i->virt_kstart), src, len);
    else if (w->mem)
        memset(w->mem + (va - i->virt_kstart), 0, len);
    return 0;
}

static bool inside(const struct xc_elf_info *i, uint64_t va)
{
    return va >= i->virt_kstart && va < i->virt_kend;
}

static void check_info(const struct xc_elf_info *i)
{
    if (i->virt_kstart > i->virt_kend || !inside(i, i->virt_entry) ||
        i->virt_base > i->virt_kstart ||
        (i->virt_hypercall != XC_ELF_UNSET && !inside(i, i->virt_hypercall)) ||
        (i->init_p2m != XC_ELF_UNSET && inside(i, i->init_p2m)) ||
        (!i->has_notes && !i->has_legacy) || !i->nr_load)
        abort();
}

/* Both loaders must reach the same verdict and the same layout. */
static void check_same(const uint8_t *data, size_t size, int rc,
                       const struct xc_elf_info *i)
{
    static struct xen_elf_info h;
    char err[128];
    int hrc = xen_elf_parse(data, size, &h, err, sizeof(err));

    if (hrc != rc)
        abort();
    if (!rc &&
        (h.virt_base != i->virt_base || h.virt_entry != i->virt_entry ||
         h.virt_kstart != i->virt_kstart || h.virt_kend != i->virt_kend ||
         h.virt_hypercall != i->virt_hypercall ||
         h.paddr_offset != i->paddr_offset ||
         h.features_required[0] != i->features_required[0]))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct xc_elf_info info;
    char err[128];
    struct window w = {&info, NULL};
    uint64_t span;
    int rc;

    xc_elf_info_init(&info);
    xc_elf_parse_notes(data, size, &info, err, sizeof(err));
    xc_elf_parse_legacy((const char *)data, size, &info, err, sizeof(err));

    rc = xc_elf_parse(data, size, &info, err, sizeof(err));
    check_same(data, size, rc, &info);
    if (rc)
        return 0;
    check_info(&info);
    span = info.virt_kend - info.virt_kstart;
    if (span <= WINDOW_MAX)
        w.mem = malloc(span ? span : 1);
    if (xc_elf_load(data, size, &info, fake_write, &w))
        abort();
    free(w.mem);
    return 0;
}
