/* SPDX-License-Identifier: BSD-2-Clause */
/* sched_op and vCPU blocking. One vCPU per physical CPU for now: a blocked
 * vCPU halts its CPU until an event or timer wakes it. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include <asm/processor.h>
#include <public/event_channel.h>
#include <public/sched.h>

#define SCHED_POLL_MAX_PORTS 128 /* Xen's limit */

static bool vcpu_event_due(const struct vcpu *v)
{
    return v->vcpu_info->evtchn_upcall_pending;
}

static bool vcpu_poll_due(struct vcpu *v)
{
    if (v->poll_port != ~0u)
        return evtchn_port_pending(v->domain, v->poll_port);
    for (unsigned int p = 0; p < 256; p++)
        if (v->poll_mask[p / 64] & (1UL << (p % 64)) &&
            evtchn_port_pending(v->domain, p))
            return true;
    return false;
}

/* Sleep with interrupts on until vcpu_wake (from an event or timer in
 * interrupt context) clears 'blocked'. */
void vcpu_block(struct vcpu *v)
{
    uint64_t flags = local_irq_save();
    vcpu_runstate_change(v, RUNSTATE_blocked);
    while (__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE)) {
        __asm__ volatile("sti; hlt; cli" ::: "memory");
    }
    vcpu_runstate_change(v, RUNSTATE_running);
    local_irq_restore(flags);
}

void vcpu_wake(struct vcpu *v)
{
    __atomic_store_n(&v->blocked, false, __ATOMIC_RELEASE);
}

static void sched_poll_timeout(void *data)
{
    vcpu_wake(data);
}

/* SCHEDOP_block: enable event delivery, sleep unless an event is due. */
static long sched_block(struct vcpu *v)
{
    v->vcpu_info->evtchn_upcall_mask = 0;
    v->blocked = true;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (vcpu_event_due(v))
        v->blocked = false;
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
        if (port >= 256 || port >= v->domain->evtchn_nr)
            return -EINVAL;
        if (p->nr_ports == 1)
            v->poll_port = port;
        v->poll_mask[port / 64] |= 1UL << (port % 64);
    }
    return 0;
}

/* SCHEDOP_poll: sleep until one of the ports is pending or the absolute
 * timeout (system time, ns; 0 = none) passes. */
static long sched_poll(struct vcpu *v, uint64_t arg)
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
    v->blocked = true;
    if (p.timeout) {
        timer_init(&v->poll_timer, sched_poll_timeout, v);
        set_timer(&v->poll_timer, (s_time_t)p.timeout);
    }
    uint64_t flags = local_irq_save();
    vcpu_runstate_change(v, RUNSTATE_blocked);
    while (v->blocked && !vcpu_poll_due(v))
        __asm__ volatile("sti; hlt; cli" ::: "memory");
    v->blocked = false;
    vcpu_runstate_change(v, RUNSTATE_running);
    local_irq_restore(flags);
    stop_timer(&v->poll_timer);
    return 0;
}

long do_sched_op(uint64_t cmd, uint64_t arg)
{
    struct vcpu *v = current_vcpu();
    struct sched_shutdown sd;
    switch (cmd) {
    case SCHEDOP_yield:
        return 0; /* one vCPU per CPU: nothing else to run */
    case SCHEDOP_block:
        return sched_block(v);
    case SCHEDOP_poll:
        return sched_poll(v, arg);
    case SCHEDOP_shutdown:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        domain_shutdown(v->domain, sd.reason);
    case SCHEDOP_shutdown_code:
        if (copy_from_guest(&sd, arg, sizeof(sd)))
            return -EFAULT;
        return 0; /* latched for the toolstack; nothing reads it yet */
    default:
        return -ENOSYS;
    }
}
