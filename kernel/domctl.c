/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_domctl (Xen 4.17's xen/common/domctl.c): domain creation,
 * destruction, pausing, information and limits, for the control domain. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/sched.h>
#include <basalt/spinlock.h>
#include <asm/guest_access.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <public/domctl.h>
#include "domctl.h"

#define DOMCTL_MAX_GRANT_FRAMES    64   /* Xen's default gnttab_max_frames */
#define DOMCTL_MAX_MAPTRACK_FRAMES 1024 /* and gnttab_max_maptrack_frames */
#define DOMCTL_KNOWN_CDF                                                       \
    (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_s3_integrity |   \
     XEN_DOMCTL_CDF_oos_off | XEN_DOMCTL_CDF_xs_domain |                       \
     XEN_DOMCTL_CDF_iommu | XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu)

/* One domctl at a time, as Xen's domctl_lock; a busy lock is retried
 * through a continuation rather than spun on. */
static spinlock_t domctl_lock = SPINLOCK_INIT;
static uint16_t domctl_rover; /* the last id handed out */

/*
 * Xen's sanitise_domain_config and the checks of domain_create, for what
 * Basalt offers: a PV guest without IOMMU, vPMU, tracing or cpupools, one
 * grant-table version (1). Every refusal is Xen's -EINVAL (-ENOENT for a
 * pool that does not exist).
 */
static int domctl_check_config(const struct xen_domctl_createdomain *c)
{
    unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);

    if ((c->flags & ~DOMCTL_KNOWN_CDF) ||
        (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) || !c->max_vcpus ||
        c->max_vcpus > PV_MAX_VCPUS)
        return -EINVAL;
    if (c->flags &
        (XEN_DOMCTL_CDF_hvm | XEN_DOMCTL_CDF_hap | XEN_DOMCTL_CDF_iommu |
         XEN_DOMCTL_CDF_nested_virt | XEN_DOMCTL_CDF_vpmu))
        return -EINVAL;
    if (c->iommu_opts || c->vmtrace_size || version != 1)
        return -EINVAL;
    if (c->max_grant_frames == 0 ||
        c->max_grant_frames > DOMCTL_MAX_GRANT_FRAMES ||
        c->max_maptrack_frames > DOMCTL_MAX_MAPTRACK_FRAMES)
        return -EINVAL;
    if ((c->arch.emulation_flags & ~XEN_X86_EMU_PIT) ||
        (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED))
        return -EINVAL;
    return c->cpupool_id ? -ENOENT : 0;
}

/* Xen 4.17: an id in 1..DOMID_FIRST_RESERVED-1 must be free (-EEXIST);
 * anything else means "pick one", going round from the last one picked.
 * Basalt has ids below DOMAIN_MAX only. */
static long domctl_pick_domid(uint16_t want, uint16_t *out)
{
    if (want > 0 && want < DOMID_FIRST_RESERVED) {
        if (domain_by_id(want))
            return -EEXIST;
        if (want >= DOMAIN_MAX)
            return -EINVAL;
        *out = want;
        return 0;
    }
    for (unsigned int n = 1, id = domctl_rover; n < DOMAIN_MAX; n++) {
        id = id + 1 >= DOMAIN_MAX ? 1 : id + 1;
        if (!domain_by_id((uint16_t)id)) {
            *out = domctl_rover = (uint16_t)id;
            return 0;
        }
    }
    return -ENOMEM;
}

/* The new domain has all its vCPUs (offline until given a context), no
 * memory (max_mem first), and the toolstack's pause reference, which its
 * first unpausedomain drops. */
static long domctl_createdomain(struct xen_domctl *op)
{
    const struct xen_domctl_createdomain *c = &op->u.createdomain;
    struct domain *d;
    uint16_t domid;
    long rc;

    if ((rc = domctl_check_config(c)) ||
        (rc = domctl_pick_domid(op->domain, &domid)))
        return rc;
    if (!(d = domain_create(domid, false, c->max_vcpus)))
        return -ENOMEM;
    for (unsigned int i = 1; i < c->max_vcpus; i++) {
        if (!vcpu_create(d, i)) {
            domain_destroy(d);
            return -ENOMEM;
        }
    }
    memcpy(d->handle, c->handle, sizeof(d->handle));
    domain_pause_by_controller(d);
    op->domain = domid;
    return 0;
}

/* Physical address width of this CPU (Xen's paddr_bits). */
static uint8_t domctl_paddr_bits(void)
{
    if (cpuid(0x80000000).a < 0x80000008)
        return 36;
    return (uint8_t)cpuid(0x80000008).a;
}

/* Running/blocked over the online vCPUs: blocked only if all are. */
static uint32_t domctl_vcpu_flags(const struct domain *d,
                                  struct xen_domctl_getdomaininfo *info)
{
    uint32_t flags = XEN_DOMINF_blocked;

    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        const struct vcpu *v = d->vcpu[i];

        if (!v)
            continue;
        info->cpu_time += sched_vcpu_time(v);
        info->max_vcpu_id = i;
        if (!v->is_up)
            continue;
        if (!v->blocked)
            flags &= ~XEN_DOMINF_blocked;
        if (__atomic_load_n(&v->sched.is_running, __ATOMIC_RELAXED))
            flags |= XEN_DOMINF_running;
        info->nr_online_vcpus++;
    }
    return info->nr_online_vcpus ? flags : 0;
}

void domctl_getdomaininfo(const struct domain *d,
                          struct xen_domctl_getdomaininfo *info)
{
    memset(info, 0, sizeof(*info));
    info->domain = d->domain_id;
    info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
    info->flags = domctl_vcpu_flags(d, info);
    /* Xen shifts the whole code: "none" (~0) sets bits 16-31. */
    info->flags |= (d->is_dead ? XEN_DOMINF_dying : 0) |
                   (d->is_shut_down ? XEN_DOMINF_shutdown : 0) |
                   (d->controller_pause_count > 0 ? XEN_DOMINF_paused : 0) |
                   d->shutdown_code << XEN_DOMINF_shutdownshift;
    info->tot_pages = d->nr_pages;
    info->max_pages = d->max_pages;
    info->shared_info_frame = __pa(d->shared_info) >> PAGE_SHIFT;
    memcpy(info->handle, d->handle, sizeof(info->handle));
    info->gpaddr_bits = domctl_paddr_bits();
}

/* Xen 4.17: the first domain whose id is at least op->domain. */
static long domctl_getinfo(struct xen_domctl *op)
{
    struct domain *d;

    if (op->domain >= DOMID_FIRST_RESERVED)
        return -EINVAL;
    if (!(d = domain_next(op->domain)))
        return -ESRCH;
    domctl_getdomaininfo(d, &op->u.getdomaininfo);
    op->domain = d->domain_id;
    return 0;
}

/* Xen keeps max_pages in an unsigned int: larger requests saturate. */
static long domctl_max_mem(struct domain *d, const struct xen_domctl *op)
{
    uint64_t pages = op->u.max_mem.max_memkb >> (PAGE_SHIFT - 10);

    d->max_pages = MIN(pages, (uint64_t)UINT32_MAX);
    return 0;
}

/* XEN_DOMCTL_max_vcpus: must repeat createdomain's count; the vCPUs
 * exist already (Xen makes them here). */
static long domctl_max_vcpus(struct domain *d, const struct xen_domctl *op)
{
    if (d == current_domain || op->u.max_vcpus.max != d->max_vcpus)
        return -EINVAL;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        if (!d->vcpu[i] && !vcpu_create(d, i))
            return -ENOMEM;
    return 0;
}

/* Only the 64-bit PV ABI exists: asking for 32 bits is refused. */
static long domctl_address_size(struct xen_domctl *op, bool *copyback)
{
    if (op->cmd == XEN_DOMCTL_get_address_size) {
        op->u.address_size.size = 64;
        *copyback = true;
        return 0;
    }
    return op->u.address_size.size == 64 ? 0 : -EINVAL;
}

static long domctl_domain_op(struct xen_domctl *op, struct domain *d,
                             bool *copyback)
{
    switch (op->cmd) {
    case XEN_DOMCTL_destroydomain:
        return domain_kill(d); /* d may be gone when this returns */
    case XEN_DOMCTL_pausedomain:
        return d == current_domain ? -EINVAL : domain_pause_by_controller(d);
    case XEN_DOMCTL_unpausedomain:
        return domain_unpause_by_controller(d);
    case XEN_DOMCTL_max_mem:
        return domctl_max_mem(d, op);
    case XEN_DOMCTL_hypercall_init:
        return pv_hypercall_page_init(d, op->u.hypercall_init.gmfn);
    case XEN_DOMCTL_max_vcpus:
        return domctl_max_vcpus(d, op);
    case XEN_DOMCTL_setdomainhandle:
        memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
        return 0;
    case XEN_DOMCTL_set_address_size:
    case XEN_DOMCTL_get_address_size:
        return domctl_address_size(op, copyback);
    }
    return domctl_vcpu_op(op, d, copyback);
}

/* Which domain the command acts on, looked up as Xen does before the
 * command runs: createdomain names none, getdomaininfo searches. */
static long domctl_dispatch(struct xen_domctl *op, bool *copyback)
{
    struct domain *d;

    if (op->cmd == XEN_DOMCTL_createdomain) {
        long rc = domctl_createdomain(op);
        *copyback = !rc;
        return rc;
    }
    if (op->cmd == XEN_DOMCTL_getdomaininfo) {
        long rc = domctl_getinfo(op);
        *copyback = !rc;
        return rc;
    }
    if (op->domain >= DOMID_FIRST_RESERVED || !(d = domain_by_id(op->domain)))
        return -ESRCH;
    return domctl_domain_op(op, d, copyback);
}

/*
 * Only the privileged domain may call it, whatever the argument: every
 * other caller gets -EPERM before anything is read (Xen checks the XSM
 * policy after reading and looking up; the answer to a well-formed call
 * is the same). Then Xen's order: -EFAULT, -EACCES for another interface
 * version, the lookup, the command.
 */
long do_domctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
               struct cpu_regs *regs)
{
    struct xen_domctl op;
    bool copyback = false;
    long rc;

    if (!current_domain->privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!spin_trylock(&domctl_lock))
        return hypercall_create_continuation(regs, __HYPERVISOR_domctl, arg, a2,
                                             a3, a4, a5);
    rc = domctl_dispatch(&op, &copyback);
    spin_unlock(&domctl_lock);
    if (rc == -ERESTART)
        return hypercall_create_continuation(regs, __HYPERVISOR_domctl, arg, a2,
                                             a3, a4, a5);
    if (copyback && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
