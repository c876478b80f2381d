/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels (kernel/event_bind.c, event_channel.c, event_2l.c) on the
 * host: fake domains with real shared_info pages, guest pointers as host
 * pointers. Exact errors, the 2-level bit protocol, interdomain links. */
#include "harness.h"
#include <basalt/domain.h>
#include <basalt/errno.h>
#include <basalt/mm.h>
#include <public/event_channel.h>

/* ---- what the hypervisor around the event code provides ---- */
static struct domain *doms[4];
static struct vcpu *cur;
static unsigned int wakes, ticker_starts;

struct vcpu *current_vcpu(void)
{
    return cur;
}

struct domain *domain_by_id(uint16_t id)
{
    if (id == DOMID_SELF)
        return cur->domain;
    return id < 4 ? doms[id] : NULL;
}

void vcpu_wake(struct vcpu *v)
{
    wakes++;
    v->blocked = false;
}

/* kernel/sched.c's: a blocked vCPU is woken (a running one interrupted). */
void console_input_switch(bool to_dom0)
{
    (void)to_dom0;
}

void vcpu_kick(struct vcpu *v)
{
    if (v->blocked)
        vcpu_wake(v);
}

void pv_timer_virq_bound(struct vcpu *v)
{
    (void)v;
    ticker_starts++;
}

void *alloc_xen_pages(unsigned int order)
{
    return aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);
}

void free_xen_pages(void *va, unsigned int order)
{
    (void)order;
    free(va);
}

/* Guest memory is host memory; the first page stands for unmapped. */
int copy_from_guest(void *dst, uint64_t src, size_t len)
{
    if (src < 4096)
        return memset(dst, 0, len), -EFAULT;
    memcpy(dst, (void *)src, len);
    return 0;
}

int get_guest_u32(uint32_t *val, uint64_t src)
{
    return copy_from_guest(val, src, sizeof(*val));
}

int copy_to_guest(uint64_t dst, const void *src, size_t len)
{
    if (dst < 4096)
        return -EFAULT;
    memcpy((void *)dst, src, len);
    return 0;
}

/* ---- fixtures ---- */
static struct domain *mkdom(uint16_t id, bool priv, unsigned int nvcpus)
{
    struct domain *d = calloc(1, sizeof(*d));
    d->domain_id = id;
    d->privileged = priv;
    d->max_vcpus = nvcpus;
    d->shared_info = aligned_alloc(PAGE_SIZE, PAGE_SIZE);
    memset(d->shared_info, 0, PAGE_SIZE);
    for (unsigned int i = 0; i < nvcpus; i++) {
        d->vcpu[i] = calloc(1, sizeof(struct vcpu));
        d->vcpu[i]->domain = d;
        d->vcpu[i]->vcpu_id = i;
        d->vcpu[i]->vcpu_info = &d->shared_info->vcpu_info[i];
        d->vcpu[i]->poll_port = 0xfffffff0; /* not polling */
    }
    CHECK_EQ(evtchn_init(d), 0);
    doms[id] = d;
    return d;
}

static void rmdom(struct domain *d)
{
    evtchn_destroy(d);
    doms[d->domain_id] = NULL;
    for (unsigned int i = 0; i < d->max_vcpus; i++)
        free(d->vcpu[i]);
    free(d->shared_info);
    free(d);
}

static long op(int cmd, void *arg)
{
    return do_event_channel_op((uint64_t)cmd, (uint64_t)arg);
}

static long send(evtchn_port_t p)
{
    return op(EVTCHNOP_send, &p);
}

static long close_port(evtchn_port_t p)
{
    return op(EVTCHNOP_close, &p);
}

static long unbound(domid_t dom, domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = {dom, remote, 0};
    long rc = op(EVTCHNOP_alloc_unbound, &a);
    *port = a.port;
    return rc;
}

static long bind(domid_t rdom, evtchn_port_t rport, evtchn_port_t *port)
{
    struct evtchn_bind_interdomain b = {rdom, rport, 0};
    long rc = op(EVTCHNOP_bind_interdomain, &b);
    *port = b.local_port;
    return rc;
}

static long status(domid_t dom, evtchn_port_t port, struct evtchn_status *s)
{
    s->dom = dom;
    s->port = port;
    long rc = op(EVTCHNOP_status, s);
    return rc ? rc : (long)s->status;
}

static bool pending(struct domain *d, unsigned int p)
{
    return (d->shared_info->evtchn_pending[p / 64] >> (p % 64)) & 1;
}

static void clear_flags(struct domain *d, unsigned int p)
{
    d->shared_info->evtchn_pending[p / 64] &= ~(1UL << (p % 64));
    d->shared_info->vcpu_info[0].evtchn_pending_sel = 0;
    d->shared_info->vcpu_info[0].evtchn_upcall_pending = 0;
}

#define VI0(d) ((d)->shared_info->vcpu_info[0])

TEST(evtchn_loopback_and_bits)
{
    struct domain *d = mkdom(0, true, 1);
    struct evtchn_status st;
    evtchn_port_t a, b;
    cur = d->vcpu[0];
    CHECK_EQ(d->evtchn_nr, 64);
    CHECK_EQ(unbound(DOMID_SELF, DOMID_SELF, &a), 0);
    CHECK_EQ(a, 1); /* port 0 is reserved */
    CHECK_EQ(status(DOMID_SELF, a, &st), EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 0);
    CHECK_EQ(bind(DOMID_SELF, a, &b), 0);
    CHECK_EQ(b, 2);
    /* The new local port starts pending, with selector and upcall. */
    CHECK(pending(d, b));
    CHECK_EQ(VI0(d).evtchn_pending_sel, 1);
    CHECK_EQ(VI0(d).evtchn_upcall_pending, 1);
    clear_flags(d, b);
    CHECK_EQ(status(DOMID_SELF, a, &st), EVTCHNSTAT_interdomain);
    CHECK_EQ(st.u.interdomain.port, b);
    /* Masked: pending only; unmask raises the rest. */
    d->shared_info->evtchn_mask[0] = 1UL << a;
    CHECK_EQ(send(b), 0);
    CHECK(pending(d, a));
    CHECK_EQ(VI0(d).evtchn_pending_sel, 0);
    CHECK_EQ(VI0(d).evtchn_upcall_pending, 0);
    d->vcpu[0]->blocked = true;
    wakes = 0;
    CHECK_EQ(op(EVTCHNOP_unmask, &a), 0);
    CHECK_EQ(d->shared_info->evtchn_mask[0], 0);
    CHECK_EQ(VI0(d).evtchn_pending_sel, 1);
    CHECK_EQ(VI0(d).evtchn_upcall_pending, 1);
    CHECK_EQ(wakes, 1); /* the blocked vCPU was kicked */
    /* Already pending: nothing new, no second kick. */
    d->vcpu[0]->blocked = true;
    CHECK_EQ(send(b), 0);
    CHECK_EQ(wakes, 1);
    d->vcpu[0]->blocked = false;
    /* Close clears the pending bit; the peer waits for us again. */
    CHECK_EQ(close_port(a), 0);
    CHECK(!pending(d, a));
    CHECK_EQ(status(DOMID_SELF, b, &st), EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 0);
    CHECK_EQ(send(b), 0); /* dropped */
    CHECK_EQ(close_port(a), -EINVAL);
    CHECK_EQ(close_port(0), -EINVAL);
    CHECK_EQ(close_port(64), -EINVAL); /* beyond the valid range */
    CHECK_EQ(send(0), -EINVAL);
    CHECK_EQ(send(0xffffffff), -EINVAL);
    rmdom(d);
}

TEST(evtchn_ports_grow_and_run_out)
{
    struct domain *d = mkdom(1, false, 1);
    evtchn_port_t p = 0;
    cur = d->vcpu[0];
    for (unsigned int i = 1; i < 64; i++)
        CHECK_EQ(unbound(DOMID_SELF, 0, &p), 0);
    CHECK_EQ(p, 63);
    CHECK_EQ(d->evtchn_nr, 64);
    CHECK_EQ(unbound(DOMID_SELF, 0, &p), 0);
    CHECK_EQ(p, 64);
    CHECK_EQ(d->evtchn_nr, 128); /* grown by one bucket */
    for (unsigned int i = 65; i < 1024; i++)
        CHECK_EQ(unbound(DOMID_SELF, 0, &p), 0);
    CHECK_EQ(p, 1023);
    CHECK_EQ(unbound(DOMID_SELF, 0, &p), -ENOSPC); /* a domU's 1024 */
    CHECK_EQ(close_port(500), 0);
    CHECK_EQ(unbound(DOMID_SELF, 0, &p), 0);
    CHECK_EQ(p, 500); /* the lowest free port again */
    rmdom(d);
}

TEST(evtchn_two_domains)
{
    struct domain *d0 = mkdom(0, true, 1), *d2 = mkdom(2, false, 1);
    struct evtchn_status st;
    evtchn_port_t p0, p2, q;
    cur = d0->vcpu[0];
    CHECK_EQ(unbound(DOMID_SELF, 2, &p0), 0); /* offered to dom2 */
    cur = d2->vcpu[0];
    CHECK_EQ(unbound(0, 2, &q), -EPERM); /* a domU acting for dom0 */
    CHECK_EQ(status(0, p0, &st), -EPERM);
    CHECK_EQ(bind(0, p0, &p2), 0);
    CHECK_EQ(bind(0, p0, &q), -EINVAL); /* no longer unbound */
    CHECK_EQ(bind(3, 1, &q), -ESRCH);
    clear_flags(d2, p2);
    CHECK_EQ(send(p2), 0);
    CHECK(pending(d0, p0));
    CHECK_EQ(VI0(d0).evtchn_upcall_pending, 1);
    cur = d0->vcpu[0];
    CHECK_EQ(status(2, p2, &st), EVTCHNSTAT_interdomain); /* privileged */
    CHECK_EQ(st.u.interdomain.dom, 0);
    CHECK_EQ(st.u.interdomain.port, p0);
    /* dom2 goes away: dom0's end is unbound, waiting for dom2 again. */
    rmdom(d2);
    CHECK_EQ(status(DOMID_SELF, p0, &st), EVTCHNSTAT_unbound);
    CHECK_EQ(st.u.unbound.dom, 2);
    rmdom(d0);
}

TEST(evtchn_virqs)
{
    struct domain *d = mkdom(0, true, 2);
    struct evtchn_bind_virq bv = {VIRQ_TIMER, 0, 0};
    struct evtchn_bind_vcpu to1;
    evtchn_port_t t, x;
    cur = d->vcpu[0];
    ticker_starts = 0;
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), 0);
    t = bv.port;
    CHECK_EQ(ticker_starts, 1);
    CHECK_EQ(d->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], t);
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), -EEXIST);
    bv.vcpu = 2;
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), -ENOENT);
    bv = (struct evtchn_bind_virq){VIRQ_CONSOLE, 1, 0};
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), -EINVAL); /* global: vCPU 0 */
    bv = (struct evtchn_bind_virq){NR_VIRQS, 0, 0};
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), -EINVAL);
    send_guest_vcpu_virq(d->vcpu[0], VIRQ_TIMER);
    CHECK(pending(d, t));
    clear_flags(d, t);
    send_guest_vcpu_virq(d->vcpu[1], VIRQ_TIMER); /* unbound there */
    CHECK(!pending(d, t));
    to1 = (struct evtchn_bind_vcpu){t, 1};
    CHECK_EQ(op(EVTCHNOP_bind_vcpu, &to1), -EINVAL); /* per-vCPU VIRQ */
    /* A global VIRQ goes to dom0, on the vCPU bind_vcpu chose. */
    bv = (struct evtchn_bind_virq){VIRQ_DOM_EXC, 0, 0};
    CHECK_EQ(op(EVTCHNOP_bind_virq, &bv), 0);
    x = bv.port;
    to1.port = x;
    CHECK_EQ(op(EVTCHNOP_bind_vcpu, &to1), 0);
    send_global_virq(VIRQ_DOM_EXC);
    CHECK(pending(d, x));
    CHECK_EQ(d->shared_info->vcpu_info[1].evtchn_upcall_pending, 1);
    CHECK_EQ(VI0(d).evtchn_upcall_pending, 0);
    CHECK_EQ(send(x), -EINVAL); /* VIRQ ports are not sent on */
    /* Close unbinds: the VIRQ is free and raises nothing. */
    CHECK_EQ(close_port(t), 0);
    CHECK_EQ(d->vcpu[0]->virq_to_evtchn[VIRQ_TIMER], 0);
    send_guest_vcpu_virq(d->vcpu[0], VIRQ_TIMER);
    CHECK(!pending(d, t));
    struct evtchn_reset r = {DOMID_SELF};
    CHECK_EQ(op(EVTCHNOP_reset, &r), 0);
    CHECK_EQ(d->vcpu[0]->virq_to_evtchn[VIRQ_DOM_EXC], 0);
    rmdom(d);
}

TEST(evtchn_poll_wakes_on_masked_port)
{
    struct domain *d = mkdom(0, true, 1);
    struct evtchn_bind_ipi ipi = {0, 0};
    cur = d->vcpu[0];
    CHECK_EQ(op(EVTCHNOP_bind_ipi, &ipi), 0);
    d->shared_info->evtchn_mask[0] = ~0UL;
    d->vcpu[0]->poll_port = ipi.port;
    d->vcpu[0]->blocked = true;
    wakes = 0;
    CHECK_EQ(send(ipi.port), 0);
    CHECK_EQ(wakes, 1);
    CHECK_EQ(VI0(d).evtchn_upcall_pending, 0); /* masked: no upcall */
    ipi.vcpu = 1;
    CHECK_EQ(op(EVTCHNOP_bind_ipi, &ipi), -ENOENT);
    rmdom(d);
}

TEST(evtchn_hostile_arguments)
{
    struct domain *d = mkdom(0, true, 1), *u = mkdom(1, false, 1);
    struct evtchn_reset r = {1};
    struct evtchn_set_priority sp = {1, 0};
    uint64_t big = 0;
    cur = d->vcpu[0];
    for (int cmd = 0; cmd <= EVTCHNOP_set_priority; cmd++)
        CHECK_EQ(op(cmd, (void *)0x10), -EFAULT);
    CHECK_EQ(op(99, &big), -ENOSYS);
    CHECK_EQ(do_event_channel_op(EVTCHNOP_send | (1UL << 32), (uint64_t)&big),
             -EINVAL);                         /* an int cmd: send, on port 0 */
    CHECK_EQ(op(EVTCHNOP_reset, &r), -EINVAL); /* not paused */
    r.dom = 3;
    CHECK_EQ(op(EVTCHNOP_reset, &r), -ESRCH);
    CHECK_EQ(op(EVTCHNOP_expand_array, &big), -EOPNOTSUPP);
    struct evtchn_init_control ic = {0, 0, 0, 0, {0}};
    CHECK_EQ(op(EVTCHNOP_init_control, &ic), -EOPNOTSUPP); /* no FIFO */
    CHECK_EQ(op(EVTCHNOP_set_priority, &sp), -ENOSYS);     /* 2L: none */
    sp.port = 5000;
    CHECK_EQ(op(EVTCHNOP_set_priority, &sp), -EINVAL);
    cur = u->vcpu[0];
    r.dom = 0;
    CHECK_EQ(op(EVTCHNOP_reset, &r), -EPERM);
    rmdom(u);
    rmdom(d);
}
