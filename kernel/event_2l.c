/* SPDX-License-Identifier: BSD-2-Clause */
/* Event delivery, 2-level ABI: pending and mask bits in shared_info, the
 * selector and upcall flag in vcpu_info; send, unmask and VIRQs. The hot
 * path (a send) takes no domain lock. */
#include <basalt/lib.h>
#include <basalt/domain.h>
#include <basalt/sched.h>
#include <basalt/errno.h>
#include <asm/guest_access.h>
#include "event_channel.h"

/*
 * The guest writes these words concurrently, so every update is a locked
 * read-modify-write; the locked instructions also order the steps below
 * (x86), as Xen's guest_test_and_set_bit do.
 */
static inline bool bit_test_and_set(volatile uint64_t *w, unsigned int bit)
{
    bool old;
    __asm__ volatile("lock btsq %2, %0"
                     : "+m"(*w), "=@ccc"(old)
                     : "Ir"((uint64_t)bit)
                     : "memory");
    return old;
}

static inline bool bit_test_and_clear(volatile uint64_t *w, unsigned int bit)
{
    bool old;
    __asm__ volatile("lock btrq %2, %0"
                     : "+m"(*w), "=@ccc"(old)
                     : "Ir"((uint64_t)bit)
                     : "memory");
    return old;
}

static inline bool bit_test(const volatile uint64_t *w, unsigned int bit)
{
    return (*w >> bit) & 1;
}

/* Raise the upcall flag; kick the vCPU when it was clear (Xen's
 * vcpu_mark_events_pending). */
static inline void evtchn_mark_events_pending(struct vcpu *v)
{
    if (__atomic_exchange_n(&v->vcpu_info->evtchn_upcall_pending, 1,
                            __ATOMIC_SEQ_CST))
        return;
    /* Running here and not about to block: the way back to it delivers
     * the upcall (a blocking vCPU is still current until it switches). */
    if (v == current_vcpu() && !__atomic_load_n(&v->blocked, __ATOMIC_ACQUIRE))
        return;
    vcpu_kick(v); /* wake it, or interrupt the CPU it runs on */
}

/* SCHEDOP_poll waits even for masked ports: wake a vCPU polling port. */
static void __attribute__((noinline))
evtchn_check_pollers(struct domain *d, unsigned int port)
{
    for (unsigned int i = 0; i < d->max_vcpus; i++) {
        struct vcpu *w = d->vcpu[i];
        if (!w || !__atomic_load_n(&w->blocked, __ATOMIC_RELAXED))
            continue;
        if (w->poll_port == port ||
            (w->poll_port == ~0u && port < 64 * ARRAY_SIZE(w->poll_mask) &&
             bit_test(&w->poll_mask[port / 64], port % 64)))
            vcpu_wake(w);
    }
}

/* Pending bit, then (unmasked, newly set) the selector bit, then (newly
 * set) the upcall flag: Xen's order, each step a locked operation. */
static inline __attribute__((always_inline)) void
evtchn_deliver(struct domain *d, struct vcpu *v, unsigned int port)
{
    struct shared_info *s = d->shared_info;
    unsigned int word = port / 64, bit = port % 64;
    if (bit_test_and_set(&s->evtchn_pending[word], bit))
        return;
    if (!bit_test(&s->evtchn_mask[word], bit) &&
        !bit_test_and_set(&v->vcpu_info->evtchn_pending_sel, word))
        evtchn_mark_events_pending(v);
    /* A one-vCPU domain can only be polling on v: skip the walk unless
     * it sleeps. */
    if (d->max_vcpus > 1 || __atomic_load_n(&v->blocked, __ATOMIC_RELAXED))
        evtchn_check_pollers(d, port);
}

void evtchn_2l_set_pending(struct vcpu *v, unsigned int port)
{
    evtchn_deliver(v->domain, v, port);
}

void evtchn_2l_clear_pending(struct domain *d, unsigned int port)
{
    bit_test_and_clear(&d->shared_info->evtchn_pending[port / 64], port % 64);
}

/* Unmasking a pending port redoes what set_pending skipped. */
void evtchn_2l_unmask(struct domain *d, const struct evtchn *c,
                      unsigned int port)
{
    struct shared_info *s = d->shared_info;
    struct vcpu *v = d->vcpu[c->vcpu];
    unsigned int word = port / 64, bit = port % 64;
    if (bit_test_and_clear(&s->evtchn_mask[word], bit) &&
        bit_test(&s->evtchn_pending[word], bit) &&
        !bit_test_and_set(&v->vcpu_info->evtchn_pending_sel, word))
        evtchn_mark_events_pending(v);
}

bool evtchn_port_pending(struct domain *d, unsigned int port)
{
    if (port >= __atomic_load_n(&d->evtchn_nr, __ATOMIC_ACQUIRE))
        return false;
    return bit_test(&d->shared_info->evtchn_pending[port / 64], port % 64);
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
    if (port < __atomic_load_n(&v->domain->evtchn_nr, __ATOMIC_ACQUIRE))
        evtchn_2l_set_pending(v, port);
}

/* EVTCHNOP_send: to the peer of an interdomain port (a loopback peer is
 * in d itself), to the bound vCPU of an IPI port; dropped while unbound.
 * The hot path of event_channel_op: no domain lock, one port lock. */
static inline long evtchn_send(struct domain *d, unsigned int port)
{
    uint64_t nr = __atomic_load_n(&d->evtchn_nr, __ATOMIC_ACQUIRE);
    struct evtchn *c, *rc;
    struct domain *rd = d;
    long ret = 0;
    if (port >= nr)
        return -EINVAL;
    c = &d->evtchn[port & evtchn_index_mask(port, nr)];
    evtchn_read_lock(c);
    if (likely(c->state == ECS_INTERDOMAIN)) {
        if (c->dom != d->domain_id)
            rd = domain_by_id(c->dom);
        /* The peer cannot close (nor its domain go) while we hold c: its
         * close takes c for writing to make it unbound. */
        rc = &rd->evtchn[c->port];
        evtchn_deliver(rd, rd->vcpu[rc->vcpu], c->port);
    } else if (c->state == ECS_IPI) {
        evtchn_deliver(d, d->vcpu[c->vcpu], port);
    } else if (c->state != ECS_UNBOUND) { /* unbound: nobody listens yet */
        ret = -EINVAL;
    }
    evtchn_read_unlock(c);
    return ret;
}

long evtchn_send_op(uint64_t arg)
{
    uint32_t port;
    if (get_guest_u32(&port, arg)) /* one load, not a rep movs */
        return -EFAULT;
    return evtchn_send(current_domain, port);
}

/* Deliver virq through its binding in v's table, if it is (still) one. */
static void evtchn_send_virq(struct domain *d, struct vcpu *v,
                             unsigned int virq, bool global)
{
    unsigned int port =
        __atomic_load_n(&v->virq_to_evtchn[virq], __ATOMIC_ACQUIRE);
    struct evtchn *c = port ? evtchn_from_port(d, port) : NULL;
    if (!c || !evtchn_read_trylock(c))
        return;
    if (c->state == ECS_VIRQ && c->dom == virq)
        evtchn_2l_set_pending(global ? d->vcpu[c->vcpu] : v, port);
    evtchn_read_unlock(c);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
    struct domain *d = v->domain;
    if (virq >= PV_NR_VIRQS)
        return;
    if (virq_is_global(virq))
        evtchn_send_virq(d, d->vcpu[0], virq, true);
    else
        evtchn_send_virq(d, v, virq, false);
}

/* Global VIRQs (VIRQ_CONSOLE, VIRQ_DOM_EXC) go to the hardware domain. */
void send_global_virq(unsigned int virq)
{
    struct domain *d = domain_by_id(0);
    if (virq >= PV_NR_VIRQS || !virq_is_global(virq) || !d || !d->vcpu[0])
        return;
    evtchn_send_virq(d, d->vcpu[0], virq, true);
}
