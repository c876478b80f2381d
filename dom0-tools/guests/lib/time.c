/* SPDX-License-Identifier: BSD-2-Clause */
/* Time for the sample guests: pvclock, wall clock, timer-bounded waits. */
#include "guest.h"
#include "hypercall.h"

/* VIRQ_TIMER's port: set_timer_op deadlines arrive here. 0: unbound. */
static evtchn_port_t timer_port;

int time_init(void)
{
    int rc = evtchn_bind_virq(VIRQ_TIMER, &timer_port);

    if (rc)
        return rc;
    /* Binding VIRQ_TIMER starts Xen's default 100 Hz ticker; we only want
     * the one-shot deadlines we ask for. */
    return (int)HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
}

evtchn_port_t time_port(void)
{
    return timer_port;
}

uint64_t time_rdtsc(void)
{
    uint32_t lo, hi;

    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (uint64_t)hi << 32 | lo;
}

/* Scale a TSC delta the way the pvclock says (128-bit product, >> 32). */
static uint64_t pvclock_scale(uint64_t delta, int8_t shift, uint32_t mul)
{
    delta = shift < 0 ? delta >> -shift : delta << shift;
    return (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* The hypervisor updates vcpu_time_info under an odd version: retry until
 * we read the same even version before and after. */
uint64_t time_now(void)
{
    const volatile struct vcpu_time_info *t = &guest_vcpu_info->time;
    uint32_t version;
    uint64_t ns;

    do {
        version = t->version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        ns = t->system_time + pvclock_scale(time_rdtsc() - t->tsc_timestamp,
                                            t->tsc_shift, t->tsc_to_system_mul);
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != t->version);
    return ns;
}

/* shared_info's wc_* is the wall-clock time at system time 0. */
uint64_t time_wall(void)
{
    const volatile struct shared_info *s = guest_shared_info;
    uint32_t version;
    uint64_t sec, nsec;

    do {
        version = s->wc_version;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
        sec = s->wc_sec | (uint64_t)s->wc_sec_hi << 32;
        nsec = s->wc_nsec;
        __atomic_thread_fence(__ATOMIC_ACQUIRE);
    } while ((version & 1) || version != s->wc_version);
    return sec * NSEC_PER_SEC + nsec + time_now();
}

/* Without a timer port all we can do is spin politely. */
static int time_wait_yielding(const evtchn_port_t *ports, unsigned int n,
                              uint64_t deadline)
{
    while (time_now() < deadline) {
        for (unsigned int i = 0; i < n; i++)
            if (evtchn_take(ports[i]))
                return (int)i;
        HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
    }
    return TIME_WAIT_TIMEOUT;
}

/*
 * Arm the one-shot timer and wait on the ports plus the timer port. A
 * timer event can be stale (from an earlier deadline), so a timer wakeup
 * only counts once the clock has really passed the deadline.
 */
int time_wait(const evtchn_port_t *ports, unsigned int n, uint64_t deadline)
{
    evtchn_port_t all[TIME_WAIT_MAX + 1];

    if (n > TIME_WAIT_MAX)
        n = TIME_WAIT_MAX;
    if (!timer_port)
        return time_wait_yielding(ports, n, deadline);
    memcpy(all, ports, n * sizeof(*ports));
    all[n] = timer_port;
    for (;;) {
        for (unsigned int i = 0; i < n; i++)
            if (evtchn_take(ports[i]))
                return (int)i;
        if (time_now() >= deadline)
            return TIME_WAIT_TIMEOUT;
        HYPERVISOR_set_timer_op(deadline);
        unsigned int i = evtchn_wait(all, n + 1);
        if (i < n)
            return (int)i;
    }
}

void time_sleep_until(uint64_t deadline)
{
    time_wait(NULL, 0, deadline);
}
