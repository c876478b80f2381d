/* SPDX-License-Identifier: BSD-2-Clause */
/* The per-vCPU and scheduler domctls (Xen 4.17's domctl.c, sched/core.c
 * and sched/credit.c): vCPU context, information, affinity, credit. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/percpu.h>
#include <public/domctl.h>
#include "domctl.h"

#define DOMCTL_CPU_BITS 64 /* Basalt's CPU masks (Xen's nr_cpu_ids) */

/* One context at a time: the domctl lock is held. */
static struct vcpu_guest_context domctl_ctxt;

/* vCPU id of d that exists (-EINVAL past max_vcpus, as Xen; Basalt makes
 * them all at creation, so a missing one is -EINVAL too). */
static struct vcpu *domctl_vcpu(const struct domain *d, uint32_t id)
{
    return id < d->max_vcpus ? d->vcpu[id] : NULL;
}

/* Xen's arch_set_info_guest runs with the domain paused; VGCF_online
 * decides whether the vCPU may then run. A NULL context (Xen: reset the
 * vCPU) is not supported. */
static long domctl_setvcpucontext(struct domain *d, const struct xen_domctl *op)
{
    struct vcpu *v = domctl_vcpu(d, op->u.vcpucontext.vcpu);
    uint64_t ctxt = (uint64_t)op->u.vcpucontext.ctxt.p;
    long rc;

    if (d == current_domain || !v || d->is_dying || !ctxt)
        return -EINVAL;
    if (copy_from_guest(&domctl_ctxt, ctxt, sizeof(domctl_ctxt)))
        return -EFAULT;
    domain_pause(d);
    rc = arch_set_vcpu_context(v, &domctl_ctxt);
    if (!rc)
        vcpu_set_online(v, domctl_ctxt.flags & VGCF_online);
    domain_unpause(d);
    return rc;
}

static long domctl_getvcpucontext(struct domain *d, const struct xen_domctl *op)
{
    struct vcpu *v = domctl_vcpu(d, op->u.vcpucontext.vcpu);

    if (!v || v == current_vcpu())
        return -EINVAL;
    if (!v->initialised)
        return -ENODATA;
    vcpu_pause(v);
    pv_get_vcpu_context(v, &domctl_ctxt);
    vcpu_unpause(v);
    if (copy_to_guest((uint64_t)op->u.vcpucontext.ctxt.p, &domctl_ctxt,
                      sizeof(domctl_ctxt)))
        return -EFAULT;
    return 0;
}

static long domctl_getvcpuinfo(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_getvcpuinfo *i = &op->u.getvcpuinfo;
    struct vcpu *v;

    if (i->vcpu >= d->max_vcpus)
        return -EINVAL;
    if (!(v = d->vcpu[i->vcpu]))
        return -ESRCH;
    i->online = v->is_up;
    i->blocked = v->blocked;
    i->running = __atomic_load_n(&v->sched.is_running, __ATOMIC_RELAXED);
    i->cpu_time = sched_vcpu_time(v);
    i->cpu = v->processor;
    return 0;
}

/* Xen's xenctl_bitmap_to_bitmap: bits past nr_bits read as 0. */
static long domctl_bitmap_in(const struct xenctl_bitmap *b, uint64_t *mask)
{
    uint32_t bytes = (uint32_t)(((uint64_t)b->nr_bits + 7) / 8);
    uint8_t buf[DOMCTL_CPU_BITS / 8] = {0};
    uint32_t n = MIN(bytes, (uint32_t)sizeof(buf));

    if (n && copy_from_guest(buf, (uint64_t)b->bitmap.p, n))
        return -EFAULT;
    if ((b->nr_bits & 7) && bytes == n)
        buf[n - 1] &= (uint8_t) ~(0xff << (b->nr_bits & 7));
    *mask = 0;
    for (uint32_t i = 0; i < n; i++)
        *mask |= (uint64_t)buf[i] << (8 * i);
    return 0;
}

/* Xen's bitmap_to_xenctl_bitmap: the guest's bytes past ours are zeroed. */
static long domctl_bitmap_out(const struct xenctl_bitmap *b, uint64_t mask)
{
    uint32_t bytes = (uint32_t)(((uint64_t)b->nr_bits + 7) / 8);
    uint64_t dst = (uint64_t)b->bitmap.p;
    uint8_t byte;

    for (uint32_t i = 0; i < bytes; i++) {
        byte = i < DOMCTL_CPU_BITS / 8 ? (uint8_t)(mask >> (8 * i)) : 0;
        if (copy_to_guest(dst + i, &byte, 1))
            return -EFAULT;
    }
    return 0;
}

static uint64_t domctl_online_cpus(void)
{
    return nr_cpus_online >= 64 ? ~0ULL : (1ULL << nr_cpus_online) - 1;
}

/* Set: the masks given, answered with what is in effect (hard: its
 * online CPUs; soft: also within hard). Soft affinity is only kept. */
static long domctl_setaffinity(struct vcpu *v,
                               struct xen_domctl_vcpuaffinity *a)
{
    uint64_t mask, online = domctl_online_cpus();
    long rc = 0;

    if (a->flags & XEN_VCPUAFFINITY_HARD) {
        if ((rc = domctl_bitmap_in(&a->cpumap_hard, &mask)) ||
            (rc = sched_set_affinity(v, mask)))
            return rc;
        rc = domctl_bitmap_out(&a->cpumap_hard, sched_get_affinity(v) & online);
    }
    if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT)) {
        if ((rc = domctl_bitmap_in(&a->cpumap_soft, &mask)))
            return rc;
        if (!(mask & sched_get_affinity(v) & online))
            return -EINVAL;
        v->soft_affinity = mask;
        rc = domctl_bitmap_out(&a->cpumap_soft,
                               mask & sched_get_affinity(v) & online);
    }
    return rc;
}

static long domctl_affinity(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_vcpuaffinity *a = &op->u.vcpuaffinity;
    struct vcpu *v;
    long rc = 0;

    if (a->vcpu >= d->max_vcpus)
        return -EINVAL;
    if (!(v = d->vcpu[a->vcpu]))
        return -ESRCH;
    if (!(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)))
        return -EINVAL;
    if (op->cmd == XEN_DOMCTL_setvcpuaffinity)
        return domctl_setaffinity(v, a);
    if (a->flags & XEN_VCPUAFFINITY_HARD)
        rc = domctl_bitmap_out(&a->cpumap_hard, sched_get_affinity(v));
    if (a->flags & XEN_VCPUAFFINITY_SOFT)
        rc = domctl_bitmap_out(&a->cpumap_soft, v->soft_affinity);
    return rc;
}

/* Credit's csched_dom_cntl: weight 0 and cap 0xffff mean "unchanged". */
static long domctl_sched(struct domain *d, struct xen_domctl *op)
{
    struct xen_domctl_scheduler_op *s = &op->u.scheduler_op;
    unsigned int weight, cap;

    if (s->sched_id != XEN_SCHEDULER_CREDIT)
        return -EINVAL;
    sched_credit_get(d, &weight, &cap);
    switch (s->cmd) {
    case XEN_DOMCTL_SCHEDOP_getinfo:
        s->u.credit.weight = (uint16_t)weight;
        s->u.credit.cap = (uint16_t)cap;
        return 0;
    case XEN_DOMCTL_SCHEDOP_putinfo:
        if (s->u.credit.weight)
            weight = s->u.credit.weight;
        if (s->u.credit.cap != 0xffff)
            cap = s->u.credit.cap;
        return sched_credit_set(d, weight, cap);
    }
    return -EINVAL; /* per-vCPU parameters: not credit's */
}

/* A PV guest without log-dirty: shadow paging is never on. */
static long domctl_shadow(struct domain *d, struct xen_domctl *op)
{
    if (d == current_domain)
        return -EINVAL;
    switch (op->u.shadow_op.op) {
    case XEN_DOMCTL_SHADOW_OP_OFF:
        return 0;
    case XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION:
        op->u.shadow_op.mb = 0;
        return 0;
    }
    return -EINVAL;
}

long domctl_vcpu_op(struct xen_domctl *op, struct domain *d, bool *copyback)
{
    long rc;

    switch (op->cmd) {
    case XEN_DOMCTL_setvcpucontext:
        return domctl_setvcpucontext(d, op);
    case XEN_DOMCTL_getvcpucontext:
        return domctl_getvcpucontext(d, op);
    case XEN_DOMCTL_getvcpuinfo:
        rc = domctl_getvcpuinfo(d, op);
        *copyback = !rc;
        return rc;
    case XEN_DOMCTL_setvcpuaffinity:
    case XEN_DOMCTL_getvcpuaffinity:
        return domctl_affinity(d, op);
    case XEN_DOMCTL_scheduler_op:
        *copyback = true; /* as Xen, whatever the result */
        return domctl_sched(d, op);
    case XEN_DOMCTL_shadow_op:
        rc = domctl_shadow(d, op);
        *copyback = !rc;
        return rc;
    }
    return -ENOSYS;
}
