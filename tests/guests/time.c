/* SPDX-License-Identifier: BSD-2-Clause */
/* PV test kernel: time. The pvclock (version protocol, monotonic, in step
 * with the timers), the shared_info wall clock, set_timer_op with Xen's
 * quirks, and every vcpu_op sub-op, hostile arguments included. */
#include "events_util.h"
#include "test.h"

#define MS 1000000UL

static evtchn_port_t tp; /* VIRQ_TIMER */
static unsigned char vcpu_ctx[5168];
static unsigned char vi_page[4096] __attribute__((aligned(4096)));

static unsigned long pfn_to_mfn(const struct start_info *si, const void *va)
{
    const unsigned long *p2m = (const unsigned long *)si->mfn_list;
    return p2m[((unsigned long)va - (unsigned long)_image_start) >> 12];
}

/* Wait (events masked) until the timer port is pending or 'until'; take
 * the event, so a later block does not return at once. */
static int tm_wait_timer(unsigned long until)
{
    int fired;
    evu_poll(tp, until);
    fired = evu_test_and_clear(evu_sh->evtchn_pending, tp);
    evu_vi->evtchn_pending_sel = 0;
    evu_vi->evtchn_upcall_pending = 0;
    return fired;
}

/* The same, running (no hypercall): the periodic timer ticks only for a
 * running vCPU. */
static int tm_spin_timer(unsigned long until)
{
    while (evu_now() < until)
        if (evu_test(evu_sh->evtchn_pending, tp))
            return tm_wait_timer(0);
    return 0;
}

static void tm_pvclock(void)
{
    const volatile struct vcpu_time_info *t = &evu_vi->time;
    unsigned long prev = evu_now(), back = 0;
    CHECK_EQ("pvclock version even", t->version & 1, 0);
    CHECK("pvclock multiplier set", t->tsc_to_system_mul != 0);
    CHECK("pvclock shift sane", t->tsc_shift >= -32 && t->tsc_shift <= 32);
    CHECK("system time after boot", prev > 0);
    for (int i = 0; i < 2000; i++) {
        unsigned long now = evu_now();
        back += now < prev;
        prev = now;
    }
    CHECK_EQ("pvclock monotonic over 2000 reads", back, 0);
}

static void tm_wallclock(void)
{
    const volatile struct shared_info *s = evu_sh;
    unsigned long sec = s->wc_sec | (unsigned long)s->wc_sec_hi << 32;
    CHECK_EQ("wc_version even", s->wc_version & 1, 0);
    CHECK("wallclock after 2024",
          sec + evu_now() / 1000000000UL >= 1704067200UL);
    CHECK("wallclock before 2100", sec < 4102444800UL);
    CHECK("wc_nsec below a second", s->wc_nsec < 1000000000U);
}

/* The timer wakes a blocked vCPU; the pvclock measured the wait. */
static void tm_block(void)
{
    unsigned long t0 = evu_now(), t1, ups = evu_upcalls;
    CHECK_EQ("set_timer_op +20ms", evu_set_timer_op(t0 + 20 * MS), 0);
    CHECK_EQ("block", HYPERVISOR_sched_op(SCHEDOP_block, 0), 0);
    t1 = evu_now();
    evu_vi->evtchn_upcall_mask = 1;
    CHECK("block lasted the 20 ms", t1 - t0 >= 20 * MS);
    CHECK("block woke within 500 ms", t1 - t0 < 500 * MS);
    CHECK("timer upcall consumed", evu_upcalls > ups && evu_last() == tp);
}

static void tm_set_timer_op(void)
{
    unsigned long t0 = evu_now();
    CHECK_EQ("set_timer_op +3ms", evu_set_timer_op(t0 + 3 * MS), 0);
    CHECK_EQ("set_timer_op 0 stops it", evu_set_timer_op(0), 0);
    CHECK("stopped timer stays quiet", !tm_wait_timer(t0 + 10 * MS));
    t0 = evu_now();
    CHECK_EQ("set_timer_op in the past", evu_set_timer_op(1), 0);
    CHECK("past timeout fires at once", tm_wait_timer(t0 + 1000 * MS));
    CHECK("... well before the poll timeout", evu_now() - t0 < 100 * MS);
    /* Xen's Linux workaround: negative or > 2^50 ns ahead: 100 ms. */
    static const unsigned long odd[] = {~0UL, 1UL << 63, 1UL << 51};
    for (unsigned int i = 0; i < ARRAY_SIZE(odd); i++) {
        t0 = evu_now();
        unsigned long t = odd[i] == 1UL << 51 ? t0 + odd[i] : odd[i];
        CHECK_EQ("set_timer_op huge", evu_set_timer_op(t), 0);
        CHECK("huge: quiet for 50 ms", !tm_wait_timer(t0 + 50 * MS));
        CHECK("huge: fires by 1 s", tm_wait_timer(t0 + 1000 * MS));
        CHECK("huge: after about 100 ms", evu_now() - t0 >= 95 * MS);
    }
}

static void tm_vcpu_basic(void)
{
    struct vcpu_runstate_info r;
    CHECK_EQ("is_up 0", evu_vcpu_op(VCPUOP_is_up, 0, 0), 1);
    CHECK_EQ("is_up 1", evu_vcpu_op(VCPUOP_is_up, 1, 0), -2);
    CHECK_EQ("vcpuid is 32 bits", evu_vcpu_op(VCPUOP_is_up, 1UL << 32, 0), 1);
    CHECK_EQ("cmd is 32 bits", evu_vcpu_op(VCPUOP_is_up | 1L << 32, 0, 0), 1);
    CHECK_EQ("up 0", evu_vcpu_op(VCPUOP_up, 0, 0), 0);
    CHECK_EQ("up 1", evu_vcpu_op(VCPUOP_up, 1, 0), -2);
    CHECK_EQ("initialise 0 bad pointer",
             evu_vcpu_op(VCPUOP_initialise, 0, EVU_BAD_PTR), -14);
    CHECK_EQ("initialise 0 (already)",
             evu_vcpu_op(VCPUOP_initialise, 0, vcpu_ctx), -17);
    CHECK_EQ("initialise 1", evu_vcpu_op(VCPUOP_initialise, 1, vcpu_ctx), -2);
    struct vcpu_get_physid id = {~0UL};
    CHECK_EQ("get_physid (dom0's one vCPU is pinned)",
             evu_vcpu_op(VCPUOP_get_physid, 0, &id), 0);
    CHECK_EQ("physid: APIC id of CPU 0", id.phys_id & 0xffffffff, 0);
    CHECK_EQ("get_physid bad pointer",
             evu_vcpu_op(VCPUOP_get_physid, 0, EVU_BAD_PTR), -14);
    CHECK_EQ("send_nmi with an argument",
             evu_vcpu_op(VCPUOP_send_nmi, 0, vcpu_ctx), -22);
    CHECK_EQ("unknown vcpu_op", evu_vcpu_op(99, 0, 0), -38);
    CHECK_EQ("get_runstate_info", evu_vcpu_op(VCPUOP_get_runstate_info, 0, &r),
             0);
    CHECK_EQ("runstate: running", r.state, RUNSTATE_running);
    CHECK("runstate: time running", r.time[RUNSTATE_running] > 0);
    CHECK("runstate: entered before now", r.state_entry_time <= evu_now());
    CHECK_EQ("get_runstate_info bad pointer",
             evu_vcpu_op(VCPUOP_get_runstate_info, 0, EVU_BAD_PTR), -14);
    CHECK_EQ("get_runstate_info vcpu 1",
             evu_vcpu_op(VCPUOP_get_runstate_info, 1, &r), -2);
}

/* The registered area follows blocking: time accrues in 'blocked'. */
static void tm_runstate_area(void)
{
    static struct vcpu_runstate_info area;
    struct vcpu_register_runstate_memory_area a = {.addr.v = &area};
    unsigned long blocked;
    CHECK_EQ("register runstate area",
             evu_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &a), 0);
    CHECK_EQ("area: running", area.state, RUNSTATE_running);
    blocked = area.time[RUNSTATE_blocked];
    evu_set_timer_op(evu_now() + 2 * MS);
    HYPERVISOR_sched_op(SCHEDOP_block, 0);
    evu_vi->evtchn_upcall_mask = 1;
    CHECK_EQ("area after block: running", area.state, RUNSTATE_running);
    CHECK("area: blocked time grew", area.time[RUNSTATE_blocked] > blocked);
    a.addr.p = (unsigned long)EVU_HV_PTR;
    CHECK_EQ("runstate area in the hypervisor",
             evu_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &a), -14);
    CHECK_EQ("runstate area bad argument",
             evu_vcpu_op(VCPUOP_register_runstate_memory_area, 0, EVU_BAD_PTR),
             -14);
    a.addr.p = 0x10; /* unmapped but a guest address: accepted */
    CHECK_EQ("runstate area unmapped",
             evu_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &a), 0);
    a.addr.p = 0;
    CHECK_EQ("runstate area off",
             evu_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &a), 0);
}

static void tm_vcpu_timers(void)
{
    struct vcpu_set_singleshot_timer ss = {evu_now() + 5 * MS, 0};
    struct vcpu_set_periodic_timer per = {999999};
    unsigned long t0 = evu_now(), n;
    CHECK_EQ("singleshot +5ms",
             evu_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0);
    CHECK("singleshot fires", tm_wait_timer(t0 + 1000 * MS));
    CHECK("singleshot after 5 ms", evu_now() - t0 >= 5 * MS);
    ss.timeout_abs_ns = evu_now() + 3 * MS;
    evu_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss);
    CHECK_EQ("stop singleshot", evu_vcpu_op(VCPUOP_stop_singleshot_timer, 0, 0),
             0);
    CHECK("stopped singleshot stays quiet",
          !tm_wait_timer(evu_now() + 10 * MS));
    ss.timeout_abs_ns = 1;
    CHECK_EQ("singleshot in the past",
             evu_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0);
    CHECK("past singleshot fires at once",
          tm_wait_timer(evu_now() + 1000 * MS));
    ss.flags = VCPU_SSHOTTMR_future; /* ignored, as Debian's Xen 4.17 */
    CHECK_EQ("future flag, past timeout",
             evu_vcpu_op(VCPUOP_set_singleshot_timer, 0, &ss), 0);
    CHECK("... fires at once", tm_wait_timer(evu_now() + 1000 * MS));
    CHECK_EQ("singleshot bad pointer",
             evu_vcpu_op(VCPUOP_set_singleshot_timer, 0, EVU_BAD_PTR), -14);
    CHECK_EQ("singleshot vcpu 1",
             evu_vcpu_op(VCPUOP_set_singleshot_timer, 1, &ss), -2);
    CHECK_EQ("period below 1 ms",
             evu_vcpu_op(VCPUOP_set_periodic_timer, 0, &per), -22);
    per.period_ns = 1UL << 63;
    CHECK_EQ("period of 2^63", evu_vcpu_op(VCPUOP_set_periodic_timer, 0, &per),
             -22);
    per.period_ns = 2 * MS;
    t0 = evu_now();
    CHECK_EQ("periodic 2 ms", evu_vcpu_op(VCPUOP_set_periodic_timer, 0, &per),
             0);
    for (n = 0; n < 3 && tm_spin_timer(t0 + 1000 * MS); n++)
        ;
    CHECK_EQ("periodic: three ticks while running", n, 3);
    /* The first is due at once (the last tick was long ago), as Xen. */
    CHECK("periodic: at least 4 ms", evu_now() - t0 >= 4 * MS);
    /* Blocked (polling): no tick wakes us; the due one comes on waking.
     * Poll right after a tick, well before the next is due. */
    per.period_ns = 30 * MS;
    evu_vcpu_op(VCPUOP_set_periodic_timer, 0, &per);
    tm_spin_timer(evu_now() + 1000 * MS);
    t0 = evu_now();
    evu_poll(tp, t0 + 100 * MS);
    CHECK("periodic does not wake a blocked vCPU", evu_now() - t0 >= 100 * MS);
    CHECK("the due tick arrives on waking", tm_spin_timer(evu_now() + 5 * MS));
    CHECK_EQ("stop periodic", evu_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0), 0);
    tm_wait_timer(evu_now() + 3 * MS); /* one may have been in flight */
    CHECK("stopped periodic stays quiet", !tm_wait_timer(evu_now() + 10 * MS));
}

/* Moved once, to our own page: everything is marked pending there. */
static void tm_vcpu_info(const struct start_info *si)
{
    struct vcpu_register_vcpu_info info = {pfn_to_mfn(si, vi_page), 4033, 0};
    volatile struct vcpu_info *nvi = (void *)(vi_page + 64);
    unsigned long before = evu_now();
    CHECK_EQ("vcpu_info offset past the page",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), -6);
    info.offset = 4;
    CHECK_EQ("vcpu_info misaligned",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), -6);
    info.offset = 64;
    info.mfn = pfn_to_mfn(si, (void *)si->pt_base);
    CHECK_EQ("vcpu_info on a page table",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), -22);
    info.mfn = ~0UL;
    CHECK_EQ("vcpu_info on no frame",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), -22);
    CHECK_EQ("vcpu_info bad pointer",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, EVU_BAD_PTR), -14);
    info.mfn = pfn_to_mfn(si, vi_page);
    evu_vi->evtchn_upcall_pending = 0;
    CHECK_EQ("register vcpu_info",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), 0);
    CHECK_EQ("moved: all marked pending", nvi->evtchn_pending_sel, ~0UL);
    CHECK_EQ("moved: upcall flag", nvi->evtchn_upcall_pending, 1);
    CHECK_EQ("moved: mask kept", nvi->evtchn_upcall_mask, 1);
    evu_vi = nvi;
    evu_vi->evtchn_pending_sel = 0;
    evu_vi->evtchn_upcall_pending = 0;
    CHECK_EQ("moved: pvclock version even", nvi->time.version & 1, 0);
    CHECK("moved: pvclock continues", evu_now() >= before);
    CHECK_EQ("register vcpu_info twice",
             evu_vcpu_op(VCPUOP_register_vcpu_info, 0, &info), -22);
    evu_set_timer_op(1);
    evu_poll(tp, evu_now() + 1000 * MS);
    CHECK("timer after the move", evu_test(evu_sh->evtchn_pending, tp));
    CHECK_EQ("event flags in the new vcpu_info", nvi->evtchn_upcall_pending, 1);
}

int guest_main(struct start_info *si)
{
    long rc = evu_map_shared_info(si);
    CHECK_EQ("map shared_info", rc, 0);
    if (rc)
        return test_summary();
    evu_vi->evtchn_upcall_mask = 1;
    CHECK_EQ("register event callback", evu_register_upcall(), 0);
    CHECK_EQ("stop the default ticker",
             evu_vcpu_op(VCPUOP_stop_periodic_timer, 0, 0), 0);
    CHECK_EQ("bind VIRQ_TIMER", evu_bind_virq(VIRQ_TIMER, 0, &tp), 0);
    tm_pvclock();
    tm_wallclock();
    tm_block();
    tm_set_timer_op();
    tm_vcpu_basic();
    tm_runstate_area();
    tm_vcpu_timers();
    tm_vcpu_info(si);
    return test_summary();
}
