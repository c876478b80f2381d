/* SPDX-License-Identifier: BSD-2-Clause */
/* Page-table helpers for the MMU test kernel: frames, machine addresses of
 * entries in the bootstrap page tables, scratch pages and spare frames. */
#ifndef GUEST_MMU_UTIL_H
#define GUEST_MMU_UTIL_H

#include "hypercall.h"
#include "lib.h"

#define MMUU_P        0x1UL
#define MMUU_RW       0x2UL
#define MMUU_USER     0x4UL
#define MMUU_ACCESSED 0x20UL
#define MMUU_DIRTY    0x40UL
#define MMUU_PSE      0x80UL
#define MMUU_MFN_MASK 0x000ffffffffff000UL
/* A kernel data page: ring 3 runs the kernel, so USER at every level. */
#define MMUU_DATA  (MMUU_P | MMUU_RW | MMUU_USER | MMUU_ACCESSED | MMUU_DIRTY)
#define MMUU_RO    (MMUU_P | MMUU_USER | MMUU_ACCESSED)
#define MMUU_TABLE (MMUU_P | MMUU_RW | MMUU_USER | MMUU_ACCESSED)

/* The read-only machine-to-phys table every 64-bit PV guest sees. */
#define MMUU_M2P ((const volatile unsigned long *)__MACH2PHYS_VIRT_START)

static inline unsigned long mmuu_mfn(unsigned long pfn)
{
    return ((const unsigned long *)guest_start_info->mfn_list)[pfn];
}

/* One past the last pfn the bootstrap region maps: it ends 4 MiB aligned
 * with at least 512 KiB of padding after the boot stack. */
static inline unsigned long mmuu_region_pfns(void)
{
    unsigned long end = guest_entry.rsp + 512 * 1024;

    end = (end + (4UL << 20) - 1) & ~((4UL << 20) - 1);
    return (end - (unsigned long)_image_start) >> 12;
}

/* Scratch page n (n < 64) of the padding after the boot stack: mapped
 * writable to a frame nothing uses. */
static inline unsigned long *mmuu_scratch(unsigned int n)
{
    return (unsigned long *)(guest_entry.rsp + 128 * 1024 +
                             n * GUEST_PAGE_SIZE);
}

/* A spare frame: the top pfns, far past the bootstrap region. */
static inline unsigned long mmuu_spare_mfn(unsigned int n)
{
    return mmuu_mfn(guest_start_info->nr_pages - 1 - n);
}

/* Where a table frame of the bootstrap region is mapped (read-only). */
static inline const unsigned long *mmuu_table(unsigned long entry)
{
    unsigned long pfn = MMUU_M2P[(entry & MMUU_MFN_MASK) >> 12];

    if (!(entry & MMUU_P) || pfn >= mmuu_region_pfns())
        return NULL;
    return (const unsigned long *)(_image_start + pfn * GUEST_PAGE_SIZE);
}

/* Machine address of the entry for va at level (1 = L1 ... 4 = L4) in the
 * bootstrap page tables, or 0 when a table above it is missing. */
static inline unsigned long mmuu_entry_maddr(unsigned long va, int level)
{
    const unsigned long *t = (const unsigned long *)guest_start_info->pt_base;

    for (int l = 4;; l--) {
        unsigned int idx = (va >> (12 + 9 * (l - 1))) & 511;
        unsigned long pfn =
            ((unsigned long)t - (unsigned long)_image_start) >> 12;

        if (l == level)
            return (mmuu_mfn(pfn) << 12) + idx * 8;
        if (!(t = mmuu_table(t[idx])))
            return 0;
    }
}

/* The current value of that entry (through the read-only mapping). */
static inline unsigned long mmuu_entry(unsigned long va, int level)
{
    unsigned long ma = mmuu_entry_maddr(va, level);
    unsigned long pfn = ma ? MMUU_M2P[ma >> 12] : 0;

    if (!ma)
        return 0;
    return ((const unsigned long *)(_image_start +
                                    pfn * GUEST_PAGE_SIZE))[(ma & 4095) / 8];
}

#endif
