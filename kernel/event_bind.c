/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels, 2-level ABI: the port table and the life of a port
 * (alloc_unbound, bind_interdomain/virq/ipi, close, reset, destroy).
 * Errors follow Xen 4.17's xen/common/event_channel.c. */
#include <basalt/lib.h>
#include <basalt/console.h>
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include "event_channel.h"
#include "pv_time.h"

/* Storage for every port the domain may have is allocated up front (8
 * bytes a port: 32 KiB for dom0's 4096), so lock-free senders never see
 * the table move; the valid range d->evtchn_nr grows as ports are used. */
static unsigned int evtchn_table_order(const struct domain *d)
{
    unsigned int order = 0;
    while ((PAGE_SIZE << order) < evtchn_max_ports(d) * sizeof(struct evtchn))
        order++;
    return order;
}

int evtchn_init(struct domain *d)
{
    unsigned int order = evtchn_table_order(d);
    d->evtchn = alloc_xen_pages(order);
    if (!d->evtchn)
        return -ENOMEM;
    memset(d->evtchn, 0, PAGE_SIZE << order);
    d->evtchn[0].state = ECS_RESERVED;
    __atomic_store_n(&d->evtchn_nr, EVTCHN_BUCKET, __ATOMIC_RELEASE);
    return 0;
}

/* A free port of d, growing the valid range by a bucket when full. Under
 * d->evtchn_lock. */
static int evtchn_get_free_port(struct domain *d)
{
    unsigned int nr = d->evtchn_nr;
    if (d->is_dying)
        return -EINVAL;
    for (unsigned int port = 1; port < nr; port++)
        if (d->evtchn[port].state == ECS_FREE)
            return (int)port;
    if (nr >= evtchn_max_ports(d))
        return -ENOSPC;
    __atomic_store_n(&d->evtchn_nr, nr + EVTCHN_BUCKET, __ATOMIC_RELEASE);
    return (int)nr;
}

/* Back to free (notify vCPU 0); a stale pending bit would fire on the
 * next binding of the port. The caller holds c for writing. */
static void evtchn_free(struct domain *d, struct evtchn *c, unsigned int port)
{
    evtchn_2l_clear_pending(d, port);
    c->state = ECS_FREE;
    c->vcpu = 0;
    c->dom = 0;
    c->port = 0;
}

static void evtchn_set_state(struct evtchn *c, uint8_t state, uint8_t vcpu,
                             uint16_t dom, uint16_t port)
{
    evtchn_write_lock(c);
    c->state = state;
    c->vcpu = vcpu;
    c->dom = dom;
    c->port = port;
    evtchn_write_unlock(c);
}

long evtchn_alloc_unbound(struct evtchn_alloc_unbound *a)
{
    struct domain *d = domain_by_id(a->dom);
    int port;
    if (!d)
        return -ESRCH;
    if (!evtchn_may_act_on(d))
        return -EPERM;
    spin_lock(&d->evtchn_lock);
    port = evtchn_get_free_port(d);
    if (port >= 0) {
        uint16_t remote = a->remote_dom == DOMID_SELF
                              ? current_domain->domain_id
                              : a->remote_dom;
        evtchn_set_state(&d->evtchn[port], ECS_UNBOUND, 0, remote, 0);
        a->port = (uint32_t)port;
    }
    spin_unlock(&d->evtchn_lock);
    return port < 0 ? port : 0;
}

/* Both domains' locks, lower id first (one lock for a loopback). */
static void evtchn_double_lock(struct domain *a, struct domain *b)
{
    if (a == b) {
        spin_lock(&a->evtchn_lock);
    } else if (a->domain_id < b->domain_id) {
        spin_lock(&a->evtchn_lock);
        spin_lock(&b->evtchn_lock);
    } else {
        spin_lock(&b->evtchn_lock);
        spin_lock(&a->evtchn_lock);
    }
}

static void evtchn_double_unlock(struct domain *a, struct domain *b)
{
    spin_unlock(&a->evtchn_lock);
    if (a != b)
        spin_unlock(&b->evtchn_lock);
}

/* Two ports' write locks, in address order. */
static void evtchn_pair_lock(struct evtchn *a, struct evtchn *b)
{
    evtchn_write_lock(a < b ? a : b);
    evtchn_write_lock(a < b ? b : a);
}

static void evtchn_pair_unlock(struct evtchn *a, struct evtchn *b)
{
    evtchn_write_unlock(a);
    evtchn_write_unlock(b);
}

/* Connect a fresh local port to rd's unbound port that names us; the
 * local port starts pending, for notifications lost while unbound. */
static long evtchn_connect(struct domain *ld, struct domain *rd,
                           struct evtchn_bind_interdomain *b)
{
    int lport = evtchn_get_free_port(ld);
    struct evtchn *lc, *rc;
    if (lport < 0)
        return lport;
    lc = &ld->evtchn[lport];
    rc = evtchn_from_port(rd, b->remote_port);
    if (!rc || rc->state != ECS_UNBOUND || rc->dom != ld->domain_id)
        return -EINVAL;
    evtchn_pair_lock(lc, rc);
    lc->state = ECS_INTERDOMAIN;
    lc->dom = rd->domain_id;
    lc->port = (uint16_t)b->remote_port;
    rc->state = ECS_INTERDOMAIN;
    rc->dom = ld->domain_id;
    rc->port = (uint16_t)lport;
    evtchn_2l_set_pending(ld->vcpu[lc->vcpu], (unsigned int)lport);
    evtchn_pair_unlock(lc, rc);
    b->local_port = (uint32_t)lport;
    return 0;
}

long evtchn_bind_interdomain(struct evtchn_bind_interdomain *b)
{
    struct domain *ld = current_domain, *rd = domain_by_id(b->remote_dom);
    long rc;
    if (!rd)
        return -ESRCH;
    evtchn_double_lock(ld, rd);
    rc = evtchn_connect(ld, rd, b);
    evtchn_double_unlock(ld, rd);
    return rc;
}

long evtchn_bind_virq(struct evtchn_bind_virq *b)
{
    struct domain *d = current_domain;
    struct vcpu *v;
    int port;
    if (b->virq >= PV_NR_VIRQS)
        return -EINVAL; /* Xen reads virq as an int: also the huge ones */
    if (virq_is_global(b->virq) && b->vcpu != 0)
        return -EINVAL;
    if (!(v = evtchn_vcpu(d, b->vcpu)))
        return -ENOENT;
    b->virq &= evtchn_index_mask(b->virq, PV_NR_VIRQS);
    spin_lock(&d->evtchn_lock);
    if (v->virq_to_evtchn[b->virq]) {
        port = -EEXIST;
    } else if ((port = evtchn_get_free_port(d)) >= 0) {
        evtchn_set_state(&d->evtchn[port], ECS_VIRQ, (uint8_t)b->vcpu,
                         (uint16_t)b->virq, 0);
        __atomic_store_n(&v->virq_to_evtchn[b->virq], (uint16_t)port,
                         __ATOMIC_RELEASE);
        b->port = (uint32_t)port;
    }
    spin_unlock(&d->evtchn_lock);
    if (port >= 0 && b->virq == VIRQ_TIMER)
        pv_timer_virq_bound(v);
    /* dom0 listens to the console: serial input is its from now on (Xen
     * hands it over at the end of boot; keys typed early must not go to
     * the debug-key handler). */
    if (port >= 0 && b->virq == VIRQ_CONSOLE && d->domain_id == 0)
        console_input_switch(true);
    return port < 0 ? port : 0;
}

long evtchn_bind_ipi(struct evtchn_bind_ipi *b)
{
    struct domain *d = current_domain;
    int port;
    if (!evtchn_vcpu(d, b->vcpu))
        return -ENOENT;
    spin_lock(&d->evtchn_lock);
    port = evtchn_get_free_port(d);
    if (port >= 0) {
        evtchn_set_state(&d->evtchn[port], ECS_IPI, (uint8_t)b->vcpu, 0, 0);
        b->port = (uint32_t)port;
    }
    spin_unlock(&d->evtchn_lock);
    return port < 0 ? port : 0;
}

/* Close an interdomain port: the peer becomes unbound, waiting for us
 * again. Both domains locked. */
static void evtchn_close_interdomain(struct domain *d1, struct evtchn *c1,
                                     unsigned int port1, struct domain *d2)
{
    struct evtchn *c2 = &d2->evtchn[c1->port];
    BUG_ON(c2->state != ECS_INTERDOMAIN || c2->dom != d1->domain_id);
    evtchn_pair_lock(c1, c2);
    evtchn_free(d1, c1, port1);
    c2->state = ECS_UNBOUND;
    c2->dom = d1->domain_id;
    c2->port = 0;
    evtchn_pair_unlock(c1, c2);
}

/* Take the peer's lock too; d1's lock is dropped and retaken when the
 * peer's id is lower, so the port may have changed meanwhile. */
static struct domain *evtchn_lock_peer(struct domain *d1, struct evtchn *c1)
{
    struct domain *d2 = domain_by_id(c1->dom);
    uint16_t port2 = c1->port;
    BUG_ON(!d2);
    if (d2 == d1)
        return d2;
    if (d1->domain_id < d2->domain_id) {
        spin_lock(&d2->evtchn_lock);
        return d2;
    }
    spin_unlock(&d1->evtchn_lock);
    evtchn_double_lock(d1, d2);
    if (c1->state != ECS_INTERDOMAIN || c1->dom != d2->domain_id ||
        c1->port != port2) {
        spin_unlock(&d2->evtchn_lock);
        return NULL; /* closed meanwhile: as if we had seen it free */
    }
    return d2;
}

static void evtchn_unbind_virq(struct domain *d, const struct evtchn *c)
{
    struct vcpu *v = d->vcpu[virq_is_global(c->dom) ? 0 : c->vcpu];
    __atomic_store_n(&v->virq_to_evtchn[c->dom], 0, __ATOMIC_RELEASE);
}

/* EVTCHNOP_close, and every port at reset or destruction. */
long evtchn_close_port(struct domain *d1, unsigned int port1)
{
    struct evtchn *c1 = evtchn_from_port(d1, port1);
    struct domain *d2;
    long rc = 0;
    if (!c1)
        return -EINVAL;
    spin_lock(&d1->evtchn_lock);
    switch (c1->state) {
    case ECS_UNBOUND:
    case ECS_IPI:
        break;
    case ECS_VIRQ:
        evtchn_unbind_virq(d1, c1);
        break;
    case ECS_INTERDOMAIN:
        if (!(d2 = evtchn_lock_peer(d1, c1))) {
            rc = -EINVAL;
            goto out;
        }
        evtchn_close_interdomain(d1, c1, port1, d2);
        if (d2 != d1)
            spin_unlock(&d2->evtchn_lock);
        goto out;
    default: /* free, reserved (port 0) */
        rc = -EINVAL;
        goto out;
    }
    evtchn_write_lock(c1);
    evtchn_free(d1, c1, port1);
    evtchn_write_unlock(c1);
out:
    spin_unlock(&d1->evtchn_lock);
    return rc;
}
/* Close every port. Another domain must be paused in Xen; nothing pauses
 * domains here yet, so only a domain's own reset is accepted. */
long evtchn_reset(domid_t dom)
{
    struct domain *d = domain_by_id(dom);
    if (!d)
        return -ESRCH;
    if (!evtchn_may_act_on(d))
        return -EPERM;
    if (d != current_domain)
        return -EINVAL;
    for (unsigned int port = 1; port < d->evtchn_nr; port++)
        evtchn_close_port(d, port);
    return 0;
}

void evtchn_destroy(struct domain *d)
{
    if (!d->evtchn)
        return;
    struct evtchn *table = d->evtchn;
    for (unsigned int port = 1; port < d->evtchn_nr; port++)
        evtchn_close_port(d, port);
    /* Ports out of range before the table goes (a destroyed domain). */
    __atomic_store_n(&d->evtchn_nr, 0, __ATOMIC_RELEASE);
    d->evtchn = NULL;
    free_xen_pages(table, evtchn_table_order(d));
}
