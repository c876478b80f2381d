/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: event channels, 2-level ABI. A loopback pair (unbound
 * port for ourselves plus bind_interdomain to it), pending/mask/selector
 * bits, upcalls through the event callback and HYPERVISOR_iret, IPIs,
 * VIRQ_TIMER, poll and block, close/status/bind_vcpu/reset, hostile
 * arguments. Port numbers are never assumed: Xen's dom0 may differ. */
#include "events_util.h"
#include "test.h"

static evtchn_port_t pa, pb; /* the loopback pair: a unbound, b bound */

/* Events delivered in a hypercall's return path: enable, poke, disable. */
static void ev_enable_and_poke(void)
{
    evu_vi->evtchn_upcall_mask = 0;
    HYPERVISOR_xen_version(XENVER_version, 0); /* Linux's force callback */
    evu_vi->evtchn_upcall_mask = 1;
}

static void ev_loopback(void)
{
    struct evtchn_status st;
    CHECK_EQ("loopback pair", evu_loopback(&pa, &pb), 0);
    CHECK("ports are real and distinct", pa && pb && pa != pb && pa < 4096);
    CHECK_EQ("status a: interdomain", evu_status(pa, &st),
             EVTCHNSTAT_interdomain);
    CHECK_EQ("status a: peer port", st.u.interdomain.port, pb);
    CHECK_EQ("status a: peer dom (ourselves)", st.u.interdomain.dom, 0);
    CHECK_EQ("status a: vcpu", st.vcpu, 0);
    CHECK_EQ("status b: peer port",
             evu_status(pb, &st) == 2 && st.u.interdomain.port == pa, 1);
    /* Xen sets the new local port pending (notifications lost while
     * unbound). */
    CHECK("bind_interdomain leaves b pending",
          evu_test(evu_sh->evtchn_pending, pb));
    evu_clear(pb);
}

/* Masked port: pending only; unmask (events still off at the vCPU) then
 * raises selector and upcall flag; enabling delivers one upcall. */
static void ev_mask_unmask(void)
{
    unsigned long ups = evu_upcalls;
    evu_set_bit(evu_sh->evtchn_mask, pa);
    CHECK_EQ("send b", evu_send(pb), 0);
    CHECK("masked: a pending", evu_test(evu_sh->evtchn_pending, pa));
    CHECK("masked: no selector bit",
          !((evu_vi->evtchn_pending_sel >> (pa / 64)) & 1));
    CHECK_EQ("masked: no upcall flag", evu_vi->evtchn_upcall_pending, 0);
    CHECK_EQ("unmask", evu_unmask(pa), 0);
    CHECK("unmask: mask bit clear", !evu_test(evu_sh->evtchn_mask, pa));
    CHECK("unmask: selector bit",
          (evu_vi->evtchn_pending_sel >> (pa / 64)) & 1);
    CHECK_EQ("unmask: upcall flag", evu_vi->evtchn_upcall_pending, 1);
    CHECK_EQ("vCPU masked: no upcall yet", evu_upcalls, ups);
    ev_enable_and_poke();
    CHECK_EQ("enabled: one upcall", evu_upcalls, ups + 1);
    CHECK_EQ("upcall consumed a", evu_last(), pa);
    CHECK("upcall acked a", !evu_test(evu_sh->evtchn_pending, pa));
    CHECK_EQ("upcall cleared the flag", evu_vi->evtchn_upcall_pending, 0);
}

/* With events enabled a send bounces to the callback on its way back. */
static void ev_send_upcall(void)
{
    unsigned long ups = evu_upcalls;
    long rc_ab, rc_ba;
    evu_vi->evtchn_upcall_mask = 0;
    rc_ab = evu_send(pb);
    rc_ba = evu_send(pa);
    evu_vi->evtchn_upcall_mask = 1;
    CHECK_EQ("send b -> a", rc_ab, 0);
    CHECK_EQ("send a -> b", rc_ba, 0);
    CHECK_EQ("two upcalls", evu_upcalls, ups + 2);
    CHECK_EQ("second upcall consumed b", evu_last(), pb);
    CHECK_EQ("first upcall consumed a", evu_log[(evu_events - 2) % EVU_LOG],
             pa);
    /* Already pending: a second send sets nothing new. */
    CHECK_EQ("send b (masked vCPU)", evu_send(pb), 0);
    CHECK_EQ("send b again", evu_send(pb), 0);
    ev_enable_and_poke();
    CHECK_EQ("pending twice, delivered once", evu_upcalls, ups + 3);
}

static void ev_ipi(void)
{
    struct evtchn_bind_ipi b = {0, 0};
    struct evtchn_status st;
    unsigned long ups = evu_upcalls;
    CHECK_EQ("bind_ipi", evu_op(EVTCHNOP_bind_ipi, &b), 0);
    CHECK_EQ("status ipi", evu_status(b.port, &st), EVTCHNSTAT_ipi);
    CHECK_EQ("send ipi", evu_send(b.port), 0);
    ev_enable_and_poke();
    CHECK_EQ("ipi upcall", evu_upcalls, ups + 1);
    CHECK_EQ("ipi port consumed", evu_last(), b.port);
    struct evtchn_bind_vcpu bv = {b.port, 0};
    CHECK_EQ("bind_vcpu of an ipi", evu_op(EVTCHNOP_bind_vcpu, &bv), -22);
    CHECK_EQ("close ipi", evu_close(b.port), 0);
    CHECK_EQ("status closed ipi", evu_status(b.port, &st), EVTCHNSTAT_closed);
    CHECK_EQ("send on a closed port", evu_send(b.port), -22);
    CHECK_EQ("double close", evu_close(b.port), -22);
    b.vcpu = 1;
    CHECK_EQ("bind_ipi vcpu 1", evu_op(EVTCHNOP_bind_ipi, &b), -2);
}

static void ev_virq_binding(void)
{
    evtchn_port_t p, q;
    struct evtchn_status st;
    CHECK_EQ("bind_virq DEBUG", evu_bind_virq(VIRQ_DEBUG, 0, &p), 0);
    CHECK_EQ("bind_virq DEBUG twice", evu_bind_virq(VIRQ_DEBUG, 0, &q), -17);
    CHECK_EQ("status virq", evu_status(p, &st), EVTCHNSTAT_virq);
    CHECK_EQ("status virq number", st.u.virq, VIRQ_DEBUG);
    CHECK_EQ("send on a virq port", evu_send(p), -22);
    struct evtchn_bind_vcpu bv = {p, 0};
    CHECK_EQ("bind_vcpu of a per-vcpu virq", evu_op(EVTCHNOP_bind_vcpu, &bv),
             -22);
    CHECK_EQ("close virq", evu_close(p), 0);
    CHECK_EQ("rebind after close", evu_bind_virq(VIRQ_DEBUG, 0, &p), 0);
    CHECK_EQ("close again", evu_close(p), 0);
    CHECK_EQ("bind_virq vcpu 1", evu_bind_virq(VIRQ_TIMER, 1, &p), -2);
    CHECK_EQ("bind_virq 24", evu_bind_virq(NR_VIRQS, 0, &p), -22);
    CHECK_EQ("bind_virq 2^31", evu_bind_virq(0x80000000u, 0, &p), -22);
    CHECK_EQ("global virq on vcpu 1", evu_bind_virq(VIRQ_CONSOLE, 1, &p), -22);
    CHECK_EQ("bind_virq DOM_EXC", evu_bind_virq(VIRQ_DOM_EXC, 0, &p), 0);
    bv.port = p;
    CHECK_EQ("bind_vcpu of a global virq", evu_op(EVTCHNOP_bind_vcpu, &bv), 0);
    bv.vcpu = 1;
    CHECK_EQ("bind_vcpu to vcpu 1", evu_op(EVTCHNOP_bind_vcpu, &bv), -2);
    CHECK_EQ("close DOM_EXC", evu_close(p), 0);
}

/* VIRQ_TIMER from set_timer_op: block sleeps until it fires (and
 * enables events, so the upcall runs before block returns). */
static void ev_timer_block(void)
{
    evtchn_port_t t, dummy;
    unsigned long ups = evu_upcalls, t0, t1;
    CHECK_EQ("stop the default ticker",
             evu_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0), 0);
    CHECK_EQ("bind_virq TIMER", evu_bind_virq(VIRQ_TIMER, 0, &t), 0);
    CHECK_EQ("bind_virq TIMER twice", evu_bind_virq(VIRQ_TIMER, 0, &dummy),
             -17);
    t0 = evu_now();
    CHECK_EQ("set_timer_op +2ms", evu_set_timer_op(t0 + 2000000), 0);
    CHECK_EQ("block", HYPERVISOR_sched_op(SCHEDOP_block, 0), 0);
    t1 = evu_now();
    evu_vi->evtchn_upcall_mask = 1;
    CHECK("block woke after the timer", t1 - t0 >= 2000000);
    CHECK("block did not oversleep (1 s)", t1 - t0 < 1000000000UL);
    CHECK("timer upcall ran", evu_upcalls > ups);
    CHECK_EQ("timer port consumed", evu_last(), t);
    CHECK_EQ("close timer virq", evu_close(t), 0);
}

/* Poll waits for a (masked) port or the timeout. */
static void ev_poll(void)
{
    unsigned long t0 = evu_now(), t1;
    evu_set_bit(evu_sh->evtchn_mask, pa);
    CHECK_EQ("poll times out", evu_poll(pa, t0 + 3000000), 0);
    t1 = evu_now();
    CHECK("poll waited for the timeout", t1 - t0 >= 3000000);
    CHECK_EQ("send b", evu_send(pb), 0);
    t0 = evu_now();
    CHECK_EQ("poll on a pending port", evu_poll(pa, t0 + 1000000000UL), 0);
    CHECK("poll returned at once", evu_now() - t0 < 500000000UL);
    CHECK_EQ("poll of port 5000", evu_poll(5000, 0), -22);
    struct sched_poll p = {{0}, 1, 0};
    set_xen_guest_handle(p.ports, EVU_BAD_PTR);
    CHECK_EQ("poll bad ports pointer", HYPERVISOR_sched_op(SCHEDOP_poll, &p),
             -14);
    evu_clear(pa);
    CHECK_EQ("unmask a", evu_unmask(pa), 0);
}

static void ev_hostile_ports(void)
{
    struct evtchn_status st;
    CHECK_EQ("send port 0", evu_send(0), -22);
    CHECK_EQ("send port 4096", evu_send(4096), -22);
    CHECK_EQ("send port 2^32-1", evu_send(0xffffffffu), -22);
    CHECK_EQ("close port 0", evu_close(0), -22);
    CHECK_EQ("close port 5000", evu_close(5000), -22);
    CHECK_EQ("unmask port 5000", evu_unmask(5000), -22);
    CHECK_EQ("status port 0: closed", evu_status(0, &st), EVTCHNSTAT_closed);
    CHECK_EQ("status port 4096", evu_status(4096, &st), -22);
    st.dom = EVU_DOMID_BAD;
    st.port = 1;
    CHECK_EQ("status of no domain", evu_op(EVTCHNOP_status, &st), -3);
    struct evtchn_bind_vcpu bv = {5000, 0};
    CHECK_EQ("bind_vcpu port 5000", evu_op(EVTCHNOP_bind_vcpu, &bv), -22);
    struct evtchn_alloc_unbound au = {EVU_DOMID_BAD, DOMID_SELF, 0};
    CHECK_EQ("alloc_unbound for no domain", evu_op(EVTCHNOP_alloc_unbound, &au),
             -3);
    struct evtchn_bind_interdomain bi = {EVU_DOMID_BAD, 1, 0};
    CHECK_EQ("bind to no domain", evu_op(EVTCHNOP_bind_interdomain, &bi), -3);
    bi.remote_dom = DOMID_SELF;
    bi.remote_port = 0;
    CHECK_EQ("bind to port 0", evu_op(EVTCHNOP_bind_interdomain, &bi), -22);
    bi.remote_port = 5000;
    CHECK_EQ("bind to port 5000", evu_op(EVTCHNOP_bind_interdomain, &bi), -22);
    bi.remote_port = pb; /* bound, not unbound */
    CHECK_EQ("bind to a bound port", evu_op(EVTCHNOP_bind_interdomain, &bi),
             -22);
    au.dom = DOMID_SELF;
    au.remote_dom = 5; /* reserved for domain 5, not us */
    CHECK_EQ("alloc_unbound for dom 5", evu_op(EVTCHNOP_alloc_unbound, &au), 0);
    bi.remote_port = au.port;
    CHECK_EQ("bind to a port meant for another domain",
             evu_op(EVTCHNOP_bind_interdomain, &bi), -22);
    CHECK_EQ("status: unbound for 5",
             evu_status(au.port, &st) == 1 && st.u.unbound.dom == 5, 1);
    CHECK_EQ("send on an unbound port is dropped", evu_send(au.port), 0);
    CHECK_EQ("close unbound", evu_close(au.port), 0);
}

static void ev_bad_pointers(void)
{
    static const int cmds[] = {EVTCHNOP_bind_interdomain,
                               EVTCHNOP_bind_virq,
                               EVTCHNOP_close,
                               EVTCHNOP_send,
                               EVTCHNOP_status,
                               EVTCHNOP_alloc_unbound,
                               EVTCHNOP_bind_ipi,
                               EVTCHNOP_bind_vcpu,
                               EVTCHNOP_unmask,
                               EVTCHNOP_reset,
                               EVTCHNOP_init_control,
                               EVTCHNOP_expand_array,
                               EVTCHNOP_set_priority,
                               EVTCHNOP_bind_pirq};
    int bad = 0, hv = 0;
    for (unsigned int i = 0; i < ARRAY_SIZE(cmds); i++) {
        bad += evu_op(cmds[i], EVU_BAD_PTR) == -14;
        hv += evu_op(cmds[i], EVU_HV_PTR) == -14;
    }
    CHECK_EQ("every op: unmapped pointer -EFAULT", bad, ARRAY_SIZE(cmds));
    CHECK_EQ("every op: hypervisor pointer -EFAULT", hv, ARRAY_SIZE(cmds));
    CHECK_EQ("unknown op", evu_op(99, EVU_BAD_PTR), -38);
    struct evtchn_expand_array ea = {0};
    CHECK_EQ("expand_array: 2-level only", evu_op(EVTCHNOP_expand_array, &ea),
             -95);
    struct evtchn_set_priority sp = {pa, 1};
    CHECK_EQ("set_priority: 2-level has none",
             evu_op(EVTCHNOP_set_priority, &sp), -38);
    sp.port = 5000;
    CHECK_EQ("set_priority port 5000", evu_op(EVTCHNOP_set_priority, &sp), -22);
}

/* close of one end makes the other unbound (waiting for us again). */
static void ev_close_reset(void)
{
    struct evtchn_status st;
    struct evtchn_reset r = {EVU_DOMID_BAD};
    struct evtchn_bind_interdomain bi = {DOMID_SELF, pb, 0};
    evtchn_port_t t;
    CHECK_EQ("close a", evu_close(pa), 0);
    CHECK_EQ("b is unbound again", evu_status(pb, &st), EVTCHNSTAT_unbound);
    CHECK_EQ("b waits for ourselves", st.u.unbound.dom, 0);
    CHECK_EQ("send on b now dropped", evu_send(pb), 0);
    CHECK_EQ("bind_vcpu of an unbound port",
             evu_op(EVTCHNOP_bind_vcpu, &(struct evtchn_bind_vcpu){pb, 0}), 0);
    CHECK_EQ("bind to b again", evu_op(EVTCHNOP_bind_interdomain, &bi), 0);
    CHECK_EQ("b connected again",
             evu_status(pb, &st) == 2 && st.u.interdomain.port == bi.local_port,
             1);
    CHECK_EQ("bind_virq TIMER", evu_bind_virq(VIRQ_TIMER, 0, &t), 0);
    CHECK_EQ("reset of no domain", evu_op(EVTCHNOP_reset, &r), -3);
    r.dom = DOMID_SELF;
    CHECK_EQ("reset", evu_op(EVTCHNOP_reset, &r), 0);
    CHECK_EQ("reset closed b", evu_status(pb, &st), EVTCHNSTAT_closed);
    CHECK_EQ("reset closed the timer virq", evu_status(t, &st),
             EVTCHNSTAT_closed);
    CHECK_EQ("virq free again", evu_bind_virq(VIRQ_TIMER, 0, &t), 0);
    CHECK_EQ("reset again", evu_op(EVTCHNOP_reset, &r), 0);
}

int guest_main(struct start_info *si)
{
    long rc = evu_map_shared_info(si);
    CHECK_EQ("map shared_info", rc, 0);
    if (rc)
        return test_summary();
    evu_vi->evtchn_upcall_mask = 1;
    CHECK_EQ("register event callback", evu_register_upcall(), 0);
    ev_loopback();
    ev_mask_unmask();
    ev_send_upcall();
    ev_ipi();
    ev_virq_binding();
    ev_timer_block();
    ev_poll();
    ev_hostile_ports();
    ev_bad_pointers();
    ev_close_reset();
    return test_summary();
}
