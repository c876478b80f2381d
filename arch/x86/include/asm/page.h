/* SPDX-License-Identifier: BSD-2-Clause */
/* Page-table entry bits and address translation helpers. */
#ifndef ASM_PAGE_H
#define ASM_PAGE_H

#include <asm/config.h>

#define _PAGE_PRESENT  0x001UL
#define _PAGE_RW       0x002UL
#define _PAGE_USER     0x004UL
#define _PAGE_PWT      0x008UL
#define _PAGE_PCD      0x010UL
#define _PAGE_ACCESSED 0x020UL
#define _PAGE_DIRTY    0x040UL
#define _PAGE_PSE      0x080UL /* 2M/1G leaf */
#define _PAGE_PAT      0x080UL /* 4K leaf */
#define _PAGE_GLOBAL   0x100UL
#define _PAGE_NX       (1UL << 63)
#define PADDR_MASK     0x000FFFFFFFFFF000UL

#ifndef __ASSEMBLY__
#include <basalt/types.h>

typedef uint64_t pte_t;

static inline void *__va(paddr_t pa)
{
    return (void *)(pa + DIRECTMAP_VIRT_START);
}
static inline paddr_t __pa(const void *va)
{
    return (paddr_t)va - DIRECTMAP_VIRT_START;
}
/* Physical address of a symbol in the hypervisor image. */
static inline paddr_t __pa_symbol(const void *va)
{
    return (paddr_t)va - BASALT_VIRT_START + BASALT_LOAD_PHYS;
}

/* A 48-bit canonical address: bits 63..47 all equal. */
static inline bool is_canonical(uint64_t va)
{
    return (uint64_t)((int64_t)(va << 16) >> 16) == va;
}

#define l4_index(va) (((uint64_t)(va) >> 39) & 511)
#define l3_index(va) (((uint64_t)(va) >> 30) & 511)
#define l2_index(va) (((uint64_t)(va) >> 21) & 511)
#define l1_index(va) (((uint64_t)(va) >> 12) & 511)
#endif

#endif
