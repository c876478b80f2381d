/* SPDX-License-Identifier: BSD-2-Clause */
/* Helpers for the event-channel and time test kernels: hypercalls, the
 * shared_info mapping, 2-level bit operations, the pvclock, and an event
 * upcall handler that records the ports it consumed. */
#ifndef GUEST_EVENTS_UTIL_H
#define GUEST_EVENTS_UTIL_H

#include "hypercall.h"
#include "lib.h"
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/vcpu.h>

#define EVU_BAD_PTR   ((void *)0x10UL)               /* unmapped */
#define EVU_HV_PTR    ((void *)0xffff830000000000UL) /* the hypervisor's */
#define EVU_DOMID_BAD 100 /* no such domain on either hypervisor */

static inline long evu_op(int cmd, void *arg)
{
    return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long evu_vcpu_op(long cmd, unsigned long vcpu, void *arg)
{
    return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long evu_set_timer_op(unsigned long t)
{
    return hypercall1(__HYPERVISOR_set_timer_op, t);
}

static inline long evu_send(evtchn_port_t port)
{
    struct evtchn_send s = {port};
    return evu_op(EVTCHNOP_send, &s);
}

static inline long evu_close(evtchn_port_t port)
{
    struct evtchn_close c = {port};
    return evu_op(EVTCHNOP_close, &c);
}

static inline long evu_unmask(evtchn_port_t port)
{
    struct evtchn_unmask u = {port};
    return evu_op(EVTCHNOP_unmask, &u);
}

/* status(port) of our own domain: the EVTCHNSTAT_* or a -errno. */
static inline long evu_status(evtchn_port_t port, struct evtchn_status *s)
{
    s->dom = DOMID_SELF;
    s->port = port;
    long rc = evu_op(EVTCHNOP_status, s);
    return rc ? rc : (long)s->status;
}

/* A loopback pair: a is unbound for ourselves, b bound to it. Returns 0. */
static inline long evu_loopback(evtchn_port_t *a, evtchn_port_t *b)
{
    struct evtchn_alloc_unbound au = {DOMID_SELF, DOMID_SELF, 0};
    struct evtchn_bind_interdomain bi = {DOMID_SELF, 0, 0};
    long rc = evu_op(EVTCHNOP_alloc_unbound, &au);
    if (rc)
        return rc;
    bi.remote_port = au.port;
    rc = evu_op(EVTCHNOP_bind_interdomain, &bi);
    *a = au.port;
    *b = bi.local_port;
    return rc;
}

static inline long evu_bind_virq(unsigned int virq, unsigned int vcpu,
                                 evtchn_port_t *port)
{
    struct evtchn_bind_virq b = {virq, vcpu, 0};
    long rc = evu_op(EVTCHNOP_bind_virq, &b);
    *port = b.port;
    return rc;
}

/* Locked bit operations on the shared page (the hypervisor writes it too;
 * a register bit offset addresses the whole bitmap). */
static inline int evu_test_and_clear(volatile unsigned long *bm, unsigned bit)
{
    unsigned char old;
    __asm__ volatile("lock btrq %2, %0; setc %1"
                     : "+m"(*bm), "=q"(old)
                     : "r"((unsigned long)bit)
                     : "memory");
    return old;
}

static inline void evu_set_bit(volatile unsigned long *bm, unsigned bit)
{
    __asm__ volatile("lock btsq %1, %0"
                     : "+m"(*bm)
                     : "r"((unsigned long)bit)
                     : "memory");
}

static inline int evu_test(const volatile unsigned long *bm, unsigned bit)
{
    return (bm[bit / 64] >> (bit % 64)) & 1;
}

/* The shared_info frame, mapped over a page of our own .bss. */
static unsigned char evu_shinfo_page[4096] __attribute__((aligned(4096)));
static volatile struct shared_info *evu_sh;
static volatile struct vcpu_info *evu_vi; /* moves with register_vcpu_info */

static inline long evu_map_shared_info(const struct start_info *si)
{
    unsigned long pte = si->shared_info | 0x67; /* P RW US A D */
    long rc = hypercall3(__HYPERVISOR_update_va_mapping,
                         (unsigned long)evu_shinfo_page, pte, UVMF_INVLPG);
    if (rc)
        return rc;
    evu_sh = (volatile struct shared_info *)evu_shinfo_page;
    evu_vi = &evu_sh->vcpu_info[0];
    return 0;
}

/* Drop whatever is pending for port and whatever the upcall flags say. */
static inline void evu_clear(evtchn_port_t port)
{
    evu_test_and_clear(evu_sh->evtchn_pending, port);
    evu_vi->evtchn_pending_sel = 0;
    evu_vi->evtchn_upcall_pending = 0;
}

static inline unsigned long evu_rdtsc(void)
{
    unsigned int lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return (unsigned long)hi << 32 | lo;
}

/* System time from the pvclock (Xen's formula, 128-bit product), retried
 * until the version is even and unchanged. */
static inline unsigned long evu_now(void)
{
    const volatile struct vcpu_time_info *t = &evu_vi->time;
    unsigned int v;
    unsigned long ns;
    do {
        v = t->version;
        __asm__ volatile("" ::: "memory");
        unsigned long d = evu_rdtsc() - t->tsc_timestamp;
        int shift = t->tsc_shift;
        d = shift < 0 ? d >> -shift : d << shift;
        ns = t->system_time +
             (unsigned long)(((unsigned __int128)d * t->tsc_to_system_mul) >>
                             32);
        __asm__ volatile("" ::: "memory");
    } while ((v & 1) || v != t->version);
    return ns;
}

/* SCHEDOP_poll on one port until the absolute time 'until' (0: none). */
static inline long evu_poll(evtchn_port_t port, unsigned long until)
{
    struct sched_poll p = {{0}, 1, until};
    set_xen_guest_handle(p.ports, &port);
    return HYPERVISOR_sched_op(SCHEDOP_poll, &p);
}

/*
 * The event upcall: Xen's frame { RCX, R11, RIP, CS, RFLAGS, RSP, SS }.
 * Save the caller-saved registers, scan like Linux's 2-level handler
 * (clear the upcall flag, take the selector, ack each pending unmasked
 * port), and leave through HYPERVISOR_iret with flags 0.
 */
#define EVU_LOG 64
static unsigned long evu_upcalls, evu_events;
static unsigned int evu_log[EVU_LOG];

__attribute__((used)) static void evu_upcall_scan(void)
{
    unsigned long sel;
    evu_vi->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&evu_vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = __builtin_ctzl(sel);
        unsigned long pend =
            evu_sh->evtchn_pending[w] & ~evu_sh->evtchn_mask[w];
        sel &= sel - 1;
        while (pend) {
            unsigned int port = w * 64 + __builtin_ctzl(pend);
            pend &= pend - 1;
            evu_test_and_clear(evu_sh->evtchn_pending, port);
            evu_log[evu_events++ % EVU_LOG] = port;
        }
    }
    evu_upcalls++;
}

__asm__(".pushsection .text\n"
        "evu_upcall_entry:\n"
        "    pop %rcx\n"
        "    pop %r11\n"
        "    push %rax; push %rcx; push %rdx; push %rsi; push %rdi\n"
        "    push %r8; push %r9; push %r10; push %r11\n"
        "    call evu_upcall_scan\n"
        "    pop %r11; pop %r10; pop %r9; pop %r8\n"
        "    pop %rdi; pop %rsi; pop %rdx; pop %rcx; pop %rax\n"
        "    pushq $0\n"
        "    jmp hypercall_page + 23 * 32\n"
        ".popsection\n");
extern char evu_upcall_entry[];

static inline long evu_register_upcall(void)
{
    struct callback_register r = {CALLBACKTYPE_event, 0,
                                  (unsigned long)evu_upcall_entry};
    return hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &r);
}

/* The last port the upcall consumed. */
static inline unsigned int evu_last(void)
{
    return evu_log[(evu_events - 1) % EVU_LOG];
}

#endif
