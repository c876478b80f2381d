/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels, 2-level ABI: the event_channel_op hypercall, status,
 * bind_vcpu and unmask. Ports are made and closed in event_bind.c,
 * delivered in event_2l.c. Errors follow Xen 4.17. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include "event_channel.h"

/* Only the fields of the port's kind are written, as in Xen: the rest of
 * the union goes back to the guest as it came. */
static long evtchn_status(struct evtchn_status *s)
{
    struct domain *d = domain_by_id(s->dom);
    struct evtchn *c;
    if (!d)
        return -ESRCH;
    if (!(c = evtchn_from_port(d, s->port)))
        return -EINVAL;
    if (!evtchn_may_act_on(d))
        return -EPERM;
    evtchn_read_lock(c);
    switch (c->state) {
    case ECS_UNBOUND:
        s->status = EVTCHNSTAT_unbound;
        s->u.unbound.dom = c->dom;
        break;
    case ECS_INTERDOMAIN:
        s->status = EVTCHNSTAT_interdomain;
        s->u.interdomain.dom = c->dom;
        s->u.interdomain.port = c->port;
        break;
    case ECS_VIRQ:
        s->status = EVTCHNSTAT_virq;
        s->u.virq = c->dom;
        break;
    case ECS_IPI:
        s->status = EVTCHNSTAT_ipi;
        break;
    default: /* free, reserved */
        s->status = EVTCHNSTAT_closed;
    }
    s->vcpu = c->vcpu;
    evtchn_read_unlock(c);
    return 0;
}

/* Move notifications to another vCPU: interdomain, unbound and global
 * VIRQ ports only (per-vCPU VIRQs and IPIs are tied to theirs). */
static long evtchn_bind_vcpu(const struct evtchn_bind_vcpu *b)
{
    struct domain *d = current_domain;
    struct evtchn *c;
    long rc = 0;
    if (!evtchn_vcpu(d, b->vcpu))
        return -ENOENT;
    if (!(c = evtchn_from_port(d, b->port)))
        return -EINVAL;
    spin_lock(&d->evtchn_lock);
    if (c->state == ECS_UNBOUND || c->state == ECS_INTERDOMAIN ||
        (c->state == ECS_VIRQ && virq_is_global(c->dom))) {
        evtchn_write_lock(c);
        c->vcpu = (uint8_t)b->vcpu;
        evtchn_write_unlock(c);
    } else {
        rc = -EINVAL;
    }
    spin_unlock(&d->evtchn_lock);
    return rc;
}

static long evtchn_unmask(unsigned int port)
{
    struct domain *d = current_domain;
    struct evtchn *c = evtchn_from_port(d, port);
    if (!c)
        return -EINVAL;
    evtchn_read_lock(c);
    evtchn_2l_unmask(d, c, port);
    evtchn_read_unlock(c);
    return 0;
}
/* In-out commands: copy the argument in, run, copy it back on success
 * (a failed copy-out reports -EFAULT; the port stays allocated, as Xen). */
#define EVTCHN_INOUT(type, fn)                                                 \
    do {                                                                       \
        type a_;                                                               \
        long rc_;                                                              \
        if (copy_from_guest(&a_, arg, sizeof(a_)))                             \
            return -EFAULT;                                                    \
        rc_ = fn(&a_);                                                         \
        if (!rc_ && copy_to_guest(arg, &a_, sizeof(a_)))                       \
            rc_ = -EFAULT;                                                     \
        return rc_;                                                            \
    } while (0)

/* In-only commands: one 32-bit port (close, unmask), bind_vcpu and reset.
 * Nothing is written back. */
static long evtchn_in_op(int cmd, uint64_t arg)
{
    union {
        uint32_t port;
        struct evtchn_bind_vcpu bind_vcpu;
        struct evtchn_reset reset;
    } a;
    size_t size = cmd == EVTCHNOP_bind_vcpu ? sizeof(a.bind_vcpu)
                  : cmd == EVTCHNOP_reset   ? sizeof(a.reset)
                                            : sizeof(a.port);
    if (copy_from_guest(&a, arg, size))
        return -EFAULT;
    switch (cmd) {
    case EVTCHNOP_close:
        return evtchn_close_port(current_domain, a.port);
    case EVTCHNOP_unmask:
        return evtchn_unmask(a.port);
    case EVTCHNOP_bind_vcpu:
        return evtchn_bind_vcpu(&a.bind_vcpu);
    default:
        return evtchn_reset(a.reset.dom);
    }
}

/* FIFO is not built: Xen without CONFIG_EVTCHN_FIFO answers -EOPNOTSUPP
 * to init_control and expand_array; 2L has no priorities (-ENOSYS). */
static long evtchn_fifo_op(int cmd, uint64_t arg)
{
    union {
        struct evtchn_init_control init;
        struct evtchn_expand_array expand;
        struct evtchn_set_priority prio;
    } a;
    size_t size = cmd == EVTCHNOP_init_control   ? sizeof(a.init)
                  : cmd == EVTCHNOP_expand_array ? sizeof(a.expand)
                                                 : sizeof(a.prio);
    if (copy_from_guest(&a, arg, size))
        return -EFAULT;
    if (cmd != EVTCHNOP_set_priority)
        return -EOPNOTSUPP;
    return evtchn_from_port(current_domain, a.prio.port) ? -ENOSYS : -EINVAL;
}

/* Xen without PIRQs for the domain: every pirq is out of range. */
static long evtchn_bind_pirq(struct evtchn_bind_pirq *b)
{
    (void)b;
    return -EINVAL;
}

static long __attribute__((noinline)) evtchn_op(int cmd, uint64_t arg)
{
    switch (cmd) {
    case EVTCHNOP_close:
    case EVTCHNOP_unmask:
    case EVTCHNOP_bind_vcpu:
    case EVTCHNOP_reset:
        return evtchn_in_op(cmd, arg);
    case EVTCHNOP_alloc_unbound:
        EVTCHN_INOUT(struct evtchn_alloc_unbound, evtchn_alloc_unbound);
    case EVTCHNOP_bind_interdomain:
        EVTCHN_INOUT(struct evtchn_bind_interdomain, evtchn_bind_interdomain);
    case EVTCHNOP_bind_virq:
        EVTCHN_INOUT(struct evtchn_bind_virq, evtchn_bind_virq);
    case EVTCHNOP_bind_ipi:
        EVTCHN_INOUT(struct evtchn_bind_ipi, evtchn_bind_ipi);
    case EVTCHNOP_bind_pirq:
        EVTCHN_INOUT(struct evtchn_bind_pirq, evtchn_bind_pirq);
    case EVTCHNOP_status:
        EVTCHN_INOUT(struct evtchn_status, evtchn_status);
    case EVTCHNOP_init_control:
    case EVTCHNOP_expand_array:
    case EVTCHNOP_set_priority:
        return evtchn_fifo_op(cmd, arg);
    default:
        return -ENOSYS;
    }
}

long do_event_channel_op(uint64_t cmd, uint64_t arg)
{
    /* Xen's handler takes an int; send is the hot one, kept apart. */
    if (likely((int)cmd == EVTCHNOP_send))
        return evtchn_send_op(arg);
    return evtchn_op((int)cmd, arg);
}
