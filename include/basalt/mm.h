/* SPDX-License-Identifier: BSD-2-Clause */
/* Frames: the frame table (one struct page_info per machine frame) and the
 * buddy allocator over all usable RAM. */
#ifndef BASALT_MM_H
#define BASALT_MM_H

#include <basalt/types.h>

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)
#define PAGE_MASK       (~(PAGE_SIZE - 1))
#define PFN_NONE        0xffffffffu
#define MAX_ORDER       20     /* largest block: 2^20 frames = 4 GiB */
#define DOMID_NONE      0x7ff4 /* DOMID_INVALID: no owner */
#define DOMID_XEN_OWNER 0x7ff2 /* DOMID_XEN: the hypervisor owns it */

/* count_info flags (high bits) and the general reference count (low). */
#define PGC_allocated  (1ULL << 63) /* owner holds an allocation reference */
#define PGC_free       (1ULL << 62) /* in the buddy allocator */
#define PGC_head       (1ULL << 61) /* first frame of a free buddy block */
#define PGC_reserved   (1ULL << 60) /* never allocatable (hole, image, ...) */
#define PGC_xen_heap   (1ULL << 59) /* hypervisor page shared with a guest */
#define PGC_count_mask ((1ULL << 48) - 1)

/* type_info: frame type for PV page-table validation (next issue), plus
 * the type reference count and the validated bit. */
#define PGT_none          (0ULL << 60)
#define PGT_l1_page_table (1ULL << 60)
#define PGT_l2_page_table (2ULL << 60)
#define PGT_l3_page_table (3ULL << 60)
#define PGT_l4_page_table (4ULL << 60)
#define PGT_seg_desc_page (5ULL << 60)
#define PGT_writable_page (7ULL << 60)
#define PGT_type_mask     (7ULL << 60)
#define PGT_pinned        (1ULL << 59)
#define PGT_validated     (1ULL << 58)
#define PGT_count_mask    ((1ULL << 48) - 1)

struct page_info {
    uint32_t next, prev; /* list links as frame numbers, PFN_NONE at ends */
    uint64_t count_info; /* PGC_* flags | general reference count */
    uint64_t type_info;  /* PGT_* type | type reference count */
    uint16_t owner;      /* domain id, or DOMID_NONE */
    uint8_t order;       /* buddy order of a free block (head frame) */
    uint8_t pad;
    uint32_t pad2;
};
_Static_assert(sizeof(struct page_info) == 32, "page_info is 32 bytes");

/* The frame table and its extent; set up by arch code (or a test). */
extern struct page_info *frame_table;
extern uint64_t max_pfn; /* one past the highest frame in the table */

static inline struct page_info *pfn_to_page(uint64_t pfn)
{
    return &frame_table[pfn];
}
static inline uint64_t page_to_pfn(const struct page_info *pg)
{
    return (uint64_t)(pg - frame_table);
}

/* Buddy allocator. All frames start reserved; buddy_free_range hands a
 * range of frames [start, end) to the allocator. */
void buddy_init(void);
void buddy_free_range(uint64_t start_pfn, uint64_t end_pfn);
/* Allocate 2^order contiguous, naturally aligned frames; NULL when none.
 * Below 4 GiB only, when 'low' is set (for 32-bit bootstrap users). */
struct page_info *alloc_pages(unsigned int order, bool low);
void free_pages(struct page_info *pg, unsigned int order);
uint64_t buddy_free_count(void);  /* frames currently free */
uint64_t buddy_total_count(void); /* frames ever handed to the allocator */
/* Check the allocator's internal invariants; returns 0 or -1 (tests). */
int buddy_check(void);

/* Hypervisor heap helpers on top of the buddy allocator (direct map). */
void *alloc_xen_pages(unsigned int order);
void free_xen_pages(void *va, unsigned int order);
void *alloc_xen_page_zeroed(void);

#endif
