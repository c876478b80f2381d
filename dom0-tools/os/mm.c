/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0 memory: map every pfn linearly, page-table frames read-only; the
 * heap behind sbrk and the page allocator for hypercall buffers. */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include "os_priv.h"

extern char _image_end[];

static const unsigned long *os_p2m; /* pfn -> mfn, start_info.mfn_list */
static unsigned long os_nr_pages;
static unsigned long os_pool_next;  /* next free mapped pfn (page tables) */
static unsigned long os_mapped_end; /* pfns below are mapped */
static unsigned long os_brk, os_heap_start;
static bool os_heap_live; /* after start of day tables come from malloc */

unsigned long os_mm_heap_start(void)
{
    return os_heap_start;
}

unsigned long os_mm_heap_end(void)
{
    return os_pfn_to_va(os_nr_pages);
}

/* A page-table frame's VA through the M2P: tables live in our memory. */
static const uint64_t *os_table_va(uint64_t entry)
{
    unsigned long mfn = (entry & OS_PTE_ADDR) >> OS_PAGE_SHIFT;
    unsigned long pfn = OS_M2P[mfn];
    if (pfn >= os_nr_pages || os_p2m[pfn] != mfn)
        os_panic("a page-table frame outside our memory");
    return (const uint64_t *)os_pfn_to_va(pfn);
}

/* The entry for va in its level-'level' table (4: the L4), or NULL when
 * a table above is missing. */
static const uint64_t *os_walk(unsigned long va, int level)
{
    const uint64_t *t = (const uint64_t *)os_si->pt_base;
    for (int l = 4;; l--) {
        const uint64_t *e = &t[(va >> (12 + 9 * (l - 1))) & 511];
        if (l == level)
            return e;
        if (!(*e & OS_PTE_P) || (*e & OS_PTE_PSE))
            return NULL;
        t = os_table_va(*e);
    }
}

static uint64_t os_entry_maddr(const uint64_t *e)
{
    unsigned long va = (unsigned long)e;
    unsigned long pfn = (va - OS_VIRT_BASE) >> OS_PAGE_SHIFT;
    return ((uint64_t)os_p2m[pfn] << OS_PAGE_SHIFT) | (va & 0xfff);
}

uint64_t os_pte_maddr(unsigned long va)
{
    const uint64_t *e = os_walk(va, 1);
    return e ? os_entry_maddr(e) : 0;
}

/* A zeroed frame, mapped read-only so it may become a page table. */
static unsigned long os_new_table(void)
{
    unsigned long va;
    if (os_heap_live) {
        va = (unsigned long)memalign(OS_PAGE_SIZE, OS_PAGE_SIZE);
        if (!va)
            return 0;
    } else {
        if (os_pool_next >= os_mapped_end)
            os_panic("no frame left for page tables");
        va = os_pfn_to_va(os_pool_next++);
    }
    memset((void *)va, 0, OS_PAGE_SIZE);
    unsigned long mfn = os_p2m[(va - OS_VIRT_BASE) >> OS_PAGE_SHIFT];
    if (os_update_va(va, mfn << OS_PAGE_SHIFT | OS_PTE_RO))
        os_panic("cannot make a page-table frame read-only");
    return mfn;
}

/* Make sure tables down to the L1 for va exist. */
int os_mm_ensure_l1(unsigned long va)
{
    for (int level = 4; level > 1; level--) {
        const uint64_t *e = os_walk(va, level);
        if (*e & OS_PTE_P)
            continue;
        unsigned long mfn = os_new_table();
        if (!mfn)
            return -ENOMEM;
        struct mmu_update u = {os_entry_maddr(e) | MMU_NORMAL_PT_UPDATE,
                               mfn << OS_PAGE_SHIFT | OS_PTE_WR};
        if (os_mmu_update(&u, 1, NULL, DOMID_SELF))
            os_panic("cannot hook a new page table");
    }
    return 0;
}

/* Map pfns [os_mapped_end, os_nr_pages) one L1's worth at a time; the
 * tables come from the lowest free pfns, which are already mapped. */
static void os_map_rest(void)
{
    static struct mmu_update batch[512];
    while (os_mapped_end < os_nr_pages) {
        unsigned long va = os_pfn_to_va(os_mapped_end);
        unsigned int n = 0;
        os_mm_ensure_l1(va);
        do {
            unsigned long pfn = os_mapped_end + n;
            batch[n].ptr = os_pte_maddr(os_pfn_to_va(pfn));
            batch[n].val = (uint64_t)os_p2m[pfn] << OS_PAGE_SHIFT | OS_PTE_WR;
            n++;
        } while (os_mapped_end + n < os_nr_pages &&
                 (os_pfn_to_va(os_mapped_end + n) & 0x1fffff));
        if (os_mmu_update(batch, n, NULL, DOMID_SELF))
            os_panic("cannot map our memory");
        os_mapped_end += n;
    }
}

static unsigned long os_max(unsigned long a, unsigned long b)
{
    return a > b ? a : b;
}

/* The end of what the builder put in the bootstrap region: kernel,
 * initrd, p2m list, start_info, page tables and the one-page stack. */
static unsigned long os_boot_data_end(void)
{
    const struct start_info *si = os_si;
    unsigned long end = (unsigned long)_image_end;
    if (si->mod_len && !(si->flags & SIF_MOD_START_PFN))
        end = os_max(end, si->mod_start + si->mod_len);
    end = os_max(end, si->mfn_list + si->nr_pages * sizeof(unsigned long));
    end = os_max(end, (unsigned long)si + OS_PAGE_SIZE);
    end = os_max(end, si->pt_base + (si->nr_pt_frames + 1) * OS_PAGE_SIZE);
    return (end + OS_PAGE_SIZE - 1) & ~(OS_PAGE_SIZE - 1);
}

void os_mm_init(void)
{
    os_p2m = (const unsigned long *)os_si->mfn_list;
    os_nr_pages = os_si->nr_pages;
    os_pool_next = (os_boot_data_end() - OS_VIRT_BASE) >> OS_PAGE_SHIFT;
    os_mapped_end = os_pool_next;
    while (os_mapped_end < os_nr_pages) {
        const uint64_t *e = os_walk(os_pfn_to_va(os_mapped_end), 1);
        if (!e || !(*e & OS_PTE_P))
            break;
        os_mapped_end++;
    }
    if (os_pool_next >= os_mapped_end)
        os_panic("no free memory after the bootstrap region");
    os_map_rest();
    os_heap_start = os_brk = os_pfn_to_va(os_pool_next);
    os_heap_live = true;
}

/* newlib's malloc grows the heap through sbrk. */
void *sbrk(ptrdiff_t incr);
void *sbrk(ptrdiff_t incr)
{
    unsigned long old = os_brk;
    if ((incr > 0 && (unsigned long)incr > os_mm_heap_end() - old) ||
        (incr < 0 && (unsigned long)-incr > old - os_heap_start)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    os_brk += incr;
    return (void *)old;
}

void *os_alloc_pages(unsigned int n)
{
    if (!n || n > os_nr_pages)
        return NULL;
    void *p = memalign(OS_PAGE_SIZE, (size_t)n * OS_PAGE_SIZE);
    if (p)
        memset(p, 0, (size_t)n * OS_PAGE_SIZE);
    return p;
}

void os_free_pages(void *va, unsigned int n)
{
    (void)n;
    free(va);
}

/* Any mapped VA: our linear map or a foreign mapping. */
xen_pfn_t os_virt_to_mfn(const void *va)
{
    unsigned long a = (unsigned long)va;
    if (a >= OS_VIRT_BASE && a < os_mm_heap_end())
        return os_p2m[(a - OS_VIRT_BASE) >> OS_PAGE_SHIFT];
    const uint64_t *e = os_walk(a, 1);
    if (!e || !(*e & OS_PTE_P))
        return ~(xen_pfn_t)0;
    return (*e & OS_PTE_ADDR) >> OS_PAGE_SHIFT;
}
