/* SPDX-License-Identifier: BSD-2-Clause */
/* Shared by the PV memory hypercalls (mm_hypercall.c, mmuext.c). */
#ifndef PV_MM_HYPERCALL_H
#define PV_MM_HYPERCALL_H

#include <basalt/domain.h>
#include <asm/guest_access.h>

/*
 * mmu_update and mmuext_op take a 32-bit count whose top bit marks a
 * resumed call (Xen's MMU_UPDATE_PREEMPTED, private to its mm.c): the
 * continuation re-issues the call with the entries left, that bit set and
 * the same pdone, and the resumed call first reads back what pdone says
 * was done, so pdone ends up counting the whole batch.
 */
#define MMU_UPDATE_PREEMPTED (1U << 31)
/* A batch loop's "stop here and continue later" (never a guest value). */
#define PV_MM_PREEMPTED 1

/* Xen's __addr_ok: below the canonical hole or above the hypervisor's
 * window. Only the start is checked; copies fault on the rest. */
static inline bool pv_addr_ok(uint64_t va)
{
    return guest_range_ok(va, 1);
}

/* Xen's get_pg_owner: DOMID_SELF is the caller. Naming oneself by id, a
 * reserved id (DOMID_IO and DOMID_XEN are not modelled) or a missing
 * domain gives NULL, which the callers turn into -ESRCH. */
struct domain *pv_pg_owner(struct domain *curr, uint16_t domid);

/* The CPUs where d's vCPUs run, as a bit mask (one vCPU per CPU). */
uint64_t pv_domain_cpumask(const struct domain *d);
/* The guest's vCPU bitmap at bmap (64-bit words) as a CPU mask; -EFAULT
 * (and an empty mask) if it cannot be read. */
int pv_vcpumask_to_cpumask(const struct domain *d, uint64_t bmap,
                           uint64_t *mask);
/* Flush the TLB (one page at va if one, else everything) on the CPUs in
 * mask; the local CPU without an IPI. */
void pv_flush_cpus(uint64_t mask, uint64_t va, bool one);

/* pv_mm_ops.flush_tlb: a typed frame changes type or a frame is freed, so
 * no CPU running its owner may keep a stale translation through it. */
void pv_mm_flush_tlb(struct page_info *pg);

#endif
