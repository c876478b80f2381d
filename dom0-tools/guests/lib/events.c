/* SPDX-License-Identifier: BSD-2-Clause */
/* Event channels for the sample guests: the 2-level upcall and waits. */
#include "guest.h"
#include "hypercall.h"

#define PTE_KERNEL_RW 0x67UL /* present, writable, user, accessed, dirty */
#define NR_PORTS      EVTCHN_2L_NR_CHANNELS
#define NR_WORDS      (NR_PORTS / 64)

volatile struct shared_info *guest_shared_info;
volatile struct vcpu_info *guest_vcpu_info;

/* The shared_info frame is the hypervisor's, not ours: map it over a
 * page of .bss (the frame that was there is simply dropped). */
static unsigned char shared_info_page[GUEST_PAGE_SIZE]
    __attribute__((aligned(GUEST_PAGE_SIZE)));

/*
 * Events the upcall took off the shared bitmaps and nobody consumed yet.
 * Waiters test-and-clear their port here, so an event that arrives before
 * anybody waits for it is not lost.
 */
static unsigned long fired[NR_WORDS];

extern char event_upcall_entry[];

static inline bool bit_test_and_clear(volatile unsigned long *bm,
                                      unsigned int bit)
{
    unsigned char old;

    /* Locked: the hypervisor sets bits in the same words concurrently. */
    __asm__ volatile("lock btrq %2, %0; setc %1"
                     : "+m"(bm[bit / 64]), "=q"(old)
                     : "r"((unsigned long)(bit % 64))
                     : "memory");
    return old;
}

/*
 * Called from event_upcall_entry with events masked. Like Linux's 2-level
 * handler: clear the upcall flag first (so an event raised during the
 * scan re-triggers), take the selector, then every pending unmasked port
 * of each selected word.
 */
void event_upcall(void);
void event_upcall(void)
{
    volatile struct shared_info *s = guest_shared_info;
    unsigned long sel;

    guest_vcpu_info->evtchn_upcall_pending = 0;
    sel = __atomic_exchange_n(&guest_vcpu_info->evtchn_pending_sel, 0,
                              __ATOMIC_SEQ_CST);
    while (sel) {
        unsigned int w = (unsigned int)__builtin_ctzl(sel);
        unsigned long pend = s->evtchn_pending[w] & ~s->evtchn_mask[w];

        sel &= sel - 1;
        while (pend) {
            unsigned int port = w * 64 + (unsigned int)__builtin_ctzl(pend);

            pend &= pend - 1;
            if (bit_test_and_clear(s->evtchn_pending, port))
                __atomic_or_fetch(&fired[w], 1UL << (port % 64),
                                  __ATOMIC_SEQ_CST);
        }
    }
}

/* Re-enable delivery; an event that came in while masked is delivered
 * now, on the way back from a harmless hypercall (Linux does the same). */
static void events_unmask(void)
{
    guest_vcpu_info->evtchn_upcall_mask = 0;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (guest_vcpu_info->evtchn_upcall_pending)
        HYPERVISOR_xen_version(XENVER_version, NULL);
}

int events_init(const struct start_info *si)
{
    struct callback_register cb = {
        .type = CALLBACKTYPE_event,
        .address = (unsigned long)event_upcall_entry,
    };
    long rc = HYPERVISOR_update_va_mapping((unsigned long)shared_info_page,
                                           si->shared_info | PTE_KERNEL_RW,
                                           UVMF_INVLPG);

    if (rc)
        return (int)rc;
    guest_shared_info = (volatile struct shared_info *)shared_info_page;
    guest_vcpu_info = &guest_shared_info->vcpu_info[0];
    rc = HYPERVISOR_callback_op(CALLBACKOP_register, &cb);
    if (rc)
        return (int)rc;
    /* The builder starts us masked; from here the upcall may run. */
    events_unmask();
    return 0;
}

/* A freshly bound port may start masked (Xen leaves that to the guest). */
static int evtchn_ready(long rc, evtchn_port_t port, evtchn_port_t *out)
{
    struct evtchn_unmask u = {.port = port};

    if (rc)
        return (int)rc;
    *out = port;
    return (int)HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &u);
}

int evtchn_bind_virq(unsigned int virq, evtchn_port_t *port)
{
    struct evtchn_bind_virq b = {.virq = virq, .vcpu = 0};
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &b);

    return evtchn_ready(rc, b.port, port);
}

int evtchn_alloc_unbound(domid_t remote, evtchn_port_t *port)
{
    struct evtchn_alloc_unbound a = {.dom = DOMID_SELF, .remote_dom = remote};
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a);

    return evtchn_ready(rc, a.port, port);
}

int evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port,
                            evtchn_port_t *port)
{
    struct evtchn_bind_interdomain b = {.remote_dom = remote,
                                        .remote_port = remote_port};
    long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &b);

    return evtchn_ready(rc, b.local_port, port);
}

int evtchn_send(evtchn_port_t port)
{
    struct evtchn_send s = {.port = port};

    return (int)HYPERVISOR_event_channel_op(EVTCHNOP_send, &s);
}

int evtchn_close(evtchn_port_t port)
{
    struct evtchn_close c = {.port = port};

    return (int)HYPERVISOR_event_channel_op(EVTCHNOP_close, &c);
}

bool evtchn_take(evtchn_port_t port)
{
    return port < NR_PORTS && bit_test_and_clear(fired, port);
}

/*
 * Check with events masked, then SCHEDOP_block, which unmasks and sleeps
 * in one step: an event that lands between our check and the block
 * still wakes us, and its upcall runs on the way back.
 */
unsigned int evtchn_wait(const evtchn_port_t *ports, unsigned int n)
{
    for (;;) {
        guest_vcpu_info->evtchn_upcall_mask = 1;
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        for (unsigned int i = 0; i < n; i++) {
            if (evtchn_take(ports[i])) {
                events_unmask();
                return i;
            }
        }
        HYPERVISOR_sched_op(SCHEDOP_block, NULL);
    }
}
