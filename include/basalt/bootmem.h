/* SPDX-License-Identifier: BSD-2-Clause */
/* The boot-time allocator: carves frames out of RAM below 4 GiB before
 * the frame table exists, then hands everything left to the buddy. */
#ifndef BASALT_BOOTMEM_H
#define BASALT_BOOTMEM_H

#include <basalt/types.h>
#include <basalt/bootinfo.h>

#define BOOTMEM_MAX_RANGES 160

/* Free RAM = usable map ranges below 'limit' (what the direct map can
 * reach) minus [0, 1 MiB), the image and the modules. */
void bootmem_init(const struct boot_info *bi, paddr_t image_start,
                  paddr_t image_end, paddr_t limit);
/* Allocate 'bytes' (page-rounded) aligned to 'align', below 4 GiB, from
 * the top of the highest range. Panics when none fits: boot cannot go on. */
paddr_t bootmem_alloc(uint64_t bytes, uint64_t align);
/* The same from anywhere in RAM, highest first: for memory only touched
 * after the full direct map is live (the frame table). */
paddr_t bootmem_alloc_high(uint64_t bytes, uint64_t align);
/* Give every remaining free range to the buddy allocator; after this
 * bootmem_alloc panics. Returns the number of frames handed over. */
uint64_t bootmem_handoff(void);
bool bootmem_active(void);
/* Highest usable RAM address + 1. */
paddr_t bootmem_ram_end(void);
/* Usable RAM in the map, in bytes (for the boot summary). */
uint64_t bootmem_usable_bytes(void);

#endif
