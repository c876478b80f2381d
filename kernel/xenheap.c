/* SPDX-License-Identifier: BSD-2-Clause */
/* Hypervisor heap: hypervisor-owned buddy blocks, used via the direct map. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <asm/page.h>

/* Frames past the end of the direct map have no hypervisor address. */
#define DIRECTMAP_FRAMES                                                       \
    ((DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START) >> PAGE_SHIFT)

void *alloc_xen_pages(unsigned int order)
{
    struct page_info *pg = alloc_pages(order, false);
    uint64_t pfn;

    if (!pg)
        return NULL;
    pfn = page_to_pfn(pg);
    if (pfn + (1ULL << order) > DIRECTMAP_FRAMES) {
        /* Only on machines with more RAM than the direct map spans. */
        free_pages(pg, order);
        return NULL;
    }
    for (uint64_t i = 0; i < (1ULL << order); i++)
        pg[i].owner = DOMID_XEN_OWNER;
    return __va(pfn << PAGE_SHIFT);
}

void free_xen_pages(void *va, unsigned int order)
{
    paddr_t pa;
    struct page_info *pg;

    if (!va)
        return;
    pa = __pa(va);
    BUG_ON(pa & ~PAGE_MASK);
    BUG_ON((pa >> PAGE_SHIFT) >= max_pfn);
    pg = pfn_to_page(pa >> PAGE_SHIFT);
    /* Catch a heap pointer freed into the wrong allocator. */
    BUG_ON(pg->owner != DOMID_XEN_OWNER);
    free_pages(pg, order);
}

void *alloc_xen_page_zeroed(void)
{
    void *va = alloc_xen_pages(0);

    if (va)
        memset(va, 0, PAGE_SIZE);
    return va;
}
