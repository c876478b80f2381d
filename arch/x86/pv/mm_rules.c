/* SPDX-License-Identifier: BSD-2-Clause */
/* PV frame rules: general references, frame types, pinning (Xen's model). */
#include <basalt/errno.h>
#include <basalt/lib.h>
#include "mm_rules.h"

struct pv_mm_ops pv_mm_ops;

static const uint64_t pv_level_type[5] = {
    PGT_none,          PGT_l1_page_table, PGT_l2_page_table,
    PGT_l3_page_table, PGT_l4_page_table,
};

int page_get(struct page_info *pg, domid_t d)
{
    return page_get_inline(pg, d);
}

/* page_put's rare case: the count reached 0 (x). */
void page_put_last(struct page_info *pg, uint64_t x)
{
    /* The allocation reference is counted: reaching 0 with PGC_allocated
     * still set would mean a reference was dropped twice. */
    BUG_ON(x & PGC_allocated);
    BUG_ON(pg->type_info & PGT_count_mask);
    pv_mm_ops.free_page(pg);
}

void page_put(struct page_info *pg)
{
    page_put_inline(pg);
}

void page_drop_allocation(struct page_info *pg)
{
    if (!(pg->count_info & PGC_allocated))
        return;
    pg->count_info &= ~PGC_allocated;
    page_put(pg);
}

static int page_validate(struct page_info *pg, uint64_t type)
{
    if (type == PGT_seg_desc_page) {
        if (!pv_mm_ops.check_seg_desc)
            return -EINVAL;
        return pv_mm_ops.check_seg_desc(pv_mm_ops.map_frame(page_to_pfn(pg)));
    }
    return pv_validate_table(pg, type);
}

/* The type count goes 0 -> 1: the frame may take a new type. */
int page_first_type_ref(struct page_info *pg, uint64_t type)
{
    uint64_t old = pg->type_info;
    int rc;

    if ((old & PGT_type_mask) != type && (old & PGT_type_mask) != PGT_none &&
        pv_mm_ops.flush_tlb)
        pv_mm_ops.flush_tlb(pg);
    if (type == PGT_writable_page) {
        pg->type_info = type | PGT_validated | 1;
        return 0;
    }
    /* Type set, count 1, not validated: "validation in progress". A
     * reference loop back to this frame asks for another type (conflict) or
     * finds it unvalidated, and fails instead of recursing forever. */
    pg->type_info = type | 1;
    rc = page_validate(pg, type);
    if (rc) {
        pg->type_info = old;
        return rc;
    }
    pg->type_info |= PGT_validated;
    return 0;
}

int page_get_type(struct page_info *pg, uint64_t type)
{
    return page_get_type_inline(pg, type);
}

/* page_put_type's rare case: the last type reference (x = type_info). */
void page_put_last_type(struct page_info *pg, uint64_t x)
{
    BUG_ON(x & PGT_pinned);
    if (pv_type_is_pt(x)) {
        BUG_ON(!(x & PGT_validated));
        /* Unvalidated while its entries' references go, so nothing
         * can take a new reference to the half-torn-down table. */
        x &= ~PGT_validated;
        pg->type_info = x;
        pv_devalidate_table(pg, x & PGT_type_mask);
    }
    pg->type_info = x - 1;
}

void page_put_type(struct page_info *pg)
{
    page_put_type_inline(pg);
}

int page_get_and_type(struct page_info *pg, domid_t d, uint64_t type)
{
    int rc = page_get(pg, d);

    if (rc)
        return rc;
    rc = page_get_type(pg, type);
    if (rc)
        page_put(pg);
    return rc;
}

void page_put_and_type(struct page_info *pg)
{
    page_put_type(pg);
    page_put(pg);
}

int pv_pin_table(domid_t d, struct page_info *pg, unsigned int level)
{
    int rc;

    if (level < 1 || level > 4 || d >= PV_DOMID_FIRST_RESERVED ||
        !pv_page_in_table(pg))
        return -EINVAL;
    if (page_get(pg, d))
        return -EINVAL;
    rc = page_get_type(pg, pv_level_type[level]);
    if (rc) {
        page_put(pg);
        return rc;
    }
    /* Pinning is not counted: a second pin fails (and drops what it took). */
    if (pg->type_info & PGT_pinned) {
        page_put_and_type(pg);
        return -EINVAL;
    }
    pg->type_info |= PGT_pinned;
    return 0;
}

int pv_unpin_table(domid_t d, struct page_info *pg)
{
    if (d >= PV_DOMID_FIRST_RESERVED || !pv_page_in_table(pg))
        return -EINVAL;
    /* Our own reference keeps the frame alive while the pin's goes. */
    if (page_get(pg, d))
        return -EINVAL;
    if (!(pg->type_info & PGT_pinned)) {
        page_put(pg);
        return -EINVAL;
    }
    pg->type_info &= ~PGT_pinned;
    page_put_and_type(pg);
    page_put(pg);
    return 0;
}
