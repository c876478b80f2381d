/* SPDX-License-Identifier: BSD-2-Clause */
/* Mapping other domains' frames (and our own by MFN) into a window of
 * dom0's address space with mmu_update(reqs, count, done, foreigndom). */
#include <errno.h>
#include "os_priv.h"

/* 1 GiB at 512 GiB: L4 slot 1, far from the linear map in slot 0. */
#define OS_FOREIGN_BASE  0x8000000000UL
#define OS_FOREIGN_PAGES (1UL << 18)
#define OS_FOREIGN_BATCH 64

static uint64_t os_foreign_used[OS_FOREIGN_PAGES / 64];
static unsigned long os_foreign_hint;

static bool os_slot_used(unsigned long i)
{
    return os_foreign_used[i / 64] >> (i % 64) & 1;
}

static void os_slots_set(unsigned long first, unsigned int n, bool used)
{
    for (unsigned long i = first; i < first + n; i++) {
        if (used)
            os_foreign_used[i / 64] |= 1UL << (i % 64);
        else
            os_foreign_used[i / 64] &= ~(1UL << (i % 64));
    }
}

/* First fit from the hint, wrapping once; returns OS_FOREIGN_PAGES if no
 * run of n free slots exists. */
static unsigned long os_slots_find(unsigned int n)
{
    unsigned long start = os_foreign_hint, run = 0;
    for (unsigned long k = 0; k < OS_FOREIGN_PAGES + n; k++) {
        unsigned long i = (start + k) % OS_FOREIGN_PAGES;
        if (i == 0)
            run = 0; /* a run may not wrap around the window's end */
        run = os_slot_used(i) ? 0 : run + 1;
        if (run == n)
            return i + 1 - n;
    }
    return OS_FOREIGN_PAGES;
}

static unsigned long os_slot_va(unsigned long i)
{
    return OS_FOREIGN_BASE + i * OS_PAGE_SIZE;
}

/* Clear n PTEs from va on and flush them from the TLB. */
static void os_clear_ptes(unsigned long va, unsigned int n)
{
    struct mmu_update u[OS_FOREIGN_BATCH];
    for (unsigned int i = 0; i < n;) {
        unsigned int k = 0;
        for (; k < OS_FOREIGN_BATCH && i < n; k++, i++)
            u[k] = (struct mmu_update){
                os_pte_maddr(va + i * OS_PAGE_SIZE) | MMU_NORMAL_PT_UPDATE, 0};
        os_mmu_update(u, k, NULL, DOMID_SELF);
    }
    struct mmuext_op op = {.cmd = MMUEXT_TLB_FLUSH_LOCAL};
    os_hypercall(__HYPERVISOR_mmuext_op, (unsigned long)&op, 1, 0, DOMID_SELF,
                 0);
}

/* Map mfns[0..n) at va; returns how many got mapped and the error. */
static unsigned int os_map_batches(unsigned long va, domid_t dom,
                                   const xen_pfn_t *mfns, unsigned int n,
                                   uint64_t flags, long *rc)
{
    struct mmu_update u[OS_FOREIGN_BATCH];
    unsigned int mapped = 0;
    *rc = 0;
    while (mapped < n && !*rc) {
        unsigned int k = 0, done = 0;
        for (; k < OS_FOREIGN_BATCH && mapped + k < n; k++) {
            unsigned long a = va + (mapped + k) * OS_PAGE_SIZE;
            if ((*rc = os_mm_ensure_l1(a)))
                break;
            u[k].ptr = os_pte_maddr(a) | MMU_NORMAL_PT_UPDATE;
            u[k].val = (uint64_t)mfns[mapped + k] << OS_PAGE_SHIFT | flags;
        }
        if (k) {
            long r = os_mmu_update(u, k, &done, dom);
            if (r) {
                *rc = r;
                k = done < k ? done : k;
            }
        }
        mapped += k;
    }
    return mapped;
}

void *os_map_foreign(domid_t dom, const xen_pfn_t *mfns, unsigned int n,
                     bool writable, int *err)
{
    long rc = -EINVAL;
    unsigned long slot = n ? os_slots_find(n) : OS_FOREIGN_PAGES;
    if (n && slot == OS_FOREIGN_PAGES)
        rc = -ENOMEM;
    if (slot == OS_FOREIGN_PAGES || !mfns) {
        if (err)
            *err = (int)rc;
        return NULL;
    }
    unsigned long va = os_slot_va(slot);
    unsigned int mapped =
        os_map_batches(va, dom, mfns, n, writable ? OS_PTE_WR : OS_PTE_RO, &rc);
    if (rc) {
        os_clear_ptes(va, mapped);
        if (err)
            *err = (int)rc;
        return NULL;
    }
    os_slots_set(slot, n, true);
    os_foreign_hint = (slot + n) % OS_FOREIGN_PAGES;
    if (err)
        *err = 0;
    return (void *)va;
}

void os_unmap_foreign(void *va, unsigned int n)
{
    unsigned long a = (unsigned long)va;
    if (a < OS_FOREIGN_BASE || a & (OS_PAGE_SIZE - 1) || !n)
        return;
    unsigned long slot = (a - OS_FOREIGN_BASE) >> OS_PAGE_SHIFT;
    if (slot >= OS_FOREIGN_PAGES || n > OS_FOREIGN_PAGES - slot)
        return;
    os_clear_ptes(a, n);
    os_slots_set(slot, n, false);
}
