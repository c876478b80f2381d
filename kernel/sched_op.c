/* SPDX-License-Identifier: BSD-2-Clause */
/* sched_op: yield, block, poll and shutdown. A vCPU never waits inside the
 * hypervisor: it is marked blocked and leaves its CPU on the way back to
 * the guest (the SCHEDULE softirq); the hypercall returns when it runs
 * again. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/sched.h>
#include <asm/guest_access.h>
#include <asm/percpu.h>
#include <asm/processor.h>
#include <public/event_channel.h>
#include <public/sched.h>
#include "sched_priv.h"

#define SCHED_POLL_MAX_PORTS 128 /* Xen's limit */

static bool vcpu_event_due(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending;
}

static bool vcpu_poll_due(struct vcpu *v)
{
    if (v->poll_port != ~0u)
        return evtchn_port_pending(v->domain, v->poll_port);
    for (unsigned int w = 0; w < ARRAY_SIZE(v->poll_mask); w++)
        for (uint64_t m = v->poll_mask[w]; m; m &= m - 1)
            if (evtchn_port_pending(v->domain,
                                    w * 64 + (unsigned int)__builtin_ctzll(m)))
                return true;
    return false;
}

/* Blocked, unless an event came in meanwhile: the waker sets the event
 * before it looks at 'blocked', we the other way round (Xen's order). */
void vcpu_block(struct vcpu *v)
{
    __atomic_store_n(&v->blocked, true, __ATOMIC_SEQ_CST);
    if (vcpu_event_due(v))
        __atomic_store_n(&v->blocked, false, __ATOMIC_RELAXED);
    else
        sched_raise_softirq(smp_processor_id());
}

void sched_poll_timeout(void *data)
{
    struct vcpu *v = data;
    if (__atomic_load_n(&v->polling, __ATOMIC_ACQUIRE))
        vcpu_wake(v);
}

/* SCHEDOP_block: enable event delivery, sleep unless an event is due. */
static long sched_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    vcpu_block(v);
    return 0;
}

static long sched_poll_setup(struct vcpu *v, const struct sched_poll *p)
{
    evtchn_port_t port;
    v->poll_port = p->nr_ports == 1 ? 0 : ~0u;
    memset(v->poll_mask, 0, sizeof(v->poll_mask));
    for (unsigned int i = 0; i < p->nr_ports; i++) {
        if (copy_from_guest(&port, (uint64_t)p->ports.p + i * sizeof(port),
                            sizeof(port)))
            return -EFAULT;
        if (port >= v->domain->evtchn_nr || port >= 64 * 64)
            return -EINVAL;
        if (p->nr_ports == 1)
            v->poll_port = port;
        v->poll_mask[port / 64] |= 1UL << (port % 64);
    }
    return 0;
}

/* SCHEDOP_poll: sleep until one of the ports is pending or the absolute
 * timeout (system time, ns; 0 = none) passes. Out of line, like the
 * other slow cases, so do_sched_op stays a leaf for yield. */
static long __attribute__((noinline)) sched_poll(struct vcpu *v, uint64_t arg)
{
    struct sched_poll p;
    if (copy_from_guest(&p, arg, sizeof(p)))
        return -EFAULT;
    if (p.nr_ports > SCHED_POLL_MAX_PORTS)
        return -EINVAL;
    long rc = sched_poll_setup(v, &p);
    if (rc || vcpu_poll_due(v))
        return rc;
    if (p.timeout && (s_time_t)p.timeout <= NOW())
        return 0;
    __atomic_store_n(&v->polling, true, __ATOMIC_RELAXED);
    __atomic_store_n(&v->blocked, true, __ATOMIC_SEQ_CST);
    if (vcpu_poll_due(v)) { /* an event raced with us */
        __atomic_store_n(&v->blocked, false, __ATOMIC_RELAXED);
        __atomic_store_n(&v->polling, false, __ATOMIC_RELAXED);
        return 0;
    }
    if (p.timeout)
        set_timer(&v->poll_timer, (s_time_t)p.timeout);
    sched_raise_softirq(smp_processor_id());
    return 0;
}

/* With nothing else queued here the answer is known: keep running,
 * without going through the scheduler. */
static long sched_yield(struct vcpu *v)
{
    unsigned int cpu = v->sched.cpu; /* this CPU: v runs here */
    if (!__atomic_load_n(&sched_pcpus[cpu].rq.nr_queued, __ATOMIC_RELAXED))
        return 0;
    v->sched.yield = true;
    sched_raise_softirq(cpu);
    return 0;
}

static long __attribute__((noinline))
sched_shutdown(struct vcpu *v, uint64_t cmd, uint64_t arg)
{
    struct sched_shutdown sd;
    if (copy_from_guest(&sd, arg, sizeof(sd)))
        return -EFAULT;
    if (cmd == SCHEDOP_shutdown)
        domain_shutdown(v->domain, sd.reason);
    return 0; /* shutdown_code: latched for the toolstack; nothing reads it */
}

/* SCHEDOP_remote_shutdown: the toolstack shuts another domain down (xl
 * shutdown/reboot of a guest without a PV shutdown driver). Privileged
 * callers only, as Xen's XSM default. */
static long sched_remote_shutdown(struct vcpu *v, uint64_t arg)
{
    struct sched_remote_shutdown rs;
    struct domain *d;
    if (!v->domain->privileged)
        return -EPERM;
    if (copy_from_guest(&rs, arg, sizeof(rs)))
        return -EFAULT;
    if (rs.reason > SHUTDOWN_MAX)
        return -EINVAL;
    d = domain_by_id(rs.domain_id);
    if (!d)
        return -ESRCH;
    return domain_shutdown_remote(d, rs.reason);
}

long do_sched_op(uint64_t cmd, uint64_t arg)
{
    struct vcpu *v = current_vcpu();
    switch (cmd) {
    case SCHEDOP_yield:
        return sched_yield(v);
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_shutdown:
    case SCHEDOP_shutdown_code:
        return sched_shutdown(v, cmd, arg);
    case SCHEDOP_remote_shutdown:
        return sched_remote_shutdown(v, arg);
    default:
        return -ENOSYS;
    }
}
