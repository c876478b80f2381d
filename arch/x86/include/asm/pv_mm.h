/* SPDX-License-Identifier: BSD-2-Clause */
/* PV memory rules: frame references and types, page-table validation. */
#ifndef ASM_PV_MM_H
#define ASM_PV_MM_H

#include <basalt/mm.h>
#include <asm/config.h>

/*
 * The model (Xen's x86 PV one, xen/arch/x86/mm.c):
 *
 * - Every frame has an owner (page_info.owner), a general reference count
 *   (count_info & PGC_count_mask) and a type with a type count (type_info).
 *   A frame assigned to a domain holds PGC_allocated plus one general
 *   reference for it; the frame is released (pv_mm_ops.free_page) when the
 *   count reaches 0, which can only happen after PGC_allocated was dropped.
 * - A frame has one type at a time (L1..L4 page table, segment descriptor
 *   page, writable page); the type changes only while the type count is 0.
 *   A writable mapping holds a PGT_writable_page type reference, so a page
 *   table can never be mapped writable and a mapped-writable frame can never
 *   become a page table.
 * - Taking the first page-table type reference validates all entries of the
 *   frame, taking references for what they point at; dropping the last one
 *   drops those references again (recursively).
 *
 * Concurrency: none yet. The rules assume one CPU per domain and that only a
 * frame's owner touches its counts; the read-modify-write steps are plain.
 * The module takes no global lock; making the count updates cmpxchg loops
 * (as Xen does) is the step for SMP guests.
 */

typedef uint16_t domid_t;

#define PV_DOMID_FIRST_RESERVED 0x7ff0 /* DOMID_FIRST_RESERVED */
#define PV_PT_ENTRIES           512
#define PV_L4_HV_SLOTS          (HYPERVISOR_L4_LAST - HYPERVISOR_L4_FIRST + 1)

struct pv_mm_ops {
    /* The 512 entries of a frame, valid until the caller returns (the
     * hypervisor passes the direct map; tests a fake memory). */
    uint64_t *(*map_frame)(uint64_t pfn);
    /* A frame's last general reference went; its count is 0. */
    void (*free_page)(struct page_info *pg);
    /* Optional: a typed frame is about to change type, so stale TLB and
     * paging-structure entries of its owner must go first. */
    void (*flush_tlb)(struct page_info *pg);
    /* Optional: check a segment descriptor page (512 descriptors); 0 if
     * safe. Without it PGT_seg_desc_page is refused. */
    int (*check_seg_desc)(const uint64_t *descs);
    /* What every validated L4 carries in slots 256..271. */
    uint64_t hv_l4_entries[PV_L4_HV_SLOTS];
};
extern struct pv_mm_ops pv_mm_ops;

/* General references. page_get: 0, -EPERM (owner is not d) or -EINVAL (not
 * allocated, or the count would overflow). */
int page_get(struct page_info *pg, domid_t d);
void page_put(struct page_info *pg);
/* The owner gives the frame up: clear PGC_allocated and drop its reference
 * (if it was still set). */
void page_drop_allocation(struct page_info *pg);

/* Type references. type is one of PGT_l1..l4_page_table, PGT_seg_desc_page,
 * PGT_writable_page. -EINVAL on a type conflict or overflow; a failed
 * validation returns its error and leaves the type count 0. */
int page_get_type(struct page_info *pg, uint64_t type);
void page_put_type(struct page_info *pg);
int page_get_and_type(struct page_info *pg, domid_t d, uint64_t type);
void page_put_and_type(struct page_info *pg);

/* Update entry idx of table (a validated page table of domain d) to
 * new_val: references for the new target are taken, the entry written with
 * one 64-bit store, then the old entry's references dropped. preserve_ad
 * keeps the old Accessed/Dirty bits (MMU_PT_UPDATE_PRESERVE_AD). Returns 0
 * or a negative errno (Xen's codes: -EINVAL for bad flags, slots, tables and
 * L2-L4 targets; -EBUSY for an L1 target that is foreign or can't be made
 * writable; -EPERM for an L1 target outside RAM). */
int pv_mod_entry(domid_t d, struct page_info *table, unsigned int idx,
                 uint64_t new_val, bool preserve_ad);
/* The same with the new target owned by pg_d (Xen's pg_owner): only an
 * L1 entry may name another domain's frame (a foreign mapping; the
 * references are taken against pg_d, -EBUSY if it is not pg_d's);
 * -EINVAL for L2-L4. Dropping such an entry needs no owner. */
int pv_mod_entry_foreign(domid_t d, domid_t pg_d, struct page_info *table,
                         unsigned int idx, uint64_t new_val, bool preserve_ad);

/* MMUEXT_PIN_Ln_TABLE / MMUEXT_UNPIN_TABLE: pinning holds a general and a
 * type reference so the table stays validated. level is 1..4. Pinning a
 * pinned frame or unpinning an unpinned one is -EINVAL, as in Xen. */
int pv_pin_table(domid_t d, struct page_info *pg, unsigned int level);
int pv_unpin_table(domid_t d, struct page_info *pg);

/* Segment descriptors (descriptor_check.c). pv_check_descriptor: is one
 * descriptor safe for a 64-bit PV guest? It fixes the DPL up in place as
 * Xen does. pv_check_seg_desc_page: all 512 of a frame, for
 * pv_mm_ops.check_seg_desc; 0 or -EINVAL. */
bool pv_check_descriptor(uint64_t *desc);
int pv_check_seg_desc_page(const uint64_t *descs);

#endif
