/* SPDX-License-Identifier: BSD-2-Clause */
/* Building the machine-to-phys table and its two views. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <asm/m2p.h>
#include <asm/paging.h>

#define M2P_CHUNK_ORDER 9 /* 2 MiB: one large page per chunk */
#define M2P_CHUNK       (PAGE_SIZE << M2P_CHUNK_ORDER)

void m2p_init(void)
{
    uint64_t bytes = ALIGN_UP(max_pfn * sizeof(uint64_t), M2P_CHUNK);
    BUG_ON(bytes > MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START);
    for (uint64_t off = 0; off < bytes; off += M2P_CHUNK) {
        struct page_info *pg = alloc_pages(M2P_CHUNK_ORDER, false);
        if (!pg)
            panic("M2P: out of memory for the machine-to-phys table");
        for (unsigned int i = 0; i < (1u << M2P_CHUNK_ORDER); i++)
            pg[i].owner = DOMID_XEN_OWNER;
        paddr_t pa = page_to_pfn(pg) << PAGE_SHIFT;
        memset(__va(pa), 0xff, M2P_CHUNK); /* every entry M2P_INVALID */
        /* Guests: read-only, user-visible, never executable. */
        map_pages(idle_l4, MACH2PHYS_VIRT_START + off, pa,
                  M2P_CHUNK >> PAGE_SHIFT,
                  _PAGE_PRESENT | _PAGE_USER | _PAGE_NX, true);
        map_pages(idle_l4, RDWR_M2P_VIRT_START + off, pa,
                  M2P_CHUNK >> PAGE_SHIFT, PAGE_HYPERVISOR_RW, true);
    }
    printk("M2P: %llu KiB for %llu frames, read-only for guests at %#lx\n",
           (unsigned long long)(bytes >> 10), (unsigned long long)max_pfn,
           MACH2PHYS_VIRT_START);
}
