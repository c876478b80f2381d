/* SPDX-License-Identifier: BSD-2-Clause */
/* HYPERVISOR_sysctl (Xen 4.17's xen/common/sysctl.c): host information,
 * the domain list, the hypervisor log and per-CPU idle time. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <basalt/spinlock.h>
#include <basalt/time.h>
#include <asm/config.h>
#include <asm/guest_access.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/sysctl.h>
#include "domctl.h"

static spinlock_t sysctl_lock = SPINLOCK_INIT;
/* XEN_SYSCTL_readconsole's "clear": the log before here is not shown. */
static uint64_t sysctl_log_cleared;

/* Nanoseconds cpu spent idle. The scheduler does not account it yet: 0
 * until it provides a strong definition. */
__attribute__((weak)) uint64_t sched_cpu_idle_time(unsigned int cpu)
{
    (void)cpu;
    return 0;
}

/* Xen's hw_cap: its featureset words 0-7 (CPUID 1.edx, 1.ecx,
 * e1.edx, e1.ecx, 0xd:1.eax, 7:0.ebx, 7:0.ecx, e7.edx). */
static void sysctl_hw_cap(uint32_t cap[8])
{
    uint32_t max = cpuid(0).a, emax = cpuid(0x80000000).a;
    struct cpuid_regs r = cpuid(1);

    cap[0] = r.d;
    cap[1] = r.c;
    if (emax >= 0x80000001) {
        r = cpuid(0x80000001);
        cap[2] = r.d;
        cap[3] = r.c;
    }
    if (max >= 0xd)
        cap[4] = cpuid_count(0xd, 1).a;
    if (max >= 7) {
        r = cpuid_count(7, 0);
        cap[5] = r.b;
        cap[6] = r.c;
    }
    if (emax >= 0x80000007)
        cap[7] = cpuid(0x80000007).d;
}

static void sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
    memset(pi, 0, sizeof(*pi));
    pi->threads_per_core = 1;
    pi->cores_per_socket = nr_cpus_online;
    pi->nr_cpus = nr_cpus_online;
    pi->max_cpu_id = nr_cpus_online - 1;
    pi->nr_nodes = 1;
    pi->max_node_id = 63; /* Xen's MAX_NUMNODES - 1 */
    pi->cpu_khz = (uint32_t)tsc_khz;
    pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
    pi->total_pages = buddy_total_count();
    pi->free_pages = buddy_free_count();
    pi->max_mfn = max_pfn - 1;
    sysctl_hw_cap(pi->hw_cap);
}

/* Entries for the domains from first_domain on, up to max_domains. */
static long sysctl_domainlist(struct xen_sysctl_getdomaininfolist *l)
{
    static struct xen_domctl_getdomaininfo info; /* under sysctl_lock */
    uint64_t buf = (uint64_t)l->buffer.p;
    uint32_t n = 0;

    for (struct domain *d = domain_next(l->first_domain);
         d && n < l->max_domains; d = domain_next(d->domain_id + 1)) {
        domctl_getdomaininfo(d, &info);
        if (copy_to_guest(buf + (uint64_t)n * sizeof(info), &info,
                          sizeof(info)))
            return -EFAULT;
        n++;
    }
    l->num_domains = n;
    return 0;
}

/* Where the unread log starts, 32-bit like Xen's conring indices: an
 * incremental read resumes at 'index' if that lies in [start, end]. */
static uint64_t sysctl_log_start(const struct xen_sysctl_readconsole *r,
                                 uint64_t head)
{
    uint64_t start = head - log_ring_size();
    uint32_t c, p = (uint32_t)head, idx = r->index;

    if (start < sysctl_log_cleared)
        start = sysctl_log_cleared;
    c = (uint32_t)start;
    if (r->incremental && (c <= p ? c < idx && idx <= p : c < idx || idx <= p))
        start += (uint32_t)(idx - c);
    return start;
}

static long sysctl_readconsole(struct xen_sysctl_readconsole *r)
{
    uint64_t head = log_ring_head(), pos = sysctl_log_start(r, head);
    uint64_t dst = (uint64_t)r->buffer.p;
    uint32_t done = 0;
    char chunk[256];

    while (pos < head && done < r->count) {
        size_t n = log_ring_read_at(
            chunk, MIN(sizeof(chunk), (size_t)(r->count - done)), pos);
        if (!n) /* overwritten meanwhile: go on from the oldest byte */
            break;
        if (copy_to_guest(dst + done, chunk, n))
            return -EFAULT;
        done += (uint32_t)n;
        pos += n;
    }
    if (r->clear)
        sysctl_log_cleared = pos;
    r->count = done;
    r->index = (uint32_t)pos;
    return 0;
}

static long sysctl_getcpuinfo(struct xen_sysctl_getcpuinfo *g)
{
    uint32_t n = MIN(g->max_cpus, nr_cpus_online);
    struct xen_sysctl_cpuinfo ci;

    for (uint32_t i = 0; i < n; i++) {
        ci.idletime = sched_cpu_idle_time(i);
        if (copy_to_guest((uint64_t)g->info.p + i * sizeof(ci), &ci,
                          sizeof(ci)))
            return -EFAULT;
    }
    g->nr_cpus = n;
    return 0;
}

static long sysctl_dispatch(struct xen_sysctl *op)
{
    switch (op->cmd) {
    case XEN_SYSCTL_readconsole:
        return sysctl_readconsole(&op->u.readconsole);
    case XEN_SYSCTL_physinfo:
        sysctl_physinfo(&op->u.physinfo);
        return 0;
    case XEN_SYSCTL_sched_id:
        op->u.sched_id.sched_id = XEN_SCHEDULER_CREDIT;
        return 0;
    case XEN_SYSCTL_getdomaininfolist:
        return sysctl_domainlist(&op->u.getdomaininfolist);
    case XEN_SYSCTL_getcpuinfo:
        return sysctl_getcpuinfo(&op->u.getcpuinfo);
    }
    return -ENOSYS;
}

/* As do_domctl: -EPERM for any unprivileged caller first, then Xen's
 * -EFAULT, -EACCES; the result goes back only on success. */
long do_sysctl(uint64_t arg, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
               struct cpu_regs *regs)
{
    struct xen_sysctl op;
    long rc;

    if (!current_domain->privileged)
        return -EPERM;
    if (copy_from_guest(&op, arg, sizeof(op)))
        return -EFAULT;
    if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
        return -EACCES;
    if (!spin_trylock(&sysctl_lock))
        return hypercall_create_continuation(regs, __HYPERVISOR_sysctl, arg, a2,
                                             a3, a4, a5);
    rc = sysctl_dispatch(&op);
    spin_unlock(&sysctl_lock);
    if (!rc && copy_to_guest(arg, &op, sizeof(op)))
        rc = -EFAULT;
    return rc;
}
