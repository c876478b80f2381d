/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the memory and grant-table test kernels: frames of the
 * bootstrap region, the M2P, remapping a page, telling Basalt from Xen. */
#ifndef GUEST_MEMORY_UTIL_H
#define GUEST_MEMORY_UTIL_H

#include "hypercall.h"
#include "lib.h"

#define MEMU_PTE_PRESENT  0x1UL
#define MEMU_PTE_RW       0x2UL
#define MEMU_PTE_USER     0x4UL
#define MEMU_PTE_ACCESSED 0x20UL
#define MEMU_PTE_DIRTY    0x40UL
#define MEMU_M2P_INVALID  (~0UL)

/* The read-only machine-to-phys table every 64-bit PV guest sees. Only
 * frames below XENMEM_maximum_ram_page may be looked up. */
#define MEMU_M2P ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)

/* Our frame list (start_info.mfn_list): writable, ours to keep right. */
static inline unsigned long *memu_p2m(void)
{
    return (unsigned long *)guest_start_info->mfn_list;
}

/* The bootstrap region maps virt_base (our image start) onto pfn 0... */
static inline unsigned long memu_va_pfn(const void *va)
{
    return ((unsigned long)va - (unsigned long)_image_start) >> 12;
}

/* A page of the 512 KiB padding after the boot stack: mapped, unused. */
static inline void *memu_scratch_page(unsigned int n)
{
    return (void *)(guest_entry.rsp + 64 * 1024 + n * GUEST_PAGE_SIZE);
}

/* One past the last pfn the bootstrap region maps (4 MiB aligned end). */
static inline unsigned long memu_bootstrap_pfns(void)
{
    unsigned long end = guest_entry.rsp + 512 * 1024;

    end = (end + (4UL << 20) - 1) & ~((4UL << 20) - 1);
    return (end - (unsigned long)_image_start) >> 12;
}

/* update_va_mapping(va, pte, flags): -ENOSYS where not implemented yet. */
static inline long memu_update_va_mapping(void *va, unsigned long pte,
                                          unsigned long flags)
{
    return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

/* A writable kernel mapping. The guest kernel runs in ring 3: Xen sets
 * the user bit itself for 64-bit PV; we ask for it to depend on less. */
static inline unsigned long memu_rw_pte(unsigned long mfn)
{
    return (mfn << 12) | MEMU_PTE_PRESENT | MEMU_PTE_RW | MEMU_PTE_USER |
           MEMU_PTE_ACCESSED | MEMU_PTE_DIRTY;
}

/* Basalt reports extraversion "-basalt"; where it deliberately differs
 * from Xen, a check expects each its own value. */
static inline int memu_on_basalt(void)
{
    static int known, basalt;
    char extra[16];

    if (!known) {
        memset(extra, 0, sizeof(extra));
        HYPERVISOR_xen_version(XENVER_extraversion, extra);
        basalt = strncmp(extra, "-basalt", sizeof(extra)) == 0;
        known = 1;
    }
    return basalt;
}

#endif
