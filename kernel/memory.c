/* SPDX-License-Identifier: BSD-2-Clause */
/* memory_op: reservations (increase, decrease, populate_physmap), the
 * domain's page counts, and dispatch to the arch's memory-map queries. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <asm/guest_access.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/paging.h>
#include <asm/pv_mm.h>
#include <public/memory.h>

#define MEMOP_DOMU_MAX_ORDER 9 /* Xen's CONFIG_DOMU_MAX_ORDER: 2 MiB */

/* One reservation call, as Xen's struct memop_args. */
struct memop_args {
    struct domain *d;
    uint64_t list;           /* guest array of xen_pfn_t, 0 = none */
    unsigned int nr_extents; /* fits: checked against the continuation */
    unsigned int order;
    bool low;           /* address_bits asks for frames below 4 GiB */
    uint64_t limit_pfn; /* and below this frame */
    bool pod;           /* XENMEMF_populate_on_demand */
    unsigned int done;  /* extents processed, in and out */
    bool preempted;
};

/* The largest extent the caller may ask for (Xen's max_order()). */
static unsigned int memop_max_order(void)
{
    return current_domain->privileged ? MAX_ORDER : MEMOP_DOMU_MAX_ORDER;
}

/* Xen checks only where a guest array starts: every element is still
 * copied through the guest-access gate, which checks it fully. */
static bool memop_addr_ok(uint64_t va)
{
    return guest_range_ok(va, 1);
}

/* The domain a memory_op names: the caller, or any domain for a
 * privileged caller. -ESRCH: none; -EPERM: not the caller's to touch. */
static int memop_target(uint16_t domid, struct domain **out)
{
    struct domain *d = domain_by_id(domid);

    if (!d)
        return -ESRCH;
    if (d != current_domain && !current_domain->privileged)
        return -EPERM;
    *out = d;
    return 0;
}

static uint64_t memop_p2m_entries(const struct domain *d)
{
    return d->p2m ? (PAGE_SIZE << d->p2m_order) / sizeof(uint64_t) : 0;
}

/* The guest-visible M2P, and our p2m view where it reaches. */
static void memop_physmap_add(struct domain *d, uint64_t gpfn, uint64_t mfn)
{
    m2p_set(mfn, gpfn);
    if (gpfn < memop_p2m_entries(d))
        d->p2m[gpfn] = mfn;
}

static void memop_p2m_forget(struct domain *d, uint64_t mfn)
{
    uint64_t gpfn = m2p_get(mfn);

    if (gpfn < memop_p2m_entries(d) && d->p2m[gpfn] == mfn)
        d->p2m[gpfn] = M2P_INVALID;
}

/* 2^order new frames for the domain: zeroed, owned, with the allocation
 * reference, their M2P entries invalid. NULL when it is at max_pages or memory
 * (below the address limit) is short. */
static struct page_info *memop_alloc(const struct memop_args *a)
{
    struct domain *d = a->d;
    uint64_t n = 1ULL << a->order, mfn;
    struct page_info *pg;

    /* No new frames for a domain being destroyed (Xen's assign_pages). */
    if (d->is_dying || d->nr_pages > d->max_pages ||
        n > d->max_pages - d->nr_pages)
        return NULL;
    pg = alloc_pages(a->order, a->low);
    if (!pg)
        return NULL;
    mfn = page_to_pfn(pg);
    if (mfn + n > a->limit_pfn ||
        !directmap_covers(mfn << PAGE_SHIFT, n << PAGE_SHIFT)) {
        free_pages(pg, a->order);
        return NULL;
    }
    memset(__va(mfn << PAGE_SHIFT), 0, n << PAGE_SHIFT);
    for (uint64_t i = 0; i < n; i++) {
        pg[i].owner = d->domain_id;
        pg[i].count_info = PGC_allocated | 1;
        pg[i].type_info = 0;
        m2p_set(mfn + i, M2P_INVALID);
    }
    d->nr_pages += n;
    return pg;
}

/* An extent the guest never learnt the number of goes straight back (Xen
 * leaves it with the domain, where nobody can find it). */
static void memop_unalloc(struct domain *d, struct page_info *pg,
                          unsigned int order)
{
    for (uint64_t i = 0; i < (1ULL << order); i++) {
        memop_p2m_forget(d, page_to_pfn(&pg[i]));
        m2p_set(page_to_pfn(&pg[i]), M2P_INVALID);
        pg[i].count_info = 0;
        pg[i].owner = DOMID_NONE;
    }
    free_pages(pg, order);
    d->nr_pages -= 1ULL << order;
}

void memory_free_domain_page(struct page_info *pg)
{
    struct domain *d = NULL;

    if (pg->owner < PV_DOMID_FIRST_RESERVED)
        d = domain_by_id(pg->owner);
    /* A hypervisor page shared with the guest is not the guest's to free
     * (Xen only unlists it): its owner frees it, e.g. gnttab_destroy, or
     * a destroyed domain once its last such page is unmapped. */
    if (pg->count_info & PGC_xen_heap) {
        if (d && d->is_dead)
            domain_release_check(d);
        return;
    }
    /* A guest may hold a stale translation (it unmapped without a
     * flush): gone before the frame can be anyone else's. */
    if (pv_mm_ops.flush_tlb)
        pv_mm_ops.flush_tlb(pg);
    if (d && d->nr_pages)
        d->nr_pages--;
    m2p_set(page_to_pfn(pg), M2P_INVALID);
    pg->owner = DOMID_NONE;
    free_pages(pg, 0);
    /* A destroyed domain lives on while others map its frames. */
    if (d && d->is_dead)
        domain_release_check(d);
}

static void memop_increase(struct memop_args *a)
{
    unsigned int i;

    if ((a->list && !memop_addr_ok(a->list + a->done * 8ULL)) ||
        a->order > memop_max_order())
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        struct page_info *pg;
        uint64_t mfn;

        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        if (!(pg = memop_alloc(a)))
            break;
        mfn = page_to_pfn(pg);
        if (a->list && copy_to_guest(a->list + i * 8ULL, &mfn, 8)) {
            memop_unalloc(a->d, pg, a->order);
            break;
        }
    }
    a->done = i;
}

/* For PV the guest passes pfns and gets the new frames' numbers back in
 * the same slots; the M2P says which pfn each frame now backs. */
static bool memop_populate_one(struct memop_args *a, unsigned int i)
{
    uint64_t slot = a->list + i * 8ULL, gpfn, mfn;
    struct page_info *pg;

    /* Populate-on-demand needs a translated guest: never for PV. */
    if (copy_from_guest(&gpfn, slot, 8) || a->pod || !(pg = memop_alloc(a)))
        return false;
    mfn = page_to_pfn(pg);
    for (uint64_t j = 0; j < (1ULL << a->order); j++)
        memop_physmap_add(a->d, gpfn + j, mfn + j);
    if (copy_to_guest(slot, &mfn, 8)) {
        memop_unalloc(a->d, pg, a->order);
        return false;
    }
    return true;
}

static void memop_populate(struct memop_args *a)
{
    unsigned int i;

    if (!memop_addr_ok(a->list + a->done * 8ULL) ||
        a->order > memop_max_order())
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        if (!memop_populate_one(a, i))
            break;
    }
    a->done = i;
}

/*
 * Hypervisor pages shared with a guest (shared_info, grant frames) are
 * the guest's to map, never to give back: their last reference must not
 * reach the allocator through the guest's count. Xen accepts them and
 * drops only the allocation reference; Basalt refuses.
 */
static bool memop_frame_kept(const struct domain *d, const struct page_info *pg,
                             uint64_t mfn)
{
    return (pg->count_info & PGC_xen_heap) ||
           (d->shared_info && mfn == __pa(d->shared_info) >> PAGE_SHIFT);
}

/*
 * Xen's guest_remove_page for PV (gmfn = mfn): the frame must be the
 * domain's and in use. Its pin goes, then its allocation reference; the
 * frame is freed now if nothing else holds it, else when the last mapping
 * or type reference goes (it stays owned and counted until then). A frame
 * given back already but still mapped is a success with nothing to do.
 */
static int memop_remove_page(struct memop_args *a, uint64_t mfn)
{
    struct domain *d = a->d;
    struct page_info *pg;

    if (mfn >= max_pfn)
        return -EINVAL;
    pg = pfn_to_page(mfn);
    if (memop_frame_kept(d, pg, mfn) || pg->owner != d->domain_id ||
        !(pg->count_info & PGC_count_mask))
        return -EPERM;
    if (!(pg->count_info & PGC_allocated))
        return 0;
    if (page_get(pg, d->domain_id))
        return -EPERM;
    if (pg->type_info & PGT_pinned) {
        pg->type_info &= ~PGT_pinned;
        page_put_and_type(pg);
    }
    memop_p2m_forget(d, mfn);
    page_drop_allocation(pg);
    if ((pg->count_info & PGC_count_mask) != 1) {
        page_put(pg); /* still in use: freed by the last put */
        return 0;
    }
    BUG_ON(pg->type_info & PGT_count_mask);
    pg->count_info = 0;
    memory_free_domain_page(pg);
    return 0;
}

static void memop_decrease(struct memop_args *a)
{
    unsigned int i;
    uint64_t gmfn;

    if (!memop_addr_ok(a->list + a->done * 8ULL) ||
        a->order > memop_max_order())
        return;
    for (i = a->done; i < a->nr_extents; i++) {
        if (i != a->done && hypercall_preempt_check()) {
            a->preempted = true;
            break;
        }
        if (copy_from_guest(&gmfn, a->list + i * 8ULL, 8))
            break;
        for (uint64_t j = 0; j < (1ULL << a->order); j++)
            if (memop_remove_page(a, gmfn + j))
                goto out;
    }
out:
    a->done = i;
}

/* mem_flags: the address width the frames must fit (Xen's MEMF_bits);
 * false if no frame can. Node flags are accepted and ignored: one node. */
static bool memop_flags(struct memop_args *a, unsigned int mem_flags)
{
    unsigned int bits = XENMEMF_get_address_bits(mem_flags);

    a->limit_pfn = UINT64_MAX;
    a->low = false;
    if (!bits || bits >= 64)
        return true;
    if (bits <= PAGE_SHIFT)
        return false;
    if ((1ULL << (bits - PAGE_SHIFT)) >= max_pfn)
        return true; /* wide enough for all memory: no limit */
    a->limit_pfn = 1ULL << (bits - PAGE_SHIFT);
    a->low = bits <= 32;
    return true;
}

/*
 * increase_reservation, decrease_reservation, populate_physmap. Failures
 * return the extents done so far, as Xen does; start is the continuation's
 * resume point from cmd's high bits.
 */
static long memop_reservation(unsigned int op, uint64_t start, uint64_t arg,
                              bool *preempted)
{
    struct xen_memory_reservation r;
    struct memop_args a = {0};

    if (copy_from_guest(&r, arg, sizeof(r)) ||
        r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
        start >= r.nr_extents || memop_target(r.domid, &a.d) ||
        !memop_flags(&a, r.mem_flags))
        return (long)start;
    a.list = (uint64_t)r.extent_start.p;
    a.nr_extents = (unsigned int)r.nr_extents;
    a.order = r.extent_order;
    a.done = (unsigned int)start;
    a.pod = op == XENMEM_populate_physmap &&
            (r.mem_flags & XENMEMF_populate_on_demand);
    if (op == XENMEM_increase_reservation)
        memop_increase(&a);
    else if (op == XENMEM_decrease_reservation)
        memop_decrease(&a);
    else
        memop_populate(&a);
    *preempted = a.preempted;
    return a.done;
}

/* maximum_gpfn for PV: the guest keeps max_pfn (a count) in shared_info. */
static long memop_max_gpfn(const struct domain *d)
{
    uint64_t max =
        ((volatile struct shared_info *)d->shared_info)->arch.max_pfn;

    return (long)((max ? max : 1) - 1);
}

/* current_reservation, maximum_reservation, maximum_gpfn: arg -> domid. */
static long memop_stat(unsigned int op, uint64_t arg)
{
    struct domain *d;
    uint16_t domid;
    int rc;

    if (copy_from_guest(&domid, arg, sizeof(domid)))
        return -EFAULT;
    if ((rc = memop_target(domid, &d)))
        return rc;
    if (op == XENMEM_current_reservation)
        return (long)d->nr_pages;
    if (op == XENMEM_maximum_reservation)
        return (long)d->max_pages;
    return memop_max_gpfn(d);
}

long do_memory_op(uint64_t cmd, uint64_t arg, uint64_t a3, uint64_t a4,
                  uint64_t a5, struct cpu_regs *regs)
{
    unsigned int op = cmd & MEMOP_CMD_MASK;
    uint64_t start = cmd >> MEMOP_EXTENT_SHIFT;
    bool preempted = false;
    long rc;

    switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
        rc = memop_reservation(op, start, arg, &preempted);
        if (!preempted)
            return rc;
        return hypercall_create_continuation(
            regs, __HYPERVISOR_memory_op,
            op | ((uint64_t)rc << MEMOP_EXTENT_SHIFT), arg, a3, a4, a5);
    case XENMEM_maximum_ram_page:
        return start ? -EINVAL : (long)max_pfn;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
        return start ? -EINVAL : memop_stat(op, arg);
    case XENMEM_exchange: /* not yet: comes with device DMA for dom0 */
        return start ? -EINVAL : -ENOSYS;
    default:
        return arch_memory_op(cmd, arg);
    }
}
