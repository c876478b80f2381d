/* SPDX-License-Identifier: BSD-2-Clause */
/* PV memory hypercalls: mmu_update, update_va_mapping(_otherdomain) and
 * vm_assist (mmuext_op is in mmuext.c, the TLB flushes in mm_flush.c). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/m2p.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <public/xen.h>
#include "mm_hypercall.h"
#include "mm_rules.h"

struct domain *pv_pg_owner(struct domain *curr, uint16_t domid)
{
    if (likely(domid == DOMID_SELF))
        return curr;
    if (domid == curr->domain_id || domid >= DOMID_FIRST_RESERVED)
        return NULL;
    return domain_by_id(domid);
}

/* Who mmu_update acts for: page tables of pt_owner (foreigndom >> 16, minus
 * one, when set), frames of pg_owner (the low 16 bits). */
struct mmu_ctx {
    struct domain *curr, *pt_owner, *pg_owner;
    bool allowed; /* Xen's XSM_TARGET: self, or a privileged caller */
};

/* An ordinary frame of pt_owner's: Xen writes the entry as plain data
 * (with a writable type reference for the duration). */
static int mmu_write_data(domid_t d, struct page_info *pg, unsigned int idx,
                          uint64_t val)
{
    if (page_get(pg, d))
        return -EINVAL;
    if (page_get_type(pg, PGT_writable_page)) {
        page_put(pg);
        return -EINVAL;
    }
    __atomic_store_n(&pv_mm_ops.map_frame(page_to_pfn(pg))[idx], val,
                     __ATOMIC_RELAXED);
    page_put_and_type(pg);
    return 0;
}

static int mmu_pt_update(const struct mmu_ctx *c, uint64_t ptr, uint64_t val,
                         bool preserve_ad)
{
    uint64_t mfn = ptr >> PAGE_SHIFT, x;
    unsigned int idx = (unsigned int)(ptr & (PAGE_SIZE - 1)) >> 3;
    struct page_info *pg;

    if (mfn >= max_pfn)
        return -EINVAL;
    pg = pfn_to_page(mfn);
    x = pg->type_info;
    if (!pv_type_is_pt(x) || !(x & PGT_validated) || !(x & PGT_count_mask))
        return mmu_write_data(c->pt_owner->domain_id, pg, idx, val);
    /* Only L1 entries may name another domain's frames (a foreign
     * mapping, the reference taken against pg_owner): -EINVAL above L1. */
    return pv_mod_entry_foreign(c->pt_owner->domain_id, c->pg_owner->domain_id,
                                pg, idx, val, preserve_ad);
}

/* The M2P entry of a frame pg_owner owns. Xen keeps no p2m for PV
 * guests (the guest's mfn_list is its own), so d->p2m is not touched. */
static int mmu_machphys_update(const struct mmu_ctx *c, uint64_t ptr,
                               uint64_t val)
{
    uint64_t mfn = ptr >> PAGE_SHIFT;

    if (c->curr != c->pt_owner)
        return -EPERM;
    if (mfn >= max_pfn || page_get(pfn_to_page(mfn), c->pg_owner->domain_id))
        return -EINVAL;
    m2p_set(mfn, val);
    page_put(pfn_to_page(mfn));
    return 0;
}

static int mmu_update_one(const struct mmu_ctx *c, const struct mmu_update *r)
{
    unsigned int cmd = r->ptr & 7;
    uint64_t ptr = r->ptr & ~7ULL;

    if (cmd > MMU_PT_UPDATE_NO_TRANSLATE)
        return -ENOSYS;
    if (unlikely(!c->allowed))
        return -EPERM;
    if (cmd == MMU_MACHPHYS_UPDATE)
        return mmu_machphys_update(c, ptr, r->val);
    return mmu_pt_update(c, ptr, r->val, cmd == MMU_PT_UPDATE_PRESERVE_AD);
}

/* Decode foreigndom as Xen does. 0, or -ESRCH for an unknown pt_owner (1)
 * or pg_owner (2: Xen still reports pdone for that one). */
static int mmu_owners(struct mmu_ctx *c, unsigned int foreigndom)
{
    unsigned int pt_dom = foreigndom >> 16;

    c->pt_owner = c->pg_owner = c->curr;
    c->allowed = true;
    if (likely(foreigndom == DOMID_SELF))
        return 0;
    if (pt_dom) {
        if (pt_dom - 1 >= DOMID_FIRST_RESERVED ||
            !(c->pt_owner = domain_by_id((uint16_t)(pt_dom - 1))))
            return 1;
    }
    if (c->pt_owner->is_dead)
        return 1;
    c->pg_owner = pv_pg_owner(c->curr, (uint16_t)foreigndom);
    /* A destroyed domain kept for its mapped frames (a zombie) may be
     * freed by any put in this batch: it is nobody's to name any more. */
    if (!c->pg_owner || c->pg_owner->is_dead)
        return 2;
    c->allowed = c->curr->privileged ||
                 (c->pt_owner == c->curr && c->pg_owner == c->curr);
    return 0;
}

static __attribute__((noinline)) long mmu_self_slow(struct domain *d,
                                                    const struct mmu_update *r)
{
    const struct mmu_ctx c = {d, d, d, true};

    return mmu_update_one(&c, r);
}

/* A request of the caller's own. The common one, MMU_NORMAL_PT_UPDATE of
 * a validated table, goes straight to pv_mod_entry; whatever that refuses
 * with -EINVAL (it has no side effects then) and every other command take
 * the general path, which gives the full answer. */
static inline long mmu_self_request(struct domain *d,
                                    const struct mmu_update *r)
{
    uint64_t mfn = r->ptr >> PAGE_SHIFT;
    long rc;

    if (likely(!(r->ptr & 7) && mfn < max_pfn)) {
        rc = pv_mod_entry(d->domain_id, pfn_to_page(mfn),
                          (unsigned int)(r->ptr & (PAGE_SIZE - 1)) >> 3, r->val,
                          false);
        if (likely(rc != -EINVAL))
            return rc;
    }
    return mmu_self_slow(d, r);
}

/* The single request of the caller's own (one PTE), kept apart from the
 * batch loop: no preemption, no foreign domains. */
static long mmu_update_single(struct domain *d, uint64_t ureq, uint64_t pdone)
{
    struct mmu_update req;
    unsigned int done;
    long rc = -EFAULT;

    if (likely(!copy_from_guest(&req, ureq, sizeof(req)))) {
        if (likely(!pdone))
            return mmu_self_request(d, &req);
        rc = mmu_self_request(d, &req);
    } else if (!pv_addr_ok(ureq)) {
        return -EFAULT; /* Xen's upfront check: pdone untouched */
    }
    if (pdone) {
        done = !rc;
        (void)copy_to_guest(pdone, &done, sizeof(done)); /* Xen ignores it */
    }
    return rc;
}

/* Batches, foreign domains and resumed calls. Out of line, so the single
 * request does not pay for this frame. */
static __attribute__((noinline)) long
mmu_update_batch(uint64_t ureqs, unsigned int count, uint64_t pdone,
                 unsigned int foreigndom, struct cpu_regs *regs)
{
    struct mmu_ctx c = {.curr = current_domain};
    struct mmu_update req;
    unsigned int done = 0, i = 0;
    long rc = 0;
    bool self;

    if (count & MMU_UPDATE_PREEMPTED) {
        if (count == MMU_UPDATE_PREEMPTED && !ureqs)
            return (int)foreigndom; /* Xen's final-result continuation */
        count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone)
            (void)copy_from_guest(&done, pdone, sizeof(done));
    }
    if (!pv_addr_ok(ureqs))
        return -EFAULT;
    switch (mmu_owners(&c, foreigndom)) {
    case 1:
        return -ESRCH;
    case 2:
        rc = -ESRCH;
        count = 0;
        break;
    }
    self = c.pt_owner == c.curr && c.pg_owner == c.curr;
    for (; i < count; i++, ureqs += sizeof(req)) {
        if (i && hypercall_preempt_check()) {
            rc = PV_MM_PREEMPTED;
            break;
        }
        if (copy_from_guest(&req, ureqs, sizeof(req))) {
            rc = -EFAULT;
            break;
        }
        rc = self ? mmu_self_request(c.curr, &req) : mmu_update_one(&c, &req);
        if (rc)
            break;
    }
    if (rc == PV_MM_PREEMPTED)
        rc = hypercall_create_continuation(regs, __HYPERVISOR_mmu_update, ureqs,
                                           (count - i) | MMU_UPDATE_PREEMPTED,
                                           pdone, foreigndom, 0);
    if (pdone) {
        done += i;
        (void)copy_to_guest(pdone, &done, sizeof(done)); /* Xen ignores it */
    }
    return rc;
}

long do_mmu_update(uint64_t ureqs, uint64_t count, uint64_t pdone,
                   uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs)
{
    (void)unused;
    if (likely((unsigned int)count == 1 &&
               (unsigned int)foreigndom == DOMID_SELF))
        return mmu_update_single(current_domain, ureqs, pdone);
    return mmu_update_batch(ureqs, (unsigned int)count, pdone,
                            (unsigned int)foreigndom, regs);
}

/* Entry idx of table mfn, if it names a validated table of the given type
 * (and is present, not a superpage): that table's frame, else NULL. The
 * type check comes before anything reads the frame, so a racing change
 * can at worst make the walk fail, never read anything but a page table. */
static inline struct page_info *pv_walk_next(uint64_t mfn, unsigned int idx,
                                             uint64_t type)
{
    uint64_t e = __atomic_load_n((uint64_t *)__va(mfn << PAGE_SHIFT) + idx,
                                 __ATOMIC_RELAXED);
    struct page_info *pg;

    mfn = (e & PADDR_MASK) >> PAGE_SHIFT;
    if ((e & (_PAGE_PRESENT | _PAGE_PSE)) != _PAGE_PRESENT || mfn >= max_pfn)
        return NULL;
    pg = pfn_to_page(mfn);
    if ((pg->type_info & (PGT_type_mask | PGT_validated)) !=
        (type | PGT_validated))
        return NULL;
    return pg;
}

/* The L1 table that maps va in v's kernel page tables (Xen's
 * map_guest_l1e), or NULL: not a guest address, or no L1 maps it. The
 * walk starts at guest_table, a validated L4 for as long as it is the
 * base (the vCPU holds a type reference on it). */
static struct page_info *pv_find_l1(const struct vcpu *v, uint64_t va)
{
    struct page_info *pg;

    if (!pv_addr_ok(va))
        return NULL;
    pg = pv_walk_next(v->guest_table, l4_index(va), PGT_l3_page_table);
    if (pg)
        pg = pv_walk_next(page_to_pfn(pg), l3_index(va), PGT_l2_page_table);
    if (pg)
        pg = pv_walk_next(page_to_pfn(pg), l2_index(va), PGT_l1_page_table);
    return pg;
}

/* UVMF_*: flush type in bits 0-1; then UVMF_LOCAL (0), UVMF_ALL (4) or a
 * pointer to a vCPU bitmap. A bad bitmap pointer is -EFAULT after the
 * update was made, as in Xen. */
static int pv_uvmf_flush(const struct domain *d, uint64_t va, uint64_t flags)
{
    uint64_t type = flags & UVMF_FLUSHTYPE_MASK;
    uint64_t bmap = flags & ~UVMF_FLUSHTYPE_MASK;
    uint64_t mask;
    int rc = 0;

    if (type != UVMF_TLB_FLUSH && type != UVMF_INVLPG)
        return 0;
    if (likely(bmap == UVMF_LOCAL)) {
        if (type == UVMF_INVLPG)
            invlpg((const void *)va);
        else
            flush_tlb_local();
        return 0;
    }
    if (bmap == UVMF_ALL)
        mask = pv_domain_cpumask(d);
    else
        rc = pv_vcpumask_to_cpumask(d, bmap, &mask);
    pv_flush_cpus(mask, va, type == UVMF_INVLPG);
    return rc;
}

static long pv_update_va(uint64_t va, uint64_t val, uint64_t flags,
                         struct domain *pg_owner)
{
    struct vcpu *v = current_vcpu();
    struct domain *d = v->domain;
    struct page_info *l1;
    int rc;

    if (pg_owner != d && !d->privileged)
        return -EPERM;
    if (!(l1 = pv_find_l1(v, va)))
        return -EINVAL;
    rc = pv_mod_entry_foreign(d->domain_id, pg_owner->domain_id, l1,
                              l1_index(va), val, false);
    return rc ? rc : pv_uvmf_flush(d, va, flags);
}

long do_update_va_mapping(uint64_t va, uint64_t val, uint64_t flags)
{
    return pv_update_va(va, val, flags, current_domain);
}

long do_update_va_mapping_otherdomain(uint64_t va, uint64_t val, uint64_t flags,
                                      uint64_t domid)
{
    struct domain *pg_owner = pv_pg_owner(current_domain, (uint16_t)domid);

    return pg_owner ? pv_update_va(va, val, flags, pg_owner) : -ESRCH;
}

/* What Xen 4.17 accepts from a 64-bit PV guest (PV64_VM_ASSIST_MASK). The
 * bits are only recorded: none changes Basalt's behaviour yet. */
#define PV_VM_ASSIST_VALID                                                     \
    ((1ULL << VMASST_TYPE_4gb_segments) |                                      \
     (1ULL << VMASST_TYPE_4gb_segments_notify) |                               \
     (1ULL << VMASST_TYPE_writable_pagetables) |                               \
     (1ULL << VMASST_TYPE_pae_extended_cr3) |                                  \
     (1ULL << VMASST_TYPE_architectural_iopl) |                                \
     (1ULL << VMASST_TYPE_runstate_update_flag) |                              \
     (1ULL << VMASST_TYPE_m2p_strict))

long do_vm_assist(uint64_t cmd64, uint64_t type64)
{
    unsigned int cmd = (unsigned int)cmd64, type = (unsigned int)type64;
    struct domain *d = current_domain;

    if (type >= 64 || !((PV_VM_ASSIST_VALID >> type) & 1))
        return -EINVAL;
    switch (cmd) {
    case VMASST_CMD_enable:
        __atomic_fetch_or(&d->vm_assist, 1ULL << type, __ATOMIC_RELAXED);
        return 0;
    case VMASST_CMD_disable:
        __atomic_fetch_and(&d->vm_assist, ~(1ULL << type), __ATOMIC_RELAXED);
        return 0;
    }
    return -ENOSYS;
}
