/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels, private to kernel/event_channel.c and event_2l.c: the
 * per-port record, its reader/writer lock and the port table lookup. */
#ifndef KERNEL_EVENT_CHANNEL_H
#define KERNEL_EVENT_CHANNEL_H

#include <basalt/domain.h>
#include <basalt/spinlock.h>
#include <public/event_channel.h>

/* Port states, Xen's ECS_* numbering. */
#define ECS_FREE        0
#define ECS_RESERVED    1 /* port 0: never allocated */
#define ECS_UNBOUND     2
#define ECS_INTERDOMAIN 3
#define ECS_PIRQ        4
#define ECS_VIRQ        5
#define ECS_IPI         6

/* The 2-level ABI's ports, and Xen's default bound for a domU
 * (xl's max_event_channels = 1023, so ports 0..1023). */
#define EVTCHN_MAX_PORTS_PRIV  EVTCHN_2L_NR_CHANNELS
#define EVTCHN_MAX_PORTS_GUEST 1024
/* The valid range (d->evtchn_nr) grows in Xen's bucket steps. */
#define EVTCHN_BUCKET 64

/*
 * One port. Writers (bind, close, bind_vcpu) hold the domain's evtchn_lock
 * and then this port's lock for writing; senders take it for reading
 * without any domain lock, from hypercalls (spinning) or from interrupt
 * context (trylock only: a port being rebound at that instant drops the
 * event, as in Xen).
 */
struct evtchn {
    int16_t lock;  /* readers, or EVTCHN_WRITER */
    uint8_t state; /* ECS_* */
    uint8_t vcpu;  /* the vCPU notified */
    uint16_t dom;  /* UNBOUND/INTERDOMAIN: remote domain; VIRQ: the virq */
    uint16_t port; /* INTERDOMAIN: remote port */
};
_Static_assert(sizeof(struct evtchn) == 8, "evtchn is 8 bytes");
_Static_assert(PV_MAX_VCPUS <= 256, "evtchn.vcpu is a byte");
_Static_assert(EVTCHN_2L_NR_CHANNELS <= 65536, "evtchn.port is 16 bits");

#define EVTCHN_WRITER INT16_MIN

static inline bool evtchn_read_trylock(struct evtchn *c)
{
    int16_t n = __atomic_load_n(&c->lock, __ATOMIC_RELAXED);
    do {
        if (n < 0)
            return false;
    } while (!__atomic_compare_exchange_n(&c->lock, &n, (int16_t)(n + 1), true,
                                          __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
    return true;
}

static inline void evtchn_read_lock(struct evtchn *c)
{
    while (!evtchn_read_trylock(c))
        cpu_relax();
}

static inline void evtchn_read_unlock(struct evtchn *c)
{
    __atomic_fetch_sub(&c->lock, 1, __ATOMIC_RELEASE);
}

static inline void evtchn_write_lock(struct evtchn *c)
{
    int16_t free = 0;
    while (!__atomic_compare_exchange_n(&c->lock, &free, EVTCHN_WRITER, false,
                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        free = 0;
        cpu_relax();
    }
}

static inline void evtchn_write_unlock(struct evtchn *c)
{
    __atomic_store_n(&c->lock, 0, __ATOMIC_RELEASE);
}

/* All-ones when idx < size, else 0, without a branch the CPU could
 * speculate past: a guest's port never indexes past the table. */
static inline uint64_t evtchn_index_mask(uint64_t idx, uint64_t size)
{
    uint64_t mask;
    __asm__("cmp %2, %1; sbb %0, %0" : "=r"(mask) : "r"(idx), "r"(size));
    return mask;
}

/* The port's record, or NULL when port is outside the valid range. */
static inline struct evtchn *evtchn_from_port(struct domain *d, uint64_t port)
{
    uint64_t nr = __atomic_load_n(&d->evtchn_nr, __ATOMIC_ACQUIRE);
    if (port >= nr)
        return NULL;
    return &d->evtchn[port & evtchn_index_mask(port, nr)];
}

static inline unsigned int evtchn_max_ports(const struct domain *d)
{
    return d->privileged ? EVTCHN_MAX_PORTS_PRIV : EVTCHN_MAX_PORTS_GUEST;
}

/* Global VIRQs go to vCPU 0's binding of the handling domain (dom0). */
static inline bool virq_is_global(unsigned int virq)
{
    return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF &&
           virq != VIRQ_XENPMU;
}

/* Xen's rule for an operation on another domain (XSM_TARGET): the domain
 * itself or a privileged caller. */
static inline bool evtchn_may_act_on(const struct domain *d)
{
    return d == current_domain || current_domain->privileged;
}

/* vCPU id of d, or NULL; the guest's id never indexes past the array. */
static inline struct vcpu *evtchn_vcpu(struct domain *d, uint32_t id)
{
    if (id >= d->max_vcpus)
        return NULL;
    return d->vcpu[id & evtchn_index_mask(id, d->max_vcpus)];
}

/* The ports' lives (event_bind.c); the caller copies arguments in and
 * out. */
long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a);
long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b);
long evtchn_bind_virq(struct evtchn_bind_virq *b);
long evtchn_bind_ipi(struct evtchn_bind_ipi *b);
long evtchn_close_port(struct domain *d, unsigned int port);
long evtchn_reset(domid_t dom);

/* 2-level delivery (event_2l.c). */
void evtchn_2l_set_pending(struct vcpu *v, unsigned int port);
void evtchn_2l_clear_pending(struct domain *d, unsigned int port);
void evtchn_2l_unmask(struct domain *d, const struct evtchn *c,
                      unsigned int port);
/* EVTCHNOP_send with its guest argument (the hot path). */
long evtchn_send_op(uint64_t arg);

#endif
