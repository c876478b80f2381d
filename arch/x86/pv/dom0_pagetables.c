/* SPDX-License-Identifier: BSD-2-Clause */
/* dom0's bootstrap page tables: built in frames inside its own region, as
 * the PV start-of-day contract says, then validated like any guest's. */
#include <basalt/lib.h>
#include <basalt/mm.h>
#include <asm/page.h>
#include "dom0.h"

#define L1_FLAGS (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define LN_FLAGS (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

static uint64_t span(uint64_t s, uint64_t e, unsigned int shift)
{
    return ((e - 1) >> shift) - (s >> shift) + 1;
}

uint64_t dom0_pt_frames_needed(uint64_t v_start, uint64_t v_end)
{
    return 1 + span(v_start, v_end, 39) + span(v_start, v_end, 30) +
           span(v_start, v_end, 21);
}

struct pt_builder {
    struct domain *d;
    const struct dom0_layout *l;
    uint64_t next_va; /* next unused page-table frame (guest-virtual) */
};

static uint64_t *pt_frame(struct pt_builder *b, uint64_t va)
{
    return __va(dom0_va_to_maddr(b->d, b->l, va) & PADDR_MASK);
}

/* The table under entry 'idx' of 'table', taking the next frame if new. */
static uint64_t *pt_child(struct pt_builder *b, uint64_t *table,
                          unsigned int idx)
{
    if (!(table[idx] & _PAGE_PRESENT)) {
        uint64_t va = b->next_va;
        b->next_va += PAGE_SIZE;
        BUG_ON(b->next_va > b->l->pt_start + b->l->nr_pt_frames * PAGE_SIZE);
        table[idx] = (dom0_va_to_maddr(b->d, b->l, va) & PADDR_MASK) | LN_FLAGS;
    }
    return __va(table[idx] & PADDR_MASK);
}

uint64_t dom0_build_page_tables(struct domain *d, const struct dom0_layout *l)
{
    struct pt_builder b = {d, l, l->pt_start + PAGE_SIZE};
    uint64_t *l4 = pt_frame(&b, l->pt_start);
    uint64_t pt_end = l->pt_start + l->nr_pt_frames * PAGE_SIZE;
    for (uint64_t va = l->v_start; va < l->v_end; va += PAGE_SIZE) {
        uint64_t *l3 = pt_child(&b, l4, l4_index(va));
        uint64_t *l2 = pt_child(&b, l3, l3_index(va));
        uint64_t *l1 = pt_child(&b, l2, l2_index(va));
        bool is_pt = va >= l->pt_start && va < pt_end;
        l1[l1_index(va)] = (dom0_va_to_maddr(d, l, va) & PADDR_MASK) |
                           L1_FLAGS | (is_pt ? 0 : _PAGE_RW);
    }
    return dom0_va_to_maddr(d, l, l->pt_start) >> PAGE_SHIFT;
}
