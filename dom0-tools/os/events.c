/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels (2-level), handlers run from os_poll, services, and
 * os_wait's block-with-timeout. */
#include <errno.h>
#include "os_priv.h"

#define OS_NR_PORTS     (64 * 64) /* the 2-level ABI's limit */
#define OS_MAX_SERVICES 16
/* Until VIRQ_CONSOLE is seen to fire, poll console input this often. */
#define OS_CONSOLE_POLL_NS 10000000ULL

static struct {
    os_evtchn_handler_t fn;
    void *arg;
} os_handlers[OS_NR_PORTS];
static unsigned long os_fired[OS_NR_PORTS / 64]; /* set by the upcall */
static void (*os_services[OS_MAX_SERVICES])(void);
static unsigned int os_nr_services, os_poll_depth;
static evtchn_port_t os_timer_port = OS_NR_PORTS; /* our own wake-ups */

#define OS_UPCALL_ATTR __attribute__((target("general-regs-only"), used))

/*
 * The event upcall (head.S, events masked). It may interrupt any code,
 * including code using SSE registers, so it touches general registers
 * only and just moves pending ports into os_fired for os_poll.
 */
OS_UPCALL_ATTR void os_upcall(void);
OS_UPCALL_ATTR void os_upcall(void)
{
    volatile struct shared_info *s = os_shared;
    os_vcpu->evtchn_upcall_pending = 0;
    unsigned long sel =
        __atomic_exchange_n(&os_vcpu->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        sel &= sel - 1;
        unsigned long pend = s->evtchn_pending[w] & ~s->evtchn_mask[w];
        if (pend) {
            __atomic_fetch_and(&s->evtchn_pending[w], ~pend, __ATOMIC_SEQ_CST);
            __atomic_fetch_or(&os_fired[w], pend, __ATOMIC_SEQ_CST);
        }
    }
}

/* The timer VIRQ only ends a block; it is not news for anyone. */
bool os_events_waiting(void)
{
    for (unsigned int w = 0; w < OS_NR_PORTS / 64; w++) {
        unsigned long f = __atomic_load_n(&os_fired[w], __ATOMIC_RELAXED);
        if (w == os_timer_port / 64)
            f &= ~(1UL << (os_timer_port % 64));
        if (f)
            return true;
    }
    return os_vcpu->evtchn_upcall_pending;
}

static void os_ignore_event(evtchn_port_t port, void *arg)
{
    (void)port;
    (void)arg;
}

int os_evtchn_bind(evtchn_port_t port, os_evtchn_handler_t fn, void *arg)
{
    if (port >= OS_NR_PORTS || !fn)
        return -EINVAL;
    os_handlers[port].arg = arg;
    __atomic_store_n(&os_handlers[port].fn, fn, __ATOMIC_RELEASE);
    struct evtchn_unmask u = {port};
    return (int)os_evtchn_op(EVTCHNOP_unmask, &u);
}

void os_evtchn_unbind(evtchn_port_t port)
{
    if (port >= OS_NR_PORTS)
        return;
    __atomic_fetch_or(&os_shared->evtchn_mask[port / 64], 1UL << (port % 64),
                      __ATOMIC_SEQ_CST);
    os_handlers[port].fn = NULL;
    __atomic_fetch_and(&os_fired[port / 64], ~(1UL << (port % 64)),
                       __ATOMIC_SEQ_CST);
}

int os_evtchn_notify(evtchn_port_t port)
{
    struct evtchn_send s = {port};
    return (int)os_evtchn_op(EVTCHNOP_send, &s);
}

int os_bind_virq(unsigned int virq, os_evtchn_handler_t fn, void *arg)
{
    struct evtchn_bind_virq b = {virq, 0, 0};
    long rc = os_evtchn_op(EVTCHNOP_bind_virq, &b);
    if (rc)
        return (int)rc;
    rc = os_evtchn_bind(b.port, fn, arg);
    return rc ? (int)rc : (int)b.port;
}

void os_register_service(void (*fn)(void))
{
    if (fn && os_nr_services < OS_MAX_SERVICES)
        os_services[os_nr_services++] = fn;
}

static void os_run_handlers(void)
{
    for (unsigned int w = 0; w < OS_NR_PORTS / 64; w++) {
        unsigned long f =
            __atomic_exchange_n(&os_fired[w], 0, __ATOMIC_SEQ_CST);
        while (f) {
            evtchn_port_t port = w * 64 + __builtin_ctzl(f);
            f &= f - 1;
            os_evtchn_handler_t fn =
                __atomic_load_n(&os_handlers[port].fn, __ATOMIC_ACQUIRE);
            if (fn)
                fn(port, os_handlers[port].arg);
        }
    }
}

/* Services run only from the outermost os_poll: a service that waits
 * must not re-enter itself (or its neighbours) half-way through. */
void os_poll(void)
{
    os_poll_depth++;
    os_run_handlers();
    if (os_poll_depth == 1)
        for (unsigned int i = 0; i < os_nr_services; i++)
            os_services[i]();
    os_poll_depth--;
}

/* Block until an event is due or the absolute system time 'until'. The
 * mask is set before the last check, and SCHEDOP_block clears it
 * atomically with going to sleep, so no event is lost in between. */
static void os_block_until(uint64_t until)
{
    os_vcpu->evtchn_upcall_mask = 1;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!os_events_waiting()) {
        os_hypercall(__HYPERVISOR_set_timer_op, until, 0, 0, 0, 0);
        os_sched_op(SCHEDOP_block, NULL);
    }
    os_vcpu->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    /* Pending while we were masked: have the hypervisor deliver it now. */
    if (os_vcpu->evtchn_upcall_pending)
        os_hypercall(__HYPERVISOR_xen_version, 0, 0, 0, 0, 0);
}

void os_wait(uint64_t timeout_ns)
{
    uint64_t now = os_now_ns();
    uint64_t deadline = timeout_ns ? now + timeout_ns : UINT64_MAX;
    while (!os_events_waiting() && !os_console_has_input()) {
        uint64_t until = deadline;
        if (!os_console_virq_seen && now + OS_CONSOLE_POLL_NS < until)
            until = now + OS_CONSOLE_POLL_NS;
        os_block_until(until == UINT64_MAX ? 0 : until);
        if (!os_console_virq_seen)
            os_console_pull();
        now = os_now_ns();
        if (now >= deadline)
            break;
    }
    os_poll();
}

void os_events_init(void)
{
    /* set_timer_op wakes us through VIRQ_TIMER: it must be bound. */
    int port = os_bind_virq(VIRQ_TIMER, os_ignore_event, NULL);
    if (port < 0)
        os_panic("cannot bind VIRQ_TIMER");
    os_timer_port = (evtchn_port_t)port;
    /* Binding VIRQ_TIMER starts Xen's default 100 Hz ticker: stop it. */
    os_hypercall(__HYPERVISOR_vcpu_op, VCPUOP_stop_periodic_timer, 0, 0, 0, 0);
    os_vcpu->evtchn_upcall_mask = 0;
}
