/* SPDX-License-Identifier: BSD-2-Clause */
/* The hypervisor's own page tables (the idle page table, whose slots
 * 256-271 every guest L4 will share). */
#ifndef ASM_PAGING_H
#define ASM_PAGING_H

#include <asm/page.h>

#define PAGE_HYPERVISOR_RW (_PAGE_PRESENT | _PAGE_RW | _PAGE_NX)
#define PAGE_HYPERVISOR_RO (_PAGE_PRESENT | _PAGE_NX)
#define PAGE_HYPERVISOR_RX (_PAGE_PRESENT)
#define PAGE_HYPERVISOR_UC (PAGE_HYPERVISOR_RW | _PAGE_PCD | _PAGE_PWT)
#define PAGE_HYPERVISOR_WC (PAGE_HYPERVISOR_RW | _PAGE_PAT) /* PAT4 = WC */

extern pte_t *idle_l4; /* virtual address (direct map) */
extern paddr_t idle_l4_pa;

/* Map [va, va + nr pages) to [pa, ...) with 'flags' in 'l4', using 2 MiB
 * and 1 GiB leaves where alignment allows and 'large' is set. Page-table
 * frames come from the boot allocator, then the buddy allocator. Panics
 * on a conflicting mapping: used only for the hypervisor's own tables. */
void map_pages(pte_t *l4, uint64_t va, paddr_t pa, uint64_t nr, uint64_t flags,
               bool large);
/* Build the idle page table (direct map, image with W^X, frame table)
 * and switch to it. */
void paging_init(void);
/* True when [pa, pa+len) lies in the direct map. */
bool directmap_covers(paddr_t pa, size_t len);
/* The 4 KiB leaf entry for 'va', or NULL when it is not mapped by one. */
pte_t *paging_l1_slot(pte_t *l4, uint64_t va);
/* Map the stack slot for 'cpu' (with guard pages); returns its base. */
uint64_t stack_slot_map(unsigned int cpu);
/* Look up the physical address behind a hypervisor virtual address. */
paddr_t virt_to_phys_walk(const void *va);

#endif
