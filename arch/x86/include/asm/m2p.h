/* SPDX-License-Identifier: BSD-2-Clause */
/* The machine-to-phys table: for each machine frame, the guest frame
 * number its owner uses (or M2P_INVALID). PV guests read it directly at
 * MACH2PHYS_VIRT_START; the hypervisor writes it through a second view. */
#ifndef ASM_M2P_H
#define ASM_M2P_H

#include <basalt/types.h>
#include <asm/config.h>

#define M2P_INVALID (~0UL) /* Xen's INVALID_M2P_ENTRY */

/* Allocate the table for frames [0, max_pfn), fill it with M2P_INVALID,
 * map it read-only and user-visible for guests and writable for us. */
void m2p_init(void);

static inline void m2p_set(uint64_t mfn, uint64_t pfn)
{
    ((volatile uint64_t *)RDWR_M2P_VIRT_START)[mfn] = pfn;
}

static inline uint64_t m2p_get(uint64_t mfn)
{
    return ((volatile uint64_t *)RDWR_M2P_VIRT_START)[mfn];
}

#endif
