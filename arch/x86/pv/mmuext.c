/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_mmuext_op: pinning, page-table bases, TLB and cache flushes,
 * the LDT, clearing and copying pages (Xen's do_mmuext_op). */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <asm/smp.h>
#include <public/xen.h>
#include "mm_hypercall.h"

#define LDT_MAX_ENTS 8192 /* 64 KiB of descriptors */
/* Commands that only ever act on the caller itself: -EPERM with a foreign
 * domain (MMUEXT_TLB_FLUSH_LOCAL is checked on its own fast path). */
#define MMUEXT_SELF_CMDS                                                       \
    (1U << MMUEXT_NEW_BASEPTR | 1U << MMUEXT_NEW_USER_BASEPTR |                \
     1U << MMUEXT_INVLPG_LOCAL | 1U << MMUEXT_TLB_FLUSH_MULTI |                \
     1U << MMUEXT_INVLPG_MULTI | 1U << MMUEXT_TLB_FLUSH_ALL |                  \
     1U << MMUEXT_INVLPG_ALL | 1U << MMUEXT_FLUSH_CACHE |                      \
     1U << MMUEXT_FLUSH_CACHE_GLOBAL | 1U << MMUEXT_SET_LDT)

struct mmuext_ctx {
    struct vcpu *v;
    struct domain *curr, *owner; /* owner: foreigndom's domain */
};

static struct page_info *mmuext_page(uint64_t mfn)
{
    return mfn < max_pfn ? pfn_to_page(mfn) : NULL;
}

/* A general and an L4 type reference on a frame of d: what a vCPU's
 * kernel or user page-table base holds. */
static int mmuext_get_root(const struct domain *d, uint64_t mfn)
{
    struct page_info *pg = mmuext_page(mfn);
    int rc;

    if (!pg || page_get(pg, d->domain_id))
        return -EINVAL;
    rc = page_get_type(pg, PGT_l4_page_table);
    if (rc)
        page_put(pg);
    return rc;
}

/* Xen's new_guest_cr3: the new base is validated before the old one is
 * released (the old tree may be torn down by that release). */
static int mmuext_new_baseptr(struct vcpu *v, uint64_t mfn)
{
    uint64_t old = v->guest_table;
    int rc;

    if (mfn != old) {
        if ((rc = mmuext_get_root(v->domain, mfn)))
            return rc;
        v->guest_table = mfn;
    }
    if (v->kernel_mode)
        write_cr3(mfn << PAGE_SHIFT);
    if (old && old != mfn)
        page_put_and_type(pfn_to_page(old));
    return 0;
}

/* 0 clears it; user mode is not entered without one (see do_iret). */
static int mmuext_new_user_baseptr(struct vcpu *v, uint64_t mfn)
{
    uint64_t old = v->guest_table_user;
    int rc;

    if (mfn == old)
        return 0;
    if (mfn && (rc = mmuext_get_root(v->domain, mfn)))
        return rc;
    v->guest_table_user = mfn;
    if (old)
        page_put_and_type(pfn_to_page(old));
    return 0;
}

static int mmuext_pin(const struct mmuext_ctx *c, uint64_t mfn,
                      unsigned int level)
{
    struct page_info *pg = mmuext_page(mfn);
    int rc;

    if (!pg)
        return -EINVAL;
    rc = pv_pin_table(c->owner->domain_id, pg, level);
    /* A dying domain's pins are being dropped: ours must not outlive it. */
    if (!rc && c->owner != c->curr && c->owner->is_dying)
        pv_unpin_table(c->owner->domain_id, pg);
    return rc;
}

static int mmuext_unpin(const struct mmuext_ctx *c, uint64_t mfn)
{
    struct page_info *pg = mmuext_page(mfn);

    return pg ? pv_unpin_table(c->owner->domain_id, pg) : -EINVAL;
}

/* Xen's limits: at most 8192 entries, a page-aligned guest address. The
 * values are only stored: the descriptor code maps the LDT on use, and
 * must check each of its pages against the guest's page tables. */
static int mmuext_set_ldt(struct vcpu *v, uint64_t ptr, unsigned int ents)
{
    if (!ents)
        ptr = 0;
    if (ents > LDT_MAX_ENTS ||
        (ents && ((ptr & (PAGE_SIZE - 1)) || !pv_addr_ok(ptr))))
        return -EINVAL;
    if (v->ldt_base != ptr || v->ldt_ents != ents) {
        v->ldt_base = ptr;
        v->ldt_ents = ents;
        pv_load_ldt(v);
    }
    return 0;
}

static void mmuext_wbinvd(void *unused)
{
    (void)unused;
    __asm__ volatile("wbinvd" ::: "memory");
}

/* Xen allows it to domains with physical device access (I/O memory or
 * port rights); in Basalt that is the privileged domain. Every CPU, since
 * where the guest's dirty lines are is not tracked. */
static int mmuext_flush_cache(const struct domain *d)
{
    if (!d->privileged)
        return -EACCES;
    mmuext_wbinvd(NULL);
    smp_call_function_others(mmuext_wbinvd, NULL);
    return 0;
}

/* A frame of d taken writable for a moment (CLEAR_PAGE, COPY_PAGE's
 * destination): never a page table or descriptor page. */
static uint64_t *mmuext_get_writable(const struct domain *d, uint64_t mfn)
{
    struct page_info *pg = mmuext_page(mfn);

    if (!pg || page_get(pg, d->domain_id))
        return NULL;
    if (page_get_type(pg, PGT_writable_page)) {
        page_put(pg);
        return NULL;
    }
    return pv_mm_ops.map_frame(mfn);
}

static int mmuext_clear_page(const struct domain *d, uint64_t mfn)
{
    uint64_t *p = mmuext_get_writable(d, mfn);

    if (!p)
        return -EINVAL;
    memset(p, 0, PAGE_SIZE);
    page_put_and_type(pfn_to_page(mfn));
    return 0;
}

static int mmuext_copy_page(const struct domain *d, uint64_t dst, uint64_t src)
{
    struct page_info *spg = mmuext_page(src);
    uint64_t *p;

    if (!spg || page_get(spg, d->domain_id))
        return -EINVAL;
    if (!(p = mmuext_get_writable(d, dst))) {
        page_put(spg);
        return -EINVAL;
    }
    memcpy(p, pv_mm_ops.map_frame(src), PAGE_SIZE);
    page_put_and_type(pfn_to_page(dst));
    page_put(spg);
    return 0;
}

/* TLB_FLUSH_* and INVLPG_*. The local ones come first: they are the hot
 * path. A non-canonical INVLPG_LOCAL address and a non-guest address for
 * the others are ignored, as in Xen. */
static int mmuext_flush(const struct mmuext_ctx *c, const struct mmuext_op *op)
{
    uint64_t va = op->arg1.linear_addr, mask;
    bool one =
        op->cmd != MMUEXT_TLB_FLUSH_MULTI && op->cmd != MMUEXT_TLB_FLUSH_ALL;

    if (op->cmd == MMUEXT_INVLPG_LOCAL) {
        if (is_canonical(va))
            invlpg((const void *)va);
        return 0;
    }
    if (op->cmd == MMUEXT_TLB_FLUSH_ALL || op->cmd == MMUEXT_INVLPG_ALL)
        mask = pv_domain_cpumask(c->curr);
    else if (pv_vcpumask_to_cpumask(
                 c->curr, (uint64_t)(uintptr_t)op->arg2.vcpumask.p, &mask))
        return -EINVAL;
    if (!one || pv_addr_ok(va))
        pv_flush_cpus(mask, va, one);
    return 0;
}

static int mmuext_self(const struct mmuext_ctx *c, const struct mmuext_op *op)
{
    switch (op->cmd) {
    case MMUEXT_NEW_BASEPTR:
        return mmuext_new_baseptr(c->v, op->arg1.mfn);
    case MMUEXT_NEW_USER_BASEPTR:
        return mmuext_new_user_baseptr(c->v, op->arg1.mfn);
    case MMUEXT_INVLPG_LOCAL:
    case MMUEXT_TLB_FLUSH_MULTI:
    case MMUEXT_INVLPG_MULTI:
    case MMUEXT_TLB_FLUSH_ALL:
    case MMUEXT_INVLPG_ALL:
        return mmuext_flush(c, op);
    case MMUEXT_FLUSH_CACHE:
    case MMUEXT_FLUSH_CACHE_GLOBAL:
        return mmuext_flush_cache(c->curr);
    case MMUEXT_SET_LDT:
        return mmuext_set_ldt(c->v, op->arg1.linear_addr, op->arg2.nr_ents);
    }
    return -ENOSYS;
}

static int mmuext_one(const struct mmuext_ctx *c, const struct mmuext_op *op)
{
    switch (op->cmd) {
    case MMUEXT_TLB_FLUSH_LOCAL:
        if (unlikely(c->owner != c->curr))
            return -EPERM;
        flush_tlb_local();
        return 0;
    case MMUEXT_PIN_L1_TABLE:
    case MMUEXT_PIN_L2_TABLE:
    case MMUEXT_PIN_L3_TABLE:
    case MMUEXT_PIN_L4_TABLE:
        return mmuext_pin(c, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
    case MMUEXT_UNPIN_TABLE:
        return mmuext_unpin(c, op->arg1.mfn);
    case MMUEXT_CLEAR_PAGE:
        return mmuext_clear_page(c->owner, op->arg1.mfn);
    case MMUEXT_COPY_PAGE:
        return mmuext_copy_page(c->owner, op->arg1.mfn, op->arg2.src_mfn);
    case MMUEXT_MARK_SUPER:
    case MMUEXT_UNMARK_SUPER:
        return -EOPNOTSUPP;
    }
    if (op->cmd >= 32 || !((MMUEXT_SELF_CMDS >> op->cmd) & 1))
        return -ENOSYS;
    return c->owner == c->curr ? mmuext_self(c, op) : -EPERM;
}

/* The single op of the caller's own, kept apart from the batch loop. */
static long mmuext_single(struct vcpu *v, uint64_t uop, uint64_t pdone)
{
    const struct mmuext_ctx c = {v, v->domain, v->domain};
    struct mmuext_op op;
    unsigned int done;
    long rc = -EFAULT;

    if (likely(!copy_from_guest(&op, uop, sizeof(op)))) {
        if (op.cmd == MMUEXT_TLB_FLUSH_LOCAL) { /* the hot one */
            flush_tlb_local();
            rc = 0;
        } else {
            rc = mmuext_one(&c, &op);
        }
    } else if (!pv_addr_ok(uop)) {
        return -EFAULT; /* Xen's upfront check: pdone untouched */
    }
    if (pdone) {
        done = !rc;
        (void)copy_to_guest(pdone, &done, sizeof(done)); /* Xen ignores it */
    }
    return rc;
}

/* Batches, foreign domains and resumed calls. */
static __attribute__((noinline)) long
mmuext_batch(uint64_t uops, unsigned int count, uint64_t pdone,
             unsigned int foreigndom, struct cpu_regs *regs)
{
    struct mmuext_ctx c = {.v = current_vcpu()};
    struct mmuext_op op;
    unsigned int done = 0, i = 0;
    long rc = 0;

    if (count & MMU_UPDATE_PREEMPTED) {
        if (count == MMU_UPDATE_PREEMPTED && !uops)
            return (int)foreigndom; /* Xen's final-result continuation */
        count &= ~MMU_UPDATE_PREEMPTED;
        if (pdone)
            (void)copy_from_guest(&done, pdone, sizeof(done));
    }
    if (!pv_addr_ok(uops))
        return -EFAULT;
    c.curr = c.v->domain;
    c.owner = pv_pg_owner(c.curr, (uint16_t)foreigndom);
    if (!c.owner || c.owner->is_dead) /* a zombie is nobody's to name */
        return -ESRCH;
    if (c.owner != c.curr && !c.curr->privileged)
        return -EPERM;
    for (; i < count; i++, uops += sizeof(op)) {
        if (i && hypercall_preempt_check()) {
            rc = PV_MM_PREEMPTED;
            break;
        }
        if (copy_from_guest(&op, uops, sizeof(op))) {
            rc = -EFAULT;
            break;
        }
        if ((rc = mmuext_one(&c, &op)))
            break;
    }
    if (rc == PV_MM_PREEMPTED)
        rc = hypercall_create_continuation(regs, __HYPERVISOR_mmuext_op, uops,
                                           (count - i) | MMU_UPDATE_PREEMPTED,
                                           pdone, foreigndom, 0);
    if (pdone) {
        done += i;
        (void)copy_to_guest(pdone, &done, sizeof(done)); /* Xen ignores it */
    }
    return rc;
}

long do_mmuext_op(uint64_t uops, uint64_t count, uint64_t pdone,
                  uint64_t foreigndom, uint64_t unused, struct cpu_regs *regs)
{
    (void)unused;
    if (likely((unsigned int)count == 1 &&
               (unsigned int)foreigndom == DOMID_SELF))
        return mmuext_single(current_vcpu(), uops, pdone);
    return mmuext_batch(uops, (unsigned int)count, pdone,
                        (unsigned int)foreigndom, regs);
}
