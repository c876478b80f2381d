/* SPDX-License-Identifier: BSD-2-Clause */
/* Destroying a domain (XEN_DOMCTL_destroydomain): give back every frame and
 * reference it holds, preemptibly, then free it once nothing refers to it. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <asm/page.h>
#include <asm/pv_mm.h>
#include <public/xen.h>

/* Frames looked at between two preemption checks. */
#define KILL_BATCH 4096

enum kill_stage {
    KILL_START,  /* not begun */
    KILL_VCPUS,  /* paused: drop what the vCPUs hold */
    KILL_MEMORY, /* walk the frame table from kill_pfn */
    KILL_DONE,   /* dead: a zombie until domain_release_check frees it */
};

/* A vCPU's own references: its page-table bases, descriptor tables, the
 * registered vcpu_info frame, and its timers (which would otherwise send
 * events into a domain whose ports are gone). */
static void kill_vcpu(struct vcpu *v)
{
    kill_timer(&v->singleshot_timer);
    kill_timer(&v->periodic_timer);
    kill_timer(&v->poll_timer);
    /* Offline: TLB flushes for its frames need not reach its old CPU. */
    vcpu_set_online(v, false);
    vcpu_unmap_vcpu_info(v);
    pv_destroy_descriptor_tables(v);
    if (v->guest_table_user)
        page_put_and_type(pfn_to_page(v->guest_table_user));
    if (v->guest_table)
        page_put_and_type(pfn_to_page(v->guest_table));
    v->guest_table = v->guest_table_user = 0;
}

/*
 * One frame the domain owns (Xen's relinquish_memory): its pin goes (a
 * table tree is torn down from its pinned roots), then the allocation
 * reference. A hypervisor page shared with it (shared_info, grant frames)
 * also loses the writable type it keeps for good; the domain frees those
 * itself in domain_destroy once nobody else maps them.
 */
static void kill_frame(struct domain *d, struct page_info *pg)
{
    bool xen = pg->count_info & PGC_xen_heap;

    if (!(pg->count_info & PGC_allocated) || page_get(pg, d->domain_id))
        return;
    if (pg->type_info & PGT_pinned) {
        pg->type_info &= ~PGT_pinned;
        page_put_and_type(pg);
    }
    if (xen && (pg->type_info & PGT_count_mask))
        page_put_type(pg);
    page_drop_allocation(pg);
    page_put(pg);
}

/* -ERESTART when preempted (kill_pfn says where to go on). */
static int kill_memory(struct domain *d)
{
    unsigned int n = 0;

    for (; d->kill_pfn < max_pfn; d->kill_pfn++) {
        struct page_info *pg = pfn_to_page(d->kill_pfn);

        if (pg->owner != d->domain_id || (pg->count_info & PGC_free))
            continue;
        kill_frame(d, pg);
        if (++n >= KILL_BATCH && hypercall_preempt_check()) {
            d->kill_pfn++;
            return -ERESTART;
        }
    }
    return 0;
}

int domain_kill(struct domain *d)
{
    int rc;

    if (d == current_domain)
        return -EINVAL;
    switch (d->kill_stage) {
    case KILL_START:
        d->is_dying = true;
        domain_pause(d);
        d->kill_stage = KILL_VCPUS;
        /* fall through */
    case KILL_VCPUS:
        for (unsigned int i = 0; i < d->max_vcpus; i++)
            if (d->vcpu[i])
                kill_vcpu(d->vcpu[i]);
        evtchn_destroy(d);
        d->kill_pfn = 0;
        d->kill_stage = KILL_MEMORY;
        /* fall through */
    case KILL_MEMORY:
        if ((rc = kill_memory(d)))
            return rc;
        d->kill_stage = KILL_DONE;
        __atomic_store_n(&d->is_dead, true, __ATOMIC_RELEASE);
        send_global_virq(VIRQ_DOM_EXC);
        domain_release_check(d);
        /* fall through */
    default:
        return 0;
    }
}

/* A frame of d that someone still holds a reference to. */
static bool release_busy(const struct domain *d, const void *va)
{
    const struct page_info *pg = pfn_to_page(__pa(va) >> PAGE_SHIFT);

    return pg->owner == d->domain_id && (pg->count_info & PGC_count_mask);
}

/*
 * The last reference of a dead domain's frames went (or domain_kill just
 * finished): free the domain when no frame of its is left.
 */
void domain_release_check(struct domain *d)
{
    if (!__atomic_load_n(&d->is_dead, __ATOMIC_ACQUIRE) || d->nr_pages ||
        (d->shared_info && release_busy(d, d->shared_info)) || gnttab_in_use(d))
        return;
    domain_destroy(d);
}
