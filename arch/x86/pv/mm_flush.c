/* SPDX-License-Identifier: BSD-2-Clause */
/* TLB flushes for the PV memory hypercalls: which CPUs run a domain or a
 * guest's vCPU set, and flushing them (one vCPU per CPU for now). */
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <asm/pv_mm.h>
#include <asm/smp.h>
#include <public/xen.h>
#include "mm_hypercall.h"

uint64_t pv_domain_cpumask(const struct domain *d)
{
    uint64_t mask = 0;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (v && v->is_up && v->processor < NR_CPUS)
            mask |= 1ULL << v->processor;
    }
    return mask;
}

int pv_vcpumask_to_cpumask(const struct domain *d, uint64_t bmap,
                           uint64_t *mask)
{
    uint64_t word, m = 0;

    for (unsigned int bias = 0; bias < d->max_vcpus; bias += 64, bmap += 8) {
        if (copy_from_guest(&word, bmap, sizeof(word))) {
            *mask = 0;
            return -EFAULT;
        }
        for (; word; word &= word - 1) {
            unsigned int id = bias + (unsigned int)__builtin_ctzll(word);
            const struct vcpu *v;

            if (id >= d->max_vcpus)
                break;
            v = d->vcpu[id];
            if (v && v->is_up && v->processor < NR_CPUS)
                m |= 1ULL << v->processor;
        }
    }
    *mask = m;
    return 0;
}

void pv_flush_cpus(uint64_t mask, uint64_t va, bool one)
{
    uint64_t self = 1ULL << smp_processor_id();

    if (mask & ~self) {
        /* flush_tlb_mask reads a NULL va as "everything". */
        flush_tlb_mask(mask, one && va ? (const void *)va : NULL);
    } else if (mask) {
        if (one)
            invlpg((const void *)va);
        else
            flush_tlb_local();
    }
}

void pv_mm_flush_tlb(struct page_info *pg)
{
    const struct domain *d = NULL;
    uint64_t mask = 1ULL << smp_processor_id();

    /* The caller may be another domain (a privileged one pinning a
     * guest's table): the owner's CPUs are the ones that matter. */
    if (pg->owner < DOMID_FIRST_RESERVED)
        d = domain_by_id(pg->owner);
    if (d)
        mask |= pv_domain_cpumask(d);
    pv_flush_cpus(mask, 0, false);
}
