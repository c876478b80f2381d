/* SPDX-License-Identifier: BSD-2-Clause */
/* PV page-table validation and entry updates (Xen's get_page_from_lNe,
 * promote/demote_lN_table, mod_lN_entry). */
#include <basalt/errno.h>
#include <basalt/lib.h>
#include <asm/page.h>
#include "mm_rules.h"

#define PTE_AVAIL      0x0000000000000e00ULL /* bits 9-11 */
#define PTE_AVAIL_HIGH 0x7ff0000000000000ULL /* bits 52-62 */
#define PTE_AD         (_PAGE_ACCESSED | _PAGE_DIRTY)

/* Xen's base_disallow_mask, inverted: what a PV guest may set in any entry.
 * Not allowed: PWT/PCD/PAT (cache attributes need I/O rights, none yet),
 * PSE (no superpages for PV), GLOBAL outside L1. */
#define PV_BASE_ALLOWED                                                        \
    (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | PTE_AD | PTE_AVAIL |              \
     PTE_AVAIL_HIGH | _PAGE_NX)
#define PV_L1_ALLOWED (PV_BASE_ALLOWED | _PAGE_GLOBAL)
/* Flags a guest may change in place without new references (Xen's
 * FASTPATH_FLAG_WHITELIST). */
#define PV_FASTPATH_FLAGS                                                      \
    (_PAGE_NX | PTE_AVAIL_HIGH | PTE_AVAIL | _PAGE_GLOBAL | PTE_AD | _PAGE_USER)

static inline uint64_t pte_pfn(uint64_t e)
{
    return (e & PADDR_MASK) >> PAGE_SHIFT;
}

static inline bool pte_present(uint64_t e)
{
    return e & _PAGE_PRESENT;
}

static inline bool pte_bad_flags(uint64_t e, unsigned int level)
{
    uint64_t allowed = level == 1 ? PV_L1_ALLOWED : PV_BASE_ALLOWED;

    return (e & ~PADDR_MASK & ~allowed) != 0;
}

static inline bool pv_hv_slot(unsigned int level, unsigned int idx)
{
    return level == 4 && idx >= HYPERVISOR_L4_FIRST &&
           idx <= HYPERVISOR_L4_LAST;
}

static inline uint64_t pte_read(const uint64_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

/* A leaf: a general reference, plus a writable type reference for RW. */
static int pv_get_l1e(uint64_t e, domid_t d)
{
    uint64_t pfn = pte_pfn(e);
    struct page_info *pg;

    /* Beyond the frame table is MMIO: no domain has I/O rights yet. */
    if (pfn >= max_pfn)
        return -EPERM;
    pg = pfn_to_page(pfn);
    /* Foreign, hypervisor-owned and free frames: Xen's "could not pin". */
    if (page_get_inline(pg, d))
        return -EBUSY;
    if ((e & _PAGE_RW) && page_get_type_inline(pg, PGT_writable_page)) {
        page_put_inline(pg);
        return -EBUSY;
    }
    return 0;
}

/* Take the references one present entry of a level-'level' table needs. */
static int pv_get_entry(uint64_t e, unsigned int level, uint64_t self_pfn,
                        domid_t d)
{
    uint64_t pfn = pte_pfn(e);
    struct page_info *pg;
    int rc;

    if (pte_bad_flags(e, level))
        return -EINVAL;
    if (level == 1)
        return pv_get_l1e(e, d);
    /* Linear (self) mappings are refused outright: simpler than Xen's
     * read-only linear page tables. The type rule refuses them as well (the
     * table would need a second type); this says so where it matters. */
    if (pfn >= max_pfn || pfn == self_pfn)
        return -EINVAL;
    pg = pfn_to_page(pfn);
    if (page_get_inline(pg, d))
        return -EINVAL;
    rc = page_get_type_inline(pg, (uint64_t)(level - 1) << 60); /* L(level-1) */
    if (rc)
        page_put_inline(pg);
    return rc;
}

/* Drop what pv_get_entry took for an entry that was accepted. */
static void pv_put_entry(uint64_t e, unsigned int level)
{
    struct page_info *pg;

    if (!pte_present(e))
        return;
    pg = pfn_to_page(pte_pfn(e));
    if (level > 1 || (e & _PAGE_RW))
        page_put_type_inline(pg);
    page_put_inline(pg);
}

/* A guest value in a hypervisor slot is tolerated only if it is absent or
 * already the hypervisor's (a revalidated L4 carries them; the CPU may have
 * set A/D since). It is overwritten either way. */
static int pv_check_hv_slot(uint64_t e, unsigned int idx)
{
    uint64_t hv = pv_mm_ops.hv_l4_entries[idx - HYPERVISOR_L4_FIRST];

    if (!pte_present(e) || !((e ^ hv) & ~PTE_AD))
        return 0;
    return -EINVAL;
}

/* Guest kernel and user both run in ring 3, so like Xen (adjust_guest_
 * lNe) every present entry of a 64-bit PV table gets _PAGE_USER. */
static inline void pv_adjust_user(uint64_t *p, uint64_t e)
{
    if ((e & (_PAGE_PRESENT | _PAGE_USER)) == _PAGE_PRESENT)
        __atomic_fetch_or(p, _PAGE_USER, __ATOMIC_RELAXED);
}

static void pv_put_entries(const uint64_t *t, unsigned int level,
                           unsigned int n)
{
    for (unsigned int i = 0; i < n; i++)
        if (!pv_hv_slot(level, i))
            pv_put_entry(pte_read(&t[i]), level);
}

static void pv_install_hv_slots(uint64_t *t)
{
    for (unsigned int i = 0; i < PV_L4_HV_SLOTS; i++)
        __atomic_store_n(&t[HYPERVISOR_L4_FIRST + i],
                         pv_mm_ops.hv_l4_entries[i], __ATOMIC_RELAXED);
}

int pv_validate_table(struct page_info *pg, uint64_t type)
{
    unsigned int level = pv_type_level(type);
    uint64_t pfn = page_to_pfn(pg);
    uint64_t *t = pv_mm_ops.map_frame(pfn);
    int rc = 0;

    for (unsigned int i = 0; i < PV_PT_ENTRIES; i++) {
        uint64_t e = pte_read(&t[i]);

        if (pv_hv_slot(level, i))
            rc = pv_check_hv_slot(e, i);
        else if (pte_present(e))
            rc = pv_get_entry(e, level, pfn, pg->owner);
        if (rc) {
            /* No leaks: everything the earlier entries took goes back. */
            pv_put_entries(t, level, i);
            return rc;
        }
    }
    /* Only now, so that a refused table is left exactly as it was. */
    for (unsigned int i = 0; i < PV_PT_ENTRIES; i++)
        if (!pv_hv_slot(level, i))
            pv_adjust_user(&t[i], pte_read(&t[i]));
    if (level == 4)
        pv_install_hv_slots(t);
    return 0;
}

void pv_devalidate_table(struct page_info *pg, uint64_t type)
{
    pv_put_entries(pv_mm_ops.map_frame(page_to_pfn(pg)), pv_type_level(type),
                   PV_PT_ENTRIES);
}

/* One 64-bit store; returns the value it replaced. With preserve_ad the
 * A/D bits the CPU may be setting meanwhile are carried over. */
static uint64_t pv_write_entry(uint64_t *p, uint64_t old, uint64_t val,
                               bool preserve_ad)
{
    uint64_t cur = old;

    if (!preserve_ad)
        return __atomic_exchange_n(p, val, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(p, &cur, val | (cur & PTE_AD), false,
                                        __ATOMIC_RELAXED, __ATOMIC_RELAXED))
        /* Only the CPU's A/D updates may race with us (one vCPU). */
        BUG_ON((cur ^ old) & ~PTE_AD);
    return cur;
}

/* d owns the table; the new entry's target must be pg_d's (another
 * domain only in an L1: a foreign mapping). */
static int pv_mod_held(domid_t d, domid_t pg_d, struct page_info *table,
                       unsigned int idx, uint64_t val, bool preserve_ad)
{
    uint64_t x = table->type_info, pfn = page_to_pfn(table);
    unsigned int level = pv_type_level(x);
    uint64_t *p, old;
    int rc;

    if (!pv_type_is_pt(x) || !(x & PGT_validated) || !(x & PGT_count_mask))
        return -EINVAL;
    if (pv_hv_slot(level, idx) || (pg_d != d && level != 1))
        return -EINVAL;
    p = &pv_mm_ops.map_frame(pfn)[idx];
    old = pte_read(p);
    if (pte_present(val)) {
        if (pte_bad_flags(val, level))
            return -EINVAL;
        val |= _PAGE_USER; /* see pv_adjust_user */
        /* Same target, same rights: the references stay as they are. */
        if (pte_present(old) && !((old ^ val) & ~PV_FASTPATH_FLAGS)) {
            pv_write_entry(p, old, val, preserve_ad);
            return 0;
        }
        rc = pv_get_entry(val, level, pfn, pg_d);
        if (rc)
            return rc;
    }
    old = pv_write_entry(p, old, val, preserve_ad);
    pv_put_entry(old, level);
    return 0;
}

int pv_mod_entry_foreign(domid_t d, domid_t pg_d, struct page_info *table,
                         unsigned int idx, uint64_t new_val, bool preserve_ad)
{
    int rc;

    if (idx >= PV_PT_ENTRIES || d >= PV_DOMID_FIRST_RESERVED ||
        pg_d >= PV_DOMID_FIRST_RESERVED || !pv_page_in_table(table))
        return -EINVAL;
    /* Held across the update: dropping the old entry must not free the
     * table under us. */
    if (page_get_inline(table, d))
        return -EINVAL;
    rc = pv_mod_held(d, pg_d, table, idx, new_val, preserve_ad);
    page_put_inline(table);
    return rc;
}

int pv_mod_entry(domid_t d, struct page_info *table, unsigned int idx,
                 uint64_t new_val, bool preserve_ad)
{
    return pv_mod_entry_foreign(d, d, table, idx, new_val, preserve_ad);
}
