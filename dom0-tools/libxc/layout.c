/* SPDX-License-Identifier: BSD-2-Clause */
/* The PV start-of-day layout (public/xen.h and libxc's xc_dom_x86): where
 * each element goes, the bootstrap page tables, start_info, vCPU 0's
 * context. Pure computation, so it is host-tested. */
#include <stdio.h>
#include <string.h>
#include <dom0/libxc.h>

#define PG_PRESENT  0x001ull
#define PG_RW       0x002ull
#define PG_USER     0x004ull
#define PG_ACCESSED 0x020ull
#define PG_DIRTY    0x040ull
/* As the hypervisor's dom0 builder: guest kernels run in ring 3. */
#define L1_FLAGS (PG_PRESENT | PG_USER | PG_ACCESSED | PG_DIRTY)
#define LN_FLAGS (PG_PRESENT | PG_RW | PG_USER | PG_ACCESSED)

#define CANONICAL_LOW_END 0x0000800000000000ull
#define HV_VIRT_END       0xFFFF880000000000ull /* Xen's hole ends here */

static uint64_t span(uint64_t s, uint64_t e, unsigned int shift)
{
    return ((e - 1) >> shift) - (s >> shift) + 1;
}

uint64_t xc_pt_frames_needed(uint64_t v_start, uint64_t v_end)
{
    return 1 + span(v_start, v_end, 39) + span(v_start, v_end, 30) +
           span(v_start, v_end, 21);
}

static uint64_t page_up(uint64_t v)
{
    return (v + XC_PAGE_SIZE - 1) & ~(XC_PAGE_SIZE - 1);
}

/* The region must sit in one canonical half, clear of the hypervisor. */
static bool layout_va_ok(uint64_t s, uint64_t e)
{
    return s < e && (e <= CANONICAL_LOW_END || s >= HV_VIRT_END);
}

/* Grow the page-table count until the tables cover the region they end
 * up in (they are part of it). False if it cannot fit anywhere. */
static bool layout_tail(struct xc_layout *l)
{
    uint64_t room = ~0ull - l->pt_start;

    for (l->nr_pt_frames = 1; l->nr_pt_frames < 4096; l->nr_pt_frames++) {
        uint64_t need = (l->nr_pt_frames + 1) * XC_PAGE_SIZE + XC_BOOT_PADDING +
                        XC_BOOT_ALIGN;
        if (need > room)
            return false;
        l->stack_start = l->pt_start + l->nr_pt_frames * XC_PAGE_SIZE;
        l->stack_end = l->stack_start + XC_PAGE_SIZE;
        l->v_end = (l->stack_end + XC_BOOT_PADDING + XC_BOOT_ALIGN - 1) &
                   ~(XC_BOOT_ALIGN - 1);
        if (xc_pt_frames_needed(l->v_start, l->v_end) <= l->nr_pt_frames)
            return true;
    }
    return false;
}

/* Kernel, ramdisk, p2m list, start_info, xenstore, console: each start
 * page-aligned, no sum may wrap. */
static bool layout_head(const struct xc_elf_info *e, uint64_t ramdisk_len,
                        uint64_t nr_pages, struct xc_layout *l)
{
    uint64_t p2m_len = nr_pages * 8;

    if (e->virt_kend > ~0ull - XC_PAGE_SIZE || ramdisk_len > (1ull << 40) ||
        nr_pages > (1ull << 40))
        return false;
    l->kern_end = page_up(e->virt_kend);
    l->ramdisk_start = ramdisk_len ? l->kern_end : 0;
    l->ramdisk_len = ramdisk_len;
    if (~0ull - l->kern_end <
        page_up(ramdisk_len) + page_up(p2m_len) + 4 * XC_PAGE_SIZE)
        return false;
    l->p2m_start = l->kern_end + page_up(ramdisk_len);
    l->si_start = page_up(l->p2m_start + p2m_len);
    l->store_start = l->si_start + XC_PAGE_SIZE;
    l->console_start = l->store_start + XC_PAGE_SIZE;
    l->pt_start = l->console_start + XC_PAGE_SIZE;
    return true;
}

int xc_layout_compute(const struct xc_elf_info *e, uint64_t ramdisk_len,
                      uint64_t nr_pages, struct xc_layout *l, char *err,
                      size_t errlen)
{
    uint64_t need;

    memset(l, 0, sizeof(*l));
    l->v_start = e->virt_base;
    l->kern_start = e->virt_kstart;
    if (l->v_start & (XC_PAGE_SIZE - 1)) {
        snprintf(err, errlen, "kernel VIRT_BASE %#llx is not page-aligned",
                 (unsigned long long)l->v_start);
        return -XC_EINVAL;
    }
    if (!layout_head(e, ramdisk_len, nr_pages, l) || !layout_tail(l) ||
        !layout_va_ok(l->v_start, l->v_end)) {
        snprintf(err, errlen,
                 "the boot image at %#llx does not fit in the "
                 "guest's address space (outside the hypervisor's hole)",
                 (unsigned long long)l->v_start);
        return -XC_EINVAL;
    }
    need = (l->v_end - l->v_start) / XC_PAGE_SIZE;
    if (need > nr_pages) {
        snprintf(err, errlen,
                 "the boot image needs %llu KiB but the domain "
                 "has only %llu KiB of memory",
                 (unsigned long long)need * 4,
                 (unsigned long long)nr_pages * 4);
        return -XC_ENOMEM;
    }
    return 0;
}

struct pt_walk {
    const struct xc_layout *l;
    const xen_pfn_t *p2m;
    uint64_t *(*frame)(void *ctx, uint64_t pfn);
    void *ctx;
    uint64_t next_pfn, end_pfn; /* page-table frames still unused */
};

/* The table under entry idx, taking the next page-table frame if new. */
static uint64_t *pt_child(struct pt_walk *w, uint64_t *table, unsigned int idx,
                          uint64_t *pfns, unsigned int level)
{
    if (!(table[idx] & PG_PRESENT)) {
        if (w->next_pfn >= w->end_pfn)
            return NULL; /* cannot happen: the layout counted them */
        pfns[level] = w->next_pfn++;
        table[idx] = (w->p2m[pfns[level]] << 12) | LN_FLAGS;
    }
    /* Remember which pfn backs the child: the frames are sequential and a
     * child keeps its pfn until the walk moves past it. */
    return w->frame(w->ctx, pfns[level]);
}

uint64_t xc_build_pagetables(const struct xc_layout *l, const xen_pfn_t *p2m,
                             uint64_t *(*frame)(void *ctx, uint64_t pfn),
                             void *ctx)
{
    uint64_t pt_pfn = xc_layout_pfn(l, l->pt_start);
    struct pt_walk w = {l,   p2m,        frame,
                        ctx, pt_pfn + 1, pt_pfn + l->nr_pt_frames};
    uint64_t pfns[4] = {0}, *l4 = frame(ctx, pt_pfn), *l3, *l2, *l1;
    uint64_t pt_end = l->pt_start + l->nr_pt_frames * XC_PAGE_SIZE;

    for (uint64_t va = l->v_start; va < l->v_end; va += XC_PAGE_SIZE) {
        bool is_pt = va >= l->pt_start && va < pt_end;
        uint64_t pfn = xc_layout_pfn(l, va);

        l3 = pt_child(&w, l4, (va >> 39) & 511, pfns, 3);
        l2 = l3 ? pt_child(&w, l3, (va >> 30) & 511, pfns, 2) : NULL;
        l1 = l2 ? pt_child(&w, l2, (va >> 21) & 511, pfns, 1) : NULL;
        if (!l1)
            return 0;
        l1[(va >> 12) & 511] =
            (p2m[pfn] << 12) | L1_FLAGS | (is_pt ? 0 : PG_RW);
    }
    return p2m[pt_pfn];
}
