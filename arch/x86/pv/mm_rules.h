/* SPDX-License-Identifier: BSD-2-Clause */
/* Between the PV type rules (mm_rules.c) and table validation (mm_validate.c).
 */
#ifndef PV_MM_RULES_H
#define PV_MM_RULES_H

#include <asm/pv_mm.h>

/* The page-table level of a type: PGT_ln_page_table is n << 60. */
static inline unsigned int pv_type_level(uint64_t type)
{
    return (unsigned int)((type & PGT_type_mask) >> 60);
}

static inline bool pv_type_is_pt(uint64_t type)
{
    unsigned int level = pv_type_level(type);

    return level >= 1 && level <= 4;
}

/* Take the references of every entry of a frame that has just been given
 * page-table type 'type' (count 1, not yet validated). On failure nothing is
 * left held. L4s get the hypervisor slots written on success. */
int pv_validate_table(struct page_info *pg, uint64_t type);
/* Drop the references a validated table's entries hold. */
void pv_devalidate_table(struct page_info *pg, uint64_t type);
/* pg points at an entry of the frame table. */
static inline bool pv_page_in_table(const struct page_info *pg)
{
    uintptr_t off = (uintptr_t)pg - (uintptr_t)frame_table;

    return (uintptr_t)pg >= (uintptr_t)frame_table && off % sizeof(*pg) == 0 &&
           off / sizeof(*pg) < max_pfn;
}

/*
 * The rules of page_get/page_put/page_get_type/page_put_type, inline: the
 * mmu_update path takes and drops several references per entry, and a
 * call each was a fifth of its cost. mm_rules.c's functions are these;
 * the rare cases (a first type reference, which validates, and a last
 * reference, which frees or devalidates) stay out of line there.
 */
static inline int page_get_inline(struct page_info *pg, domid_t d)
{
    uint64_t x = pg->count_info;

    if (pg->owner != d)
        return -EPERM;
    /* An allocated frame always holds its allocation reference, so a count
     * of 0 here means a frame in the middle of being freed. */
    if (!(x & PGC_allocated) || !(x & PGC_count_mask))
        return -EINVAL;
    if ((x & PGC_count_mask) == PGC_count_mask)
        return -EINVAL;
    pg->count_info = x + 1;
    return 0;
}

void page_put_last(struct page_info *pg, uint64_t x);

static inline void page_put_inline(struct page_info *pg)
{
    uint64_t x = pg->count_info;

    BUG_ON(!(x & PGC_count_mask));
    pg->count_info = --x;
    if (unlikely(!(x & PGC_count_mask)))
        page_put_last(pg, x);
}

int page_first_type_ref(struct page_info *pg, uint64_t type);

static inline int page_get_type_inline(struct page_info *pg, uint64_t type)
{
    uint64_t x = pg->type_info;
    uint64_t count = x & PGT_count_mask;

    BUG_ON(type != PGT_writable_page && type != PGT_seg_desc_page &&
           !pv_type_is_pt(type));
    if (count == PGT_count_mask)
        return -EINVAL;
    /* The common first reference: a frame that was writable last time
     * becomes writable again (no type change, so no flush, and nothing
     * to validate; page_first_type_ref does the same). */
    if (!count && type == PGT_writable_page &&
        (x & PGT_type_mask) == PGT_writable_page) {
        pg->type_info = type | PGT_validated | 1;
        return 0;
    }
    if (!count)
        return page_first_type_ref(pg, type);
    if ((x & PGT_type_mask) != type)
        return -EINVAL;
    /* Only a reference loop reaches a frame mid-validation (one CPU). */
    if (!(x & PGT_validated))
        return -EINVAL;
    pg->type_info = x + 1;
    return 0;
}

void page_put_last_type(struct page_info *pg, uint64_t x);

static inline void page_put_type_inline(struct page_info *pg)
{
    uint64_t x = pg->type_info;

    BUG_ON(!(x & PGT_count_mask));
    /* The last reference of a page table (devalidation) or of a pinned
     * frame (a bug) goes out of line; a writable frame just drops it. */
    if ((x & PGT_count_mask) == 1 && (pv_type_is_pt(x) || (x & PGT_pinned))) {
        page_put_last_type(pg, x);
        return;
    }
    pg->type_info = x - 1;
}

#endif
